//! Reading one record's fields by position: absent and empty fields, numbers, codes and dates,
//! each failure a [`UkeError`] naming the line, the record and the field.

use std::str::FromStr;

use crate::era::{Date, YearMonth};
use crate::layout::F;
use crate::UkeError;

/// A record's fields (the record id at 0) and where it was read.
pub(crate) struct Cursor<'a> {
    pub(crate) line: u64,
    pub(crate) fields: &'a [String],
}

impl Cursor<'_> {
    fn id(&self) -> String {
        self.fields.first().cloned().unwrap_or_default()
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

    /// The field's text; `None` when the record is shorter or the field is empty.
    pub(crate) fn opt(&self, f: F) -> Option<String> {
        self.fields.get(f.at).filter(|v| !v.is_empty()).cloned()
    }

    /// The field's text, which must not be empty.
    pub(crate) fn text(&self, f: F) -> Result<String, UkeError> {
        self.opt(f).ok_or_else(|| UkeError::MissingField {
            line: self.line,
            id: self.id(),
            field: f.at.saturating_add(1),
            name: f.name,
        })
    }

    /// The field as a number of ASCII digits (no sign, no spaces); `None` when empty.
    pub(crate) fn number<T: FromStr>(&self, f: F) -> Result<Option<T>, UkeError> {
        let Some(value) = self.opt(f) else {
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
            value,
        })
    }

    /// A required number.
    pub(crate) fn required_number<T: FromStr>(&self, f: F) -> Result<T, UkeError> {
        self.text(f)?;
        self.number(f)?.ok_or_else(|| unreachable_empty(self, f))
    }

    /// The field's text, which must be ASCII digits (a code such as the 診療行為コード, kept as
    /// text for its leading zeros), `len` of them when `len` is given.
    pub(crate) fn digits(&self, f: F, len: Option<usize>) -> Result<String, UkeError> {
        let value = self.text(f)?;
        let ok = value.bytes().all(|b| b.is_ascii_digit()) && len.is_none_or(|l| value.len() == l);
        if ok {
            Ok(value)
        } else {
            Err(UkeError::NotANumber {
                line: self.line,
                id: self.id(),
                field: f.at.saturating_add(1),
                name: f.name,
                value,
            })
        }
    }

    /// A decimal quantity (digits with at most one `.`), kept as text; `None` when empty.
    pub(crate) fn decimal(&self, f: F) -> Result<Option<String>, UkeError> {
        let Some(value) = self.opt(f) else {
            return Ok(None);
        };
        let mut parts = value.split('.');
        let whole = parts.next().unwrap_or_default();
        let fraction = parts.next();
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if digits(whole) && fraction.is_none_or(digits) && parts.next().is_none() {
            return Ok(Some(value));
        }
        Err(UkeError::NotANumber {
            line: self.line,
            id: self.id(),
            field: f.at.saturating_add(1),
            name: f.name,
            value,
        })
    }

    /// A required code of a code list.
    pub(crate) fn code<C>(&self, f: F, from_code: fn(&str) -> Option<C>) -> Result<C, UkeError> {
        let value = self.text(f)?;
        from_code(&value).ok_or_else(|| UkeError::NotInCodeList {
            line: self.line,
            id: self.id(),
            field: f.at.saturating_add(1),
            name: f.name,
            value,
        })
    }

    /// A required year-month.
    pub(crate) fn year_month(&self, f: F) -> Result<YearMonth, UkeError> {
        let value = self.text(f)?;
        YearMonth::parse(&value).ok_or_else(|| self.not_a_date(f, value))
    }

    /// A date; `None` when empty.
    pub(crate) fn opt_date(&self, f: F) -> Result<Option<Date>, UkeError> {
        match self.opt(f) {
            None => Ok(None),
            Some(value) => Date::parse(&value)
                .map(Some)
                .ok_or_else(|| self.not_a_date(f, value)),
        }
    }

    /// A required date.
    pub(crate) fn date(&self, f: F) -> Result<Date, UkeError> {
        self.text(f)?;
        self.opt_date(f)?.ok_or_else(|| unreachable_empty(self, f))
    }

    fn not_a_date(&self, f: F, value: String) -> UkeError {
        UkeError::NotADate {
            line: self.line,
            id: self.id(),
            field: f.at.saturating_add(1),
            name: f.name,
            value,
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
