'use strict';

// The bucket's notification configuration: the function's Lambda configurations are replaced,
// everything else on the bucket (other functions, queues, topics, EventBridge) is kept.

const crypto = require('crypto');
const {
  GetBucketNotificationConfigurationCommand,
  PutBucketNotificationConfigurationCommand,
} = require('@aws-sdk/client-s3');

// "<function>-<md5 of the config>": the id marks a configuration as the function's.
function configurationId(functionName, bucketConfig) {
  const digest = crypto.createHash('md5').update(JSON.stringify(bucketConfig)).digest('hex');
  return `${functionName}-${digest}`;
}

function isOwnedBy(configuration, functionName) {
  const id = configuration.Id || '';
  const prefix = `${functionName}-`;
  return id.startsWith(prefix) && /^[0-9a-f]{32}$/.test(id.slice(prefix.length));
}

// Rules [{Prefix: "a/"}, {Suffix: ".jpg"}] as an S3 key filter.
function filterOf(rules) {
  if (!Array.isArray(rules) || rules.length === 0) return undefined;
  const FilterRules = rules.map((rule) => {
    const [name] = Object.keys(rule);
    return { Name: name.toLowerCase(), Value: rule[name] };
  });
  return { Key: { FilterRules } };
}

function lambdaConfiguration(target, bucketConfig) {
  const filter = filterOf(bucketConfig.Rules);
  return {
    Id: configurationId(target.functionName, bucketConfig),
    LambdaFunctionArn: target.lambdaArn,
    Events: [bucketConfig.Event],
    ...(filter && { Filter: filter }),
  };
}

// Writes the bucket's configuration back with the Lambda configurations `edit` returns.
async function rewrite(s3, bucketName, edit) {
  const current = await s3.send(
    new GetBucketNotificationConfigurationCommand({ Bucket: bucketName })
  );
  const configuration = {};
  for (const key of ['TopicConfigurations', 'QueueConfigurations', 'EventBridgeConfiguration']) {
    if (current[key] !== undefined) configuration[key] = current[key];
  }
  configuration.LambdaFunctionConfigurations = edit(current.LambdaFunctionConfigurations || []);
  await s3.send(
    new PutBucketNotificationConfigurationCommand({
      Bucket: bucketName,
      NotificationConfiguration: configuration,
    })
  );
}

// The target's events on its bucket, replacing the ones of the function (and of
// `formerFunctionName`, the function an update renamed).
function apply(s3, target, formerFunctionName) {
  return rewrite(s3, target.bucketName, (configurations) => [
    ...configurations.filter(
      (c) =>
        !isOwnedBy(c, target.functionName) &&
        !(formerFunctionName && isOwnedBy(c, formerFunctionName))
    ),
    ...(target.bucketConfigs || []).map((config) => lambdaConfiguration(target, config)),
  ]);
}

// The function's configurations off the bucket.
function clear(s3, target) {
  return rewrite(s3, target.bucketName, (configurations) =>
    configurations.filter((c) => !isOwnedBy(c, target.functionName))
  );
}

module.exports = { apply, clear, configurationId, filterOf, isOwnedBy };
