#!/usr/bin/env bash
# HSDS import time by package size: exports the real catalog as an HSDS package, grows it to
# each size with benches/hsds_package.py (services copied under new IDs and slugs), and times
# `lantern import --format hsds` into a fresh database, for three packages of that size:
#   - csv: the data package, valid;
#   - json: the same catalog as one JSON file (`lantern export --format json`);
#   - problems: the data package with every phone number cut to "12", so every phone is a problem
#     that names its file and line (the import refuses it, as it should).
# Prints seconds and peak RSS for each.
#
#   benches/import_scale.sh                     # 1, 2, 5 and 10 MB, release build
#   SIZES="1 2" LIMIT=300 benches/import_scale.sh
#   LANTERN_BIN=/path/to/other/lantern benches/import_scale.sh   # a baseline build
#
# Each import is stopped after LIMIT seconds (default 300), and reported as not done.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"1 2 5 10"}
LIMIT=${LIMIT:-300}
if [ -z "${LANTERN_BIN:-}" ]; then
  cargo build --release --locked --bin lantern
  LANTERN_BIN=target/release/lantern
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$LANTERN_BIN" import --database "$work/seeds.db" > /dev/null
"$LANTERN_BIN" export --format hsds --out "$work/package" --database "$work/seeds.db" > /dev/null

# time_import LABEL PATH EXPECT: EXPECT is ok or refused.
time_import() {
  local label=$1 path=$2 expect=$3 status=0 started took
  rm -f "$work/target.db"*
  started=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$work/rss" timeout "$LIMIT" \
    "$LANTERN_BIN" import --format hsds "$path" --database "$work/target.db" \
    > /dev/null 2> "$work/err" || status=$?
  took=$(echo "$(date +%s.%N) - $started" | bc)
  if [ "$status" -eq 124 ]; then
    echo "| $label | not done after $LIMIT s | |"
  elif { [ "$expect" = ok ] && [ "$status" -eq 0 ]; } || { [ "$expect" = refused ] && [ "$status" -ne 0 ]; }; then
    printf "| %s | %.1f s | %d MB |\n" "$label" "$took" "$(( $(grep -E '^[0-9]+$' "$work/rss" | tail -1) / 1024 ))"
  else
    echo "| $label | unexpected exit $status: $(head -c 200 "$work/err") | |"
  fi
}

echo "| package | import | peak RSS |"
echo "|---|---|---|"
for mb in $SIZES; do
  described=$(python3 benches/hsds_package.py "$work/package" "$work/p$mb" "$mb")
  services=$(echo "$described" | sed -E 's/.* ([0-9]+) services/\1/')
  time_import "$mb MB csv ($services services)" "$work/p$mb" ok
  "$LANTERN_BIN" export --format json --out "$work/j$mb" --database "$work/target.db" > /dev/null
  time_import "$(( $(stat -c %s "$work/j$mb/hsds.json") / 1048576 )) MB json" "$work/j$mb/hsds.json" ok
  cp -r "$work/p$mb" "$work/bad$mb"
  sed -i -E '2,$ s/^([^,]*,[^,]*,)[^,]*,/\112,/' "$work/bad$mb/phones.csv"
  time_import "$mb MB csv, every phone a problem" "$work/bad$mb" refused
  rm -rf "$work/p$mb" "$work/j$mb" "$work/bad$mb"
done
