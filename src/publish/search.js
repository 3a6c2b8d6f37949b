// Client-side search of the published dictionary: no server, no network. The index is
// window.GOVDICT_INDEX (search-index.js). index.html?q=TEXT runs the search for TEXT.
(function () {
  "use strict";
  var index = window.GOVDICT_INDEX || { items: [], labels: {} };
  // Earlier fields weigh more; code lists are also found by their values' names.
  var fields = ["name", "synonyms", "identifier", "id", "pinyin", "initials", "name_en", "values"];
  var kinds = ["element", "codelist", "dataset"];
  function fold(s) { return String(s || "").trim().toLowerCase(); }
  function score(item, q) {
    var best = 0;
    fields.forEach(function (f, rank) {
      var values = [].concat(item[f] || []);
      values.forEach(function (v) {
        v = fold(v);
        if (!v) { return; }
        var kind = v === q ? 3 : v.indexOf(q) === 0 ? 2 : v.indexOf(q) >= 0 ? 1 : 0;
        if (kind) { best = Math.max(best, kind * 100 - rank); }
      });
    });
    return best;
  }
  function search(text) {
    var q = fold(text);
    if (!q) { return []; }
    return index.items
      .map(function (item) { return { item: item, score: score(item, q) }; })
      .filter(function (h) { return h.score > 0; })
      .sort(function (a, b) {
        return b.score - a.score ||
          kinds.indexOf(a.item.kind) - kinds.indexOf(b.item.kind) ||
          (a.item.id < b.item.id ? -1 : 1);
      })
      .map(function (h) { return h.item; });
  }
  function render(text) {
    var results = document.getElementById("results");
    if (!results) { return; }
    results.textContent = "";
    var hits = search(text);
    var heading = document.createElement("p");
    heading.textContent = hits.length + " " + (index.labels.matches || "");
    results.appendChild(heading);
    if (!hits.length) { return; }
    var list = document.createElement("ul");
    hits.forEach(function (item) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = item.url;
      a.textContent = item.name;
      li.appendChild(a);
      var kind = item.kind !== "element" ? " · " + (index.labels[item.kind] || item.kind) : "";
      li.appendChild(document.createTextNode(" " + item.id + (item.name_en ? " · " + item.name_en : "") + kind));
      list.appendChild(li);
    });
    results.appendChild(list);
  }
  function start() {
    var q = new URLSearchParams(window.location.search).get("q");
    var input = document.getElementById("q");
    if (q !== null) {
      if (input) { input.value = q; }
      render(q);
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
