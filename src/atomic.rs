//! Atomic file output: write to a temporary file beside the target, then rename it over
//! the target, so a failed run leaves no half-written file behind.
//!
//! Temporary files are named `.govdict-<pid>-<random>.tmp`. They are removed when the
//! write fails, when the process is stopped by SIGINT, SIGTERM or SIGHUP (once
//! `clean_up_on_signals` was called, as the binary does), and — for a process killed
//! outright (SIGKILL, power loss), which no handler sees — by the next write into the same
//! folder, which removes the temporary files of processes that no longer run.
//!
//! A target that exists and is not a regular file (`/dev/null`, `/dev/stdout`, a FIFO)
//! is written in place: renaming over it would replace the device node or pipe with a
//! plain file.

use std::collections::HashSet;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// Start of every temporary file's name.
const TEMP_PREFIX: &str = ".govdict-";
const TEMP_SUFFIX: &str = ".tmp";

/// Writes `path` atomically with what `fill` writes. Refuses to write over `protect`
/// (the inputs of the run), compared by canonical path.
pub fn write_file(
    path: &Path,
    protect: &[&Path],
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    if let Ok(target) = fs::canonicalize(path) {
        for input in protect {
            if fs::canonicalize(input).is_ok_and(|p| p == target) {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!(
                        "refusing to overwrite the input {} / 拒绝覆盖输入文件",
                        path.display()
                    ),
                ));
            }
        }
    }
    if fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        return write_in_place(path, fill);
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    // An output into a folder not made yet (`-o reports/r.json` in a fresh checkout) makes
    // it, as the row outputs and `publish` do.
    fs::create_dir_all(dir).map_err(|e| {
        io::Error::new(
            e.kind(),
            format!(
                "cannot make the folder {} for {}: {e} / 无法创建输出文件夹",
                dir.display(),
                path.display()
            ),
        )
    })?;
    remove_orphans(dir);
    let existing = fs::metadata(path).ok().map(|m| m.permissions());
    let prefix = format!("{TEMP_PREFIX}{}-", std::process::id());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(TEMP_SUFFIX);
    // A new file gets the mode any program would give it (0666 less the umask), not the
    // temporary file's private 0600; a replaced file keeps its own mode.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let tmp = builder.tempfile_in(dir)?;
    let registered = Registered::new(tmp.path());
    {
        let mut w = BufWriter::new(tmp.as_file());
        fill(&mut w)?;
        w.flush()?;
    }
    if let Some(permissions) = existing {
        tmp.as_file().set_permissions(permissions)?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    drop(registered);
    Ok(())
}

/// Writes into an existing device, FIFO or socket as it is.
fn write_in_place(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let file = fs::OpenOptions::new().write(true).open(path)?;
    let mut w = BufWriter::new(file);
    fill(&mut w)?;
    w.flush()
}

/// The temporary files being written now, removed by the signal handler.
fn pending() -> &'static Mutex<HashSet<PathBuf>> {
    static PENDING: OnceLock<Mutex<HashSet<PathBuf>>> = OnceLock::new();
    PENDING.get_or_init(|| Mutex::new(HashSet::new()))
}

/// A temporary file listed in `pending` while it lives.
struct Registered(PathBuf);

impl Registered {
    fn new(path: &Path) -> Registered {
        if let Ok(mut set) = pending().lock() {
            set.insert(path.to_owned());
        }
        Registered(path.to_owned())
    }
}

impl Drop for Registered {
    fn drop(&mut self) {
        if let Ok(mut set) = pending().lock() {
            set.remove(&self.0);
        }
    }
}

/// Removes the temporary files being written now that `select` picks. Returns how many
/// were removed.
fn remove_pending(select: impl Fn(&Path) -> bool) -> usize {
    let Ok(set) = pending().lock() else {
        return 0;
    };
    set.iter()
        .filter(|p| select(p) && fs::remove_file(p).is_ok())
        .count()
}

/// Installs handlers for SIGINT, SIGTERM and SIGHUP that remove the temporary files being
/// written, then end the process as the signal would have. Later calls do nothing. A
/// library embedding govdict calls it only if it wants this behaviour; without it, a
/// signal leaves temporary files that the next write into the same folder removes.
pub fn clean_up_on_signals() -> io::Result<()> {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        static INSTALLED: OnceLock<()> = OnceLock::new();
        if INSTALLED.get().is_some() {
            return Ok(());
        }
        let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])?;
        std::thread::Builder::new()
            .name("govdict-signals".to_owned())
            .spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    remove_pending(|_| true);
                    // Ends the process with the signal's own status (130 for SIGINT…).
                    let _ = signal_hook::low_level::emulate_default_handler(signal);
                    std::process::exit(128 + signal);
                }
            })?;
        let _ = INSTALLED.set(());
    }
    Ok(())
}

/// Removes the temporary files in `dir` left by govdict processes that no longer run
/// (killed with SIGKILL, or by a power loss). Only names this module makes are touched,
/// and only when the process that made them is gone; where that cannot be known (no
/// `/proc`), nothing is removed.
fn remove_orphans(dir: &Path) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(orphan_pid) else {
            continue;
        };
        let alive = Path::new("/proc").join(pid.to_string()).exists();
        if !alive && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The process id in a temporary file's name, `.govdict-<pid>-<random>.tmp`.
fn orphan_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(TEMP_PREFIX)?.strip_suffix(TEMP_SUFFIX)?;
    let (pid, random) = rest.split_once('-')?;
    if random.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.txt");
        let err = write_file(&target, &[], |w| {
            w.write_all(b"half")?;
            Err(io::Error::other("boom"))
        });
        assert!(err.is_err());
        assert!(!target.exists());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_missing_folder_is_made_and_a_file_in_the_way_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("reports/2026/out.json");
        write_file(&target, &[], |w| w.write_all(b"{}")).unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "{}");
        assert_eq!(fs::read_dir(target.parent().unwrap()).unwrap().count(), 1);
        let blocker = dir.path().join("file");
        fs::write(&blocker, "x").unwrap();
        let err = write_file(&blocker.join("out.json"), &[], |w| w.write_all(b"{}")).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("cannot make the folder"), "{text}");
        assert!(!text.contains(TEMP_PREFIX), "{text}");
        assert_eq!(fs::read_to_string(&blocker).unwrap(), "x");
    }

    #[test]
    fn replaces_the_target_and_protects_inputs() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.txt");
        fs::write(&target, "old").unwrap();
        write_file(&target, &[], |w| w.write_all(b"new")).unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        let err = write_file(&target, &[&target], |w| w.write_all(b"x")).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_written_in_place_not_replaced() {
        use std::io::Read;
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || {
                let mut text = String::new();
                fs::File::open(fifo)
                    .unwrap()
                    .read_to_string(&mut text)
                    .unwrap();
                text
            })
        };
        write_file(&fifo, &[], |w| w.write_all(b"through the pipe")).unwrap();
        assert_eq!(reader.join().unwrap(), "through the pipe");
        assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_to_a_device_is_written_through() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("sink");
        std::os::unix::fs::symlink("/dev/null", &link).unwrap();
        write_file(&link, &[], |w| w.write_all(b"gone")).unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert!(fs::metadata(&link).unwrap().file_type().is_char_device());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn temporary_files_are_listed_while_written_and_removed_on_demand() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.txt");
        let err = write_file(&target, &[], |w| {
            w.write_all(b"partial")?;
            // What the signal handler does while a write is under way.
            assert_eq!(remove_pending(|p| p.starts_with(dir.path())), 1);
            Ok(())
        });
        // The temporary file is gone, so nothing can be renamed into place.
        assert!(err.is_err());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn leftovers_of_dead_processes_are_removed_by_the_next_write() {
        let dir = tempfile::tempdir().unwrap();
        // No process has this id (above the kernel's pid_max limit).
        let dead = dir.path().join(".govdict-4294967-abc123.tmp");
        let mine = dir
            .path()
            .join(format!(".govdict-{}-abc123.tmp", std::process::id()));
        let other = dir.path().join(".govdict-notes.tmp");
        for p in [&dead, &mine, &other] {
            fs::write(p, "x").unwrap();
        }
        write_file(&dir.path().join("out.txt"), &[], |w| w.write_all(b"ok")).unwrap();
        assert!(!dead.exists());
        assert!(mine.exists(), "a running process's file stays");
        assert!(other.exists(), "names govdict does not make stay");
    }

    #[test]
    fn orphan_names_are_recognised_exactly() {
        assert_eq!(orphan_pid(".govdict-123-x1y2.tmp"), Some(123));
        assert_eq!(orphan_pid(".govdict-x1y2.tmp"), None);
        assert_eq!(orphan_pid(".govdict-123-.tmp"), None);
        assert_eq!(orphan_pid("govdict-123-a.tmp"), None);
        assert_eq!(orphan_pid(".govdict-123-a.csv"), None);
    }
}
