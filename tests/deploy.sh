#!/usr/bin/env bash
# Checks the deployment kit in deploy/: the systemd unit with `systemd-analyze verify` and the
# nginx configuration with `nginx -t`, each where the command exists (it says SKIPPED where it
# does not). Run by tests/run.sh after `cargo test` has built the binary.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=$(realpath "${LANTERN_BIN:-target/debug/lantern}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if command -v systemd-analyze >/dev/null; then
  # An instance of the template, running the binary just built (verify checks it exists).
  sed "s|/usr/local/bin/lantern|$binary|" deploy/lantern@.service > "$work/lantern@3001.service"
  if ! systemd-analyze verify "$work/lantern@3001.service" > "$work/verify.log" 2>&1 \
     || [ -s "$work/verify.log" ]; then
    cat "$work/verify.log" >&2
    echo "systemd-analyze verify found problems in deploy/lantern@.service" >&2
    exit 1
  fi
  echo "deploy/lantern@.service: systemd-analyze verify passed"
else
  echo "SKIPPED: systemd-analyze is not installed; deploy/lantern@.service was not verified"
fi

if command -v nginx >/dev/null; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=lantern.test" \
    -keyout "$work/privkey.pem" -out "$work/fullchain.pem" 2>/dev/null
  sed "s|/etc/ssl/lantern/|$work/|" deploy/nginx.conf > "$work/lantern.conf"
  cat > "$work/nginx.conf" <<CONF
pid $work/nginx.pid;
error_log $work/error.log;
events {}
http { access_log off; include $work/lantern.conf; }
CONF
  nginx -t -q -c "$work/nginx.conf" -e "$work/error.log"
  echo "deploy/nginx.conf: nginx -t passed"
else
  echo "SKIPPED: nginx is not installed; deploy/nginx.conf was not checked"
fi
