#!/usr/bin/env python3
"""Generate a large, realistic enterprise-registration export for benchmarks.

The rows follow the `enterprise-registration` dataset of the default dictionary exactly as
scripts/gen_examples.py writes its examples (valid GB 32100 credit codes, real GB/T 2260
division codes of 福州市, code-list values, ISO dates, UTF-8 with BOM, CRLF, a quarter of
the 经营范围 values quoted because they contain a comma), with about 2% of rows carrying
one deliberate error (wrong check character, unknown code, empty required value,
impossible date, short mobile number, non-integer count, duplicate name or key).

Deterministic for a given --rows and --seed.

Usage: python3 bench/gen_large.py --rows 1000000 --out /tmp/ent_1m.csv
"""
import argparse
import csv
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "scripts"))
import gen_examples as ex  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--error-rate", type=float, default=0.02)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    r = random.Random(args.seed)
    counties = ex.CITY_COUNTIES
    authorities = {c: f"福州市{ex.DIVISION_NAMES[c]}市场监督管理局" for c in counties}
    capitals = ["10", "50", "100", "200", "500", "1000", "30.5", "88.8", "1200.000000", "3"]
    statuses = ["1"] * 8 + ["2", "3"]
    firms = ex.FIRMS
    used_codes, used_names = set(), set()
    alphabet0 = ex.USCC_CHARS

    def uscc(county):
        while True:
            org8 = r.choice(alphabet0) + f"{r.randrange(10_000_000):07d}"
            body = "91" + county + org8 + ex.gb11714_check(org8)
            code = body + ex.gb32100_check(body)
            if code not in used_codes:
                used_codes.add(code)
                return code

    def name(trade):
        while True:
            n = f"福州{''.join(r.choice(firms) for _ in range(4))}{trade}有限公司"
            if n not in used_names:
                used_names.add(n)
                return n

    with open(args.out, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(ex.ENT_HEADER)
        previous = None
        for i in range(args.rows):
            county = r.choice(counties)
            trade, section, _, scope = r.choice(ex.TRADES)
            if r.random() < 0.25:
                scope = scope.replace("、", ",", 1)
            y, m, d = r.randint(1995, 2025), r.randint(1, 12), r.randint(1, 28)
            given = r.choice(ex.GIVEN) + (r.choice(ex.GIVEN) if r.random() < 0.6 else "")
            row = [uscc(county), name(trade), r.choice(ex.DJZCLX), r.choice(ex.SURNAMES) + given,
                   r.choice(capitals), f"{y:04d}-{m:02d}-{d:02d}",
                   f"福建省福州市{ex.DIVISION_NAMES[county]}{r.choice(ex.STREETS)}{r.randint(1, 399)}号",
                   county, section, scope, r.choice(statuses), authorities[county],
                   r.choice(ex.MOBILE_PREFIX) + f"{r.randrange(100_000_000):08d}",
                   str(r.randint(1, 800))]
            if r.random() < args.error_rate:
                kind = r.randrange(8)
                if kind == 0:
                    row[0] = ex.wrong_check(row[0], ex.USCC_CHARS)
                elif kind == 1:
                    row[2] = "175"
                elif kind == 2:
                    row[3] = ""
                elif kind == 3:
                    row[5] = f"{y:04d}-02-30"
                elif kind == 4:
                    row[12] = row[12][:10]
                elif kind == 5:
                    row[13] = "约50"
                elif kind == 6 and previous:
                    row[1] = previous[1]
                elif kind == 7 and previous:
                    row[0] = previous[0]
            w.writerow(row)
            previous = row


if __name__ == "__main__":
    main()
