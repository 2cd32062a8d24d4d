'use strict';
// A minimal provider plugin, shaped like serverless-google-cloudfunctions: an index that adds
// its provider and its package part through pluginManager.addPlugin.
const path = require('path');

class AcmeProvider {
  static getProviderName() { return 'acme'; }

  constructor(serverless) {
    this.serverless = serverless;
    this.provider = this;
    serverless.setProvider('acme', this);
    serverless.configSchemaHandler.defineProvider('acme', {
      provider: { properties: { account: { type: 'string' } } },
      function: { properties: { handler: { type: 'string' }, memory: { type: 'number' }, package: { type: 'object' } } },
      functionEvents: { queue: { type: 'string' } },
    });
  }
}

class AcmePackage {
  constructor(serverless, options) {
    this.serverless = serverless;
    this.options = options;
    this.provider = serverless.getProvider('acme');
    serverless.configSchemaHandler.defineFunctionEvent('acme', 'web', { type: 'object' });
    serverless.configSchemaHandler.defineFunctionEvent('aws', 'notForAcme', { type: 'object' });
    const dir = () => path.join(serverless.config.servicePath, '.serverless');
    this.hooks = {
      'package:cleanup': () => {
        this.serverless.cli.log('acme: cleanup');
      },
      'before:package:initialize': () => {
        const base = serverless.utils.readFileSync(path.join(__dirname, 'base.yml'));
        base.resources[0].name = `${serverless.service.service}-${serverless.service.provider.stage}-storage`;
        serverless.service.provider.acmeTemplate = base;
        serverless.utils.writeFileSync(path.join(dir(), 'acme-create.yml'), base);
      },
      'package:compileFunctions': () => {
        const service = serverless.service;
        const template = service.provider.acmeTemplate;
        const relative = (p) => path.relative(serverless.config.servicePath, p);
        for (const name of service.getAllFunctions()) {
          const fn = service.getFunction(name);
          const artifact = (fn.package && fn.package.artifact) || service.package.artifact;
          const event = service.getAllEventsInFunction(name)[0];
          template.resources.push({
            type: 'acme.function',
            name: fn.name,
            handler: fn.handler,
            memory: fn.memory || 128,
            account: service.provider.account,
            artifact: relative(artifact),
            trigger: event,
          });
        }
      },
      'after:package:finalize': () => {
        const template = serverless.service.provider.acmeTemplate;
        serverless.utils.writeFileSync(path.join(dir(), 'acme-update.yml'), template);
        serverless.utils.writeFileSync(path.join(dir(), 'acme-update.json'), template);
      },
    };
  }
}

class AcmeIndex {
  constructor(serverless) {
    serverless.pluginManager.addPlugin(AcmeProvider);
    serverless.pluginManager.addPlugin(AcmePackage);
  }
}

module.exports = AcmeIndex;
