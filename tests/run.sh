#!/usr/bin/env bash
# Runs every test Lantern has, installing what they need first. This is the README's test
# command and exactly what CI runs (.ci/run), on a fresh clone with ../shared beside it.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo test (unit and integration tests)"
cargo test --locked --all-targets
