'use strict';
// Hooks an event of `sls metrics`, a command sls runs no plugin hooks in yet.
module.exports = class ValidatorPlugin {
  constructor() {
    this.hooks = { 'before:metrics:metrics': () => {}, 'offline:start': () => {} };
  }
};
