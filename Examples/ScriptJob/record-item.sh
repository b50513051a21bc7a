#!/bin/sh
# The ScriptJob example's program: sharded-worker runs it once per item at every fire, without
# a shell in between, as   record-item.sh OUT_DIR '<sharding context JSON>'
# (OUT_DIR comes from script.command.line; the JSON is always the last argument, and is also in
# the environment variable SHARDING_CONTEXT). It writes the JSON to OUT_DIR/item-N.json.
set -eu

out_dir=$1
json=$2                                           # the sharding context: always the last argument

if [ "$json" != "${SHARDING_CONTEXT:-}" ]; then   # the same JSON, in the environment
    echo "SHARDING_CONTEXT differs from the last argument" >&2
    exit 3
fi

# {"jobName":"…","taskId":"…","shardingTotalCount":3,"jobParameter":"","shardingItem":1,"shardingParameter":"us"}
item=$(printf '%s\n' "$json" | sed -n 's/.*"shardingItem":\([0-9][0-9]*\).*/\1/p')
parameter=$(printf '%s\n' "$json" | sed -n 's/.*"shardingParameter":"\([^"]*\)".*/\1/p')
[ -n "$item" ] || { echo "no shardingItem in $json" >&2; exit 4; }

# Write then rename: a reader never sees half a file.
printf '%s\n' "$json" > "$out_dir/.item-$item.json.$$"
mv "$out_dir/.item-$item.json.$$" "$out_dir/item-$item.json"
echo "item $item (${parameter:-no parameter}) recorded in $out_dir/item-$item.json"   # logged by the worker
