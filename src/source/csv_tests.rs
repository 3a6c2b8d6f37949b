//! Tests of the CSV reader on crafted inputs and on the corpora in `tests/fixtures/`.
