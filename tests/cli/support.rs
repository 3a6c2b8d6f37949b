//! Shared helpers for the CLI tests.
#![allow(dead_code)]

use std::path::PathBuf;

use assert_cmd::Command;

/// The `govdict` binary, run from the repository root with a fixed language, so messages
/// and relative paths are stable.
pub fn govdict() -> Command {
    let mut cmd = Command::cargo_bin("govdict").expect("binary built");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd.env("LANG", "en_US.UTF-8");
    cmd.env_remove("GITHUB_STEP_SUMMARY");
    cmd
}

/// A path under `tests/fixtures/`.
pub fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// Parses a command's stdout as JSON.
pub fn stdout_json(output: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}
