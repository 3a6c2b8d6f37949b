//! The data-element dictionary: its model, loader, lint and format notation.
//!
//! `load` and `check` read a dictionary (a folder with `dictionary.yaml`, a single YAML
//! file, or the embedded default); `load_files` does the same from in-memory files.

mod assemble;
mod embedded;
pub mod format;
pub mod load;
pub mod lookup;
pub mod model;
pub mod node;
pub mod problem;
pub mod raw;
pub mod schema;
pub mod source;

pub use assemble::{compile_pattern, PATTERN_SIZE_LIMIT};
pub use format::Format;
pub use load::{check, embedded_files, load, load_files, Checked};
pub use model::*;
pub use problem::{codes, LoadError, Problem};
pub use source::DictionarySource;
