'use strict';
// Runs sls's s3 handler (Custom::S3, existing buckets) against a recorded S3 and Lambda
// (harness.js): node tests/custom_resources/s3_handler_test.js. Exits 1 on a failed check.

const assert = require('assert');
const crypto = require('crypto');
const h = require('./harness');

// The fake AWS: buckets' notification configurations and the functions' permission statements.
const buckets = {};
const statements = new Map(); // "<function>[:qualifier]/<sid>" -> input

const permissionsOf = h.lambdaPermissions(statements);
h.respond((name, input) => {
  const permission = permissionsOf(name, input);
  if (permission) return permission;
  switch (name) {
    case 'GetBucketNotificationConfigurationCommand':
      if (!buckets[input.Bucket]) throw h.awsError('NoSuchBucket');
      return { $metadata: { httpStatusCode: 200 }, ...JSON.parse(JSON.stringify(buckets[input.Bucket])) };
    case 'PutBucketNotificationConfigurationCommand':
      buckets[input.Bucket] = input.NotificationConfiguration;
      return {};
    default:
      throw new Error(`unexpected ${name}`);
  }
});

const { handler } = h.load('s3/handler.js');
const context = h.context('svc-dev-custom-resource-existing-s3');
const event = (type, properties, old) => h.event(type, 'UploadsCustomS31', properties, old);
const md5 = (value) => crypto.createHash('md5').update(JSON.stringify(value)).digest('hex');

const put = { Event: 's3:ObjectCreated:Put', Rules: [{ Prefix: 'in/' }, { Suffix: '.jpg' }] };
const removed = { Event: 's3:ObjectRemoved:*', Rules: [] };
const properties = {
  FunctionName: 'svc-dev-uploads',
  BucketName: 'legacy.uploads',
  BucketConfigs: [put, removed],
};
const arn = 'arn:aws:lambda:eu-west-1:123456789012:function:svc-dev-uploads';
const other = {
  Id: 'someone-else',
  LambdaFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:other',
  Events: ['s3:ObjectCreated:*'],
};
const queue = { Id: 'q', QueueArn: 'arn:aws:sqs:eu-west-1:123456789012:q', Events: ['s3:ObjectCreated:*'] };

h.run('s3 handler', async () => {
  buckets['legacy.uploads'] = { LambdaFunctionConfigurations: [other], QueueConfigurations: [queue] };

  // Create: S3 may invoke the function; its two configurations join the bucket's others.
  await handler(event('Create', properties), context);
  assert.deepStrictEqual(h.names(), [
    'AddPermissionCommand',
    'GetBucketNotificationConfigurationCommand',
    'PutBucketNotificationConfigurationCommand',
  ]);
  assert.deepStrictEqual(h.calls[0][1], {
    Action: 'lambda:InvokeFunction',
    FunctionName: 'svc-dev-uploads',
    Principal: 's3.amazonaws.com',
    StatementId: 'svc-dev-uploads-legacyuploads',
    SourceArn: 'arn:aws:s3:::legacy.uploads',
    SourceAccount: '123456789012',
  });
  assert.deepStrictEqual(buckets['legacy.uploads'], {
    QueueConfigurations: [queue],
    LambdaFunctionConfigurations: [
      other,
      {
        Id: `svc-dev-uploads-${md5(put)}`,
        LambdaFunctionArn: arn,
        Events: ['s3:ObjectCreated:Put'],
        Filter: {
          Key: {
            FilterRules: [
              { Name: 'prefix', Value: 'in/' },
              { Name: 'suffix', Value: '.jpg' },
            ],
          },
        },
      },
      { Id: `svc-dev-uploads-${md5(removed)}`, LambdaFunctionArn: arn, Events: ['s3:ObjectRemoved:*'] },
    ],
  });
  assert.strictEqual(h.replies[0].body.Status, 'SUCCESS');
  assert.strictEqual(h.replies[0].body.PhysicalResourceId, 'CustomResourceExistingS3');

  // Create again (a stack re-created): the old statement is replaced, the configurations too.
  h.reset();
  await handler(event('Create', properties), context);
  assert.deepStrictEqual(h.names(), [
    'AddPermissionCommand',
    'RemovePermissionCommand',
    'AddPermissionCommand',
    'GetBucketNotificationConfigurationCommand',
    'PutBucketNotificationConfigurationCommand',
  ]);
  assert.strictEqual(buckets['legacy.uploads'].LambdaFunctionConfigurations.length, 3);

  // Update, same function and bucket, one event less (forceDeploy): no permission change.
  h.reset();
  const fewer = { ...properties, BucketConfigs: [removed], ForceDeploy: '2' };
  await handler(event('Update', fewer, properties), context);
  assert.deepStrictEqual(h.names(), [
    'GetBucketNotificationConfigurationCommand',
    'PutBucketNotificationConfigurationCommand',
  ]);
  assert.deepStrictEqual(
    buckets['legacy.uploads'].LambdaFunctionConfigurations.map((c) => c.Id),
    ['someone-else', `svc-dev-uploads-${md5(removed)}`]
  );

  // Update to another bucket and the provisioned alias: the new bucket and statement are set,
  // the old bucket is cleaned and its statement removed.
  h.reset();
  buckets['new-bucket'] = {};
  const moved = { ...fewer, BucketName: 'new-bucket', FunctionQualifier: 'provisioned' };
  await handler(event('Update', moved, fewer), context);
  assert.deepStrictEqual(h.calls[0][1].Qualifier, 'provisioned');
  assert.deepStrictEqual(buckets['new-bucket'].LambdaFunctionConfigurations, [
    {
      Id: `svc-dev-uploads-${md5(removed)}`,
      LambdaFunctionArn: `${arn}:provisioned`,
      Events: ['s3:ObjectRemoved:*'],
    },
  ]);
  assert.deepStrictEqual(buckets['legacy.uploads'].LambdaFunctionConfigurations, [other]);
  assert.deepStrictEqual([...statements.keys()], ['svc-dev-uploads:provisioned/svc-dev-uploads-new-bucket']);

  // Delete: the statement and the function's configurations go; a missing bucket is fine.
  h.reset();
  await handler(event('Delete', moved), context);
  assert.deepStrictEqual(buckets['new-bucket'].LambdaFunctionConfigurations, []);
  assert.strictEqual(statements.size, 0);
  h.reset();
  delete buckets['new-bucket'];
  await handler(event('Delete', moved), context);
  assert.strictEqual(h.replies[0].body.Status, 'SUCCESS');

  // A bucket that does not exist on Create fails the resource.
  h.reset();
  await assert.rejects(handler(event('Create', { ...properties, BucketName: 'gone' }), context));
  assert.strictEqual(h.replies[0].body.Status, 'FAILED');
  assert.match(h.replies[0].body.Reason, /NoSuchBucket/);
});
