//! Reading one record's fields by position: absent and empty fields, numbers, codes and dates,
//! each failure a [`UkeError`] naming the line, the record and the field.

use std::str::FromStr;

use crate::era::{Date, YearMonth};
use crate::layout::F;
use crate::UkeError;

/// A record's fields, the record id at 0.
#[derive(Clone, Copy)]
pub(crate) enum Fields<'a> {
    /// Given one by one ([`crate::Record::from_fields`]).
    Owned(&'a [String]),
    /// A line read, and the offset where each of its fields ends (at its comma, or at the
    /// line's end for the last): the reader reads fields where they are, without copying them
    /// out first.
    Line {
        /// The line's text.
        text: &'a str,
        /// Where each field ends; one per field.
        ends: &'a [usize],
    },
}

impl<'a> Fields<'a> {
    /// How many fields.
    pub(crate) fn len(&self) -> usize {
        match self {
            Fields::Owned(fields) => fields.len(),
            Fields::Line { ends, .. } => ends.len(),
        }
    }

    /// Field `at`'s text; `None` past the last field.
    pub(crate) fn get(&self, at: usize) -> Option<&'a str> {
        match *self {
            Fields::Owned(fields) => fields.get(at).map(String::as_str),
            Fields::Line { text, ends } => {
                let end = *ends.get(at)?;
                let start = at
                    .checked_sub(1)
                    .and_then(|before| ends.get(before))
                    .map_or(0, |comma| comma + 1);
                text.get(start..end)
            }
        }
    }
}

/// A record's fields (the record id at 0) and where it was read.
pub(crate) struct Cursor<'a> {
    pub(crate) line: u64,
    pub(crate) fields: Fields<'a>,
}

impl Cursor<'_> {
    fn id(&self) -> String {
        self.fields.get(0).map(str::to_owned).unwrap_or_default()
    }

    /// At least `required` fields, the record id included.
    pub(crate) fn require(&self, required: usize) -> Result<(), UkeError> {
        if self.fields.len() < required {
            return Err(UkeError::TooShort {
                line: self.line,
                id: self.id(),
                found: self.fields.len(),
                required,
            });
        }
        Ok(())
    }

    /// The field's text, borrowed; `None` when the record is shorter or the field is empty.
    /// The readers below borrow it and copy it only into what they return (or an error), as
    /// a claim file of 100 MB holds millions of fields.
    pub(crate) fn get(&self, f: F) -> Option<&str> {
        self.fields.get(f.at).filter(|v| !v.is_empty())
    }

    /// The field's text; `None` when the record is shorter or the field is empty.
    pub(crate) fn opt(&self, f: F) -> Option<String> {
        self.get(f).map(str::to_owned)
    }

    /// The field's text, which must be half-width (printable ASCII: the 数字 and 英数 modes of
    /// the 記録条件仕様, one byte a character) and at most `width` bytes; `None` when empty.
    pub(crate) fn half_width(&self, f: F, width: usize) -> Result<Option<String>, UkeError> {
        let Some(value) = self.get(f) else {
            return Ok(None);
        };
        let full_width = !value.bytes().all(|b| (b' '..=b'~').contains(&b));
        if full_width || value.len() > width {
            return Err(UkeError::WrongWidth {
                line: self.line,
                id: self.id(),
                field: f.at.saturating_add(1),
                name: f.name,
                width,
                full_width,
            });
        }
        Ok(Some(value.to_owned()))
    }

    /// The field's text, borrowed, which must not be empty.
    fn required(&self, f: F) -> Result<&str, UkeError> {
        self.get(f).ok_or_else(|| UkeError::MissingField {
            line: self.line,
            id: self.id(),
            field: f.at.saturating_add(1),
            name: f.name,
        })
    }

    /// The field's text, which must not be empty.
    pub(crate) fn text(&self, f: F) -> Result<String, UkeError> {
        self.required(f).map(str::to_owned)
    }

    /// The field as a number of ASCII digits (no sign, no spaces); `None` when empty.
    pub(crate) fn number<T: FromStr>(&self, f: F) -> Result<Option<T>, UkeError> {
        let Some(value) = self.get(f) else {
            return Ok(None);
        };
        if value.bytes().all(|b| b.is_ascii_digit()) {
            // Digits only: the one failure left is a value too large for `T`.
            if let Ok(n) = value.parse() {
                return Ok(Some(n));
            }
        }
        Err(UkeError::NotANumber {
            line: self.line,
            id: self.id(),
            field: f.at.saturating_add(1),
            name: f.name,
            value: value.to_owned(),
        })
    }

    /// A required number.
    pub(crate) fn required_number<T: FromStr>(&self, f: F) -> Result<T, UkeError> {
        self.required(f)?;
        self.number(f)?.ok_or_else(|| unreachable_empty(self, f))
    }

    /// The field's text, which must be ASCII digits (a code such as the 診療行為コード, kept as
    /// text for its leading zeros), `len` of them when `len` is given.
    pub(crate) fn digits(&self, f: F, len: Option<usize>) -> Result<String, UkeError> {
        let value = self.required(f)?;
        let ok = value.bytes().all(|b| b.is_ascii_digit()) && len.is_none_or(|l| value.len() == l);
        if ok {
            Ok(value.to_owned())
        } else {
            Err(UkeError::NotANumber {
                line: self.line,
                id: self.id(),
                field: f.at.saturating_add(1),
                name: f.name,
                value: value.to_owned(),
            })
        }
    }

    /// The field's ASCII digits as text, as [`Cursor::digits`]; `None` when empty.
    pub(crate) fn opt_digits(&self, f: F, len: Option<usize>) -> Result<Option<String>, UkeError> {
        match self.get(f) {
            None => Ok(None),
            Some(_) => self.digits(f, len).map(Some),
        }
    }

    /// A code of a code list, as [`Cursor::code`]; `None` when empty.
    pub(crate) fn opt_code<C>(
        &self,
        f: F,
        from_code: impl Fn(&str) -> Option<C>,
    ) -> Result<Option<C>, UkeError> {
        match self.get(f) {
            None => Ok(None),
            Some(_) => self.code(f, from_code).map(Some),
        }
    }

    /// A decimal quantity (digits with at most one `.`), kept as text; `None` when empty.
    pub(crate) fn decimal(&self, f: F) -> Result<Option<String>, UkeError> {
        let Some(value) = self.get(f) else {
            return Ok(None);
        };
        let mut parts = value.split('.');
        let whole = parts.next().unwrap_or_default();
        let fraction = parts.next();
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if digits(whole) && fraction.is_none_or(digits) && parts.next().is_none() {
            return Ok(Some(value.to_owned()));
        }
        Err(UkeError::NotANumber {
            line: self.line,
            id: self.id(),
            field: f.at.saturating_add(1),
            name: f.name,
            value: value.to_owned(),
        })
    }

    /// A required code of a code list.
    pub(crate) fn code<C>(
        &self,
        f: F,
        from_code: impl Fn(&str) -> Option<C>,
    ) -> Result<C, UkeError> {
        let value = self.required(f)?;
        from_code(value).ok_or_else(|| UkeError::NotInCodeList {
            line: self.line,
            id: self.id(),
            field: f.at.saturating_add(1),
            name: f.name,
            value: value.to_owned(),
        })
    }

    /// A required year-month.
    pub(crate) fn year_month(&self, f: F) -> Result<YearMonth, UkeError> {
        let value = self.required(f)?;
        YearMonth::parse(value).ok_or_else(|| self.not_a_date(f, value.to_owned()))
    }

    /// A date; `None` when empty.
    pub(crate) fn opt_date(&self, f: F) -> Result<Option<Date>, UkeError> {
        match self.get(f) {
            None => Ok(None),
            Some(value) => Date::parse(value)
                .map(Some)
                .ok_or_else(|| self.not_a_date(f, value.to_owned())),
        }
    }

    /// A required date.
    pub(crate) fn date(&self, f: F) -> Result<Date, UkeError> {
        self.required(f)?;
        self.opt_date(f)?.ok_or_else(|| unreachable_empty(self, f))
    }

    fn not_a_date(&self, f: F, value: String) -> UkeError {
        let (line, id, field, name) = (self.line, self.id(), f.at.saturating_add(1), f.name);
        if crate::era::outside_era(&value) {
            UkeError::OutsideEra {
                line,
                id,
                field,
                name,
                value,
            }
        } else {
            UkeError::NotADate {
                line,
                id,
                field,
                name,
                value,
            }
        }
    }
}

/// The error for a field found empty after `text` said it was not (kept rather than a panic).
fn unreachable_empty(c: &Cursor<'_>, f: F) -> UkeError {
    UkeError::MissingField {
        line: c.line,
        id: c.id(),
        field: f.at.saturating_add(1),
        name: f.name,
    }
}
