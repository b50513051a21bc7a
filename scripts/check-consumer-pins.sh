#!/usr/bin/env bash
# Checks what a service that depends on this package pins (docs/architecture.md, "What a
# consumer pins"): for each library product, a throwaway consumer package that uses only that
# product is resolved and its Package.resolved read; any pin outside the allowed set fails the
# check. Then a service that uses only `ShardedJobs` (and `ShardedJobsZooKeeperTesting` to start
# a real ZooKeeper), with a target of its own named `Cron`, is built and runs a `SimpleJob`
# against that server; its test target uses `ShardedJobsTesting` and passes without a server.
# Finally one consumer of every library product is built (a module of ours that clashed with its
# `Cron` target would fail the build).
#
# Usage: scripts/check-consumer-pins.sh [--no-build]
# Prints one line per product, `PINS product=NAME count=N packages=a,b,…`, then
# `CONSUMER PINS OK` or the offending pins, and exits 1 on any.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build=1
[ "${1:-}" = "--no-build" ] && build=0

# The light set (issue 15): what the core and its optional pieces may bring to a consumer.
allowed=(swift-log swift-metrics swift-service-lifecycle swift-async-algorithms swift-collections
  yams swift-subprocess swift-system swift-distributed-tracing swift-service-context)
# The library products of the root package, read from its manifest.
mapfile -t products < <(cd "$root" && swift package dump-package |
  python3 -c 'import json,sys; print("\n".join(p["name"] for p in json.load(sys.stdin)["products"] if "library" in p["type"]))')

work="$(mktemp -d -t consumer-pins.XXXXXX)"
trap 'rm -rf "$work"' EXIT

# consumer DIR PRODUCT... : a consumer package using the given products, with a `Cron` target.
consumer() {
  local dir="$1"; shift
  mkdir -p "$dir/Sources/Cron" "$dir/Sources/Consumer"
  local deps="" imports=""
  for product in "$@"; do
    deps+="                .product(name: \"$product\", package: \"swift-sharded-jobs\"),"$'\n'
    imports+="import $product"$'\n'
  done
  cat > "$dir/Package.swift" <<EOF
// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "consumer",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "swift-sharded-jobs", path: "$root")],
    targets: [
        .target(name: "Cron"),
        .executableTarget(
            name: "Consumer",
            dependencies: [
                "Cron",
$deps            ]),
    ]
)
EOF
  echo 'public let cronTargetOfTheConsumer = "mine"' > "$dir/Sources/Cron/Cron.swift"
  printf '%simport Cron\nprint(cronTargetOfTheConsumer)\n' "$imports" > "$dir/Sources/Consumer/main.swift"
}

pins() {
  python3 -c 'import json,sys
try: data=json.load(open(sys.argv[1]))
except FileNotFoundError: data={"pins": []}
print(",".join(sorted(p["identity"] for p in data.get("pins", []))))' "$1/Package.resolved"
}

failed=0
for product in "${products[@]}"; do
  dir="$work/$product"
  consumer "$dir" "$product"
  (cd "$dir" && swift package resolve >/dev/null 2>"$dir/resolve.log") || {
    echo "resolving a consumer of $product failed:" >&2; cat "$dir/resolve.log" >&2; exit 2; }
  list="$(pins "$dir")"
  count=0; [ -n "$list" ] && count=$(tr ',' '\n' <<<"$list" | wc -l)
  echo "PINS product=$product count=$count packages=$list"
  for pin in ${list//,/ }; do
    if [[ ! " ${allowed[*]} " == *" $pin "* ]]; then
      echo "  not allowed: $product pins $pin" >&2
      failed=1
    fi
  done
done

# service DIR: a service using ShardedJobs alone, with a Cron target, a SimpleJob run against a
# real ZooKeeper, and a unit test of its job with ShardedJobsTesting.
service() {
  local dir="$1"
  mkdir -p "$dir/Sources/Cron" "$dir/Sources/Service" "$dir/Sources/Jobs" "$dir/Tests/JobsTests"
  cat > "$dir/Package.swift" <<EOF
// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "service",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "swift-sharded-jobs", path: "$root")],
    targets: [
        .target(name: "Cron"),
        .target(name: "Jobs", dependencies: [.product(name: "ShardedJobs", package: "swift-sharded-jobs")]),
        .executableTarget(
            name: "Service",
            dependencies: [
                "Cron", "Jobs",
                .product(name: "ShardedJobs", package: "swift-sharded-jobs"),
                .product(name: "ShardedJobsZooKeeperTesting", package: "swift-sharded-jobs"),
            ]),
        .testTarget(
            name: "JobsTests",
            dependencies: ["Jobs", .product(name: "ShardedJobsTesting", package: "swift-sharded-jobs")]),
    ]
)
EOF
  echo 'public let cronTargetOfTheService = "mine"' > "$dir/Sources/Cron/Cron.swift"
  cat > "$dir/Sources/Jobs/Greeting.swift" <<'EOF'
import ShardedJobs

/// Reports each item it runs, after the commit check.
public struct Greeting: SimpleJob {
    public let done: @Sendable (Int) -> Void
    public init(done: @escaping @Sendable (Int) -> Void) { self.done = done }
    public func execute(_ context: ShardingContext) async throws {
        try context.checkLease()
        done(context.shardingItem)
    }
}
EOF
  cat > "$dir/Sources/Service/main.swift" <<'EOF'
import Cron
import Jobs
import Logging
import ShardedJobs
import ShardedJobsZooKeeperTesting
import Synchronization

// A service with its own Cron module runs a SimpleJob against a real ZooKeeper.
let seen = Mutex<Set<Int>>([])
let logger = Logger(label: cronTargetOfTheService)
try await ZooKeeperServer.withServer { server in
    let scheduler = JobScheduler(zooKeeper: .init(connectString: server.connectString, namespace: "service"), logger: logger)
    try await scheduler.register(
        Greeting { item in seen.withLock { _ = $0.insert(item) } },
        configuration: JobConfiguration(
            name: "greeting", schedule: try .cron("* * * * * ?"), shardingTotalCount: 2,
            shardingItemParameters: [0: "north", 1: "south"]))
    let running = Task { try await scheduler.run() }
    let deadline = ContinuousClock.now + .seconds(60)
    while seen.withLock({ $0.count }) < 2, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(100)) }
    scheduler.shutdown()
    try await running.value
}
guard seen.withLock({ $0 }) == [0, 1] else { fatalError("the job did not run both items within 60 s") }
print("SERVICE RAN BOTH ITEMS")
EOF
  cat > "$dir/Tests/JobsTests/GreetingTests.swift" <<'EOF'
import Jobs
import ShardedJobs
import ShardedJobsTesting
import Synchronization
import Testing

@Test func greetsItsItem() async throws {
    let seen = Mutex<[Int]>([])
    try await Greeting { item in seen.withLock { $0.append(item) } }
        .execute(.testing(shardingItem: 1, shardingTotalCount: 3, shardingParameter: "eu"))
    #expect(seen.withLock { $0 } == [1])
}
EOF
}

if [ "$build" -eq 1 ]; then
  dir="$work/service"
  service "$dir"
  echo "a service using ShardedJobs alone, with a target named Cron: build, run against a real ZooKeeper, test…" >&2
  (cd "$dir" && swift package resolve >/dev/null 2>"$dir/resolve.log") || { cat "$dir/resolve.log" >&2; exit 2; }
  list="$(pins "$dir")"
  count=0; [ -n "$list" ] && count=$(tr ',' '\n' <<<"$list" | wc -l)
  echo "PINS service=ShardedJobs+ShardedJobsTesting count=$count packages=$list"
  [ "$count" -le 10 ] || { echo "the service pins $count packages, more than 10" >&2; failed=1; }
  (cd "$dir" && swift build 2>&1 | tail -3 >&2 && "$(swift build --show-bin-path)/Service" | grep -q "SERVICE RAN BOTH ITEMS") || {
    echo "the service did not build or did not run its job against ZooKeeper" >&2; exit 1; }
  (cd "$dir" && swift test 2>&1 | tail -3 >&2) || { echo "the service's job test failed" >&2; exit 1; }

  dir="$work/all"
  consumer "$dir" "${products[@]}"
  echo "building a consumer of every library product, with a target named Cron…" >&2
  (cd "$dir" && swift build 2>&1 | tail -5 >&2 && "$(swift build --show-bin-path)/Consumer" >/dev/null) || {
    echo "the consumer of every product did not build or run" >&2; exit 1; }
fi

if [ "$failed" -ne 0 ]; then
  echo "CONSUMER PINS FAILED (allowed: ${allowed[*]})"
  exit 1
fi
echo "CONSUMER PINS OK"
