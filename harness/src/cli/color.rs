//! `--color auto|always|never`: whether the CLI colours verdicts. `auto` colours only a terminal
//! and honours `NO_COLOR` (https://no-color.org: any non-empty value turns colour off) and
//! `TERM=dumb`; an explicit `--color always` wins over `NO_COLOR`, as that convention asks.

use std::io::IsTerminal;
use std::sync::OnceLock;

use mynakit_conformance::Level;

/// The `--color` flag.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ColorChoice {
    /// Colour when stdout is a terminal and neither NO_COLOR nor TERM=dumb is set.
    #[default]
    Auto,
    /// Always colour (also with NO_COLOR, or into a file or pipe).
    Always,
    /// Never colour.
    Never,
}

static ENABLED: OnceLock<bool> = OnceLock::new();

/// Decides once, from the flag and the environment, whether to colour this process's output.
pub(crate) fn init(choice: ColorChoice) {
    let enabled = decide(
        choice,
        std::io::stdout().is_terminal(),
        std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        std::env::var_os("TERM").is_some_and(|v| v == "dumb"),
    );
    let _ = ENABLED.set(enabled);
}

fn decide(choice: ColorChoice, terminal: bool, no_color: bool, dumb: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && !no_color && !dumb,
    }
}

/// `text` (already padded) in the colour of `level` when colour is on, else as it is.
pub(crate) fn level(level: Level, text: &str) -> String {
    if !ENABLED.get().copied().unwrap_or(false) {
        return text.to_owned();
    }
    use anstyle::AnsiColor;
    let colour = match level {
        Level::Passed => AnsiColor::Green,
        Level::Failed => AnsiColor::Red,
        Level::Warning | Level::Review => AnsiColor::Yellow,
        Level::Skipped | Level::NotApplicable => AnsiColor::BrightBlack,
    };
    let style = colour.on_default();
    format!("{style}{text}{style:#}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_colours_only_a_terminal_without_no_color() {
        assert!(decide(ColorChoice::Auto, true, false, false));
        assert!(!decide(ColorChoice::Auto, false, false, false));
        assert!(!decide(ColorChoice::Auto, true, true, false));
        assert!(!decide(ColorChoice::Auto, true, false, true));
        assert!(decide(ColorChoice::Always, false, true, true));
        assert!(!decide(ColorChoice::Never, true, false, false));
    }
}
