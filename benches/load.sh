#!/usr/bin/env bash
# Load test: Lantern's pages against an axum hello-world of the same size, in one run.
#
#   benches/load.sh                      # 256 connections, 3 rounds of 5 s per page
#   CONNECTIONS=64 DURATION=10 ROUNDS=5 benches/load.sh
#   LANTERN_NO_PAGE_CACHE=1 benches/load.sh    # to measure what the page cache saves
#   RUST_LOG=warn benches/load.sh        # request logs off: report beside the default, never instead
#   LANTERN_BIN=/path/to/old/lantern benches/load.sh   # an earlier build, for a before/after table
#   PAGES="/es /es/help" benches/load.sh # only these pages
#
# Lantern runs at its default settings, as an operator runs it: request logs at info, written
# to a file (as under systemd or a container runtime, where standard error is not a terminal).
#
# Builds release binaries, serves a fresh database on 127.0.0.1, runs wrk (installed from
# Debian's packages when missing) against hello-world and each page, in turn, ROUNDS times:
# wrk shares the machine with both servers, so one pair of runs can be off by a fifth, and
# alternating them lets the noise hit both. Prints, for each page, the median round's
# requests per second and p99 latency (and hello-world's, in the same round), the median
# ratio to hello-world (and every round's), and the total of non-2xx/3xx answers and socket
# errors, then stops both servers.
# Everything listens on 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."

CONNECTIONS=${CONNECTIONS:-256}
SECONDS_PER_RUN=${DURATION:-5}
ROUNDS=${ROUNDS:-3}
THREADS=${THREADS:-2}
LANTERN_PORT=${LANTERN_PORT:-3201}
HELLO_PORT=${HELLO_PORT:-3202}

if ! command -v wrk >/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y wrk
fi
cargo build --release --locked --bin lantern --example hello
LANTERN_BIN=${LANTERN_BIN:-target/release/lantern}

work=$(mktemp -d)
# Waits for both to exit: Lantern drains for a few seconds after SIGTERM, with its port still
# bound, and the next run would fail to listen on it.
cleanup() {
  kill "${lantern_pid:-}" "${hello_pid:-}" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
"$LANTERN_BIN" serve --listen "127.0.0.1:$LANTERN_PORT" --database "$work/lantern.db" --feedback-database "$work/feedback.db" 2> "$work/lantern.log" &
lantern_pid=$!
target/release/examples/hello "127.0.0.1:$HELLO_PORT" > /dev/null &
hello_pid=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$LANTERN_PORT/healthz" > /dev/null && curl -fs "http://127.0.0.1:$HELLO_PORT/1" > /dev/null && break
  sleep 0.1
done
curl -fs "http://127.0.0.1:$LANTERN_PORT/healthz" > /dev/null || { echo "lantern did not start:"; cat "$work/lantern.log"; exit 1; }

# wrk's report → "rps p99 bad_responses socket_errors"
measure() {
  local url=$1 report rps p99 bad errors
  report=$(wrk -t "$THREADS" -c "$CONNECTIONS" -d "${SECONDS_PER_RUN}s" --latency "$url")
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$report")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$report")
  bad=$(awk '/Non-2xx or 3xx responses/ {print $NF}' <<<"$report")
  errors=$(awk -F'[ ,]+' '/Socket errors/ {print $4+$6+$8+$10}' <<<"$report")
  echo "$rps $p99 ${bad:-0} ${errors:-0}"
}

printf '%-46s %6s %10s %9s %10s %9s %9s %7s  %s\n' page bytes "req/s" p99 "hello r/s" "hello p99" ratio "bad" "rounds"
# Kept pages, a selective search, a search of many synonyms (12 results) and a search page of
# 20 results; then the Spanish site: its home page and help page (kept, as the English ones)
# and a Spanish search.
PAGES=${PAGES:-/ /help /resources/national-human-trafficking-hotline /states/TX /search?q=hotline /search?q=training+for+police /search?q=training /es /es/help /es/search?q=ayuda}
for path in $PAGES; do
  bytes=$(curl -fs "http://127.0.0.1:$LANTERN_PORT$path" | wc -c)
  rounds=()
  bad_total=0
  for _ in $(seq 1 "$ROUNDS"); do
    read -r hello_rps hello_p99 hello_bad hello_err < <(measure "http://127.0.0.1:$HELLO_PORT/$bytes")
    read -r rps p99 bad err < <(measure "http://127.0.0.1:$LANTERN_PORT$path")
    ratio=$(awk -v a="$rps" -v b="$hello_rps" 'BEGIN {printf "%.2f", a / b}')
    rounds+=("$ratio $rps $p99 $hello_rps $hello_p99")
    bad_total=$((bad_total + hello_bad + hello_err + bad + err))
  done
  # The median round by ratio (rounds sort as numbers on their first field).
  read -r ratio rps p99 hello_rps hello_p99 < <(printf '%s\n' "${rounds[@]}" | sort -n | sed -n "$(( (ROUNDS + 1) / 2 ))p")
  every=$(printf '%s\n' "${rounds[@]}" | awk '{printf "%s ", $1}')
  printf '%-46s %6s %10s %9s %10s %9s %8sx %7s  %s\n' "$path" "$bytes" "$rps" "$p99" "$hello_rps" "$hello_p99" "$ratio" "$bad_total" "$every"
done
echo "bad = non-2xx/3xx answers plus socket errors, over every run (hello-world's included)"
echo "request log: $(wc -l < "$work/lantern.log") lines (RUST_LOG=${RUST_LOG:-unset, so info})"
