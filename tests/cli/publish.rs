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
