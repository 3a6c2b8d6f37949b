//! End-to-end tests of the `govdict` binary. One test crate with a module per command keeps
//! link times down; fixtures live in `tests/fixtures/`.

mod check;
mod conform;
mod ci;
mod examples;
mod lookup;
mod mapping;
mod release;
mod schemas;
mod shell;
mod support;
