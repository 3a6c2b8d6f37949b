//! Every JSON the tool writes is described by a schema in `schemas/`: real output of each
//! command validates against its schema, and a broken document does not.

use crate::support::{govdict, stdout_json};

fn schema(name: &str) -> jsonschema::Validator {
    let path = format!("{}/schemas/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("schema file");
    let value: serde_json::Value = serde_json::from_str(&text).expect("schema is JSON");
    jsonschema::validator_for(&value).expect("schema compiles")
}

fn assert_valid(validator: &jsonschema::Validator, doc: &serde_json::Value, what: &str) {
    let errors: Vec<String> = validator.iter_errors(doc).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{what} breaks its schema: {errors:#?}");
}

fn json_of(args: &[&str]) -> serde_json::Value {
    let output = govdict().args(args).output().expect("runs");
    stdout_json(&output)
}

#[test]
fn check_output_matches_its_schema() {
    let v = schema("check.schema.json");
    let clean = json_of(&["check", "--format", "json"]);
    assert_valid(&v, &clean, "check of the default dictionary");
    let broken = json_of(&[
        "check",
        "--dict",
        "tests/fixtures/dicts/duplicate-element-id.yaml",
        "--format",
        "json",
    ]);
    assert!(!broken["problems"].as_array().expect("problems").is_empty());
    assert_valid(&v, &broken, "check of a broken dictionary");
    let mut tampered = broken.clone();
    tampered["problems"][0]["line"] = serde_json::json!(0);
    assert!(!v.is_valid(&tampered), "line 0 must break the schema");
}

#[test]
fn diff_and_release_check_outputs_match_their_schemas() {
    let old = "tests/fixtures/release/v1";
    let new = "tests/fixtures/release/v1.1.0-breaking.yaml";
    let diff = json_of(&["diff", old, new, "--format", "json"]);
    assert!(!diff["changes"].as_array().expect("changes").is_empty());
    let v = schema("diff.schema.json");
    assert_valid(&v, &diff, "diff");
    let mut tampered = diff.clone();
    tampered["changes"][0]["impact"] = serde_json::json!("harmless");
    assert!(
        !v.is_valid(&tampered),
        "an unknown impact must break the schema"
    );

    let gate = json_of(&[
        "release",
        "check",
        "--previous",
        old,
        "--dict",
        new,
        "--format",
        "json",
    ]);
    assert_eq!(gate["passed"], false);
    assert_valid(&schema("release-check.schema.json"), &gate, "release check");
}

#[test]
fn validate_json_matches_the_report_schema() {
    let report = json_of(&[
        "validate",
        "examples/tax_registration.csv",
        "examples/social_insurance_enrolment.csv",
        "--format",
        "json",
    ]);
    assert_eq!(report["files"].as_array().map(Vec::len), Some(2));
    assert_valid(&schema("report.schema.json"), &report, "validate report");
}

#[test]
fn a_config_file_matches_the_config_schema() {
    let text = "dictionary = \"dictionary\"\ndataset = \"tax-registration\"\n";
    let table: toml::Table = toml::from_str(text).expect("toml");
    let doc = serde_json::to_value(table).expect("as JSON");
    let v = schema("config.schema.json");
    assert_valid(&v, &doc, "govdict.toml");
    assert!(!v.is_valid(&serde_json::json!({"dictonary": "typo"})));
}

/// The YAML files of a dictionary folder, as JSON.
fn yaml_files(dir: &std::path::Path, out: &mut Vec<(std::path::PathBuf, serde_json::Value)>) {
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            let text = std::fs::read_to_string(&path).expect("read");
            let doc: serde_json::Value = serde_saphyr::from_str(&text).expect("YAML");
            out.push((path, doc));
        }
    }
}

#[test]
fn included_dictionary_files_match_the_part_schema() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("dictionary");
    let mut files = Vec::new();
    yaml_files(&root, &mut files);
    let manifest = schema("dictionary.schema.json");
    let part = schema("dictionary-part.schema.json");
    let mut parts = 0;
    for (path, doc) in &files {
        if path.ends_with("dictionary.yaml") {
            assert_valid(&manifest, doc, "the manifest");
            assert!(
                !part.is_valid(doc),
                "the part schema must refuse manifest keys"
            );
        } else {
            parts += 1;
            assert!(
                !manifest.is_valid(doc),
                "{}: the manifest schema refuses parts",
                path.display()
            );
            assert_valid(&part, doc, &path.display().to_string());
        }
    }
    assert!(parts >= 5, "{parts} included files");
    assert!(!part.is_valid(&serde_json::json!({"elements": [{"id": 3}]})));
}

#[test]
fn the_part_schema_is_the_manifest_schema_less_the_manifest_keys() {
    let read = |name: &str| -> serde_json::Value {
        let path = format!("{}/schemas/{name}", env!("CARGO_MANIFEST_DIR"));
        serde_json::from_str(&std::fs::read_to_string(path).expect("schema")).expect("JSON")
    };
    let main = read("dictionary.schema.json");
    let part = read("dictionary-part.schema.json");
    assert_eq!(main["$defs"], part["$defs"], "the $defs drifted apart");
    let props = part["properties"].as_object().expect("properties");
    for (key, value) in props {
        assert_eq!(&main["properties"][key], value, "{key} drifted apart");
    }
    let lists: Vec<&str> = props.keys().map(String::as_str).collect();
    assert_eq!(lists, ["codelists", "datasets", "elements"]);
    assert!(part.get("required").is_none());
}

#[test]
fn jsonl_lines_match_the_line_schema_and_name_their_dataset() {
    let output = govdict()
        .args([
            "validate",
            "examples/tax_registration.csv",
            "examples/enterprise_registration.xlsx",
            "examples/resident_registration_clean.csv",
            "--format",
            "jsonl",
        ])
        .output()
        .expect("runs");
    let text = String::from_utf8(output.stdout).expect("UTF-8");
    let v = schema("report-line.schema.json");
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    for line in &lines {
        assert_valid(&v, line, "a JSONL line");
    }
    let files: Vec<&serde_json::Value> = lines.iter().filter(|l| l["type"] == "file").collect();
    let datasets: Vec<&str> = files
        .iter()
        .map(|f| f["dataset"].as_str().expect("dataset"))
        .collect();
    assert_eq!(
        datasets,
        [
            "tax-registration",
            "enterprise-registration",
            "resident-registration"
        ]
    );
    assert!(files[1]["sheet"].is_string());
    assert_eq!(lines.last().expect("lines")["type"], "summary");
    // A finding line with a key of no finding breaks the schema.
    let mut finding = lines[0].clone();
    assert_eq!(finding["type"], "finding");
    finding["dataset_typo"] = serde_json::json!(1);
    assert!(!v.is_valid(&finding));

    // The finding of a line is the finding of the report.
    let read = |name: &str| -> serde_json::Value {
        let path = format!("{}/schemas/{name}", env!("CARGO_MANIFEST_DIR"));
        serde_json::from_str(&std::fs::read_to_string(path).expect("schema")).expect("JSON")
    };
    let (report, line) = (read("report.schema.json"), read("report-line.schema.json"));
    let fields = &line["$defs"]["findingFields"];
    assert_eq!(
        report["$defs"]["finding"]["properties"],
        fields["properties"]
    );
    assert_eq!(report["$defs"]["finding"]["required"], fields["required"]);
    assert_eq!(report["$defs"]["code"], line["$defs"]["code"]);
    // So is the dictionary and config the summary line names.
    let summary = &line["$defs"]["summaryLine"]["properties"];
    assert_eq!(report["properties"]["dictionary"], summary["dictionary"]);
    assert_eq!(report["properties"]["config"], summary["config"]);
}

#[test]
fn show_output_matches_its_schema() {
    let v = schema("show.schema.json");
    for query in ["DE00001", "DE00003", "GB/T 2261.1-2003", "tax-registration"] {
        let doc = json_of(&["show", query, "--format", "json"]);
        assert_valid(&v, &doc, query);
    }
    let mut doc = json_of(&["show", "DE00001", "--format", "json"]);
    doc["personal"] = serde_json::json!("secret");
    assert!(
        !v.is_valid(&doc),
        "an unknown personal level must break the schema"
    );
}
