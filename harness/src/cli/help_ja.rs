//! `--help` in the reader's language: under `--lang ja` (or a Japanese locale) the command line,
//! defined once in English, gets the Japanese of `msg::help`: the top-level command, every
//! subcommand's about at every depth (`reader status`, `ledger drift`), `run`'s groups, and the
//! flags and arguments of each subcommand, from the tables `msg::help::SUBCOMMAND_FLAGS` names
//! for it and its parents. The tests walk clap's whole tree: a subcommand or flag added anywhere
//! without its Japanese fails them.

use clap::{Arg, Command};
use mynakit_harness::report::lang::msg::help;
use mynakit_harness::report::Lang;

/// `cli` (built: clap's own `--help`, `--version` and `help` are there) in `lang`.
pub(crate) fn localised(cli: Command, lang: Lang) -> Command {
    if lang == Lang::En {
        return cli;
    }
    let mut cli = cli;
    cli.build();
    headings(
        subcommands(cli, "")
            .about(help::ABOUT)
            .long_about(None)
            .mut_args(|arg| flag(arg, &[help::TOP_FLAGS])),
    )
}

/// `command`'s subcommands (`command` at `path` below the top, `""` the top itself) in
/// Japanese, each with its own subcommands in turn: every level of the tree, so that a
/// subcommand added at any depth gets its Japanese from `msg::help` by its path.
fn subcommands(mut command: Command, path: &str) -> Command {
    let names: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for name in names {
        let path = below(path, &name);
        command = command.mut_subcommand(&name, |sub| {
            if name == "help" {
                // clap's own `help`, at the top or among a subcommand's (`report help`).
                return sub.about(help::HELP_COMMAND).long_about(None);
            }
            let sub = match help::find(help::SUBCOMMANDS, &path) {
                Some(about) => sub.about(about).long_about(None),
                None => sub,
            };
            let tables = tables(&path);
            headings(subcommands(sub, &path).mut_args(|arg| flag(arg, &tables)))
        });
    }
    command
}

/// Whether the tables registered at `at` apply to the subcommand at `path`: its own, or a
/// parent's.
fn owns(at: &str, path: &str) -> bool {
    at == path || path.starts_with(&format!("{at} "))
}

/// The path of `name` below `path` (`reader` and `status`: `reader status`).
fn below(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path} {name}")
    }
}

/// The tables of the subcommand at `path`: its own, then its parents' (nearest first), then
/// the top level's (the global flags: each subcommand holds a copy of its own).
fn tables(path: &str) -> Vec<Table> {
    let mut tables: Vec<(usize, Table)> = help::SUBCOMMAND_FLAGS
        .iter()
        .filter(|(at, _)| owns(at, path))
        .map(|(at, table)| (at.len(), *table))
        .collect();
    // Stable: a path's own tables keep their order.
    tables.sort_by_key(|(len, _)| std::cmp::Reverse(*len));
    tables
        .into_iter()
        .map(|(_, table)| table)
        .chain([help::TOP_FLAGS])
        .collect()
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
        .and_then(|h| help::find(help::RUN_HEADINGS, h).or_else(|| help::find(help::HEADINGS, h)))
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

    /// Every subcommand at every depth of clap's tree but the hidden ones and clap's `help`,
    /// with its path below the top (`reader status`).
    fn tree(command: &Command, path: &str, out: &mut Vec<(String, Command)>) {
        for sub in command.get_subcommands() {
            if sub.is_hide_set() || sub.get_name() == "help" {
                continue;
            }
            let path = below(path, sub.get_name());
            tree(sub, &path, out);
            out.push((path, sub.clone()));
        }
    }

    /// The flags and arguments `command` shows, but clap's `--help` and `--version`.
    fn shown(command: &Command) -> Vec<String> {
        command
            .get_arguments()
            .filter(|a| !a.is_hide_set())
            .map(|a| a.get_id().as_str().to_owned())
            .filter(|id| id != "help" && id != "version")
            .collect()
    }

    /// Every subcommand at every depth, and every flag and argument each shows, has its
    /// Japanese, and every entry names one there is: a new subcommand or flag anywhere in the
    /// tree cannot be left English, nor a removed one linger.
    #[test]
    fn the_japanese_covers_every_subcommand_and_flag_and_nothing_else() {
        let mut cli = crate::Cli::command();
        cli.build();
        let mut all = Vec::new();
        tree(&cli, "", &mut all);
        // (the place in SUBCOMMAND_FLAGS of the table a text was found in, the id)
        let mut used: std::collections::BTreeSet<(usize, String)> = Default::default();
        for (path, sub) in &all {
            assert!(
                help::find(help::SUBCOMMANDS, path).is_some(),
                "`{path}` has no Japanese about in msg::help::SUBCOMMANDS"
            );
            for id in shown(sub) {
                if help::find(help::TOP_FLAGS, &id).is_some()
                    && cli.get_arguments().any(|a| a.get_id() == id.as_str())
                {
                    continue;
                }
                let found = tables(path).into_iter().find_map(|t| {
                    help::find(t, &id)?;
                    help::SUBCOMMAND_FLAGS
                        .iter()
                        .position(|(at, table)| *table == t && owns(at, path))
                });
                let Some(place) = found else {
                    panic!("`{path}`: the flag or argument `{id}` has no Japanese in msg::help");
                };
                used.insert((place, id));
            }
        }
        let paths: Vec<&str> = all.iter().map(|(p, _)| p.as_str()).collect();
        for (about, _) in help::SUBCOMMANDS {
            assert!(
                paths.contains(about),
                "msg::help::SUBCOMMANDS: no `{about}`"
            );
        }
        for (at, table) in help::SUBCOMMAND_FLAGS {
            assert!(paths.contains(at), "msg::help::SUBCOMMAND_FLAGS: no `{at}`");
            for (id, ja) in *table {
                assert!(!ja.is_ascii(), "`{at}` `{id}`: {ja}");
                // Used where some registration of this table is (`run`'s flags, which
                // `certify` takes only in part).
                let shown_somewhere = help::SUBCOMMAND_FLAGS
                    .iter()
                    .enumerate()
                    .any(|(place, (_, t))| t == table && used.contains(&(place, (*id).to_owned())));
                assert!(
                    shown_somewhere,
                    "`{at}`: `{id}` is shown by none of its subcommands"
                );
            }
        }
        for (id, _) in help::TOP_FLAGS {
            assert!(cli.get_arguments().any(|a| a.get_id() == *id), "{id}");
        }
        let mut headings: Vec<&str> = all
            .iter()
            .flat_map(|(_, sub)| sub.get_arguments().filter_map(Arg::get_help_heading))
            .filter(|h| help::find(help::RUN_HEADINGS, h).is_none())
            .collect();
        headings.sort_unstable();
        headings.dedup();
        let mut keys: Vec<&str> = help::HEADINGS.iter().map(|(k, _)| *k).collect();
        keys.sort_unstable();
        assert_eq!(headings, keys);
        let run = cli.find_subcommand("run").unwrap();
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

    /// The help of the top level and of every subcommand at every depth of clap's tree
    /// (`mynakit --lang ja reader status --help`, `ledger drift`, `report rejudge`…), short and
    /// long, under `--lang ja` has no line of English prose: every line with words is
    /// Japanese, or a flag's name, a value or a default.
    #[test]
    fn every_help_in_japanese_has_no_english_line() {
        let cli = localised(crate::Cli::command(), Lang::Ja);
        let mut all = vec![(String::new(), cli.clone())];
        tree(&cli, "", &mut all);
        assert!(all.len() > 40, "{}", all.len());
        for (path, mut sub) in all {
            for help in [sub.render_long_help(), sub.render_help()] {
                let text = help.to_string();
                let english: Vec<&str> = text
                    .lines()
                    .filter(|l| l.is_ascii() && english_prose(l))
                    .collect();
                assert!(english.is_empty(), "`{path}`: {english:#?}\n{text}");
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
