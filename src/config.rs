//! Project configuration: the nearest `govdict.toml`, searched upward from the working
//! folder. `dictionary = "…"` is relative to the toml file; `dataset = "…"` names the
//! default dataset.
//!
//! The search stops at the root of the repository (a folder holding `.git`) and at the
//! home folder: a `govdict.toml` above them belongs to someone else (a shared `/tmp`, a
//! parent checkout) and would silently replace the dictionary. A config's content never
//! reaches an error message (it may be a link to a secret), and its dictionary must be a
//! folder or a YAML file, so a config cannot make govdict quote a non-YAML file either.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::text::Text;

pub const FILE_NAME: &str = "govdict.toml";

/// Largest config file read.
const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// What a `govdict.toml` says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// The file it came from, when one was found.
    pub path: Option<PathBuf>,
    /// The dictionary, resolved against the toml's folder.
    pub dictionary: Option<PathBuf>,
    pub dataset: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    dictionary: Option<String>,
    dataset: Option<String>,
    #[serde(default)]
    #[allow(dead_code)]
    defaults: Option<toml::Table>,
}

/// A `govdict.toml` that exists but cannot be used.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{}: {} / {}", path.display(), message.en, message.zh)]
#[diagnostic(code(invalid_config))]
pub struct ConfigError {
    pub path: PathBuf,
    pub message: Text,
}

impl Config {
    /// Finds and reads the nearest `govdict.toml` at or above `start`, up to the
    /// repository root or the home folder.
    pub fn discover(start: &Path) -> Result<Config, ConfigError> {
        let home = std::env::var_os("HOME").map(PathBuf::from);
        Config::discover_until(start, home.as_deref())
    }

    /// `discover` with the home folder given.
    pub fn discover_until(start: &Path, home: Option<&Path>) -> Result<Config, ConfigError> {
        for dir in start.ancestors() {
            let candidate = dir.join(FILE_NAME);
            if candidate.is_file() {
                return Config::read(&candidate);
            }
            let is_home = home.is_some_and(|h| h == dir);
            if is_home || dir.join(".git").exists() {
                break;
            }
        }
        Ok(Config::default())
    }

    pub fn read(path: &Path) -> Result<Config, ConfigError> {
        let text = crate::bounded::read_text(path, MAX_CONFIG_BYTES).map_err(|e| {
            let why = e.describe();
            ConfigError {
                path: path.to_path_buf(),
                message: Text::new(
                    format!("无法读取配置：{}", why.zh),
                    format!("cannot read the config: {}", why.en),
                ),
            }
        })?;
        Config::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let fail = |zh: String, en: String| ConfigError {
            path: path.to_path_buf(),
            message: Text::new(zh, en),
        };
        // The position and the parser's message, never the quoted text.
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(0, |s| {
                text.get(..s.start)
                    .map_or(0, |t| t.matches('\n').count() + 1)
            });
            let message = e.message().to_owned();
            fail(
                format!("配置无效（第 {line} 行）：{message}"),
                format!("invalid config (line {line}): {message}"),
            )
        })?;
        let base = path.parent().unwrap_or(Path::new(""));
        let dictionary = raw.dictionary.map(|d| base.join(d));
        if let Some(d) = &dictionary {
            if d.is_file() && !crate::dictionary::load::is_yaml_name(d) {
                return Err(fail(
                    format!("dictionary 须为文件夹或 .yaml/.yml 文件：{}", d.display()),
                    format!(
                        "dictionary must name a folder or a .yaml/.yml file: {}",
                        d.display()
                    ),
                ));
            }
        }
        Ok(Config {
            path: Some(path.to_path_buf()),
            dictionary,
            dataset: raw.dataset,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dictionary_is_relative_to_the_toml() {
        let c = Config::parse(
            Path::new("/p/govdict.toml"),
            "dictionary = \"dict\"\ndataset = \"x\"\n",
        )
        .expect("valid");
        assert_eq!(c.dictionary, Some(PathBuf::from("/p/dict")));
        assert_eq!(c.dataset.as_deref(), Some("x"));
    }

    #[test]
    fn unknown_keys_are_errors() {
        assert!(Config::parse(Path::new("govdict.toml"), "dictonary = \"d\"\n").is_err());
    }

    #[test]
    fn discovery_stops_at_the_repository_root_and_home() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join(FILE_NAME), "dictionary = \"d\"\n").expect("write");
        let repo = dir.path().join("repo");
        let sub = repo.join("a");
        std::fs::create_dir_all(repo.join(".git")).expect("mkdir");
        std::fs::create_dir_all(&sub).expect("mkdir");
        assert_eq!(
            Config::discover_until(&sub, None).expect("ok"),
            Config::default()
        );
        let home = dir.path().join("home");
        let below = home.join("work");
        std::fs::create_dir_all(&below).expect("mkdir");
        let found = Config::discover_until(&below, Some(&home)).expect("ok");
        assert_eq!(found, Config::default());
        // Inside the repository, its own config is found.
        std::fs::write(repo.join(FILE_NAME), "dataset = \"x\"\n").expect("write");
        let found = Config::discover_until(&sub, None).expect("ok");
        assert_eq!(found.dataset.as_deref(), Some("x"));
    }

    #[test]
    fn a_config_never_quotes_what_it_read() {
        let err = Config::parse(
            Path::new("govdict.toml"),
            "-----BEGIN KEY-----\nSECRETDATA\n",
        )
        .expect_err("not toml");
        assert!(!format!("{err:?}").contains("SECRET"), "{err:?}");
        assert!(err.message.en.contains("line"), "{}", err.message.en);
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("id_rsa"), "SECRET").expect("write");
        let toml = dir.path().join(FILE_NAME);
        let err = Config::parse(&toml, "dictionary = \"id_rsa\"\n").expect_err("not yaml");
        assert!(err.message.en.contains(".yaml/.yml"), "{}", err.message.en);
        let err = Config::read(Path::new("/dev/zero")).expect_err("a device");
        assert!(
            err.message.en.contains("not a regular file"),
            "{}",
            err.message.en
        );
    }

    #[test]
    fn a_config_error_is_said_in_both_languages() {
        let err = Config::parse(Path::new("govdict.toml"), "x = ").expect_err("not toml");
        let shown = err.to_string();
        assert!(
            shown.contains("invalid config") && shown.contains("配置无效"),
            "{shown}"
        );
    }

    #[test]
    fn discovery_walks_upward() {
        let dir = tempfile::tempdir().expect("tempdir");
        let sub = dir.path().join("a/b");
        std::fs::create_dir_all(&sub).expect("mkdir");
        std::fs::write(dir.path().join(FILE_NAME), "dictionary = \"d\"\n").expect("write");
        let c = Config::discover(&sub).expect("found");
        assert_eq!(c.dictionary, Some(dir.path().join("d")));
    }
}
