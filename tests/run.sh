#!/usr/bin/env bash
# Runs every test Lantern has, installing what they need first. This is the README's test
# command and exactly what CI runs (.ci/run), on a fresh clone with ../shared beside it.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== a throwaway PostgreSQL for the feedback store's tests (installed when missing)"
source tests/postgres.sh
trap postgres_stop EXIT
postgres_start

echo "== cargo test (unit and integration tests; the feedback store on SQLite and PostgreSQL)"
cargo test --locked

echo "== nginx for the deployment kit and the rolling restart (installed when missing)"
if ! command -v nginx > /dev/null; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends nginx-light
fi

echo "== the deployment kit (systemd-analyze verify, nginx -t)"
tests/deploy.sh

echo "== three instances behind nginx, restarted one at a time under load (PostgreSQL store)"
python3 tests/rolling_restart.py

echo "== the HSDS API against its OpenAPI document (schemathesis, installed when missing)"
tests/api_fuzz.sh

echo "== benchmarks still compile (they run with cargo bench, not here)"
cargo build --locked --benches --quiet

echo "== browser tests: installing Chromium and the test tools when missing"
if [ ! -x /usr/bin/chromium ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y chromium
fi
(cd tests/browser && npm ci --no-audit --no-fund)

echo "== browser tests (Chromium, axe-core)"
# They run the debug binary `cargo test` just built.
(cd tests/browser && npm test)
