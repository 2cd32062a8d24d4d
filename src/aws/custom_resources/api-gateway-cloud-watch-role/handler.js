'use strict';

// Custom::ApiGatewayAccountRole: gives the API Gateway account of this region a CloudWatch Logs
// role, so that REST API stages can write access and execution logs.

const {
  APIGatewayClient,
  GetAccountCommand,
  UpdateAccountCommand,
} = require('@aws-sdk/client-api-gateway');
const {
  IAMClient,
  AttachRolePolicyCommand,
  CreateRoleCommand,
  ListAttachedRolePoliciesCommand,
} = require('@aws-sdk/client-iam');
const utils = require('../utils');

const { MAX_AWS_REQUEST_TRY, customResource, environmentOf } = utils;

const DEFAULT_ROLE_NAME = 'serverlessApiGatewayCloudWatchRole';
const UPDATE_ATTEMPTS = 10;
const UPDATE_RETRY_DELAY_MS = 10000;

function isMissingRole(error) {
  return (
    (error && (error.name === 'NoSuchEntityException' || error.Code === 'NoSuchEntity')) ||
    /cannot be found/.test(String(error && error.message))
  );
}

// The default role, created and given the managed policy when needed.
async function ensureDefaultRole(iam, partition, accountId) {
  const policyArn = `arn:${partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs`;
  let attached = [];
  try {
    const listed = await iam.send(
      new ListAttachedRolePoliciesCommand({ RoleName: DEFAULT_ROLE_NAME })
    );
    attached = listed.AttachedPolicies || [];
  } catch (error) {
    if (!isMissingRole(error)) throw error;
    await iam.send(
      new CreateRoleCommand({
        RoleName: DEFAULT_ROLE_NAME,
        Path: '/',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: ['apigateway.amazonaws.com'] },
              Action: ['sts:AssumeRole'],
            },
          ],
        }),
      })
    );
  }
  if (!attached.some((policy) => policy.PolicyArn === policyArn)) {
    await iam.send(
      new AttachRolePolicyCommand({ RoleName: DEFAULT_ROLE_NAME, PolicyArn: policyArn })
    );
  }
  return `arn:${partition}:iam::${accountId}:role/${DEFAULT_ROLE_NAME}`;
}

// A role created a moment ago may be refused for a while: try again, 10 s apart.
async function setAccountRole(apiGateway, roleArn) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await apiGateway.send(
        new UpdateAccountCommand({
          patchOperations: [{ op: 'replace', path: '/cloudwatchRoleArn', value: roleArn }],
        })
      );
      return;
    } catch (error) {
      if (attempt >= UPDATE_ATTEMPTS) throw error;
      console.log(`UpdateAccount failed (${error.message}), retrying`);
      await utils.sleep(UPDATE_RETRY_DELAY_MS);
    }
  }
}

async function ensureAccountRole(event, context) {
  const { partition, region, accountId } = environmentOf(context);
  const options = { region, maxAttempts: MAX_AWS_REQUEST_TRY };
  const apiGateway = new APIGatewayClient(options);
  const current = (await apiGateway.send(new GetAccountCommand({}))).cloudwatchRoleArn;
  const wanted =
    event.ResourceProperties && event.ResourceProperties.RoleArn
      ? event.ResourceProperties.RoleArn
      : await ensureDefaultRole(new IAMClient(options), partition, accountId);
  if (wanted !== current) await setAccountRole(apiGateway, wanted);
  return null;
}

async function handle(event, context) {
  switch (event.RequestType) {
    case 'Create':
    case 'Update':
      return ensureAccountRole(event, context);
    case 'Delete':
      return null; // the account setting stays: other stacks may log through it
    default:
      throw new Error(`Unhandled RequestType ${event.RequestType}`);
  }
}

module.exports = {
  handler: customResource('CustomResourceApiGatewayAccountCloudWatchRole', handle),
  handle,
};
