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
. ci/pg.sh

"$venv/bin/python" ci/engine_check.py "$govdict" postgres duckdb frictionless
"$venv/bin/python" ci/engine_check.py "$govdict" csvw

# The published site in headless Chromium, with axe-core.
ci/site-check.sh "$govdict"
