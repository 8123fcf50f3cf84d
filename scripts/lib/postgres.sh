# A throwaway PostgreSQL server for tests, sourced by scripts/test.sh (bash).
#   postgres_start DIR   initdb + pg_ctl start in DIR (created, owned by an unprivileged user), listening
#                        only on a unix socket in DIR; exports MIOKARTE_TEST_POSTGRES (a connection string).
#   postgres_stop DIR    stops that server and removes DIR.
# No system service, no TCP port: nothing outside DIR is touched. Needs Debian's postgresql.

postgres_bin() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -x "$bin/pg_ctl" ] || { echo "PostgreSQL binaries not found under /usr/lib/postgresql" >&2; return 1; }
  echo "$bin"
}

# The server refuses to run as root: as root, run it as Debian's 'postgres' user (made by the package).
postgres_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

postgres_start() {
  local dir=$1 bin port=5432 user
  bin=$(postgres_bin)
  mkdir -p "$dir"
  chmod 700 "$dir"
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$dir"; user=postgres; else user=$(id -un); fi
  postgres_as_owner "$bin/initdb" -D "$dir/data" -U "$user" --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; return 1; }
  # Only the unix socket in $dir (listen_addresses empty), so the port number never clashes with anything.
  # fsync off: the data is thrown away at the end, and the suite creates hundreds of databases.
  postgres_as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses='' -k $dir -p $port -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null || { cat "$dir/server.log" >&2; return 1; }
  export MIOKARTE_TEST_POSTGRES="Host=$dir;Port=$port;Username=$user;Database=postgres"
}

postgres_stop() {
  local dir=$1 bin
  bin=$(postgres_bin) || return 0
  if [ -f "$dir/data/postmaster.pid" ]; then
    postgres_as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}
