'use strict';
// A local plugin that refuses to package without its setting, as plugins do.
class NeedsSetting {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = { 'before:package:createDeploymentArtifacts': () => this.check() };
  }
  check() {
    const custom = this.serverless.service.custom || {};
    if (!custom.needsSetting) {
      throw new this.serverless.classes.Error('Set custom.needsSetting to use this plugin.', 'NEEDS_SETTING');
    }
  }
}
module.exports = NeedsSetting;
