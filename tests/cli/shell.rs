//! Shell completions and the man page come from the real command line.

use crate::support::govdict;

#[test]
fn completions_name_every_subcommand() {
    let out = govdict()
        .args(["completions", "bash"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    for sub in ["check", "validate", "diff", "release", "search", "show"] {
        assert!(text.contains(sub), "bash completions lack {sub}");
    }
    let zsh = govdict()
        .args(["completions", "zsh"])
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&zsh.stdout).contains("#compdef govdict"));
}

#[test]
fn man_page_is_roff_with_the_commands() {
    let out = govdict().arg("man").output().expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.starts_with(".ie") || text.contains(".TH govdict"));
    assert!(text.contains("validate"));
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let out = govdict()
        .args(["completions", "cmd.exe"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}
