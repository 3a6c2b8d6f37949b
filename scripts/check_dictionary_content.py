#!/usr/bin/env python3
"""Lint the default dictionary in dictionary/ (a stand-in for `govdict check` while the
Rust loader is being written; keep it as a second opinion afterwards).

Checks: manifest keys and classification scheme; include globs; ids unique; element
names unique; names, identifiers, English names and synonyms not claimed by two
elements (compared after the same normalisation header resolution uses: NFKC, white
space removed, ASCII lower case); every codelist / level / superseded_by / dataset
reference resolves; formats parse per the spec notation; codes unique per code list and
matching the element's format; aliases unambiguous; min/max readable for the type.

Usage: python3 scripts/check_dictionary_content.py [DICT_DIR]   (exit 1 on problems)
Library use: `load(dir)` returns the merged dictionary; `parse_format(text)` the format.
"""
import glob
import os
import re
import sys
import unicodedata

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

TYPES = {"string", "integer", "decimal", "boolean", "date", "datetime", "time", "code"}
PERSONAL = {"none", "personal", "sensitive"}
STATUSES = {"candidate", "recorded", "qualified", "standard", "preferred", "retired", "superseded"}
RULES = {"gb11643", "gb11643-15", "gb32100", "gb11714", "gb2260", "gb2260-history", "mobile-cn", "email", "url"}
MANIFEST_KEYS = {"govdict", "id", "name", "name_en", "version", "released", "authority",
                 "license", "include", "classification"}
ELEMENT_KEYS = {"id", "identifier", "name", "name_en", "synonyms", "system_codes", "definition", "object_class",
                "property", "representation", "type", "format", "rule", "codelist", "pattern",
                "min", "max", "unit", "classification", "personal", "status", "superseded_by",
                "submitter", "since"}
REQUIRED_ATTRIBUTES = ["identifier", "name", "name_en", "synonyms", "definition", "object_class",
                       "property", "representation", "type", "classification", "personal",
                       "status", "submitter", "since"]
SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")


class FormatError(ValueError):
    pass


def normalize(s):
    """Header normalisation: NFKC, all white space removed, ASCII lower-cased."""
    s = unicodedata.normalize("NFKC", s).replace("\ufeff", "")
    s = "".join(ch for ch in s if not ch.isspace())
    return "".join(ch.lower() if ch.isascii() else ch for ch in s)


def _number(text, s):
    if not s or not s.isdigit():
        raise FormatError(f"{text}: the length must be a number")
    n = int(s)
    if n == 0 or n > 1_000_000:
        raise FormatError(f"{text}: length out of range")
    return n


def _length(text, s):
    if s.startswith(".."):
        return (0, _number(text, s[2:]))
    if ".." in s:
        lo, hi = s.split("..", 1)
        lo, hi = _number(text, lo), _number(text, hi)
        if lo > hi:
            raise FormatError(f"{text}: minimum above maximum")
        return (lo, hi)
    n = _number(text, s)
    return (n, n)


DATE_TOKENS = ["YYYY", "MM", "DD", "hh", "mm", "ss", "M", "D"]


def parse_date_template(s):
    tokens, rest, has_field = [], s, False
    while rest:
        for t in DATE_TOKENS:
            if rest.startswith(t):
                tokens.append(t)
                rest = rest[len(t):]
                has_field = True
                break
        else:
            c = rest[0]
            if c.isascii() and c.isalnum() and c != "T":
                return None
            tokens.append(("lit", c))
            rest = rest[1:]
    return tokens if has_field else None


def parse_format(text):
    """Mirror of src/dictionary/format.rs. Returns ('chars', cls, (lo, hi)),
    ('decimal', (lo, hi), scale) or ('date', tokens)."""
    s = text.strip()
    if not s:
        raise FormatError("empty format")
    for prefix, cls in (("an", "an"), ("a", "a"), ("n", "n"), ("c", "c")):
        if s.startswith(prefix):
            rest = s[len(prefix):]
            break
    else:
        t = parse_date_template(s)
        if t is None:
            raise FormatError(f"{text}: not a format notation")
        return ("date", t)
    if "," in rest:
        len_text, scale_text = rest.split(",", 1)
        length = _length(text, len_text)
        if cls != "n":
            raise FormatError(f"{text}: only n formats may have decimals")
        if not scale_text.isdigit():
            raise FormatError(f"{text}: bad scale")
        scale = int(scale_text)
        if scale > length[1]:
            raise FormatError(f"{text}: more decimals than digits")
        return ("decimal", length, scale)
    return ("chars", cls, _length(text, rest))


def chars_ok(cls, value):
    if cls == "a":
        return all(c.isascii() and c.isalpha() for c in value)
    if cls == "n":
        return all(c.isascii() and c.isdigit() for c in value)
    if cls == "an":
        return all(c.isascii() and c.isalnum() for c in value)
    return True


def match_date(tokens, value):
    """Returns a dict of parts when the value has the template's shape, else None."""
    pos, parts = 0, {}
    widths = {"YYYY": (4, 4), "MM": (2, 2), "DD": (2, 2), "hh": (2, 2), "mm": (2, 2),
              "ss": (2, 2), "M": (1, 2), "D": (1, 2)}
    for t in tokens:
        if isinstance(t, tuple):
            if not value.startswith(t[1], pos):
                return None
            pos += len(t[1])
            continue
        lo, hi = widths[t]
        start = pos
        while pos < len(value) and pos - start < hi and value[pos].isascii() and value[pos].isdigit():
            pos += 1
        if pos - start < lo:
            return None
        key = {"YYYY": "y", "MM": "m", "M": "m", "DD": "d", "D": "d", "hh": "H", "mm": "Mi", "ss": "S"}[t]
        parts[key] = int(value[start:pos])
    return parts if pos == len(value) else None


def date_is_real(p):
    import calendar
    m, d = p.get("m"), p.get("d")
    if m is not None and not 1 <= m <= 12:
        return False
    if d is not None:
        y = p.get("y", 2000)
        mm = m if m is not None else 1
        if d < 1 or d > calendar.monthrange(y if y > 0 else 2000, mm)[1]:
            return False
    return p.get("H", 0) <= 23 and p.get("Mi", 0) <= 59 and p.get("S", 0) <= 59


def load(dict_dir):
    """Reads the manifest and every included file. Returns (manifest, lists, problems)
    where lists = {"codelists": [(file, item)], "elements": [...], "datasets": [...]}."""
    problems = []
    manifest_path = os.path.join(dict_dir, "dictionary.yaml")
    with open(manifest_path, encoding="utf-8") as f:
        manifest = yaml.safe_load(f)
    lists = {"codelists": [], "elements": [], "datasets": []}
    for pattern in manifest.get("include", []):
        files = sorted(glob.glob(os.path.join(dict_dir, pattern)))
        if not files:
            problems.append(f"include {pattern!r} matches no file")
        for path in files:
            with open(path, encoding="utf-8") as f:
                doc = yaml.safe_load(f) or {}
            rel = os.path.relpath(path, dict_dir)
            for key, items in doc.items():
                if key not in lists:
                    problems.append(f"{rel}: unknown top-level key {key!r}")
                    continue
                for item in items or []:
                    lists[key].append((rel, item))
    return manifest, lists, problems


def check(dict_dir):
    manifest, lists, problems = load(dict_dir)
    p = problems.append

    # Manifest.
    for key in manifest:
        if key not in MANIFEST_KEYS:
            p(f"dictionary.yaml: unknown key {key!r}")
    if manifest.get("govdict") != 1:
        p("dictionary.yaml: govdict must be 1")
    for key in ("id", "name", "version"):
        if not manifest.get(key):
            p(f"dictionary.yaml: {key} is missing")
    if not SEMVER.match(str(manifest.get("version", ""))):
        p("dictionary.yaml: version is not semver")
    levels = {}
    for lv in manifest.get("classification", []):
        if lv["level"] in levels:
            p(f"dictionary.yaml: level {lv['level']} defined twice")
        levels[lv["level"]] = lv

    # Code lists.
    codelists = {}
    for rel, cl in lists["codelists"]:
        cid = cl.get("id")
        if cid in codelists:
            p(f"{rel}: code list {cid!r} defined twice")
        codes, aliases = {}, {}
        for v in cl.get("values", []):
            # An unquoted comma inside a flow mapping ({name_en: a, b}) silently makes
            # a new key: catch it here.
            for key in v:
                if key not in ("code", "name", "name_en", "aliases"):
                    p(f"{rel}: {cid}: value {v.get('code')!r} has unknown key {key!r}")
            code = v.get("code")
            if not isinstance(code, str) or not code:
                p(f"{rel}: {cid}: code {code!r} is not a non-empty string")
                continue
            if code in codes:
                p(f"{rel}: {cid}: code {code!r} repeated")
            codes[code] = v
            if not v.get("name"):
                p(f"{rel}: {cid}: code {code!r} has no name")
        for v in cl.get("values", []):
            for a in v.get("aliases", []) or []:
                if not isinstance(a, str):
                    p(f"{rel}: {cid}: alias {a!r} of {v.get('code')} is not a string")
                    continue
                if a in codes:
                    p(f"{rel}: {cid}: alias {a!r} of {v['code']} is itself a code")
                if a in aliases and aliases[a] != v["code"]:
                    p(f"{rel}: {cid}: alias {a!r} claimed by {aliases[a]} and {v['code']}")
                aliases[a] = v["code"]
        codelists[cid] = codes

    # Elements.
    elements, claims = {}, {}
    for rel, e in lists["elements"]:
        eid = e.get("id", "?")
        for key in e:
            if key not in ELEMENT_KEYS:
                p(f"{rel}: {eid}: unknown attribute {key!r}")
        if not re.fullmatch(r"DE\d{5}", str(eid)):
            p(f"{rel}: {eid}: id is not DE + 5 digits")
        if eid in elements:
            p(f"{rel}: {eid}: id used twice")
        elements[eid] = e
        ident = e.get("identifier")
        if ident is not None and not re.fullmatch(r"[A-Z][A-Z0-9]*", ident):
            p(f"{rel}: {eid}: identifier {ident!r} is not upper-case pinyin initials")
        names = [("name", e.get("name")), ("identifier", ident), ("name_en", e.get("name_en"))]
        names += [("synonym", s) for s in e.get("synonyms", []) or []]
        own = set()
        for kind, n in names:
            if n is None:
                continue
            if not isinstance(n, str):
                p(f"{rel}: {eid}: {kind} {n!r} is not a string")
                continue
            key = normalize(n)
            if key in own:
                p(f"{rel}: {eid}: {kind} {n!r} repeats another name of the same element")
            own.add(key)
            if key in claims and claims[key][0] != eid:
                p(f"{rel}: {eid}: {kind} {n!r} is already claimed by {claims[key][0]} ({claims[key][1]})")
            claims.setdefault(key, (eid, kind))
        # This dictionary's own bar: every element carries the full GB/T 19488 template.
        for key in REQUIRED_ATTRIBUTES:
            if e.get(key) in (None, "", []):
                p(f"{rel}: {eid}: attribute {key} is missing")
        t = e.get("type")
        if t not in TYPES:
            p(f"{rel}: {eid}: unknown type {t!r}")
        if t != "code" and e.get("format") is None:
            p(f"{rel}: {eid}: attribute format is missing")
        fmt = None
        if e.get("format") is not None:
            try:
                fmt = parse_format(str(e["format"]))
            except FormatError as err:
                p(f"{rel}: {eid}: {err}")
        if fmt is not None:
            if t in ("date", "datetime", "time") and fmt[0] != "date":
                p(f"{rel}: {eid}: {t} element needs a date/time template")
            if t == "decimal" and fmt[0] != "decimal":
                p(f"{rel}: {eid}: decimal element needs an n..N,S format")
            if t == "integer" and not (fmt[0] == "chars" and fmt[1] == "n"):
                p(f"{rel}: {eid}: integer element needs an n format")
        if e.get("rule") is not None and e["rule"] not in RULES:
            p(f"{rel}: {eid}: unknown rule {e['rule']!r}")
        cl = e.get("codelist")
        if t == "code" and not cl:
            p(f"{rel}: {eid}: type code without codelist")
        if cl and t != "code":
            p(f"{rel}: {eid}: codelist on a {t} element")
        if cl and e.get("format") is not None:
            # Convention of this dictionary: the code list is the value domain. A format
            # would be checked first and turn an alias such as 男 into a format error
            # instead of not-in-codelist with the standard code as the suggestion.
            p(f"{rel}: {eid}: code element with a format; the code list is its value domain")
        if cl:
            if cl not in codelists:
                p(f"{rel}: {eid}: code list {cl!r} does not exist")
            elif fmt is not None and fmt[0] == "chars":
                for code in codelists[cl]:
                    lo, hi = fmt[2]
                    if not (lo <= len(code) <= hi and chars_ok(fmt[1], code)):
                        p(f"{rel}: {eid}: code {code!r} of {cl} breaks format {e['format']}")
        if e.get("pattern") is not None:
            try:
                re.compile(e["pattern"])
            except re.error as err:
                p(f"{rel}: {eid}: pattern does not compile: {err}")
        for bound in ("min", "max"):
            b = e.get(bound)
            if b is None:
                continue
            if not isinstance(b, str):
                p(f"{rel}: {eid}: {bound} should be a quoted string")
                b = str(b)
            if t in ("integer", "decimal"):
                try:
                    float(b)
                except ValueError:
                    p(f"{rel}: {eid}: {bound} {b!r} is not a number")
            elif t in ("date", "datetime", "time") and fmt and fmt[0] == "date":
                parts = match_date(fmt[1], b)
                if parts is None or not date_is_real(parts):
                    p(f"{rel}: {eid}: {bound} {b!r} is not a date in {e['format']}")
        if e.get("classification") is not None and e["classification"] not in levels:
            p(f"{rel}: {eid}: level {e['classification']!r} not in the manifest")
        if e.get("personal", "none") not in PERSONAL:
            p(f"{rel}: {eid}: personal must be one of {sorted(PERSONAL)}")
        status = e.get("status", "standard")
        if status not in STATUSES:
            p(f"{rel}: {eid}: unknown status {status!r}")
        if (status == "superseded") != (e.get("superseded_by") is not None):
            p(f"{rel}: {eid}: superseded_by is required exactly when status is superseded")
        if e.get("since") is not None and not SEMVER.match(str(e["since"])):
            p(f"{rel}: {eid}: since is not semver")
    for rel, e in lists["elements"]:
        sb = e.get("superseded_by")
        if sb is not None and sb not in elements:
            p(f"{rel}: {e['id']}: superseded_by {sb!r} does not exist")
        if sb == e.get("id"):
            p(f"{rel}: {e['id']}: superseded by itself")

    # Datasets.
    datasets = {}
    for rel, d in lists["datasets"]:
        did = d.get("id")
        if did in datasets:
            p(f"{rel}: dataset {did!r} defined twice")
        datasets[did] = d
        seen = {}
        for fld in d.get("fields", []):
            for key in fld:
                if key not in ("element", "required", "unique"):
                    p(f"{rel}: {did}: field {fld.get('element')!r} has unknown key {key!r}")
            el = fld.get("element")
            if el not in elements:
                p(f"{rel}: {did}: element {el!r} does not exist")
            elif elements[el].get("status") in ("retired", "superseded"):
                p(f"{rel}: {did}: element {el} is {elements[el]['status']}")
            if el in seen:
                p(f"{rel}: {did}: element {el} listed twice")
            seen[el] = fld
        for k in d.get("primary_key", []):
            if k not in seen:
                p(f"{rel}: {did}: primary key {k} is not a field")
            elif not seen[k].get("required"):
                p(f"{rel}: {did}: primary key {k} is not required")
    return manifest, lists, problems


def main():
    dict_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "dictionary")
    manifest, lists, problems = check(dict_dir)
    for prob in problems:
        print(prob)
    counts = {k: len(v) for k, v in lists.items()}
    print(f"{manifest.get('id')}@{manifest.get('version')}: {counts}, {len(problems)} problem(s)")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
