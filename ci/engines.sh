#!/usr/bin/env bash
# Exports checked in real engines: a PostgreSQL server (Debian package, started here on a
# Unix socket in a temporary folder), DuckDB and frictionless-py (PyPI, in a virtual
# environment), and the published site in headless Chromium with axe-core (npm).
# Installs what is missing; a missing engine is a failure, never a skip.
#
# usage: ci/engines.sh            (from the repository root, after `cargo build`)
# Environment: GOVDICT (binary, default target/debug/govdict), ENGINES_VENV (default
# /tmp/govdict-engines-venv).
set -euo pipefail
cd "$(dirname "$0")/.."

govdict=${GOVDICT:-${CARGO_TARGET_DIR:-target}/debug/govdict}
venv=${ENGINES_VENV:-/tmp/govdict-engines-venv}
[ -x "$govdict" ] || { echo "engines: $govdict is missing (cargo build first)" >&2; exit 2; }
govdict=$(realpath "$govdict")

sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
if [ ${#missing[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -qq >/dev/null
    "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q --disable-pip-version-check duckdb frictionless 'psycopg[binary]'
# CSV on the Web metadata, read by the csvw package (ci/engine_check.py csvw).
"$venv/bin/pip" install -q --disable-pip-version-check csvw

# PostgreSQL: a throwaway cluster owned by an unprivileged user, on a socket only.
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
cleanup() {
    "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$pg_dir"
}
trap cleanup EXIT
"${as_pg[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U "$pg_user" -E UTF8 --locale=C.UTF-8 \
    --auth=trust >/dev/null
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -w -l "$pg_dir/server.log" \
    -o "-c listen_addresses='' -k $pg_dir" start >/dev/null
export PGHOST=$pg_dir PGUSER=$pg_user PGDATABASE=postgres

"$venv/bin/python" ci/engine_check.py "$govdict" postgres duckdb frictionless
"$venv/bin/python" ci/engine_check.py "$govdict" csvw

# The published site in headless Chromium, with axe-core.
ci/site-check.sh "$govdict"
