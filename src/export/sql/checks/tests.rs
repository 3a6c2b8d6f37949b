use super::*;

fn dict() -> Dictionary {
    crate::dictionary::load(None).expect("embedded dictionary")
}

#[test]
fn placeholder() {
    let _ = dict();
}
