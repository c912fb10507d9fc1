//! `mynakit`: the command line. It parses flags, calls the library crates and prints.
//!
//! Exit status: 0 when everything passed, 1 when an expectation failed, 2 on an error.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use mynakit_emulator::script::{self, Exchange, Script};
use mynakit_emulator::CardProfile;
use mynakit_emulator::{personalize, Behaviour};
use mynakit_fixtures::Fixtures;
use mynakit_harness::interrupt::Interrupt;
use mynakit_harness::serve;

/// mimalloc instead of glibc's allocator: allocation was 16 % of the mock service's time under
/// load, its largest share after the RSA verify (`docs/performance.md`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

// A closed pipe (`mynakit completions bash | head -1`, `mynakit run | head`) is handled the same
// way by every subcommand, here: printing through these macros (which shadow std's in every
// module of the binary) stops quietly while the command goes on (a run still writes its
// reports), and a command whose own writes (`writeln!(out, …)?`) meet the closed pipe ends with
// exit status 0 and no message (`main`). Nothing panics with exit status 101.

/// `println!` that survives a closed stdout (`mynakit run | head`): the command goes on (a run
/// still writes its reports) and only the printing stops. Any other write error still panics,
/// as `println!` does, rather than drop output silently.
macro_rules! println {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        $crate::unless_closed("stdout", writeln!(std::io::stdout(), $($arg)*));
    }};
}

/// `print!` likewise (`mynakit scenario schema`).
macro_rules! print {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let mut out = std::io::stdout();
        $crate::unless_closed("stdout", write!(out, $($arg)*).and_then(|()| out.flush()));
    }};
}

/// `eprintln!` likewise: progress lines on a closed stderr (`mynakit run 2>&1 | head`).
macro_rules! eprintln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        $crate::unless_closed("stderr", writeln!(std::io::stderr(), $($arg)*));
    }};
}

/// `eprint!` likewise (manual mode's questions).
macro_rules! eprint {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        $crate::unless_closed("stderr", write!(std::io::stderr(), $($arg)*));
    }};
}

/// The outcome of a line written to `stream`: a closed pipe is fine, anything else panics.
fn unless_closed(stream: &str, written: std::io::Result<()>) {
    if let Err(e) = written {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            panic!("failed printing to {stream}: {e}");
        }
    }
}

mod card_reader_command;
mod cards_command;
mod color;
mod evidence_command;
mod fuzz_command;
mod import_command;
mod record_command;
mod run_command;
mod secret_prompt;

#[derive(Parser)]
#[command(
    name = "mynakit",
    version,
    about = "Test and conformance toolkit for オンライン資格確認 clients"
)]
struct Cli {
    /// The fixtures directory (personas and test PKI). Defaults to the bundled fixtures, or
    /// $MYNAKIT_FIXTURES.
    #[arg(long, global = true, value_name = "DIR")]
    fixtures: Option<PathBuf>,
    /// Colour verdicts: `auto` (a terminal, unless NO_COLOR or TERM=dumb is set), `always` or
    /// `never`.
    #[arg(long, global = true, value_enum, default_value_t = color::ColorChoice::Auto)]
    color: color::ColorChoice,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Work with a virtual card directly.
    Card {
        #[command(subcommand)]
        command: CardCommand,
    },
    /// Run virtual readers holding personas' cards behind a real pcscd, until Ctrl-C or SIGTERM.
    Serve {
        /// A persona to insert, one per reader, in order (repeat the flag).
        #[arg(long = "persona")]
        personas: Vec<String>,
        /// How many readers (default: one per persona, at least one).
        #[arg(long)]
        slots: Option<usize>,
        /// Which pcscd.
        #[arg(long, value_enum, default_value_t = PcscdArg::Auto)]
        pcscd: PcscdArg,
        /// Present cards through a contactless reader profile.
        #[arg(long)]
        contactless: bool,
        /// The contactless reader's ATR in hex instead of the default (implies --contactless),
        /// e.g. "3B 88 80 01 00 00 00 00 00 81 81 00 09"; checked byte by byte.
        #[arg(long, value_name = "HEX")]
        contactless_atr: Option<serve::ContactlessAtr>,
        /// Make the card as slow as a real one (0.7 s signatures).
        #[arg(long)]
        latency: bool,
        /// The control endpoint (loopback only).
        #[arg(long, default_value_t = serve::default_control())]
        control: std::net::SocketAddr,
        /// A TOML config file instead of the flags above.
        #[arg(long, conflicts_with_all = ["personas", "slots"])]
        config: Option<PathBuf>,
        /// Write the run's trace (JSON lines) here on exit.
        #[arg(long)]
        trace: Option<PathBuf>,
        /// Also run the 資格確認端末 on this folder; `mynakit reader confirm` pushes face results.
        #[arg(long, value_name = "DIR")]
        terminal: Option<PathBuf>,
        /// The terminal's data, scenario and overrides (with --terminal).
        #[command(flatten, next_help_heading = "資格確認端末 (with --terminal)")]
        terminal_setup: mynakit_harness::terminal_setup::TerminalSetup,
        /// Share the terminal's folder over SMB (with --terminal).
        #[command(flatten, next_help_heading = "SMB share (with --terminal)")]
        smb: mynakit_harness::smb::SmbArgs,
        /// Connect a reader to a vpcd driver on another host instead of a local pcscd, e.g.
        /// vsmartcard's Windows virtual reader in a VM (port 35963); repeatable, one reader
        /// each (docs/reader.md, "A vpcd on another host").
        #[arg(long, value_name = "HOST:PORT")]
        vpcd: Vec<serve::VpcdAddr>,
    },
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
        setup: mynakit_harness::terminal_setup::TerminalSetup,
        /// Write the run's trace (JSON lines: file events of the terminal and the client) here on
        /// exit.
        #[arg(long, value_name = "FILE")]
        trace: Option<PathBuf>,
        /// Share the folder over SMB.
        #[command(flatten, next_help_heading = "SMB share")]
        smb: mynakit_harness::smb::SmbArgs,
    },
    /// Run scenarios against a client and judge it (default: the bundled scenarios against the
    /// reference client); reports go to target/mynakit-report/.
    Run(run_command::RunArgs),
    /// Drive a client through scenarios while the card's answers are mutated from a seed;
    /// each failure is minimised and written as a scenario file (docs/fuzz.md).
    Fuzz(fuzz_command::FuzzArgs),
    /// The reference client (docs/reference-client.md), speaking the client protocol on
    /// stdin/stdout: what `mynakit run` starts for the PC/SC transport.
    ReferenceClient {
        /// Its own flags (`--defect NAME`, `--help`).
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Check scenario files, or print their JSON Schema.
    Scenario {
        #[command(subcommand)]
        command: ScenarioCommand,
    },
    /// Drive a running `mynakit serve`.
    Reader {
        /// The control endpoint of `mynakit serve`.
        #[arg(long, default_value = "http://127.0.0.1:7350")]
        control: String,
        #[command(subcommand)]
        command: ReaderCommand,
    },
    /// Work with the reports of `mynakit run` (docs/reports.md).
    Report {
        #[command(subcommand)]
        command: ReportCommand,
    },
    /// Check evidence bundles of `mynakit run --evidence` (docs/evidence.md).
    Evidence {
        #[command(subcommand)]
        command: evidence_command::EvidenceCommand,
    },
    /// Virtual cards that sign over HTTP, for load tests of a server (docs/performance.md).
    Cards {
        #[command(subcommand)]
        command: cards_command::CardsCommand,
    },
    /// Print a shell completion script: `mynakit completions bash > /etc/bash_completion.d/mynakit`
    /// (zsh: into a folder of $fpath as `_mynakit`; fish: ~/.config/fish/completions/mynakit.fish).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Start a vendor repository: writes mynakit/capabilities.yaml, one scenario of your own,
    /// the scenario schema and .github/workflows/mynakit.yml (the Action); never overwrites
    /// (docs/ci.md).
    Init {
        /// The repository's folder (created if missing).
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Turn a field log (pcscd debug log, pcsc-spy output) into a scenario whose card replays
    /// it, PINs redacted (docs/import.md).
    Import {
        #[command(subcommand)]
        command: import_command::ImportCommand,
    },
    /// Relay a PC/SC client to a card in a real reader through a virtual reader of mynakit's
    /// own, recording the session (PINs redacted) as a timeline and a recorded-card scenario,
    /// until Ctrl-C or SIGTERM (docs/import.md).
    Record(record_command::RecordArgs),
    /// Regenerate the test PKI from the persona files (byte-for-byte reproducible).
    Fixtures {
        /// Only compare: exit 1 if regeneration would change any file.
        #[arg(long)]
        check: bool,
        /// List the personas and exit.
        #[arg(long, conflicts_with = "check")]
        list: bool,
    },
}

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

#[derive(Clone, Copy, ValueEnum)]
enum ConfirmMode {
    /// 暗証番号.
    Pin,
    /// 顔認証.
    Face,
    /// 目視確認.
    Visual,
}

#[derive(Subcommand)]
enum ReaderCommand {
    /// Show every reader: persona, ATR, PIN tries.
    Status,
    /// Insert (or swap in) a persona's card.
    Insert {
        /// Slot index or reader name.
        slot: String,
        /// The persona.
        persona: String,
    },
    /// Remove the card.
    Remove {
        /// Slot index or reader name.
        slot: String,
    },
    /// Power-cycle the card in place (verified PINs are lost).
    Reset {
        /// Slot index or reader name.
        slot: String,
    },
    /// Unplug the reader itself, with its card (docs/reader.md, "Unplugged readers").
    Unplug {
        /// Slot index or reader name.
        slot: String,
    },
    /// Plug an unplugged reader in again, empty.
    Replug {
        /// Slot index or reader name.
        slot: String,
    },
    /// The patient confirms the card at the virtual face reader: `serve --terminal` pushes a face
    /// result (OQSsiquc01res_face_*.xml).
    Confirm {
        /// Slot index or reader name.
        slot: String,
        /// How the patient was verified.
        #[arg(long, value_enum, default_value_t = ConfirmMode::Pin)]
        mode: ConfirmMode,
        /// The patient consented to 限度額 information.
        #[arg(long)]
        limit_consent: bool,
        /// The patient consented to sharing 健診 / 薬剤 / 診療 / 手術 information.
        #[arg(long)]
        medical_information_consent: bool,
        /// The prescription form the patient chose at the reader.
        #[arg(long, value_enum)]
        prescription: Option<mynakit_terminal::PrescriptionIssue>,
    },
    /// Set a PIN's tries left (0 blocks it).
    Pin {
        /// Slot index or reader name.
        slot: String,
        /// Application: jpki, kenhojo, kenkaku, common, juki.
        app: String,
        /// The PIN's FID, e.g. 0018.
        fid: String,
        /// Tries left.
        tries: u8,
    },
}

#[derive(Subcommand)]
enum ScenarioCommand {
    /// Load and validate scenarios (default: the bundled `scenarios/`); errors name file:line:col.
    Check {
        /// Scenario files or directories.
        paths: Vec<PathBuf>,
        /// `text` (one line per scenario or error) or `json` (one document: docs/scenarios.md).
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
    },
    /// Print the JSON Schema of the scenario format (docs/scenario.schema.json).
    Schema,
}

#[derive(Subcommand)]
enum ReportCommand {
    /// Join the reports of `mynakit run --shard I/N` jobs into one report (JSON, JUnit, HTML);
    /// exit 1 when a scenario FAILED in any of them.
    Merge {
        /// The shards' report folders (or their report.json files).
        #[arg(required = true, value_name = "REPORT")]
        inputs: Vec<PathBuf>,
        /// Where the merged reports go.
        #[arg(long, value_name = "DIR", default_value = mynakit_harness::report::DEFAULT_REPORT_DIR)]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum CardCommand {
    /// Run an APDU script against a persona's card, or the card in a PC/SC reader, one line per
    /// APDU.
    Run {
        /// The persona whose card to personalise (see `mynakit fixtures --list`).
        #[arg(long, required_unless_present = "reader", conflicts_with = "reader")]
        persona: Option<String>,
        /// Instead, the card in this PC/SC reader (its name, or its index in PC/SC's list);
        /// `**` lines of the script ask for the PIN on the terminal.
        #[arg(long)]
        reader: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// The script: one hex C-APDU per line, `#` comments, optional `=> [DATA] SW`.
        file: PathBuf,
    },
    /// Run APDU scripts against the card in a PC/SC reader and a persona's virtual card, and
    /// show every command whose answers differ (exit 1 when any does).
    Compare {
        /// The PC/SC reader (its name, or its index in PC/SC's list).
        #[arg(long)]
        reader: String,
        /// The persona whose virtual card to compare with.
        #[arg(long)]
        persona: String,
        /// The scripts (default: the bundled fixtures/apdu/compare.apdu). `**` lines ask for
        /// the card's PIN on the terminal; the virtual card gets its persona's.
        scripts: Vec<PathBuf>,
    },
}

/// How a listing or a check is printed.
#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum OutputFormat {
    /// Lines for people.
    Text,
    /// One JSON document for tools.
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// `C-APDU -> R-APDU` per line.
    Text,
    /// `{"c":"<hex>","r":"<hex>"}` per line.
    Jsonl,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::ReferenceClient { args } = cli.command {
        return mynakit_reference_client::command(args);
    }
    color::init(cli.color);
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
    match run(cli) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        // `mynakit fixtures --list | head -1`: the reader has all it wanted.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mynakit: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// `mynakit report merge`: reads each shard's report.json, joins them and writes every format.
fn report_merge(inputs: &[PathBuf], out: &std::path::Path) -> anyhow::Result<bool> {
    use mynakit_harness::report;
    let mut reports = Vec::with_capacity(inputs.len());
    for input in inputs {
        let path = if input.is_dir() {
            input.join(report::JSON_FILE)
        } else {
            input.clone()
        };
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading the report {}", path.display()))?;
        let one: report::RunReport =
            serde_json::from_str(&text).with_context(|| path.display().to_string())?;
        reports.push(one);
    }
    let merged = report::merge_shards(reports)?;
    for path in report::write_all(&merged, out)
        .with_context(|| format!("writing reports to {}", out.display()))?
    {
        println!("report: {}", path.display());
    }
    println!(
        "{} scenario(s) from {} report(s): {}",
        merged.scenarios.len(),
        inputs.len(),
        mynakit_harness::run::summary(&merged)
    );
    Ok(merged.passed())
}

/// Whether `error` is a write to a closed stdout (`| head`), which ends a command quietly.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Runs one command; `Ok(false)` means it ran but something it checked failed.
fn run(cli: Cli) -> anyhow::Result<bool> {
    let fixtures = match &cli.fixtures {
        Some(dir) => Fixtures::open(dir)?,
        None => Fixtures::locate()?,
    };
    match cli.command {
        Command::Card {
            command:
                CardCommand::Run {
                    persona,
                    reader,
                    format,
                    file,
                },
        } => match (reader, persona) {
            (Some(reader), _) => {
                card_reader_command::run_on_reader(&reader, &file, |e| render(e, format))
            }
            (None, Some(persona)) => card_run(&fixtures, &persona, format, &file),
            (None, None) => anyhow::bail!("--persona or --reader is needed"),
        },
        Command::Card {
            command:
                CardCommand::Compare {
                    reader,
                    persona,
                    mut scripts,
                },
        } => {
            if scripts.is_empty() {
                scripts.push(fixtures.dir().join("apdu").join("compare.apdu"));
            }
            card_reader_command::compare(&fixtures, &reader, &persona, &scripts)
        }
        Command::Serve {
            personas,
            slots,
            pcscd,
            contactless,
            contactless_atr,
            latency,
            control,
            config,
            trace,
            terminal,
            terminal_setup,
            smb,
            vpcd,
        } => {
            let config = match config {
                Some(path) => {
                    let mut config = serve::ServeConfig::from_file(&path)?;
                    if !vpcd.is_empty() {
                        config.vpcd = vpcd;
                    }
                    config.contactless_atr = contactless_atr.or(config.contactless_atr);
                    config.terminal = terminal.or(config.terminal);
                    if !terminal_setup.is_default() {
                        config.terminal_settings = terminal_setup;
                    }
                    config.smb = smb.config().or(config.smb);
                    config
                }
                None => {
                    let mut list = personas;
                    // With --vpcd, one reader per driver; otherwise at least one.
                    let least = if vpcd.is_empty() { 1 } else { vpcd.len() };
                    list.resize(
                        slots.unwrap_or(list.len()).max(list.len()).max(least),
                        String::new(),
                    );
                    serve::ServeConfig {
                        pcscd: match pcscd {
                            PcscdArg::Auto => serve::PcscdMode::Auto,
                            PcscdArg::Managed => serve::PcscdMode::Managed,
                            PcscdArg::System => serve::PcscdMode::System,
                            PcscdArg::None => serve::PcscdMode::None,
                        },
                        control,
                        contactless,
                        contactless_atr,
                        latency,
                        slots: list,
                        terminal,
                        terminal_settings: terminal_setup,
                        smb: smb.config(),
                        vpcd,
                    }
                }
            };
            serve_until_ctrl_c(&config, fixtures, trace.as_deref())
        }
        Command::Reader { control, command } => reader_command(&control, command),
        Command::Run(args) => {
            let outcome = run_command::run_command(args, fixtures);
            // The shared reader pool lives in a `static`: stop its pcscd before exiting.
            mynakit_harness::run::release_shared_pcscd();
            outcome
        }
        Command::Fuzz(args) => {
            let outcome = fuzz_command::fuzz_command(args, fixtures);
            mynakit_harness::run::release_shared_pcscd();
            outcome
        }
        Command::ReferenceClient { .. } => anyhow::bail!("reference-client is started by main"),
        Command::Scenario {
            command: ScenarioCommand::Check { mut paths, format },
        } => {
            if paths.is_empty() {
                paths.push(mynakit_harness::scenario::locate_bundled()?);
            }
            let summary = match format {
                OutputFormat::Text => {
                    mynakit_harness::scenario::check(&paths, &fixtures, &mut std::io::stdout())?
                }
                OutputFormat::Json => {
                    let (summary, doc) = mynakit_harness::scenario::check_json(&paths, &fixtures);
                    println!("{doc:#}");
                    summary
                }
            };
            Ok(summary.errors == 0)
        }
        Command::Scenario {
            command: ScenarioCommand::Schema,
        } => {
            print!(
                "{}",
                mynakit_harness::scenario::schema::schema_json(&fixtures.persona_ids()?)
            );
            Ok(true)
        }
        Command::Terminal {
            root,
            setup,
            trace,
            smb,
        } => terminal_until_ctrl_c(&root, &setup, &fixtures, trace.as_deref(), &smb),
        Command::Service { mut config } => {
            config.fixtures = Some(fixtures.dir().to_owned());
            service_until_ctrl_c(config)
        }
        Command::Fixtures { list: true, .. } => {
            let mut out = std::io::stdout().lock();
            for id in fixtures.persona_ids()? {
                let persona = fixtures.persona(&id)?;
                writeln!(out, "{id:<24} {}", persona.description)?;
            }
            out.flush()?;
            Ok(true)
        }
        Command::Fixtures { check, .. } => fixtures_generate(&fixtures, check),
        Command::Completions { .. } => Ok(true),
        Command::Init { dir } => {
            let schema = mynakit_harness::scenario::schema::schema_json(&fixtures.persona_ids()?);
            for path in mynakit_harness::init::init(&dir, &schema)? {
                println!("wrote {}", path.display());
            }
            println!(
                "next: edit mynakit/capabilities.yaml and the client command in \
                 .github/workflows/mynakit.yml; `mynakit scenario check mynakit/scenarios`"
            );
            Ok(true)
        }
        Command::Report {
            command: ReportCommand::Merge { inputs, out },
        } => report_merge(&inputs, &out),
        Command::Evidence { command } => evidence_command::evidence_command(command),
        Command::Import { command } => import_command::import_command(command),
        Command::Record(args) => record_command::record_command(args),
        Command::Cards { command } => cards_command::cards_command(command, &fixtures),
    }
}

fn card_run(
    fixtures: &Fixtures,
    persona: &str,
    format: Format,
    file: &std::path::Path,
) -> anyhow::Result<bool> {
    let text = mynakit_fixtures::read_utf8(file)?;
    let script = Script::parse(&text, &file.display().to_string())?;
    let persona = fixtures.persona(persona)?;
    if let Some(warning) = CardProfile::for_name(persona.card.profile).provisional_warning() {
        eprintln!("{warning}");
    }
    let material = fixtures.card_material(&persona)?;
    let mut card = personalize::card(&persona, &material, Behaviour::default())?;
    let name = persona.id.clone();
    let exchanges = script::run_with(
        &script,
        &mut script::CardTransport(&mut card),
        &mut |line, key| secret_prompt::ask(line, key, &format!("the virtual card of {name}")),
    );
    let mut out = std::io::stdout().lock();
    for exchange in &exchanges {
        writeln!(out, "{}", render(exchange, format))?;
    }
    out.flush()?;
    let failed = exchanges.iter().filter(|e| !e.passed).count();
    if failed > 0 {
        eprintln!(
            "{failed} of {} expectations failed",
            exchanges.iter().filter(|e| e.expect.is_some()).count()
        );
    }
    Ok(failed == 0)
}

fn render(exchange: &Exchange, format: Format) -> String {
    match format {
        Format::Jsonl => match &exchange.error {
            Some(error) => {
                serde_json::json!({"c": exchange.command, "r": "", "error": error}).to_string()
            }
            None => {
                serde_json::json!({"c": exchange.command, "r": exchange.response_hex()}).to_string()
            }
        },
        Format::Text => {
            let response = match &exchange.error {
                Some(error) => format!("({error})"),
                None => exchange.response_hex(),
            };
            let mut line = format!("{} -> {response}", exchange.command);
            if let (false, Some(expect)) = (exchange.passed, &exchange.expect) {
                line.push_str(&format!(
                    "   FAILED at line {}: expected {expect}",
                    exchange.line
                ));
            } else if !exchange.passed {
                line.push_str(&format!("   FAILED at line {}", exchange.line));
            }
            line
        }
    }
}

fn fixtures_generate(fixtures: &Fixtures, check_only: bool) -> anyhow::Result<bool> {
    if check_only {
        let report = mynakit_fixtures::check(fixtures.dir(), &fixtures.pki_dir())?;
        println!("{report}");
        return Ok(report.is_clean());
    }
    let report = mynakit_fixtures::generate(fixtures.dir(), &fixtures.pki_dir())?;
    println!("{report}");
    Ok(true)
}

fn serve_until_ctrl_c(
    config: &serve::ServeConfig,
    fixtures: Fixtures,
    trace: Option<&std::path::Path>,
) -> anyhow::Result<bool> {
    // Refused now rather than when the trace is written, at the end.
    trace
        .map(mynakit_fixtures::output::check_path)
        .transpose()?;
    let runtime = tokio::runtime::Runtime::new()?;
    let interrupt = runtime.block_on(async { Interrupt::listen() })?;
    let served = serve::start(config, &fixtures)?;
    let listener = std::net::TcpListener::bind(config.control)
        .with_context(|| format!("control endpoint {}", config.control))?;
    for slot in served.readers.slots() {
        let status = slot.status();
        match status.persona {
            Some(persona) => println!("{}: {persona} ({})", status.reader, status.atr),
            None => println!("{}: empty", status.reader),
        }
    }
    if let Some(terminal) = &served.terminal {
        println!(
            "terminal: {} (req → res; face pushes into face)",
            terminal.terminal().root().display()
        );
    }
    for line in served.share.iter().flat_map(|share| share.describe()) {
        println!("{line}");
    }
    if let Some(pcscd) = served.readers.pcscd() {
        for (key, value) in pcscd.client_env() {
            println!("PC/SC clients: export {key}={value}");
        }
    }
    println!(
        "control: http://{} (mynakit reader status|insert|remove|reset|pin|unplug|replug)",
        listener.local_addr()?
    );
    println!("Ctrl-C (or SIGTERM) to stop");
    // A second signal ends the loop at once; the trace and the readers are still cleaned up.
    let served_until = runtime
        .block_on(
            interrupt.serve_until(|stop| serve::control_loop(&served, fixtures, listener, stop)),
        )
        .unwrap_or(Ok(()));
    // The trace is written however the loop ended, and the readers (their pcscd and its
    // directory) go before the process does.
    let written = trace.map(|path| {
        mynakit_fixtures::output::write_file(
            path,
            served.timeline.to_json_lines().as_bytes(),
            mynakit_fixtures::output::WriteMode::Replace,
        )
    });
    drop(served);
    drop(runtime);
    served_until?;
    written.transpose()?;
    Ok(true)
}

/// Percent-encodes a path segment (reader names contain spaces).
fn segment(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

fn reader_command(control: &str, command: ReaderCommand) -> anyhow::Result<bool> {
    let base = control.trim_end_matches('/');
    let call = |method: &str,
                path: String,
                body: Option<serde_json::Value>|
     -> anyhow::Result<serde_json::Value> {
        let url = format!("{base}{path}");
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .new_agent();
        let mut response = match (method, body) {
            ("GET", _) => agent.get(&url).call(),
            (_, Some(body)) => agent.post(&url).send_json(body),
            (_, None) => agent.post(&url).send_empty(),
        }
        .with_context(|| format!("is `mynakit serve` running? {url}"))?;
        let status = response.status();
        let value: serde_json::Value = response.body_mut().read_json()?;
        if !status.is_success() {
            anyhow::bail!("{}", value["error"].as_str().unwrap_or("request failed"));
        }
        Ok(value)
    };
    let value = match command {
        ReaderCommand::Status => call("GET", "/readers".into(), None)?,
        ReaderCommand::Insert { slot, persona } => call(
            "POST",
            format!("/readers/{}/insert", segment(&slot)),
            Some(serde_json::json!({ "persona": persona })),
        )?,
        ReaderCommand::Remove { slot } => {
            call("POST", format!("/readers/{}/remove", segment(&slot)), None)?
        }
        ReaderCommand::Reset { slot } => {
            call("POST", format!("/readers/{}/reset", segment(&slot)), None)?
        }
        ReaderCommand::Unplug { slot } => {
            call("POST", format!("/readers/{}/unplug", segment(&slot)), None)?
        }
        ReaderCommand::Replug { slot } => {
            call("POST", format!("/readers/{}/replug", segment(&slot)), None)?
        }
        ReaderCommand::Confirm {
            slot,
            mode,
            limit_consent,
            medical_information_consent,
            prescription,
        } => {
            let mode = match mode {
                ConfirmMode::Pin => "pin",
                ConfirmMode::Face => "face",
                ConfirmMode::Visual => "visual",
            };
            let value = call(
                "POST",
                format!("/readers/{}/confirm", segment(&slot)),
                Some(serde_json::json!({
                    "mode": mode,
                    "limit_consent": limit_consent,
                    "medical_information_consent": medical_information_consent,
                    "prescription": prescription,
                })),
            )?;
            println!("face result: {}", value["face"].as_str().unwrap_or("?"));
            return Ok(true);
        }
        ReaderCommand::Pin {
            slot,
            app,
            fid,
            tries,
        } => call(
            "POST",
            format!("/readers/{}/pin", segment(&slot)),
            Some(serde_json::json!({ "app": app, "fid": fid, "tries": tries })),
        )?,
    };
    let statuses = match value {
        serde_json::Value::Array(list) => list,
        one => vec![one],
    };
    for status in statuses {
        let pins: Vec<String> = status["pins"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| {
                format!(
                    "{}/{}={}/{}",
                    p["app"].as_str().unwrap_or("?"),
                    p["fid"].as_str().unwrap_or("?"),
                    p["tries_left"],
                    p["max_tries"]
                )
            })
            .collect();
        println!(
            "{}: {} {}",
            status["reader"].as_str().unwrap_or("?"),
            match (status["unplugged"].as_bool(), status["persona"].as_str()) {
                (Some(true), _) => "(unplugged)",
                (_, Some(persona)) => persona,
                (_, None) => "(empty)",
            },
            pins.join(" ")
        );
    }
    Ok(true)
}

fn service_until_ctrl_c(config: mynakit_service::ServiceConfig) -> anyhow::Result<bool> {
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let interrupt = Interrupt::listen()?;
        let running = mynakit_service::start(&config, None).await?;
        println!("card-check API: {}", running.public_url());
        println!("admin API:      {}", running.admin_url());
        if running.state().settings().allow_unsigned {
            println!("device signatures: optional (--allow-unsigned)");
        } else {
            println!("device signatures: required (RFC 9421; --allow-unsigned for plain curl)");
        }
        println!("Ctrl-C to stop");
        // The listeners' stop is bounded (1 s); a second signal does not wait for it.
        interrupt
            .serve_until(|stop| async move {
                stop.await;
                running.stop().await;
            })
            .await;
        anyhow::Ok(true)
    })
}

fn terminal_until_ctrl_c(
    root: &std::path::Path,
    setup: &mynakit_harness::terminal_setup::TerminalSetup,
    fixtures: &Fixtures,
    trace: Option<&std::path::Path>,
    smb: &mynakit_harness::smb::SmbArgs,
) -> anyhow::Result<bool> {
    trace
        .map(mynakit_fixtures::output::check_path)
        .transpose()?;
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = stop.clone();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let interrupt = runtime.block_on(async { Interrupt::listen() })?;
    std::thread::spawn(move || {
        runtime.block_on(interrupt.wait());
        flag.store(true, std::sync::atomic::Ordering::SeqCst);
    });
    let timeline = mynakit_timeline::Timeline::new(None);
    let terminal = setup.build(root, fixtures, trace.map(|_| timeline.clone()))?;
    // The share is dropped (smbd stopped) when this function returns, after the terminal stops.
    let share = match smb.config() {
        Some(config) => {
            terminal.prepare_folders()?;
            Some(mynakit_harness::smb::Share::start(
                terminal.root(),
                &config,
            )?)
        }
        None => None,
    };
    for line in share.iter().flat_map(|share| share.describe()) {
        eprintln!("mynakit terminal: {line}");
    }
    eprintln!(
        "mynakit terminal: watching {} (req → res, face pushes into face)",
        terminal.root().display()
    );
    terminal.watch(&stop)?;
    if let Some(path) = trace {
        mynakit_fixtures::output::write_file(
            path,
            timeline.to_json_lines().as_bytes(),
            mynakit_fixtures::output::WriteMode::Replace,
        )?;
        eprintln!("mynakit terminal: trace written to {}", path.display());
    }
    Ok(true)
}
