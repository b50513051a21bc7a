#!/usr/bin/env bash
# Checks what a service that depends on this package pins (docs/architecture.md, "What a
# consumer pins"): for each library product, a throwaway consumer package that uses only that
# product is resolved and its Package.resolved read; any pin outside the allowed set fails the
# check. Then one consumer that uses every library product, and has a target of its own named
# `Cron`, is built (a module of ours that clashed with it would fail the build).
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

if [ "$build" -eq 1 ]; then
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
