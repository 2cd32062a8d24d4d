'use strict';

// The Lambda permission letting S3 notifications from one bucket invoke the function.

const { grantInvoke, revokeInvoke, statementId } = require('../../utils');

// One statement per function and bucket ('.', ':' and '*' left out of the id).
function bucketStatementId(functionName, bucketName) {
  return statementId(functionName, String(bucketName).replace(/[.:*]/g, ''));
}

const allow = (lambda, target, { partition, accountId }) =>
  grantInvoke(lambda, target, {
    Principal: 's3.amazonaws.com',
    StatementId: bucketStatementId(target.functionName, target.bucketName),
    SourceArn: `arn:${partition}:s3:::${target.bucketName}`,
    SourceAccount: accountId,
  });

const disallow = (lambda, target) =>
  revokeInvoke(lambda, target, bucketStatementId(target.functionName, target.bucketName));

module.exports = { allow, bucketStatementId, disallow };
