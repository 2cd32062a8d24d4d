'use strict';
// Runs sls's api-gateway-cloud-watch-role handler (src/aws/custom_resources) under Node.js
// with the AWS SDK v3 clients replaced by recorders and https.request answering locally
// (harness.js):
//   node tests/custom_resources/handler_test.js
// Exits 1 on the first failed check.

const assert = require('assert');
const h = require('./harness');

let account = {};
let attached = null; // null: the role does not exist
let updateFailures = 0;

h.respond((name, input) => {
  switch (name) {
    case 'GetAccountCommand':
      return account;
    case 'UpdateAccountCommand':
      if (updateFailures > 0) {
        updateFailures -= 1;
        throw new Error('role not ready');
      }
      account = { cloudwatchRoleArn: input.patchOperations[0].value };
      return {};
    case 'ListAttachedRolePoliciesCommand':
      if (attached === null) {
        throw h.awsError('NoSuchEntityException', 'The role with name x cannot be found.');
      }
      return { AttachedPolicies: attached };
    case 'CreateRoleCommand':
      attached = [];
      return {};
    case 'AttachRolePolicyCommand':
      attached.push({ PolicyArn: input.PolicyArn });
      return {};
    default:
      throw new Error(`unexpected ${name}`);
  }
});

const utils = h.load('utils.js');
const realSleep = utils.sleep;
const { handler } = h.load('api-gateway-cloud-watch-role/handler.js');
const { calls, replies } = h;
const context = h.context('svc-dev-custom-resource-apigw-cw-role');
const event = (type, properties) =>
  h.event(type, 'CustomApiGatewayAccountCloudWatchRole', properties);

h.run('api-gateway-cloud-watch-role handler', async () => {
  // Create without RoleArn: the default role is created, given the policy and set.
  await handler(event('Create'), context);
  assert.deepStrictEqual(h.names(), [
    'GetAccountCommand',
    'ListAttachedRolePoliciesCommand',
    'CreateRoleCommand',
    'AttachRolePolicyCommand',
    'UpdateAccountCommand',
  ]);
  assert.strictEqual(
    account.cloudwatchRoleArn,
    'arn:aws:iam::123456789012:role/serverlessApiGatewayCloudWatchRole'
  );
  assert.strictEqual(
    calls[3][1].PolicyArn,
    'arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs'
  );
  assert.strictEqual(replies.length, 1);
  assert.strictEqual(replies[0].options.method, 'PUT');
  assert.strictEqual(replies[0].options.hostname, 'cloudformation-custom-resource-response.s3.amazonaws.com');
  assert.strictEqual(replies[0].options.path, '/key?sig=1');
  assert.strictEqual(replies[0].body.Status, 'SUCCESS');
  assert.strictEqual(replies[0].body.PhysicalResourceId, 'CustomResourceApiGatewayAccountCloudWatchRole');
  assert.strictEqual(replies[0].body.LogicalResourceId, 'CustomApiGatewayAccountCloudWatchRole');

  // Update with the same default role: nothing to change.
  h.reset();
  await handler(event('Update'), context);
  assert.deepStrictEqual(h.names(), ['GetAccountCommand', 'ListAttachedRolePoliciesCommand']);

  // Update to a given RoleArn: set without touching IAM, retried while refused.
  h.reset();
  updateFailures = 1;
  utils.sleep = async () => {};
  await handler(event('Update', { RoleArn: 'arn:aws:iam::123456789012:role/mine' }), context);
  assert.strictEqual(account.cloudwatchRoleArn, 'arn:aws:iam::123456789012:role/mine');
  assert.deepStrictEqual(h.names(), ['GetAccountCommand', 'UpdateAccountCommand', 'UpdateAccountCommand']);

  // Delete: no AWS call, SUCCESS.
  h.reset();
  await handler(event('Delete'), context);
  assert.deepStrictEqual(calls, []);
  assert.strictEqual(replies[0].body.Status, 'SUCCESS');

  // A failure is reported to CloudFormation as FAILED with the reason.
  h.reset();
  await assert.rejects(handler(event('Bogus'), context));
  assert.strictEqual(replies[0].body.Status, 'FAILED');
  assert.match(replies[0].body.Reason, /Unhandled RequestType Bogus/);
  utils.sleep = realSleep;
});
