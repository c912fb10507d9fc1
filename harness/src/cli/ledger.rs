//! `mynakit ledger`: the requirement ledger (`mynakit_conformance::ledger`, `docs/ledger.md`):
//! list and filter its items, show one, and compare a held source with a new text of it
//! (`drift`). Flags in, library calls, lines out.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use mynakit_conformance::ledger::{self, DriftKind, Evidence, Item};
use mynakit_harness::report::untrusted::terminal as shown;
use mynakit_harness::report::Lang;

use super::OutputFormat;

/// The filters of the listing (`mynakit ledger`), all of them applied together.
#[derive(Args)]
pub(crate) struct LedgerArgs {
    #[command(subcommand)]
    command: Option<LedgerCommand>,
    /// Only the items no check judges (declared, review, out of scope).
    #[arg(long)]
    uncovered: bool,
    /// Only the items of this source (`SEED002`, `ISO7816`; `mynakit ledger --format json` lists
    /// the sources).
    #[arg(long, value_name = "SOURCE")]
    source: Option<String>,
    /// Only the items of this evidence type: `judged`, `declared`, `review`, `out-of-scope`.
    #[arg(long, value_name = "TYPE")]
    evidence: Option<String>,
    /// Only the items this check judges (`VIS-no-pin`).
    #[arg(long, value_name = "CHECK")]
    check: Option<String>,
    /// `text` (for people) or `json` (every field, the sources and the coverage, for tools).
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
}

#[derive(Subcommand)]
enum LedgerCommand {
    /// Show one item: its source and sentence, evidence, checks and scenarios.
    Show {
        /// The item's id (`SEED002-003`).
        id: String,
        /// `text` or `json`.
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
    },
    /// Compare a held source with a new text of it (a re-issued notice): every item whose
    /// sentence moved, was reworded or was removed, and the checks and scenarios resting on it. Exit status 0:
    /// nothing drifted; 1: some item drifted; 2: an error (no such held source, no file).
    Drift {
        /// The held source (`SEED002`).
        #[arg(long, value_name = "SOURCE")]
        source: String,
        /// The new text, UTF-8.
        #[arg(long, value_name = "FILE")]
        text: PathBuf,
        /// `text` or `json`.
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
    },
}

/// Runs `mynakit ledger …`; `Ok(false)` when drift found an item that moved, was reworded or
/// was removed.
pub(crate) fn ledger_command(args: LedgerArgs, lang: Lang) -> anyhow::Result<bool> {
    match args.command {
        Some(LedgerCommand::Show { ref id, format }) => show(id, format, lang),
        Some(LedgerCommand::Drift {
            ref source,
            ref text,
            format,
        }) => drift(source, text, format, lang),
        None => list(&args, lang),
    }
}

/// The items the filters keep.
fn list(args: &LedgerArgs, lang: Lang) -> anyhow::Result<bool> {
    let evidence = match &args.evidence {
        Some(word) => Some(Evidence::parse(word).ok_or_else(|| {
            anyhow::anyhow!(
                "{}",
                match lang {
                    Lang::En => format!(
                        "--evidence {word:?}: one of judged, declared, review, out-of-scope"
                    ),
                    Lang::Ja => format!(
                        "--evidence {word:?}: judged, declared, review, out-of-scope のいずれか"
                    ),
                }
            )
        })?),
        None => None,
    };
    if let Some(source) = &args.source {
        if ledger::source(source).is_none() {
            anyhow::bail!("{}", unknown("source", source, lang));
        }
    }
    if let Some(check) = &args.check {
        if mynakit_conformance::find(check).is_none() {
            anyhow::bail!("{}", unknown("check", check, lang));
        }
    }
    let chosen: Vec<&Item> = ledger::items()
        .iter()
        .filter(|i| !args.uncovered || i.evidence != Evidence::Judged)
        .filter(|i| args.source.as_ref().is_none_or(|s| &i.source == s))
        .filter(|i| evidence.is_none_or(|e| i.evidence == e))
        .filter(|i| args.check.as_ref().is_none_or(|c| i.checks.contains(c)))
        .collect();
    let mut out = std::io::stdout().lock();
    match args.format {
        OutputFormat::Json => {
            let coverage: serde_json::Map<String, serde_json::Value> = ledger::coverage()
                .into_iter()
                .map(|(e, n)| (e.as_str().to_owned(), n.into()))
                .collect();
            let sources: Vec<serde_json::Value> =
                ledger::sources().iter().map(source_json).collect();
            let items: Vec<serde_json::Value> = chosen.iter().map(|i| item_json(i)).collect();
            writeln!(
                out,
                "{:#}",
                serde_json::json!({ "items": items, "coverage": coverage, "sources": sources })
            )?;
        }
        OutputFormat::Text => {
            for item in &chosen {
                writeln!(
                    out,
                    "{:<28} {:<12} {}",
                    item.id,
                    evidence_word(item.evidence, lang),
                    summary(item)
                )?;
            }
            let counts: Vec<String> = ledger::coverage()
                .into_iter()
                .map(|(e, n)| format!("{n} {}", evidence_word(e, lang)))
                .collect();
            match lang {
                Lang::En => writeln!(
                    out,
                    "{} of {} items; the ledger: {}",
                    chosen.len(),
                    ledger::items().len(),
                    counts.join(", ")
                )?,
                Lang::Ja => writeln!(
                    out,
                    "{} / {} 項目。台帳全体: {}",
                    chosen.len(),
                    ledger::items().len(),
                    counts.join("、")
                )?,
            }
        }
    }
    out.flush()?;
    Ok(true)
}

/// One item in full.
fn show(id: &str, format: OutputFormat, lang: Lang) -> anyhow::Result<bool> {
    let Some(item) = ledger::item(id) else {
        anyhow::bail!("{}", unknown("item", id, lang));
    };
    let mut out = std::io::stdout().lock();
    match format {
        OutputFormat::Json => writeln!(out, "{:#}", item_json(item))?,
        OutputFormat::Text => {
            let source = ledger::source(&item.source);
            let labels: [&str; 9] = match lang {
                Lang::En => [
                    "source",
                    "pinned",
                    "locator",
                    "sentence",
                    "evidence",
                    "checks",
                    "scenarios",
                    "rules",
                    "note",
                ],
                Lang::Ja => [
                    "出典",
                    "固定",
                    "箇所",
                    "文",
                    "証拠",
                    "チェック",
                    "シナリオ",
                    "日付の規則",
                    "注記",
                ],
            };
            let pinned = source
                .and_then(|s| s.sha256.clone())
                .unwrap_or_else(|| "not held".to_owned());
            let title = source.map(|s| format!("{} {} ({}, {})", s.id, s.title, s.issuer, s.date));
            let fields = [
                title.unwrap_or_else(|| item.source.clone()),
                pinned,
                item.locator.clone(),
                item.quote.clone(),
                evidence_word(item.evidence, lang).to_owned(),
                item.checks.join(", "),
                item.scenarios().join(", "),
                item.rules.join("; "),
                item.note.clone(),
            ];
            writeln!(out, "{}", item.id)?;
            for (label, value) in labels.iter().zip(fields) {
                if !value.is_empty() {
                    writeln!(out, "  {label}: {value}")?;
                }
            }
        }
    }
    out.flush()?;
    Ok(true)
}

/// The items a new text of a held source moves or loses.
fn drift(
    source: &str,
    file: &std::path::Path,
    format: OutputFormat,
    lang: Lang,
) -> anyhow::Result<bool> {
    // Bounded as every file a user names is read (`mynakit_fixtures::input`): a device, a FIFO
    // nobody writes, a huge or sparse file is refused with why, never read whole or waited on.
    let text = mynakit_fixtures::read_utf8(file)?;
    let d = ledger::drift(source, &text).map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut out = std::io::stdout().lock();
    match format {
        OutputFormat::Json => {
            let drifted: Vec<serde_json::Value> = d
                .drifted
                .iter()
                .map(|x| {
                    // `kind` keeps the two words of the first `drift` (a reworded sentence is
                    // one that vanished); `change` tells reworded from removed.
                    let (kind, change, from, to, now) = match &x.kind {
                        DriftKind::Vanished => ("vanished", "removed", None, None, None),
                        DriftKind::Reworded {
                            from_line,
                            to_line,
                            now,
                        } => (
                            "vanished",
                            "reworded",
                            Some(*from_line),
                            Some(*to_line),
                            Some(now.as_str()),
                        ),
                        DriftKind::Moved { from_line, to_line } => {
                            ("moved", "moved", Some(*from_line), Some(*to_line), None)
                        }
                    };
                    serde_json::json!({
                        "item": x.item.id, "kind": kind, "change": change, "from_line": from,
                        "to_line": to, "now": now, "quote": x.item.quote, "checks": x.checks,
                        "scenarios": x.scenarios,
                    })
                })
                .collect();
            writeln!(
                out,
                "{:#}",
                serde_json::json!({
                    "source": d.source, "pinned_sha256": d.pinned_sha256,
                    "new_sha256": d.new_sha256, "quoted_items": d.quoted, "drifted": drifted,
                })
            )?;
        }
        OutputFormat::Text => {
            for x in &d.drifted {
                let what = match (x.kind.clone(), lang) {
                    (DriftKind::Vanished | DriftKind::Reworded { .. }, Lang::En) => {
                        "vanished".to_owned()
                    }
                    (DriftKind::Vanished | DriftKind::Reworded { .. }, Lang::Ja) => {
                        "消えた".to_owned()
                    }
                    (DriftKind::Moved { from_line, to_line }, Lang::En) => {
                        format!("moved from line {from_line} to line {to_line}")
                    }
                    (DriftKind::Moved { from_line, to_line }, Lang::Ja) => {
                        format!("{from_line} 行目から {to_line} 行目へ移動")
                    }
                };
                let (checks, scenarios) = match lang {
                    Lang::En => ("checks", "scenarios"),
                    Lang::Ja => ("チェック", "シナリオ"),
                };
                writeln!(out, "{} {what}: {}", x.item.id, x.item.quote)?;
                match (&x.kind, lang) {
                    // `now` is the new text's sentence: shown with its control characters
                    // escaped (`untrusted::terminal`), as every line from a user's file is.
                    (DriftKind::Reworded { to_line, now, .. }, Lang::En) => {
                        let now = shown(now);
                        writeln!(out, "  reworded, now at line {to_line}: {now}")?;
                    }
                    (DriftKind::Reworded { to_line, now, .. }, Lang::Ja) => {
                        let now = shown(now);
                        writeln!(out, "  言い換え（{to_line} 行目）: {now}")?;
                    }
                    (DriftKind::Vanished, Lang::En) => {
                        writeln!(out, "  removed: nothing like it where it stood")?;
                    }
                    (DriftKind::Vanished, Lang::Ja) => {
                        writeln!(out, "  削除: 元の位置に似た文がない")?;
                    }
                    (DriftKind::Moved { .. }, _) => {}
                }
                if !x.checks.is_empty() {
                    writeln!(out, "  {checks}: {}", x.checks.join(", "))?;
                }
                if !x.scenarios.is_empty() {
                    writeln!(out, "  {scenarios}: {}", x.scenarios.join(", "))?;
                }
            }
            let same = d.pinned_sha256 == d.new_sha256;
            match lang {
                Lang::En => writeln!(
                    out,
                    "{}: {} of {} quoted items drifted{}",
                    shown(&d.source),
                    d.drifted.len(),
                    d.quoted,
                    if same {
                        " (the same text as pinned)"
                    } else {
                        ""
                    }
                )?,
                Lang::Ja => writeln!(
                    out,
                    "{}: 引用のある {} 項目のうち {} 項目が変化{}",
                    shown(&d.source),
                    d.quoted,
                    d.drifted.len(),
                    if same {
                        "（固定した本文と同一）"
                    } else {
                        ""
                    }
                )?,
            }
        }
    }
    out.flush()?;
    Ok(d.drifted.is_empty())
}

/// An item as JSON: every field, its source's pin and the scenarios of its checks.
fn item_json(item: &Item) -> serde_json::Value {
    let pin = ledger::source(&item.source)
        .and_then(|s| s.sha256.clone())
        .unwrap_or_else(|| "not held".to_owned());
    serde_json::json!({
        "id": item.id,
        "source": item.source,
        "source_sha256": pin,
        "locator": item.locator,
        "quote": item.quote,
        "evidence": item.evidence.as_str(),
        "checks": item.checks,
        "scenarios": item.scenarios(),
        "rules": item.rules,
        "note": item.note,
    })
}

/// A source as JSON.
fn source_json(source: &ledger::Source) -> serde_json::Value {
    serde_json::json!({
        "id": source.id,
        "title": source.title,
        "issuer": source.issuer,
        "date": source.date,
        "held": source.held(),
        "sha256": source.sha256.clone().unwrap_or_else(|| "not held".to_owned()),
    })
}

/// The evidence type in the chosen language.
fn evidence_word(evidence: Evidence, lang: Lang) -> &'static str {
    match lang {
        Lang::En => evidence.as_str(),
        Lang::Ja => evidence.as_ja(),
    }
}

/// One line's worth of an item: its checks, or its sentence.
fn summary(item: &Item) -> String {
    let text = if item.checks.is_empty() {
        item.quote.as_str()
    } else {
        return item.checks.join(", ");
    };
    let short: String = text.chars().take(48).collect();
    if short.len() < text.len() {
        format!("{short}…")
    } else {
        short
    }
}

/// The error for an id the ledger or the catalogue does not hold.
fn unknown(what: &str, id: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("no {what} {id:?} in the ledger; `mynakit ledger` lists them"),
        Lang::Ja => format!("台帳に {id:?} ({what}) はない。`mynakit ledger` で一覧を表示する"),
    }
}
