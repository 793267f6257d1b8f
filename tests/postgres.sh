#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests, sourced by tests/run.sh:
#   source tests/postgres.sh && postgres_start
# It installs Debian's postgresql when missing, runs the server as an unprivileged user
# (PostgreSQL refuses to run as root) from a temporary folder, listening only on a Unix socket
# in that folder, and exports LANTERN_TEST_POSTGRES, the URL the tests create their databases
# through, and LANTERN_REQUIRE_POSTGRES, so those tests fail rather than skip without it.
# postgres_stop stops it and deletes the folder: the caller runs it on exit (`trap`), whatever
# happened.

postgres_bin() {
  local initdb
  initdb=$(command -v initdb || ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1)
  [ -n "$initdb" ] && dirname "$initdb"
}

postgres_start() {
  if [ -z "$(postgres_bin)" ]; then
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends postgresql
  fi
  local bin
  bin=$(postgres_bin)
  PG_DIR=$(mktemp -d /tmp/lantern-pg.XXXXXX)
  # As root, the cluster belongs to `nobody`; otherwise to whoever runs the tests.
  PG_AS=()
  if [ "$(id -u)" -eq 0 ]; then
    chown nobody "$PG_DIR"
    PG_AS=(runuser -u nobody --)
  fi
  "${PG_AS[@]}" "$bin/initdb" --pgdata "$PG_DIR/data" --username lantern --auth trust \
    --encoding UTF8 --locale C.UTF-8 > "$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log"; return 1; }
  # No TCP at all: the socket in the temporary folder is the only way in.
  "${PG_AS[@]}" "$bin/pg_ctl" --pgdata "$PG_DIR/data" --log "$PG_DIR/server.log" --wait \
    --options "-c listen_addresses='' -c unix_socket_directories='$PG_DIR' -c fsync=on" start \
    > /dev/null || { cat "$PG_DIR/server.log"; return 1; }
  export LANTERN_TEST_POSTGRES="postgresql://lantern@localhost/postgres?host=$PG_DIR"
  export LANTERN_REQUIRE_POSTGRES=1
  echo "PostgreSQL for the tests: $LANTERN_TEST_POSTGRES"
}

postgres_stop() {
  [ -n "${PG_DIR:-}" ] || return 0
  "${PG_AS[@]}" "$(postgres_bin)/pg_ctl" --pgdata "$PG_DIR/data" --mode immediate stop \
    > /dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  PG_DIR=""
}
