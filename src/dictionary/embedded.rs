//! The default dictionary, embedded at build time by `build.rs` from `dictionary/`.

include!(concat!(env!("OUT_DIR"), "/embedded_dictionary.rs"));
