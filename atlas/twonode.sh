#!/bin/sh
# A two-node Ray cluster simulated on this machine (`make atlas-twonode`): a head node and a second
# node, each a `ray start --block` of its own with one CPU and its own temporary folder, then a
# small atlas run joining them with --address; the count of filters each node rendered (from the
# results' timing sidecars) shows the work spread over both. Only the two nodes started here are
# stopped at the end (by their pids). On real machines: the same two `ray start` lines, one per
# machine (without --block), and the project and weight files at the same paths on each.
set -eu
PY=${PY:-.venv/bin/python}
RAY=$(dirname "$PY")/ray
PORT=${ATLAS_PORT:-6390}
OUT=${OUT:-out/atlas-twonode}
ARGS=${ARGS:---layers conv1_1,conv3_1 --filters 0-15 --size 64 --steps 5 --chunk 4}
TMP=$(mktemp -d /tmp/atlas-twonode.XXXXXX)
export RAY_AUTH_MODE=disabled  # one machine, loopback only: no token to hand between the nodes
pids=""
stop() { for p in $pids; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop EXIT
"$RAY" start --block --head --port="$PORT" --num-cpus=1 --resources='{"node_a": 1}' \
  --include-dashboard=false --disable-usage-stats --temp-dir="$TMP/a" >"$TMP/a.log" 2>&1 &
pids="$!"
sleep 8
"$RAY" start --block --address="127.0.0.1:$PORT" --num-cpus=1 --resources='{"node_b": 1}' \
  --disable-usage-stats >"$TMP/b.log" 2>&1 &
pids="$pids $!"
sleep 8
"$RAY" status --address="127.0.0.1:$PORT" | sed -n '/Active/,/Pending/p'
# shellcheck disable=SC2086
"$PY" -m atlas --address "127.0.0.1:$PORT" --workers 2 $ARGS --out "$OUT"
"$PY" - "$OUT" <<'PYEOF'
import collections, glob, json, sys
times = glob.glob(sys.argv[1] + "/*/*/*.time.json")
nodes = collections.Counter(json.load(open(p))["ray_node"] for p in times)
print("filters rendered per Ray node:", dict(nodes))
sys.exit(0 if len(nodes) >= 2 else 1)
PYEOF
