//! The subcommands of `mynakit`, one module each: flags in, library calls, lines out. `main.rs`
//! parses, dispatches here and maps the outcome to an exit status.

// A failed write to stdout or stderr is handled the same way by every subcommand, here.
// Printing goes through these macros (which shadow std's in every module of the binary): a
// closed pipe (`mynakit completions bash | head -1`, `mynakit run | head`) stops the printing
// quietly while the command goes on (a run still writes its reports), and a command whose own
// writes (`writeln!(out, …)?`) meet the closed pipe ends with exit status 0 and no message
// (`main`). Any other write error (a full disk, `> /dev/full`; a closed stdout, `>&-`) is kept,
// the command goes on likewise, and `main` ends it with one line naming the stream and exit
// status 2 (docs/install.md, "Shell completions and colour"). Nothing panics with exit status 101.

/// `println!` that survives a failed stdout (`mynakit run | head`, `> /dev/full`): the command
/// goes on (a run still writes its reports) and only the printing stops ([`unless_closed`]).
macro_rules! println {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        $crate::cli::unless_closed("stdout", writeln!(std::io::stdout(), $($arg)*));
    }};
}

/// `print!` likewise (`mynakit scenario schema`).
macro_rules! print {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let mut out = std::io::stdout();
        $crate::cli::unless_closed("stdout", write!(out, $($arg)*).and_then(|()| out.flush()));
    }};
}

/// `eprintln!` likewise: progress lines on a closed stderr (`mynakit run 2>&1 | head`).
macro_rules! eprintln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        $crate::cli::unless_closed("stderr", writeln!(std::io::stderr(), $($arg)*));
    }};
}

/// `eprint!` likewise (manual mode's questions).
macro_rules! eprint {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        $crate::cli::unless_closed("stderr", write!(std::io::stderr(), $($arg)*));
    }};
}

/// The first write error on stdout or stderr that was not a closed pipe, as the line `main`
/// ends with.
static WRITE_FAILED: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// The outcome of a line written to `stream`: a closed pipe is quiet; any other error is kept
/// for [`write_failure`] (the first one), so the command still ends with exit status 2 rather
/// than output silently lost.
pub(crate) fn unless_closed(stream: &str, written: std::io::Result<()>) {
    if let Err(e) = written {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            let _ = WRITE_FAILED.set(format!("cannot write to {stream}: {e}"));
        }
    }
}

/// The first write to stdout or stderr that failed other than on a closed pipe, if one did:
/// `cannot write to stdout: No space left on device (os error 28)`.
pub(crate) fn write_failure() -> Option<&'static str> {
    WRITE_FAILED.get().map(String::as_str)
}

pub(crate) mod card;
pub(crate) mod cards;
pub(crate) mod certify;
pub(crate) mod changes;
pub(crate) mod checks;
pub(crate) mod claim;
pub(crate) mod color;
mod container;
pub(crate) mod docs;
pub(crate) mod evidence;
pub(crate) mod fixtures;
pub(crate) mod flag_errors;
pub(crate) mod fuzz;
pub(crate) mod help_ja;
pub(crate) mod import;
pub(crate) mod init;
// The requirement ledger (`mynakit ledger`).
pub(crate) mod ledger;
pub(crate) mod man;
mod near;
pub(crate) mod reader;
pub(crate) mod record;
pub(crate) mod rejudge;
pub(crate) mod report;
pub(crate) mod run;
pub(crate) mod scenario;
mod secret_prompt;
pub(crate) mod serve;
pub(crate) mod service;
mod station_prices;
pub(crate) mod table;
pub(crate) mod terminal;
mod unknown;
pub(crate) mod windows;

use clap::ValueEnum;

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum PcscdArg {
    /// A private pcscd where one can run (root, or user namespaces allowed), else the system
    /// pcscd.
    Auto,
    /// A private pcscd in namespaces of its own: no sudo needed where user namespaces are
    /// allowed, nothing listening on the host.
    Managed,
    /// The system pcscd with Debian's vpcd config.
    System,
    /// No PC/SC: readers for the terminal's face reader only.
    None,
}

/// How a listing or a check is printed.
#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum OutputFormat {
    /// Lines for people.
    Text,
    /// One JSON document for tools.
    Json,
}

/// Warns on stderr, before a run starts a client command, when mynakit is the host's real root
/// in a container (`container`). In-process runs start nothing of the user's and say nothing.
pub(crate) fn warn_if_real_root(lang: mynakit_harness::report::Lang) {
    if let Some(warning) = container::real_root_warning(lang) {
        eprintln!("{warning}");
    }
}

/// Whether `error` is a write to a closed stdout (`| head`), which ends a command quietly.
pub(crate) fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
