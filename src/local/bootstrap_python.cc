// The Python worker bootstrap (see bootstrap.h): same arguments and framing as
// the Node.js one.
#include "local/bootstrap.h"

namespace sls::local {

const char* const kPythonBootstrap = R"PY(import decimal
import importlib
import json
import os
import struct
import sys
import time
import traceback

IN_FD = 3
OUT_FD = 4
task_root = sys.argv[1]
handler_spec = sys.argv[2]


def read_exact(n):
    chunks = []
    while n > 0:
        chunk = os.read(IN_FD, n)
        if not chunk:
            sys.exit(0)
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def write_frame(obj):
    body = json.dumps(obj, default=serializer).encode("utf-8")
    data = struct.pack(">I", len(body)) + body
    view = memoryview(data)
    while view:
        view = view[os.write(OUT_FD, view):]


def serializer(o):
    if isinstance(o, decimal.Decimal):
        f = float(o)
        return int(f) if f.is_integer() else f
    raise TypeError("Object of type %s is not JSON serializable" % type(o).__name__)


def error_body(exc, tb=None):
    tb = tb or exc.__traceback__
    return {
        "errorMessage": str(exc),
        "errorType": type(exc).__name__,
        "stackTrace": traceback.format_list(traceback.extract_tb(tb)),
        "traceback": "".join(traceback.format_exception(type(exc), exc, tb)),
    }


class LambdaContext(object):
    def __init__(self, c, custom):
        self.aws_request_id = c.get("awsRequestId")
        self.function_name = c.get("functionName")
        self.function_version = c.get("functionVersion")
        self.invoked_function_arn = c.get("invokedFunctionArn")
        self.memory_limit_in_mb = c.get("memoryLimitInMB")
        self.log_group_name = c.get("logGroupName")
        self.log_stream_name = c.get("logStreamName")
        self.identity = None
        self.client_context = None
        timeout = c.get("timeoutMs") or 0  # counted from the invocation's start
        self._deadline = int(time.time() * 1000) + timeout if timeout else 0
        if isinstance(custom, dict):
            for key, value in custom.items():
                setattr(self, key, value)

    def get_remaining_time_in_millis(self):
        if not self._deadline:
            return 0
        return int(max(self._deadline - int(time.time() * 1000), 0))

    @property
    def log(self):
        return sys.stdout.write


handler = None
init_error = None
try:
    sys.path.insert(0, task_root)
    module_path, _, name = handler_spec.rpartition(".")
    module = importlib.import_module(module_path.replace("/", "."))
    handler = getattr(module, name, None)
    if not callable(handler):
        init_error = {"errorMessage": "Handler '%s' missing on module '%s'" % (name, module_path),
                      "errorType": "Runtime.HandlerNotFound"}
except Exception as exc:  # noqa: BLE001 - reported to the caller, as Lambda's init error
    init_error = error_body(exc)
    init_error["errorType"] = "Runtime.ImportModuleError"

while True:
    (length,) = struct.unpack(">I", read_exact(4))
    req = json.loads(read_exact(length).decode("utf-8"))
    if init_error is not None:
        write_frame({"type": "error", "error": init_error, "init": True})
        continue
    try:
        result = handler(req.get("event"), LambdaContext(req.get("context") or {}, req.get("customContext")))
    except Exception as exc:  # noqa: BLE001 - the handler's error, as Lambda reports it
        sys.stdout.flush()
        sys.stderr.flush()
        # Without our own frame: the trace starts in the handler, as on Lambda.
        write_frame({"type": "error", "error": error_body(exc, exc.__traceback__.tb_next)})
        continue
    sys.stdout.flush()
    sys.stderr.flush()
    out = {"type": "result", "result": result}
    if req.get("pretty"):
        try:
            out["pretty"] = json.dumps(result, default=serializer, indent=4)
        except TypeError as exc:
            write_frame({"type": "error", "error": error_body(exc)})
            continue
    try:
        write_frame(out)
    except TypeError as exc:
        write_frame({"type": "error", "error": error_body(exc)})
)PY";

}  // namespace sls::local
