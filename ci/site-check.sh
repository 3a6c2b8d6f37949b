#!/usr/bin/env bash
# The published site in headless Chromium, opened from disk (file://, no server):
#  - index.html?q=信用代码 lists 统一社会信用代码 inside #results and no unrelated element;
#    女性 (a code value's name) lists a code list and 企业登记 a dataset;
#  - axe-core (npm) reports no serious or critical accessibility violation on the index,
#    an element page, a code-list page, a dataset page and the changelog, at phone width.
# Installs chromium (Debian) and axe-core (npm) when missing; a missing engine fails.
#
# usage: ci/site-check.sh GOVDICT_BINARY
set -euo pipefail
cd "$(dirname "$0")/.."
govdict=$(realpath "$1")

sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -qq >/dev/null
    "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm install --silent --no-audit --no-fund axe-core@4 >/dev/null)
axe="$work/node_modules/axe-core/axe.min.js"
[ -s "$axe" ] || { echo "site-check: axe-core did not install" >&2; exit 2; }

site="$work/site"
"$govdict" publish --out "$site" --previous tests/fixtures/release/v1 >/dev/null

flags=(--headless --no-sandbox --disable-gpu --disable-background-networking
    --disable-component-update --no-first-run --disable-sync --virtual-time-budget=15000)
browse() {
    local profile
    profile=$(mktemp -d -p "$work")
    timeout 120 chromium "${flags[@]}" --user-data-dir="$profile" "$@" 2>>"$work/chromium.log"
}

fail=0
dom=$(browse --dump-dom "file://$site/index.html?q=%E4%BF%A1%E7%94%A8%E4%BB%A3%E7%A0%81")
results=$(printf '%s' "$dom" | tr '\n' ' ' | sed -n 's/.*<div id="results"[^>]*>\(.*\)<\/div>.*<section aria-labelledby="release-h".*/\1/p')
if ! printf '%s' "$results" | grep -q '统一社会信用代码'; then
    echo "FAIL site search: 信用代码 does not list 统一社会信用代码; results: ${results:0:400}" >&2
    fail=1
fi
for unrelated in 公民身份号码 企业名称 手机号码 出生日期; do
    if printf '%s' "$results" | grep -q "$unrelated"; then
        echo "FAIL site search: 信用代码 lists the unrelated $unrelated" >&2
        fail=1
    fi
done
[ "$fail" -eq 0 ] && echo "site search: 信用代码 lists 统一社会信用代码 and nothing unrelated"

# Code lists (by a value's name) and datasets are found as well.
search_lists() { # QUERY_URL_ENCODED LINK_PREFIX WHAT
    local dom found
    dom=$(browse --dump-dom "file://$site/index.html?q=$1")
    found=$(printf '%s' "$dom" | tr '\n' ' ' | sed -n 's/.*<div id="results"[^>]*>\(.*\)<\/div>.*<section aria-labelledby="release-h".*/\1/p')
    if printf '%s' "$found" | grep -q "href=\"$2"; then
        echo "site search: $3"
    else
        echo "FAIL site search: $3; results: ${found:0:400}" >&2
        fail=1
    fi
}
search_lists "%E5%A5%B3%E6%80%A7" "codelists/" "女性 lists a code list"
search_lists "%E4%BC%81%E4%B8%9A%E7%99%BB%E8%AE%B0" "datasets/" "企业登记 lists a dataset"

# axe-core: a copy of each page with axe injected writes its findings into the DOM.
cp "$axe" "$site/axe.min.js"
codelist_page=$(cd "$site" && ls codelists/*.html | head -n 1)
dataset_page=$(cd "$site" && ls datasets/*.html | head -n 1)
for page in index.html elements/DE01001.html "$codelist_page" "$dataset_page" changelog.html; do
    dir=$(dirname "$site/$page")
    probe="$dir/axe-probe.html"
    rel=$(realpath --relative-to="$dir" "$site/axe.min.js")
    sed "s#</body>#<script src=\"$rel\"></script><script>axe.run(document,{runOnly:{type:'tag',values:['wcag2a','wcag2aa','wcag21aa','best-practice']}}).then(function(r){var p=document.createElement('pre');p.id='axe-result';p.textContent=JSON.stringify(r.violations.map(function(v){return {id:v.id,impact:v.impact,nodes:v.nodes.length};}));document.body.appendChild(p);});</script></body>#" \
        "$site/$page" >"$probe"
    out=$(browse --window-size=390,844 --dump-dom "file://$probe")
    verdict=$(printf '%s' "$out" | tr '\n' ' ' | sed -n 's/.*<pre id="axe-result">\([^<]*\)<\/pre>.*/\1/p')
    if [ -z "$verdict" ]; then
        echo "FAIL axe on $page: no result (axe did not run)" >&2
        fail=1
        continue
    fi
    serious=$(printf '%s' "$verdict" | sed 's/&quot;/"/g' | python3 -c 'import json,sys; v=json.load(sys.stdin); print(json.dumps([x for x in v if x["impact"] in ("serious","critical")]))')
    if [ "$serious" != "[]" ]; then
        echo "FAIL axe on $page: $serious" >&2
        fail=1
    else
        echo "axe on $page: no serious or critical violation (all: $(printf '%s' "$verdict" | sed 's/&quot;/"/g'))"
    fi
    rm -f "$probe"
done
exit "$fail"
