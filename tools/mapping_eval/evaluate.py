#!/usr/bin/env python3
"""Runs `govdict map suggest` over generated exports (see generate.py) and reports:
top-1 accuracy on standard columns with and without --dataset, how non-standard columns
were treated, precision among confident proposals, a reliability table (share correct per
confidence band) and the end-to-end result of suggest -> conform -> validate.

Usage: evaluate.py --govdict PATH DIR [--no-e2e | --e2e-only] [--show-errors]"""

import argparse
import csv
import glob
import io
import os
import re
import subprocess
import tempfile

BANDS = [(0.9, 1.01), (0.8, 0.9), (0.7, 0.8), (0.5, 0.7), (0.0, 0.5)]


def read_truth(path):
    dataset, rows, fields = None, None, []
    for line in open(path, encoding="utf-8"):
        m = re.match(r"\s*dataset: (\S+)", line)
        if m:
            dataset = m.group(1)
        m = re.match(r"\s*rows: (\d+)", line)
        if m:
            rows = int(m.group(1))
        m = re.match(r'\s*- \{source: "(.*)", element: (\S+)\}', line)
        if m:
            fields.append((m.group(1).replace('\\"', '"'), None if m.group(2) == "null" else m.group(2)))
    return dataset, rows, fields


def count_rows(path):
    """Data rows of a CSV written by govdict (UTF-8, maybe with a BOM), 0 when absent."""
    if not os.path.exists(path):
        return 0
    with open(path, encoding="utf-8-sig", newline="") as f:
        return max(sum(1 for _ in csv.reader(f)) - 1, 0)


def suggest(govdict, path, dataset):
    cmd = [govdict, "map", "suggest", path, "--format", "csv"]
    if dataset:
        cmd += ["--dataset", dataset]
    out = subprocess.run(cmd, capture_output=True, check=True).stdout.decode("utf-8")
    rows = list(csv.reader(io.StringIO(out)))[1:]
    return [(r[0], r[1] or None, float(r[4]) if r[4] else 0.0) for r in rows]


def end_to_end(govdict, path, dataset, data_rows):
    """suggest (no --dataset, as a steward would start) -> conform -> validate."""
    with tempfile.TemporaryDirectory() as d:
        mapping = os.path.join(d, "m.yaml")
        out = os.path.join(d, "standard.csv")
        rej = os.path.join(d, "rejects.csv")
        subprocess.run([govdict, "map", "suggest", path, "-o", mapping], capture_output=True, check=True)
        c = subprocess.run([govdict, "conform", path, "--mapping", mapping, "-o", out, "--rejects", rej],
                           capture_output=True)
        written, rejected = count_rows(out), count_rows(rej)
        v = subprocess.run([govdict, "validate", out, "--dataset", dataset], capture_output=True) \
            if os.path.exists(out) else None
        r = {
            "conform": c.returncode, "written": written, "rejected": rejected,
            "validate": v.returncode if v else None, "rows": data_rows,
        }
        if v and v.returncode != 0:
            r["validate_says"] = v.stdout.decode("utf-8", "replace")[-600:]
        if c.returncode not in (0, 1):
            r["conform_says"] = c.stderr.decode("utf-8", "replace")[-600:]
        return r


def e2e_class(r):
    """clean: every row written and the file validates; kept: the file validates and every
    row is written or in the rejects file, with exit 1; anything else is a failure."""
    accounted = r["rows"] is None or r["written"] + r["rejected"] == r["rows"]
    honest = (r["conform"] == 1) == (r["rejected"] > 0)
    if r["validate"] == 0 and accounted and honest and r["conform"] in (0, 1):
        return "clean" if r["rejected"] == 0 else "kept"
    if r["conform"] == 1 and r["written"] == 0 and r["rejected"] == 0:
        return "refused"
    return "failed"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--govdict", required=True)
    ap.add_argument("--no-e2e", action="store_true")
    ap.add_argument("--e2e-only", action="store_true", help="skip the accuracy figures")
    ap.add_argument("--show-errors", action="store_true")
    ap.add_argument("dir")
    a = ap.parse_args()
    truths = sorted(glob.glob(os.path.join(a.dir, "*.truth.yaml")))
    stats = {"with": [0, 0], "without": [0, 0]}
    extras = {"with": [0, 0], "without": [0, 0]}
    confident = [0, 0]
    bands = {"with": {b: [0, 0] for b in BANDS}, "without": {b: [0, 0] for b in BANDS}}
    e2e = {"clean": 0, "kept": 0, "refused": 0, "failed": 0, "total": 0}
    for t in truths:
        stem = t[: -len(".truth.yaml")]
        path = [p for p in glob.glob(stem + ".*") if not p.endswith(".truth.yaml")][0]
        dataset, data_rows, fields = read_truth(t)
        truth = dict(fields)
        for mode, ds in () if a.e2e_only else (("with", dataset), ("without", None)):
            got = {s: (e, c) for s, e, c in suggest(a.govdict, path, ds)}
            for source, expected in truth.items():
                e, c = got.get(source, (None, 0.0))
                ok = e == expected
                if expected is None:
                    extras[mode][0] += e is None or c < 0.5
                    extras[mode][1] += 1
                else:
                    stats[mode][0] += ok
                    stats[mode][1] += 1
                if e is not None:
                    for b in BANDS:
                        if b[0] <= c < b[1]:
                            bands[mode][b][0] += ok
                            bands[mode][b][1] += 1
                    if c >= 0.7:
                        confident[0] += ok
                        confident[1] += 1
                if not ok and a.show_errors and (expected is not None or c >= 0.5):
                    print("%s [%s] %s: expected %s got %s (%.2f)" % (
                        os.path.basename(path), mode, source, expected, e, c))
        if not a.no_e2e:
            r = end_to_end(a.govdict, path, dataset, data_rows)
            kind = e2e_class(r)
            e2e["total"] += 1
            e2e[kind] += 1
            if a.show_errors and kind != "clean":
                print("%s e2e %s: %s" % (os.path.basename(path), kind, r))
    pct = lambda x: "%d/%d = %.1f%%" % (x[0], x[1], 100.0 * x[0] / max(x[1], 1))
    print("exports: %d" % len(truths))
    print("top-1 on standard columns, with --dataset:    %s" % pct(stats["with"]))
    print("top-1 on standard columns, without --dataset: %s" % pct(stats["without"]))
    print("non-standard columns unmapped or < 0.5, with:    %s" % pct(extras["with"]))
    print("non-standard columns unmapped or < 0.5, without: %s" % pct(extras["without"]))
    print("right among proposals with confidence >= 0.7 (both modes): %s" % pct(confident))
    for mode in ("with", "without"):
        print("reliability, %s --dataset:" % mode)
        for b in BANDS:
            print("  [%.1f, %.1f): %s" % (b[0], min(b[1], 1.0), pct(bands[mode][b])))
    if e2e["total"]:
        print("suggest -> conform -> validate, every row written and valid: %d/%d" % (
            e2e["clean"], e2e["total"]))
        print("  valid, some rows in the rejects file (counted, exit 1): %d/%d" % (
            e2e["kept"], e2e["total"]))
        print("  conform refused (nothing written, exit 1): %d/%d" % (e2e["refused"], e2e["total"]))
        print("  failed (invalid output, rows lost or dishonest exit): %d/%d" % (
            e2e["failed"], e2e["total"]))


if __name__ == "__main__":
    main()
