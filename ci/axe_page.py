"""Runs axe-core on an HTML report in a browser, for ci/html-smoke.sh.

inject REPORT.html OUT.html: a copy of the report without its Content-Security-Policy
  (which forbids scripts), running axe.min.js (beside OUT.html) and writing the
  violations into the DOM.
verdict DOM.html: reads the violations from the dumped DOM; exit 1 if there are any.
"""

import html
import json
import re
import sys

RUNNER = """<script src="axe.min.js"></script>
<script>
function govdictAxeOut(id, text) {
  var out = document.createElement("pre");
  out.id = id;
  out.textContent = text;
  document.body.appendChild(out);
}
axe.run(document, {resultTypes: ["violations"]}).then(function (r) {
  govdictAxeOut("axe-result", JSON.stringify(r.violations.map(function (v) {
    return {id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,
            where: v.nodes.slice(0, 3).map(function (n) { return n.target.join(" "); })};
  })));
}, function (e) { govdictAxeOut("axe-error", String(e)); });
</script>
</body>"""


def inject(report, out):
    page = open(report, encoding="utf-8").read()
    page, csp = re.subn(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page)
    if csp != 1:
        sys.exit("html-smoke: the report has no Content-Security-Policy to lift for axe-core")
    if "</body>" not in page:
        sys.exit("html-smoke: the report has no </body>")
    page = page.replace("</body>", RUNNER, 1)
    open(out, "w", encoding="utf-8").write(page)


def verdict(dom_path):
    dom = open(dom_path, encoding="utf-8").read()
    error = re.search(r'<pre id="axe-error">(.*?)</pre>', dom, re.S)
    if error:
        sys.exit("html-smoke: axe-core failed: " + html.unescape(error.group(1)))
    found = re.search(r'<pre id="axe-result">(.*?)</pre>', dom, re.S)
    if not found:
        sys.exit("html-smoke: axe-core did not report (no result in the DOM)")
    violations = json.loads(html.unescape(found.group(1)))
    for v in violations:
        print(f"html-smoke: axe {v['impact']}: {v['id']} ({v['nodes']} elements): "
              f"{v['help']}; e.g. {v['where']}")
    if violations:
        sys.exit(f"html-smoke: {len(violations)} kinds of accessibility violation (above)")
    print("html-smoke: axe-core found no accessibility violation")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "inject":
        inject(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] == "verdict":
        verdict(sys.argv[2])
    else:
        sys.exit(__doc__)
