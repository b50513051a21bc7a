#!/usr/bin/env bash
# The job-core benchmark of issue 5: builds bench-worker and sharded-bench in release and
# runs the orchestrator, which starts its own ZooKeeper and prints one line per figure (ours,
# ElasticJob-Lite 3.0.5's from the issue, and the issue's target). docs/benchmarks.md
# explains every figure. It ends with issue 6's failover latency and frozen-worker runs
# (--only failover,frozen for those alone; --failover-runs N, 3 by default).
#   scripts/bench.sh                      # 60 s windows, about 14 minutes
#   scripts/bench.sh --quick              # 10 s windows, about 2-3 minutes (a smoke run)
#   scripts/bench.sh --zk 10.0.0.5:2181   # an existing ZooKeeper (allow the srvr word)
# Any argument is passed on to sharded-bench (--seconds N, --only KEY,..., --keep-logs, ...).
# BENCH_SCRATCH sets the build folder (default .build-bench, so that it does not fight over
# .build with other builds on the machine).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-dependencies.sh
scratch="${BENCH_SCRATCH:-.build-bench}"
swift build -c release --enable-all-traits --scratch-path "$scratch" --product bench-worker >&2
swift build -c release --enable-all-traits --scratch-path "$scratch" --product sharded-bench >&2
bin="$(swift build -c release --enable-all-traits --scratch-path "$scratch" --show-bin-path)"
exec "$bin/sharded-bench" --worker "$bin/bench-worker" "$@"
