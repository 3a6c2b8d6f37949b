#!/usr/bin/env python3
"""Re-derive the findings of every examples/expected/<stem>.json from its export and the
dictionary, independently of the generator, and compare (row, column, code) sets.

A small reference reading of the spec, using the conventions in examples/README.md:
one finding per cell, in the order required-value, type-mismatch, format-mismatch,
not-in-codelist, rule, pattern-mismatch, out-of-range; a blank row gets only
blank-row; extra-cell / missing-cell once per row at the first extra / missing column;
duplicate-value on each repeat of a unique field; duplicate-key on each repeat of the
primary key, at its first column.

Usage: python3 scripts/check_examples.py   (exit 1 when a file disagrees)
"""
import csv
import io
import json
import os
import re
import sys
from decimal import Decimal, InvalidOperation

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_dictionary_content import (ROOT, check, chars_ok, date_is_real, match_date,  # noqa: E402
                                      normalize, parse_format)
from gen_examples import gb11643_check, gb11714_check, gb32100_check, USCC_CHARS  # noqa: E402

PROVINCES = {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
             "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
             "65", "71", "81", "82"}


def rule_ok(rule, v, gb2260):
    """Returns the finding code of a failing rule, or None."""
    if rule == "gb11643":
        if not re.fullmatch(r"[0-9]{17}[0-9X]", v) or v[:2] not in PROVINCES:
            return "checksum-failed"
        parts = match_date(parse_format("YYYYMMDD")[1], v[6:14])
        if parts is None or not date_is_real(parts) or not 1850 <= parts["y"] <= 2100:
            return "checksum-failed"
        return None if gb11643_check(v[:17]) == v[17] else "checksum-failed"
    if rule == "gb32100":
        if len(v) != 18 or any(c not in USCC_CHARS for c in v):
            return "checksum-failed"
        if gb11714_check(v[8:16]) != v[16] or gb32100_check(v[:17]) != v[17]:
            return "checksum-failed"
        return None
    if rule == "gb2260":
        return None if v in gb2260 else "not-in-codelist"
    if rule == "mobile-cn":
        return None if re.fullmatch(r"(\+86|0086|86)?[- ]?1[3-9][0-9]{9}", v) else "format-mismatch"
    if rule == "email":
        return None if re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", v) else "format-mismatch"
    if rule == "url":
        return None if re.fullmatch(r"https?://[^\s/]+.*", v) else "format-mismatch"
    raise ValueError(rule)


def cell_finding(e, v, required, codelists, gb2260):
    v = v.strip()
    if not v:
        return "required-value" if required else None
    t, fmt = e["type"], parse_format(e["format"]) if e.get("format") else None
    number = None
    if t == "integer":
        if not re.fullmatch(r"[+-]?[0-9]+", v):
            return "type-mismatch"
        number = Decimal(v)
    elif t == "decimal":
        try:
            number = Decimal(v)
        except InvalidOperation:
            return "type-mismatch"
        if not re.fullmatch(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)", v):
            return "type-mismatch"
    elif t in ("date", "datetime", "time"):
        parts = match_date(fmt[1], v)
        if parts is None or not date_is_real(parts):
            return "type-mismatch"
    if fmt is not None:
        if fmt[0] == "chars":
            lo, hi = fmt[2]
            digits = v.lstrip("+-") if t == "integer" else v
            if not (lo <= len(digits) <= hi and chars_ok(fmt[1], digits)):
                return "format-mismatch"
        elif fmt[0] == "decimal":
            body = v.lstrip("+-")
            whole, _, frac = body.partition(".")
            if len(whole + frac) > fmt[1][1] or len(frac) > fmt[2]:
                return "format-mismatch"
    if t == "code" and v not in codelists[e["codelist"]]:
        return "not-in-codelist"
    if e.get("rule"):
        code = rule_ok(e["rule"], v, gb2260)
        if code:
            return code
    if e.get("pattern") and not re.fullmatch(e["pattern"], v):
        return "pattern-mismatch"
    for bound, below in (("min", True), ("max", False)):
        b = e.get(bound)
        if b is None:
            continue
        if number is not None:
            if (number < Decimal(b)) if below else (number > Decimal(b)):
                return "out-of-range"
        elif t in ("date", "datetime", "time"):
            a, c = match_date(fmt[1], v), match_date(fmt[1], b)
            order = ["y", "m", "d", "H", "Mi", "S"]
            av = [a.get(k, 0) for k in order]
            cv = [c.get(k, 0) for k in order]
            if (av < cv) if below else (av > cv):
                return "out-of-range"
    return None


def resolve(header, elements, dataset_ids):
    index = {}
    for e in elements.values():
        for n in [e["id"], e["name"], e.get("identifier"), e.get("name_en")] + (e.get("synonyms") or []):
            if n:
                index.setdefault(normalize(n), e["id"])
    eid = index.get(normalize(header))
    return eid if eid in dataset_ids else None


def derive(path, meta, elements, codelists, datasets, gb2260):
    ds = datasets[meta["dataset"]]
    fields = {f["element"]: f for f in ds["fields"]}
    with open(path, "rb") as f:
        raw = f.read()
    text = raw.decode("utf-8-sig" if meta["encoding"] == "UTF-8" else meta["encoding"].lower())
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=meta["delimiter"]))
    header, data = rows[0], rows[1:]
    cols = [resolve(h, elements, fields) for h in header]
    found = []
    for i, h in enumerate(header):
        if cols[i] is None:
            found.append((None, i + 1, "unknown-column"))
    for eid, f in fields.items():
        if f.get("required") and eid not in cols:
            found.append((None, None, "missing-column"))
    seen_unique, seen_key = {}, {}
    pk = ds.get("primary_key", [])
    for n, row in enumerate(data):
        r = n + 2
        if all(not c.strip() for c in row):
            found.append((r, None, "blank-row"))
            continue
        if len(row) > len(header):
            found.append((r, len(header) + 1, "extra-cell"))
        elif len(row) < len(header):
            found.append((r, len(row) + 1, "missing-cell"))
        for c, eid in enumerate(cols):
            if eid is None or c >= len(row):
                continue
            code = cell_finding(elements[eid], row[c], fields[eid].get("required", False), codelists, gb2260)
            if code:
                found.append((r, c + 1, code))
            v = row[c].strip()
            if fields[eid].get("unique") and v:
                if (eid, v) in seen_unique:
                    found.append((r, c + 1, "duplicate-value"))
                seen_unique.setdefault((eid, v), r)
        key_cols = [cols.index(k) for k in pk if k in cols]
        if key_cols and len(key_cols) == len(pk):
            key = tuple(row[c].strip() if c < len(row) else "" for c in key_cols)
            if all(key):
                if key in seen_key:
                    found.append((r, key_cols[0] + 1, "duplicate-key"))
                seen_key.setdefault(key, r)
    return len(data), found


def main():
    manifest, lists, problems = check(os.path.join(ROOT, "dictionary"))
    if problems:
        sys.exit("the dictionary has problems: run scripts/check_dictionary_content.py")
    elements = {e["id"]: e for _, e in lists["elements"]}
    codelists = {c["id"]: {v["code"] for v in c["values"]} for _, c in lists["codelists"]}
    datasets = {d["id"]: d for _, d in lists["datasets"]}
    gb2260 = codelists["GB/T 2260"]
    bad = 0
    exp_dir = os.path.join(ROOT, "examples", "expected")
    for name in sorted(os.listdir(exp_dir)):
        with open(os.path.join(exp_dir, name), encoding="utf-8") as f:
            meta = json.load(f)
        n, found = derive(os.path.join(ROOT, "examples", meta["file"]), meta, elements, codelists,
                          datasets, gb2260)
        expected = sorted((x["row"], x["column"], x["code"]) for x in meta["findings"])
        got = sorted(found, key=lambda t: (t[0] or 0, t[1] or 0, t[2]))
        expected.sort(key=lambda t: (t[0] or 0, t[1] or 0, t[2]))
        ok = got == expected and n == meta["rows"]
        bad += not ok
        print(f"{'ok  ' if ok else 'DIFF'} {meta['file']}: {n} rows, {len(got)} findings")
        if not ok:
            for x in sorted(set(got) - set(expected), key=str):
                print("   unexpected", x)
            for x in sorted(set(expected) - set(got), key=str):
                print("   missing   ", x)
            if n != meta["rows"]:
                print(f"   rows {n} != {meta['rows']}")
    bad += check_mappings(elements, codelists, datasets)
    sys.exit(1 if bad else 0)


def check_mappings(elements, codelists, datasets):
    """Every examples/mappings/*.yaml names a dataset, elements of that dataset, and
    recodes values only into codes of the element's code list."""
    import yaml
    bad = 0
    map_dir = os.path.join(ROOT, "examples", "mappings")
    for name in sorted(os.listdir(map_dir)):
        with open(os.path.join(map_dir, name), encoding="utf-8") as f:
            m = yaml.safe_load(f)["mapping"]
        errs = []
        ds = datasets.get(m.get("dataset"))
        if ds is None:
            errs.append(f"unknown dataset {m.get('dataset')!r}")
        members = {f["element"] for f in ds["fields"]} if ds else set()
        for fld in m.get("fields", []):
            eid = fld.get("element")
            if eid is None:
                continue
            if eid not in elements or eid not in members:
                errs.append(f"{fld['source']}: {eid} is not a field of the dataset")
                continue
            for src, code in (fld.get("values") or {}).items():
                if code not in codelists.get(elements[eid].get("codelist"), ()):
                    errs.append(f"{fld['source']}: {src} -> {code} is not a code")
        print(f"{'DIFF' if errs else 'ok  '} mappings/{name}: {len(m.get('fields', []))} fields")
        for e in errs:
            print("   ", e)
        bad += bool(errs)
    return bad


if __name__ == "__main__":
    main()
