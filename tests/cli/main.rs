//! End-to-end tests of the `govdict` binary. One test crate with a module per command keeps
//! link times down; fixtures live in `tests/fixtures/`.

mod check;
mod examples;
mod excel;
mod lookup;
mod support;
