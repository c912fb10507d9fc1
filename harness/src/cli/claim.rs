//! `mynakit claim check RECEIPTC.UKE [--run report.json]`: flags in, one line per problem out.
//! The work is in `mynakit_uke` (the reader and [`mynakit_uke::check`]) and, with `--run`, in
//! the `UKE-` checks of `mynakit_conformance`, which judge the file against the answers of a
//! run's report; this prints what they found, naming lines and claim numbers, never a patient
//! (docs/uke.md, "Checking a claim file"). Every file is opened by the bounded reader
//! (`mynakit_fixtures::input`): a FIFO nobody writes or a device is an error, not a hang.

use std::io::BufReader;
use std::path::{Path, PathBuf};

use anyhow::Context;
use mynakit_harness::report::lang::msg;
use mynakit_harness::report::untrusted::terminal as shown;
use mynakit_harness::report::Lang;

/// `mynakit claim` subcommands.
#[derive(clap::Subcommand)]
pub(crate) enum ClaimCommand {
    /// Read a claim file (RECEIPTC.UKE: 医科, 歯科 or 調剤; RECEIPTH.UKE: 訪問看護, told by its
    /// HM header) and check it against itself: every record reads, every claim names its
    /// payer, GO counts the claims. Exit 0 when it is consistent, 1 naming each problem, 2 when
    /// it cannot be read.
    Check {
        /// The claim file.
        file: PathBuf,
        /// A report (report.json, or the folder holding it) of the run that confirmed the
        /// visit: the file is also judged against that run's answers by the `UKE-` checks, as
        /// in a run of the flow claim-file.
        #[arg(long, value_name = "REPORT")]
        run: Option<PathBuf>,
        /// With `--run`, the scenario (its verdict id) whose visit the file claims; needed
        /// when the report holds more than one.
        #[arg(long, value_name = "ID", requires = "run")]
        scenario: Option<String>,
        /// With `--run`, the table of 訪問看護療養費 prices no public source gives mynakit, as
        /// `mynakit run --station-prices` takes it (`mynakit docs rules`, "Setting a station's
        /// prices"); a scenario that gave its own (`given.station_prices`) is priced by its own,
        /// read back from the report.
        #[arg(long, value_name = "FILE", requires = "run")]
        station_prices: Option<PathBuf>,
    },
    /// Copy a claim file with its patients replaced by a synthetic persona (names, birth day,
    /// 記号・番号・受給者番号, chart numbers, diseases, comments), its structure kept, so a field
    /// claim can be shared with a vendor (`mynakit docs uke`, "Sharing a field claim"). Prints what it
    /// replaced, counted, never the values.
    Scrub {
        /// The claim file.
        file: PathBuf,
        /// Where the scrubbed copy goes; an existing file is not overwritten without --force,
        /// and a symbolic link never is.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
        /// The bundled persona whose name stands in for every patient.
        #[arg(long, value_name = "PERSONA", default_value = mynakit_capture::DEFAULT_SCRUB_PERSONA)]
        scrub_persona: String,
        /// Overwrite the output if it exists.
        #[arg(long)]
        force: bool,
    },
}

pub(crate) fn claim_command(command: ClaimCommand, lang: Lang) -> anyhow::Result<bool> {
    match command {
        ClaimCommand::Scrub {
            file,
            output,
            scrub_persona,
            force,
        } => scrub(&file, &output, &scrub_persona, force),
        ClaimCommand::Check {
            file,
            run,
            scenario,
            station_prices,
        } => {
            let prices = match &station_prices {
                Some(path) => super::station_prices::load(path)?,
                None => mynakit_harness::protocol::PriceTable::default(),
            };
            // Read twice with a run (checked, then judged against it): a pipe is copied first,
            // so that both reads see the same bytes and a silent FIFO is waited for once.
            let input = mynakit_fixtures::input::open(&file)?;
            // The reader a run reads the client's file with (`ClaimFile::read`): the same
            // default options, so the same bytes read or fail alike (UKE-file-reads).
            let check = |source: &mut dyn std::io::Read| {
                mynakit_uke::check(mynakit_uke::Reader::new(BufReader::new(source)))
                    .with_context(|| format!("{}: not a readable claim file", file.display()))
            };
            let (read, opened) = match &run {
                Some(_) => {
                    let mut copy = input.rereadable()?;
                    (check(&mut copy), Some(copy))
                }
                None => (check(&mut { input }), None),
            };
            let found = match (read, &run) {
                (Ok(found), _) => found,
                (Err(error), None) => return Err(error),
                // With a run, what the run's checks say of the file that does not read, then
                // the error (exit 2, as without a run).
                (Err(error), Some(report)) => {
                    let (_, findings) =
                        against_run(&file, opened.as_ref(), report, scenario.as_deref(), &prices)?;
                    print_findings(lang, &findings);
                    return Err(error);
                }
            };
            for problem in &found.problems {
                println!(
                    "{}",
                    shown(&format!(
                        "{}: {}",
                        file.display(),
                        msg::claim_problem(lang, problem)
                    ))
                );
            }
            let what = msg::claim_file_read(
                lang,
                &file.display().to_string(),
                layout_name(found.layout),
                found.month,
                &found.care_months,
                found.claims,
                found.records,
            );
            let judged = match &run {
                Some(report) => Some(against_run(
                    &file,
                    opened.as_ref(),
                    report,
                    scenario.as_deref(),
                    &prices,
                )?),
                None => None,
            };
            // Without a run, nothing here says the claims agree with what was confirmed.
            let scope = msg::claim_scope(lang, judged.as_ref().map(|(id, _)| id.as_str()));
            let mut failed = !found.problems.is_empty();
            let mut failures = found.problems.len();
            let findings = judged
                .as_ref()
                .map(|(_, f)| f.as_slice())
                .unwrap_or_default();
            print_findings(lang, findings);
            for finding in findings {
                if finding.level == mynakit_conformance::Level::Failed {
                    failed = true;
                    failures += 1;
                }
            }
            if !failed {
                println!("{}", shown(&msg::claim_consistent(lang, &what, &scope)));
                Ok(true)
            } else {
                eprintln!(
                    "{}",
                    shown(&msg::claim_problems(lang, &what, failures, &scope))
                );
                Ok(false)
            }
        }
    }
}

/// Each `UKE-` finding's level, check and reason, one line each.
fn print_findings(lang: Lang, findings: &[mynakit_conformance::Finding]) {
    for finding in findings {
        let reason = match lang {
            Lang::Ja => finding.reason_ja.as_deref().unwrap_or(&finding.reason),
            Lang::En => &finding.reason,
        };
        // A reason may quote the claim file's own fields: shown escaped.
        println!(
            "{}",
            shown(&format!(
                "{} {}: {reason}",
                lang.level(finding.level),
                finding.check
            ))
        );
    }
}

/// The `UKE-` findings for `file` as the claim of the visit in `report`'s scenario `id` (or
/// its only scenario with a result): the scenario's timeline with this file as its
/// `claim-file` event, judged as the run judged it. The file is read again from its start from
/// `opened`, the copy read once (a pipe is never read twice). `prices`: the vendor's price
/// table (`--station-prices`), as the run was given it.
fn against_run(
    file: &std::path::Path,
    opened: Option<&std::fs::File>,
    report: &std::path::Path,
    id: Option<&str>,
    prices: &mynakit_harness::protocol::PriceTable,
) -> anyhow::Result<(String, Vec<mynakit_conformance::Finding>)> {
    let run = super::report::read_run_report(report, mynakit_harness::report::Lang::En)?;
    let with_result: Vec<_> = run
        .scenarios
        .iter()
        .filter_map(|s| Some((s, s.result.as_ref()?)))
        .collect();
    let chosen = match id {
        Some(id) => with_result.iter().find(|(s, _)| s.id == id).copied(),
        None => match with_result.as_slice() {
            [only] => Some(*only),
            _ => None,
        },
    };
    let Some((scenario, result)) = chosen else {
        let ids: Vec<&str> = with_result.iter().map(|(s, _)| s.id.as_str()).collect();
        anyhow::bail!(
            "{}: {} (scenarios with a result: {})",
            report.display(),
            match id {
                Some(id) => format!("no scenario `{id}` with a result"),
                None => "holds more than one scenario: name one with --scenario".to_owned(),
            },
            ids.join(", ")
        );
    };
    // The scenario's own prices, as the run judged it by them (`given.station_prices`), else
    // the table given here (`--station-prices`).
    let own = match run.scenario_yaml.get(scenario.scenario_id()) {
        Some(yaml) => mynakit_harness::scenario::station_prices::from_yaml(yaml, &scenario.file)
            .map_err(|e| {
                anyhow::anyhow!("{}: the scenario as the run kept it: {e}", report.display())
            })?,
        None => None,
    };
    let prices = own.as_ref().unwrap_or(prices);
    let mut opened = opened.with_context(|| format!("{}: not read before", file.display()))?;
    std::io::Seek::rewind(&mut opened).with_context(|| format!("{}", file.display()))?;
    // The facility's 点数表 as the run recorded it with its own claim file, if it did.
    let facility_table = scenario.timeline.iter().find_map(|e| match &e.kind {
        mynakit_timeline::EventKind::ClaimFile { file, .. } => file.facility_table.clone(),
        _ => None,
    });
    let mut events: Vec<mynakit_timeline::Event> = scenario
        .timeline
        .iter()
        .filter(|e| !matches!(e.kind, mynakit_timeline::EventKind::ClaimFile { .. }))
        .cloned()
        .collect();
    let claim = mynakit_timeline::EventKind::ClaimFile {
        path: file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        file: mynakit_timeline::ClaimFile {
            facility_table,
            // Kept as a run keeps it: the claims of the scenario's patients, the others counted.
            ..mynakit_timeline::ClaimFile::read(
                BufReader::new(opened),
                &mynakit_timeline::ClaimInterest::of_events(&events),
            )
        },
    };
    events.push(mynakit_timeline::Event {
        v: mynakit_timeline::SCHEMA_VERSION,
        t_us: events.last().map_or(0, |e| e.t_us + 1),
        run: Some(scenario.run_id.clone()),
        source: mynakit_timeline::Source::Client,
        kind: claim,
    });
    // The `UKE-` checks are judged in every mode, so the mode cannot change their verdicts;
    // a report of a plain program (mode `none`) or one written before modes is read as face.
    let mode = serde_json::from_value(serde_json::Value::String(scenario.mode.clone()))
        .unwrap_or(mynakit_protocol::Mode::Face);
    let evidence = mynakit_conformance::Evidence {
        events: &events,
        result,
        mode,
        manual: false,
        wrong_server_ca: false,
        blocked_at_start: &[],
        rules: scenario.rules,
        day: None,
        starts: mynakit_protocol::Starts::default(),
        checkup_identity: None,
        request_names: None,
        station_prices: prices,
    };
    let findings = mynakit_conformance::evaluate(&evidence, &[])
        .into_iter()
        .filter(|f| f.check.starts_with("UKE-"))
        .collect();
    Ok((scenario.id.clone(), findings))
}

fn layout_name(layout: mynakit_uke::Layout) -> &'static str {
    match layout {
        mynakit_uke::Layout::Medical => "医科",
        mynakit_uke::Layout::Dental => "歯科",
        mynakit_uke::Layout::Pharmacy => "調剤",
        mynakit_uke::Layout::Nursing => "訪問看護",
    }
}

/// `claim scrub`: the whole copy made in memory first, so a file that does not read leaves no
/// output behind, then written once without following a link.
fn scrub(file: &Path, output: &Path, persona: &str, force: bool) -> anyhow::Result<bool> {
    let persona = mynakit_fixtures::Fixtures::bundled()
        .persona(persona)
        .with_context(|| format!("--scrub-persona {persona}"))?;
    let stand_in = mynakit_uke::StandIn {
        name: persona.identity.name.clone(),
        kana: persona.identity.name_kana.clone(),
        kana_half: mynakit_oqs::to_half_width(&persona.identity.name_kana),
    };
    let opened = mynakit_fixtures::input::open(file)?;
    let mut copy = Vec::new();
    let done = mynakit_uke::scrub(
        mynakit_uke::Reader::new(BufReader::new(opened)),
        &mut copy,
        &stand_in,
    )
    .with_context(|| format!("{}: not a readable claim file", file.display()))?;
    super::import::write_new_bytes(output, &copy, force)?;
    println!(
        "{}",
        shown(&format!(
            "wrote {}: {done} (patients as persona {})",
            output.display(),
            persona.id
        ))
    );
    Ok(true)
}
