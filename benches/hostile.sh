#!/usr/bin/env bash
# Memory budget under hostile clients: serves a fresh database with default settings (request
# logs on, as an operator runs it) on 127.0.0.1, points benches/hostile.py at it for a bounded
# time, prints its figures as JSON and stops the server.
#
#   benches/hostile.sh                         # 5,000 connections held 45 s, release build
#   CONNECTIONS=1000 HOLD=20 benches/hostile.sh
#   MIX=api benches/hostile.sh                 # every stalled reader asks for the largest API page
#   LANTERN_BIN=/path/to/other/lantern benches/hostile.sh   # measure another build (a baseline)
#
# Figures: RSS at the start (after one request to each kind of page), at its peak, and
# SETTLE seconds after every client has gone; /healthz latency (p50, p99, max) and failures;
# what an ordinary visitor got meanwhile.
set -euo pipefail
cd "$(dirname "$0")/.."

CONNECTIONS=${CONNECTIONS:-5000}
HOLD=${HOLD:-45}
SETTLE=${SETTLE:-10}
MIX=${MIX:-mixed}
PORT=${PORT:-3211}

if [ -z "${LANTERN_BIN:-}" ]; then
  cargo build --release --locked --bin lantern
  LANTERN_BIN=target/release/lantern
fi
# Both ends hold thousands of sockets.
ulimit -n "$(ulimit -Hn)"

work=$(mktemp -d)
cleanup() { kill "${pid:-}" 2>/dev/null || true; wait "${pid:-}" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
"$LANTERN_BIN" serve --listen "127.0.0.1:$PORT" --database "$work/lantern.db" --feedback-database "$work/feedback.db" 2> "$work/server.log" &
pid=$!
for _ in $(seq 1 200); do
  curl -fs "http://127.0.0.1:$PORT/healthz" > /dev/null && break
  sleep 0.1
done
# Warm: one of each kind of page, so the start figure includes what is kept for good.
for path in / /help /states/TX "/search?q=help" "/hsds/services?per_page=100&full=true" \
  /resources/national-human-trafficking-hotline; do
  curl -fs -o /dev/null "http://127.0.0.1:$PORT$path"
done
timeout $((${HOLD%.*} + ${SETTLE%.*} + 120)) \
  python3 benches/hostile.py "127.0.0.1:$PORT" "$pid" \
  --connections "$CONNECTIONS" --hold "$HOLD" --settle "$SETTLE" --mix "$MIX"
echo "server log: $(wc -l < "$work/server.log") lines, $(wc -c < "$work/server.log") bytes; longest $(awk '{ if (length > m) m = length } END { print m + 0 }' "$work/server.log") characters" >&2
