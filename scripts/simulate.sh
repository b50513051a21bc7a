#!/usr/bin/env bash
# The deterministic simulator (DESIGN 12.2, docs/testing.md "The deterministic simulator"):
# real schedulers and clients on the ZooKeeper twin, one virtual clock per seed, a seeded fault
# schedule, the execution checker at the end of each seed.
#   scripts/simulate.sh [--seeds N] [--seed S] [--inject-bug NAME]
# Runs N seeds (default 1) from S (default 1). Standard output: one line per seed, then
#   SIMULATION seeds=N faults=F item-fires=I duplicates=D lost=L excused=E digest=H
# Exit 1 when D, L or V (forbidden executions) is not 0 (standard error names the first failing
# seed and the command that replays it). The build (release, in .build-release) and its output
# go to standard error.
set -euo pipefail
cd "$(dirname "$0")/.."

for arg in "$@"; do
  case "$arg" in
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  esac
done

scratch="${SHARDED_SIMULATE_SCRATCH:-.build-release}"
# SHARDED_BUILD_LOCK=FILE builds under flock FILE (machines where several builds share cores).
build=(swift build -c release --scratch-path "$scratch" --product sharded-simulate)
if [ -n "${SHARDED_BUILD_LOCK:-}" ]; then
  flock "$SHARDED_BUILD_LOCK" "${build[@]}" >&2
else
  "${build[@]}" >&2
fi

# Dictionary and Set order must not depend on a per-process seed (DESIGN 12.2).
export SWIFT_DETERMINISTIC_HASHING=1
exec "$scratch/release/sharded-simulate" "$@"
