//! `--help` in the reader's language: under `--lang ja` (or a Japanese locale) the command line,
//! defined once in English, gets the Japanese of `msg::help` where it exists: the top-level
//! command, its subcommands' abouts, `run`'s flags and groups, and the flags and arguments of
//! the subcommands `msg::help::SUBCOMMAND_FLAGS` names. Any other text stays English, as clap
//! wrote it.

use clap::{Arg, Command};
use mynakit_harness::report::lang::msg::help;
use mynakit_harness::report::Lang;

/// `cli` (built: clap's own `--help`, `--version` and `help` are there) in `lang`.
pub(crate) fn localised(mut cli: Command, lang: Lang) -> Command {
    if lang == Lang::En {
        return cli;
    }
    cli.build();
    let names: Vec<String> = cli
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for name in names {
        cli = cli.mut_subcommand(&name, |sub| {
            let sub = match (name.as_str(), help::find(help::SUBCOMMANDS, &name)) {
                ("help", _) => sub.about(help::HELP_COMMAND).long_about(None),
                (_, Some(about)) => sub.about(about).long_about(None),
                (_, None) => sub,
            };
            // The top-level flags are global: each subcommand holds a copy of its own.
            let tables: Vec<Table> = help::SUBCOMMAND_FLAGS
                .iter()
                .filter(|(sub, _)| *sub == name)
                .map(|(_, table)| *table)
                .chain([help::TOP_FLAGS])
                .collect();
            // clap's own `help` among a subcommand's subcommands (`report help`), as the top's.
            let sub = if sub.find_subcommand("help").is_some() {
                sub.mut_subcommand("help", |h| h.about(help::HELP_COMMAND).long_about(None))
            } else {
                sub
            };
            headings(sub.mut_args(|arg| flag(arg, &tables)))
        });
    }
    headings(
        cli.about(help::ABOUT)
            .long_about(None)
            .mut_args(|arg| flag(arg, &[help::TOP_FLAGS])),
    )
}

/// A table of `msg::help`: argument id → Japanese.
type Table = &'static [(&'static str, &'static str)];

/// `arg` with its Japanese from the first of `tables` that has it, clap's `--help` and `--version` with theirs, and
/// `run`'s groups named in Japanese.
fn flag(arg: Arg, tables: &[Table]) -> Arg {
    let id = arg.get_id().as_str().to_owned();
    let ja = match id.as_str() {
        "help" => Some(help::HELP_FLAG),
        "version" => Some(help::VERSION_FLAG),
        _ => tables.iter().find_map(|table| help::find(table, &id)),
    };
    let arg = match ja {
        // A Japanese text that names every value (`github`, `gitlab`) says what clap's
        // English list of them would.
        Some(text) => {
            let names_every_value = !arg.get_possible_values().is_empty()
                && arg
                    .get_possible_values()
                    .iter()
                    .all(|v| text.contains(&format!("`{}`", v.get_name())));
            arg.help(text)
                .long_help(None)
                .hide_possible_values(names_every_value)
        }
        None => arg,
    };
    match arg
        .get_help_heading()
        .and_then(|h| help::find(help::RUN_HEADINGS, h))
    {
        Some(heading) => arg.help_heading(heading),
        None => arg,
    }
}

/// `command`'s own headings in Japanese: the template's usage, the subcommands', and the flags
/// and arguments without a group of their own (clap's "Options" and "Arguments").
fn headings(command: Command) -> Command {
    command
        .help_template(help::TEMPLATE)
        .subcommand_help_heading(help::COMMANDS)
        .mut_args(|arg| {
            let own = if arg.is_positional() {
                help::ARGUMENTS
            } else {
                help::OPTIONS
            };
            match arg.get_help_heading() {
                Some(_) => arg,
                None => arg.help_heading(own),
            }
        })
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    /// Every subcommand, top-level flag and `run` flag a reader sees has its Japanese, and every
    /// entry names one there is: a new flag cannot be left English, nor a removed one linger.
    #[test]
    fn the_japanese_covers_the_top_level_and_run_and_nothing_else() {
        let mut cli = crate::Cli::command();
        cli.build();
        // A subcommand's copies of the global flags are the top level's.
        let shown = |command: &Command, globals: bool| -> Vec<String> {
            command
                .get_arguments()
                .filter(|a| !a.is_hide_set() && (globals || !a.is_global_set()))
                .map(|a| a.get_id().as_str().to_owned())
                .filter(|id| id != "help" && id != "version")
                .collect()
        };
        let subcommands: Vec<String> = cli
            .get_subcommands()
            .filter(|s| !s.is_hide_set() && s.get_name() != "help")
            .map(|s| s.get_name().to_owned())
            .collect();
        let run = cli.find_subcommand("run").unwrap();
        let init = cli.find_subcommand("init").unwrap();
        let certify = cli.find_subcommand("certify").unwrap();
        // `certify`'s own flags are CERTIFY_FLAGS; the rest are `run`'s.
        let certify_own: Vec<String> = shown(certify, false)
            .into_iter()
            .filter(|id| help::find(help::RUN_FLAGS, id).is_none())
            .collect();
        for (table, ids) in [
            (help::SUBCOMMANDS, subcommands),
            (help::TOP_FLAGS, shown(&cli, true)),
            (help::RUN_FLAGS, shown(run, false)),
            (help::INIT_FLAGS, shown(init, false)),
            (help::CERTIFY_FLAGS, certify_own),
        ]
        .into_iter()
        .chain(
            OWN.iter()
                .map(|&(name, table)| (table, shown(cli.find_subcommand(name).unwrap(), false))),
        ) {
            let mut keys: Vec<&str> = table.iter().map(|(k, _)| *k).collect();
            let mut ids: Vec<&str> = ids.iter().map(String::as_str).collect();
            keys.sort_unstable();
            ids.sort_unstable();
            assert_eq!(keys, ids);
            assert!(table.iter().all(|(_, ja)| !ja.is_ascii()));
        }
        assert!(help::SUBCOMMAND_FLAGS
            .iter()
            .all(|(name, _)| cli.find_subcommand(name).is_some()));
        let mut headings: Vec<&str> = run
            .get_arguments()
            .filter_map(Arg::get_help_heading)
            .collect();
        headings.sort_unstable();
        headings.dedup();
        let mut keys: Vec<&str> = help::RUN_HEADINGS.iter().map(|(k, _)| *k).collect();
        keys.sort_unstable();
        assert_eq!(headings, keys);
    }

    /// The subcommands whose help is Japanese throughout beside `run`, `init` and `certify`, each
    /// with its own table: every flag and argument it shows, and no other.
    const OWN: &[(&str, Table)] = &[
        ("docs", help::DOCS_FLAGS),
        ("checks", help::CHECKS_FLAGS),
        ("changes", help::CHANGES_FLAGS),
        ("profiles", help::PROFILES_FLAGS),
        ("completions", help::COMPLETIONS_FLAGS),
        ("man", help::MAN_FLAGS),
        ("fixtures", help::FIXTURES_FLAGS),
        ("service", help::SERVICE_FLAGS),
        ("reference-client", help::REFERENCE_CLIENT_FLAGS),
    ];

    /// The help a vendor reads, `init`'s, `run`'s, `certify`'s and that of each subcommand of
    /// [`OWN`], under `--lang ja` has no line of English prose: every line with words is
    /// Japanese, or a flag's name, a value or a default.
    #[test]
    fn init_run_and_certify_help_in_japanese_have_no_english_line() {
        let mut cli = localised(crate::Cli::command(), Lang::Ja);
        let names = ["init", "run", "certify"]
            .into_iter()
            .chain(OWN.iter().map(|(name, _)| *name));
        for name in names {
            let sub = cli.find_subcommand_mut(name).unwrap();
            for help in [sub.render_long_help(), sub.render_help()] {
                let text = help.to_string();
                let english: Vec<&str> = text
                    .lines()
                    .filter(|l| l.is_ascii() && english_prose(l))
                    .collect();
                assert!(english.is_empty(), "{name}: {english:#?}\n{text}");
            }
        }
    }

    /// Two Latin words in a row, neither a flag, a placeholder or a value in backticks.
    fn english_prose(line: &str) -> bool {
        let words: Vec<&str> = line
            .split_whitespace()
            .filter(|w| {
                w.chars()
                    .all(|c| c.is_ascii_alphabetic() || ",.:;()".contains(c))
            })
            .filter(|w| w.chars().filter(char::is_ascii_alphabetic).count() >= 3)
            .collect();
        line.split_whitespace()
            .collect::<Vec<_>>()
            .windows(2)
            .any(|pair| pair.iter().all(|w| words.contains(w)))
    }
}
