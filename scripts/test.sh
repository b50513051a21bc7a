#!/usr/bin/env bash
# Runs the test suite from a fresh Debian 12 machine with the Swift toolchain: installs what is
# missing, builds everything with every trait (warnings are errors), and runs the tests.
#   scripts/test.sh          # every tier: fast, server, chaos, browser, postgres (docs/testing.md),
#                            # then 100 seeds of the deterministic simulator
#   scripts/test.sh --fast   # only the fast tier (no server, process, browser or database)
# Tests start their own ZooKeeper and PostgreSQL servers on free loopback ports.
set -euo pipefail
cd "$(dirname "$0")/.."

fast=0
case "${1:-}" in
  --fast) fast=1 ;;
  "") ;;
  *) echo "usage: scripts/test.sh [--fast]" >&2; exit 64 ;;
esac

if [ "$fast" -eq 1 ]; then
  scripts/install-dependencies.sh demo
  export SHARDED_TEST_TIERS=fast
else
  scripts/install-dependencies.sh
  # What a service that depends on this package pins (docs/architecture.md).
  scripts/check-consumer-pins.sh
  # The job core's machines import nothing and read no clock (docs/job-core.md).
  scripts/check-machine-purity.sh
fi
swift build --build-tests --enable-all-traits -Xswiftc -warnings-as-errors
# The DocC catalog of the core and its doc comments: a broken link is an error (about 35 s;
# a fresh clone first builds the plugin's SymbolKit, about a minute more).
[ "$fast" -eq 1 ] || swift package --enable-all-traits generate-documentation --target ShardedJobs --warnings-as-errors

# Suites that start servers or processes are serialized inside their targets; --no-parallel
# keeps targets from competing with each other on a 2-core machine. The output is also kept in
# a log so that, when something fails, the failures are repeated at the end: a CI log that
# shows only its last lines still names them.
log="$(mktemp -t sharded-jobs-tests.XXXXXX)"
# The counts come from the test process's own xUnit report (Swift Testing writes it to
# RESULTS-swift-testing.xml): stretches of the output were lost on their way to the log here
# now and then, so its lines are no census.
results="$(mktemp -d -t sharded-jobs-results.XXXXXX)/results.xml"
status=0
# Line-buffered (stdbuf, inherited by the test process): a run that hangs still shows the test
# it hangs in, not a block of output cut off mid-line.
swift_test=(swift test --skip-build --enable-all-traits --no-parallel --xunit-output "$results")
command -v stdbuf > /dev/null && swift_test=(stdbuf -oL -eL "${swift_test[@]}")
# A run silent for 10 minutes hangs: the watcher prints its threads' stacks and kills it.
scripts/watch-for-hang.sh "$log" 600 &
watcher=$!
"${swift_test[@]}" 2>&1 | tee "$log" || status=$?
kill "$watcher" 2> /dev/null || true
# SHARDED_SIMULATION=0 leaves the simulator out (it is on by default in the full suite and in CI).
if [ "$fast" -eq 0 ] && [ "${SHARDED_SIMULATION:-1}" = 1 ]; then
  # The deterministic simulator (docs/testing.md): 100 seeds from a base seed that changes
  # every run and is printed, so that a failing seed replays with `scripts/simulate.sh --seed S`
  # (a release build of sharded-simulate, then about two minutes). SHARDED_SIM_BASE pins it.
  sim_base="${SHARDED_SIM_BASE:-$(( ($(date +%s) % 100000) * 10 + RANDOM % 10 ))}"
  echo "=== simulator: seeds $sim_base…$((sim_base + 99)) (scripts/simulate.sh --seed $sim_base --seeds 100) ==="
  scripts/simulate.sh --seed "$sim_base" --seeds 100 2>&1 | tee -a "$log" || status=1
fi
if [ "$status" -ne 0 ]; then
  echo
  echo "=== failures (repeated from the log above, $log) ==="
  grep -E '✘|↳|error:|[Ff]atal error|Exited with' "$log" | grep -v '^✘ Suite' | head -60 || true
  echo "=== last tests started ==="
  grep -E '^◇ Test ' "$log" | tail -3 || true
fi
if [ "$fast" -eq 1 ]; then
  report="${results%.xml}-swift-testing.xml"
  totals="$(grep -o '<testsuite [^>]*>' "$report" 2>/dev/null | sed -n 1p)"
  [ -n "$totals" ] || { echo "no test report at $report" >&2; exit 1; }
  count() { printf '%s' "$totals" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  executed=$(count tests)  # Swift Testing's `tests` leaves the skipped out
  failed=$(($(count failures) + $(count errors)))
  echo "FAST TIER: $executed tests executed, $failed failed"
  [ "$executed" -gt 0 ] || { echo "the fast tier ran no test" >&2; exit 1; }
fi
exit "$status"
