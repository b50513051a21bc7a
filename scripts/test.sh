#!/usr/bin/env bash
# Runs the whole test suite from a fresh Debian 12 machine with the Swift toolchain:
# installs what is missing, builds everything (warnings are errors), and runs every test.
# Tests start their own ZooKeeper servers on free loopback ports; nothing else is needed.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-dependencies.sh
swift build --build-tests -Xswiftc -warnings-as-errors
# Suites that start servers or processes are serialized inside their targets; --no-parallel
# keeps targets from competing with each other on a 2-core machine.
swift test --skip-build --no-parallel
