use std::path::Path;

use super::*;
use crate::mapping::test_support::dictionary;

fn mapping(yaml: &str) -> MappingFile {
    MappingFile::from_yaml(yaml).expect("mapping parses")
}

fn run(
    input: &str,
    m: &MappingFile,
    style: HeaderStyle,
) -> (Result<ConformSummary, ConformError>, String, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("in.csv");
    std::fs::write(&path, input).expect("write input");
    let dict = dictionary();
    let reader = ExportReader::open(Path::new(&path), &crate::source::TableOptions::default())
        .expect("opens")
        .expect("header");
    let mut out = Vec::new();
    let mut rej = Vec::new();
    let result = conform(
        &dict,
        m,
        reader,
        style,
        Outputs {
            out: &mut out,
            kind: OutputKind::Csv,
            rejects: Some((&mut rej, OutputKind::Csv)),
        },
    );
    (
        result,
        String::from_utf8(out).expect("utf-8"),
        String::from_utf8(rej).expect("utf-8"),
    )
}

const MAPPING: &str = r#"mapping:
  fields:
    - {source: xm, element: DE00002}
    - {source: xb, element: DE00003, values: {男: "1", 女: "2"}}
    - {source: csrq, element: DE00004, source_format: "YYYY/MM/DD"}
    - {source: bz, element: null}
    - {source: zczb, element: DE01003}
    - {source: gone, element: DE00005}
"#;

#[test]
fn transforms_drops_and_rejects() {
    let input = "xm,xb,csrq,bz,zczb,extra\n\
                 张三 ,男,1990/03/05,内部,\"1,234.5\",x\n\
                 =HYPERLINK(1),女,19900306,,-12,\n\
                 \n\
                 李四,不详,1990/02/30,,1,\n";
    let (result, out, rej) = run(input, &mapping(MAPPING), HeaderStyle::Name);
    let s = result.expect("conforms");
    assert_eq!(
        out,
        "姓名,性别,出生日期,注册资本\n张三,1,19900305,1234.5\n'=HYPERLINK(1),2,19900306,-12\n"
    );
    assert_eq!(
        rej,
        "xm,xb,csrq,bz,zczb,extra,govdict_codes,govdict_row\n李四,不详,1990/02/30,,1,,xb: format-mismatch; csrq: type-mismatch,5\n"
    );
    assert_eq!((s.rows_read, s.rows_written, s.rows_rejected), (3, 2, 1));
    assert_eq!(s.dropped, vec!["bz", "extra"]);
    assert_eq!(s.missing, vec!["gone"]);
    let by = |src: &str| s.columns.iter().find(|c| c.source == src).expect("column");
    assert_eq!(by("xm").trimmed, 1);
    assert_eq!(by("xb").recoded, 2);
    assert_eq!(by("xb").rejected, 1);
    assert_eq!(by("csrq").reformatted, 1);
    assert_eq!(by("zczb").reformatted, 1);
}

#[test]
fn header_styles() {
    let m = mapping("mapping:\n  fields:\n    - {source: xb, element: DE00003}\n");
    let (_, out, _) = run("xb\n1\n", &m, HeaderStyle::Id);
    assert_eq!(out, "DE00003\n1\n");
    let (_, out, _) = run("xb\n1\n", &m, HeaderStyle::Identifier);
    assert!(
        out.starts_with("XB\n") || out.starts_with("DE00003\n"),
        "{out}"
    );
}

#[test]
fn mapping_problems_are_errors() {
    let m = mapping("mapping:\n  fields:\n    - {source: a, element: DE09999}\n");
    assert!(matches!(
        run("a\n1\n", &m, HeaderStyle::Name).0,
        Err(ConformError::UnknownElement { .. })
    ));
    let m = mapping(
        "mapping:\n  fields:\n    - {source: a, element: DE00003}\n    - {source: b, element: DE00003}\n",
    );
    assert!(matches!(
        run("a,b\n1,1\n", &m, HeaderStyle::Name).0,
        Err(ConformError::DuplicateElement { .. })
    ));
    let m = mapping("mapping:\n  fields:\n    - {source: a, element: null}\n");
    assert!(matches!(
        run("a\n1\n", &m, HeaderStyle::Name).0,
        Err(ConformError::NoColumns)
    ));
}

#[test]
fn a_cell_the_reader_could_not_decode_is_rejected() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("in.csv");
    let mut bytes = b"xm,xb\n".to_vec();
    bytes.extend_from_slice(b"\xff\xfe\xff,\xe7\x94\xb7\n");
    bytes.extend_from_slice("李四,女\n".as_bytes());
    std::fs::write(&path, bytes).expect("write input");
    let dict = dictionary();
    let reader = ExportReader::open(&path, &crate::source::TableOptions::default())
        .expect("opens")
        .expect("header");
    let (mut out, mut rej) = (Vec::new(), Vec::new());
    let summary = conform(
        &dict,
        &mapping(MAPPING),
        reader,
        HeaderStyle::Name,
        Outputs {
            out: &mut out,
            kind: OutputKind::Csv,
            rejects: Some((&mut rej, OutputKind::Csv)),
        },
    )
    .expect("conforms");
    assert_eq!((summary.rows_written, summary.rows_rejected), (1, 1));
    let rej = String::from_utf8(rej).expect("utf-8");
    assert!(rej.ends_with(",xm: encoding-error,2\n"), "{rej}");
    assert!(!String::from_utf8(out).expect("utf-8").contains('\u{fffd}'));
}
