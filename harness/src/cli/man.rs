//! `mynakit man`: the manual pages, generated from the clap definition the CLI parses with
//! (clap_mangen), so a page can never disagree with `--help`.

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use mynakit_fixtures::output::{Folder, WriteMode};

/// The page of `command` as roff: titled `name` (`mynakit-scenario-check`), its synopsis
/// starting with `words` (`mynakit scenario check`).
fn page(command: clap::Command, name: &str, words: &str) -> anyhow::Result<Vec<u8>> {
    let mut roff = Vec::new();
    let command = command
        .display_name(name.to_owned())
        .bin_name(words.to_owned());
    clap_mangen::Man::new(command)
        .source(concat!("mynakit ", env!("CARGO_PKG_VERSION")))
        .render(&mut roff)
        .context("rendering the manual page")?;
    Ok(roff)
}

/// Prints `mynakit.1` to stdout, or writes it and one page per subcommand (`mynakit-run.1`,
/// `mynakit-scenario-check.1`…) into `dir`, created if missing; a symlink in the way is refused
/// as everywhere mynakit writes.
pub(crate) fn man_command(mut cli: clap::Command, dir: Option<&Path>) -> anyhow::Result<bool> {
    // Built, so the global flags (`--fixtures`, `--color`) reach every subcommand's page, as
    // they reach its `--help`.
    cli.build();
    let Some(dir) = dir else {
        let mut out = std::io::stdout();
        out.write_all(&page(cli, "mynakit", "mynakit")?)?;
        out.flush()?;
        return Ok(true);
    };
    let folder = Folder::create(dir).with_context(|| dir.display().to_string())?;
    let mut written = 0;
    let mut pages = vec![(String::from("mynakit"), String::from("mynakit"), cli)];
    while let Some((name, words, command)) = pages.pop() {
        for sub in command.get_subcommands() {
            if sub.is_hide_set() || sub.get_name() == "help" {
                continue;
            }
            pages.push((
                format!("{name}-{}", sub.get_name()),
                format!("{words} {}", sub.get_name()),
                sub.clone(),
            ));
        }
        let file = format!("{name}.1");
        folder.write(&file, &page(command, &name, &words)?, WriteMode::Replace)?;
        written += 1;
    }
    // `--dir` is an argument: shown with its control characters escaped.
    let dir = dir.display().to_string();
    println!(
        "{written} manual pages in {}",
        mynakit_harness::report::untrusted::terminal(&dir)
    );
    Ok(true)
}
