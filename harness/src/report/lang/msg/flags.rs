//! What is wrong with the command line, worded in each language. clap words its own errors in
//! English only; `mynakit`'s command line hands the facts of one here (what the flag, value or
//! subcommand was, and what clap suggests), so a Japanese team reads `不明な引数 '--bogus'`
//! instead of clap's English (docs/reports.md, "Japanese"). The help pages stay English.

use super::Lang;

/// A command-line error, as facts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FlagError {
    /// A flag no command has (`--bogus`), with clap's suggestion.
    UnknownArgument {
        /// The argument as typed.
        arg: String,
        /// What clap suggests instead, when it has a close one.
        suggested: Option<String>,
    },
    /// A subcommand that does not exist, with clap's suggestion.
    UnknownSubcommand {
        /// The subcommand as typed.
        name: String,
        /// The nearest one, when clap has one.
        suggested: Option<String>,
    },
    /// A value outside the flag's choices (`--lang fr`).
    InvalidValue {
        /// The flag (`--lang <LANG>`).
        arg: String,
        /// The value given.
        value: String,
        /// The values the flag takes.
        valid: Vec<String>,
    },
    /// A flag that takes a value was given none (`--as-of` last on the line).
    NoValue {
        /// The flag.
        arg: String,
    },
    /// A value the flag's parser refused (a number that is not one), with its reason.
    BadValue {
        /// The flag.
        arg: String,
        /// The value given.
        value: String,
        /// The parser's reason, as it words it.
        why: String,
    },
    /// A required flag or argument not given.
    Missing {
        /// The flags missing.
        args: Vec<String>,
    },
    /// Two flags that cannot be given together.
    Conflict {
        /// The flag.
        arg: String,
        /// The one it conflicts with, when clap names it.
        with: Option<String>,
    },
    /// A flag given too many or too few values, or a value where none is taken.
    ValueCount {
        /// The flag.
        arg: String,
    },
    /// A command that needs a subcommand was given none.
    NoSubcommand,
}

/// The error line's message (after `mynakit: エラー: `), and the usage line under it.
pub fn flag_error(lang: Lang, error: &FlagError) -> String {
    match lang {
        Lang::En => english(error),
        Lang::Ja => japanese(error),
    }
}

/// The usage line clap gave, when it gave one, and the line that points to the help (in
/// Japanese for the top level and `run`, `msg::help`; English for the rest).
pub fn see_help(lang: Lang, usage: Option<&str>) -> String {
    let (label, help) = match lang {
        Lang::En => ("Usage", "For more information, try '--help'."),
        Lang::Ja => ("使い方", "詳しくは '--help' を参照。"),
    };
    match usage {
        Some(usage) => format!("{label}: {usage}\n\n{help}"),
        None => help.to_owned(),
    }
}

fn english(error: &FlagError) -> String {
    let tip = |s: &Option<String>| {
        s.as_ref()
            .map(|s| format!(" (did you mean '{s}'?)"))
            .unwrap_or_default()
    };
    match error {
        FlagError::UnknownArgument { arg, suggested } => {
            format!("unexpected argument '{arg}' found{}", tip(suggested))
        }
        FlagError::UnknownSubcommand { name, suggested } => {
            format!("unrecognized subcommand '{name}'{}", tip(suggested))
        }
        FlagError::InvalidValue { arg, value, valid } => format!(
            "invalid value '{value}' for '{arg}' (possible values: {})",
            valid.join(", ")
        ),
        FlagError::NoValue { arg } => {
            format!("a value is required for '{arg}' but none was supplied")
        }
        FlagError::BadValue { arg, value, why } => {
            format!("invalid value '{value}' for '{arg}': {why}")
        }
        FlagError::Missing { args } => format!(
            "the following required arguments were not provided: {}",
            args.join(", ")
        ),
        FlagError::Conflict { arg, with } => match with {
            Some(with) => format!("the argument '{arg}' cannot be used with '{with}'"),
            None => format!("the argument '{arg}' cannot be used with one given before it"),
        },
        FlagError::ValueCount { arg } => {
            format!("the argument '{arg}' was given a wrong number of values")
        }
        FlagError::NoSubcommand => "a subcommand is required".to_owned(),
    }
}

fn japanese(error: &FlagError) -> String {
    let tip = |s: &Option<String>| {
        s.as_ref()
            .map(|s| format!(" (もしかして '{s}'?)"))
            .unwrap_or_default()
    };
    match error {
        FlagError::UnknownArgument { arg, suggested } => {
            format!("不明な引数 '{arg}'{}", tip(suggested))
        }
        FlagError::UnknownSubcommand { name, suggested } => {
            format!("不明なサブコマンド '{name}'{}", tip(suggested))
        }
        FlagError::InvalidValue { arg, value, valid } => format!(
            "'{arg}' に値 '{value}' は使えない (使える値: {})",
            valid.join(", ")
        ),
        FlagError::NoValue { arg } => format!("'{arg}' には値が必要"),
        FlagError::BadValue { arg, value, why } => {
            format!("'{arg}' の値 '{value}' が正しくない: {why}")
        }
        FlagError::Missing { args } => {
            format!("必須の引数が指定されていない: {}", args.join(", "))
        }
        FlagError::Conflict { arg, with } => match with {
            Some(with) => format!("引数 '{arg}' は '{with}' と一緒には使えない"),
            None => format!("引数 '{arg}' は先に指定された引数と一緒には使えない"),
        },
        FlagError::ValueCount { arg } => format!("引数 '{arg}' の値の数が正しくない"),
        FlagError::NoSubcommand => "サブコマンドを指定する必要がある".to_owned(),
    }
}

/// `--defect NAME` that is no defect of the reference client; the near names follow
/// (`did you mean`), and where all `total` are listed.
pub fn unknown_defect(lang: Lang, name: &str, total: usize) -> String {
    match lang {
        Lang::En => format!(
            "no defect {name:?} in the reference client \
             (`mynakit docs reference-client` lists all {total})"
        ),
        Lang::Ja => format!(
            "リファレンスクライアントに欠陥 {name:?} はありません \
             (全 {total} 件は `mynakit docs reference-client` で表示します)"
        ),
    }
}

/// `tag:T` that no loaded scenario carries; the near tags follow.
pub fn unknown_tag(lang: Lang, tag: &str) -> String {
    match lang {
        Lang::En => format!("no loaded scenario has the tag `{tag}`"),
        Lang::Ja => format!("タグ `{tag}` を持つシナリオはありません"),
    }
}

/// The tags the loaded scenarios have, after a `tag:` that is none of them and near none.
pub fn known_tags(lang: Lang, tags: &[&str]) -> String {
    match lang {
        Lang::En => format!("tags there are: {}", tags.join(", ")),
        Lang::Ja => format!("あるタグ: {}", tags.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_error_reads_in_japanese_with_what_was_typed() {
        let unknown = FlagError::UnknownArgument {
            arg: "--bogus".into(),
            suggested: Some("--bless".into()),
        };
        assert_eq!(
            flag_error(Lang::Ja, &unknown),
            "不明な引数 '--bogus' (もしかして '--bless'?)"
        );
        let value = FlagError::InvalidValue {
            arg: "--lang <LANG>".into(),
            value: "fr".into(),
            valid: vec!["en".into(), "ja".into()],
        };
        assert_eq!(
            flag_error(Lang::Ja, &value),
            "'--lang <LANG>' に値 'fr' は使えない (使える値: en, ja)"
        );
        assert_eq!(
            flag_error(Lang::En, &value),
            "invalid value 'fr' for '--lang <LANG>' (possible values: en, ja)"
        );
        assert!(
            see_help(Lang::Ja, Some("mynakit run [OPTIONS]")).starts_with("使い方: mynakit run")
        );
        assert_eq!(
            flag_error(
                Lang::Ja,
                &FlagError::NoValue {
                    arg: "--as-of <DATE>".into()
                }
            ),
            "'--as-of <DATE>' には値が必要"
        );
    }
}
