//! `mynakit`: the command line. It parses the flags, hands each subcommand to its module under
//! `cli/` (which calls the library crates and prints) and maps the outcome to an exit status.
//!
//! Exit status: 0 when everything passed, 1 when an expectation failed, 2 on an error.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use mynakit_fixtures::Fixtures;

/// mimalloc instead of glibc's allocator: allocation was 16 % of the mock service's time under
/// load, its largest share after the RSA verify (`docs/performance.md`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

// The printing macros of `cli` (a closed pipe stops the printing quietly) shadow std's here too.
#[macro_use]
mod cli;

#[derive(Parser)]
#[command(
    name = "mynakit",
    version,
    // `--version` adds the commit on a second line (`-V` and the first line stay as they were):
    // what a report names too (docs/reports.md, "Identity and traceability").
    long_version = concat!(env!("CARGO_PKG_VERSION"), "\ncommit ", env!("MYNAKIT_BUILD_COMMIT")),
    about = "Test and conformance toolkit for オンライン資格確認 clients"
)]
struct Cli {
    /// The fixtures directory (personas and test PKI). Defaults to the bundled fixtures, or
    /// $MYNAKIT_FIXTURES.
    #[arg(long, global = true, value_name = "DIR")]
    fixtures: Option<PathBuf>,
    /// Colour verdicts: `auto` (a terminal, unless NO_COLOR or TERM=dumb is set), `always` or
    /// `never`.
    #[arg(long, global = true, value_enum, default_value_t = cli::color::ColorChoice::Auto)]
    color: cli::color::ColorChoice,
    /// The language of the result table, report.html and mynakit's messages: `en` or `ja`
    /// (日本語). Default: from the locale (LC_ALL, LC_MESSAGES, LANG; `ja…` in UTF-8 is Japanese,
    /// `ja_JP.eucJP` or `ja_JP.SJIS` English). Check ids, report.json and report.xml are the
    /// same in both (`mynakit docs reports`, "Japanese").
    #[arg(long, global = true, value_enum, value_name = "LANG")]
    lang: Option<mynakit_harness::report::Lang>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Work with a virtual card directly.
    Card {
        #[command(subcommand)]
        command: cli::card::CardCommand,
    },
    /// Run virtual readers holding personas' cards behind a real pcscd, until Ctrl-C or SIGTERM.
    Serve(cli::serve::ServeArgs),
    /// Run the mock eligibility service (card-check API and admin API) until Ctrl-C.
    Service {
        #[command(flatten)]
        config: mynakit_service::ServiceConfig,
    },
    /// Emulate the 資格確認端末: answer OQS XML requests from `ROOT/req` in `ROOT/res`, until Ctrl-C.
    Terminal {
        /// Root folder holding `req`, `res` and `face` (created if missing).
        #[arg(long, value_name = "DIR")]
        root: PathBuf,
        #[command(flatten)]
        setup: mynakit_harness::serve::TerminalSetup,
        /// Write the run's trace (JSON lines: file events of the terminal and the client) here on
        /// exit.
        #[arg(long, value_name = "FILE")]
        trace: Option<PathBuf>,
        /// Share the folder over SMB.
        #[command(flatten, next_help_heading = "SMB share")]
        smb: crate::cli::terminal::SmbArgs,
    },
    /// Run scenarios against a client and judge it (default: the bundled scenarios against the
    /// reference client); reports go to target/mynakit-report/.
    Run(cli::run::RunArgs),
    /// Certify an app: run a profile's mandatory runs (`mynakit profiles`) and write a signed
    /// package a certifier checks complete with `mynakit evidence verify --complete`
    /// (`mynakit docs certification`). Takes `run`'s flags; needs --evidence and --evidence-key.
    Certify(cli::certify::CertifyArgs),
    /// The certification profiles, one per kind of app; with NAME, its mandatory runs
    /// (`mynakit docs certification`).
    Profiles {
        /// A profile's name.
        name: Option<String>,
        /// The suite whose runs to list (`mynakit docs suites`). Default: the newest.
        #[arg(long, value_name = "DATE")]
        suite: Option<String>,
        /// `text` or `json`.
        #[arg(long, value_enum, default_value_t = cli::OutputFormat::Text)]
        format: cli::OutputFormat,
    },
    /// Drive a client through scenarios while the card's answers are mutated from a seed;
    /// each failure is minimised and written as a scenario file (`mynakit docs fuzz`).
    Fuzz(cli::fuzz::FuzzArgs),
    /// The reference client (`mynakit docs reference-client`), speaking the client protocol on
    /// stdin/stdout, as a program: `mynakit run` runs it on a thread; `--client "mynakit
    /// reference-client"` judges it as a process of its own.
    ReferenceClient {
        /// Its own flags (`--defect NAME`, `--help`).
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Check scenario files, or print their JSON Schema.
    Scenario {
        #[command(subcommand)]
        command: cli::scenario::ScenarioCommand,
    },
    /// Drive a running `mynakit serve`; each command waits at most --timeout seconds (10) for
    /// its answer, `restart` its --for-ms and pcscd's 25 s more.
    Reader {
        /// The control endpoint of `mynakit serve`.
        // Global: each command's own help lists it, and it may follow the command.
        #[arg(long, global = true, default_value = "http://127.0.0.1:7350")]
        control: String,
        /// How long a command waits for the answer at most, in seconds (`restart`: its
        /// --for-ms and pcscd's 25 s more); past it, it fails saying so.
        #[arg(long, global = true, value_name = "SECS", default_value_t = 10,
              value_parser = clap::value_parser!(u64).range(1..=600))]
        timeout: u64,
        #[command(subcommand)]
        command: cli::reader::ReaderCommand,
    },
    /// Work with the reports of `mynakit run` (`mynakit docs reports`).
    Report {
        #[command(subcommand)]
        command: cli::report::ReportCommand,
    },
    /// Check evidence bundles of `mynakit run --evidence` (`mynakit docs evidence`).
    Evidence {
        #[command(subcommand)]
        command: cli::evidence::EvidenceCommand,
    },
    /// Read a レセコン's claim file (RECEIPTC.UKE) and check it (`mynakit docs uke`).
    Claim {
        #[command(subcommand)]
        command: cli::claim::ClaimCommand,
    },
    /// Virtual cards that sign over HTTP, for load tests of a server (`mynakit docs performance`).
    Cards {
        #[command(subcommand)]
        command: cli::cards::CardsCommand,
    },
    /// Print a shell completion script: `mynakit completions bash > /etc/bash_completion.d/mynakit`
    /// (zsh: into a folder of $fpath as `_mynakit`; fish: ~/.config/fish/completions/mynakit.fish).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) generated from this command line: `mynakit man | man -l -`;
    /// with `--dir DIR`, write mynakit.1 and one page per subcommand (mynakit-run.1, …) into DIR
    /// for `man` (e.g. DIR=~/.local/share/man/man1; `mynakit docs install`).
    Man {
        /// The folder to write the pages into (created if missing).
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Start a vendor repository: writes mynakit/capabilities.yaml, one scenario of your own,
    /// the scenario schema and .github/workflows/mynakit.yml (the Action); never overwrites
    /// (`mynakit docs ci`).
    Init(cli::init::InitArgs),
    /// Turn a field log (pcscd debug log, pcsc-spy output) into a scenario whose card replays
    /// it, PINs redacted (`mynakit docs import`).
    Import {
        #[command(subcommand)]
        command: cli::import::ImportCommand,
    },
    /// Relay a PC/SC client to a card in a real reader through a virtual reader of mynakit's
    /// own, recording the session (PINs redacted) as a timeline and a recorded-card scenario,
    /// until Ctrl-C or SIGTERM (`mynakit docs import`).
    Record(cli::record::RecordArgs),
    /// Windows card apps under Wine (`mynakit docs windows`): build the cached Wine root, or check it
    /// and the pcsc-lite versions as `run --windows` does.
    Windows {
        #[command(subcommand)]
        command: cli::windows::WindowsCommand,
    },
    /// List the conformance checks, or explain one: its severity, the roles and modes it
    /// judges, its rule, rationale and sources, and the reference client's defect that proves
    /// it fails (`mynakit checks PIN-one-verify`; a family: `mynakit checks PIN`).
    Checks {
        /// A check id (`PIN-one-verify`) or a family (`PIN`, `APDU`, `DATA`, `SVC`, `XML`,
        /// `VIS`, `UKE`); without it, every check.
        id: Option<String>,
        /// `text` (for people) or `json` (every field of every check, for tools).
        #[arg(long, value_enum, default_value_t = cli::OutputFormat::Text)]
        format: cli::OutputFormat,
    },
    /// The requirement ledger (`mynakit docs ledger`): every normative sentence of the notices
    /// and of the sources the checks cite, with its evidence type and the checks that judge it;
    /// `show ID` one item, `drift --source ID --text FILE` what a re-issued text moves or loses.
    Ledger(cli::ledger::LedgerArgs),
    /// What each day's suite added or made stricter, by check and by scenario (`mynakit docs
    /// suites`): what `mynakit run --suite DAY` leaves out of a run judged by an earlier day.
    Changes {
        /// A day, YYYY-MM-DD: only the changes of the suite of that day; without it, every day.
        day: Option<String>,
        /// `text` (for people) or `json` (for tools).
        #[arg(long, value_enum, default_value_t = cli::OutputFormat::Text)]
        format: cli::OutputFormat,
        /// Print the lines that freeze DAY's suite, for a release to append to
        /// conformance/src/suite/frozen.tsv (`mynakit docs suites`, "Frozen suites").
        #[arg(long, requires = "day")]
        freeze: bool,
    },
    /// List the documentation pages this binary carries, or print one as Markdown
    /// (`mynakit docs reports`): what `--help` texts name as `mynakit docs PAGE`.
    Docs {
        /// A page (`reports`; the file's name `reports.md` works too, with or without its
        /// folder); without it, the list.
        page: Option<String>,
        /// `text` (the list, or the page's Markdown) or `json` (name, title, size; and the text
        /// of a page).
        #[arg(long, value_enum, default_value_t = cli::OutputFormat::Text)]
        format: cli::OutputFormat,
    },
    /// Regenerate the test PKI from the persona files (byte-for-byte reproducible).
    Fixtures {
        /// Only compare: exit 1 if regeneration would change any file.
        #[arg(long)]
        check: bool,
        /// List the personas and exit.
        #[arg(long, conflicts_with = "check")]
        list: bool,
        /// Print where the fixtures (personas, test PKI) and the bundled scenarios are, as
        /// this binary finds them (unpacked on first use by an installed binary), and exit.
        #[arg(long, conflicts_with_all = ["check", "list"])]
        path: bool,
    },
}

/// The command line parsed, its `--help` in the language asked for (`cli::help_ja`).
fn parse(args: &[std::ffi::OsString]) -> Result<Cli, clap::Error> {
    use clap::{CommandFactory, FromArgMatches};
    let lang = cli::flag_errors::lang_of(args);
    let mut command = cli::help_ja::localised(Cli::command(), lang);
    let mut matches = command.try_get_matches_from_mut(args)?;
    // As `Parser::try_parse` does: an error of the derive's own rendered with the usage.
    Cli::from_arg_matches_mut(&mut matches).map_err(|e| e.format(&mut command))
}

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let cli = match parse(&args) {
        Ok(cli) => cli,
        Err(e) => {
            match cli::flag_errors::worded(&e, cli::flag_errors::lang_of(&args)) {
                Some(text) => {
                    eprintln!("{text}");
                    return ExitCode::from(2);
                }
                // English, help and version: clap's own text and exit status; a failed write
                // of it as any other (`cli::unless_closed`).
                None => {
                    let stream = if e.use_stderr() { "stderr" } else { "stdout" };
                    cli::unless_closed(stream, e.print());
                    if let Some(failure) = cli::write_failure() {
                        eprintln!("mynakit: {failure}");
                        return ExitCode::from(2);
                    }
                    return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
                }
            }
        }
    };
    if let Command::ReferenceClient { args } = cli.command {
        return mynakit_reference_client::command(args);
    }
    cli::color::init(cli.color);
    let lang = cli
        .lang
        .unwrap_or_else(mynakit_harness::report::Lang::from_env);
    if let Command::Completions { shell } = cli.command {
        use clap::CommandFactory;
        // Into memory first: clap_complete panics on a write error (a closed pipe).
        let mut script = Vec::new();
        clap_complete::generate(shell, &mut Cli::command(), "mynakit", &mut script);
        let mut out = std::io::stdout();
        return match out.write_all(&script).and_then(|()| out.flush()) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                eprintln!("mynakit: {e}");
                ExitCode::from(2)
            }
            _ => ExitCode::SUCCESS,
        };
    }
    let outcome = run(cli, lang);
    // A print that failed (a full disk, a closed stdout) ends the command with exit status 2,
    // whatever it found: its output is incomplete (`cli::unless_closed`).
    if let Some(failure) = cli::write_failure() {
        eprintln!(
            "{}",
            mynakit_harness::report::lang::msg::error_line(lang, "mynakit", failure)
        );
        return ExitCode::from(2);
    }
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        // `mynakit fixtures --list | head -1`: the reader has all it wanted.
        Err(e) if cli::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!(
                "{}",
                mynakit_harness::report::lang::msg::error_line(
                    lang,
                    "mynakit",
                    // A file name or an argument in it is printed with its control characters
                    // escaped, as every line from outside mynakit is.
                    &mynakit_harness::report::untrusted::terminal_lines(
                        &mynakit_harness::run::error_text(e.as_ref())
                    )
                )
            );
            ExitCode::from(2)
        }
    }
}

/// Runs one command; `Ok(false)` means it ran but something it checked failed.
fn run(cli: Cli, lang: mynakit_harness::report::Lang) -> anyhow::Result<bool> {
    // Before the fixtures are looked for: the pages that explain a wrong $MYNAKIT_FIXTURES are
    // readable with one.
    match &cli.command {
        Command::Checks { id, format } => {
            return cli::checks::checks_command(id.as_deref(), *format, lang)
        }
        Command::Docs { page, format } => {
            return cli::docs::docs_command(page.as_deref(), *format, lang)
        }
        Command::Changes {
            day,
            format,
            freeze,
        } => return cli::changes::changes_command(day.as_deref(), *format, *freeze, lang),
        _ => {}
    }
    if let Command::Ledger(args) = cli.command {
        return cli::ledger::ledger_command(args, lang);
    }
    let fixtures = match &cli.fixtures {
        Some(dir) => Fixtures::open(dir)?,
        None => Fixtures::locate()?,
    };
    match cli.command {
        Command::Card { command } => cli::card::card_command(command, &fixtures, lang),
        Command::Serve(args) => cli::serve::serve_command(args, fixtures, lang),
        Command::Reader {
            control,
            timeout,
            command,
        } => cli::reader::reader_command(&control, timeout, command, lang),
        Command::Run(args) => {
            if args.starts_a_program() {
                cli::warn_if_real_root(lang);
            }
            let outcome = cli::run::run_command(args, fixtures, lang);
            // The shared reader pool lives in a `static`: stop its pcscd before exiting.
            mynakit_harness::run::release_shared_pcscd();
            outcome
        }
        Command::Certify(args) => {
            if args.starts_a_program() {
                cli::warn_if_real_root(lang);
            }
            let outcome = cli::certify::certify_command(args, fixtures, lang);
            mynakit_harness::run::release_shared_pcscd();
            outcome
        }
        Command::Profiles {
            name,
            suite,
            format,
        } => cli::certify::profiles_command(
            name.as_deref(),
            suite.as_deref(),
            format,
            &fixtures,
            lang,
        ),
        Command::Fuzz(args) => {
            if args.starts_a_program() {
                cli::warn_if_real_root(lang);
            }
            let outcome = cli::fuzz::fuzz_command(args, fixtures, lang);
            mynakit_harness::run::release_shared_pcscd();
            outcome
        }
        Command::ReferenceClient { .. } => anyhow::bail!("reference-client is started by main"),
        Command::Scenario { command } => cli::scenario::scenario_command(command, &fixtures, lang),
        Command::Terminal {
            root,
            setup,
            trace,
            smb,
        } => cli::terminal::terminal_until_ctrl_c(
            &root,
            &setup,
            &fixtures,
            trace.as_deref(),
            &smb,
            lang,
        ),
        Command::Service { config } => cli::service::service_command(config, &fixtures, lang),
        Command::Fixtures { check, list, path } => {
            cli::fixtures::fixtures_command(&fixtures, check, list, path, lang)
        }
        Command::Completions { .. } => Ok(true),
        Command::Man { dir } => {
            use clap::CommandFactory;
            cli::man::man_command(Cli::command(), dir.as_deref())
        }
        Command::Init(args) => cli::init::init_command(&args, &fixtures, lang),
        Command::Report { command } => cli::report::report_command(command, &fixtures, lang),
        Command::Evidence { command } => cli::evidence::evidence_command(command, &fixtures, lang),
        Command::Claim { command } => cli::claim::claim_command(command, lang),
        Command::Import { command } => cli::import::import_command(command, lang),
        Command::Record(args) => cli::record::record_command(args, lang),
        Command::Cards { command } => cli::cards::cards_command(command, &fixtures, lang),
        Command::Windows { command } => cli::windows::windows_command(command, lang),
        Command::Checks { .. }
        | Command::Docs { .. }
        | Command::Changes { .. }
        | Command::Ledger(_) => Ok(true),
    }
}
