//! clap's command-line errors in the reader's language: the facts of an error (which flag,
//! which value, what clap suggests) are read from clap's context and worded by the message
//! catalogue ([`FlagError`]). English keeps clap's own rendering, unchanged.

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::ValueEnum;
use mynakit_harness::report::lang::msg::{self, FlagError};
use mynakit_harness::report::Lang;

/// The language asked for on a command line clap could not parse: `--lang ja`, `--lang=ja`,
/// else the locale's. A value that is not a language is the locale's too (clap's error about
/// it is then worded in that language).
pub(crate) fn lang_of(args: &[OsString]) -> Lang {
    let mut asked = None;
    let mut args = args.iter().filter_map(|a| a.to_str());
    while let Some(arg) = args.next() {
        let value = match arg.strip_prefix("--lang") {
            Some("") => args.next(),
            Some(rest) => rest.strip_prefix('='),
            None => None,
        };
        if let Some(lang) = value.and_then(|v| Lang::from_str(v, true).ok()) {
            asked = Some(lang);
        }
    }
    asked.unwrap_or_else(Lang::from_env)
}

/// `error` worded in `lang` with its usage line: `None` when the language is English (clap's
/// own text is printed), or the error is not one about the command line (help, version).
pub(crate) fn worded(error: &clap::Error, lang: Lang) -> Option<String> {
    if lang == Lang::En {
        return None;
    }
    let facts = facts(error)?;
    let usage = text(error, ContextKind::Usage)
        .map(|u| u.trim().trim_start_matches("Usage:").trim().to_owned());
    Some(format!(
        "{}\n\n{}",
        msg::error_line(lang, "mynakit", &msg::flag_error(lang, &facts)),
        msg::see_help(lang, usage.as_deref())
    ))
}

fn facts(error: &clap::Error) -> Option<FlagError> {
    let arg = || text(error, ContextKind::InvalidArg).unwrap_or_default();
    let value = || text(error, ContextKind::InvalidValue).unwrap_or_default();
    Some(match error.kind() {
        ErrorKind::UnknownArgument => FlagError::UnknownArgument {
            arg: arg(),
            suggested: text(error, ContextKind::SuggestedArg),
        },
        ErrorKind::InvalidSubcommand => FlagError::UnknownSubcommand {
            name: text(error, ContextKind::InvalidSubcommand).unwrap_or_default(),
            suggested: text(error, ContextKind::SuggestedSubcommand),
        },
        // clap's "a value is required for '--as-of <DATE>' but none was supplied".
        ErrorKind::InvalidValue if value().is_empty() => FlagError::NoValue { arg: arg() },
        ErrorKind::InvalidValue => FlagError::InvalidValue {
            arg: arg(),
            value: value(),
            valid: texts(error, ContextKind::ValidValue),
        },
        ErrorKind::ValueValidation => FlagError::BadValue {
            arg: arg(),
            value: value(),
            why: std::error::Error::source(error)
                .map(ToString::to_string)
                .unwrap_or_default(),
        },
        ErrorKind::MissingRequiredArgument => FlagError::Missing {
            args: texts(error, ContextKind::InvalidArg),
        },
        ErrorKind::ArgumentConflict => FlagError::Conflict {
            arg: arg(),
            with: text(error, ContextKind::PriorArg),
        },
        ErrorKind::TooManyValues
        | ErrorKind::TooFewValues
        | ErrorKind::WrongNumberOfValues
        | ErrorKind::NoEquals => FlagError::ValueCount { arg: arg() },
        ErrorKind::MissingSubcommand => FlagError::NoSubcommand,
        _ => return None,
    })
}

/// One context value as plain text (the first of several).
fn text(error: &clap::Error, kind: ContextKind) -> Option<String> {
    match error.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => v.first().cloned(),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => v.first().map(ToString::to_string),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A context value's every item as plain text.
fn texts(error: &clap::Error, kind: ContextKind) -> Vec<String> {
    match error.get(kind) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::StyledStrs(v)) => v.iter().map(ToString::to_string).collect(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::StyledStr(s)) => vec![s.to_string()],
        _ => Vec::new(),
    }
}
