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

module.exports = { MAX_AWS_REQUEST_TRY, customResource, environmentOf, reply, sleep };
