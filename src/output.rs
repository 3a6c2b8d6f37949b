//! Outputs of one run must be distinct files: two outputs on one file, or an output on
//! an input, would silently lose one of them. Paths are compared by what they name, not
//! how they are spelled: canonical paths (the parent folder's when the file does not exist
//! yet) and, for files that exist, the device and inode.

use std::fs;
use std::path::{Path, PathBuf};

use crate::text::Text;

/// One path of a run and the option that named it (`--output`, `--valid-out`, …).
#[derive(Debug, Clone, Copy)]
pub struct Named<'a> {
    pub option: &'a str,
    pub path: &'a Path,
}

impl<'a> Named<'a> {
    pub fn new(option: &'a str, path: &'a Path) -> Named<'a> {
        Named { option, path }
    }
}

/// Two paths of a run that name one file.
#[derive(Debug, Clone, thiserror::Error, miette::Diagnostic)]
#[error("{} / {}", message.en, message.zh)]
#[diagnostic(code(govdict::usage::same_file))]
pub struct SameFile {
    pub message: Text,
}

/// Checks that the `outputs` name distinct files, none of them one of the `inputs`.
/// Standard output (`-`) and outputs that are devices or FIFOs (`/dev/null`), written in
/// place and never replaced, may repeat.
pub fn check_distinct(outputs: &[Named<'_>], inputs: &[Named<'_>]) -> Result<(), SameFile> {
    let outputs: Vec<_> = outputs
        .iter()
        .filter(|o| o.path != Path::new("-") && !is_special(o.path))
        .collect();
    for (i, a) in outputs.iter().enumerate() {
        for b in outputs.iter().skip(i + 1) {
            if same_file(a.path, b.path) {
                return Err(clash(a, b));
            }
        }
        for input in inputs.iter().filter(|i| i.path != Path::new("-")) {
            if same_file(a.path, input.path) {
                return Err(over_input(a, input));
            }
        }
    }
    Ok(())
}

fn clash(a: &Named<'_>, b: &Named<'_>) -> SameFile {
    SameFile {
        message: Text::new(
            format!(
                "两个输出是同一个文件：{} {} 与 {} {}；请指定不同的文件",
                a.option,
                a.path.display(),
                b.option,
                b.path.display()
            ),
            format!(
                "two outputs name the same file: {} {} and {} {}; give different files",
                a.option,
                a.path.display(),
                b.option,
                b.path.display()
            ),
        ),
    }
}

fn over_input(output: &Named<'_>, input: &Named<'_>) -> SameFile {
    SameFile {
        message: Text::new(
            format!(
                "拒绝覆盖输入文件：{} {} 与 {} {} 是同一个文件；请指定其他输出文件",
                output.option,
                output.path.display(),
                input.option,
                input.path.display()
            ),
            format!(
                "refusing to overwrite the input: {} {} is the same file as {} {}; choose another output",
                output.option,
                output.path.display(),
                input.option,
                input.path.display()
            ),
        ),
    }
}

/// An existing file that is not a regular file or folder (a device, FIFO or socket).
fn is_special(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// Whether `a` and `b` name the same file, existing or not.
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(ma), Ok(mb)) = (fs::metadata(a), fs::metadata(b)) {
            return ma.dev() == mb.dev() && ma.ino() == mb.ino();
        }
    }
    match (resolved(a), resolved(b)) {
        (Some(a), Some(b)) => a == b,
        _ => a == b,
    }
}

/// The canonical path of `path`, or of its folder joined with its name when the file does
/// not exist yet. `None` when neither can be found.
fn resolved(path: &Path) -> Option<PathBuf> {
    if let Ok(p) = fs::canonicalize(path) {
        return Some(p);
    }
    let name = path.file_name()?;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    Some(fs::canonicalize(parent).ok()?.join(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_new_file_named_twice_is_refused_in_both_languages() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("x.csv");
        let b = dir.path().join("sub/../x.csv");
        fs::create_dir(dir.path().join("sub")).unwrap();
        let err = check_distinct(
            &[
                Named::new("--valid-out", &a),
                Named::new("--invalid-out", &b),
            ],
            &[],
        )
        .unwrap_err();
        assert!(err.message.en.contains("--valid-out"), "{}", err.message.en);
        assert!(err.message.zh.contains("同一个文件"), "{}", err.message.zh);
    }

    #[test]
    fn hard_links_and_symlinks_are_the_same_file() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.yaml");
        fs::write(&a, "x").unwrap();
        let hard = dir.path().join("hard.yaml");
        fs::hard_link(&a, &hard).unwrap();
        assert!(same_file(&a, &hard));
        #[cfg(unix)]
        {
            let soft = dir.path().join("soft.yaml");
            std::os::unix::fs::symlink(&a, &soft).unwrap();
            assert!(same_file(&a, &soft));
        }
        let err = check_distinct(&[Named::new("-o", &hard)], &[Named::new("--mapping", &a)]);
        assert!(err.is_err());
    }

    #[test]
    fn distinct_files_stdout_and_devices_pass() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.csv");
        let b = dir.path().join("b.csv");
        let dash = Path::new("-");
        let mut outputs = vec![
            Named::new("-o", &a),
            Named::new("--valid-out", &b),
            Named::new("--x", dash),
            Named::new("--y", dash),
        ];
        #[cfg(unix)]
        {
            outputs.push(Named::new("--valid-out", Path::new("/dev/null")));
            outputs.push(Named::new("--invalid-out", Path::new("/dev/null")));
        }
        assert!(check_distinct(&outputs, &[Named::new("file", dash)]).is_ok());
    }
}
