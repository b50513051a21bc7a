#!/usr/bin/env bash
# Runs the demo from a fresh Debian 12 machine with the Swift toolchain: installs what is
# missing, builds, and runs the example service. Without an argument the example starts a
# local ZooKeeper of its own on a free port; pass a connect string to use an existing one:
#   scripts/demo.sh                      # local ZooKeeper
#   scripts/demo.sh 10.0.0.5:2181        # an existing ensemble
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-dependencies.sh
swift build --product zk-client-demo
exec .build/debug/zk-client-demo "${1:-}" "${2:-client-demo}"
