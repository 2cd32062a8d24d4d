'use strict';

// Custom::S3: the notifications of an existing bucket (s3 events with `existing: true`) for
// one function. Create and Update let S3 invoke the function and put the function's Lambda
// configurations on the bucket; Delete takes both away again. Other configurations of the
// bucket are left as they are.

const { LambdaClient } = require('@aws-sdk/client-lambda');
const { S3Client } = require('@aws-sdk/client-s3');
const bucket = require('./lib/bucket');
const permissions = require('./lib/permissions');
const { customResource, isError, lambdaArn, sameFunction, targetHandler } = require('../utils');

// A bucket that is gone, or that this role may no longer touch, has nothing left to clean.
function ignoreLostBucket(error) {
  if (isError(error, 'NoSuchBucket')) return;
  if (isError(error, 'AccessDenied')) {
    console.log('S3 notification cleanup denied; configurations may remain on the old bucket');
    return;
  }
  throw error;
}

async function update(clients, environment, target, old) {
  const sameTarget = old && sameFunction(target, old) && target.bucketName === old.bucketName;
  if (!sameTarget) await permissions.allow(clients.lambda, target, environment);
  const renamed = old && old.functionName !== target.functionName ? old.functionName : undefined;
  await bucket.apply(clients.s3, target, renamed);
  if (!old) return;
  if (old.bucketName !== target.bucketName) await bucket.clear(clients.s3, old).catch(ignoreLostBucket);
  const sharedStatement =
    sameFunction(target, old) &&
    permissions.bucketStatementId(old.functionName, old.bucketName) ===
      permissions.bucketStatementId(target.functionName, target.bucketName);
  if (!sameTarget && !sharedStatement) await permissions.disallow(clients.lambda, old);
}

const handle = targetHandler({
  clients: (options) => ({ lambda: new LambdaClient(options), s3: new S3Client(options) }),
  targetOf: ({ FunctionName, FunctionQualifier, BucketName, BucketConfigs }, environment) => ({
    functionName: FunctionName,
    qualifier: FunctionQualifier,
    bucketName: BucketName,
    bucketConfigs: BucketConfigs,
    lambdaArn: lambdaArn(environment, FunctionName, FunctionQualifier),
  }),
  async create(clients, environment, target) {
    await permissions.allow(clients.lambda, target, environment);
    await bucket.apply(clients.s3, target);
  },
  update,
  async remove(clients, environment, target) {
    await permissions.disallow(clients.lambda, target);
    await bucket.clear(clients.s3, target).catch(ignoreLostBucket);
  },
});

module.exports = { handler: customResource('CustomResourceExistingS3', handle), handle };
