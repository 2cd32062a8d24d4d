'use strict';
// Runs sls's api-gateway-cloud-watch-role handler (src/aws/custom_resources) under Node.js
// with the AWS SDK v3 clients replaced by recorders and https.request answering locally:
//   node tests/custom_resources/handler_test.js
// Exits 1 on the first failed check.

const assert = require('assert');
const Module = require('module');
const path = require('path');
const { EventEmitter } = require('events');
const https = require('https');

const calls = [];
let account = {};
let attached = null; // null: the role does not exist
let updateFailures = 0;

class Client {
  constructor(options) {
    this.options = options;
  }
  async send(command) {
    calls.push([command.constructor.name, command.input]);
    switch (command.constructor.name) {
      case 'GetAccountCommand':
        return account;
      case 'UpdateAccountCommand':
        if (updateFailures > 0) {
          updateFailures -= 1;
          throw new Error('role not ready');
        }
        account = { cloudwatchRoleArn: command.input.patchOperations[0].value };
        return {};
      case 'ListAttachedRolePoliciesCommand':
        if (attached === null) {
          const error = new Error('The role with name x cannot be found.');
          error.name = 'NoSuchEntityException';
          throw error;
        }
        return { AttachedPolicies: attached };
      case 'CreateRoleCommand':
        attached = [];
        return {};
      case 'AttachRolePolicyCommand':
        attached.push({ PolicyArn: command.input.PolicyArn });
        return {};
      default:
        throw new Error(`unexpected ${command.constructor.name}`);
    }
  }
}
const command = (name) =>
  ({
    [name]: class {
      constructor(input) {
        this.input = input;
      }
    },
  })[name];
const stubs = {
  '@aws-sdk/client-api-gateway': {
    APIGatewayClient: Client,
    GetAccountCommand: command('GetAccountCommand'),
    UpdateAccountCommand: command('UpdateAccountCommand'),
  },
  '@aws-sdk/client-iam': {
    IAMClient: Client,
    AttachRolePolicyCommand: command('AttachRolePolicyCommand'),
    CreateRoleCommand: command('CreateRoleCommand'),
    ListAttachedRolePoliciesCommand: command('ListAttachedRolePoliciesCommand'),
  },
};
const originalLoad = Module._load;
Module._load = function load(request, ...rest) {
  return stubs[request] || originalLoad.call(this, request, ...rest);
};

const replies = [];
https.request = (options, onResponse) => {
  const request = new EventEmitter();
  let body = '';
  request.end = (data) => {
    body += data || '';
    replies.push({ options, body: JSON.parse(body) });
    const response = new EventEmitter();
    response.resume = () => setImmediate(() => response.emit('end'));
    onResponse(response);
  };
  return request;
};

const dir = path.join(__dirname, '../../src/aws/custom_resources');
const utils = require(path.join(dir, 'utils.js'));
const realSleep = utils.sleep;
const { handler } = require(path.join(dir, 'api-gateway-cloud-watch-role/handler.js'));

const context = {
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:svc-dev-custom-resource-apigw-cw-role',
  logStreamName: 'stream',
};
const event = (type, properties = {}) => ({
  RequestType: type,
  ResponseURL: 'https://cloudformation-custom-resource-response.s3.amazonaws.com/key?sig=1',
  StackId: 'stack',
  RequestId: 'req',
  LogicalResourceId: 'CustomApiGatewayAccountCloudWatchRole',
  ResourceProperties: { ServiceToken: 'arn', ...properties },
});

(async () => {
  console.log = () => {};
  console.error = () => {};
  // Create without RoleArn: the default role is created, given the policy and set.
  await handler(event('Create'), context);
  assert.deepStrictEqual(
    calls.map((c) => c[0]),
    [
      'GetAccountCommand',
      'ListAttachedRolePoliciesCommand',
      'CreateRoleCommand',
      'AttachRolePolicyCommand',
      'UpdateAccountCommand',
    ]
  );
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
  calls.length = 0;
  await handler(event('Update'), context);
  assert.deepStrictEqual(
    calls.map((c) => c[0]),
    ['GetAccountCommand', 'ListAttachedRolePoliciesCommand']
  );

  // Update to a given RoleArn: set without touching IAM, retried while refused.
  calls.length = 0;
  updateFailures = 1;
  utils.sleep = async () => {};
  await handler(event('Update', { RoleArn: 'arn:aws:iam::123456789012:role/mine' }), context);
  assert.strictEqual(account.cloudwatchRoleArn, 'arn:aws:iam::123456789012:role/mine');
  assert.deepStrictEqual(
    calls.map((c) => c[0]),
    ['GetAccountCommand', 'UpdateAccountCommand', 'UpdateAccountCommand']
  );

  // Delete: no AWS call, SUCCESS.
  calls.length = 0;
  replies.length = 0;
  await handler(event('Delete'), context);
  assert.deepStrictEqual(calls, []);
  assert.strictEqual(replies[0].body.Status, 'SUCCESS');

  // A failure is reported to CloudFormation as FAILED with the reason.
  replies.length = 0;
  await assert.rejects(handler(event('Bogus'), context));
  assert.strictEqual(replies[0].body.Status, 'FAILED');
  assert.match(replies[0].body.Reason, /Unhandled RequestType Bogus/);
  utils.sleep = realSleep;
  process.stdout.write('custom resource handler: all checks passed\n');
})().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
