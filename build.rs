//! Embeds the default dictionary: every file under `dictionary/` becomes an `include_str!`
//! in `$OUT_DIR/embedded_dictionary.rs`, so adding a file there needs no code change.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into()));
    let dict = root.join("dictionary");
    println!("cargo:rerun-if-changed=dictionary");
    let mut files = Vec::new();
    collect(&dict, &mut files);
    files.sort();
    let mut out = String::from(
        "/// Files of the default dictionary: (path relative to the repository, text).\n\
         pub static FILES: &[(&str, &str)] = &[\n",
    );
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let rel = f.strip_prefix(&root).unwrap_or(f);
        let rel = rel.to_string_lossy().replace('\\', "/");
        out.push_str(&format!(
            "    ({rel:?}, include_str!({:?})),\n",
            f.display().to_string()
        ));
    }
    out.push_str("];\n");
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    fs::write(out_dir.join("embedded_dictionary.rs"), out).expect("OUT_DIR is writable");
}

/// YAML files under `dir`, recursively; directories are watched so new files rebuild.
fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(&path, files);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml") | Some("yml")
        ) {
            files.push(path);
        }
    }
}
