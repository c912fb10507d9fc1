//! `mynakit import pcscd-log|pcsc-spy FILE -o SCENARIO.yaml`: a field log into a scenario whose
//! card replays it (`docs/import.md`). The parsing and writing are `mynakit_capture`.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use mynakit_capture as import;
use mynakit_harness::report::lang::msg;
use mynakit_harness::report::untrusted::terminal;
use mynakit_harness::report::Lang;

/// The log formats.
#[derive(Subcommand)]
pub(crate) enum ImportCommand {
    /// A pcscd debug log (`pcscd -f -a -d`, pcsc-lite 1.9): its `APDU:` and `SW:` lines.
    PcscdLog(ImportArgs),
    /// pcsc-spy output (pcsc-lite's PC/SC call tracer, Debian package libpcsclite-dev).
    PcscSpy(ImportArgs),
}

#[derive(Args)]
pub(crate) struct ImportArgs {
    /// The log.
    file: PathBuf,
    /// The scenario to write; its file name (without `.yaml`) is the scenario id.
    #[arg(short = 'o', long = "output", value_name = "SCENARIO.yaml")]
    output: PathBuf,
    /// Also write the APDU script of the first reader, with `=> SW` expectations, for
    /// `mynakit card run` (PIN data redacted: it asks for it).
    #[arg(long, value_name = "FILE.apdu")]
    script: Option<PathBuf>,
    /// A status word forced on a command the log did not see; by default the recorded card
    /// answers it as the virtual card would (`mynakit docs import`).
    #[arg(long, value_name = "SW")]
    unseen: Option<String>,
    /// The client speaks the client protocol and must report this outcome; by default the
    /// scenario expects a plain PC/SC program (`pkcs15-tool -D`) to exit with `--exit-code`.
    #[arg(long, value_name = "OUTCOME", conflicts_with = "exit_code")]
    outcome: Option<String>,
    /// The exit status a plain PC/SC program must end with.
    #[arg(long, value_name = "N", default_value_t = 0)]
    exit_code: i32,
    /// Overwrite files that exist.
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    scrub: ScrubArgs,
}

/// How personal data is replaced in what `import` and `record` write (`docs/import.md`,
/// "Personal data").
#[derive(Args)]
pub(crate) struct ScrubArgs {
    /// The bundled persona whose values replace the card holder's (name, address, birth date,
    /// sex, 個人番号, photo, certificates).
    #[arg(long, value_name = "PERSONA", default_value = import::DEFAULT_SCRUB_PERSONA)]
    scrub_persona: String,
    /// A 12-digit number in the log that is synthetic (a test card's), which may be written
    /// although its check digit is valid for a 個人番号; repeat for more.
    #[arg(long, value_name = "NUMBER")]
    synthetic_number: Vec<String>,
}

impl ScrubArgs {
    pub(crate) fn scrubber(&self) -> anyhow::Result<import::Scrubber> {
        Ok(import::Scrubber::new(
            &self.scrub_persona,
            &self.synthetic_number,
        )?)
    }
}

/// A log format's reader: the log, read a line at a time, and its name for errors.
type Parser = fn(&mut dyn std::io::BufRead, &str) -> Result<import::Capture, import::ImportError>;

pub(crate) fn import_command(command: ImportCommand, lang: Lang) -> anyhow::Result<bool> {
    let (args, parse, no_apdu): (_, Parser, _) = match command {
        ImportCommand::PcscdLog(args) => (
            args,
            import::read_pcscd_log,
            "no APDU in this log (pcscd must run with --apdu --debug: `pcscd -f -a -d`)",
        ),
        ImportCommand::PcscSpy(args) => (
            args,
            import::read_pcsc_spy,
            "no complete SCardTransmit in this pcsc-spy output (a call counts once its \
             bSendBuffer, bRecvBuffer and ` => ` result are there: was the file cut short, or \
             the application stopped before it spoke to the card?)",
        ),
    };
    let origin = args.file.display().to_string();
    // Streamed: memory stays flat in the log's size (docs/import.md, "Size").
    let log = mynakit_fixtures::input::open(&args.file)?;
    let mut capture = parse(&mut std::io::BufReader::new(log), &origin)?;
    if capture.apdus() == 0 {
        anyhow::bail!("{origin}: {no_apdu}");
    }
    // The patient's data never gets further than this: every file is written from the
    // scrubbed capture, and each text is checked for a 個人番号 before it is written.
    let scrubber = args.scrub.scrubber()?;
    let replaced = scrubber.scrub(&mut capture)?;
    let id = args
        .output
        .file_stem()
        .and_then(|s| s.to_str())
        .filter(|_| args.output.extension().is_some_and(|e| e == "yaml"))
        .ok_or_else(|| {
            anyhow::anyhow!(
                "{}: the scenario file must be NAME.yaml",
                args.output.display()
            )
        })?
        .to_owned();
    let unseen = match &args.unseen {
        Some(sw) => Some(
            hex::decode(sw.replace(' ', ""))
                .ok()
                .and_then(|b| <[u8; 2]>::try_from(b).ok())
                .ok_or_else(|| {
                    anyhow::anyhow!("--unseen {sw:?}: a status word is 4 hex digits like 6F00")
                })?,
        ),
        None => None,
    };
    let options = import::ScenarioOptions {
        id,
        unseen,
        expect: match args.outcome {
            Some(outcome) => import::ClientExpect::Outcome(outcome),
            None => import::ClientExpect::ExitCode(args.exit_code),
        },
    };
    let scenario = noted(import::write_scenario(&capture, &options), &replaced);
    let script = match &args.script {
        Some(path) => {
            let reader = capture
                .apdu_readers()
                .first()
                .copied()
                .ok_or_else(|| anyhow::anyhow!("no reader saw an APDU"))?;
            let text = import::write_script(&capture, reader, import::Expect::StatusWord);
            scrubber.check_text(&text, &path.display().to_string())?;
            Some((path, reader.name.clone(), text))
        }
        None => None,
    };
    scrubber.check_text(&scenario, &args.output.display().to_string())?;
    write_new(&args.output, &scenario, args.force)?;
    // What was written, as its header says: a recorded card per reader that saw an APDU.
    let written = capture.apdu_readers();
    // Names from arguments and from the log (its readers') shown with their controls escaped.
    let output = terminal(&args.output.display().to_string()).into_owned();
    println!(
        "{}",
        msg::imported(lang, &output, capture.apdus(), written.len())
    );
    let idle: Vec<&str> = capture
        .readers
        .iter()
        .filter(|r| !written.iter().any(|w| w.name == r.name))
        .map(|r| r.name.as_str())
        .collect();
    if !idle.is_empty() {
        let idle: Vec<String> = idle
            .iter()
            .map(|n| terminal(&format!("{n:?}")).into_owned())
            .collect();
        println!("{}", msg::not_imported(lang, &idle.join(", ")));
    }
    println!(
        "{}",
        msg::replaced_personal_data(lang, &replaced.to_string())
    );
    if let Some((path, reader, text)) = script {
        write_new(path, &text, args.force)?;
        let path = path.display().to_string();
        println!("{}", terminal(&msg::wrote_script(lang, &path, &reader)));
    }
    Ok(true)
}

/// The scenario with a comment after its header saying whose values replaced the card
/// holder's, so that whoever reads it in a bug report knows they are not the patient's.
pub(crate) fn noted(scenario: String, replaced: &import::ScrubSummary) -> String {
    if replaced.is_empty() {
        return scenario;
    }
    let note = format!(
        "# Personal data replaced by persona {}'s, of the same lengths (docs/import.md#personal-data).\n",
        replaced.persona
    );
    match scenario.find("\nid: ") {
        Some(at) => format!("{}{note}{}", &scenario[..=at], &scenario[at + 1..]),
        None => note + &scenario,
    }
}

/// Writes `text` to `path`, refusing to overwrite (unless `force`) or to follow a symlink
/// (`mynakit_fixtures::output`).
pub(crate) fn write_new(path: &Path, text: &str, force: bool) -> anyhow::Result<()> {
    write_new_bytes(path, text.as_bytes(), force)
}

/// [`write_new`] for bytes (a claim file is Windows-31J, not UTF-8).
pub(crate) fn write_new_bytes(path: &Path, bytes: &[u8], force: bool) -> anyhow::Result<()> {
    use mynakit_fixtures::output::{write_file, WriteError, WriteMode};
    let mode = if force {
        WriteMode::Replace
    } else {
        WriteMode::New
    };
    match write_file(path, bytes, mode) {
        Err(WriteError::Exists(path)) => {
            anyhow::bail!("{}: exists (--force to overwrite)", path.display())
        }
        written => Ok(written?),
    }
}
