'use strict';

// Custom::CognitoUserPool: the triggers of an existing user pool (cognitoUserPool events with
// `existing: true`) for one function. Create and Update let the pool invoke the function and
// set the function's triggers in the pool's LambdaConfig; Delete takes both away again.

const { CognitoIdentityProviderClient } = require('@aws-sdk/client-cognito-identity-provider');
const { LambdaClient } = require('@aws-sdk/client-lambda');
const userPool = require('./lib/user-pool');
const permissions = require('./lib/permissions');
const { customResource, lambdaArn, sameFunction, targetHandler } = require('../utils');

async function allow(clients, target, environment) {
  const pool = await userPool.findByName(clients.cognito, target.userPoolName);
  if (!pool) throw new Error(`Could not find Cognito User Pool "${target.userPoolName}"`);
  await permissions.allow(clients.lambda, target, pool.Id, environment);
}

async function update(clients, environment, target, old) {
  const sameTarget = old && sameFunction(target, old) && target.userPoolName === old.userPoolName;
  if (!sameTarget) await allow(clients, target, environment);
  const samePool = old && old.userPoolName === target.userPoolName;
  await userPool.apply(clients.cognito, target, samePool ? [old.lambdaArn] : []);
  if (!old) return;
  if (!samePool) await userPool.clear(clients.cognito, old);
  const sharedStatement =
    sameFunction(target, old) &&
    permissions.poolStatementId(old.functionName, old.userPoolName) ===
      permissions.poolStatementId(target.functionName, target.userPoolName);
  if (!sameTarget && !sharedStatement) await permissions.disallow(clients.lambda, old);
}

const handle = targetHandler({
  clients: (options) => ({
    cognito: new CognitoIdentityProviderClient(options),
    lambda: new LambdaClient(options),
  }),
  targetOf: ({ FunctionName, FunctionQualifier, UserPoolName, UserPoolConfigs }, environment) => ({
    functionName: FunctionName,
    qualifier: FunctionQualifier,
    userPoolName: UserPoolName,
    userPoolConfigs: UserPoolConfigs,
    lambdaArn: lambdaArn(environment, FunctionName, FunctionQualifier),
  }),
  async create(clients, environment, target) {
    await allow(clients, target, environment);
    await userPool.apply(clients.cognito, target);
  },
  update,
  async remove(clients, environment, target) {
    await permissions.disallow(clients.lambda, target);
    await userPool.clear(clients.cognito, target);
  },
});

module.exports = {
  handler: customResource('CustomResourceExistingCognitoUserPool', handle),
  handle,
};
