'use strict';
// Hooks an event of `sls logs`, a command sls runs no plugin hooks in yet.
module.exports = class ValidatorPlugin {
  constructor() {
    this.hooks = { 'before:logs:logs': () => {}, 'offline:start': () => {} };
  }
};
