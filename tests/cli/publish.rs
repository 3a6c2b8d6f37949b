//! `govdict publish`: the static site of a release (the browser test is `ci/site-check.sh`).

use crate::support::govdict;

fn read(dir: &std::path::Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn site_has_every_page_a_search_index_and_a_catalog() {
    let dir = tempfile::tempdir().unwrap();
    govdict()
        .args(["publish", "--out"])
        .arg(dir.path())
        .assert()
        .success();
    let index = read(dir.path(), "index.html");
    assert!(index.contains(r#"id="results""#));
    assert!(index.contains("application/ld+json"));
    assert!(index.contains("exports/postgres.sql"));
    assert!(
        !index.contains("http://") || !index.contains("<script src=\"http"),
        "no network assets"
    );
    for rel in [
        "elements/DE01001.html",
        "datasets/enterprise-registration.html",
        "changelog.html",
        "exports/dictionary.json",
        "exports/tax-registration.schema.json",
        "search.js",
        "style.css",
    ] {
        assert!(dir.path().join(rel).is_file(), "{rel}");
    }
    let element = read(dir.path(), "elements/DE01001.html");
    assert!(element.contains("统一社会信用代码") && element.contains("gb32100"));
    assert!(
        element.contains("enterprise-registration"),
        "datasets that use it"
    );
    let search = read(dir.path(), "search-index.js");
    assert!(
        search.contains("tongyishehuixinyongdaima"),
        "pinyin in the index"
    );
    let catalog: serde_json::Value =
        serde_json::from_str(&read(dir.path(), "catalog.jsonld")).unwrap();
    assert_eq!(catalog["@type"], "dcat:Catalog");
    assert!(
        catalog["dcat:dataset"][0]["dcat:distribution"]
            .as_array()
            .unwrap()
            .len()
            > 5
    );
    let changelog = read(dir.path(), "changelog.html");
    assert!(
        changelog.contains("--previous"),
        "first release says how to get a changelog"
    );
}

#[test]
fn history_comes_from_the_previous_release_and_english_labels() {
    let dir = tempfile::tempdir().unwrap();
    govdict()
        .args([
            "publish",
            "--dict",
            "tests/fixtures/release/v1.1.0-breaking.yaml",
            "--previous",
            "tests/fixtures/release/v1",
            "--lang",
            "en",
            "--out",
        ])
        .arg(dir.path())
        .assert()
        .success();
    let changelog = read(dir.path(), "changelog.html");
    assert!(changelog.contains("1.0.0 → 1.1.0"), "{changelog}");
    assert!(changelog.contains("Required version bump"));
    let elements = std::fs::read_dir(dir.path().join("elements"))
        .unwrap()
        .count();
    assert!(elements > 0);
    let any_history = std::fs::read_dir(dir.path().join("elements"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .any(|page| page.contains("<strong>element-"));
    assert!(any_history, "an element page lists its change");
}

#[test]
fn markup_in_the_dictionary_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    govdict()
        .args([
            "publish",
            "--dict",
            "tests/fixtures/publish/markup.yaml",
            "--out",
        ])
        .arg(dir.path())
        .assert()
        .success();
    let element = read(dir.path(), "elements/DE00001.html");
    assert!(!element.contains("<script>alert(1)</script>"));
    assert!(element.contains("&lt;&#x2f;script&gt;") || element.contains("&lt;/script&gt;"));
    let index = read(dir.path(), "index.html");
    assert!(!index.contains("<b>粗体</b>"));
    // The inline JSON-LD cannot close its script element.
    let ld = index.split("application/ld+json\">").nth(1).unwrap();
    let ld = ld.split("</script>").next().unwrap();
    assert!(!ld.contains("</"), "{ld}");
    let codes = std::fs::read_dir(dir.path().join("codelists"))
        .unwrap()
        .next()
        .unwrap();
    let page = std::fs::read_to_string(codes.unwrap().path()).unwrap();
    assert!(!page.contains("<img src=x"));
}

#[test]
fn search_covers_code_lists_and_datasets_and_pages_fit_a_phone() {
    let dir = tempfile::tempdir().unwrap();
    govdict()
        .args(["publish", "--out"])
        .arg(dir.path())
        .assert()
        .success();
    let script = read(dir.path(), "search-index.js");
    let json = script
        .trim()
        .strip_prefix("window.GOVDICT_INDEX = ")
        .and_then(|s| s.strip_suffix(';'))
        .unwrap();
    let index: serde_json::Value = serde_json::from_str(json).unwrap();
    let items = index["items"].as_array().unwrap();
    let find = |kind: &str, name: &str| {
        items
            .iter()
            .find(|i| i["kind"] == kind && i["name"] == name)
            .unwrap_or_else(|| panic!("{kind} {name} not in the index"))
            .clone()
    };
    let sex = find("codelist", "人的性别代码");
    assert!(sex["values"].as_array().unwrap().contains(&"男性".into()));
    assert!(dir.path().join(sex["url"].as_str().unwrap()).is_file());
    let company = find("dataset", "企业登记信息");
    assert!(dir.path().join(company["url"].as_str().unwrap()).is_file());
    assert_eq!(find("element", "统一社会信用代码")["id"], "DE01001");
    let search = read(dir.path(), "search.js");
    assert!(search.contains("\"values\""), "value names are searched");

    // Readable on a phone: every page scales to the device and the style sheet
    // re-flows narrow screens.
    let mut pages = 0;
    for entry in walk(dir.path()) {
        if entry.extension().is_some_and(|e| e == "html") {
            let page = std::fs::read_to_string(&entry).unwrap();
            assert!(
                page.contains(
                    r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#
                ),
                "{}",
                entry.display()
            );
            pages += 1;
        }
    }
    assert!(pages > 50, "{pages} pages");
    let css = read(dir.path(), "style.css");
    assert!(css.contains("@media (max-width:") && css.contains("overflow-x: auto"));

    // The Excel catalogue is a distribution too.
    assert!(dir.path().join("exports/catalogue.xlsx").is_file());
    assert!(read(dir.path(), "catalog.jsonld").contains("exports/catalogue.xlsx"));
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}
