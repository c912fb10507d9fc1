//! `mynakit reader …`: drives a running `mynakit serve` through its control endpoint
//! (`docs/reader.md`).

use std::time::Duration;

use anyhow::Context;
use clap::{Subcommand, ValueEnum};
use mynakit_harness::report::lang::msg;
use mynakit_harness::report::Lang;

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum ConfirmMode {
    /// 暗証番号.
    Pin,
    /// 顔認証.
    Face,
    /// 目視確認.
    Visual,
}

#[derive(Subcommand)]
pub(crate) enum ReaderCommand {
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
    /// Unplug the reader itself, with its card (`mynakit docs reader`, "Unplugged readers").
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
    /// The PINs the patient types next on a PIN-pad reader, in order; Cancel once they run out
    /// (`serve --pin-pad`).
    Pad {
        /// Slot index or reader name.
        slot: String,
        /// The PINs, one per entry on the pad (none: the patient presses Cancel).
        pins: Vec<String>,
    },
    /// The next command to the reader fails in transit: `SCardTransmit` returns
    /// SCARD_E_NOT_TRANSACTED (`serve --driver` or `--pin-pad`).
    TransportError {
        /// Slot index or reader name.
        slot: String,
    },
    /// The reader stops answering, its card still in it (`serve --driver` or `--pin-pad`).
    Unavailable {
        /// Slot index or reader name.
        slot: String,
    },
    /// The reader answers again, its card powered afresh.
    Available {
        /// Slot index or reader name.
        slot: String,
    },
    /// pcscd stops and starts again (`serve --driver` or `--pin-pad`); returns once PC/SC lists
    /// the readers again.
    Restart {
        /// Slot index or reader name.
        slot: String,
        /// How long pcscd stays stopped, in milliseconds.
        #[arg(long, default_value_t = 1000)]
        for_ms: u64,
        /// The name pcscd lists the reader under afterwards (it adds ` 00 00`).
        #[arg(long)]
        name: Option<String>,
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

/// Percent-encodes a path segment (reader names contain spaces).
/// The names of every `mynakit reader` subcommand, as `serve`'s banner lists them: read from
/// the command's own definition, so a new subcommand is listed without a second list to keep.
pub(crate) fn command_names() -> Vec<String> {
    use clap::Subcommand as _;
    ReaderCommand::augment_subcommands(clap::Command::new("reader"))
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect()
}

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

/// How long `serve` may take over `restart` beyond its `for_ms`: pcscd's wait for the reader to
/// be listed again (`serve::control::stack_faults`, 25 s).
const RESTART_LISTED_WITHIN: Duration = Duration::from_secs(25);

/// One request to the control endpoint, waiting at most `wait` for its answer; the answer's
/// JSON, or its `error`.
fn call(
    url: &str,
    wait: Duration,
    method: &str,
    body: Option<serde_json::Value>,
    lang: Lang,
) -> anyhow::Result<serde_json::Value> {
    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(wait))
        .build()
        .new_agent();
    let sent = match (method, body) {
        ("GET", _) => agent.get(url).call(),
        (_, Some(body)) => agent.post(url).send_json(body),
        (_, None) => agent.post(url).send_empty(),
    };
    let mut response = match sent {
        Err(ureq::Error::Timeout(_)) => {
            anyhow::bail!("{}", msg::no_answer_within(lang, url, wait.as_secs()))
        }
        other => other.with_context(|| msg::serve_running(lang, url))?,
    };
    let status = response.status();
    let value: serde_json::Value = response.body_mut().read_json()?;
    if !status.is_success() {
        anyhow::bail!("{}", value["error"].as_str().unwrap_or("request failed"));
    }
    Ok(value)
}

/// Runs `command` against the control endpoint `control`, waiting at most `timeout` seconds for
/// the answer (a `serve` that accepts and never answers must not hold a vendor's CI for ever).
pub(crate) fn reader_command(
    control: &str,
    timeout: u64,
    command: ReaderCommand,
    lang: Lang,
) -> anyhow::Result<bool> {
    let base = control.trim_end_matches('/');
    let mut wait = Duration::from_secs(timeout);
    if let ReaderCommand::Restart { for_ms, .. } = &command {
        wait += Duration::from_millis(*for_ms) + RESTART_LISTED_WITHIN;
    }
    let call = |method: &str, path: String, body: Option<serde_json::Value>| {
        call(&format!("{base}{path}"), wait, method, body, lang)
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
            let face = value["face"].as_str().unwrap_or("?");
            println!("{}", msg::face_result(lang, face));
            return Ok(true);
        }
        ReaderCommand::Pad { slot, pins } => call(
            "POST",
            format!("/readers/{}/pad", segment(&slot)),
            Some(serde_json::json!({ "pins": pins })),
        )?,
        ReaderCommand::TransportError { slot } => call(
            "POST",
            format!("/readers/{}/transport-error", segment(&slot)),
            None,
        )?,
        ReaderCommand::Unavailable { slot } => call(
            "POST",
            format!("/readers/{}/unavailable", segment(&slot)),
            None,
        )?,
        ReaderCommand::Available { slot } => call(
            "POST",
            format!("/readers/{}/available", segment(&slot)),
            None,
        )?,
        ReaderCommand::Restart { slot, for_ms, name } => call(
            "POST",
            format!("/readers/{}/restart", segment(&slot)),
            Some(serde_json::json!({ "for_ms": for_ms, "name": name })),
        )?,
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
                (Some(true), _) => msg::reader_state(lang, true),
                (_, Some(persona)) => persona,
                (_, None) => msg::reader_state(lang, false),
            },
            pins.join(" ")
        );
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use clap::{CommandFactory, Parser};

    #[test]
    fn the_banner_names_every_reader_command_the_control_endpoint_takes() {
        let names = super::command_names();
        for name in [
            "status",
            "insert",
            "pad",
            "confirm",
            "restart",
            "transport-error",
        ] {
            assert!(
                names.iter().any(|n| n == name),
                "{name} missing from {names:?}"
            );
        }
    }

    /// Every `mynakit reader` command's own help says how long it waits at most (`--timeout`,
    /// with `restart`'s longer wait), and takes `--timeout` after the command too: none waits
    /// for ever on a `serve` that does not answer (issue 105).
    #[test]
    fn every_reader_command_says_its_bounded_wait_in_its_help() {
        let mut cli = crate::Cli::command();
        cli.build();
        let reader = cli.find_subcommand_mut("reader").unwrap();
        let names: Vec<String> = reader
            .get_subcommands()
            .map(|s| s.get_name().to_owned())
            .filter(|n| n != "help")
            .collect();
        assert!(names.len() > 10, "{names:?}");
        for name in &names {
            let help = reader
                .find_subcommand_mut(name)
                .unwrap()
                .render_long_help()
                .to_string();
            assert!(
                help.contains("--timeout <SECS>")
                    && help.contains("How long a command waits for the answer at most"),
                "`mynakit reader {name} --help` does not say its wait:\n{help}"
            );
        }
        let after = crate::Cli::try_parse_from([
            "mynakit",
            "reader",
            "status",
            "--timeout",
            "3",
            "--control",
            "http://127.0.0.1:1",
        ]);
        match after.map(|cli| cli.command) {
            Ok(crate::Command::Reader {
                timeout, control, ..
            }) => assert_eq!((timeout, control.as_str()), (3, "http://127.0.0.1:1")),
            _ => panic!("--timeout after the command is refused"),
        }
    }
}
