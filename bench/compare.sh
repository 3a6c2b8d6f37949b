#!/usr/bin/env bash
# One benchmark run: generates deterministic enterprise-registration exports, then times, in
# the same run and best of 3, govdict validate against the floors (a bare `csv` crate read,
# a bare calamine read of the same data as xlsx, xlsb and ods) and the peers (frictionless-py with an
# equivalent Table Schema, in a throw-away virtualenv; xsv and qsv when they build here).
# Prints wall time, rows/s, MB/s, peak RSS and ratios, and writes an SVG chart of rows/s
# against file size.
#
# Usage: bench/compare.sh [--smoke] [WORKDIR]      (default WORKDIR: /tmp/govdict-bench)
#   --smoke   1,000 rows, one pass, no peers: checks that the script works (seconds).
# Environment: SIZES="100000 1000000" (rows per file), RUNS=3, PEERS=0 to skip the peers,
#   BUILD_MINUTES=5 (time allowed to build xsv or qsv before giving up on it; 0: don't try).
# Needs: cargo, python3, /usr/bin/time (GNU time; Debian package `time`).
set -euo pipefail

SMOKE=0
if [ "${1:-}" = "--smoke" ]; then
  SMOKE=1
  shift
fi
W=${1:-/tmp/govdict-bench}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
if [ "$SMOKE" = 1 ]; then
  SIZES=${SIZES:-1000}
  RUNS=${RUNS:-1}
  PEERS=0
  XLSX_ROWS=1000
else
  SIZES=${SIZES:-100000 1000000}
  RUNS=${RUNS:-3}
  PEERS=${PEERS:-1}
  XLSX_ROWS=${XLSX_ROWS:-100000}
fi
BUILD_MINUTES=${BUILD_MINUTES:-5}
mkdir -p "$W"
RESULTS="$W/results.tsv"
: > "$RESULTS"

[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }

echo "== building (release)"
(cd "$ROOT" && cargo build --release --locked --bin govdict --example floor)
GOVDICT=$TARGET/release/govdict
FLOOR=$TARGET/release/examples/floor

echo "== machine"
echo "$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB RAM", $2/1048576}' /proc/meminfo)," \
  "load $(cut -d' ' -f1-3 /proc/loadavg), $(uname -sr)"

# measure LABEL FILE ROWS CMD...: best wall time of $RUNS runs and the peak RSS of that run.
measure() {
  local label=$1 file=$2 rows=$3
  shift 3
  local best="" rss="" i out
  out="$W/time.txt"
  for ((i = 0; i < RUNS; i++)); do
    if ! /usr/bin/time -v -o "$out" "$@" > /dev/null 2> "$W/stderr.txt"; then
      # govdict exits 1 when it finds errors: that is a result, not a failure.
      if ! grep -q "Exit status: 1" "$out"; then
        echo "  $label: failed ($(head -c 300 "$W/stderr.txt"))"
        return 0
      fi
    fi
    local wall kb
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {
      n = split($2, p, ":"); s = 0; for (j = 1; j <= n; j++) s = s * 60 + p[j]; print s }' "$out")
    kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out")
    if [ -z "$best" ] || awk -v a="$wall" -v b="$best" 'BEGIN {exit !(a < b)}'; then
      best=$wall
      rss=$kb
    fi
  done
  local bytes
  bytes=$(stat -c %s "$file")
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$(basename "$file")" "$rows" "$bytes" "$best" "$rss" \
    >> "$RESULTS"
  awk -v l="$label" -v f="$(basename "$file")" -v r="$rows" -v b="$bytes" -v w="$best" -v k="$rss" \
    'BEGIN { w = (w > 0.005 ? w : 0.005);
      printf "  %-34s %-22s %7.2f s %10.0f rows/s %7.1f MB/s %8.1f MB RSS\n",
        l, f, w, r / w, b / 1e6 / w, k / 1024 }'
}

echo "== data (bench/gen_large.py, seed 7, ~2% rows with one error)"
for rows in $SIZES; do
  f="$W/ent_$rows.csv"
  [ -f "$f" ] || python3 "$ROOT/bench/gen_large.py" --rows "$rows" --out "$f"
done
SMALLEST=${SIZES%% *}
XLSX_CSV="$W/ent_$XLSX_ROWS.csv"
[ -f "$XLSX_CSV" ] || python3 "$ROOT/bench/gen_large.py" --rows "$XLSX_ROWS" --out "$XLSX_CSV"
# The same rows as xlsx, xlsb and ods (text cells; bench/floor.rs).
for ext in xlsx xlsb ods; do
  [ -f "$W/ent_$XLSX_ROWS.$ext" ] || "$FLOOR" "to-$ext" "$XLSX_CSV" "$W/ent_$XLSX_ROWS.$ext" > /dev/null
done

echo "== CSV: govdict validate (all checks, --format json) against the bare csv crate read"
for rows in $SIZES; do
  f="$W/ent_$rows.csv"
  measure "csv crate read (floor)" "$f" "$rows" "$FLOOR" csv "$f"
  measure "govdict validate" "$f" "$rows" \
    "$GOVDICT" validate --format json --max-findings 1000 "$f"
done

# xlsx and xlsb: calamine's streaming cell reader; ods: its whole-sheet read (calamine has
# no streaming ods reader).
for ext in xlsx xlsb ods; do
  echo "== $ext: govdict validate against a bare calamine read"
  f="$W/ent_$XLSX_ROWS.$ext"
  measure "calamine read (floor)" "$f" "$XLSX_ROWS" "$FLOOR" "$ext" "$f"
  measure "govdict validate" "$f" "$XLSX_ROWS" \
    "$GOVDICT" validate --format json --max-findings 1000 "$f"
done

if [ "$PEERS" = 1 ]; then
  echo "== peers"
  if [ ! -x "$W/venv/bin/frictionless" ]; then
    python3 -m venv "$W/venv" && "$W/venv/bin/pip" install -q frictionless ||
      echo "  frictionless: could not be installed from PyPI"
  fi
  if [ -x "$W/venv/bin/frictionless" ]; then
    python3 "$ROOT/bench/make_schema.py" > "$W/ent.schema.json"
    f="ent_$SMALLEST.csv"
    printf '{"name": "ent", "path": "%s", "schema": "ent.schema.json", "encoding": "utf-8-sig"}\n' \
      "$f" > "$W/ent.resource.json"
    (cd "$W" && measure "frictionless validate (Table Schema)" "$W/$f" "$SMALLEST" \
      "$W/venv/bin/frictionless" validate --json --limit-errors 1000 ent.resource.json)
  fi
  for tool in xsv qsv; do
    if [ "$BUILD_MINUTES" = 0 ]; then
      [ -x "$W/$tool/bin/$tool" ] || echo "  $tool: not built (BUILD_MINUTES=0); skipped"
    elif [ ! -x "$W/$tool/bin/$tool" ]; then
      echo "  building $tool (at most $BUILD_MINUTES minutes)"
      CARGO_TARGET_DIR="$W/$tool-target" timeout "${BUILD_MINUTES}m" \
        cargo install -q --locked "$tool" --root "$W/$tool" > "$W/$tool-build.log" 2>&1 ||
        echo "  $tool: not built within $BUILD_MINUTES minutes here (see $W/$tool-build.log); skipped"
    fi
  done
  for rows in $SIZES; do
    f="$W/ent_$rows.csv"
    [ -x "$W/xsv/bin/xsv" ] && measure "xsv count (parse only)" "$f" "$rows" "$W/xsv/bin/xsv" count "$f"
    [ -x "$W/qsv/bin/qsv" ] && measure "qsv count (parse only)" "$f" "$rows" "$W/qsv/bin/qsv" count "$f"
  done
  true
fi

echo "== ratios (best of $RUNS, same run)"
awk -F'\t' '
  { key = $2; t[$1 SUBSEP key] = $5; rows[key] = $3 }
  END {
    for (k in rows) {
      g = t["govdict validate" SUBSEP k]
      c = t["csv crate read (floor)" SUBSEP k]; x = t["calamine read (floor)" SUBSEP k]
      fr = t["frictionless validate (Table Schema)" SUBSEP k]
      if (g != "" && c != "" && c > 0) printf "  %s: govdict / csv floor = %.2fx wall\n", k, g / c
      if (g != "" && x != "" && g > 0 && x > 0) printf "  %s: calamine floor / govdict = %.0f%% of the bare read speed\n", k, 100 * x / g
      # GNU time counts hundredths: a floor under 0.01 s has no meaningful ratio.
      if (g != "" && x != "" && x == 0) printf "  %s: calamine floor under 0.01 s, too short for a ratio\n", k
      if (g != "" && fr != "" && g > 0) printf "  %s: govdict rows/s / frictionless rows/s = %.0fx\n", k, fr / g
      if (fr != "" && fr > 0) { frate = rows[k] / fr; fkey = k }
    }
    # frictionless runs on the smallest file only (larger ones take minutes): on the larger
    # CSV files the row rate of govdict is compared with the rate of frictionless on that one.
    for (k in rows) {
      g = t["govdict validate" SUBSEP k]
      if (fkey != "" && k != fkey && k ~ /\.csv$/ && g != "" && g > 0)
        printf "  %s: govdict rows/s / frictionless rows/s on %s = %.0fx\n", k, fkey, rows[k] / g / frate
    }
  }' "$RESULTS"

# Chart: rows/s against file size (log-log), one line per tool.
SVG="$W/rows_per_second.svg"
awk -F'\t' -v out="$SVG" '
  function lg(v) { return log(v) / log(10) }
  $6 != "" && $5 > 0 && $2 ~ /\.csv$/ {
    n++; tool[n] = $1; mb[n] = $4 / 1e6; rps[n] = $3 / $5
    if (!(seen[$1]++)) order[++tools] = $1
  }
  END {
    if (n == 0) exit
    x0 = 1e9; x1 = -1e9; y0 = 1e9; y1 = -1e9
    for (i = 1; i <= n; i++) {
      if (lg(mb[i]) < x0) x0 = lg(mb[i]); if (lg(mb[i]) > x1) x1 = lg(mb[i])
      if (lg(rps[i]) < y0) y0 = lg(rps[i]); if (lg(rps[i]) > y1) y1 = lg(rps[i])
    }
    x0 = int(x0) - (x0 < 0); x1 = int(x1) + 1; y0 = int(y0); y1 = int(y1) + 1
    W = 640; H = 400; L = 70; R = 190; T = 30; B = 50
    split("#1f77b4 #d62728 #2ca02c #9467bd #ff7f0e #8c564b", colour, " ")
    printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">\n", W, H > out
    printf "<text x=\"%d\" y=\"18\">rows/s vs file size (MB), log scales / 每秒行数与文件大小</text>\n", L >> out
    for (d = x0; d <= x1; d++) {
      px = L + (d - x0) / (x1 - x0) * (W - L - R)
      printf "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/><text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%g</text>\n", px, T, px, H - B, px, H - B + 16, 10 ^ d >> out
    }
    for (d = y0; d <= y1; d++) {
      py = H - B - (d - y0) / (y1 - y0) * (H - T - B)
      printf "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/><text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%g</text>\n", L, py, W - R, py, L - 6, py + 4, 10 ^ d >> out
    }
    for (t = 1; t <= tools; t++) {
      pts = ""
      for (i = 1; i <= n; i++) if (tool[i] == order[t]) {
        px = L + (lg(mb[i]) - x0) / (x1 - x0) * (W - L - R)
        py = H - B - (lg(rps[i]) - y0) / (y1 - y0) * (H - T - B)
        pts = pts sprintf("%.1f,%.1f ", px, py)
        printf "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n", px, py, colour[t] >> out
      }
      printf "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>\n", pts, colour[t] >> out
      printf "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>\n", W - R + 10, T + 16 * t, colour[t], order[t] >> out
    }
    printf "</svg>\n" >> out
  }' "$RESULTS"
echo "== results: $RESULTS; chart: $SVG"
