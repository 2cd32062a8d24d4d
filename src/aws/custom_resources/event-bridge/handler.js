'use strict';

// Custom::EventBridge: an EventBridge rule (and, for a bus given by name, the bus) targeting one
// function, made by API calls instead of CloudFormation resources. Create makes the permission,
// the bus, the rule and the target; Update re-applies the rule and target (cleaning a renamed
// rule); Delete removes them again, and the bus when the event named it.

const { EventBridgeClient } = require('@aws-sdk/client-eventbridge');
const { LambdaClient } = require('@aws-sdk/client-lambda');
const eventBridge = require('./lib/event-bridge');
const permissions = require('./lib/permissions');
const { customResource, lambdaArn, targetHandler } = require('../utils');

async function apply(clients, target) {
  await eventBridge.putRule(clients.events, target);
  await eventBridge.putTarget(clients.events, target);
}

async function remove(clients, environment, target) {
  await permissions.disallow(clients.lambda, target);
  await eventBridge.removeTarget(clients.events, target);
  await eventBridge.removeRule(clients.events, target);
  await eventBridge.deleteBus(clients.events, target.eventBus);
}

const handle = targetHandler({
  clients: (options) => ({ events: new EventBridgeClient(options), lambda: new LambdaClient(options) }),
  targetOf: ({ FunctionName, EventBridgeConfig = {} }, environment) => ({
    functionName: FunctionName,
    ruleName: EventBridgeConfig.RuleName,
    eventBus: EventBridgeConfig.EventBus,
    pattern: EventBridgeConfig.Pattern,
    schedule: EventBridgeConfig.Schedule,
    state: EventBridgeConfig.State,
    input: EventBridgeConfig.Input,
    inputPath: EventBridgeConfig.InputPath,
    inputTransformer: EventBridgeConfig.InputTransformer,
    lambdaArn: lambdaArn(environment, FunctionName),
  }),
  async create(clients, environment, target) {
    await permissions.allow(clients.lambda, target, environment);
    await eventBridge.createBus(clients.events, target.eventBus);
    await apply(clients, target);
  },
  async update(clients, environment, target, old) {
    const moved = old && (old.ruleName !== target.ruleName || old.eventBus !== target.eventBus ||
                          old.functionName !== target.functionName);
    if (moved) {
      await permissions.allow(clients.lambda, target, environment);
      await eventBridge.createBus(clients.events, target.eventBus);
    }
    await apply(clients, target);
    if (moved) {
      await permissions.disallow(clients.lambda, old);
      await eventBridge.removeTarget(clients.events, old);
      await eventBridge.removeRule(clients.events, old);
    }
  },
  remove,
});

module.exports = {
  handler: customResource('CustomResourceEventBridge', handle),
  handle,
};
