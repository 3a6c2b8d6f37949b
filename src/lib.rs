//! govdict: government data-element dictionaries. Load and lint a versioned dictionary,
//! validate departmental CSV and Excel exports against it, map departmental fields to
//! standard elements, and diff and publish releases.
//!
//! The library never prints: checking produces data (`Finding`s, `Problem`s) and the
//! renderers in `report` turn them into text for people and machines. The command line
//! (`src/cli.rs`, `src/cmd/`) belongs to the binary, not to this API.
//!
//! Checking one value against an element of the embedded default dictionary:
//!
//! ```
//! use govdict::check::CellCheck;
//! use govdict::source::CellKind;
//!
//! let dict = govdict::dictionary::load(None).expect("the embedded dictionary is valid");
//! let element = dict.element("DE00001").expect("citizen identity number");
//! assert_eq!(element.name, "公民身份号码");
//! let check = CellCheck::compile(&dict, element, true);
//! assert!(check.check("34052419800101001X", CellKind::Text).is_none());
//! let failure = check.check("340524198001010011", CellKind::Text).expect("wrong check digit");
//! assert_eq!(failure.code.as_str(), "checksum-failed");
//! ```
//!
//! The built-in rules stand alone too:
//!
//! ```
//! use govdict::rules::Rule;
//!
//! assert!(Rule::Gb32100.check("91350100M000100Y43").is_ok());
//! assert!(Rule::Gb32100.check("91350100M000100Y44").is_err());
//! ```
// `unsafe` is allowed in two places only: a test's counting allocator, and the hints to
// the processor and the kernel (`prefetch`: cache prefetch, large pages).
#![deny(unsafe_code)]
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod atomic;
pub mod batch;
pub mod bounded;
pub mod calendar;
pub mod check;
pub mod config;
pub mod conform;
pub mod diagnostic;
pub mod dictionary;
pub mod export;
pub mod finding;
pub mod formula;
pub mod mapping;
pub mod mask;
pub mod normalize;
pub mod output;
pub mod output_encoding;
mod prefetch;
pub mod progress;
pub mod publish;
pub mod release;
pub mod report;
pub mod resolve;
pub mod rules;
pub mod source;
pub mod split;
pub mod text;
pub mod validate;
