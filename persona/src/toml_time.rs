//! Serde adapters that let persona files use TOML's native dates (`1985-04-12`) and offset
//! date-times (`2024-04-15T10:00:00+09:00`) for the schema's `time` types.
//!
//! `time`'s own serde support expects strings in its private format, and `toml` hands native
//! datetimes over as a special map, so without these adapters every date would have to be quoted.
//! Other formats (the service's YAML data, the admin API's JSON) may give the same syntax as a
//! string (`docs/personas.md`, "Personas outside TOML").
//!
//! The schema crate does not depend on `toml` (the OQS judges read personas without the fixture
//! generator's parsers), so the datetime is written the way `toml` recognises one: a struct named
//! [`NAME`] with the single field [`FIELD`] holding the RFC 3339 text (`toml_datetime`'s
//! serde form, which `toml` has used since 0.4). In JSON that is the documented
//! `{"$__toml_private_datetime": "1985-04-12"}`, which is also read back.

use serde::de::Error as _;
use serde::ser::{Error as _, SerializeStruct as _};
use serde::{Deserializer, Serializer};
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime};

/// The struct name `toml` serialises as a native datetime (`toml_datetime::__unstable::NAME`).
const NAME: &str = "$__toml_private_Datetime";
/// Its one field, holding the datetime's text (`toml_datetime::__unstable::FIELD`).
const FIELD: &str = "$__toml_private_datetime";

/// Why a datetime's text (read) or value (written) does not fit the persona schema. Serde reports
/// it as its custom error, beside the place in the file it knows (`toml`: line and column).
#[derive(Debug, thiserror::Error)]
enum TimeTextError {
    #[error("expected a local date such as 1985-04-12, found {text}")]
    NotADate {
        text: String,
        #[source]
        source: time::error::Parse,
    },
    #[error("expected a date-time with offset such as 2024-04-15T10:00:00+09:00, found {text}")]
    NotADateTime {
        text: String,
        #[source]
        source: time::error::Parse,
    },
    /// TOML writes four-digit years only.
    #[error("year {year} out of range")]
    YearOutOfRange { year: i32 },
}

fn to_date(text: &str) -> Result<Date, TimeTextError> {
    Date::parse(text, format_description!("[year]-[month]-[day]")).map_err(|source| {
        TimeTextError::NotADate {
            text: text.to_owned(),
            source,
        }
    })
}

fn to_offset_date_time(text: &str) -> Result<OffsetDateTime, TimeTextError> {
    // TOML also allows a space between date and time (RFC 3339, section 5.6, note).
    let normalised = match text.as_bytes().get(10) {
        Some(b' ') => format!("{}T{}", &text[..10], &text[11..]),
        _ => text.to_owned(),
    };
    OffsetDateTime::parse(&normalised, &Rfc3339).map_err(|source| TimeTextError::NotADateTime {
        text: text.to_owned(),
        source,
    })
}

/// Reads a datetime's text from a native TOML datetime or, for other formats (YAML, JSON), from a
/// string in the same syntax (`1985-04-12`, `2024-04-15T10:00:00+09:00`).
fn any_datetime<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    struct Visitor;
    impl<'de> serde::de::Visitor<'de> for Visitor {
        type Value = String;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a TOML datetime or a date string such as 1985-04-12")
        }

        fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<String, E> {
            Ok(s.to_owned())
        }

        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<String, A::Error> {
            // TOML's own representation (also what a persona serialises to in JSON).
            let Some(_key) = map.next_key::<String>()? else {
                return Err(serde::de::Error::custom("datetime key not found"));
            };
            map.next_value()
        }
    }
    d.deserialize_any(Visitor)
}

/// A date as TOML writes a local date: `YYYY-MM-DD`.
fn date_text(date: Date) -> Result<String, TimeTextError> {
    let year = u16::try_from(date.year())
        .map_err(|_| TimeTextError::YearOutOfRange { year: date.year() })?;
    Ok(format!(
        "{year:04}-{:02}-{:02}",
        u8::from(date.month()),
        date.day()
    ))
}

/// A date-time as TOML writes an offset date-time: `YYYY-MM-DDTHH:MM:SS`, the fraction without
/// trailing zeros when there is one, then `Z` or `±HH:MM`.
fn offset_date_time_text(value: OffsetDateTime) -> Result<String, TimeTextError> {
    let mut text = date_text(value.date())?;
    text.push_str(&format!(
        "T{:02}:{:02}:{:02}",
        value.hour(),
        value.minute(),
        value.second()
    ));
    if value.nanosecond() != 0 {
        let fraction = format!("{:09}", value.nanosecond());
        text.push('.');
        text.push_str(fraction.trim_end_matches('0'));
    }
    let minutes = value.offset().whole_minutes();
    if minutes == 0 {
        text.push('Z');
    } else {
        let sign = if minutes < 0 { '-' } else { '+' };
        let minutes = minutes.unsigned_abs();
        text.push_str(&format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60));
    }
    Ok(text)
}

/// Writes `text` as a native TOML datetime (see the module documentation).
fn serialize_text<S: Serializer>(
    text: Result<String, TimeTextError>,
    s: S,
) -> Result<S::Ok, S::Error> {
    let text = text.map_err(S::Error::custom)?;
    let mut datetime = s.serialize_struct(NAME, 1)?;
    datetime.serialize_field(FIELD, &text)?;
    datetime.end()
}

/// `time::Date` as a TOML local date.
pub(crate) mod date {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(value: &Date, s: S) -> Result<S::Ok, S::Error> {
        serialize_text(date_text(*value), s)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        to_date(&any_datetime(d)?).map_err(D::Error::custom)
    }
}

/// `Option<time::Date>` as an optional TOML local date.
pub(crate) mod option_date {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(value: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(date) => serialize_text(date_text(*date), s),
            None => s.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        to_date(&any_datetime(d)?)
            .map(Some)
            .map_err(D::Error::custom)
    }
}

/// `time::OffsetDateTime` as a TOML offset date-time.
pub(crate) mod offset_date_time {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(
        value: &OffsetDateTime,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        serialize_text(offset_date_time_text(*value), s)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<OffsetDateTime, D::Error> {
        to_offset_date_time(&any_datetime(d)?).map_err(D::Error::custom)
    }
}

/// `Option<time::OffsetDateTime>` as an optional TOML offset date-time.
pub(crate) mod option_offset_date_time {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(
        value: &Option<OffsetDateTime>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => serialize_text(offset_date_time_text(*v), s),
            None => s.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<OffsetDateTime>, D::Error> {
        to_offset_date_time(&any_datetime(d)?)
            .map(Some)
            .map_err(D::Error::custom)
    }
}

/// What the adapters above read, as JSON Schema (the `schema` feature; docs/scenario.schema.json
/// describes the persons of `given.service` with them): a string in the TOML syntax, or the
/// datetime's serde form `{"$__toml_private_datetime": TEXT}` that a persona serialises to in JSON.
#[cfg(feature = "schema")]
pub(crate) mod schema {
    use schemars::{json_schema, Schema, SchemaGenerator};

    /// `text` (a string schema) or the same string wrapped in the datetime's serde form.
    fn text_or_wrapped(text: &Schema) -> Schema {
        json_schema!({
            "anyOf": [
                text,
                {
                    "type": "object",
                    "properties": { super::FIELD: text },
                    "required": [super::FIELD],
                    "additionalProperties": false
                }
            ]
        })
    }

    /// A local date, `1985-04-12` (`date`, `option_date`).
    pub(crate) fn date(_: &mut SchemaGenerator) -> Schema {
        text_or_wrapped(&json_schema!({
            "type": "string",
            "format": "date",
            "description": "A local date, YYYY-MM-DD (a TOML date in persona files)."
        }))
    }

    /// An offset date-time, `2024-04-15T10:00:00+09:00`; TOML's space in place of the `T` too
    /// (`offset_date_time`, `option_offset_date_time`).
    pub(crate) fn offset_date_time(_: &mut SchemaGenerator) -> Schema {
        text_or_wrapped(&json_schema!({
            "type": "string",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$",
            "description": "A date-time with offset, RFC 3339 (2024-04-15T10:00:00+09:00; a space may stand for the T)."
        }))
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};
    use time::macros::{date, datetime};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Sample {
        #[serde(with = "super::date")]
        day: time::Date,
        #[serde(with = "super::offset_date_time")]
        at: time::OffsetDateTime,
        #[serde(
            default,
            with = "super::option_date",
            skip_serializing_if = "Option::is_none"
        )]
        maybe: Option<time::Date>,
    }

    #[test]
    fn reads_and_writes_native_toml_datetimes() {
        let text = "day = 1985-04-12\nat = 2024-04-15T10:00:00+09:00\n";
        let sample: Sample = toml::from_str(text).expect("parses");
        assert_eq!(sample.day, date!(1985 - 04 - 12));
        assert_eq!(sample.at, datetime!(2024-04-15 10:00:00 +09:00));
        assert_eq!(sample.maybe, None);
        assert_eq!(toml::to_string(&sample).expect("serialises"), text);
    }

    #[test]
    fn reads_strings_from_other_formats() {
        let json = r#"{"day": "1985-04-12", "at": "2024-04-15T10:00:00+09:00"}"#;
        let sample: Sample = serde_json::from_str(json).expect("parses");
        assert_eq!(sample.day, date!(1985 - 04 - 12));
        assert_eq!(sample.at, datetime!(2024-04-15 10:00:00 +09:00));
        let json = r#"{"day": "2000-01-02", "at": "2024-04-15 10:00:00Z", "maybe": "2000-01-02"}"#;
        let sample: Sample = serde_json::from_str(json).expect("parses");
        assert_eq!(sample.at, datetime!(2024-04-15 10:00:00 UTC));
        assert_eq!(sample.maybe, Some(date!(2000 - 01 - 02)));
        let back: Sample =
            serde_json::from_value(serde_json::to_value(&sample).expect("json")).expect("again");
        assert_eq!(back, sample);
    }

    /// JSON keeps TOML's datetime form (`docs/personas.md`, "Personas outside TOML").
    #[test]
    fn json_writes_the_toml_datetime_form() {
        let sample = Sample {
            day: date!(1985 - 04 - 12),
            at: datetime!(2024-04-15 10:00:00.25 -05:30),
            maybe: None,
        };
        assert_eq!(
            serde_json::to_string(&sample).expect("json"),
            r#"{"day":{"$__toml_private_datetime":"1985-04-12"},"at":{"$__toml_private_datetime":"2024-04-15T10:00:00.25-05:30"}}"#
        );
        let text = toml::to_string(&sample).expect("toml");
        assert_eq!(
            text,
            "day = 1985-04-12\nat = 2024-04-15T10:00:00.25-05:30\n"
        );
        assert_eq!(toml::from_str::<Sample>(&text).expect("back"), sample);
    }

    #[test]
    fn rejects_malformed_strings() {
        let err =
            serde_json::from_str::<Sample>(r#"{"day": "1985-4-12", "at": "2024-04-15T10:00:00Z"}"#)
                .expect_err("not a date");
        assert!(err.to_string().contains("expected a local date"), "{err}");
        let err =
            serde_json::from_str::<Sample>(r#"{"day": "1985-04-12", "at": "2024-04-15T10:00:00"}"#)
                .expect_err("no offset");
        assert!(
            err.to_string().contains("expected a date-time with offset"),
            "{err}"
        );
    }

    #[test]
    fn rejects_a_date_time_where_a_date_is_expected() {
        let err =
            toml::from_str::<Sample>("day = 1985-04-12T00:00:00Z\nat = 2024-04-15T10:00:00Z\n")
                .expect_err("a date-time is not a date");
        assert!(err.message().contains("expected a local date"), "{err}");
    }
}
