#!/usr/bin/env bash
# Checks that the job core's state machines stay pure (DESIGN 12.2): the files of
# Sources/ShardedJobs/Machine import nothing (only the standard library and the core's own value
# types, which need no import), and read no clock, draw no random number and start no task.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=Sources/ShardedJobs/Machine
status=0
if grep -nE '^\s*(@[A-Za-z_]+(\([A-Za-z_]+\))?\s+)*import\s' "$dir"/*.swift; then
  echo "machine files must not import modules (above)" >&2
  status=1
fi
if grep -nE '\bDate\(|ContinuousClock|SuspendingClock|\.now\b|\.random|Task[ .{(]|Task\.sleep|DispatchQueue|Mutex|Atomic|nowMillis\(\)' "$dir"/*.swift; then
  echo "machine files must not read a clock, draw random numbers, start tasks or share state (above)" >&2
  status=1
fi
[ "$status" -eq 0 ] && echo "MACHINE PURITY OK ($(ls "$dir"/*.swift | wc -l) files)"
exit "$status"
