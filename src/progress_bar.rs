//! Progress bars on standard error for long jobs: drawn only on a terminal and never with
//! `--quiet`, so pipes, CI logs and tests see nothing. The library reports through
//! `govdict::progress::Progress`; this is its only drawing implementation.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use govdict::progress::Progress;
use govdict::text::Lang;

/// A bar, or nothing when it must not be drawn.
pub struct Bar {
    bar: Option<ProgressBar>,
    /// Several files: the bar counts files and rows go into its message.
    by_file: bool,
    lang: Lang,
    rows: std::sync::atomic::AtomicU64,
}

/// Whether bars may be drawn: stderr is a terminal and `--quiet` was not given.
pub fn wanted(quiet: bool, stderr_is_terminal: bool) -> bool {
    !quiet && stderr_is_terminal
}

/// Whether this run draws bars.
pub fn draw(quiet: bool) -> bool {
    wanted(quiet, std::io::stderr().is_terminal())
}

impl Bar {
    fn hidden(lang: Lang) -> Bar {
        Bar {
            bar: None,
            by_file: false,
            lang,
            rows: Default::default(),
        }
    }

    fn make(draw: bool, lang: Lang, length: u64, template: &str) -> Bar {
        if !draw {
            return Bar::hidden(lang);
        }
        let bar = ProgressBar::with_draw_target(Some(length), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.enable_steady_tick(Duration::from_millis(200));
        Bar {
            bar: Some(bar),
            by_file: false,
            lang,
            rows: Default::default(),
        }
    }

    /// For `validate`: bytes of one file (rows and rows/s in the message), or files of a
    /// folder with their ETA.
    pub fn validate(draw: bool, lang: Lang, files: &[PathBuf]) -> Bar {
        match files {
            [one] => {
                let size = file_size(one);
                if size == 0 {
                    return Bar::hidden(lang);
                }
                Bar::make(
                    draw,
                    lang,
                    size,
                    "{spinner} [{bar:30}] {bytes}/{total_bytes} {msg} {eta}",
                )
            }
            many => {
                let mut bar = Bar::make(
                    draw,
                    lang,
                    many.len() as u64,
                    "{spinner} [{bar:30}] {pos}/{len} {msg} {eta}",
                );
                bar.by_file = true;
                bar
            }
        }
    }

    /// Counted steps: columns of `map suggest`, files of `publish`.
    pub fn steps(draw: bool, lang: Lang, total: u64, what: (&str, &str)) -> Bar {
        let unit = match lang {
            Lang::Zh => what.0,
            Lang::En => what.1,
        };
        let template =
            format!("{{spinner}} [{{bar:30}}] {{pos}}/{{len}} {unit} {{per_sec}} {{eta}}");
        Bar::make(draw, lang, total, &template)
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }

    fn rows_message(&self, rows: u64) -> Option<String> {
        let bar = self.bar.as_ref()?;
        let secs = bar.elapsed().as_secs_f64().max(0.001);
        let rate = (rows as f64 / secs) as u64;
        Some(match self.lang {
            Lang::Zh => format!("{rows} 行 {rate} 行/秒"),
            Lang::En => format!("{rows} rows {rate} rows/s"),
        })
    }
}

/// A bar left behind by an early return is cleared, not left half drawn.
impl Drop for Bar {
    fn drop(&mut self) {
        self.finish();
    }
}

impl Progress for Bar {
    fn listening(&self) -> bool {
        self.bar.is_some()
    }

    fn rows(&self, rows: u64, bytes: u64) {
        let Some(bar) = &self.bar else { return };
        let total = self
            .rows
            .fetch_add(rows, std::sync::atomic::Ordering::Relaxed)
            + rows;
        if !self.by_file {
            // The byte count is an estimate from the decoded text: keep it below the end
            // until the file is really done.
            let length = bar.length().unwrap_or(0);
            bar.set_position((bar.position() + bytes).min(length.saturating_sub(1)));
        }
        if let Some(message) = self.rows_message(total) {
            bar.set_message(message);
        }
    }

    fn file_done(&self) {
        if let Some(bar) = &self.bar {
            if self.by_file {
                bar.inc(1);
            } else if let Some(length) = bar.length() {
                bar.set_position(length);
            }
        }
    }

    fn step(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| if m.is_file() { m.len() } else { 0 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_bar_when_quiet_or_not_on_a_terminal() {
        assert!(wanted(false, true));
        assert!(!wanted(true, true));
        assert!(!wanted(false, false));
        assert!(!wanted(true, false));
    }

    #[test]
    fn a_hidden_bar_takes_every_report() {
        let bar = Bar::steps(false, Lang::Zh, 3, ("列", "columns"));
        assert!(bar.bar.is_none());
        bar.step();
        bar.rows(10, 100);
        bar.file_done();
        bar.finish();
    }
}
