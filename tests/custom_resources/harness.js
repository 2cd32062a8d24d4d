'use strict';
// What the custom resource handler tests share: the AWS SDK v3 clients replaced by a recorder
// (every command's name and input go to `calls`, answered by `respond`), https.request
// answering the CloudFormation reply locally (`replies`), and the handlers' Lambda context and
// CloudFormation events.

const Module = require('module');
const path = require('path');
const { EventEmitter } = require('events');
const https = require('https');

const calls = [];
const replies = [];
let responder = () => ({});

class Client {
  constructor(options) {
    this.options = options;
  }
  async send(command) {
    const name = command.constructor.name;
    calls.push([name, command.input]);
    return responder(name, command.input);
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

// A stub SDK module: its clients record, its commands carry their input.
function sdk(clients, commands) {
  const module = {};
  for (const name of clients) module[name] = Client;
  for (const name of commands) module[name] = command(name);
  return module;
}

const stubs = {
  '@aws-sdk/client-api-gateway': sdk(['APIGatewayClient'], ['GetAccountCommand', 'UpdateAccountCommand']),
  '@aws-sdk/client-iam': sdk(
    ['IAMClient'],
    ['AttachRolePolicyCommand', 'CreateRoleCommand', 'ListAttachedRolePoliciesCommand']
  ),
  '@aws-sdk/client-lambda': sdk(['LambdaClient'], ['AddPermissionCommand', 'RemovePermissionCommand']),
  '@aws-sdk/client-s3': sdk(
    ['S3Client'],
    ['GetBucketNotificationConfigurationCommand', 'PutBucketNotificationConfigurationCommand']
  ),
  '@aws-sdk/client-eventbridge': sdk(
    ['EventBridgeClient'],
    ['CreateEventBusCommand', 'DeleteEventBusCommand', 'DeleteRuleCommand', 'PutRuleCommand',
     'PutTargetsCommand', 'RemoveTargetsCommand']
  ),
  '@aws-sdk/client-cognito-identity-provider': sdk(
    ['CognitoIdentityProviderClient'],
    ['DescribeUserPoolCommand', 'ListUserPoolsCommand', 'UpdateUserPoolCommand']
  ),
};
const originalLoad = Module._load;
Module._load = function load(request, ...rest) {
  return stubs[request] || originalLoad.call(this, request, ...rest);
};

https.request = (options, onResponse) => {
  const request = new EventEmitter();
  request.end = (data) => {
    replies.push({ options, body: JSON.parse(data || '') });
    const response = new EventEmitter();
    response.resume = () => setImmediate(() => response.emit('end'));
    onResponse(response);
  };
  return request;
};

const handlersDir = path.join(__dirname, '../../src/aws/custom_resources');

// A Lambda that keeps permission statements in `statements` ("<function>[:qualifier]/<sid>"):
// answers AddPermission and RemovePermission as Lambda does, and returns undefined otherwise.
function lambdaPermissions(statements) {
  const key = (i) => `${i.FunctionName}${i.Qualifier ? `:${i.Qualifier}` : ''}/${i.StatementId}`;
  return (name, input) => {
    if (name === 'AddPermissionCommand') {
      if (statements.has(key(input))) throw module.exports.awsError('ResourceConflictException');
      statements.set(key(input), input);
      return {};
    }
    if (name === 'RemovePermissionCommand') {
      if (!statements.delete(key(input))) throw module.exports.awsError('ResourceNotFoundException');
      return {};
    }
    return undefined;
  };
}

module.exports = {
  calls,
  replies,
  // Answers each AWS call: fn(commandName, input) returns the reply or throws.
  respond(fn) {
    responder = fn;
  },
  reset() {
    calls.length = 0;
    replies.length = 0;
  },
  lambdaPermissions,
  load: (file) => require(path.join(handlersDir, file)),
  names: () => calls.map((c) => c[0]),
  awsError(name, message = name) {
    const error = new Error(message);
    error.name = name;
    return error;
  },
  context: (functionName) => ({
    invokedFunctionArn: `arn:aws:lambda:eu-west-1:123456789012:function:${functionName}`,
    logStreamName: 'stream',
  }),
  event: (type, logicalId, properties = {}, oldProperties) => ({
    RequestType: type,
    ResponseURL: 'https://cloudformation-custom-resource-response.s3.amazonaws.com/key?sig=1',
    StackId: 'stack',
    RequestId: 'req',
    LogicalResourceId: logicalId,
    ResourceProperties: { ServiceToken: 'arn', ...properties },
    ...(oldProperties && { OldResourceProperties: { ServiceToken: 'arn', ...oldProperties } }),
  }),
  // Runs the async checks; a failure is printed and exits 1.
  run(name, checks) {
    console.log = () => {};
    console.error = () => {};
    checks()
      .then(() => process.stdout.write(`${name}: all checks passed\n`))
      .catch((error) => {
        process.stderr.write(`${error.stack}\n`);
        process.exit(1);
      });
  },
};
