//! govdict: government data-element dictionaries. Load and lint a versioned dictionary,
//! validate departmental CSV and Excel exports against it, map departmental fields to
//! standard elements, and diff and publish releases.
//!
//! The library never prints: checking produces data (`Finding`s, `Problem`s) and the
//! renderers in `report` turn them into text for people and machines.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod atomic;
pub mod batch;
pub mod check;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod conform;
pub mod dictionary;
pub mod finding;
pub mod mapping;
pub mod mask;
pub mod normalize;
pub mod release;
pub mod report;
pub mod resolve;
pub mod rules;
pub mod source;
pub mod split;
pub mod text;
pub mod validate;
