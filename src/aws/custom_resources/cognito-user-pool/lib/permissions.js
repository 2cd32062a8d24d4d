'use strict';

// The Lambda permission letting one user pool invoke the function.

const { grantInvoke, revokeInvoke, statementId } = require('../../utils');

// One statement per function and pool (lower-cased; '.', ':', '*' and spaces left out).
function poolStatementId(functionName, userPoolName) {
  return statementId(functionName, String(userPoolName).toLowerCase().replace(/[.:*\s]/g, ''));
}

const allow = (lambda, target, userPoolId, { partition, region, accountId }) =>
  grantInvoke(lambda, target, {
    Principal: 'cognito-idp.amazonaws.com',
    StatementId: poolStatementId(target.functionName, target.userPoolName),
    SourceArn: `arn:${partition}:cognito-idp:${region}:${accountId}:userpool/${userPoolId}`,
  });

const disallow = (lambda, target) =>
  revokeInvoke(lambda, target, poolStatementId(target.functionName, target.userPoolName));

module.exports = { allow, disallow, poolStatementId };
