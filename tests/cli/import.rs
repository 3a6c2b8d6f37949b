//! `govdict import --from csvw|jsonschema`: a dictionary `check` accepts, and the round
//! trip export → import → export gives the same schema, so every constraint the format
//! expresses survives; third-party CSVW metadata from the W3C test suite imports.

use serde_json::Value;

use crate::support::{govdict, stdout_json};

fn export_json(dict: Option<&std::path::Path>, args: &[&str]) -> Value {
    let mut cmd = govdict();
    if let Some(d) = dict {
        cmd.arg("--dict").arg(d);
    }
    let out = cmd.arg("export").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout_json(&out)
}

/// Imports `descriptor` (written to a file) and checks the dictionary; returns its path.
fn import(from: &str, descriptor: &Value, dir: &std::path::Path) -> std::path::PathBuf {
    let input = dir.join(format!("{from}-in.json"));
    std::fs::write(&input, serde_json::to_vec_pretty(descriptor).unwrap()).unwrap();
    let out = dir.join(format!("{from}-back.yaml"));
    govdict()
        .args(["import", "--from", from])
        .arg(&input)
        .arg("--output")
        .arg(&out)
        .assert()
        .success();
    govdict()
        .arg("check")
        .arg("--dict")
        .arg(&out)
        .assert()
        .success();
    out
}

const DATASETS: [&str; 4] = [
    "enterprise-registration",
    "resident-registration",
    "tax-registration",
    "social-insurance-enrolment",
];

#[test]
fn jsonschema_round_trip_gives_the_same_schema() {
    let dir = tempfile::tempdir().unwrap();
    for d in DATASETS {
        let original = export_json(None, &["--to", "jsonschema", "--dataset", d]);
        let back = import("jsonschema", &original, dir.path());
        let again = export_json(Some(&back), &["--to", "jsonschema", "--dataset", d]);
        assert_eq!(again["properties"], original["properties"], "{d}");
        assert_eq!(again["required"], original["required"], "{d}");
        assert_eq!(again["x-govdict"], original["x-govdict"], "{d}");
        assert_eq!(again["title"], original["title"], "{d}");
        assert_eq!(again["description"], original["description"], "{d}");
    }
}

/// Regexes compared as XML Schema reads them: one group around the whole is no change.
fn same_regex(a: &Value, b: &Value) -> bool {
    match (a.as_str(), b.as_str()) {
        (Some(a), Some(b)) => a == b || format!("({a})") == b || format!("({b})") == a,
        _ => a == b,
    }
}

#[test]
fn csvw_round_trip_keeps_every_column_constraint() {
    let dir = tempfile::tempdir().unwrap();
    let original = export_json(None, &["--to", "csvw"]);
    let back = import("csvw", &original, dir.path());
    let again = export_json(Some(&back), &["--to", "csvw"]);
    let tables = |m: &Value| m["tables"].as_array().unwrap().clone();
    assert_eq!(tables(&again).len(), tables(&original).len());
    let mut columns = 0;
    for (a, o) in tables(&again).iter().zip(tables(&original)) {
        assert_eq!(a["url"], o["url"]);
        assert_eq!(a["dc:title"], o["dc:title"]);
        assert_eq!(
            a["tableSchema"]["primaryKey"],
            o["tableSchema"]["primaryKey"]
        );
        let (ac, oc) = (&a["tableSchema"]["columns"], &o["tableSchema"]["columns"]);
        assert_eq!(ac.as_array().unwrap().len(), oc.as_array().unwrap().len());
        for (x, y) in ac.as_array().unwrap().iter().zip(oc.as_array().unwrap()) {
            for key in ["name", "titles", "required", "dc:description"] {
                assert_eq!(x[key], y[key], "{} {key}", y["name"]);
            }
            let (dx, dy) = (&x["datatype"], &y["datatype"]);
            for key in ["base", "minLength", "maxLength", "minimum", "maximum"] {
                assert_eq!(dx[key], dy[key], "{} {key}", y["name"]);
            }
            assert!(
                same_regex(&dx["format"], &dy["format"]),
                "{}: {} vs {}",
                y["name"],
                dx["format"],
                dy["format"]
            );
            columns += 1;
        }
    }
    assert!(columns > 30, "{columns} columns compared");
    // Code lists come back as code lists.
    let yaml = std::fs::read_to_string(&back).unwrap();
    assert!(yaml.contains("type: \"code\""), "{yaml}");
}

#[test]
fn third_party_csvw_metadata_gives_a_dictionary_check_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("countries.yaml");
    govdict()
        .args([
            "import",
            "--from",
            "csvw",
            "tests/fixtures/csvw-metadata/countries.json",
            "--output",
        ])
        .arg(&out)
        .assert()
        .success();
    govdict()
        .arg("check")
        .arg("--dict")
        .arg(&out)
        .assert()
        .success();
    let yaml = std::fs::read_to_string(&out).unwrap();
    assert!(
        yaml.contains("# not kept: country_slice: foreign keys"),
        "{yaml}"
    );
    assert!(yaml.contains("# not kept: year: datatype gYear"), "{yaml}");
    let dict = export_json(Some(&out), &["--to", "json"]);
    assert_eq!(dict["datasets"][0]["primary_key"][0], "countryCode");
    let population = dict["elements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "population")
        .unwrap();
    assert_eq!(population["type"], "integer");
}

#[test]
fn import_of_what_is_not_a_schema_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("x.json");
    std::fs::write(&input, br#"{"type": "string"}"#).unwrap();
    for from in ["csvw", "jsonschema"] {
        let out = govdict()
            .args(["import", "--from", from])
            .arg(&input)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{from}");
        assert!(out.stdout.is_empty());
    }
}
