//! The writer: records as lines of Windows-31J, CR LF after each, 0x1A at the end.
//!
//! It writes each record's [`Record::fields`] as they are; the order of the records (header,
//! claims, trailer) is the caller's, and the [`crate::Reader`] checks it when the file is read.

use std::io::Write;

use encoding_rs::{EncoderResult, SHIFT_JIS};

use crate::reader::END_MARK;
use crate::record::Record;
use crate::UkeError;

/// Writes a claim file.
///
/// ```
/// use mynakit_uke::{Layout, Reader, Record, Writer};
/// let record = |fields: &[&str]| {
///     Record::from_fields(Layout::Medical, fields.iter().map(|f| f.to_string()).collect())
/// };
/// let mut writer = Writer::new(Vec::new());
/// writer.write(&record(&["IR", "1", "13", "1", "1234567", "", "テスト医院", "202406", "00"])?)?;
/// writer.write(&record(&["RE", "1", "1112", "202406", "テスト 太郎", "1", "19800101"])?)?;
/// writer.write(&record(&["GO", "1", "100", "99"])?)?;
/// let bytes = writer.finish()?;
/// assert!(bytes.ends_with(b"GO,1,100,99\r\n\x1a"));
/// let back: Vec<Record> = Reader::new(&bytes[..]).collect::<Result<_, _>>()?;
/// assert_eq!(back[1].fields()[4], "テスト 太郎");
/// # Ok::<(), mynakit_uke::UkeError>(())
/// ```
pub struct Writer<W> {
    out: W,
    line: Vec<u8>,
}

impl<W: Write> Writer<W> {
    /// A writer into `out` (buffer it: the writer makes one `write_all` per record).
    pub fn new(out: W) -> Writer<W> {
        Writer {
            out,
            line: Vec::new(),
        }
    }

    /// Writes one record and its CR LF.
    ///
    /// # Errors
    ///
    /// [`UkeError::Unwritable`] for a field holding a comma, CR, LF or 0x1A, or a character
    /// Windows-31J cannot encode (nothing of the record is written then); [`UkeError::Io`].
    pub fn write(&mut self, record: &Record) -> Result<(), UkeError> {
        self.write_fields(record.fields())
    }

    /// Writes one record given as its fields (the record id first) and its CR LF.
    ///
    /// # Errors
    ///
    /// As [`Writer::write`].
    pub fn write_fields(&mut self, fields: &[String]) -> Result<(), UkeError> {
        self.line.clear();
        let id = fields.first().cloned().unwrap_or_default();
        for (at, field) in fields.iter().enumerate() {
            let unwritable = |reason: String| UkeError::Unwritable {
                id: id.clone(),
                field: at + 1,
                reason,
            };
            if let Some(c) = field
                .chars()
                .find(|c| matches!(c, ',' | '\r' | '\n' | '\u{1A}'))
            {
                return Err(unwritable(format!(
                    "it holds {c:?}, which the format cannot carry"
                )));
            }
            if at > 0 {
                self.line.push(b',');
            }
            let mut encoder = SHIFT_JIS.new_encoder();
            let needed = encoder
                .max_buffer_length_from_utf8_without_replacement(field.len())
                .unwrap_or(usize::MAX);
            self.line.reserve(needed);
            let (result, _) =
                encoder.encode_from_utf8_to_vec_without_replacement(field, &mut self.line, true);
            match result {
                EncoderResult::InputEmpty => {}
                EncoderResult::Unmappable(c) => {
                    return Err(unwritable(format!("{c:?} has no Windows-31J code")))
                }
                EncoderResult::OutputFull => return Err(unwritable("too long".to_owned())),
            }
        }
        self.line.extend_from_slice(b"\r\n");
        self.out.write_all(&self.line)?;
        Ok(())
    }

    /// Writes the end mark 0x1A, flushes, and returns the output.
    ///
    /// # Errors
    ///
    /// [`UkeError::Io`].
    pub fn finish(mut self) -> Result<W, UkeError> {
        self.out.write_all(&[END_MARK])?;
        self.out.flush()?;
        Ok(self.out)
    }
}
