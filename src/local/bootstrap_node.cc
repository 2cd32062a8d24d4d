// The Node.js worker bootstrap (see bootstrap.h). Argument 1: the task root,
// argument 2: the handler ("dir/file.export"). Frames arrive on fd 3 and
// answers leave on fd 4 (4-byte big-endian length, then JSON text).
#include "local/bootstrap.h"

namespace sls::local {

const char* const kNodeBootstrap = R"JS('use strict';
const fs = require('fs');
const net = require('net');
const path = require('path');
const { pathToFileURL } = require('url');

const IN_FD = 3;
const OUT_FD = 4;
const taskRoot = process.argv[2];
const handlerSpec = process.argv[3];

function writeFrame(obj) {
  writeText(JSON.stringify(obj));
}

// One buffer: the 4-byte length, then the UTF-8 text written straight after it.
function writeText(text) {
  const length = Buffer.byteLength(text, 'utf8');
  const frame = Buffer.allocUnsafe(4 + length);
  frame.writeUInt32BE(length, 0);
  frame.write(text, 4, length, 'utf8');
  let off = 0;
  while (off < frame.length) {
    try {
      off += fs.writeSync(OUT_FD, frame, off, frame.length - off);
    } catch (e) {
      if (e.code !== 'EAGAIN') throw e;
    }
  }
  answered();  // every frame we write is an answer: the next waiting request may start
}

function errorBody(err) {
  if (err instanceof Error) {
    return {
      errorMessage: err.message,
      errorType: err.constructor ? err.constructor.name : 'Error',
      stackTrace: err.stack ? err.stack.split('\n') : [],
    };
  }
  return { errorMessage: err };
}

async function loadModule(modulePath) {
  try {
    return require(modulePath);
  } catch (error) {
    if (error.code === 'ERR_REQUIRE_ESM') return import(pathToFileURL(`${modulePath}.js`).href);
    if (error.code === 'MODULE_NOT_FOUND') {
      for (const ext of ['.cjs', '.mjs']) {
        if (!fs.existsSync(modulePath + ext)) continue;
        if (ext === '.cjs') return require(modulePath + ext);
        return import(pathToFileURL(modulePath + ext).href);
      }
    }
    throw error;
  }
}

let handler = null;
let initError = null;
const ready = (async () => {
  const dot = handlerSpec.lastIndexOf('.');
  const modulePath = path.resolve(taskRoot, handlerSpec.slice(0, dot));
  const exportName = handlerSpec.slice(dot + 1);
  try {
    const mod = await loadModule(modulePath);
    let fn = mod ? mod[exportName] : undefined;
    if (typeof fn !== 'function' && mod && mod.default && typeof mod.default[exportName] === 'function') {
      fn = mod.default[exportName];
    }
    if (typeof fn !== 'function') {
      initError = { errorMessage: `Lambda handler "${handlerSpec}" does not point function property`,
                    errorType: 'Runtime.HandlerNotFound' };
    } else {
      handler = fn;
    }
  } catch (err) {
    initError = Object.assign(errorBody(err), { errorType: 'Runtime.ImportModuleError', errorCause: errorBody(err) });
  }
})();

// invoke local prints the result as osls does: JSON.stringify(result, null, 4),
// nothing for a falsy result, a JSON body of an application/json response parsed.
function pretty(result) {
  if (!result) return undefined;
  if (result.headers && result.headers['Content-Type'] === 'application/json' && result.body) {
    try {
      result = Object.assign({}, result, { body: JSON.parse(result.body) });
    } catch {
      return { localError: 'Content-Type of response is application/json but body is not json' };
    }
  }
  return { text: JSON.stringify(result, null, 4) };
}

function answerResult(req, result) {
  if (result instanceof Error) return answerError(result);
  let text;
  try {
    text = JSON.stringify(result);  // undefined for undefined (no result)
  } catch (e) {
    return writeFrame({ type: 'error', error: { errorMessage: `Function returned invalid (not a JSON stringifiable) value: ${e.message}`, errorType: 'Runtime.InvalidResult' } });
  }
  let extra = '';
  if (req.pretty) {
    const p = pretty(result);
    if (p && p.text !== undefined) extra += ',"pretty":' + JSON.stringify(p.text);
    if (p && p.localError) extra += ',"localError":' + JSON.stringify(p.localError);
  }
  writeText('{"type":"result"' + (text === undefined ? '' : ',"result":' + text) + extra + '}');
}

function answerError(err) {
  writeFrame({ type: 'error', error: errorBody(err) });
}

function makeContext(req) {
  const c = req.context;
  const deadline = c.timeoutMs ? Date.now() + c.timeoutMs : 0;  // counted from the invocation's start
  let finish;
  const context = {
    awsRequestId: c.awsRequestId,
    invokeid: c.awsRequestId,
    functionName: c.functionName,
    functionVersion: c.functionVersion,
    invokedFunctionArn: c.invokedFunctionArn,
    memoryLimitInMB: c.memoryLimitInMB,
    logGroupName: c.logGroupName,
    logStreamName: c.logStreamName,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis() {
      return deadline ? Math.max(deadline - Date.now(), 0) : 0;
    },
    succeed(result) { finish(null, result); },
    fail(error) { finish(error); },
    done(error, result) { finish(error, result); },
  };
  if (req.customContext && typeof req.customContext === 'object') Object.assign(context, req.customContext);
  return { context, setFinish(f) { finish = f; } };
}

let loaded = false;
ready.then(() => { loaded = true; });

// One invocation at a time, as on Lambda: the server may send the next request before this one is
// answered (so that it is here when the worker is free); it waits in `waiting` until the answer.
const waiting = [];
let busy = false;
let pumping = false;

function pump() {
  if (pumping) return;  // an answer given inside invoke(): the loop below goes on
  pumping = true;
  while (!busy && waiting.length) {
    busy = true;
    const req = waiting.shift();
    try {
      const pending = invoke(req);
      if (pending) pending.catch((e) => answerError(e));
    } catch (e) {
      answerError(e);
    }
  }
  pumping = false;
}

function answered() {
  busy = false;
  pump();
}

function invoke(req) {
  if (!loaded) return ready.then(() => invokeLoaded(req));  // the handler's module is loading still
  invokeLoaded(req);
  return undefined;
}

function invokeLoaded(req) {
  if (initError) return writeFrame({ type: 'error', error: initError, init: true });
  let done = false;
  const finish = (err, result) => {
    if (done) return;
    done = true;
    if (err) answerError(err);
    else answerResult(req, result);
  };
  const { context, setFinish } = makeContext(req);
  setFinish(finish);
  try {
    const ret = handler(req.event, context, finish);
    if (ret && typeof ret.then === 'function') ret.then((r) => finish(null, r), (e) => finish(e || new Error('Promise rejected')));
  } catch (err) {
    finish(err);
  }
}

let buffered = Buffer.alloc(0);
const input = new net.Socket({ fd: IN_FD, readable: true, writable: false });
input.on('data', (chunk) => {
  buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
  while (buffered.length >= 4) {
    const len = buffered.readUInt32BE(0);
    if (buffered.length < 4 + len) break;
    waiting.push(JSON.parse(buffered.subarray(4, 4 + len).toString('utf8')));
    buffered = buffered.subarray(4 + len);
  }
  pump();
});
input.on('end', () => process.exit(0));
process.on('uncaughtException', (err) => {
  process.stderr.write(`${err && err.stack ? err.stack : String(err)}\n`);
  process.exit(129);
});
process.on('unhandledRejection', (err) => {
  process.stderr.write(`Unhandled rejection: ${err && err.stack ? err.stack : String(err)}\n`);
  process.exit(128);
});
)JS";

}  // namespace sls::local
