#!/usr/bin/env bash
# Checks that the HSDS API and its OpenAPI document agree: schemathesis sends the requests the
# document allows (and some it forbids) to the debug binary serving a fresh database on
# 127.0.0.1, and fails when an answer is not what the document says. Run by tests/run.sh
# after `cargo test` has built the binary. Bounded: a few examples per operation, and a time
# budget. Nothing but 127.0.0.1 is asked anything: the HSDS schemas the document refers to are
# read from ../shared/data/hsds-3 (or LANTERN_HSDS_SCHEMAS) and put inside a copy of it.
set -euo pipefail
cd "$(dirname "$0")/.."

schemas="${LANTERN_HSDS_SCHEMAS:-${LANTERN_SHARED:-../shared}/data/hsds-3}"
if [ ! -d "$schemas/compiled" ]; then
  echo "SKIPPED: the HSDS 3.0 schemas are not here ($schemas)"
  exit 0
fi
binary="${LANTERN_BIN:-target/debug/lantern}"
venv=target/schemathesis-venv
if [ ! -x "$venv/bin/st" ]; then
  echo "installing schemathesis into $venv"
  if ! python3 -m venv "$venv"; then
    # Debian splits venv out of python3.
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y python3-venv
    rm -rf "$venv"
    python3 -m venv "$venv"
  fi
  "$venv/bin/pip" install --quiet 'schemathesis==4.32.5'
fi

work="$(mktemp -d)"
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# A free port: bind to port 0 and read the one the kernel chose.
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
export LANTERN_DATABASE="$work/lantern.db"
export LANTERN_FEEDBACK_DATABASE="$work/feedback.db"
"$binary" import >/dev/null
RUST_LOG=warn "$binary" serve --listen "127.0.0.1:$port" 2>"$work/server.log" &
server=$!
for _ in $(seq 100); do
  curl --silent --fail --output /dev/null "http://127.0.0.1:$port/healthz" && break
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log"; exit 1; }
  sleep 0.1
done

# The document as the server serves it, with each HSDS schema it names by address put in
# components/schemas and referred to there.
curl --silent --fail "http://127.0.0.1:$port/openapi.json" >"$work/served.json"
python3 - "$work/served.json" "$schemas" "$work/openapi.json" <<'PY'
import json, re, sys
served, schemas, out = sys.argv[1:]
document = json.load(open(served))
prefix = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"

def local(node):
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(prefix):
            path = ref[len(prefix):]
            name = "hsds_" + re.sub(r"[^A-Za-z0-9]", "_", path.removesuffix(".json"))
            if name not in document["components"]["schemas"]:
                document["components"]["schemas"][name] = json.load(open(f"{schemas}/{path}"))
            node["$ref"] = f"#/components/schemas/{name}"
        for value in list(node.values()):
            local(value)
    elif isinstance(node, list):
        for value in node:
            local(value)

local(document["paths"])
if prefix in json.dumps(document):
    sys.exit("a reference to the network is left in the document")
json.dump(document, open(out, "w"))
PY

cd "$work"
timeout 150 "$OLDPWD/$venv/bin/st" run openapi.json \
  --url "http://127.0.0.1:$port/hsds" \
  --max-examples "${FUZZ_EXAMPLES:-30}" \
  --max-time 60 \
  --seed "${FUZZ_SEED:-20261128}" \
  --workers 2 \
  --request-timeout 10 \
  --phases examples,coverage,fuzzing \
  --generation-database none \
  --warnings off
