"""Parity of `govdict export --to sql-checks` with `govdict validate` in real engines.

For every dataset of the dictionary: generate an export with injected errors of every
cell-level code (deterministic, seeded), run `govdict validate --format json`, load the
same CSV as text into each engine (PostgreSQL, DuckDB, Spark local), run the generated
query there, and compare the findings exactly: row, column, header, element, code,
first row. Any difference fails (exit 1). Every cell-level code must occur.

usage: sql_checks.py GOVDICT WORKDIR [--engines postgres,duckdb,spark] [--rows N] [--seed S]
                     [--datasets ID,...]
       sql_checks.py generate GOVDICT DATASET ROWS SEED OUT.csv
       sql_checks.py bench GOVDICT DATASET ROWS SEED WORKDIR   (timings; not run by CI)
PostgreSQL is reached through PGHOST/PGUSER/PGDATABASE (a Unix socket).
"""

import csv
import datetime
import json
import os
import random
import subprocess
import sys
import time

CODES = [
    "required-value", "type-mismatch", "format-mismatch", "pattern-mismatch",
    "not-in-codelist", "checksum-failed", "out-of-range", "duplicate-value", "duplicate-key",
]
ROW_ID = "row_id"

# Check characters of the identifiers, as the standards define them.
GB11643_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
GB11643_CHECK = "10X98765432"
GB11714_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
GB32100_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
GB32100_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def gb11643(rng, regions):
    body = rng.choice(regions) + "%04d%02d%02d" % (
        rng.randint(1950, 2005), rng.randint(1, 12), rng.randint(1, 28)) + "%03d" % rng.randint(0, 999)
    s = sum(int(c) * w for c, w in zip(body, GB11643_WEIGHTS))
    return body + GB11643_CHECK[s % 11]


def with_birth_date(number, date, check=None):
    """An 18-character number carrying `date` (YYYYMMDD) at characters 7-14, with its check
    character recomputed (or `check`, to make it wrong)."""
    body = number[:6] + date + number[14:17]
    s = sum(int(c) * w for c, w in zip(body, GB11643_WEIGHTS))
    right = GB11643_CHECK[s % 11]
    return body + (right if check is None else next(c for c in check if c != right))


def gb11643_fprc(rng, regions):
    """A citizen identity number, or now and then a Foreign Permanent Resident ID number:
    9, the issuing province, a nationality code, the birth date, a sequence, the check."""
    citizen = gb11643(rng, regions)
    if rng.random() < 0.8:
        return citizen
    foreign = "9" + rng.choice(regions)[:2] + "%03d" % rng.randint(1, 999) + citizen[6:]
    return with_birth_date(foreign, citizen[6:14])


def gb11643_15(rng, regions):
    return rng.choice(regions) + "%02d%02d%02d" % (
        rng.randint(30, 99), rng.randint(1, 12), rng.randint(1, 28)) + "%03d" % rng.randint(0, 999)


def gb11714(body):
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    s = sum(alphabet.index(c) * w for c, w in zip(body, GB11714_WEIGHTS))
    c = 11 - s % 11
    return body + ("X" if c == 10 else "0" if c == 11 else str(c))


def gb32100(rng, regions):
    org = gb11714("".join(rng.choice("0123456789") for _ in range(8)))
    body = rng.choice(["91", "92", "93", "11", "12", "51", "52"]) + rng.choice(regions) + org
    s = sum(GB32100_CHARSET.index(c) * w for c, w in zip(body, GB32100_WEIGHTS))
    return body + GB32100_CHARSET[(31 - s % 31) % 31]


def parse_format(fmt):
    """(class, min length, max length, scale) of a format notation such as an..18 or n..18,2."""
    if not fmt or fmt[0] not in "anc":
        return None
    cls = "an" if fmt.startswith("an") else fmt[0]
    rest = fmt[len(cls):]
    scale = None
    if "," in rest:
        rest, sc = rest.split(",", 1)
        scale = int(sc)
    if rest.startswith(".."):
        return cls, 1, int(rest[2:]), scale
    if ".." in rest:
        lo, hi = rest.split("..")
        return cls, int(lo), int(hi), scale
    if rest:
        return cls, int(rest), int(rest), scale
    return cls, 1, 10, scale


class Column:
    def __init__(self, element, field, codelists, regions, released=None):
        self.e = element
        self.released = released
        self.required = field["required"]
        self.unique = field["unique"]
        self.codes = []
        self.aliases = []
        if element.get("codelist"):
            values = codelists[element["codelist"]]["values"]
            self.codes = [v["code"] for v in values]
            self.aliases = [v["name"] for v in values] + [a for v in values for a in v["aliases"]]
        self.regions = regions

    def edge(self, n):
        """The birth-date bound of identity numbers, on the first rows: born on the
        release date (passes), the day after and in 2099 (out-of-range), and after it with
        a wrong check character (checksum-failed: one finding per cell, the rule first)."""
        if self.e.get("rule") not in ("gb11643", "gb11643-fprc") or not self.released:
            return None
        on = datetime.date.fromisoformat(self.released)
        after = (on + datetime.timedelta(days=1)).strftime("%Y%m%d")
        dates = {0: (on.strftime("%Y%m%d"), None), 1: (after, None), 2: ("20991231", None),
                 3: (after, GB11643_CHECK)}
        if n not in dates:
            return None
        date, check = dates[n]
        return with_birth_date("110101%s%03d" % (date, 500 + n), date, check)

    def valid(self, rng, n):
        e, t, rule = self.e, self.e["type"], self.e.get("rule")
        fmt = e.get("format") or ""
        if rule == "gb11643":
            return gb11643(rng, self.regions)
        if rule == "gb11643-fprc":
            return gb11643_fprc(rng, self.regions)
        if rule == "gb11643-15":
            return gb11643_15(rng, self.regions)
        if rule == "gb32100":
            return gb32100(rng, self.regions)
        if rule == "gb11714":
            return gb11714("".join(rng.choice("0123456789") for _ in range(8)))
        if rule in ("gb2260", "gb2260-history"):
            return rng.choice(self.regions)
        if rule == "mobile-cn":
            return "1" + rng.choice("3456789") + "%09d" % rng.randint(0, 10**9 - 1)
        if rule == "email":
            return "user%d@example.cn" % n
        if rule == "url":
            return "https://example.cn/p/%d" % n
        if self.codes:
            return rng.choice(self.codes)
        if e.get("pattern"):
            return rng.choice(["010-12345678", "87654321", "A123", "1234", "13812345678", "400-123-4567"])
        if t in ("date", "datetime"):
            y, m, d = rng.randint(1990, 2020), rng.randint(1, 12), rng.randint(1, 28)
            text = fmt.replace("YYYY", "%04d" % y).replace("MM", "%02d" % m).replace("DD", "%02d" % d)
            return text.replace("hh", "%02d" % rng.randint(0, 23)).replace("mm", "%02d" % rng.randint(0, 59)).replace("ss", "%02d" % rng.randint(0, 59)) if fmt else "%04d-%02d-%02d" % (y, m, d)
        f = parse_format(fmt)
        if t in ("integer", "decimal"):
            hi = 10 ** min(f[2] - (f[3] or 0), 6) - 1 if f else 999
            lo = int(float(e["min"])) if e.get("min") else 0
            if e.get("max"):
                hi = min(hi, int(float(e["max"])))
            v = rng.randint(max(lo, 0), max(hi, lo, 0))
            if t == "decimal" and f and f[3]:
                return "%d.%0*d" % (v, f[3], rng.randint(0, 10 ** f[3] - 1)) if rng.random() < 0.5 else str(v)
            return str(v)
        if f:
            cls, lo, hi, _ = f
            length = rng.randint(lo, min(hi, max(lo, 12)))
            alphabet = {"n": "0123456789", "a": "ABCDEFGHXYZ", "an": "0123456789ABCDEFXYZ", "c": "数据元示例名称ABC123"}[cls]
            return "".join(rng.choice(alphabet) for _ in range(length))
        return "示例%d" % n

    def invalid(self, rng, value):
        """A wrong value of some kind, or a harmless variation."""
        e, t = self.e, self.e["type"]
        f = parse_format(e.get("format") or "")
        choices = [
            lambda: "",
            lambda: "   ",
            lambda: "  %s " % value,
            lambda: value + "9" * rng.randint(1, 40),
            lambda: value[:-1] if len(value) > 1 else "",
            lambda: "x" + value,
            lambda: value.lower(),
            lambda: "不是值",
        ]
        if e.get("rule") in ("gb11643", "gb11643-fprc", "gb32100", "gb11714"):
            last = "0123456789X" if e["rule"] != "gb32100" else GB32100_CHARSET
            choices += [lambda: value[:-1] + rng.choice(last)] * 4
            choices += [lambda: value[:6] + "20230230" + value[14:]]
        if self.codes:
            choices += [lambda: rng.choice(self.aliases or ["?"]), lambda: "99", lambda: rng.choice(self.codes).lower()]
        if e.get("pattern"):
            choices += [lambda: "12-34", lambda: "abc", lambda: "0000"]
        if t in ("integer", "decimal"):
            choices += [lambda: "-" + value, lambda: value + ".5", lambda: "1e5", lambda: "+" + value,
                        lambda: "151", lambda: "1.234", lambda: ".5", lambda: "99999999999"]
        if t in ("date", "datetime"):
            choices += [lambda: value.replace(value[:4], "1800", 1), lambda: value.replace(value[:4], "2300", 1),
                        lambda: value[:4] + value[4:].replace("02", "13", 1), lambda: "2021-02-29", lambda: "2024-02-29",
                        lambda: "20240229", lambda: "2020/01/01"]
        if f and f[0] in ("n", "an", "a"):
            choices += [lambda: value[:-1] + "Z", lambda: value[:-1] + "-"]
        return rng.choice(choices)()


def generate(dictionary, dataset_id, rows, seed):
    rng = random.Random("%s:%s" % (seed, dataset_id))
    elements = {e["id"]: e for e in dictionary["elements"]}
    codelists = {c["id"]: c for c in dictionary["codelists"]}
    regions = [v["code"] for v in codelists["GB/T 2260"]["values"] if not v["code"].endswith("00")][:200]
    dataset = next(d for d in dictionary["datasets"] if d["id"] == dataset_id)
    columns = [Column(elements[f["element"]], f, codelists, regions, dictionary.get("released"))
               for f in dataset["fields"]]
    key = [i for i, f in enumerate(dataset["fields"]) if f["element"] in dataset["primary_key"]]
    header = [c.e["name"] for c in columns]
    return header, rows_of(rng, columns, key, rows)


def rows_of(rng, columns, key, rows):
    """The rows, one at a time; repeats come from the last few hundred rows."""
    recent = []
    for n in range(rows):
        row = [c.valid(rng, n) for c in columns]
        for i, c in enumerate(columns):
            if rng.random() < 0.06:
                row[i] = c.invalid(rng, row[i])
            elif recent and (c.unique or i in key) and rng.random() < 0.05:
                row[i] = rng.choice(recent)[i]
        if recent and key and rng.random() < 0.04:
            earlier = rng.choice(recent)
            for i in key:
                row[i] = earlier[i]
        for i, c in enumerate(columns):
            row[i] = c.edge(n) or row[i]
        recent.append(row)
        if len(recent) > 500:
            recent.pop(rng.randrange(len(recent)))
        yield row


def write_csv(path, header, data):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(data)


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw).stdout


def validate_findings(govdict, path, dataset):
    out = run([govdict, "validate", path, "--dataset", dataset, "--format", "json",
               "--fail-on", "never", "--show-values", "none"])
    report = json.loads(out)
    if report["summary"]["truncated"]:
        raise SystemExit("validate truncated its findings")
    found = set()
    for file in report["files"]:
        for f in file["findings"]:
            if f["code"] in CODES:
                found.add((f["row"], f["column"], f.get("header"), f.get("element"), f["code"], f.get("first_row")))
    return found


def as_set(rows):
    return {(int(r[0]), int(r[1]), r[2], r[3], r[4], None if r[6] is None else int(r[6])) for r in rows}


def table_rows(header, data):
    return [[n + 2] + row for n, row in enumerate(data)]


def pg_findings(table, header, data, query, path):
    import psycopg
    with psycopg.connect(autocommit=True) as con:
        cols = ", ".join('"%s" TEXT' % h for h in header)
        con.execute('DROP TABLE IF EXISTS "%s"' % table)
        con.execute('CREATE TABLE "%s" (%s BIGINT, %s)' % (table, ROW_ID, cols))
        with con.cursor().copy('COPY "%s" FROM STDIN' % table) as copy:
            for r in table_rows(header, data):
                copy.write_row(r)
        return as_set(con.execute(query).fetchall())


def write_table_csv(path, header, data):
    """The CSV with the row-id column first, as a loader that numbers records writes it."""
    write_csv(path, [ROW_ID] + header, table_rows(header, data))


def duckdb_findings(table, header, data, query, path):
    import duckdb
    con = duckdb.connect()
    con.execute('CREATE TABLE "%s" AS SELECT * FROM read_csv(?, header = true, all_varchar = true)' % table,
                [path])
    return as_set(con.execute(query).fetchall())


_spark = None


def spark_session():
    global _spark
    if _spark is None:
        from pyspark.sql import SparkSession
        _spark = (SparkSession.builder.master("local[2]").appName("govdict-sql-checks")
                  .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                  .config("spark.sql.shuffle.partitions", "2")
                  .getOrCreate())
        _spark.sparkContext.setLogLevel("ERROR")
    return _spark


def spark_findings(table, header, data, query, path):
    from pyspark.sql.types import LongType, StringType, StructField, StructType
    spark = spark_session()
    schema = StructType([StructField(ROW_ID, LongType())] + [StructField(h, StringType()) for h in header])
    spark.createDataFrame(table_rows(header, data), schema).createOrReplaceTempView(table)
    return as_set(tuple(r) for r in spark.sql(query).collect())


def pg_url(table):
    from urllib.parse import quote
    return "postgresql://%s@/%s?host=%s&table=%s" % (
        quote(os.environ["PGUSER"], safe=""), quote(os.environ["PGDATABASE"], safe=""),
        quote(os.environ["PGHOST"], safe="/"), quote(table, safe=""))


def govdict_pg_findings(dataset, table):
    """`govdict validate postgres://…` (a build with the feature `postgres`, $GOVDICT_PG)
    on the table pg_findings loaded: the same findings as validate on the file, and the
    report names the table by its URL."""
    url = pg_url(table)
    out = run([os.environ["GOVDICT_PG"], "validate", url, "--dataset", dataset, "--format", "json",
               "--fail-on", "never", "--max-findings", "100000"])
    report = json.loads(out)
    file = report["files"][0]
    if file["path"] != url or file["format"] != "postgres" or file["truncated"]:
        raise SystemExit("govdict-postgres: unexpected report of %s: %s" % (
            url, {k: file[k] for k in ("path", "format", "truncated")}))
    return {(f["row"], f["column"], f.get("header"), f.get("element"), f["code"], f.get("first_row"))
            for f in file["findings"]}


def govdict_pg_refusals(dataset, table):
    """A missing table, a missing column and a bad row id are exit-2 errors with a reason."""
    binary, failed = os.environ["GOVDICT_PG"], False
    cases = [
        ([pg_url("no_such_table")], "has no table"),
        ([pg_url(table), "--row-id", "no_such_column"], "lacks the columns: no_such_column"),
    ]
    for args, said in cases:
        done = subprocess.run([binary, "validate"] + args + ["--dataset", dataset["id"]],
                              capture_output=True, text=True, env=dict(os.environ, LANG="en_US.UTF-8"))
        ok = done.returncode == 2 and said in done.stderr and not done.stdout
        print("%s govdict-postgres %s: exit %s %s" % (
            dataset["id"], " ".join(args[1:]) or "missing table", done.returncode, "ok" if ok else "WRONG"))
        if not ok:
            print("  " + done.stderr.strip().replace("\n", "\n  "))
            failed = True
    return failed


ENGINES = {"postgres": pg_findings, "duckdb": duckdb_findings, "spark": spark_findings}


def differs(dataset, engine, expected, got, took):
    """Prints the comparison of an engine's findings with validate's; True if they differ."""
    missing, extra = expected - got, got - expected
    status = "ok" if not missing and not extra else "DIFFERENT"
    print("%s %s: validate %d, %s %d findings (%.1f s) %s" % (
        dataset, engine, len(expected), engine, len(got), took, status))
    for f in sorted(missing, key=str)[:10]:
        print("  only validate: %s" % (f,))
    for f in sorted(extra, key=str)[:10]:
        print("  only %s: %s" % (engine, f))
    return bool(missing or extra)


def parity(govdict, work, engines, rows, seed, only=None):
    dictionary = json.loads(run([govdict, "export", "--to", "json"]))
    failed = False
    seen = set()
    for d in dictionary["datasets"]:
        if only and d["id"] not in only:
            continue
        header, data = generate(dictionary, d["id"], rows, seed)
        data = list(data)
        path = "%s/%s.csv" % (work, d["id"])
        write_csv(path, header, data)
        expected = validate_findings(govdict, path, d["id"])
        seen |= {f[4] for f in expected}
        table = d["id"].replace("-", "_")
        table_csv = "%s/%s.table.csv" % (work, d["id"])
        write_table_csv(table_csv, header, data)
        for engine in engines:
            dialect = engine
            query = run([govdict, "export", "--to", "sql-checks", "--dialect", dialect, "--dataset", d["id"]])
            start = time.monotonic()
            got = ENGINES[engine](table, header, data, query, table_csv)
            failed |= differs(d["id"], engine, expected, got, time.monotonic() - start)
            if engine == "postgres" and os.environ.get("GOVDICT_PG"):
                # The table is loaded: govdict runs the same query there itself.
                start = time.monotonic()
                got = govdict_pg_findings(d["id"], table)
                failed |= differs(d["id"], "govdict-postgres", expected, got, time.monotonic() - start)
                failed |= govdict_pg_refusals(d, table)
    absent = [c for c in CODES if c not in seen]
    if absent:
        print("codes never injected: %s" % ", ".join(absent))
        failed = True
    return 1 if failed else 0


def bench(govdict, dataset, rows, seed, work):
    """Times govdict validate, DuckDB and Spark local on one generated table."""
    dictionary = json.loads(run([govdict, "export", "--to", "json"]))
    path, table_csv = "%s/%s.csv" % (work, dataset), "%s/%s.table.csv" % (work, dataset)
    if not os.path.exists(table_csv):
        start = time.monotonic()
        header, data = generate(dictionary, dataset, rows, seed)
        with open(path + ".part", "w", newline="", encoding="utf-8") as f, \
                open(table_csv + ".part", "w", newline="", encoding="utf-8") as t:
            plain, numbered = csv.writer(f, lineterminator="\n"), csv.writer(t, lineterminator="\n")
            plain.writerow(header)
            numbered.writerow([ROW_ID] + header)
            for n, row in enumerate(data):
                plain.writerow(row)
                numbered.writerow([n + 2] + row)
        os.replace(path + ".part", path)
        os.replace(table_csv + ".part", table_csv)
        print("generated %d rows in %.0f s" % (rows, time.monotonic() - start))
    if os.environ.get("SQL_CHECKS_GENERATE_ONLY"):
        return 0
    table = dataset.replace("-", "_")
    # Counts per code: every finding is computed, none is shipped to Python.
    start = time.monotonic()
    out = run([govdict, "validate", path, "--dataset", dataset, "--format", "json",
               "--fail-on", "never", "--max-findings", "0"])
    by_code = {c: n for c, n in json.loads(out)["files"][0]["summary"]["by_code"].items() if c in CODES}
    print("govdict validate: %d findings in %.1f s" % (sum(by_code.values()), time.monotonic() - start))

    def counted(query):
        body = "\n".join(line for line in query.splitlines() if not line.startswith("--"))
        return "SELECT code, count(*) FROM (%s) q GROUP BY code" % body

    def verdict(rows):
        got = {c: n for c, n in rows}
        return "%d findings, %s" % (sum(got.values()), "equal counts" if got == by_code else "DIFFERENT: %s" % got)

    import duckdb
    query = run([govdict, "export", "--to", "sql-checks", "--dialect", "duckdb", "--dataset", dataset])
    con = duckdb.connect()
    start = time.monotonic()
    con.execute('CREATE TABLE "%s" AS SELECT * FROM read_csv(?, header = true, all_varchar = true)' % table,
                [table_csv])
    loaded = time.monotonic()
    rows = con.execute(counted(query)).fetchall()
    print("duckdb: load %.1f s, query %.1f s, %s" % (loaded - start, time.monotonic() - loaded, verdict(rows)))
    con.close()
    query = run([govdict, "export", "--to", "sql-checks", "--dialect", "spark", "--dataset", dataset])
    spark = spark_session()
    start = time.monotonic()
    spark.read.csv(table_csv, header=True).createOrReplaceTempView(table)
    rows = [tuple(r) for r in spark.sql(counted(query)).collect()]
    print("spark local[2]: read and query %.1f s, %s" % (time.monotonic() - start, verdict(rows)))
    return 0


def main(argv):
    if argv and argv[0] == "bench":
        govdict, dataset, rows, seed, work = argv[1:6]
        return bench(govdict, dataset, int(rows), int(seed), work)
    if argv and argv[0] == "generate":
        govdict, dataset, rows, seed, out = argv[1:6]
        dictionary = json.loads(run([govdict, "export", "--to", "json"]))
        header, data = generate(dictionary, dataset, int(rows), int(seed))
        write_csv(out, header, data)
        return 0
    govdict, work = argv[0], argv[1]
    engines, rows, seed, only = ["postgres", "duckdb", "spark"], 400, 20261130, None
    args = argv[2:]
    while args:
        flag, value, args = args[0], args[1], args[2:]
        if flag == "--engines":
            engines = value.split(",")
        elif flag == "--rows":
            rows = int(value)
        elif flag == "--datasets":
            only = value.split(",")
        elif flag == "--seed":
            seed = int(value)
        else:
            raise SystemExit("unknown option %s" % flag)
    return parity(govdict, work, engines, rows, seed, only)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
