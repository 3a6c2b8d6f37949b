#!/usr/bin/env python3
"""Exports checked in real engines: PostgreSQL, DuckDB, frictionless-py and the csvw
package (CSV on the Web metadata, validated with its `CSVW(..., validate=True)`).

For every shipped example (examples/*.csv) the rows `govdict validate` reports nothing
on are the clean rows; the rows it reports cell-level findings on are the bad rows. On
top, each dataset gets synthetic bad rows made from its first clean row: a bad code, a
bad check character, a value out of range (their findings again come from `validate`).

Each engine must
  - accept every clean row (loaded together), and
  - reject every bad row (one at a time, after the clean rows) whose findings include a
    code the export expresses in that engine; rows whose only defects the export states
    it cannot express are counted, not asserted.

A missing engine is a failure, never a skip.

usage: ci/engine_check.py GOVDICT_BINARY postgres|duckdb|frictionless|csvw ...
PostgreSQL is reached through libpq's environment (PGHOST, PGUSER, PGDATABASE).
Exit 0 when every check holds, 1 when one fails, 2 on a setup problem.
"""

import csv
import io
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLES = os.path.join(ROOT, "examples")

# Findings about the file's structure, not a row's values: no row constraint holds them.
STRUCTURE = {"blank-row", "extra-cell", "missing-cell", "unknown-column", "missing-column"}

# What each engine's export expresses (README / docs/publish.md list the rest).
EXPRESSED = {
    "postgres": {"required-value", "type-mismatch", "format-mismatch", "not-in-codelist",
                 "checksum-failed", "pattern-mismatch", "out-of-range", "duplicate-key",
                 "duplicate-value"},
    "duckdb": {"required-value", "type-mismatch", "format-mismatch", "not-in-codelist",
               "checksum-failed", "pattern-mismatch", "out-of-range", "duplicate-key",
               "duplicate-value"},
    # Table Schema: no check characters, no decimal digit counts of numbers.
    "frictionless": {"required-value", "type-mismatch", "not-in-codelist", "pattern-mismatch",
                     "out-of-range", "duplicate-key", "duplicate-value"},
    # CSVW: one regex per column (code list first), no check characters, uniqueness only
    # through the primary key.
    "csvw": {"required-value", "type-mismatch", "not-in-codelist", "out-of-range",
             "duplicate-key"},
}


def fail_setup(msg):
    print(f"engine-check: {msg}", file=sys.stderr)
    sys.exit(2)


def run(binary, *args, ok=(0,)):
    p = subprocess.run([binary, *args], cwd=ROOT, capture_output=True)
    if p.returncode not in ok:
        fail_setup(f"govdict {' '.join(args)} exited {p.returncode}: {p.stderr.decode()}")
    return p.stdout


class Case:
    """One dataset's rows in standard form (headers = element names, UTF-8)."""

    def __init__(self, name, dataset, header, clean, bad):
        self.name, self.dataset, self.header = name, dataset, header
        self.clean, self.bad = clean, bad  # bad: [(row_number, codes, cells)]


def validate(binary, path, dataset, extra=()):
    out = run(binary, "--lang", "en", "validate", path, "--dataset", dataset, "--format",
              "json", "--fail-on", "never", "--show-values", "none", *extra)
    return json.loads(out)["files"][0]


def read_rows(path, encoding, delimiter):
    with open(path, encoding="utf-8-sig" if encoding.upper() == "UTF-8" else encoding,
              newline="") as f:
        return list(csv.reader(f, delimiter=delimiter))


def example_cases(binary, names, datasets):
    cases = []
    for fname in sorted(os.listdir(os.path.join(EXAMPLES, "expected"))):
        meta = json.load(open(os.path.join(EXAMPLES, "expected", fname), encoding="utf-8"))
        if not meta.get("encoding") or not meta["file"].endswith(".csv"):
            continue
        path = os.path.join(EXAMPLES, meta["file"])
        report = validate(binary, path, meta["dataset"])
        rows = read_rows(path, meta["encoding"], meta["delimiter"])
        by_index = {c["index"]: c["element"] for c in report["columns"] if c.get("element")}
        position = {e: i for i, e in by_index.items()}
        fields = [f["element"] for f in datasets[meta["dataset"]]["fields"]]
        header = [names[e] for e in fields]
        # A uniqueness among some records only (`unique_among`) has no form in the
        # exports, which state no constraint for it: its duplicates are not asserted.
        conditional = {f["element"] for f in datasets[meta["dataset"]]["fields"]
                       if f.get("unique_among")}
        codes = {}
        for f in report["findings"]:
            if f.get("row"):
                code = f["code"]
                if code == "duplicate-value" and f.get("element") in conditional:
                    code = "duplicate-value (unique_among)"
                codes.setdefault(f["row"], set()).add(code)
        clean, bad = [], []
        for i, raw in enumerate(rows[1:]):
            row_no = i + 2
            # Every field of the dataset, in its order; a column the file lacks is empty.
            cells = [raw[position[e] - 1] if e in position and position[e] <= len(raw) else ""
                     for e in fields]
            found = codes.get(row_no, set())
            if not found:
                clean.append(cells)
            elif not found & STRUCTURE:
                bad.append((row_no, found, cells))
        cases.append(Case(meta["file"], meta["dataset"], header, clean, bad))
    return cases


def mutations(binary, case, dictionary):
    """Bad code, bad check character and out-of-range variants of the first clean row."""
    elements = {e["name"]: e for e in dictionary["elements"]}
    base = case.clean[0]
    variants = []
    for i, name in enumerate(case.header):
        e = elements[name]
        v = base[i]
        if e.get("codelist"):
            variants.append((f"{name}: code not in the list", i, "ZZ9"))
        if e.get("rule") in ("gb11643", "gb32100") and len(v) == 18:
            alphabet = "0123456789X" if e["rule"] == "gb11643" else \
                "0123456789ABCDEFGHJKLMNPQRTUWXY"
            other = alphabet[(alphabet.index(v[-1]) + 1) % len(alphabet)]
            variants.append((f"{name}: wrong check character", i, v[:-1] + other))
        if e.get("max") and e["type"] in ("integer", "decimal"):
            variants.append((f"{name}: above the maximum", i, str(int(float(e["max"])) + 1)))
        if e.get("min") and e["type"] in ("integer", "decimal"):
            variants.append((f"{name}: below the minimum", i, str(int(float(e["min"])) - 1)))
        if e.get("min") and e["type"] == "date" and e["min"][:4] > "1800":
            variants.append((f"{name}: before the minimum", i, "1800" + e["min"][4:]))
    if not variants:
        return []
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "mutations.csv")
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(case.header)
            for _, i, value in variants:
                row = list(base)
                row[i] = value
                w.writerow(row)
        report = validate(binary, path, case.dataset)
    codes = {}
    for f in report["findings"]:
        if f.get("row"):
            codes.setdefault(f["row"], set()).add(f["code"])
    out = []
    for k, (why, i, value) in enumerate(variants):
        row = list(base)
        row[i] = value
        found = codes.get(k + 2, set())
        if not found:
            fail_setup(f"{case.name}: mutation '{why}' is not a finding of validate")
        out.append((f"synthetic: {why}", found, row))
    return out


# --- engines -------------------------------------------------------------------------

class Sql:
    def __init__(self, engine, binary):
        self.engine, self.binary = engine, binary
        if engine == "postgres":
            try:
                import psycopg
            except ImportError:
                fail_setup("the Python package psycopg is missing (pip install 'psycopg[binary]')")
            try:
                self.conn = psycopg.connect(autocommit=True)
            except Exception as e:  # noqa: BLE001 - any connection failure is fatal here
                fail_setup(f"cannot connect to PostgreSQL: {e}")
        else:
            try:
                import duckdb
            except ImportError:
                fail_setup("the Python package duckdb is missing (pip install duckdb)")
            self.conn = duckdb.connect()

    def exec(self, sql, params=None):
        if self.engine == "postgres":
            with self.conn.cursor() as cur:
                cur.execute(sql, params)
        else:
            self.conn.execute(sql, params)

    def script(self, sql):
        if self.engine == "postgres":
            with self.conn.cursor() as cur:
                cur.execute(sql)
        else:
            self.conn.execute(sql)

    def begin(self):
        self.exec("BEGIN")

    def rollback(self):
        self.exec("ROLLBACK")

    def check(self, case):
        ddl = run(self.binary, "export", "--to", "sql", "--dialect", self.engine,
                  "--dataset", case.dataset).decode()
        table = case.dataset.replace("-", "_")
        self.exec(f'DROP TABLE IF EXISTS "{table}"')
        self.script(ddl)
        cols = ", ".join('"' + h + '"' for h in case.header)
        marks = ", ".join(["%s" if self.engine == "postgres" else "?"] * len(case.header))
        insert = f'INSERT INTO "{table}" ({cols}) VALUES ({marks})'
        errors = []
        for row in case.clean:
            try:
                self.exec(insert, [v if v != "" else None for v in row])
            except Exception as e:  # noqa: BLE001
                errors.append(f"clean row rejected: {row[:2]}…: {first_line(e)}")
        return insert, errors

    def rejects(self, insert, row):
        self.begin()
        try:
            self.exec(insert, [v if v != "" else None for v in row])
            return None
        except Exception as e:  # noqa: BLE001
            return first_line(e)
        finally:
            try:
                self.rollback()
            except Exception:  # noqa: BLE001 - DuckDB ends the failed transaction itself
                pass


def first_line(e):
    return str(e).strip().splitlines()[0][:200]


class Frictionless:
    def __init__(self, binary):
        try:
            import frictionless  # noqa: F401
        except ImportError:
            fail_setup("the Python package frictionless is missing (pip install frictionless)")
        self.binary = binary
        self.tmp = tempfile.mkdtemp()

    def _validate(self, case, rows):
        import frictionless
        schema = json.loads(run(self.binary, "export", "--to", "frictionless", "--dataset",
                                case.dataset))
        path = os.path.join(self.tmp, "data.csv")
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(case.header)
            w.writerows(rows)
        resource = frictionless.Resource(path="data.csv", basepath=self.tmp,
                                         schema=frictionless.Schema.from_descriptor(schema))
        report = frictionless.validate(resource)
        return report

    def check(self, case):
        report = self._validate(case, case.clean)
        errors = []
        if not report.valid:
            for err in report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]:
                errors.append(f"clean rows rejected: {err}")
        return case, errors

    def rejects(self, case, row):
        report = self._validate(case, case.clean + [row])
        if report.valid:
            return None
        return "; ".join(str(e[2]) for e in report.flatten(["rowNumber", "fieldName", "type"])[:3])


class Csvw:
    """The dataset's CSVW metadata beside a CSV of the rows, read by the csvw package."""

    def __init__(self, binary):
        try:
            import csvw  # noqa: F401
        except ImportError:
            fail_setup("the Python package csvw is missing (pip install csvw)")
        self.binary = binary
        self.tmp = tempfile.mkdtemp()

    def _problems(self, case, rows):
        import csvw
        import warnings
        metadata = run(self.binary, "export", "--to", "csvw", "--dataset", case.dataset)
        folder = tempfile.mkdtemp(dir=self.tmp)
        path = os.path.join(folder, "csv-metadata.json")
        with open(path, "wb") as f:
            f.write(metadata)
        with open(os.path.join(folder, f"{case.dataset}.csv"), "w", encoding="utf-8",
                  newline="") as f:
            w = csv.writer(f)
            w.writerow(case.header)
            w.writerows(rows)
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                checked = csvw.CSVW(path, validate=True)
                valid = checked.is_valid
        except ValueError as e:  # the csvw package raises on some violations
            return [first_line(e)]
        if valid:
            return []
        said = [str(w.message) for w in list(checked.warnings) + list(caught)]
        return [first_line(m) for m in said[:3]] or ["invalid"]

    def check(self, case):
        problems = self._problems(case, case.clean)
        return case, [f"clean rows rejected: {p}" for p in problems]

    def rejects(self, case, row):
        problems = self._problems(case, case.clean + [row])
        return "; ".join(problems) if problems else None


def main():
    if len(sys.argv) < 3:
        fail_setup(__doc__.strip().splitlines()[-3])
    binary, engines = sys.argv[1], sys.argv[2:]
    dictionary = json.loads(run(binary, "export", "--to", "json"))
    names = {e["id"]: e["name"] for e in dictionary["elements"]}
    datasets = {d["id"]: d for d in dictionary["datasets"]}
    cases = example_cases(binary, names, datasets)
    for case in cases:
        if case.clean:
            case.bad = case.bad + [(why, codes, row) for why, codes, row in
                                   mutations(binary, case, dictionary)]
    failures = 0
    for engine in engines:
        if engine in ("postgres", "duckdb"):
            adapter = Sql(engine, binary)
        elif engine == "frictionless":
            adapter = Frictionless(binary)
        elif engine == "csvw":
            adapter = Csvw(binary)
        else:
            fail_setup(f"unknown engine {engine}")
        expressed = EXPRESSED[engine]
        accepted = rejected = unasserted = 0
        for case in cases:
            handle, errors = adapter.check(case)
            for e in errors:
                print(f"FAIL {engine} {case.name}: {e}")
                failures += 1
            accepted += len(case.clean) if not errors else 0
            for row_no, codes, row in case.bad:
                why = adapter.rejects(handle, row)
                must = bool(codes & expressed)
                if why is not None:
                    rejected += 1
                elif must:
                    print(f"FAIL {engine} {case.name} row {row_no} {sorted(codes)}: accepted")
                    failures += 1
                else:
                    unasserted += 1
                    print(f"note {engine} {case.name} row {row_no} {sorted(codes)}: "
                          "accepted (not expressible in this export)")
        print(f"{engine}: {accepted} clean rows accepted, {rejected} bad rows rejected, "
              f"{unasserted} bad rows accepted where the export says it cannot express the defect")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
