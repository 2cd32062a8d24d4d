'use strict';

// Shared by the sls custom resource handlers: the reply to CloudFormation and small helpers.

const https = require('https');

const MAX_AWS_REQUEST_TRY = (() => {
  const value = Number(process.env.SLS_AWS_REQUEST_MAX_RETRIES);
  return value >= 0 ? value : 8;
})();

// partition, region, account and name of the running function, from its ARN.
function environmentOf(context) {
  const match = /^arn:(aws[\w-]*):lambda:([\w-]+):(\d+):function:([^:]+)/.exec(
    context.invokedFunctionArn
  );
  if (!match) throw new Error(`Unexpected function ARN ${context.invokedFunctionArn}`);
  const [, partition, region, accountId, functionName] = match;
  return { partition, region, accountId, functionName };
}

// PUTs the result to the pre-signed S3 URL CloudFormation waits on.
function reply(event, context, status, data, error) {
  const body = JSON.stringify({
    Status: status,
    Reason: error
      ? `${error.message} (see CloudWatch Logs stream ${context.logStreamName})`
      : '',
    PhysicalResourceId: event.PhysicalResourceId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    Data: data || {},
  });
  console.log(`Replying to CloudFormation: ${body}`);
  const url = new URL(event.ResponseURL);
  return new Promise((resolve, reject) => {
    const request = https.request(
      {
        hostname: url.hostname,
        port: url.port || 443,
        path: `${url.pathname}${url.search}`,
        method: 'PUT',
        headers: { 'Content-Type': '', 'Content-Length': Buffer.byteLength(body) },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve());
      }
    );
    request.on('error', reject);
    request.end(body);
  });
}

// Wraps `work(event, context)` so that CloudFormation always gets an answer, under a fixed
// physical id (the resource is never replaced).
function customResource(physicalResourceId, work) {
  return async (event, context) => {
    const request = { ...event, PhysicalResourceId: physicalResourceId };
    try {
      const data = await work(request, context);
      await reply(request, context, 'SUCCESS', data);
      return data;
    } catch (error) {
      console.error(error);
      await reply(request, context, 'FAILED', {}, error);
      throw error;
    }
  };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// The ARN a trigger invokes: the function, or its alias (`qualifier`).
function lambdaArn({ partition, region, accountId }, functionName, qualifier) {
  const arn = `arn:${partition}:lambda:${region}:${accountId}:function:${functionName}`;
  return qualifier ? `${arn}:${qualifier}` : arn;
}

// Whether an AWS SDK error has one of the given codes.
function isError(error, ...codes) {
  return Boolean(error) && [error.name, error.Code, error.code].some((c) => codes.includes(c));
}

// A permission statement id: "<function>-<target>", at most 100 characters.
function statementId(functionName, target) {
  return `${functionName}-${target}`.slice(0, 100);
}

// The Lambda commands, loaded when a handler first needs them (the SDK comes with the runtime).
const lambdaCommands = () => require('@aws-sdk/client-lambda');

// lambda:RemovePermission of statement `StatementId` on the target ({functionName, qualifier});
// a statement already gone is fine.
async function revokeInvoke(lambda, { functionName, qualifier }, StatementId) {
  try {
    await lambda.send(
      new (lambdaCommands().RemovePermissionCommand)({
        FunctionName: functionName,
        ...(qualifier && { Qualifier: qualifier }),
        StatementId,
      })
    );
  } catch (error) {
    if (!isError(error, 'ResourceNotFoundException')) throw error;
  }
}

// lambda:AddPermission letting `statement.Principal` invoke the target; a statement with the same
// id (an earlier deployment) is replaced.
async function grantInvoke(lambda, target, statement) {
  const { AddPermissionCommand } = lambdaCommands();
  const input = {
    Action: 'lambda:InvokeFunction',
    FunctionName: target.functionName,
    ...(target.qualifier && { Qualifier: target.qualifier }),
    ...statement,
  };
  try {
    await lambda.send(new AddPermissionCommand(input));
  } catch (error) {
    if (!isError(error, 'ResourceConflictException')) throw error;
    await revokeInvoke(lambda, target, statement.StatementId);
    await lambda.send(new AddPermissionCommand(input));
  }
}

// The handler of a custom resource wiring one function to an existing resource: `spec` gives
// clients(options), targetOf(properties, environment) and create/update/remove(clients,
// environment, target[, oldTarget]).
function targetHandler(spec) {
  return async (event, context) => {
    const environment = environmentOf(context);
    const clients = spec.clients({ region: environment.region, maxAttempts: MAX_AWS_REQUEST_TRY });
    const target = spec.targetOf(event.ResourceProperties, environment);
    switch (event.RequestType) {
      case 'Create':
        await spec.create(clients, environment, target);
        return null;
      case 'Update': {
        const old =
          event.OldResourceProperties && spec.targetOf(event.OldResourceProperties, environment);
        await spec.update(clients, environment, target, old);
        return null;
      }
      case 'Delete':
        await spec.remove(clients, environment, target);
        return null;
      default:
        throw new Error(`Unhandled RequestType ${event.RequestType}`);
    }
  };
}

const sameFunction = (a, b) => a.functionName === b.functionName && a.qualifier === b.qualifier;

module.exports = {
  MAX_AWS_REQUEST_TRY,
  customResource,
  environmentOf,
  grantInvoke,
  isError,
  lambdaArn,
  reply,
  revokeInvoke,
  sameFunction,
  sleep,
  statementId,
  targetHandler,
};
