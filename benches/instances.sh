#!/usr/bin/env bash
# Several instances behind nginx: requests per second through nginx with 1, 2 and 3 instances,
# and the latency nginx adds (the same page asked of one instance directly and through nginx).
#
#   benches/instances.sh                       # 64 connections, 3 rounds of 5 s per setup
#   CONNECTIONS=128 DURATION=10 benches/instances.sh
#   PAGE=/help benches/instances.sh
#
# Every instance runs at its default settings (request logs on, to a file) with its own
# catalog database and one shared SQLite feedback store (the pages measured never write to
# it). Builds the release binary; installs wrk and nginx from Debian's packages when missing.
# Everything listens on 127.0.0.1 only, and everything started is stopped at the end.
#
# On one machine the instances, nginx and wrk share the same cores: more instances cannot make
# more CPU, so the figures show what nginx costs and that adding instances does not lose
# throughput, not how a fleet of machines scales.
set -euo pipefail
cd "$(dirname "$0")/.."

CONNECTIONS=${CONNECTIONS:-64}
SECONDS_PER_RUN=${DURATION:-5}
ROUNDS=${ROUNDS:-3}
PAGE=${PAGE:-/resources/national-human-trafficking-hotline}

missing=()
command -v wrk > /dev/null || missing+=(wrk)
command -v nginx > /dev/null || missing+=(nginx-light)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y "${missing[@]}"
fi
cargo build --release --locked --bin lantern
LANTERN_BIN=${LANTERN_BIN:-target/release/lantern}

work=$(mktemp -d)
chmod 755 "$work"
pids=()
cleanup() {
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

ports=()
for n in 1 2 3; do
  port=$(free_port)
  "$LANTERN_BIN" serve --listen "127.0.0.1:$port" --database "$work/catalog-$n.db" \
    --feedback-database "$work/feedback.db" 2> "$work/lantern-$n.log" &
  pids+=($!)
  ports+=("$port")
  for _ in $(seq 600); do
    curl -fs "http://127.0.0.1:$port/readyz" > /dev/null 2>&1 && break
    sleep 0.1
  done
done

nginx_port=$(free_port)
start_nginx() {
  local servers=""
  for port in "$@"; do servers+="server 127.0.0.1:$port max_fails=3 fail_timeout=2s; "; done
  [ -f "$work/nginx.pid" ] && { kill "$(cat "$work/nginx.pid")"; while [ -f "$work/nginx.pid" ]; do sleep 0.05; done; }
  cat > "$work/nginx.conf" <<CONF
pid $work/nginx.pid;
error_log $work/nginx-error.log;
worker_processes 1;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/nb; proxy_temp_path $work/np; fastcgi_temp_path $work/nf;
  uwsgi_temp_path $work/nu; scgi_temp_path $work/ns;
  upstream lantern { $servers keepalive 64; }
  server {
    listen 127.0.0.1:$nginx_port;
    gzip off;
    location / {
      proxy_pass http://lantern;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_next_upstream error timeout http_502 http_503 http_504;
    }
  }
}
CONF
  nginx -c "$work/nginx.conf" -e "$work/nginx-error.log"
  for _ in $(seq 100); do [ -f "$work/nginx.pid" ] && break; sleep 0.05; done
}

# One wrk run: requests per second, p50 and p99 (ms), and errors.
run() {
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -H 'Accept-Encoding: br' "$1" > "$work/wrk.txt"
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
  p50=$(awk '$1=="50%" {print $2}' "$work/wrk.txt")
  p99=$(awk '$1=="99%" {print $2}' "$work/wrk.txt")
  errors=$(awk '/Non-2xx|Socket errors/ {print}' "$work/wrk.txt" | tr '\n' ' ')
  echo "$rps $p50 $p99 ${errors:-none}"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "page $PAGE, $CONNECTIONS connections, $ROUNDS rounds of ${SECONDS_PER_RUN}s, default settings (request logs on)"
printf '%-26s %10s %9s %9s  %s\n' setup "req/s" "p50" "p99" "errors (every round)"
report() {
  local name=$1; shift
  local results=()
  for _ in $(seq "$ROUNDS"); do results+=("$(run "$1")"); done
  local rps p50 p99
  rps=$(printf '%s\n' "${results[@]}" | awk '{print $1}' | median)
  p50=$(printf '%s\n' "${results[@]}" | awk '{print $2}' | sort -V | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  p99=$(printf '%s\n' "${results[@]}" | awk '{print $3}' | sort -V | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf '%-26s %10s %9s %9s  %s\n' "$name" "$rps" "$p50" "$p99" \
    "$(printf '%s\n' "${results[@]}" | cut -d' ' -f4- | sort -u | tr '\n' ' ')"
}

report "1 instance, direct" "http://127.0.0.1:${ports[0]}$PAGE"
for n in 1 2 3; do
  start_nginx "${ports[@]:0:$n}"
  report "$n instance(s) via nginx" "http://127.0.0.1:$nginx_port$PAGE"
done
