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

// serverless.utils.readFileSync / writeFileSync as osls's: JSON and YAML files
// parsed and written by type (YAML by sls: its parser, js-yaml's dump style).
function readFileSync(p) {
  const text = fs.readFileSync(p, 'utf8');
  if (p.endsWith('.json')) return JSON.parse(text);
  if (p.endsWith('.yml') || p.endsWith('.yaml')) return ask('yaml', { load: text, file: p });
  return text.trim();
}
function writeFileSync(p, contents) {
  let text = contents || '';
  if (typeof text !== 'string') {
    if (p.includes('.json')) text = JSON.stringify(text, null, 2);
    else if (p.includes('.yml') || p.includes('.yaml')) text = ask('yaml', { dump: JSON.parse(JSON.stringify(text)) });
  }
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
}

// serverless.service: the configuration as osls's Service class exposes it.
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
const DEFAULTS = { functions: () => ({}), layers: () => ({}), configValidationMode: () => 'error', package: () => ({}) };

function applyConfig(service, config) {
  state.config = config;
  if (serverless) serverless.configurationInput = config;
  // Properties a plugin put on the Service (serverless-step-functions' `stepFunctions`) stay
  // there from hook to hook, as on osls's one Service object; they are no configuration.
  for (const key of SERVICE_KEYS) delete service[key];
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
// As osls, definitions for another provider than the service's are ignored.
const forService = (provider) => !serverless || provider === serverless.service.provider.name;
const configSchemaHandler = {
  schema: { properties: { custom: { properties: {} } } },
  defineTopLevelProperty(name) { schema.root.push(name); },
  defineCustomProperties(part) { if (part && part.properties) schema.custom.push(...Object.keys(part.properties)); },
  defineFunctionEvent(provider, name) { if (forService(provider)) schema.events.push(name); },
  defineFunctionEventProperties() {},
  defineFunctionProperties(provider, part) {
    if (forService(provider) && part && part.properties) schema.function.push(...Object.keys(part.properties));
  },
  defineProvider(name, options) { if (forService(name)) defineProviderSchema(name, options || {}); },
};
function defineProviderSchema(name, options) {
  if (!schema.providers.includes(name)) schema.providers.push(name);
  const props = (part) => (part && part.properties ? Object.keys(part.properties) : []);
  schema.provider.push(...props(options.provider));
  schema.function.push(...props(options.function));
  for (const event of Object.keys(options.functionEvents || {})) schema.events.push(event);
}

// osls's naming helpers: sls computes them (its own logical-id code).
const naming = new Proxy({}, {
  get(target, prop) {
    if (typeof prop !== 'string' || prop === 'then') return undefined;
    return (...args) => ask('naming', { fn: prop, args });
  },
});

// Bytes in provider.request (S3 Body, Lambda ZipFile): Buffers travel as {__slsBase64}.
function bytesToWire(value) {
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return { __slsBase64: Buffer.from(value).toString('base64') };
  if (Array.isArray(value)) return value.map(bytesToWire);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, bytesToWire(v)]));
  }
  return value;
}
function bytesFromWire(value) {
  if (Array.isArray(value)) return value.map(bytesFromWire);
  if (value && typeof value === 'object') {
    if (typeof value.__slsBase64 === 'string' && Object.keys(value).length === 1) return Buffer.from(value.__slsBase64, 'base64');
    for (const k of Object.keys(value)) value[k] = bytesFromWire(value[k]);
  }
  return value;
}

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
  // osls 4's way for plugins to call AWS: their own SDK v3 clients on this configuration.
  getAwsSdkV3CredentialsProvider() {
    return async () => {
      const c = ask('credentials', {}).credentials;
      return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken };
    };
  }
  async getAwsSdkV3Config(options = {}) {
    const { credentials, profile, region, service, ...clientOptions } = options;
    const retries = Number(process.env.SLS_AWS_REQUEST_MAX_RETRIES);
    return {
      ...clientOptions,
      region: region === undefined ? this.getRegion() : region,
      maxAttempts: clientOptions.maxAttempts === undefined ? (retries >= 0 ? retries : 4) + 1 : clientOptions.maxAttempts,
      retryMode: clientOptions.retryMode || 'standard',
      credentials: credentials || this.getAwsSdkV3CredentialsProvider({ profile }),
    };
  }
  request(service, method, params, options) {
    return Promise.resolve().then(() => bytesFromWire(ask('request', { service, method, params: bytesToWire(params || {}), options: options || {} })));
  }
}

// AwsProvider's readers of provider settings (osls computes them from serverless.service.provider,
// which plugins may have changed, so they are answered here rather than by sls).
const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const own = (o, k) => isPlainObject(o) && Object.prototype.hasOwnProperty.call(o, k);
const providerSettings = {
  settings() { return this.serverless.service.provider || {}; },
  apiGatewaySetting(key) { const ag = this.settings().apiGateway; return ag ? ag[key] : undefined; },
  getApiGatewayStage() { return this.apiGatewaySetting('stage') || this.getStage(); },
  getApiGatewayRestApiId() { return this.apiGatewaySetting('restApiId') || { Ref: 'ApiGatewayRestApi' }; },
  getApiGatewayDescription() { return this.apiGatewaySetting('description') || undefined; },
  getApiGatewayRestApiRootResourceId() {
    return this.apiGatewaySetting('restApiRootResourceId') || { 'Fn::GetAtt': ['ApiGatewayRestApi', 'RootResourceId'] };
  },
  getApiGatewayPredefinedResources() {
    const resources = this.apiGatewaySetting('restApiResources');
    if (!resources) return [];
    if (Array.isArray(resources)) return resources;
    return Object.keys(resources).map((key) => ({ path: key, resourceId: resources[key] }));
  },
  getApiGatewayWebsocketApiId() { return this.apiGatewaySetting('websocketApiId') || { Ref: 'WebsocketsApi' }; },
  getAlbTargetGroupPrefix() { const alb = this.settings().alb; return (alb && alb.targetGroupPrefix) || ''; },
  getLogDataProtectionPolicy() { return this.settings().logDataProtectionPolicy; },
  getRuntime(runtime) { return runtime || this.settings().runtime || 'nodejs24.x'; },
  getCustomDeploymentRole() {
    const p = this.settings();
    return p.iam && p.iam.deploymentRole !== undefined ? p.iam.deploymentRole : p.cfnRole;
  },
  isExistingRoleProvided(role) {
    return typeof role === 'string' || (isPlainObject(role) && Object.keys(role).some((k) => k.includes('::')));
  },
  getCustomExecutionRole(fn) {
    const p = this.settings();
    if (own(fn, 'role') && fn.role) return fn.role;
    const role = own(p, 'iam') && own(p.iam, 'role') ? p.iam.role : undefined;
    if (this.isExistingRoleProvided(role)) return role;
    return own(p, 'role') ? p.role : undefined;
  },
};
Object.assign(AwsProvider.prototype, providerSettings);

// Stand-ins for osls's own plugins that npm plugins look up in pluginManager.plugins by class
// name (serverless-plugin-split-stacks maps API Gateway resources to functions through
// AwsCompileApigEvents' validated events and getResourceName).
class AwsCompileApigEvents {
  constructor(serverless) { this.serverless = serverless; this.provider = serverless.getProvider('aws'); }
  get validated() {
    const events = [];
    for (const [functionName, fn] of Object.entries(this.serverless.service.functions || {})) {
      for (const event of (fn && fn.events) || []) {
        if (!event || !event.http) continue;
        const http = typeof event.http === 'object' ? Object.assign({}, event.http)
          : { method: event.http.split(' ')[0], path: event.http.split(' ')[1] };
        http.path = String(http.path).replace(/^\//, '').replace(/\/$/, '');
        http.method = String(http.method).toLowerCase();
        events.push({ functionName, http });
      }
    }
    return { events };
  }
  getResourceName(resourcePath) { return resourcePath === '' ? '' : this.provider.naming.normalizePath(resourcePath); }
}
const corePlugins = (serverless) => [new AwsCompileApigEvents(serverless)];

const pluginDefs = [];   // { name, instance }
const hooks = {};        // event -> [{ plugin, fn }]
const hookOrder = [];    // events in the order the plugins declared hooks on them
const commands = {};
let loading = null;      // the listed plugin being constructed (its name)

function pluginWriters(name) { return { log: makeLog(name), progress, writeText, style }; }

// osls's PluginManager.addPlugin after construction: a plugin of another
// provider than the service's is ignored; the others' commands and hooks join.
function registerPlugin(instance, name) {
  const provider = instance.provider;
  const providerName = typeof provider === 'string' ? provider
    : provider && provider.constructor && typeof provider.constructor.getProviderName === 'function' ? provider.constructor.getProviderName() : null;
  if (providerName && providerName !== serverless.service.provider.name) return false;
  pluginDefs.push({ name, instance });
  serverless.pluginManager.plugins.push(instance);
  collectCommands(instance.commands, '', commands, name, false, instance.constructor && instance.constructor.name);
  collectVariableSources(instance, name);
  for (const [event, fn] of Object.entries(instance.hooks || {})) {
    if (typeof fn !== 'function') continue;
    if (!hooks[event]) { hooks[event] = []; hookOrder.push(event); }
    hooks[event].push({ plugin: name, fn });
  }
  return true;
}

// pluginManager.addPlugin, as provider plugins use it to add their parts
// (serverless-google-cloudfunctions adds its provider, package, deploy, ...).
function addPlugin(Plugin) {
  const instance = new Plugin(serverless, serverless.pluginManager.cliOptions, pluginWriters(loading));
  return registerPlugin(instance, loading) ? instance : null;
}

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
    instanceId: String(Date.now()),  // osls's too: the time the command started
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
      readFileSync,
      writeFileSync,
      fileExistsSync: (p) => { try { return fs.statSync(p).isFile(); } catch { return false; } },
      dirExistsSync: (p) => { try { return fs.statSync(p).isDirectory(); } catch { return false; } },
      getVersion: () => msg.version,
      log: (...a) => log.notice(...a),
    },
    configSchemaHandler,
    providers,
    getProvider(name) { return providers[name] || null; },
    setProvider(name, p) {
      providers[name] = p;
      // A provider plugin registers its provider (older ones define no schema for it).
      if (name !== 'aws' && forService(name) && !schema.providers.includes(name)) schema.providers.push(name);
    },
    pluginManager: null,
    getVersion: () => msg.version,
  };
  providers.aws = new AwsProvider(serverless);
  addServiceOutputs(serverless, providers);
  serverless.variables = { service, options: msg.options };  // as osls keeps them for older plugins
  serverless.pluginManager = {
    plugins: corePlugins(serverless),
    hooks,
    commands,
    cliOptions: msg.options,
    cliCommands: msg.commands,
    serverless,
    spawn: (command, options) => spawnCommand(command, options),
    getHooks: (events) => events.flatMap((e) => hooks[e] || []),
    addPlugin,
  };
  applyConfig(service, msg.config);
  for (const p of msg.plugins) {
    loading = p.name;
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
    try {
      registerPlugin(new Plugin(serverless, msg.options, pluginWriters(p.name)), p.name);
    } catch (err) {
      return send({ op: 'error', error: errorBody(err, p.name) });
    }
  }
  loading = null;
  for (const { name, instance } of pluginDefs) {
    if (typeof instance.asyncInit === 'function') {
      try { await instance.asyncInit(); } catch (err) { return send({ op: 'error', error: errorBody(err, name) }); }
    }
  }
  const hookList = hookOrder.map((event) => ({ event, plugins: hooks[event].map((h) => h.plugin) }));
  send({ op: 'loaded', hooks: hookList, commands, schema, variableSources: Object.keys(variableSources), legacyVariableResolvers });
}

// osls's event compilers write `DependsOn: <alias or undefined>` right after `Type`, so a plugin
// that sets DependsOn on such a resource puts it there; JSON carries no undefined, so the slot is
// put back here (stringify drops it again when it stays undefined).
const DEPENDS_ON_SLOT = [
  ['AWS::SNS::Topic', /^SNSTopic/], ['AWS::SNS::Subscription', /SnsSubscription/],
  ['AWS::Lambda::Permission', /LambdaPermission.*SNS$/], ['AWS::Lambda::Permission', /LambdaPermission.*S3$/],
  ['AWS::Lambda::Permission', /LambdaPermissionAlexa(Skill|SmartHome)\d+$/],
  ['AWS::IoT::TopicRule', /IotTopicRule\d+$/], ['AWS::Lambda::Permission', /LambdaPermissionIot(TopicRule\d+|ProvisioningTemplate)$/],
  ['AWS::Events::Rule', /EventBridgeRule$/], ['AWS::Lambda::Permission', /EventBridgeLambdaPermission\d+$/],
];
function withDependsOnSlots(template) {
  const resources = template && template.Resources;
  if (!isPlainObject(resources)) return template;
  for (const [id, resource] of Object.entries(resources)) {
    if (!isPlainObject(resource) || 'DependsOn' in resource) continue;
    if (!DEPENDS_ON_SLOT.some(([type, pattern]) => resource.Type === type && pattern.test(id))) continue;
    const { Type, ...rest } = resource;
    resources[id] = Object.assign({ Type, DependsOn: undefined }, rest);
  }
  return template;
}

function applyState(st) {
  const service = serverless.service;
  if (st.config) applyConfig(service, st.config);
  if (st.template) service.provider.compiledCloudFormationTemplate = withDependsOnSlots(st.template);
  if (st.coreTemplate) service.provider.coreCloudFormationTemplate = st.coreTemplate;
  if (st.options) Object.assign(serverless.processedInput.options, st.options);
}

function currentState() {
  const p = serverless.service.provider;
  return { config: configOf(serverless.service), template: p.compiledCloudFormationTemplate, coreTemplate: p.coreCloudFormationTemplate,
    outputs: [...serverless.servicePluginOutputs] };
}

// What osls's Serverless gives plugins for the service's information (printed by sls after it).
function addServiceOutputs(sls, providers) {
  sls.providers = providers;
  sls.serviceOutputs = new Map();
  sls.servicePluginOutputs = new Map();
  sls.addServiceOutputSection = (section, content) => {  // osls's checks
    const name = String(section);
    if (typeof content === 'string') {
      if (!content) throw new TypeError('Section content cannot be empty string');
    } else if (content && typeof content[Symbol.iterator] === 'function') {
      content = [...content].map(String);
      if (!content.length) throw new TypeError('The content cannot be empty');
    } else {
      throw new TypeError(`The content must be a string or a list of strings`);
    }
    if (sls.serviceOutputs.has(name) || sls.servicePluginOutputs.has(name)) {
      throw new TypeError(`Section content for "${name}" was already set`);
    }
    sls.servicePluginOutputs.set(name, content);
  };
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
