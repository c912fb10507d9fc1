//! PINs typed on the terminal for the `**` lines of APDU scripts (`mynakit card run`,
//! `card compare`): asked on stderr, read without echo when stdin is a terminal (a line of
//! stdin otherwise, for scripted use), and never printed or logged.

use std::io::{BufRead, IsTerminal, Write};

use mynakit_harness::report::lang::msg;
use mynakit_harness::report::Lang;

/// Asks for the secret of script line `line` (shown redacted as `key`) for `whom`; `None` when
/// nothing was typed (the line is then not sent).
pub(crate) fn ask(line: usize, key: &str, whom: &str, lang: Lang) -> Option<Vec<u8>> {
    let mut err = std::io::stderr();
    let _ = write!(err, "{}", msg::pin_prompt(lang, line, key, whom));
    let _ = err.flush();
    let stdin = std::io::stdin();
    let echo_off = stdin.is_terminal().then(|| silence(&stdin)).flatten();
    let mut text = String::new();
    let read = stdin.lock().read_line(&mut text);
    if let Some(saved) = echo_off {
        let _ = rustix::termios::tcsetattr(&stdin, rustix::termios::OptionalActions::Now, &saved);
        let _ = writeln!(err);
    }
    let value = text.trim_end_matches(['\r', '\n']);
    (read.is_ok() && !value.is_empty()).then(|| value.as_bytes().to_vec())
}

/// Turns the terminal's echo off; the settings to restore.
fn silence(stdin: &std::io::Stdin) -> Option<rustix::termios::Termios> {
    let saved = rustix::termios::tcgetattr(stdin).ok()?;
    let mut quiet = saved.clone();
    quiet.local_modes.remove(rustix::termios::LocalModes::ECHO);
    rustix::termios::tcsetattr(stdin, rustix::termios::OptionalActions::Now, &quiet).ok()?;
    Some(saved)
}
