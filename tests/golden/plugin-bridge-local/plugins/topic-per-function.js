'use strict';
// A local plugin written for this test: a schema of its own (a top-level property, a function
// property and a function event), hooks before and after osls's steps that change the
// configuration and the template, and provider.naming.
class TopicPerFunction {
  constructor(serverless, options, { log }) {
    this.serverless = serverless;
    this.provider = serverless.getProvider('aws');
    this.log = log;
    const schema = serverless.configSchemaHandler;
    schema.defineTopLevelProperty('topicPerFunction', { type: 'object' });
    schema.defineFunctionProperties('aws', { properties: { alertsEmail: { type: 'string' } } });
    schema.defineFunctionEvent('aws', 'topicAlert', { type: 'object' });
    this.hooks = {
      'package:initialize': () => this.addEnvironment(),
      'package:compileEvents': () => this.addTopics(),
      'after:aws:package:finalize:mergeCustomProviderResources': () => this.addOutputs(),
    };
  }

  addEnvironment() {
    const service = this.serverless.service;
    for (const name of service.getAllFunctions()) {
      const fn = service.getFunction(name);
      fn.environment = Object.assign({}, fn.environment, { ALERT_TOPIC_OF: name });
    }
  }

  addTopics() {
    const service = this.serverless.service;
    const resources = service.provider.compiledCloudFormationTemplate.Resources;
    const prefix = this.serverless.configurationInput.topicPerFunction.displayPrefix;
    for (const name of service.getAllFunctions()) {
      const fn = service.getFunction(name);
      const alerts = service.getAllEventsInFunction(name).filter((e) => e.topicAlert);
      const id = `${this.provider.naming.getNormalizedFunctionName(name)}AlertTopic`;
      resources[id] = {
        Type: 'AWS::SNS::Topic',
        Properties: {
          DisplayName: `${prefix} ${fn.name}`,
          Tags: [{ Key: 'source', Value: service.custom.topicPerFunction.tagValue },
                 { Key: 'level', Value: alerts.length ? alerts[0].topicAlert.level : 'none' }],
        },
      };
      if (fn.alertsEmail) {
        resources[id].Properties.Subscription = [{ Protocol: 'email', Endpoint: fn.alertsEmail }];
      }
      resources[this.provider.naming.getLambdaLogicalId(name)].DependsOn.push(id);
    }
  }

  addOutputs() {
    const template = this.serverless.service.provider.compiledCloudFormationTemplate;
    template.Outputs.AlertStack = {
      Value: this.provider.naming.getStackName(),
      Description: `Region ${this.provider.getRegion()}, stage ${this.provider.getStage()}`,
    };
  }
}
module.exports = TopicPerFunction;
