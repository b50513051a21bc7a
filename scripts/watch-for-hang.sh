#!/usr/bin/env bash
# Watches a running test log; when it has been silent for SECONDS (no test prints for that long:
# the longest test takes about two minutes), the test process hangs. Prints what each of its
# threads does (CPU per thread, then every thread's backtrace through gdb, demangled) and kills
# it, so that a hang fails the run at once with its evidence instead
# of running into CI's time limit.
#   scripts/watch-for-hang.sh LOG [SECONDS]      # runs until the test process is gone
set -uo pipefail

log="$1"
limit="${2:-600}"
pattern='sharded-jobsPackageTests.xctest'

# Waits for the test process to appear (the build before it is not watched).
pid=""
while [ -z "$pid" ]; do
  sleep 5
  pid="$(pgrep -n -f "$pattern")"
done

last=-1
silent=0
while kill -0 "$pid" 2> /dev/null; do
  sleep 10
  size="$(stat -c %s "$log" 2> /dev/null || echo 0)"
  if [ "$size" != "$last" ]; then
    last="$size"
    silent=0
    continue
  fi
  silent=$((silent + 10))
  [ "$silent" -ge "$limit" ] || continue
  echo
  echo "=== the tests printed nothing for $limit s: process $pid hangs; its threads ==="
  top -H -b -n 1 -p "$pid" | head -40
  if command -v gdb > /dev/null; then
    demangle=(cat)
    command -v swift-demangle > /dev/null && demangle=(swift-demangle --simplified)
    timeout 300 gdb -p "$pid" -batch -ex 'thread apply all bt 40' 2>&1 | "${demangle[@]}" | head -4000
  fi
  echo "=== killing process $pid ==="
  kill -9 "$pid"
  exit 0
done
