#!/usr/bin/env bash
# Uniqueness past the memory budget gives the same findings as an unlimited run: validates
# one generated export twice, without a limit and with `--max-memory` (default 64M), and
# compares every duplicate-value and duplicate-key finding (row, column, first row) and
# the totals. Prints wall time and peak RSS of both runs.
#
# Usage: bench/spill_check.sh [ROWS] [LIMIT] [WORKDIR]   (defaults: 10000000 64M /tmp/govdict-bench)
# Needs: cargo, python3, GNU time at /usr/bin/time.
set -euo pipefail
ROWS=${1:-10000000}
LIMIT=${2:-64M}
W=${3:-/tmp/govdict-bench}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
mkdir -p "$W"
(cd "$ROOT" && cargo build --release --locked --bin govdict)
GOVDICT=$TARGET/release/govdict
f="$W/ent_$ROWS.csv"
[ -f "$f" ] || python3 "$ROOT/bench/gen_large.py" --rows "$ROWS" --out "$f"

run() { # run LABEL OUT ARGS...
  local label=$1 out=$2
  shift 2
  local rc=0
  /usr/bin/time -f "%e %M" -o "$W/time.txt" "$GOVDICT" validate --format jsonl "$@" "$f" \
    > "$out" 2> "$W/stderr.txt" || rc=$?
  if [ "$rc" -gt 1 ]; then
    echo "$label: exit $rc: $(head -c 500 "$W/stderr.txt")" >&2
    exit 1
  fi
  read -r wall kb < <(tail -n 1 "$W/time.txt")
  printf '  %-26s %8.1f s %8.1f MB peak RSS\n' "$label" "$wall" "$((kb / 1024))"
}

echo "== $ROWS rows, $(stat -c %s "$f") bytes; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
run "unlimited" "$W/unlimited.jsonl" --max-memory 0
run "--max-memory $LIMIT" "$W/limited.jsonl" --max-memory "$LIMIT"

python3 - "$W/unlimited.jsonl" "$W/limited.jsonl" <<'PY'
import json, sys

def duplicates(path):
    found, summary = [], None
    for line in open(path, encoding="utf-8"):
        o = json.loads(line)
        if o.get("code") in ("duplicate-value", "duplicate-key"):
            found.append((o["code"], o.get("row"), o.get("column"), o.get("first_row")))
        if o.get("type") == "summary" or "totals" in o:
            summary = o
    return found, summary

a, sa = duplicates(sys.argv[1])
b, sb = duplicates(sys.argv[2])
print(f"  duplicate findings: unlimited {len(a)}, limited {len(b)}")
if a != b:
    extra, missing = set(b) - set(a), set(a) - set(b)
    print(f"  DIFFERENT: {len(missing)} missing, {len(extra)} extra, order equal: {sorted(a) == sorted(b)}")
    sys.exit(1)
if not a:
    print("  no duplicates in the file: nothing was compared")
    sys.exit(1)
print("  the same findings, in the same order")
PY
