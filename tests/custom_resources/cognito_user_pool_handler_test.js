'use strict';
// Runs sls's cognito-user-pool handler (Custom::CognitoUserPool, existing pools) against a
// recorded Cognito and Lambda (harness.js):
//   node tests/custom_resources/cognito_user_pool_handler_test.js
// Exits 1 on the first failed check.

const assert = require('assert');
const h = require('./harness');

// Pools (two pages of ListUserPools) and the functions' permission statements.
const pools = {
  'eu-west-1_other': { Id: 'eu-west-1_other', Name: 'Other', LambdaConfig: {} },
  'eu-west-1_legacy': {
    Id: 'eu-west-1_legacy',
    Name: 'Legacy Users',
    Arn: 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_legacy',
    Status: 'Enabled',
    CreationDate: new Date(0),
    EstimatedNumberOfUsers: 3,
    SchemaAttributes: [{ Name: 'email' }],
    Policies: { PasswordPolicy: { MinimumLength: 12 } },
    AdminCreateUserConfig: { AllowAdminCreateUserOnly: true, UnusedAccountValidityDays: 5 },
    MfaConfiguration: 'OFF',
    UserPoolTier: 'LITE',
    DeletionProtection: 'ACTIVE',
    LambdaConfig: { PostAuthentication: 'arn:aws:lambda:eu-west-1:123456789012:function:keep' },
  },
};
const statements = new Map();

const permissionsOf = h.lambdaPermissions(statements);
h.respond((name, input) => {
  const permission = permissionsOf(name, input);
  if (permission) return permission;
  switch (name) {
    case 'ListUserPoolsCommand': {
      const all = Object.values(pools).map(({ Id, Name }) => ({ Id, Name }));
      return input.NextToken ? { UserPools: all.slice(1) } : { UserPools: all.slice(0, 1), NextToken: 't' };
    }
    case 'DescribeUserPoolCommand':
      return { UserPool: JSON.parse(JSON.stringify(pools[input.UserPoolId])) };
    case 'UpdateUserPoolCommand':
      pools[input.UserPoolId].LambdaConfig = input.LambdaConfig;
      return {};
    default:
      throw new Error(`unexpected ${name}`);
  }
});

const { handler } = h.load('cognito-user-pool/handler.js');
const context = h.context('svc-dev-custom-resource-existing-cup');
const event = (type, properties, old) => h.event(type, 'SenderCustomCognitoUserPool1', properties, old);
const arn = 'arn:aws:lambda:eu-west-1:123456789012:function:svc-dev-sender';
const kms = 'arn:aws:kms:eu-west-1:123456789012:key/k';
const properties = {
  FunctionName: 'svc-dev-sender',
  UserPoolName: 'Legacy Users',
  UserPoolConfigs: [
    { Trigger: 'PreSignUp' },
    { Trigger: 'CustomEmailSender', LambdaVersion: 'V1_0', KMSKeyID: kms },
  ],
};
const keep = pools['eu-west-1_legacy'].LambdaConfig.PostAuthentication;

h.run('cognito-user-pool handler', async () => {
  // Create: the pool is found on the second page, may invoke the function, and gets its
  // triggers; the other trigger and the pool's settings are sent back.
  await handler(event('Create', properties), context);
  assert.deepStrictEqual(h.names(), [
    'ListUserPoolsCommand',
    'ListUserPoolsCommand',
    'AddPermissionCommand',
    'ListUserPoolsCommand',
    'ListUserPoolsCommand',
    'DescribeUserPoolCommand',
    'UpdateUserPoolCommand',
  ]);
  assert.deepStrictEqual(h.calls[2][1], {
    Action: 'lambda:InvokeFunction',
    FunctionName: 'svc-dev-sender',
    Principal: 'cognito-idp.amazonaws.com',
    StatementId: 'svc-dev-sender-legacyusers',
    SourceArn: 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_legacy',
  });
  assert.deepStrictEqual(h.calls[6][1], {
    UserPoolId: 'eu-west-1_legacy',
    LambdaConfig: {
      PostAuthentication: keep,
      PreSignUp: arn,
      CustomEmailSender: { LambdaArn: arn, LambdaVersion: 'V1_0' },
      KMSKeyID: kms,
    },
    Policies: { PasswordPolicy: { MinimumLength: 12, TemporaryPasswordValidityDays: 5 } },
    DeletionProtection: 'ACTIVE',
    MfaConfiguration: 'OFF',
    AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    UserPoolTier: 'LITE',
  });
  assert.strictEqual(h.replies[0].body.Status, 'SUCCESS');
  assert.strictEqual(h.replies[0].body.PhysicalResourceId, 'CustomResourceExistingCognitoUserPool');

  // Update of the triggers only: no permission change, the dropped triggers go (and the KMS
  // key with the last custom sender).
  h.reset();
  const fewer = { ...properties, UserPoolConfigs: [{ Trigger: 'CustomMessage' }], ForceDeploy: '9' };
  await handler(event('Update', fewer, properties), context);
  assert.ok(!h.names().includes('AddPermissionCommand'));
  assert.deepStrictEqual(pools['eu-west-1_legacy'].LambdaConfig, {
    PostAuthentication: keep,
    CustomMessage: arn,
  });

  // Update to the provisioned alias on another pool: new statement and triggers, the old pool
  // cleaned and the old statement removed.
  h.reset();
  const moved = { ...fewer, UserPoolName: 'Other', FunctionQualifier: 'provisioned' };
  await handler(event('Update', moved, fewer), context);
  assert.deepStrictEqual(pools['eu-west-1_other'].LambdaConfig, { CustomMessage: `${arn}:provisioned` });
  assert.deepStrictEqual(pools['eu-west-1_legacy'].LambdaConfig, { PostAuthentication: keep });
  assert.deepStrictEqual([...statements.keys()], ['svc-dev-sender:provisioned/svc-dev-sender-other']);

  // Delete: the statement and the triggers go.
  h.reset();
  await handler(event('Delete', moved), context);
  assert.deepStrictEqual(pools['eu-west-1_other'].LambdaConfig, {});
  assert.strictEqual(statements.size, 0);

  // Delete when the pool is gone: nothing to clean, SUCCESS.
  h.reset();
  await handler(event('Delete', { ...moved, UserPoolName: 'Gone' }), context);
  assert.strictEqual(h.replies[0].body.Status, 'SUCCESS');

  // Create on a pool that does not exist: FAILED, naming the pool.
  h.reset();
  await assert.rejects(handler(event('Create', { ...properties, UserPoolName: 'Gone' }), context));
  assert.strictEqual(h.replies[0].body.Status, 'FAILED');
  assert.match(h.replies[0].body.Reason, /Could not find Cognito User Pool "Gone"/);
});
