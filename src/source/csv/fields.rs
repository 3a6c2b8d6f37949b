//! Fields read byte by byte: quoted fields with doubled quotes or line breaks, a quote
//! never closed, undecodable bytes, fields cut at their size limit, and whatever the
//! whole-line paths leave (see `CsvSource::read_record_direct`).

use super::{CsvSource, End, FieldState};
use crate::finding::Code;
use crate::source::{CellIssue, CellKind, Record, SourceError, SourceNotice};
use crate::text::Text;

/// Appends `bytes` to a field, cutting it at `max` bytes (a cut character's partial bytes
/// are dropped later, in `finish_field`).
#[inline]
fn push_limited(field: &mut Vec<u8>, max: usize, bytes: &[u8], state: &mut FieldState) {
    let room = max.saturating_sub(field.len());
    if bytes.len() > room {
        field.extend_from_slice(bytes.get(..room).unwrap_or_default());
        state.cut = true;
    } else {
        field.extend_from_slice(bytes);
    }
}

impl CsvSource {
    /// How `b` ends an unquoted field, if it ends one: the delimiter ends the field, a line
    /// break (consumed whole) the record.
    fn field_end(&mut self, b: u8) -> Result<Option<End>, SourceError> {
        if b == self.delimiter {
            return Ok(Some(End::Field));
        }
        if b == b'\r' || b == b'\n' {
            self.end_line(b)?;
            return Ok(Some(End::Record));
        }
        Ok(None)
    }

    fn push_byte(&mut self, b: u8, state: &mut FieldState) {
        if self.field.len() < self.max_field_bytes {
            self.field.push(b);
        } else {
            state.cut = true;
        }
    }

    /// Reads one field into `self.field`. `first` is true at the start of a record.
    pub(super) fn read_field(
        &mut self,
        state: &mut FieldState,
        row: u64,
    ) -> Result<End, SourceError> {
        self.field.clear();
        if self.replay.is_empty() {
            match self.peek_byte()? {
                None => return Ok(End::Eof),
                Some(b'"') => {}
                Some(_) => return self.read_unquoted_fast(state),
            }
        }
        let Some((first, bad)) = self.next_byte()? else {
            return Ok(End::Eof);
        };
        state.invalid |= bad;
        if first == b'"' {
            return self.read_quoted(state, row);
        }
        let mut b = first;
        loop {
            if let Some(end) = self.field_end(b)? {
                return Ok(end);
            }
            self.push_byte(b, state);
            match self.next_byte()? {
                Some((next, bad)) => {
                    state.invalid |= bad;
                    b = next;
                }
                None => return Ok(End::Eof),
            }
        }
    }

    /// An unquoted field read straight from the decoder's buffer: `memchr` finds the
    /// delimiter or line break and the bytes before it are copied at once. Same result as
    /// the byte loop of `read_field`, which still serves text replayed after an
    /// unterminated quote.
    fn read_unquoted_fast(&mut self, state: &mut FieldState) -> Result<End, SourceError> {
        let delimiter = self.delimiter;
        loop {
            let buf = self.input.buffered().map_err(|source| SourceError::Io {
                path: self.path.clone(),
                source,
            })?;
            if buf.is_empty() {
                return Ok(End::Eof);
            }
            let found = memchr::memchr3(delimiter, b'\r', b'\n', buf);
            let take = found.unwrap_or(buf.len());
            push_limited(
                &mut self.field,
                self.max_field_bytes,
                buf.get(..take).unwrap_or_default(),
                state,
            );
            let stop = found.and_then(|i| buf.get(i).copied());
            state.invalid |= self.input.consume(take);
            let Some(b) = stop else { continue };
            self.input.consume(1);
            if b == delimiter {
                return Ok(End::Field);
            }
            self.end_line(b)?;
            return Ok(End::Record);
        }
    }

    /// Copies the run of ordinary bytes inside quotes (up to the next quote or line break)
    /// from the decoder's buffer at once. Only when nothing is being replayed.
    fn skip_quoted_run(&mut self, state: &mut FieldState) -> Result<(), SourceError> {
        if !self.replay.is_empty() {
            return Ok(());
        }
        let buf = self.input.buffered().map_err(|source| SourceError::Io {
            path: self.path.clone(),
            source,
        })?;
        let take = memchr::memchr3(b'"', b'\r', b'\n', buf).unwrap_or(buf.len());
        push_limited(
            &mut self.field,
            self.max_field_bytes,
            buf.get(..take).unwrap_or_default(),
            state,
        );
        state.invalid |= self.input.consume(take);
        Ok(())
    }

    fn read_quoted(&mut self, state: &mut FieldState, row: u64) -> Result<End, SourceError> {
        let open_line = self.line;
        // Where the first line break inside the quotes ends (bytes of `self.field`), and
        // the line that follows it: enough to read the rest again if the quote never closes.
        let mut first_break: Option<(usize, usize)> = None;
        loop {
            self.skip_quoted_run(state)?;
            let Some((b, bad)) = self.next_byte()? else {
                self.unterminated(row, open_line, first_break, state);
                return Ok(End::Eof);
            };
            state.invalid |= bad;
            match b {
                b'"' => {
                    if self.peek_byte()? == Some(b'"') {
                        self.next_byte()?;
                        self.push_byte(b'"', state);
                    } else {
                        return self.after_quote(state);
                    }
                }
                b'\r' | b'\n' => {
                    let before = self.field.len();
                    self.push_byte(b, state);
                    if b == b'\r' && self.peek_byte()? == Some(b'\n') {
                        self.next_byte()?;
                        self.push_byte(b'\n', state);
                    }
                    if first_break.is_none() {
                        first_break = Some((before, self.field.len()));
                    }
                    self.line += 1;
                }
                _ => self.push_byte(b, state),
            }
        }
    }

    /// After a closing quote: the field ends at a delimiter or line break; other text is
    /// kept as written (`"ab"c` reads as `abc`, as the csv crate does).
    fn after_quote(&mut self, state: &mut FieldState) -> Result<End, SourceError> {
        loop {
            let Some((b, bad)) = self.next_byte()? else {
                return Ok(End::Eof);
            };
            state.invalid |= bad;
            if let Some(end) = self.field_end(b)? {
                return Ok(end);
            }
            self.push_byte(b, state);
        }
    }

    /// A quote that runs to the end of the file: report it, keep the field's first line and
    /// read the rest again as records (unless the field was cut, when the rest is lost).
    fn unterminated(
        &mut self,
        row: u64,
        open_line: u64,
        first_break: Option<(usize, usize)>,
        state: &FieldState,
    ) {
        self.notices.push(SourceNotice {
            code: Code::UnterminatedQuote,
            row: Some(row),
            message: Text::new(
                format!("第 {open_line} 行开始的引号直到文件末尾都未闭合"),
                format!("the quote opened on line {open_line} is never closed before the end of the file"),
            ),
        });
        if state.cut {
            return;
        }
        if let Some((keep, rest)) = first_break {
            let tail = self.field.get(rest..).unwrap_or_default().to_vec();
            self.field.truncate(keep);
            let mut replay = tail;
            replay.extend_from_slice(self.replay.get(self.replay_pos..).unwrap_or_default());
            self.replay = replay;
            self.replay_pos = 0;
            self.line = open_line + 1;
        }
    }

    pub(super) fn finish_field(&mut self, record: &mut Record, state: &FieldState) {
        if record.len() >= self.max_fields {
            return;
        }
        let text = match std::str::from_utf8(&self.field) {
            Ok(s) => s,
            // Only a cut can split a character: drop its partial bytes.
            Err(e) => std::str::from_utf8(self.field.get(..e.valid_up_to()).unwrap_or_default())
                .unwrap_or_default(),
        };
        let index = record.len();
        record.push(text, CellKind::Text);
        if state.invalid {
            record.issues.push((index, CellIssue::InvalidBytes));
        }
        if state.cut {
            record.issues.push((
                index,
                CellIssue::TooLarge {
                    limit: self.max_field_bytes,
                },
            ));
        }
    }
}
