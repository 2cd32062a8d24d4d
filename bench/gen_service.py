#!/usr/bin/env python3
"""Writes a service with N functions, each with an http and a schedule event."""
import os
import sys


def generate(dest, count):
    os.makedirs(os.path.join(dest, "src"), exist_ok=True)
    lines = ["service: bench-service", "provider:", "  name: aws", "  runtime: nodejs24.x",
             "  stage: dev", "  region: us-east-1", "functions:"]
    for i in range(count):
        lines += [f"  fn{i}:", f"    handler: src/handler.fn{i}", "    events:",
                  "      - http:", f"          path: items/fn{i}/{{id}}", "          method: get",
                  f"      - schedule: rate({i % 58 + 2} minutes)"]
    with open(os.path.join(dest, "serverless.yml"), "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(dest, "src", "handler.js"), "w") as f:
        for i in range(count):
            f.write(f"exports.fn{i} = async () => ({{ statusCode: 200, body: 'fn{i}' }});\n")


if __name__ == "__main__":
    generate(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 100)
