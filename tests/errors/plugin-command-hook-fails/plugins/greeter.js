'use strict';
// A local plugin written for this test: a variable source (${greeting:ADDRESS}, reading
// custom.greetingPrefix), a package hook that spawns an entrypoint command of its own, commands
// with options (`sls hello`, nested `sls hello twice`, `sls whoami` calling provider.request,
// `sls repackage` spawning sls's package, `sls boom` whose hook throws).
class Greeter {
  constructor(serverless, options, { log, writeText }) {
    this.serverless = serverless;
    this.options = options;
    this.provider = serverless.getProvider('aws');
    this.log = log;
    this.writeText = writeText;
    this.configurationVariablesSources = {
      greeting: {
        async resolve({ address, params, resolveConfigurationProperty }) {
          const prefix = await resolveConfigurationProperty(['custom', 'greetingPrefix']);
          const text = `${prefix}-${address}`;
          return { value: params && params[0] === 'upper' ? text.toUpperCase() : text };
        },
      },
    };
    this.commands = {
      hello: {
        usage: 'Says hello',
        lifecycleEvents: ['greet'],
        options: {
          name: { usage: 'Who to greet', shortcut: 'n', type: 'string', required: true },
          shout: { usage: 'In capitals', type: 'boolean' },
        },
        commands: {
          twice: { usage: 'Says hello twice', lifecycleEvents: ['greet'], options: { name: { usage: 'Who', type: 'string' } } },
        },
      },
      whoami: { usage: 'Prints the AWS account', lifecycleEvents: ['show'] },
      repackage: { usage: 'Packages through pluginManager.spawn', lifecycleEvents: ['run'] },
      boom: { usage: 'Fails', lifecycleEvents: ['explode'] },
      greeter: {
        type: 'entrypoint',
        lifecycleEvents: [],
        commands: { stamp: { lifecycleEvents: ['add'] } },
      },
    };
    this.hooks = {
      initialize: () => this.log.notice('initialize hook'),
      'before:hello:greet': () => this.writeText('before hello:greet'),
      'hello:greet': () => this.greet(1),
      'after:hello:greet': () => this.writeText('after hello:greet'),
      'hello:twice:greet': () => this.greet(2),
      'whoami:show': () => this.whoami(),
      'repackage:run': () => this.repackage(),
      'boom:explode': () => { throw new this.serverless.classes.Error('The boom command always fails.'); },
      'package:compileEvents': () => this.serverless.pluginManager.spawn('greeter:stamp'),
      'greeter:stamp:add': () => this.stamp(),
    };
  }

  greet(times) {
    let text = `Hello, ${this.options.name || 'nobody'} (${this.serverless.service.provider.environment.GREETING})`;
    if (this.options.shout) text = text.toUpperCase();
    for (let i = 0; i < times; i += 1) this.writeText(text);
  }

  async whoami() {
    const identity = await this.provider.request('STS', 'getCallerIdentity', {});
    this.writeText(`account ${identity.Account}`);
  }

  async repackage() {
    await this.serverless.pluginManager.spawn('package');
    const resources = this.serverless.service.provider.compiledCloudFormationTemplate.Resources;
    this.writeText(`packaged, stamp ${resources.GreeterStamp ? 'present' : 'missing'}`);
  }

  stamp() {
    const template = this.serverless.service.provider.compiledCloudFormationTemplate;
    template.Resources.GreeterStamp = {
      Type: 'AWS::SSM::Parameter',
      Properties: { Type: 'String', Value: this.serverless.service.custom.shouted },
    };
  }
}
module.exports = Greeter;
