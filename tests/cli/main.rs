//! End-to-end tests of the `govdict` binary. One test crate with a module per command keeps
//! link times down; fixtures live in `tests/fixtures/`.

mod bounded_findings;
mod catalogue;
mod check;
mod ci;
mod conform;
mod corpus;
mod dict_paths;
mod dictionary_source;
mod domain;
mod examples;
mod excel;
mod export;
mod front_end;
mod git_sides;
mod import;
mod lang_zh;
mod leaks;
mod lookup;
mod mapping;
mod nothing_checked;
mod outputs;
mod provenance;
mod publish;
mod release;
mod reliability;
mod schemas;
mod shell;
mod sql_checks;
mod support;
mod validate;
mod validate_acceptance;
mod validate_contract;
mod validate_frictionless;
