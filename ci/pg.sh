# A throwaway PostgreSQL server (Debian package) on a Unix socket in a temporary folder,
# owned by an unprivileged user; stopped and removed when the calling script exits.
# Source it from a script run with `set -euo pipefail`: afterwards PGHOST, PGUSER and
# PGDATABASE point at the server. Installs the package when missing.

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    pg_sudo=()
    [ "$(id -u)" -eq 0 ] || pg_sudo=(sudo)
    DEBIAN_FRONTEND=noninteractive "${pg_sudo[@]}" apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive "${pg_sudo[@]}" apt-get install -y -qq postgresql >/dev/null
fi
pg_bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
pg_dir=$(mktemp -d)
if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$pg_dir"
    as_pg=(runuser -u postgres --)
    pg_user=postgres
else
    as_pg=()
    pg_user=$(id -un)
fi
pg_stop() {
    "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$pg_dir"
}
trap pg_stop EXIT
"${as_pg[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U "$pg_user" -E UTF8 --locale=C.UTF-8 \
    --auth=trust >/dev/null
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -w -l "$pg_dir/server.log" \
    -o "-c listen_addresses='' -k $pg_dir" start >/dev/null
export PGHOST=$pg_dir PGUSER=$pg_user PGDATABASE=postgres
