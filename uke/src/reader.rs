//! The streaming reader: one record per line, read and checked as it comes, in flat memory.
//!
//! The file's frame (記録条件仕様, 第1章): Windows-31J text, one record per line, fields separated
//! by commas (no quoting), every line ending with CR LF, and the file ending with the end mark
//! 0x1A right after the last CR LF. The records' order: the header (IR, YK or HM), then each
//! claim (RE and its records), then the GO trailer.
//!
//! Decisions where the spec leaves a reader free:
//! - LF without CR is an error ([`UkeError::BareLf`]) unless [`Options::accept_bare_lf`]; CR
//!   without LF (a file of CR line ends) is always one ([`UkeError::BareCr`], at its first CR);
//! - a file without the end mark is an error ([`UkeError::MissingEndMark`]) unless
//!   [`Options::require_end_mark`] is off;
//! - a line longer than [`Options::max_line`] bytes (64 KiB by default, far above the longest
//!   record of the spec) is an error, so that no input makes the reader buffer without end;
//! - the first error ends the reading: the iterator returns `None` after it;
//! - in a 訪問看護 file (header HM) GO may come right after the header instead of last: the two
//!   versions of a public station writer put it in either place and the 訪問看護用 spec was not
//!   read (`docs/uke.md`, "訪問看護"), so either is read, and the file then ends after its
//!   claims.

use std::io::BufRead;

use encoding_rs::{DecoderResult, SHIFT_JIS};

use crate::fields::Fields;
use crate::layout::Layout;
use crate::record::Record;
use crate::UkeError;

/// The end mark (EOF) that closes a claim file.
pub const END_MARK: u8 = 0x1A;

/// How strictly the frame is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Accept lines ending with LF alone (a file passed through a Unix tool). Off by default.
    pub accept_bare_lf: bool,
    /// Require the 0x1A end mark. On by default.
    pub require_end_mark: bool,
    /// The longest line, in bytes without its CR LF.
    pub max_line: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            accept_bare_lf: false,
            require_end_mark: true,
            max_line: 64 * 1024,
        }
    }
}

/// Where the reader is in the file's record order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Before the header.
    Start,
    /// After the header, before the first RE.
    Header,
    /// Inside the claims.
    Claims,
    /// After GO.
    Trailer,
    /// At the end, or after an error.
    Done,
}

/// What one line of input was.
enum Line {
    /// A record's bytes are in the buffer; it starts at this offset.
    Record(u64),
    /// The end mark, and nothing after it.
    EndMark,
    /// The end of input, without an end mark.
    End,
}

/// Reads a claim file record by record.
///
/// ```
/// use mynakit_uke::{Reader, Record};
/// let file = b"IR,1,13,1,1234567,,\x83e\x83X\x83g\x88\xe3\x89@,202406,00\r\n\
///     RE,1,1112,202406,\x83e\x83X\x83g \x91\xbe\x98Y,1,19800101\r\n\
///     GO,1,100,99\r\n\x1a";
/// let ids: Vec<String> = Reader::new(&file[..])
///     .map(|r| r.map(|record| record.id().to_owned()))
///     .collect::<Result<_, _>>()?;
/// assert_eq!(ids, ["IR", "RE", "GO"]);
/// # Ok::<(), mynakit_uke::UkeError>(())
/// ```
pub struct Reader<R> {
    src: R,
    options: Options,
    /// The current line (1 for the first).
    line: u64,
    /// The file offset of the next unread byte.
    offset: u64,
    bytes: Vec<u8>,
    text: String,
    /// Where the fields of the current line end ([`field_ends`]).
    ends: Vec<usize>,
    /// Whether records keep the text of their fields ([`Record::fields`]); off only in
    /// [`crate::check`], which reads every field but keeps none.
    keep_fields: bool,
    layout: Option<Layout>,
    /// The 診療年月 of the claim being read (its RE's), which its records' days are held to.
    month: Option<crate::era::YearMonth>,
    state: State,
    /// Whether a 訪問看護 file's GO came right after its header (the file then needs no GO
    /// after its claims).
    early_trailer: bool,
}

impl<R: BufRead> Reader<R> {
    /// A reader with the default [`Options`].
    pub fn new(src: R) -> Reader<R> {
        Reader::with_options(src, Options::default())
    }

    /// A reader with `options`.
    pub fn with_options(src: R, options: Options) -> Reader<R> {
        Reader {
            src,
            options,
            line: 0,
            offset: 0,
            bytes: Vec::new(),
            text: String::new(),
            ends: Vec::new(),
            keep_fields: true,
            layout: None,
            month: None,
            state: State::Start,
            early_trailer: false,
        }
    }

    /// The same reader, its records without the text of their fields ([`Record::fields`] empty,
    /// [`Record::id`] too): every field is read and checked as before, but not copied, for a
    /// caller that uses only the typed values ([`crate::check`] over a 100 MB claim file).
    pub(crate) fn without_fields(mut self) -> Reader<R> {
        self.keep_fields = false;
        self
    }

    /// The layout the header announced; `None` before the header is read.
    pub fn layout(&self) -> Option<Layout> {
        self.layout
    }

    /// The line of the record last read (1 for the first).
    pub fn line(&self) -> u64 {
        self.line
    }

    fn next_record(&mut self) -> Result<Option<Record>, UkeError> {
        let start = match self.next_line()? {
            Line::Record(start) => start,
            Line::EndMark => return self.end(true),
            Line::End => return self.end(false),
        };
        let line = self.line;
        let ascii = self.decode(start)?;
        let text = if ascii {
            // ASCII is the same in Windows-31J and UTF-8: the line is read where it is.
            std::str::from_utf8(&self.bytes).unwrap_or_default()
        } else {
            self.text.as_str()
        };
        if text.is_empty() {
            return Err(UkeError::EmptyRecord { line });
        }
        let count = field_ends(text, &mut self.ends);
        let fields = Fields::Line {
            text,
            ends: self.ends.get(..count).unwrap_or_default(),
        };
        let id = fields.get(0).unwrap_or_default();
        let header = matches!(id, "IR" | "YK" | "HM");
        let nursing = self.layout == Some(Layout::Nursing);
        self.state = match (self.state, id) {
            (State::Start, _) if header => State::Header,
            (State::Header, "GO") if nursing && !self.early_trailer => {
                self.early_trailer = true;
                State::Header
            }
            (State::Start, _) => {
                return Err(UkeError::MissingHeader {
                    line,
                    id: id.to_owned(),
                })
            }
            (State::Header | State::Claims, "GO") => State::Trailer,
            (State::Header | State::Claims, "RE") => State::Claims,
            (State::Claims, _) if !header => State::Claims,
            (State::Header | State::Claims, _) => {
                return Err(UkeError::RecordOutsideClaim {
                    line,
                    id: id.to_owned(),
                })
            }
            (State::Trailer | State::Done, _) => {
                return Err(UkeError::RecordAfterTrailer {
                    line,
                    id: id.to_owned(),
                })
            }
        };
        let mut record = Record::parse_view(self.layout.unwrap_or(Layout::Medical), line, fields)?;
        if let Record::Re(re) = &record {
            self.month = Some(re.month);
        }
        if let Some(month) = self.month {
            crate::days::check(id, &record, &fields, month, line)?;
        }
        if self.keep_fields {
            let owned = (0..count).map(|at| fields.get(at).unwrap_or_default().to_owned());
            record = record.with_fields(owned.collect());
        }
        match &record {
            Record::Ir(h) => self.layout = Some(h.layout()),
            Record::Yk(_) => self.layout = Some(Layout::Pharmacy),
            Record::Hm(_) => self.layout = Some(Layout::Nursing),
            _ => {}
        }
        Ok(Some(record))
    }

    /// The end of the records: the trailer must have been read, and the end mark too if required.
    fn end(&mut self, end_mark: bool) -> Result<Option<Record>, UkeError> {
        match self.state {
            State::Start => return Err(UkeError::Empty),
            State::Header | State::Claims if self.early_trailer => {}
            State::Header | State::Claims => {
                return Err(UkeError::MissingTrailer { line: self.line })
            }
            State::Trailer | State::Done => {}
        }
        if !end_mark && self.options.require_end_mark {
            return Err(UkeError::MissingEndMark {
                offset: self.offset,
            });
        }
        self.state = State::Done;
        Ok(None)
    }

    /// Reads the next line into `bytes`, without its line end, checking the frame.
    fn next_line(&mut self) -> Result<Line, UkeError> {
        self.bytes.clear();
        let start = self.offset;
        let limit = self.options.max_line.saturating_add(1); // room for the CR
        let mut first = true;
        loop {
            let available = match self.src.fill_buf() {
                Ok(a) => a,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e.into()),
            };
            if available.is_empty() {
                if self.bytes.is_empty() {
                    return Ok(Line::End);
                }
                self.line += 1;
                let unterminated = UkeError::UnterminatedRecord {
                    line: self.line,
                    offset: start,
                };
                return Err(self.without_lf(self.line, start, unterminated));
            }
            if first && available[0] == END_MARK {
                self.src.consume(1);
                self.offset += 1;
                return self.after_end_mark();
            }
            first = false;
            let room = limit.saturating_sub(self.bytes.len()).saturating_add(1);
            let chunk = &available[..available.len().min(room)];
            if let Some(at) = memchr::memchr(b'\n', chunk) {
                self.bytes.extend_from_slice(&chunk[..at]);
                self.src.consume(at + 1);
                self.offset += at as u64 + 1;
                break;
            }
            let taken = chunk.len();
            self.bytes.extend_from_slice(chunk);
            self.src.consume(taken);
            self.offset += taken as u64;
            if self.bytes.len() > limit {
                let too_long = UkeError::LineTooLong {
                    line: self.line + 1,
                    offset: start,
                    limit: self.options.max_line,
                };
                return Err(self.without_lf(self.line + 1, start, too_long));
            }
        }
        self.line += 1;
        let lf = self.offset - 1;
        if self.bytes.last() == Some(&b'\r') {
            self.bytes.pop();
        } else if !self.options.accept_bare_lf {
            return Err(UkeError::BareLf {
                line: self.line,
                offset: lf,
            });
        }
        if self.bytes.len() > self.options.max_line {
            return Err(UkeError::LineTooLong {
                line: self.line,
                offset: start,
                limit: self.options.max_line,
            });
        }
        if let Some(at) = memchr::memchr2(b'\r', END_MARK, &self.bytes) {
            let offset = start + at as u64;
            return Err(if self.bytes[at] == b'\r' {
                UkeError::StrayCr {
                    line: self.line,
                    offset,
                }
            } else {
                UkeError::EndMarkInsideRecord {
                    line: self.line,
                    offset,
                }
            });
        }
        Ok(Line::Record(start))
    }

    /// Why the line `line` from byte `start`, read into `bytes`, found no LF: a CR in it (line
    /// ends of CR alone, as old Mac text has them) or the end mark in it, whichever comes first,
    /// at its byte; else `otherwise` (no LF before the end of the file, or the line's bound).
    fn without_lf(&self, line: u64, start: u64, otherwise: UkeError) -> UkeError {
        match memchr::memchr2(b'\r', END_MARK, &self.bytes) {
            Some(at) if self.bytes[at] == b'\r' => UkeError::BareCr {
                line,
                offset: start + at as u64,
            },
            Some(at) => UkeError::EndMarkInsideRecord {
                line,
                offset: start + at as u64,
            },
            None => otherwise,
        }
    }

    /// After the end mark: nothing may follow.
    fn after_end_mark(&mut self) -> Result<Line, UkeError> {
        loop {
            match self.src.fill_buf() {
                Ok([]) => return Ok(Line::EndMark),
                Ok(_) => {
                    return Err(UkeError::DataAfterEndMark {
                        offset: self.offset,
                    })
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Decodes `bytes` (Windows-31J) into `text`, without replacement; `true`, with `text` left
    /// alone, when `bytes` are ASCII and so already the line's text.
    fn decode(&mut self, start: u64) -> Result<bool, UkeError> {
        if self.bytes.is_ascii() {
            // ASCII is the same in Windows-31J and UTF-8 (encoding_rs maps 0x5C and 0x7E to
            // themselves, as here).
            return Ok(true);
        }
        self.text.clear();
        let mut decoder = SHIFT_JIS.new_decoder_without_bom_handling();
        let needed = decoder
            .max_utf8_buffer_length_without_replacement(self.bytes.len())
            .unwrap_or(usize::MAX);
        self.text.reserve(needed);
        let (result, read) =
            decoder.decode_to_string_without_replacement(&self.bytes, &mut self.text, true);
        match result {
            DecoderResult::InputEmpty => Ok(false),
            DecoderResult::Malformed(bad, extra) => Err(UkeError::NotWindows31J {
                line: self.line,
                offset: start + read.saturating_sub(usize::from(bad) + usize::from(extra)) as u64,
            }),
            // Not reached: the buffer was reserved for the worst case.
            DecoderResult::OutputFull => Err(UkeError::LineTooLong {
                line: self.line,
                offset: start,
                limit: self.options.max_line,
            }),
        }
    }
}

/// The header record, the first of the file (shared by [`crate::Claims`] and [`crate::check`]).
pub(crate) fn read_header<R: BufRead>(
    reader: &mut Reader<R>,
) -> Result<crate::record::Header, UkeError> {
    match reader.next() {
        Some(Ok(Record::Ir(h) | Record::Yk(h) | Record::Hm(h))) => Ok(h),
        Some(Err(e)) => Err(e),
        // The reader refuses any other first record.
        Some(Ok(other)) => Err(UkeError::MissingHeader {
            line: reader.line(),
            id: other.id().to_owned(),
        }),
        None => Err(UkeError::Empty),
    }
}

/// Where the fields of a record end, at its commas (no quoting in this format) and at the end
/// of the line, written into `ends` (grown, never shrunk: it is reused line after line); returns
/// how many fields. The same fields as `text.split(',')` (a comma is one byte in UTF-8 and never
/// part of another character), found without a branch per byte, since where the commas of a claim
/// file fall is not predictable and its many empty fields made the generic splitter the reader's
/// largest cost (docs/performance.md, "The claim file"): every byte writes its offset, and only a
/// comma moves past it.
fn field_ends(text: &str, ends: &mut Vec<usize>) -> usize {
    let bytes = text.as_bytes();
    if ends.len() <= bytes.len() {
        ends.resize(bytes.len() + 1, 0);
    }
    let mut count = 0;
    for (at, b) in bytes.iter().enumerate() {
        if let Some(slot) = ends.get_mut(count) {
            *slot = at;
        }
        count += usize::from(*b == b',');
    }
    if let Some(slot) = ends.get_mut(count) {
        *slot = bytes.len();
    }
    count + 1
}

impl<R: BufRead> Iterator for Reader<R> {
    type Item = Result<Record, UkeError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.state == State::Done {
            return None;
        }
        match self.next_record() {
            Ok(Some(record)) => Some(Ok(record)),
            Ok(None) => None,
            Err(e) => {
                self.state = State::Done;
                Some(Err(e))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::field_ends;
    use crate::fields::Fields;

    fn split(text: &str) -> Vec<String> {
        let mut ends = Vec::new();
        let count = field_ends(text, &mut ends);
        let fields = Fields::Line {
            text,
            ends: &ends[..count],
        };
        (0..fields.len())
            .map(|at| fields.get(at).unwrap().to_owned())
            .collect()
    }

    #[test]
    fn fields_are_split_at_every_comma() {
        assert_eq!(split(""), [""]);
        assert_eq!(split(","), ["", ""]);
        assert_eq!(split("SI,,1"), ["SI", "", "1"]);
        assert_eq!(split("RE,1,山田　太郎,"), ["RE", "1", "山田　太郎", ""]);
    }

    proptest! {
        #[test]
        fn fields_are_those_of_str_split(text in "[a,あ漢 ]{0,80}") {
            prop_assert_eq!(split(&text), text.split(',').collect::<Vec<_>>());
        }
    }
}
