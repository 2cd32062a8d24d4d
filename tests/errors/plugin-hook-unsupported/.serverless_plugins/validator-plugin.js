'use strict';
// Hooks an event of `sls package` sls does not run plugins at (osls's aws:common:validate).
module.exports = class ValidatorPlugin {
  constructor() {
    this.hooks = { 'after:aws:common:validate:validate': () => {}, 'offline:start': () => {} };
  }
};
