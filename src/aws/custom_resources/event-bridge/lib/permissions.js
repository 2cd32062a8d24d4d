'use strict';

// The Lambda permission letting one EventBridge rule invoke the function.

const { grantInvoke, revokeInvoke, statementId } = require('../../utils');
const { busName } = require('./utils');

// One statement per function and rule (lower-cased; '.', ':' and '*' left out of the id).
function ruleStatementId(functionName, ruleName) {
  return statementId(functionName, String(ruleName).toLowerCase().replace(/[.:*]/g, ''));
}

function ruleArn({ partition, region, accountId }, eventBus, ruleName) {
  const bus = busName(eventBus);
  const path = bus ? `${bus}/${ruleName}` : ruleName;
  return `arn:${partition}:events:${region}:${accountId}:rule/${path}`;
}

const allow = (lambda, target, environment) =>
  grantInvoke(lambda, target, {
    Principal: 'events.amazonaws.com',
    StatementId: ruleStatementId(target.functionName, target.ruleName),
    SourceArn: ruleArn(environment, target.eventBus, target.ruleName),
  });

const disallow = (lambda, target) =>
  revokeInvoke(lambda, target, ruleStatementId(target.functionName, target.ruleName));

module.exports = { allow, disallow, ruleArn, ruleStatementId };
