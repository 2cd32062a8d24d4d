'use strict';
module.exports.hello = async () => ({ ok: true });
