#!/usr/bin/env bash
# Smoke test of an HTML report in headless Chromium: the page must render (a non-empty
# screenshot), its DOM must be dumpable, the console must stay free of errors, and
# axe-core must find no accessibility violation.
#
# usage: ci/html-smoke.sh REPORT.html [OUT_DIR]
# Needs Debian's `chromium` (apt-get install -y chromium) and python3; axe-core comes from
# npm through ci/tools.sh. Exit 0 on success, 1 on a failed check, 2 on a usage or setup
# problem.
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "usage: $0 REPORT.html [OUT_DIR]" >&2
    exit 2
fi
html=$1
if [ ! -s "$html" ]; then
    echo "html-smoke: $html is missing or empty" >&2
    exit 2
fi
chromium_bin=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$chromium_bin" ]; then
    echo "html-smoke: chromium not found (apt-get install -y chromium)" >&2
    exit 2
fi

# shellcheck source=ci/tools.sh
source "$(dirname "$0")/tools.sh"
need_npm
axe_js=$(ci_axe_js)
[ -s "$axe_js" ] || ci_die "axe-core is missing at $axe_js"
command -v python3 >/dev/null 2>&1 || ci_die "python3 is needed to read the axe-core results"

out_dir=${2:-$(mktemp -d)}
mkdir -p "$out_dir"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
url="file://$(realpath "$html")"
shot="$out_dir/screenshot.png"
dom="$out_dir/dom.html"
log="$out_dir/chromium.log"
rm -f "$shot" "$dom" "$log"

flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
    --disable-background-networking --disable-component-update --disable-sync
    --enable-logging=stderr --v=0)

# Separate profiles per run: two Chromium processes must not share one.
run() {
    local dir
    dir=$(mktemp -d -p "$profile")
    timeout 120 "$chromium_bin" "${flags[@]}" --user-data-dir="$dir" "$@"
}

status=0
run --screenshot="$shot" --window-size=1280,2000 "$url" >>"$log" 2>&1 || status=$?
if [ "$status" -ne 0 ]; then
    echo "html-smoke: chromium exited with $status while taking the screenshot" >&2
    tail -n 20 "$log" >&2
    exit 1
fi
run --dump-dom "$url" >"$dom" 2>>"$log" || status=$?
if [ "$status" -ne 0 ]; then
    echo "html-smoke: chromium exited with $status while dumping the DOM" >&2
    tail -n 20 "$log" >&2
    exit 1
fi

fail=0
if [ ! -s "$shot" ]; then
    echo "html-smoke: no screenshot was written" >&2
    fail=1
fi
if ! grep -q '</html>' "$dom"; then
    echo "html-smoke: the DOM dump is incomplete" >&2
    fail=1
fi
# Console messages are logged as `CONSOLE(line)] "message"`; errors include uncaught
# exceptions and Content-Security-Policy refusals.
if grep -E 'CONSOLE.*(Error|error|Refused)|Uncaught|Content Security Policy' "$log" >&2; then
    echo "html-smoke: console errors (above)" >&2
    fail=1
fi

# Accessibility: a copy of the page without its Content-Security-Policy (which forbids
# scripts) runs axe-core and writes the violations into the DOM, which is then dumped.
axe_page="$out_dir/axe.html"
cp "$axe_js" "$out_dir/axe.min.js"
python3 "$(dirname "$0")/axe_page.py" inject "$html" "$axe_page" || fail=1
status=0
run --dump-dom --virtual-time-budget=60000 "file://$(realpath "$axe_page")" \
    >"$out_dir/axe-dom.html" 2>>"$log" || status=$?
if [ "$status" -ne 0 ]; then
    echo "html-smoke: chromium exited with $status while running axe-core" >&2
    fail=1
fi
python3 "$(dirname "$0")/axe_page.py" verdict "$out_dir/axe-dom.html" >&2 || fail=1
if [ "$fail" -ne 0 ]; then
    exit 1
fi
# Not a failure, but a screenshot without a CJK font shows boxes instead of Chinese.
if command -v fc-list >/dev/null && [ -z "$(fc-list :lang=zh 2>/dev/null)" ]; then
    echo "html-smoke: warning: no Chinese font installed (apt-get install -y fonts-wqy-microhei)" >&2
fi
echo "html-smoke: ok ($(wc -c <"$shot") byte screenshot in $out_dir)"
