//! The data-element dictionary: its model, loader, lint and format notation.

pub mod format;
pub mod model;

pub use format::Format;
pub use model::*;
