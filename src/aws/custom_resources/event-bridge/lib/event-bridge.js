'use strict';

// The rule, its target and (for a bus named by the event) the bus itself.

const { isError } = require('../../utils');
const { busName, targetId } = require('./utils');

const commands = () => require('@aws-sdk/client-eventbridge');

// A bus given by name is created (one that exists already is fine); an ARN names an existing bus.
async function createBus(events, eventBus) {
  if (!eventBus || String(eventBus).startsWith('arn')) return;
  try {
    await events.send(new (commands().CreateEventBusCommand)({ Name: eventBus }));
  } catch (error) {
    if (!isError(error, 'ResourceAlreadyExistsException')) throw error;
  }
}

async function deleteBus(events, eventBus) {
  if (!eventBus || String(eventBus).startsWith('arn')) return;
  try {
    await events.send(new (commands().DeleteEventBusCommand)({ Name: eventBus }));
  } catch (error) {
    if (!isError(error, 'ResourceNotFoundException')) throw error;
  }
}

function putRule(events, target) {
  return events.send(
    new (commands().PutRuleCommand)({
      Name: target.ruleName,
      EventBusName: busName(target.eventBus),
      ...(target.pattern && { EventPattern: JSON.stringify(target.pattern) }),
      ...(target.schedule && { ScheduleExpression: target.schedule }),
      State: target.state || 'ENABLED',
    })
  );
}

async function removeRule(events, target) {
  try {
    await events.send(
      new (commands().DeleteRuleCommand)({ Name: target.ruleName, EventBusName: busName(target.eventBus) })
    );
  } catch (error) {
    if (!isError(error, 'ResourceNotFoundException')) throw error;
  }
}

async function removeTarget(events, target) {
  try {
    await events.send(
      new (commands().RemoveTargetsCommand)({
        Rule: target.ruleName,
        EventBusName: busName(target.eventBus),
        Ids: [targetId(target.ruleName)],
      })
    );
  } catch (error) {
    if (!isError(error, 'ResourceNotFoundException')) throw error;
  }
}

// The function as the rule's only target of ours, with at most one of the input settings.
async function putTarget(events, target) {
  const entry = { Id: targetId(target.ruleName), Arn: target.lambdaArn };
  if (target.input) entry.Input = JSON.stringify(target.input);
  else if (target.inputPath) entry.InputPath = target.inputPath;
  else if (target.inputTransformer) entry.InputTransformer = target.inputTransformer;
  await removeTarget(events, target);
  return events.send(
    new (commands().PutTargetsCommand)({
      Rule: target.ruleName,
      EventBusName: busName(target.eventBus),
      Targets: [entry],
    })
  );
}

module.exports = { createBus, deleteBus, putRule, putTarget, removeRule, removeTarget };
