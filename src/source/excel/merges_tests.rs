use std::path::PathBuf;

use calamine::{open_workbook, Reader, Xlsx};

use super::*;

/// calamine's reading of the merged regions of every sheet of the workbook at `path`.
fn calamine_merges(path: &Path) -> Vec<(String, Option<Vec<Dimensions>>)> {
    let Ok(mut book) = open_workbook::<Xlsx<_>, _>(path) else {
        return Vec::new();
    };
    let names = book.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let merges = book.merge_cells_by_sheet_name(&name).ok();
            (name, merges)
        })
        .collect()
}

/// Compares `read` with calamine on every sheet; returns how many sheets `read` followed.
fn compare(path: &Path) -> usize {
    let mut followed = 0;
    for (name, expected) in calamine_merges(path) {
        let Some(found) = read(path, &name) else {
            continue;
        };
        assert_eq!(Some(found), expected, "{} sheet {name:?}", path.display());
        followed += 1;
    }
    followed
}

#[test]
fn the_regions_are_calamine_s_in_the_fixture_workbooks() {
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut followed = 0;
    let mut stack = vec![fixtures];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("fixtures").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "xlsx") {
                followed += compare(&path);
            }
        }
    }
    assert!(followed >= 20, "{followed} sheets followed");
}

#[test]
fn the_regions_are_calamine_s_in_written_workbooks() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("merged.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let format = rust_xlsxwriter::Format::new();
    let sheet = book.add_worksheet();
    sheet.set_name("登记").expect("name");
    sheet
        .merge_range(0, 0, 0, 5, "企业登记信息表", &format)
        .expect("merge");
    sheet.merge_range(1, 2, 3, 3, "", &format).expect("merge");
    sheet
        .write_string(4, 0, "<mergeCells> mergeCells a:mergeCells")
        .expect("write");
    for row in 5..3000 {
        sheet.write_string(row, 1, "mergeCell").expect("write");
    }
    sheet
        .merge_range(2999, 100, 3005, 701, "x", &format)
        .expect("merge");
    // A name with an entity reference: calamine decodes it, this reading does not.
    let sheet = book.add_worksheet();
    sheet.set_name("数据 & more").expect("name");
    sheet.merge_range(0, 0, 0, 1, "y", &format).expect("merge");
    book.save(&path).expect("save");
    assert_eq!(
        compare(&path),
        1,
        "the second sheet is read, the first left to calamine"
    );
    let regions = read(&path, "登记").expect("followed");
    assert_eq!(regions.len(), 3);
    assert_eq!(
        regions[2],
        Dimensions {
            start: (2999, 100),
            end: (3005, 701)
        }
    );
}

#[test]
fn references_are_read_as_calamine_does_or_left_to_it() {
    assert_eq!(
        dimension("B3:AA10"),
        Some(Dimensions {
            start: (2, 1),
            end: (9, 26)
        })
    );
    assert_eq!(
        dimension("C2"),
        Some(Dimensions {
            start: (1, 2),
            end: (1, 2)
        })
    );
    for odd in [
        "$A$1:B2",
        "a1:b2",
        "A0",
        "A1:",
        "B2:A1",
        "ABCD1",
        "A12345678",
        "",
    ] {
        assert_eq!(dimension(odd), None, "{odd}");
    }
}

#[test]
fn a_list_with_a_comment_or_a_prefix_is_left_to_calamine() {
    let plain = br#"<sheetData><row r="1"/></sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>"#;
    assert_eq!(
        merge_list(&plain[..]).map(|l| regions(&l)),
        Some(Some(vec![Dimensions {
            start: (0, 0),
            end: (0, 1)
        }]))
    );
    let comment = br#"<!-- x --><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>"#;
    assert_eq!(merge_list(&comment[..]), None);
    let prefixed = br#"<x:mergeCells count="1"><x:mergeCell ref="A1:B1"/></x:mergeCells>"#;
    assert_eq!(merge_list(&prefixed[..]), None);
    let none = br#"<sheetData><row r="1"><c><is><t>mergeCells</t></is></c></row></sheetData>"#;
    assert_eq!(merge_list(&none[..]), Some(Vec::new()));
}
