'use strict';

// Names the EventBridge custom resource derives from its configuration.

const crypto = require('crypto');

// The bus a rule lives on: the name itself, or the part after "/" of an ARN.
function busName(eventBus) {
  if (eventBus && String(eventBus).startsWith('arn')) return eventBus.slice(eventBus.indexOf('/') + 1);
  return eventBus;
}

// "<rule>-target"; over EventBridge's 64 characters, a prefix of it plus the md5 of the whole.
function targetId(ruleName) {
  const id = `${ruleName}-target`;
  if (id.length <= 64) return id;
  return `${id.slice(0, 25)}${crypto.createHash('md5').update(id).digest('hex')}-target`;
}

module.exports = { busName, targetId };
