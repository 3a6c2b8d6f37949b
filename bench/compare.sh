#!/bin/sh
# Reproduces docs/benchmarks.md: generates the exports, measures the parse floor, memory,
# and the peers (frictionless, csvkit's csvclean) installed in a throw-away virtualenv.
# Usage: sh bench/compare.sh [WORKDIR]   (default /tmp/gdb; needs ~1.3 GB free)
set -eu
W=${1:-/tmp/gdb}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$W"
cd "$ROOT"
cargo build --release
GOVDICT=${CARGO_TARGET_DIR:-$ROOT/target}/release/govdict

for n in 40000:40k 400000:400k 1000000:1m 4000000:4m; do
  rows=${n%%:*}; tag=${n##*:}
  [ -f "$W/ent_$tag.csv" ] || python3 bench/gen_large.py --rows "$rows" --out "$W/ent_$tag.csv"
done

echo "== parse floor"
cargo bench --bench csv_validate -- --floor "$W/ent_1m.csv"

echo "== time and peak RSS"
for tag in 40k 400k 1m 4m; do
  /usr/bin/time -f "govdict $tag %e s %M KB" "$GOVDICT" validate --max-findings 1000 \
    --format json "$W/ent_$tag.csv" > /dev/null || true
done

echo "== peers"
[ -x "$W/venv/bin/frictionless" ] || {
  python3 -m venv "$W/venv"
  "$W/venv/bin/pip" install -q frictionless csvkit
}
python3 bench/make_schema.py > "$W/ent.schema.json"
for tag in 40k; do
  printf '{"name": "ent", "path": "ent_%s.csv", "schema": "ent.schema.json", "encoding": "utf-8-sig"}\n' \
    "$tag" > "$W/ent_$tag.resource.json"
  (cd "$W" && /usr/bin/time -f "frictionless $tag %e s %M KB" "$W/venv/bin/frictionless" \
    validate --json --limit-errors 1000 "ent_$tag.resource.json" > /dev/null) || true
done
for tag in 40k 400k; do
  /usr/bin/time -f "csvclean $tag %e s %M KB" "$W/venv/bin/csvclean" -a "$W/ent_$tag.csv" \
    > /dev/null || true
done
[ -x "$W/xsv/bin/xsv" ] || CARGO_TARGET_DIR="$W/xsv-target" cargo install xsv --root "$W/xsv"
for cmd in count stats "stats --everything"; do
  # shellcheck disable=SC2086
  /usr/bin/time -f "xsv $cmd 1m %e s %M KB" "$W/xsv/bin/xsv" $cmd "$W/ent_1m.csv" > /dev/null
done
