#!/usr/bin/env bash
# Runs the whole test suite from a fresh Debian 12 machine with the Swift toolchain:
# installs what is missing, builds everything (warnings are errors), and runs every test.
# Tests start their own ZooKeeper servers on free loopback ports; nothing else is needed.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-dependencies.sh
# What a service that depends on this package pins (docs/architecture.md).
scripts/check-consumer-pins.sh
swift build --build-tests --enable-all-traits -Xswiftc -warnings-as-errors

# Suites that start servers or processes are serialized inside their targets; --no-parallel
# keeps targets from competing with each other on a 2-core machine. The output is also kept in
# a log so that, when something fails, the failures are repeated at the end: a CI log that
# shows only its last lines still names them.
log="$(mktemp -t sharded-jobs-tests.XXXXXX)"
status=0
swift test --skip-build --enable-all-traits --no-parallel 2>&1 | tee "$log" || status=$?
if [ "$status" -ne 0 ]; then
  echo
  echo "=== failures (repeated from the log above, $log) ==="
  grep -E '✘|↳|error:|[Ff]atal error|Exited with' "$log" | grep -v '^✘ Suite' | head -60 || true
  echo "=== last tests started ==="
  grep -E '^◇ Test ' "$log" | tail -3 || true
fi
exit "$status"
