#!/usr/bin/env bash
# Load test: Lantern's pages against an axum hello-world of the same size, in one run.
#
#   benches/load.sh                      # 256 connections, 10 s per page
#   CONNECTIONS=64 DURATION=5 benches/load.sh
#   LANTERN_NO_PAGE_CACHE=1 benches/load.sh    # to measure what the page cache saves
#
# Builds release binaries, serves a fresh database on 127.0.0.1, runs wrk (installed from
# Debian's packages when missing) against hello-world and each page, prints requests per
# second, p99 latency, the ratio to hello-world, and the count of non-2xx/3xx answers and
# socket errors, then stops both servers. Everything listens on 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."

CONNECTIONS=${CONNECTIONS:-256}
SECONDS_PER_RUN=${DURATION:-10}
THREADS=${THREADS:-2}
LANTERN_PORT=${LANTERN_PORT:-3201}
HELLO_PORT=${HELLO_PORT:-3202}

if ! command -v wrk >/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y wrk
fi
cargo build --release --locked --bin lantern --example hello

work=$(mktemp -d)
cleanup() { kill "${lantern_pid:-}" "${hello_pid:-}" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
RUST_LOG=warn target/release/lantern serve --listen "127.0.0.1:$LANTERN_PORT" --database "$work/lantern.db" &
lantern_pid=$!
target/release/examples/hello "127.0.0.1:$HELLO_PORT" > /dev/null &
hello_pid=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$LANTERN_PORT/healthz" > /dev/null && curl -fs "http://127.0.0.1:$HELLO_PORT/1" > /dev/null && break
  sleep 0.1
done

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

printf '%-48s %8s %12s %10s %8s %9s %7s\n' page bytes "req/s" p99 ratio non-2xx errors
for path in / /help /resources/national-human-trafficking-hotline /states/TX "/search?q=trafficking+hotline"; do
  bytes=$(curl -fs "http://127.0.0.1:$LANTERN_PORT$path" | wc -c)
  read -r hello_rps hello_p99 hello_bad hello_err < <(measure "http://127.0.0.1:$HELLO_PORT/$bytes")
  read -r rps p99 bad err < <(measure "http://127.0.0.1:$LANTERN_PORT$path")
  ratio=$(awk -v a="$rps" -v b="$hello_rps" 'BEGIN {printf "%.2f", a / b}')
  printf '%-48s %8s %12s %10s %8s %9s %7s\n' "hello-world ($bytes bytes)" "$bytes" "$hello_rps" "$hello_p99" "1.00" "$hello_bad" "$hello_err"
  printf '%-48s %8s %12s %10s %8s %9s %7s\n' "$path" "$bytes" "$rps" "$p99" "${ratio}x" "$bad" "$err"
done
