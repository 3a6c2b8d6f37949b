#!/usr/bin/env python3
"""Times `govdict validate` on a CSV against DuckDB and Spark local running the query of
`govdict export --to sql-checks` on the same rows, loaded as a table.

The data is bench/gen_large.py's enterprise-registration export (deterministic for --rows
and --seed); the table is the same CSV with a row-id column in front (the row number
validate gives the record: the header is row 1). Every engine computes every finding; the
findings are counted per code and the counts compared with validate's, so nothing is
shipped to Python but a few numbers.

usage: nice -n 10 python3 bench/sql_checks_bench.py --rows 10000000 --work /tmp/sqlbench \\
           [--govdict target/release/govdict] [--engines govdict,duckdb,spark] [--seed 7]
Needs duckdb and pyspark (ci/sql-checks.sh installs both in /tmp/govdict-sqlchecks-venv)
and Java 17 for Spark. Prints one line per engine: wall time, rows/s, findings, verdict.
"""

import argparse
import json
import os
import subprocess
import sys
import time

CODES = {
    "required-value", "type-mismatch", "format-mismatch", "pattern-mismatch",
    "not-in-codelist", "checksum-failed", "out-of-range", "duplicate-value", "duplicate-key",
}
DATASET = "enterprise-registration"
TABLE = "enterprise_registration"
HERE = os.path.dirname(os.path.abspath(__file__))


def run(cmd):
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def generate(rows, seed, work):
    """The export and the numbered table, made once per --rows/--seed."""
    plain = os.path.join(work, "ent_%d_%d.csv" % (rows, seed))
    table = os.path.join(work, "ent_%d_%d.table.csv" % (rows, seed))
    if not os.path.exists(plain):
        start = time.monotonic()
        subprocess.run([sys.executable, os.path.join(HERE, "gen_large.py"), "--rows", str(rows),
                        "--seed", str(seed), "--out", plain + ".part"], check=True)
        os.replace(plain + ".part", plain)
        print("generated %d rows in %.0f s" % (rows, time.monotonic() - start), flush=True)
    if not os.path.exists(table):
        # Values hold no line breaks (gen_large.py), so a record is a line: number the lines.
        with open(plain, "r", encoding="utf-8-sig", newline="") as src, \
                open(table + ".part", "w", encoding="utf-8", newline="\n") as out:
            out.write("row_id," + src.readline().rstrip("\r\n") + "\n")
            for n, line in enumerate(src, start=2):
                out.write("%d,%s\n" % (n, line.rstrip("\r\n")))
        os.replace(table + ".part", table)
    return plain, table


def dataset_headers(govdict):
    """The standard headers of the dataset's fields, in order."""
    dictionary = json.loads(run([govdict, "export", "--to", "json"]))
    names = {e["id"]: e["name"] for e in dictionary["elements"]}
    dataset = next(d for d in dictionary["datasets"] if d["id"] == DATASET)
    return [names[f["element"]] for f in dataset["fields"]]


def file_headers(table_csv):
    with open(table_csv, encoding="utf-8") as f:
        return f.readline().rstrip("\n").split(",")[1:]


def query(govdict, dialect, present):
    """The query, counted per code over the columns the export has: gen_large.py writes 14
    of the dataset's 21 fields; the others are added to the table as NULL (validate reports
    absent optional columns once, not per cell), so their findings are not counted."""
    text = run([govdict, "export", "--to", "sql-checks", "--dialect", dialect, "--dataset", DATASET])
    body = "\n".join(line for line in text.splitlines() if not line.startswith("--"))
    headers = ", ".join("'%s'" % h for h in present)
    return "SELECT code, count(*) FROM (%s) q WHERE header IN (%s) GROUP BY code" % (body, headers)


def report(engine, rows, seconds, counts, expected, extra=""):
    found = sum(counts.values())
    if expected is None:
        verdict = ""
    elif counts == expected:
        verdict = ", counts per code equal validate's"
    else:
        verdict = ", DIFFERENT from validate: %s" % counts
    print("%s: %.1f s wall, %.0f rows/s, %d findings%s%s" % (
        engine, seconds, rows / seconds, found, extra, verdict), flush=True)


def bench_govdict(govdict, plain, rows):
    start = time.monotonic()
    out = run([govdict, "validate", plain, "--dataset", DATASET, "--format", "json",
               "--fail-on", "never", "--max-findings", "0", "--quiet"])
    took = time.monotonic() - start
    by_code = json.loads(out)["files"][0]["summary"]["by_code"]
    counts = {c: n for c, n in by_code.items() if c in CODES}
    report("govdict validate", rows, took, counts, None)
    return counts


def bench_duckdb(govdict, table_csv, rows, expected):
    import duckdb
    present = file_headers(table_csv)
    sql = query(govdict, "duckdb", present)
    con = duckdb.connect()
    start = time.monotonic()
    con.execute('CREATE TABLE %s AS SELECT * FROM read_csv(?, header = true, all_varchar = true)'
                % TABLE, [table_csv])
    for h in dataset_headers(govdict):
        if h not in present:
            con.execute('ALTER TABLE %s ADD COLUMN "%s" VARCHAR' % (TABLE, h))
    loaded = time.monotonic()
    counts = dict(con.execute(sql).fetchall())
    done = time.monotonic()
    report("duckdb %s" % duckdb.__version__, rows, done - start, counts, expected,
           " (load %.1f s, query %.1f s)" % (loaded - start, done - loaded))
    con.close()


def bench_spark(govdict, table_csv, rows, expected):
    import pyspark
    from pyspark.sql import SparkSession
    from pyspark.sql.types import LongType, StringType, StructField, StructType
    from pyspark.sql.functions import lit
    present = file_headers(table_csv)
    sql = query(govdict, "spark", present)
    start = time.monotonic()
    spark = (SparkSession.builder.master("local[2]").appName("govdict-sql-checks-bench")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
             .config("spark.driver.memory", "6g")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    schema = StructType([StructField("row_id", LongType())]
                        + [StructField(h, StringType()) for h in present])
    frame = spark.read.csv(table_csv, header=True, schema=schema)
    for h in dataset_headers(govdict):
        if h not in present:
            frame = frame.withColumn(h, lit(None).cast(StringType()))
    frame.createOrReplaceTempView(TABLE)
    counts = {r[0]: r[1] for r in spark.sql(sql).collect()}
    report("spark %s local[2]" % pyspark.__version__, rows, time.monotonic() - start, counts,
           expected, " (JVM start, read and query)")
    spark.stop()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, required=True)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--work", required=True)
    ap.add_argument("--govdict", default="target/release/govdict")
    ap.add_argument("--engines", default="govdict,duckdb,spark")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    engines = args.engines.split(",")
    print("machine: %d cores; load before: %s" % (os.cpu_count(), run(["uptime"]).strip()),
          flush=True)
    plain, table_csv = generate(args.rows, args.seed, args.work)
    expected = bench_govdict(args.govdict, plain, args.rows) if "govdict" in engines else None
    if "duckdb" in engines:
        bench_duckdb(args.govdict, table_csv, args.rows, expected)
    if "spark" in engines:
        bench_spark(args.govdict, table_csv, args.rows, expected)
    print("load after: %s" % run(["uptime"]).strip(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
