//! Project configuration: the nearest `govdict.toml`, searched upward from the working
//! folder. `dictionary = "…"` is relative to the toml file; `dataset = "…"` names the
//! default dataset.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::text::Text;

pub const FILE_NAME: &str = "govdict.toml";

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
#[error("{}: {}", path.display(), message.en)]
#[diagnostic(code(invalid_config))]
pub struct ConfigError {
    pub path: PathBuf,
    pub message: Text,
}

impl Config {
    /// Finds and reads the nearest `govdict.toml` at or above `start`.
    pub fn discover(start: &Path) -> Result<Config, ConfigError> {
        for dir in start.ancestors() {
            let candidate = dir.join(FILE_NAME);
            if candidate.is_file() {
                return Config::read(&candidate);
            }
        }
        Ok(Config::default())
    }

    pub fn read(path: &Path) -> Result<Config, ConfigError> {
        let fail = |zh: String, en: String| ConfigError {
            path: path.to_path_buf(),
            message: Text::new(zh, en),
        };
        let text = std::fs::read_to_string(path).map_err(|e| {
            fail(
                format!("无法读取配置：{e}"),
                format!("cannot read the config: {e}"),
            )
        })?;
        Config::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| ConfigError {
            path: path.to_path_buf(),
            message: Text::new(format!("配置无效：{e}"), format!("invalid config: {e}")),
        })?;
        let base = path.parent().unwrap_or(Path::new(""));
        Ok(Config {
            path: Some(path.to_path_buf()),
            dictionary: raw.dictionary.map(|d| base.join(d)),
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
    fn discovery_walks_upward() {
        let dir = tempfile::tempdir().expect("tempdir");
        let sub = dir.path().join("a/b");
        std::fs::create_dir_all(&sub).expect("mkdir");
        std::fs::write(dir.path().join(FILE_NAME), "dictionary = \"d\"\n").expect("write");
        let c = Config::discover(&sub).expect("found");
        assert_eq!(c.dictionary, Some(dir.path().join("d")));
    }
}
