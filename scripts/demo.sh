#!/usr/bin/env bash
# The ShardedJobs demo: three worker processes of the example service share a job's six items;
# one is killed with kill -9, its items fail over and the cluster reshards to two; it comes back.
#
#   scripts/demo.sh                   # the whole story (about a minute after the build)
#   scripts/demo.sh --quick           # the same story, shorter (about 30 s after the build)
#   scripts/demo.sh --keep-running    # leave the cluster up for zkCli and shardctl until Ctrl-C
#   scripts/demo.sh --zk HOST:PORT    # use an existing ZooKeeper instead of a local one
#
# It installs what is missing (scripts/install-dependencies.sh), builds only example-worker,
# exec-checker, demo-zk (without --zk) and shardctl (with --keep-running), starts a local
# ZooKeeper through ZooKeeperTesting (demo-zk), and checks every execution with exec-checker.
# Its last line is `SUMMARY fires=F item-fires=N duplicates=D lost=L`; it exits 1 when D or L
# is not 0. DEMO_BIN_DIR=<dir> uses products already built there (the test suite does).
# Everything it starts is stopped at the end, also on Ctrl-C.
set -euo pipefail
# No `| head` here: under pipefail a writer that head cuts off dies of SIGPIPE, and the demo
# with it (status 141, seen in CI); `sed -n 1p` reads to the end.
cd "$(dirname "$0")/.."
root=$PWD

zk="" quick=0 keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --zk) zk="${2:?--zk needs HOST:PORT}"; shift 2 ;;
    --zk=*) zk="${1#--zk=}"; shift ;;
    --quick) quick=1; shift ;;
    --keep-running) keep=1; shift ;;
    -h | --help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "demo.sh: unknown argument $1 (see --help)" >&2; exit 64 ;;
  esac
done

# The story's timing: a fire every 3 s, items of 1 s (so a kill lands in the middle of some),
# a 5 s session timeout (how long ZooKeeper takes to notice the kill).
job=zone-report items=6 period_ms=3000 cron='0/3 * * * * ?' work_ms=1000 session_ms=5000
shown=$([ "$quick" = 1 ] && echo 2 || echo 6)   # fires shown at each stage
namespace="demo-$$-$(date +%s)"
tty=0; [ -t 1 ] && [ "${TERM:-dumb}" != dumb ] && tty=1
steps=$((8 + keep)); step=0

progress() { step=$((step + 1)); printf '[%d/%d] %s\n' "$step" "$steps" "$*"; }
say() { printf '      %s\n' "$*"; }
now_ms() { date +%s%3N; }

work=$(mktemp -d "${TMPDIR:-/tmp}/sharded-demo.XXXXXX")
zk_pid="" keep_logs=0 interrupted=0 finished=0 waiting_in_keep=0
declare -A pid=() printed=()

stop_process() { # pid, seconds: SIGTERM, then SIGKILL after the grace period
  local p=$1 limit=$(($2 * 5)) i=0
  kill -0 "$p" 2>/dev/null || { { wait "$p" || true; } 2>/dev/null; return 0; }
  kill -TERM "$p" 2>/dev/null || true
  while kill -0 "$p" 2>/dev/null && [ $i -lt $limit ]; do sleep 0.2; i=$((i + 1)); done
  if kill -0 "$p" 2>/dev/null; then
    say "pid $p did not stop within $2 s after SIGTERM: SIGKILL"
    kill -KILL "$p" 2>/dev/null || true
  fi
  { wait "$p" || true; } 2>/dev/null
}

cleanup() {
  [ "$finished" = 1 ] && return 0
  finished=1
  for tag in "${!pid[@]}"; do stop_process "${pid[$tag]}" 20; done
  [ -n "$zk_pid" ] && stop_process "$zk_pid" 15
  if [ "$keep_logs" = 1 ]; then echo "logs kept in $work"; else rm -rf "$work"; fi
}
on_signal() {
  if [ "$waiting_in_keep" = 1 ]; then waiting_in_keep=0; return 0; fi
  interrupted=1
  echo
  echo "interrupted: stopping everything"
  cleanup
  exit 130
}
trap on_signal INT TERM
trap cleanup EXIT

fail() {
  echo "demo failed: $*" >&2
  for file in "$work"/w*.log; do
    [ -f "$file" ] && { echo "--- last lines of $(basename "$file")" >&2; tail -n 8 "$file" >&2; }
  done
  keep_logs=1
  exit 2
}

# --- 1. dependencies -----------------------------------------------------------------------
progress "checking dependencies"
missing=0
if command -v dpkg-query >/dev/null; then
  for package in zookeeper libzookeeper-mt-dev; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing=1
  done
  command -v java >/dev/null || missing=1
  if [ "$missing" = 1 ]; then
    say "installing what is missing (scripts/install-dependencies.sh demo)"
    scripts/install-dependencies.sh demo
  else
    say "ZooKeeper, its C client and Java are installed"
  fi
else
  say "not a Debian system: make sure ZooKeeper, libzookeeper-mt and Java are installed"
fi

# --- 2. build ------------------------------------------------------------------------------
products=(example-worker exec-checker)
[ -z "$zk" ] && products+=(demo-zk)
[ "$keep" = 1 ] && products+=(shardctl)
if [ -n "${DEMO_BIN_DIR:-}" ]; then
  progress "using the products in $DEMO_BIN_DIR"
  bin=$DEMO_BIN_DIR
else
  progress "building ${products[*]} (the first build takes several minutes)"
  for product in "${products[@]}"; do swift build --enable-all-traits --product "$product" 2>&1 | sed 's/^/      /'; done
  bin=$(swift build --enable-all-traits --show-bin-path)
fi
for product in "${products[@]}"; do
  [ -x "$bin/$product" ] || fail "$bin/$product is missing"
done

# --- 3. ZooKeeper --------------------------------------------------------------------------
if [ -z "$zk" ]; then
  progress "starting a local ZooKeeper (demo-zk, through ZooKeeperTesting)"
  setsid "$bin/demo-zk" >"$work/zk.out" 2>"$work/zk.log" &
  zk_pid=$!
  for _ in $(seq 1 300); do
    grep -q '^ZK ' "$work/zk.out" && break
    kill -0 "$zk_pid" 2>/dev/null || fail "demo-zk exited: $(cat "$work/zk.log")"
    sleep 0.2
  done
  read -r _ zk zk_java zk_dir < <(grep '^ZK ' "$work/zk.out") || fail "ZooKeeper did not start within 60 s"
  say "ZooKeeper $zk (JVM pid $zk_java, data in $zk_dir)"
else
  progress "using the ZooKeeper at $zk"
fi

# --- the view: which instance ran which items at each fire -----------------------------------
tz_offset=$(date +%z | awk '{ s = substr($0, 1, 1) == "-" ? -1 : 1; print s * (substr($0, 2, 2) * 3600 + substr($0, 4, 2) * 60) }')
tags="w1 w2 w3"
kill_tag="" kill_ms=0
# Reads the workers' BEGIN/EXEC lines; prints one row per fire since $1:
#   fireMs <TAB> complete (every item ran at its fire or as MISFIRE) <TAB> workers that ran them
#   <TAB> settled (complete, or old enough that nothing more runs at its own time) <TAB> text
rows() {
  awk -v since="$1" -v items="$items" -v tags="$tags" -v killtag="$kill_tag" -v killms="$kill_ms" \
    -v tzoff="$tz_offset" -v now="$(now_ms)" -v settle=$((work_ms + 2 * period_ms)) '
    function mark(source) { return source == "FAILOVER" ? "F" : source == "MISFIRE" ? "M" : "" }
    ($1 == "EXEC" && NF == 8 || $1 == "BEGIN" && NF == 7) && $4 >= since {
      t = $4; if (!(t in fire)) { fire[t] = 1; order[n++] = t }
      if ($1 == "EXEC") {
        done[t, $2, $3] = done[t, $2, $3] mark($8)
        if ($8 != "FAILOVER") { covered[t, $3] = 1; ran[t, $2] = 1 }
      } else began[t, $2, $3] = $5
    }
    END {
      for (i = 1; i < n; i++) for (j = i; j > 0 && order[j - 1] > order[j]; j--) {
        x = order[j]; order[j] = order[j - 1]; order[j - 1] = x }
      ntags = split(tags, tag, " ")
      for (k = 0; k < n; k++) {
        t = order[k]; s = int(t / 1000) + tzoff; s = (s % 86400 + 86400) % 86400
        text = sprintf("%02d:%02d:%02d", int(s / 3600), int(s % 3600 / 60), s % 60)
        complete = 1; for (i = 0; i < items; i++) if (!((t, i) in covered)) complete = 0
        workers = 0
        for (w = 1; w <= ntags; w++) {
          if ((t, tag[w]) in ran) workers++
          cell = ""
          for (i = 0; i < items; i++) {
            if ((t, tag[w], i) in done) cell = cell " " i done[t, tag[w], i]
            else if (tag[w] == killtag && (t, tag[w], i) in began && began[t, tag[w], i] <= killms) cell = cell " " i "x"
          }
          text = text sprintf("   %-14s", cell == "" ? "-" : substr(cell, 2))
        }
        settled = complete || now > t + settle
        printf "%s\t%d\t%d\t%d\t%s\n", t, complete, workers, settled, text
      }
    }' "$work"/w*.out
}

drawn=0
header() {
  local text="fire    " tag
  for tag in $tags; do text+=$(printf '   %-14s' "$tag"); done
  say "$text"
}
# Shows the rows since $1: redrawn in place on a terminal, new and changed rows otherwise.
show() {
  local since=$1 lines t complete workers text
  lines=$(rows "$since")
  if [ "$tty" = 1 ]; then
    [ "$drawn" -gt 0 ] && printf '\033[%dA\033[J' "$drawn"
    drawn=0
    while IFS=$'\t' read -r t complete workers settled text; do
      [ -z "$t" ] && continue
      say "$text"; drawn=$((drawn + 1))
    done < <(printf '%s\n' "$lines" | tail -n 12)
  else
    while IFS=$'\t' read -r t complete workers settled text; do
      [ -z "$t" ] && continue
      [ "$settled" = 0 ] && break   # rows in order: a later fire waits for this one
      if [ -z "${printed[$t]:-}" ]; then say "$text"
      elif [ "${printed[$t]}" != "$text" ]; then say "$text   (updated)"
      fi
      printed[$t]=$text
    done <<<"$lines"
  fi
}
end_view() { drawn=0; }

# Complete fires after $1 whose items ran on exactly $2 workers.
complete_fires() { rows "$1" | awk -F'\t' -v after="$1" -v w="$2" '$1 > after && $2 == 1 && $3 == w { print $1 }'; }
# Waits, showing the view since $1, until `$2` prints something; fails after $3 seconds.
watch_until() {
  local since=$1 condition=$2 limit=$(($3 * 2)) what=$4 i=0
  while :; do
    show "$since"
    [ -n "$(eval "$condition")" ] && break
    i=$((i + 1)); [ $i -ge $limit ] && fail "timed out after $3 s waiting for $what"
    sleep 0.5
  done
  show "$since"; end_view
}

# Workers and demo-zk run in their own sessions (setsid), so a Ctrl-C reaches only this script,
# whose trap stops the workers first and ZooKeeper last.
start_worker() { # tag, ip
  setsid "$bin/example-worker" --zk "$zk" --namespace "$namespace" --job "$job" --cron "$cron" --tag "$1" \
    --ip "$2" --session-timeout-ms "$session_ms" --work-ms "$work_ms" --out "$work/reports-$1" \
    >>"$work/$1.out" 2>>"$work/$1.log" &
  pid[$1]=$!
  mkdir -p "$work/reports-$1"
}
ready_count() { grep -c '^READY' "$work/$1.out" 2>/dev/null || true; }

# --- 4. three workers ----------------------------------------------------------------------
progress "starting 3 workers of example-worker (job $job: $items items, one per world region, cron '$cron')"
start_worker w1 127.0.0.1; start_worker w2 127.0.0.2; start_worker w3 127.0.0.3
for tag in $tags; do
  for _ in $(seq 1 300); do [ "$(ready_count "$tag")" -ge 1 ] && break; sleep 0.2; done
  [ "$(ready_count "$tag")" -ge 1 ] || fail "$tag did not register within 60 s"
done
for tag in $tags; do say "$tag: pid ${pid[$tag]}, instance $(sed -n 's/.*instance=\([^ ]*\).*/\1/p' "$work/$tag.log" | sed -n 1p)"; done
say "items: 0=Africa 1=America 2=Asia 3=Europe 4=Australia+Pacific 5=Atlantic+Indian+Antarctica"
say "each row: a fire; each column: the items that worker ran (F = by failover, M = a misfire run, x = killed mid-run)"
header
start_ms=$(now_ms)
# The first fire spread over all three (start-up and the first resharding are behind), then more.
steady_then_more() { local s; s=$(complete_fires 0 3 | sed -n 1p); [ -z "$s" ] || complete_fires "$s" 3 | sed -n "${shown}p"; }
watch_until "$start_ms" steady_then_more $((shown * 3 + 60)) "$shown fires spread over three workers"
steady=$(complete_fires 0 3 | sed -n 1p)
last_shown=$(complete_fires "$steady" 3 | sed -n "${shown}p")

# --- 5. kill -9 ----------------------------------------------------------------------------
progress "kill -9 of w2 (pid ${pid[w2]}) in the middle of its items; its session ends ${session_ms} ms later"
for _ in $(seq 1 100); do
  awk -v after="$last_shown" '$1 == "BEGIN" && $4 > after { found = 1 } END { exit !found }' "$work/w2.out" && break
  sleep 0.1
done
sleep 0.3   # both of its items have begun
kill_fire=$(awk '$1 == "BEGIN" { t = $4 } END { print t }' "$work/w2.out")
exec 3>&2 2>/dev/null   # (no "Killed" notice from bash)
kill -KILL "${pid[w2]}"; kill_ms=$(now_ms); kill_tag=w2
wait "${pid[w2]}" || true
exec 2>&3 3>&-
unset 'pid[w2]'
say "killed at $(date -d "@$((kill_ms / 1000))" +%T); w2 was running items $(awk -v t="$kill_fire" '$1 == "BEGIN" && $4 == t { printf "%s ", $3 }' "$work/w2.out")of the fire at $(date -d "@$((kill_fire / 1000))" +%T)"
header
failovers() { grep -h '^EXEC .* FAILOVER$' "$work"/w*.out 2>/dev/null | sed -n 1p; }
watch_until $((kill_fire - period_ms)) "failovers | grep -q . && complete_fires $kill_fire 2 | sed -n ${shown}p" \
  $((session_ms / 1000 + shown * 3 + 40)) "failover and fires on the two survivors"
failed_over=$(grep -h '^EXEC .* FAILOVER$' "$work"/w*.out | awk '{ printf "%s->%s ", $3, $2 }')
first_two=$(complete_fires "$kill_fire" 2 | sed -n 1p)
say "w2's interrupted items failed over: ${failed_over}(item->worker, for the fire at $(date -d "@$((kill_fire / 1000))" +%T))"
say "resharded to two: from the fire at $(date -d "@$((first_two / 1000))" +%T) on, w1 and w3 share all $items items"

# --- 6. restart ----------------------------------------------------------------------------
progress "starting w2 again"
start_worker w2 127.0.0.2
restart_ms=$(now_ms)
for _ in $(seq 1 300); do [ "$(ready_count w2)" -ge 2 ] && break; sleep 0.2; done
[ "$(ready_count w2)" -ge 2 ] || fail "w2 did not register again within 60 s"
say "w2: pid ${pid[w2]}"
header
watch_until $((restart_ms - period_ms)) "complete_fires $restart_ms 3 | sed -n ${shown}p" $((shown * 3 + 40)) \
  "fires on three workers again"
say "resharded to three: w2 runs items again"

# --- (--keep-running) ----------------------------------------------------------------------
if [ "$keep" = 1 ]; then
  progress "the cluster keeps running; press Ctrl-C (or: kill -TERM $$) to stop it and check the executions"
  zkcli=/usr/share/zookeeper/bin/zkCli.sh
  say "ZooKeeper:  $zk    namespace: $namespace    job: $job"
  say "zkCli:      $zkcli -server $zk ls -R /$namespace/$job"
  say "shardctl:   $bin/shardctl --zk $zk --namespace $namespace status $job"
  say "            $bin/shardctl --zk $zk --namespace $namespace sharding $job"
  say "reports:    $work/reports-w*/item-N.txt; logs: $work/w*.log"
  header
  waiting_in_keep=1
  while [ "$waiting_in_keep" = 1 ]; do show "$(($(now_ms) - 8 * period_ms))"; sleep 1 || true; done
  end_view
fi

# --- 7. stop -------------------------------------------------------------------------------
end_ms=$(now_ms)
progress "stopping the workers (SIGTERM: running items finish, instance nodes are removed)"
for tag in $tags; do stop_process "${pid[$tag]}" 20; unset "pid[$tag]"; done
if [ -n "$zk_pid" ]; then
  stop_process "$zk_pid" 15; zk_pid=""
  say "workers and ZooKeeper stopped"
else
  if [ -x /usr/share/zookeeper/bin/zkCli.sh ]; then
    /usr/share/zookeeper/bin/zkCli.sh -server "$zk" deleteall "/$namespace" >/dev/null 2>&1 &&
      say "workers stopped; namespace /$namespace removed" ||
      say "workers stopped; remove /$namespace with zkCli: deleteall /$namespace"
  else
    say "workers stopped; remove /$namespace with zkCli: deleteall /$namespace"
  fi
fi

# --- 8. check ------------------------------------------------------------------------------
progress "checking every execution with exec-checker (duplicates, lost item-fires)"
set +e
"$bin/exec-checker" --period-ms "$period_ms" --items "$items" --job "$job" --from "$steady" --to "$end_ms" \
  --work-ms "$work_ms" --kill "w2@$kill_ms" "$work"/w*.out >"$work/check.txt" 2>&1
checker_status=$?
set -e
summary=$(grep '^item-fires checked' "$work/check.txt" || true)
[ -n "$summary" ] || { cat "$work/check.txt"; fail "exec-checker printed no summary (status $checker_status)"; }
grep -v '^item-fires checked' "$work/check.txt" | sed 's/^/      /'
read -r n d l < <(echo "$summary" | sed 's/^item-fires checked \([0-9]*\), duplicates \([0-9]*\), lost \([0-9]*\).*/\1 \2 \3/')
[ "$d" = 0 ] && [ "$l" = 0 ] || keep_logs=1
cleanup
echo "SUMMARY fires=$((n / items)) item-fires=$n duplicates=$d lost=$l"
[ "$d" = 0 ] && [ "$l" = 0 ]
