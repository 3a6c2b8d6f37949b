//! `govdict export`: every format is produced, the dictionary JSON matches its published
//! schema, and the JSON Schema of a dataset's row, run by the `jsonschema` crate, accepts
//! the clean rows of every shipped example and rejects the rows `validate` reports with a
//! defect JSON Schema can express.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use crate::support::{govdict, stdout_json};

fn json_of(args: &[&str]) -> Value {
    let output = govdict().args(args).output().expect("runs");
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout_json(&output)
}

fn text_of(args: &[&str]) -> String {
    let output = govdict().args(args).output().expect("runs");
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

#[test]
fn dictionary_json_matches_its_published_schema() {
    let path = format!(
        "{}/schemas/dictionary-export.schema.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let v = jsonschema::validator_for(&schema).expect("schema compiles");
    let doc = json_of(&["export", "--to", "json"]);
    let errors: Vec<String> = v.iter_errors(&doc).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert!(doc["elements"].as_array().unwrap().len() > 50);
    let mut tampered = doc.clone();
    tampered["elements"][0]["type"] = json!("text");
    assert!(!v.is_valid(&tampered));
}

#[test]
fn unknown_dataset_and_missing_dataset_are_usage_errors() {
    let out = govdict()
        .args(["export", "--to", "sql", "--dataset", "nope"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("enterprise-registration"));
    let out = govdict()
        .args(["export", "--to", "jsonschema"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--dataset"));
}

#[test]
fn every_format_states_what_it_cannot_express() {
    let d = "resident-registration";
    let sql = text_of(&[
        "export",
        "--to",
        "sql",
        "--dialect",
        "duckdb",
        "--dataset",
        d,
    ]);
    assert!(
        sql.contains("not expressed") && sql.contains("CREATE TABLE \"resident_registration\"")
    );
    assert!(sql.contains("de00001_checksum_failed"), "GB 11643 in SQL");
    let fl = json_of(&["export", "--to", "frictionless", "--dataset", d]);
    assert!(fl["description"].as_str().unwrap().contains("no checksum"));
    let pkg = json_of(&["export", "--to", "frictionless"]);
    assert_eq!(pkg["resources"].as_array().unwrap().len(), 4);
    assert!(pkg["description"].as_str().unwrap().contains("no checksum"));
    let whole = json_of(&["export", "--to", "json"]);
    assert!(whole["$comment"]
        .as_str()
        .unwrap()
        .contains("Not expressed"));
    let pg = text_of(&["export", "--to", "sql", "--dataset", d]);
    assert!(pg.starts_with("-- ") && pg.contains("not expressed"));
    let group = json_of(&["export", "--to", "csvw"]);
    assert!(group["rdfs:comment"]
        .as_str()
        .unwrap()
        .contains("digits, decimals"));
    let csvw = json_of(&["export", "--to", "csvw", "--dataset", d]);
    assert!(csvw["rdfs:comment"]
        .as_str()
        .unwrap()
        .contains("check characters"));
    let js = json_of(&["export", "--to", "jsonschema", "--dataset", d]);
    assert!(js["description"].as_str().unwrap().contains("primary keys"));
}

#[test]
fn output_file_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.sql");
    govdict()
        .args([
            "export",
            "--to",
            "sql",
            "--dataset",
            "tax-registration",
            "--output",
        ])
        .arg(&path)
        .assert()
        .success()
        .stdout("");
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .contains("CREATE TABLE"));
}

/// Codes whose defects a JSON Schema of text cells expresses in full.
const EXPRESSED: [&str; 5] = [
    "required-value",
    "type-mismatch",
    "format-mismatch",
    "not-in-codelist",
    "pattern-mismatch",
];
/// Findings about the file, not a row's values.
const STRUCTURE: [&str; 5] = [
    "blank-row",
    "extra-cell",
    "missing-cell",
    "unknown-column",
    "missing-column",
];

fn read_csv(path: &str, encoding: &str, delimiter: u8) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap();
    let enc = encoding_rs::Encoding::for_label(encoding.as_bytes()).unwrap();
    let (text, _, _) = enc.decode(&bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[test]
fn json_schema_accepts_clean_example_rows_and_rejects_bad_ones() {
    let dict = json_of(&["export", "--to", "json"]);
    let names: BTreeMap<&str, &str> = dict["elements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["id"].as_str().unwrap(), e["name"].as_str().unwrap()))
        .collect();
    let root = env!("CARGO_MANIFEST_DIR");
    let mut clean_total = 0;
    let mut rejected_total = 0;
    for entry in std::fs::read_dir(format!("{root}/examples/expected")).unwrap() {
        let meta: Value =
            serde_json::from_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap()).unwrap();
        let (Some(encoding), Some(file)) = (meta["encoding"].as_str(), meta["file"].as_str())
        else {
            continue;
        };
        let dataset = meta["dataset"].as_str().unwrap();
        let path = format!("examples/{file}");
        let report = json_of(&[
            "validate",
            &path,
            "--dataset",
            dataset,
            "--format",
            "json",
            "--fail-on",
            "never",
            "--show-values",
            "none",
        ]);
        let f = &report["files"][0];
        let element_at: BTreeMap<usize, String> = f["columns"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|c| {
                Some((
                    c["index"].as_u64()? as usize,
                    c["element"].as_str()?.to_owned(),
                ))
            })
            .collect();
        let mut codes: BTreeMap<u64, BTreeSet<String>> = BTreeMap::new();
        for finding in f["findings"].as_array().unwrap() {
            if let Some(row) = finding["row"].as_u64() {
                codes
                    .entry(row)
                    .or_default()
                    .insert(finding["code"].as_str().unwrap().to_owned());
            }
        }
        let schema = json_of(&["export", "--to", "jsonschema", "--dataset", dataset]);
        let validator = jsonschema::validator_for(&schema).expect("schema compiles");
        let delimiter = meta["delimiter"].as_str().unwrap().as_bytes()[0];
        let rows = read_csv(&format!("{root}/{path}"), encoding, delimiter);
        for (i, raw) in rows.iter().enumerate().skip(1) {
            let row_no = i as u64 + 1;
            let mut obj = Map::new();
            for (k, v) in raw.iter().enumerate() {
                if let Some(e) = element_at.get(&(k + 1)) {
                    obj.insert(names[e.as_str()].to_owned(), json!(v.trim()));
                }
            }
            let row = Value::Object(obj);
            let found = codes.get(&row_no).cloned().unwrap_or_default();
            if found.is_empty() {
                let errors: Vec<String> =
                    validator.iter_errors(&row).map(|e| e.to_string()).collect();
                assert!(
                    errors.is_empty(),
                    "{file} row {row_no} is clean: {errors:#?}"
                );
                clean_total += 1;
            } else if found.iter().any(|c| STRUCTURE.contains(&c.as_str())) {
                continue;
            } else if found.iter().any(|c| EXPRESSED.contains(&c.as_str())) {
                assert!(
                    !validator.is_valid(&row),
                    "{file} row {row_no} {found:?} accepted"
                );
                rejected_total += 1;
            }
        }
    }
    assert!(clean_total > 400, "{clean_total} clean rows");
    assert!(rejected_total > 30, "{rejected_total} bad rows");
}

#[test]
fn import_of_a_third_party_table_schema_gives_a_dictionary_check_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("imported.yaml");
    govdict()
        .args([
            "import",
            "--from",
            "frictionless",
            "tests/fixtures/frictionless-schemas/schema-valid-full.json",
            "--output",
        ])
        .arg(&out)
        .assert()
        .success();
    let yaml = std::fs::read_to_string(&out).unwrap();
    assert!(
        yaml.contains("# not kept: home_location: type geopoint"),
        "{yaml}"
    );
    govdict()
        .arg("check")
        .arg("--dict")
        .arg(&out)
        .assert()
        .success();
    let dict = json_of(&["export", "--to", "json", "--dict", out.to_str().unwrap()]);
    let age = dict["elements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "age")
        .unwrap();
    assert_eq!(age["type"], "integer");
    // primaryKey: first_name, last_name, period_employed, home_location.
    assert_eq!(
        dict["datasets"][0]["primary_key"].as_array().unwrap().len(),
        4
    );
}

#[test]
fn import_after_export_keeps_the_shared_constraints() {
    let dir = tempfile::tempdir().unwrap();
    let package = dir.path().join("datapackage.json");
    std::fs::write(&package, text_of(&["export", "--to", "frictionless"])).unwrap();
    let out = dir.path().join("back.yaml");
    govdict()
        .args(["import", "--from", "frictionless"])
        .arg(&package)
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
    let original = json_of(&["export", "--to", "json"]);
    let back = json_of(&["export", "--to", "json", "--dict", out.to_str().unwrap()]);
    let by_id = |d: &Value| -> BTreeMap<String, Value> {
        d["elements"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["id"].as_str().unwrap().to_owned(), e.clone()))
            .collect()
    };
    let codes = |d: &Value, id: &Value| -> BTreeSet<String> {
        d["codelists"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| &c["id"] == id)
            .map(|c| {
                c["values"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v["code"].as_str().unwrap().to_owned())
                    .collect()
            })
            .unwrap_or_default()
    };
    let (a, b) = (by_id(&original), by_id(&back));
    assert!(!b.is_empty());
    for (id, e) in &b {
        let o = &a[id];
        for key in [
            "name",
            "name_en",
            "definition",
            "type",
            "format",
            "rule",
            "codelist",
        ] {
            assert_eq!(e[key], o[key], "{id} {key}");
        }
        for key in ["min", "max"] {
            let num = |v: &Value| {
                v.as_str()
                    .map(|s| s.parse::<f64>().map_err(|_| s.to_owned()))
            };
            assert_eq!(num(&e[key]), num(&o[key]), "{id} {key}");
        }
        assert_eq!(
            codes(&back, &e["codelist"]),
            codes(&original, &o["codelist"]),
            "{id}"
        );
    }
    assert_eq!(
        back["datasets"],
        original["datasets"]
            .clone()
            .as_array()
            .map(|ds| {
                Value::Array(
                    ds.iter()
                        .map(|d| {
                            let mut d = d.clone();
                            let key = d["primary_key"].clone();
                            // Primary-key fields are required in every export.
                            for f in d["fields"].as_array_mut().unwrap() {
                                if key.as_array().unwrap().contains(&f["element"]) {
                                    f["required"] = json!(true);
                                }
                                // A conditional uniqueness has no Frictionless form: the
                                // export states none rather than an unconditional one.
                                if let Some(f) = f.as_object_mut() {
                                    if f.remove("unique_among").is_some() {
                                        f.insert("unique".into(), json!(false));
                                    }
                                }
                            }
                            d["name_en"] = Value::Null;
                            d["owner"] = Value::Null;
                            d
                        })
                        .collect(),
                )
            })
            .unwrap()
    );
}
