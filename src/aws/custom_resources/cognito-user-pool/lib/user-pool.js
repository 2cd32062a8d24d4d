'use strict';

// The pool's LambdaConfig: the function's triggers are replaced, the other triggers and every
// other setting of the pool are kept (UpdateUserPool resets what it is not given, so the
// pool's current settings are sent back with it).

const {
  DescribeUserPoolCommand,
  ListUserPoolsCommand,
  UpdateUserPoolCommand,
} = require('@aws-sdk/client-cognito-identity-provider');

const CUSTOM_SENDERS = ['CustomSMSSender', 'CustomEmailSender'];

// The settings of DescribeUserPool's answer that UpdateUserPool takes back.
const UPDATABLE = [
  'Policies',
  'DeletionProtection',
  'AutoVerifiedAttributes',
  'SmsVerificationMessage',
  'EmailVerificationMessage',
  'EmailVerificationSubject',
  'VerificationMessageTemplate',
  'SmsAuthenticationMessage',
  'UserAttributeUpdateSettings',
  'MfaConfiguration',
  'DeviceConfiguration',
  'EmailConfiguration',
  'SmsConfiguration',
  'UserPoolTags',
  'AdminCreateUserConfig',
  'UserPoolAddOns',
  'AccountRecoverySetting',
  'UserPoolTier',
];

// The pool named `name` (the first one, as ListUserPools lists them), or null.
async function findByName(cognito, name) {
  let NextToken;
  do {
    const page = await cognito.send(new ListUserPoolsCommand({ MaxResults: 60, NextToken }));
    const match = (page.UserPools || []).find((pool) => pool.Name === name);
    if (match) return match;
    NextToken = page.NextToken;
  } while (NextToken);
  return null;
}

// `lambdaConfig` without the triggers that invoke one of `arns`.
function withoutFunctions(lambdaConfig, arns) {
  const config = {};
  for (const [key, value] of Object.entries(lambdaConfig || {})) {
    const arn = value && typeof value === 'object' ? value.LambdaArn : value;
    if (key === 'KMSKeyID' || !arns.includes(arn)) config[key] = value;
  }
  if (!CUSTOM_SENDERS.some((sender) => sender in config)) delete config.KMSKeyID;
  return config;
}

// `lambdaConfig` with the triggers of `userPoolConfigs` invoking `arn`.
function withTriggers(lambdaConfig, userPoolConfigs, arn) {
  const config = { ...lambdaConfig };
  for (const { Trigger, LambdaVersion, KMSKeyID } of userPoolConfigs || []) {
    if (CUSTOM_SENDERS.includes(Trigger)) {
      config[Trigger] = { LambdaArn: arn, LambdaVersion: LambdaVersion || 'V1_0' };
      config.KMSKeyID = KMSKeyID;
    } else if (Trigger === 'PreTokenGeneration' && LambdaVersion) {
      config.PreTokenGenerationConfig = { LambdaArn: arn, LambdaVersion };
      delete config.PreTokenGeneration;
    } else {
      config[Trigger] = arn;
      if (Trigger === 'PreTokenGeneration') delete config.PreTokenGenerationConfig;
    }
  }
  return config;
}

// UpdateUserPool's input keeping the pool's current settings.
function updateInput(pool, LambdaConfig) {
  const input = { UserPoolId: pool.Id, LambdaConfig };
  for (const key of UPDATABLE) if (pool[key] !== undefined) input[key] = pool[key];
  const admin = input.AdminCreateUserConfig;
  if (admin && admin.UnusedAccountValidityDays !== undefined) {
    // Deprecated in favour of the password policy's TemporaryPasswordValidityDays.
    const { UnusedAccountValidityDays, ...rest } = admin;
    input.AdminCreateUserConfig = rest;
    const passwordPolicy = (input.Policies && input.Policies.PasswordPolicy) || {};
    if (passwordPolicy.TemporaryPasswordValidityDays === undefined) {
      input.Policies = {
        ...input.Policies,
        PasswordPolicy: { ...passwordPolicy, TemporaryPasswordValidityDays: UnusedAccountValidityDays },
      };
    }
  }
  return input;
}

// Rewrites the LambdaConfig of the pool named `name` with `edit`; false when there is no such pool.
async function rewrite(cognito, name, edit) {
  const found = await findByName(cognito, name);
  if (!found) return false;
  const { UserPool } = await cognito.send(new DescribeUserPoolCommand({ UserPoolId: found.Id }));
  await cognito.send(new UpdateUserPoolCommand(updateInput(UserPool, edit(UserPool.LambdaConfig))));
  return true;
}

// The target's triggers on its pool, replacing those invoking it (or `formerArns`).
async function apply(cognito, target, formerArns = []) {
  const arns = [target.lambdaArn, ...formerArns];
  const done = await rewrite(cognito, target.userPoolName, (config) =>
    withTriggers(withoutFunctions(config, arns), target.userPoolConfigs, target.lambdaArn)
  );
  if (!done) throw new Error(`Could not find Cognito User Pool "${target.userPoolName}"`);
}

// The target's triggers off its pool (a pool that is gone has none).
function clear(cognito, target) {
  return rewrite(cognito, target.userPoolName, (config) => withoutFunctions(config, [target.lambdaArn]));
}

module.exports = { apply, clear, findByName, updateInput, withTriggers, withoutFunctions };
