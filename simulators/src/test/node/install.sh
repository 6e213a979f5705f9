#!/usr/bin/env bash
# Installs the pinned node-opcua client of the interop test (NodeOpcUaInteropIT) from package-lock.json.
# node-opcua-client 2.182.2 is the newest release that runs on Node.js 20; later ones need Node.js >= 22.13.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
