#!/usr/bin/env bash
# `export --to sql-checks` against `validate` in real engines: PostgreSQL (Debian package,
# see ci/pg.sh), DuckDB and Spark in local mode (PyPI, in a virtual environment; Spark runs
# on the machine's Java 17). Generated exports with injected errors of every cell-level
# code; each engine's findings must equal validate's exactly. Installs what is missing; a
# missing engine is a failure, never a skip. Also builds govdict with the feature
# `postgres` and checks that `govdict validate postgres://…` on each loaded table gives
# validate's findings on the file, and refuses a missing table or column with exit 2.
#
# usage: ci/sql-checks.sh          (from the repository root, after `cargo build`)
# Environment: GOVDICT (binary, default target/debug/govdict), SQL_CHECKS_VENV (default
# /tmp/govdict-sqlchecks-venv), SQL_CHECKS_ROWS (rows per dataset, default 400),
# SQL_CHECKS_ENGINES (default postgres,duckdb,spark; CI runs all three: leaving Spark out
# is for iterating by hand).
set -euo pipefail
cd "$(dirname "$0")/.."

govdict=${GOVDICT:-${CARGO_TARGET_DIR:-target}/debug/govdict}
venv=${SQL_CHECKS_VENV:-/tmp/govdict-sqlchecks-venv}
[ -x "$govdict" ] || { echo "sql-checks: $govdict is missing (cargo build first)" >&2; exit 2; }
govdict=$(realpath "$govdict")
command -v java >/dev/null 2>&1 || { echo "sql-checks: Spark needs Java (17)" >&2; exit 2; }

start=$SECONDS
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q --disable-pip-version-check duckdb 'psycopg[binary]' pyspark
echo "sql-checks: engines installed in $((SECONDS - start)) s"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The plain binary is kept aside: the build with the feature replaces target/debug/govdict.
cp "$govdict" "$work/govdict"
govdict=$work/govdict
cargo build --locked --quiet --features postgres
cp "${CARGO_TARGET_DIR:-target}/debug/govdict" "$work/govdict-pg"
export GOVDICT_PG=$work/govdict-pg
echo "sql-checks: govdict with the feature postgres built"

. ci/pg.sh
trap 'pg_stop; rm -rf "$work"' EXIT
"$venv/bin/python" ci/sql_checks.py "$govdict" "$work" --rows "${SQL_CHECKS_ROWS:-400}" \
    --engines "${SQL_CHECKS_ENGINES:-postgres,duckdb,spark}"
echo "sql-checks: done in $((SECONDS - start)) s"
