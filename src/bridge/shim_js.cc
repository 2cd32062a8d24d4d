// The Node.js side of the plugin bridge (see bridge/node_bridge.h): our own
// script, run as `node shim.cjs`, that loads the service's npm plugins with
// the `serverless` object plugins expect and runs their hooks when sls asks.
// Frames (4-byte big-endian length, then JSON) arrive on fd 3 and leave on
// fd 4; while a hook runs, the shim may ask sls things (naming, AWS requests)
// with {"op":"ask"} frames and waits for the answer synchronously.
#include "bridge/shim.h"

namespace sls::bridge {

const char* const kShimScript = R"JS('use strict';
const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');

const IN_FD = 3;
const OUT_FD = 4;

function writeAll(buf) {
  let off = 0;
  while (off < buf.length) {
    try {
      off += fs.writeSync(OUT_FD, buf, off, buf.length - off);
    } catch (e) {
      if (e.code !== 'EAGAIN') throw e;
    }
  }
}

function send(obj) {
  const body = Buffer.from(JSON.stringify(obj), 'utf8');
  const head = Buffer.allocUnsafe(4);
  head.writeUInt32BE(body.length, 0);
  writeAll(Buffer.concat([head, body]));
}

function readExactly(n) {
  const buf = Buffer.allocUnsafe(n);
  let off = 0;
  while (off < n) {
    let got;
    try {
      got = fs.readSync(IN_FD, buf, off, n - off, null);
    } catch (e) {
      if (e.code === 'EAGAIN') continue;
      throw e;
    }
    if (got === 0) process.exit(0);  // sls went away
    off += got;
  }
  return buf;
}

function receive() {
  const n = readExactly(4).readUInt32BE(0);
  return JSON.parse(readExactly(n).toString('utf8'));
}

// Asks sls and waits for its answer (plugins call naming synchronously).
function ask(what, args) {
  send({ op: 'ask', what, args });
  const answer = receive();
  if (answer.error) {
    const err = new ServerlessError(answer.error.message, answer.error.code || 'SLS_BRIDGE_ERROR');
    if (answer.error.providerError) err.providerError = answer.error.providerError;
    throw err;
  }
  return answer.result;
}

class ServerlessError extends Error {
  constructor(message, code, options = {}) {
    super(message);
    this.name = 'ServerlessError';
    this.code = code;
    this.decoratedMessage = options.decoratedMessage;
  }
}

function errorBody(err, plugin) {
  if (err instanceof Error) {
    return { message: err.message, name: err.name, code: err.code, stack: err.stack, plugin };
  }
  return { message: String(err), name: 'Error', plugin };
}

// Output: plugins write through these, as osls's log utilities do.
let debugEnabled = false;
let verboseEnabled = false;
function line(stream, text) { stream.write(text + '\n'); }
function makeLog(prefix) {
  const log = (...args) => line(process.stderr, args.join(' '));
  log.error = (...a) => line(process.stderr, 'Error: ' + a.join(' '));
  log.warning = (...a) => line(process.stderr, 'Warning: ' + a.join(' '));
  log.warn = log.warning;
  log.notice = (...a) => line(process.stderr, a.join(' '));
  log.notice.success = (...a) => line(process.stderr, '\u2714 ' + a.join(' '));
  log.notice.skip = (...a) => line(process.stderr, '- ' + a.join(' '));
  log.success = log.notice.success;
  log.info = (...a) => { if (verboseEnabled || debugEnabled) line(process.stderr, a.join(' ')); };
  log.verbose = log.info;
  log.debug = (...a) => { if (debugEnabled) line(process.stderr, 'sls:plugin' + (prefix ? ':' + prefix : '') + ' ' + a.join(' ')); };
  log.get = (name) => makeLog(name);
  return log;
}
const log = makeLog('');
function makeProgress() {
  const make = () => ({ notice: (t) => log.info(t), info: (t) => log.info(t), update: (t) => log.info(t), remove() {} });
  return { get: make, create: make, clear() {} };
}
const progress = makeProgress();
function writeText(...args) { process.stdout.write(args.flat().join('\n') + '\n'); }
const style = { aside: (t) => t, error: (t) => t, link: (t) => t, strong: (t) => t, noticeSymbol: (t) => t, title: (t) => t, warning: (t) => t };

// serverless.service: the configuration as osls's Service class exposes it.
const INTERNAL = new Set(['serviceObject', 'pluginsData', 'serviceFilename', 'initialServerlessConfig', 'serverless']);
class Service {
  getServiceName() { return this.serviceObject.name; }
  getServiceObject() { return this.serviceObject; }
  getAllFunctions() { return Object.keys(this.functions || {}); }
  getAllLayers() { return this.layers ? Object.keys(this.layers) : []; }
  getAllFunctionsNames() { return this.getAllFunctions().map((f) => this.getFunction(f).name); }
  getFunction(name) {
    if (this.functions && Object.prototype.hasOwnProperty.call(this.functions, name)) return this.functions[name];
    throw new ServerlessError(`Function "${name}" doesn't exist in this Service`, 'FUNCTION_MISSING_IN_SERVICE');
  }
  getLayer(name) {
    if (this.layers && Object.prototype.hasOwnProperty.call(this.layers, name)) return this.layers[name];
    throw new ServerlessError(`Layer "${name}" doesn't exist in this Service`, 'LAYER_MISSING_IN_SERVICE');
  }
  getEventInFunction(eventName, functionName) {
    const event = this.getFunction(functionName).events.find((e) => Object.keys(e)[0] === eventName);
    if (event) return event;
    throw new ServerlessError(`Event "${eventName}" doesn't exist in function "${functionName}"`, 'EVENT_MISSING_FOR_FUNCTION');
  }
  getAllEventsInFunction(name) { return this.getFunction(name).events; }
  update(data) { return Object.assign(this, data); }
  publish(data) { this.pluginsData = Object.assign(this.pluginsData || {}, data || {}); }
}

let serverless = null;
const state = { defaultNames: new Set(), injected: new Set(), config: {}, stage: 'dev', region: 'us-east-1' };

// The configuration properties osls's Service carries (others stay in configurationInput).
const SERVICE_KEYS = ['disabledDeprecations', 'deprecationNotificationMode', 'provider', 'service', 'app', 'org',
  'plugins', 'package', 'custom', 'resources', 'functions', 'configValidationMode', 'layers', 'outputs'];
const DEFAULTS = { functions: () => ({}), layers: () => ({}), configValidationMode: () => 'error' };

function applyConfig(service, config) {
  state.config = config;
  if (serverless) serverless.configurationInput = config;
  for (const key of Object.keys(service)) if (!INTERNAL.has(key)) delete service[key];
  state.injected.clear();
  for (const key of SERVICE_KEYS) {
    if (config[key] !== undefined) service[key] = config[key];
    else if (DEFAULTS[key]) { service[key] = DEFAULTS[key](); state.injected.add(key); }
  }
  if (!service.provider || typeof service.provider !== 'object') service.provider = { name: service.provider || 'aws' };
  service.serviceObject = { name: config.service };
  state.defaultNames.clear();
  for (const [name, fn] of Object.entries(service.functions || {})) {
    if (!fn || typeof fn !== 'object') continue;
    if (!fn.events) fn.events = [];
    if (!fn.name) {
      fn.name = `${config.service}-${state.stage}-${name}`;
      state.defaultNames.add(name);
    }
  }
}

function unchangedDefault(key, value) {
  if (!state.injected.has(key)) return false;
  if (key === 'configValidationMode') return value === 'error';
  return value && typeof value === 'object' && Object.keys(value).length === 0;
}

// The configuration after a hook: configurationInput with the Service's properties laid over it.
function configOf(service) {
  const out = Object.assign({}, serverless.configurationInput || state.config);
  for (const key of SERVICE_KEYS) {
    const value = service[key];
    if (value === undefined || typeof value === 'function' || unchangedDefault(key, value)) continue;
    out[key] = value;
  }
  for (const [key, value] of Object.entries(service)) {  // properties a plugin put on the Service
    if (INTERNAL.has(key) || SERVICE_KEYS.includes(key) || typeof value === 'function') continue;
    out[key] = value;
  }
  const provider = Object.assign({}, out.provider);
  delete provider.compiledCloudFormationTemplate;
  delete provider.coreCloudFormationTemplate;
  out.provider = provider;
  const functions = {};
  for (const [name, fn] of Object.entries(out.functions || {})) {
    if (fn && typeof fn === 'object' && state.defaultNames.has(name) &&
        fn.name === `${out.service}-${state.stage}-${name}`) {
      const copy = Object.assign({}, fn);
      delete copy.name;
      functions[name] = copy;
    } else {
      functions[name] = fn;
    }
  }
  if (out.functions !== undefined) out.functions = functions;
  return out;
}

// What plugins add to the configuration schema, reported to sls for validation.
const schema = { root: [], provider: [], function: [], events: [], custom: [], providers: [] };
const configSchemaHandler = {
  schema: { properties: { custom: { properties: {} } } },
  defineTopLevelProperty(name) { schema.root.push(name); },
  defineCustomProperties(part) { if (part && part.properties) schema.custom.push(...Object.keys(part.properties)); },
  defineFunctionEvent(provider, name) { schema.events.push(name); },
  defineFunctionEventProperties() {},
  defineFunctionProperties(provider, part) { if (part && part.properties) schema.function.push(...Object.keys(part.properties)); },
  defineProvider(name) { schema.providers.push(name); },
};

// osls's naming helpers: sls computes them (its own logical-id code).
const naming = new Proxy({}, {
  get(target, prop) {
    if (typeof prop !== 'string' || prop === 'then') return undefined;
    return (...args) => ask('naming', { fn: prop, args });
  },
});

class AwsProvider {
  static getProviderName() { return 'aws'; }
  constructor(serverless) { this.serverless = serverless; this.naming = naming; this.provider = this; }
  getRegion() { return state.region; }
  getStage() { return state.stage; }
  getCredentials() { return ask('credentials', {}); }
  getAccountId() { return Promise.resolve().then(() => ask('accountId', {})); }
  async getAccountInfo() {
    const accountId = ask('accountId', {});
    return { accountId, partition: 'aws', arn: `arn:aws:iam::${accountId}:root` };
  }
  getServerlessDeploymentBucketName() { return Promise.resolve().then(() => ask('deploymentBucket', {})); }
  getDeploymentPrefix() { return ask('naming', { fn: 'getDeploymentPrefix', args: [] }); }
  getLogRetentionInDays() { return this.serverless.service.provider.logRetentionInDays; }
  getApiGatewayRestApiId() { return ask('naming', { fn: 'getApiGatewayRestApiId', args: [] }); }
  request(service, method, params, options) {
    return Promise.resolve().then(() => ask('request', { service, method, params: params || {}, options: options || {} }));
  }
}

const pluginDefs = [];   // { name, instance }
const hooks = {};        // event -> [{ plugin, fn }]
const commands = {};

// Commands as "a b" -> {plugin, usage, type, lifecycleEvents, options}; the
// children of an entrypoint are entrypoints too (osls's loadCommand).
function collectCommands(defs, prefix, into, plugin, inEntrypoint, className) {
  for (const [name, def] of Object.entries(defs || {})) {
    if (!def || typeof def !== 'object') continue;
    const full = prefix ? `${prefix} ${name}` : name;
    const entrypoint = inEntrypoint || def.type === 'entrypoint';
    into[full] = {
      plugin,
      className: className || '',
      usage: def.usage || '',
      type: entrypoint ? 'entrypoint' : (def.type || 'command'),
      lifecycleEvents: Array.isArray(def.lifecycleEvents) ? def.lifecycleEvents : [],
      options: Object.fromEntries(Object.entries(def.options || {}).map(([k, o]) => [k, {
        usage: (o && o.usage) || '', shortcut: (o && o.shortcut) || '', type: (o && o.type) || 'string',
        required: !!(o && o.required), default: o && o.default != null ? o.default : null,
      }])),
    };
    collectCommands(def.commands, full, into, plugin, entrypoint, className);
  }
}

async function loadModule(file) {
  try {
    return require(file);
  } catch (error) {
    if (error.code === 'ERR_REQUIRE_ESM') return (await import(pathToFileURL(file).href)).default;
    throw error;
  }
}

async function load(msg) {
  debugEnabled = !!msg.debug;
  verboseEnabled = !!msg.verbose;
  state.stage = msg.stage;
  state.region = msg.region;
  const service = new Service();
  const providers = {};
  serverless = {
    version: msg.version,
    frameworkVersion: msg.version,
    serviceDir: msg.serviceDir,
    configurationFilename: msg.configFile,
    config: { servicePath: msg.serviceDir, serviceDir: msg.serviceDir },
    processedInput: { commands: msg.commands, options: msg.options },
    configurationInput: msg.config,
    service,
    isLocallyInstalled: false,
    isStandaloneExecutable: false,
    cli: { log: (t) => log.notice(t), consoleLog: (t) => console.log(t), printDot() {} },
    classes: { Error: ServerlessError, Service },
    utils: {
      readFileSync: (p) => { const t = fs.readFileSync(p, 'utf8'); return /\.json$/.test(p) ? JSON.parse(t) : t; },
      writeFileSync: (p, c) => { fs.mkdirSync(path.dirname(p), { recursive: true }); fs.writeFileSync(p, typeof c === 'string' ? c : JSON.stringify(c, null, 2)); },
      fileExistsSync: (p) => { try { return fs.statSync(p).isFile(); } catch { return false; } },
      dirExistsSync: (p) => { try { return fs.statSync(p).isDirectory(); } catch { return false; } },
      getVersion: () => msg.version,
      log: (...a) => log.notice(...a),
    },
    configSchemaHandler,
    getProvider(name) { return providers[name] || null; },
    setProvider(name, p) { providers[name] = p; },
    pluginManager: null,
    getVersion: () => msg.version,
  };
  providers.aws = new AwsProvider(serverless);
  serverless.pluginManager = {
    plugins: [],
    hooks,
    commands,
    cliOptions: msg.options,
    serverless,
    spawn: (command, options) => spawnCommand(command, options),
    getHooks: (events) => events.flatMap((e) => hooks[e] || []),
  };
  applyConfig(service, msg.config);
  const order = [];
  for (const p of msg.plugins) {
    let Plugin;
    try {
      Plugin = await loadModule(p.path);
    } catch (err) {
      return send({ op: 'error', error: errorBody(err, p.name) });
    }
    if (Plugin && typeof Plugin !== 'function' && typeof Plugin.default === 'function') Plugin = Plugin.default;
    if (typeof Plugin !== 'function') {
      return send({ op: 'error', error: { message: `Plugin "${p.name}" does not export a class or function (${p.path})`, plugin: p.name } });
    }
    let instance;
    try {
      instance = new Plugin(serverless, msg.options, { log: makeLog(p.name), progress, writeText, style });
    } catch (err) {
      return send({ op: 'error', error: errorBody(err, p.name) });
    }
    const provider = instance.provider;
    const providerName = typeof provider === 'string' ? provider
      : provider && provider.constructor && typeof provider.constructor.getProviderName === 'function' ? provider.constructor.getProviderName() : null;
    if (providerName && providerName !== service.provider.name) continue;  // osls ignores it too
    pluginDefs.push({ name: p.name, instance });
    serverless.pluginManager.plugins.push(instance);
    collectCommands(instance.commands, '', commands, p.name, false, instance.constructor && instance.constructor.name);
    try { collectVariableSources(instance, p.name); } catch (err) { return send({ op: 'error', error: errorBody(err, p.name) }); }
    for (const [event, fn] of Object.entries(instance.hooks || {})) {
      if (typeof fn !== 'function') continue;
      if (!hooks[event]) { hooks[event] = []; order.push(event); }
      hooks[event].push({ plugin: p.name, fn });
    }
  }
  for (const { name, instance } of pluginDefs) {
    if (typeof instance.asyncInit === 'function') {
      try { await instance.asyncInit(); } catch (err) { return send({ op: 'error', error: errorBody(err, name) }); }
    }
  }
  const hookList = order.map((event) => ({ event, plugins: hooks[event].map((h) => h.plugin) }));
  send({ op: 'loaded', hooks: hookList, commands, schema, variableSources: Object.keys(variableSources), legacyVariableResolvers });
}

function applyState(st) {
  const service = serverless.service;
  if (st.config) applyConfig(service, st.config);
  if (st.template) service.provider.compiledCloudFormationTemplate = st.template;
  if (st.coreTemplate) service.provider.coreCloudFormationTemplate = st.coreTemplate;
  if (st.options) Object.assign(serverless.processedInput.options, st.options);
}

function currentState() {
  const p = serverless.service.provider;
  return { config: configOf(serverless.service), template: p.compiledCloudFormationTemplate, coreTemplate: p.coreCloudFormationTemplate };
}

async function runHook(msg) {
  applyState(msg.state || {});
  const timings = [];
  for (const { plugin, fn } of hooks[msg.event] || []) {
    const started = process.hrtime.bigint();
    try {
      await fn();
    } catch (err) {
      return send({ op: 'error', error: errorBody(err, plugin), state: currentState() });
    }
    timings.push({ plugin, ms: Number(process.hrtime.bigint() - started) / 1e6 });
  }
  send({ op: 'done', state: currentState(), timings });
}

// --- Plugin commands, pluginManager.spawn and variable sources ---------------

// Like ask, for questions whose answer may need the shim again (sls running a
// spawned \`package\` calls hooks, a property may need a plugin's variable):
// requests arriving before the answer are served first.
async function askNested(what, args) {
  send({ op: 'ask', what, args });
  for (;;) {
    const msg = receive();
    if (msg.op) { await handle(msg); continue; }
    if (msg.error) {
      const err = new ServerlessError(msg.error.message, msg.error.code || 'SLS_BRIDGE_ERROR');
      throw err;
    }
    return msg.result;
  }
}

class TerminateHookChain extends Error {}
let failedHook = null;  // { plugin, event } of the hook that threw

async function runHooksOf(event) {
  for (const { plugin, fn } of hooks[event] || []) {
    try {
      await fn();
    } catch (err) {
      if (!(err instanceof TerminateHookChain) && !failedHook) failedHook = { plugin, event };
      throw err;
    }
  }
}

// osls's PluginManager.invoke: shortcuts and defaults into the options, then
// before:/plain/after: hooks of each lifecycle event of the command.
async function invokeCommand(name, allowEntrypoint) {
  const command = commands[name];
  if (command.type === 'container') return;
  const options = serverless.pluginManager.cliOptions;
  for (const [key, o] of Object.entries(command.options)) {
    if (o.shortcut && Object.prototype.hasOwnProperty.call(options, o.shortcut)) options[key] = options[o.shortcut];
    if (o.default != null && (!options[key] || options[key] === true)) options[key] = o.default;
  }
  const key = name.split(' ').join(':');
  try {
    for (const event of command.lifecycleEvents) {
      await runHooksOf(`before:${key}:${event}`);
      await runHooksOf(`${key}:${event}`);
      await runHooksOf(`after:${key}:${event}`);
    }
  } catch (err) {
    if (err instanceof TerminateHookChain) return;
    throw err;
  }
}

function commandName(command) {
  if (Array.isArray(command)) return command.join(' ');
  return String(command).split(':').join(' ');
}

// pluginManager.spawn: a plugin's command (entrypoints too) runs here; sls's
// own commands run in sls (package with the bridged hooks), the state coming back.
async function spawnCommand(command, options) {
  const name = commandName(command);
  if (commands[name]) {
    await invokeCommand(name, true);
  } else {
    const st = await askNested('spawn', { command: name, state: currentState() });
    applyState(st || {});
  }
  if (options && options.terminateLifecycleAfterExecution) throw new TerminateHookChain(name);
}

// op "command": osls's PluginManager.run for a plugin command given on the CLI.
async function runCommand(msg) {
  applyState(msg.state || {});
  const options = serverless.pluginManager.cliOptions;
  for (const key of Object.keys(options)) delete options[key];
  Object.assign(options, msg.options || {});
  serverless.processedInput.commands = msg.command.split(' ');
  serverless.processedInput.options = options;
  failedHook = null;
  try {
    await runHooksOf('initialize');
    try {
      await invokeCommand(msg.command, false);
    } catch (err) {
      try { await runHooksOf('error'); } catch (e) { log.warning(`The "error" hook crashed with:\n${e && e.stack || e}`); }
      throw err;
    }
    await runHooksOf('finalize');
  } catch (err) {
    const body = errorBody(err, failedHook && failedHook.plugin);
    if (failedHook) body.event = failedHook.event;
    return send({ op: 'error', error: body, state: currentState() });
  }
  send({ op: 'done', state: currentState() });
}

const variableSources = {};  // name -> { plugin, resolve }
const legacyVariableResolvers = [];

function collectVariableSources(instance, plugin) {
  const sources = instance.configurationVariablesSources;
  if (sources != null && typeof sources === 'object') {
    for (const [name, source] of Object.entries(sources)) {
      if (variableSources[name]) {
        throw new ServerlessError(`Cannot add "${name}" configuration variable source (through "${plugin}" plugin) ` +
          'as resolution rules for this source name are already configured', 'DUPLICATE_VARIABLE_SOURCE_CONFIGURATION');
      }
      if (!source || typeof source.resolve !== 'function') {
        throw new ServerlessError(`Invalid "configurationVariablesSources.${name}.resolve" value on "${plugin}", expected function`,
          'INVALID_VARIABLE_SOURCE_RESOLVER_CONFIGURATION');
      }
      variableSources[name] = { plugin, resolve: source.resolve.bind(source) };
    }
  } else if (instance.variableResolvers) {
    legacyVariableResolvers.push(plugin);
  }
}

// op "variable": one ${name(params):address} through the plugin's resolve().
async function resolveVariable(msg) {
  const source = variableSources[msg.source];
  try {
    const result = await source.resolve({
      address: msg.address == null ? undefined : msg.address,
      params: msg.params == null ? undefined : msg.params,
      options: msg.options || {},
      isSourceFulfilled: true,
      serviceDir: serverless.serviceDir,
      servicePath: serverless.serviceDir,
      resolveConfigurationProperty: async (keys) => askNested('resolveProperty', { path: keys }),
      resolveVariable: async (text) => askNested('resolveInString', { text: '${' + text + '}' }),
      resolveVariablesInString: async (text) => askNested('resolveInString', { text }),
    });
    if (!result || typeof result !== 'object' || !Object.prototype.propertyIsEnumerable.call(result, 'value')) {
      return send({ op: 'error', error: { message: `Unexpected "${msg.source}" source result: Missing "value" property`, plugin: source.plugin } });
    }
    send({ op: 'done', value: result.value === undefined ? null : JSON.parse(JSON.stringify(result.value)) });
  } catch (err) {
    send({ op: 'error', error: errorBody(err, source.plugin) });
  }
}

// --- The frame loop ------------------------------------------------------------

async function handle(msg) {
  if (msg.op === 'load') await load(msg);
  else if (msg.op === 'hook') await runHook(msg);
  else if (msg.op === 'command') await runCommand(msg);
  else if (msg.op === 'variable') await resolveVariable(msg);
  else if (msg.op === 'exit') process.exit(0);
  else send({ op: 'error', error: { message: `unknown bridge message "${msg.op}"` } });
}

async function main() {
  for (;;) await handle(receive());
}

process.on('unhandledRejection', (err) => { send({ op: 'error', error: errorBody(err) }); });
main().catch((err) => { send({ op: 'error', error: errorBody(err) }); process.exit(1); });
)JS";

}  // namespace sls::bridge
