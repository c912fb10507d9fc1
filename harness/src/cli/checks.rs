//! `mynakit checks [ID]`: the conformance checks as the binary judges them
//! (`mynakit_conformance::CHECKS`), each with its severity, the roles and modes it judges, its
//! rule, rationale and sources, and how it is proven (the bundled scenario and the reference
//! client's defect that fails it there: `mynakit_conformance::matrix`). The same facts as the
//! catalogue and the detection matrix of docs/conformance.md, from the code they are generated
//! from, so the list can never disagree with what a run judges.

use std::io::Write;

use mynakit_conformance::ledger;
use mynakit_conformance::matrix::{self, Proof};
use mynakit_conformance::{Check, CHECKS, FAMILIES};
use mynakit_harness::report::Lang;

use super::OutputFormat;

/// Lists every check, the checks of one family (`PIN`, `XML`, …), or explains one check.
pub(crate) fn checks_command(
    id: Option<&str>,
    format: OutputFormat,
    lang: Lang,
) -> anyhow::Result<bool> {
    let chosen: Vec<&'static dyn Check> = match id {
        None => CHECKS.to_vec(),
        Some(id) => match find(id) {
            Some(check) => {
                let mut out = std::io::stdout().lock();
                match format {
                    OutputFormat::Text => explain(&mut out, check, lang)?,
                    OutputFormat::Json => writeln!(out, "{:#}", json(check))?,
                }
                out.flush()?;
                return Ok(true);
            }
            None => {
                let family: Vec<&'static dyn Check> = CHECKS
                    .iter()
                    .copied()
                    .filter(|c| family_of(*c).eq_ignore_ascii_case(id))
                    .collect();
                if family.is_empty() {
                    anyhow::bail!("{}", unknown(id, lang));
                }
                family
            }
        },
    };
    let mut out = std::io::stdout().lock();
    match format {
        OutputFormat::Text => list(&mut out, &chosen, lang)?,
        OutputFormat::Json => {
            let checks: Vec<serde_json::Value> = chosen.iter().map(|c| json(*c)).collect();
            writeln!(out, "{:#}", serde_json::json!({ "checks": checks }))?;
        }
    }
    out.flush()?;
    Ok(true)
}

/// The check of this id, in any case (`pin-one-verify` is `PIN-one-verify`).
fn find(id: &str) -> Option<&'static dyn Check> {
    CHECKS
        .iter()
        .copied()
        .find(|c| c.id().eq_ignore_ascii_case(id))
}

/// The family of a check: its id's prefix (`PIN`).
fn family_of(check: &dyn Check) -> &'static str {
    check.id().split('-').next().unwrap_or_default()
}

/// A family's heading: docs/conformance.md's in English.
fn heading(family: &str, lang: Lang) -> &'static str {
    if let Lang::Ja = lang {
        let ja = match family {
            "PIN" => "暗証番号",
            "APDU" => "APDU・カード",
            "DATA" => "患者のデータ",
            "SVC" => "資格確認サービス",
            "XML" => "資格確認端末のフォルダ連携",
            "VIS" => "目視確認",
            "UKE" => "レセプト (RECEIPTC.UKE)",
            _ => "",
        };
        if !ja.is_empty() {
            return ja;
        }
    }
    FAMILIES
        .iter()
        .find(|(f, _)| *f == family)
        .map(|(_, heading)| *heading)
        .unwrap_or_default()
}

fn roles(check: &dyn Check) -> String {
    let roles: Vec<&str> = check.roles().iter().map(|r| r.as_str()).collect();
    roles.join(", ")
}

fn modes(check: &dyn Check, lang: Lang) -> String {
    match check.modes() {
        Some(modes) => {
            let modes: Vec<&str> = modes.iter().map(|m| m.as_str()).collect();
            modes.join(", ")
        }
        None => match lang {
            Lang::En => "every mode".to_owned(),
            Lang::Ja => "すべてのモード".to_owned(),
        },
    }
}

/// The rule as the chosen language has it: the Japanese gist where written, else English.
fn rule(check: &dyn Check, lang: Lang) -> String {
    lang.rule_of(check.id())
        .unwrap_or_else(|| check.rule().to_owned())
}

/// Two lines per check, grouped by family.
fn list(out: &mut impl Write, checks: &[&'static dyn Check], lang: Lang) -> anyhow::Result<()> {
    let width = checks.iter().map(|c| c.id().len()).max().unwrap_or(0);
    let mut family = "";
    for check in checks {
        if family_of(*check) != family {
            if !family.is_empty() {
                writeln!(out)?;
            }
            family = family_of(*check);
            writeln!(out, "{}", heading(family, lang))?;
        }
        writeln!(
            out,
            "  {:<width$}  {:<7}  {}: {}  {}: {}",
            check.id(),
            check.severity(),
            label("roles", lang),
            roles(*check),
            label("modes", lang),
            modes(*check, lang),
        )?;
        writeln!(out, "      {}", rule(*check, lang))?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        match lang {
            Lang::En => format!(
                "{} checks. `mynakit checks ID` explains one: its rationale, its sources and the \
                 defect that proves it; `--format json` gives every field of every check.",
                checks.len()
            ),
            Lang::Ja => format!(
                "{} 件のチェック。`mynakit checks ID` で1件の根拠・出典・検出を証明する欠陥を表示する。\
                 `--format json` はすべての項目を出力する。",
                checks.len()
            ),
        }
    )?;
    Ok(())
}

/// A field's label in the chosen language.
fn label(field: &str, lang: Lang) -> &str {
    match (lang, field) {
        (Lang::En, _) => field,
        (Lang::Ja, "roles") => "役割",
        (Lang::Ja, "modes") => "モード",
        (Lang::Ja, "severity") => "重大度",
        (Lang::Ja, "rule") => "規則",
        (Lang::Ja, "rationale") => "根拠",
        (Lang::Ja, "sources") => "出典",
        (Lang::Ja, "proven by") => "検出の証明",
        (Lang::Ja, _) => field,
    }
}

/// Everything about one check.
fn explain(out: &mut impl Write, check: &dyn Check, lang: Lang) -> anyhow::Result<()> {
    writeln!(out, "{}  ({})", check.id(), heading(family_of(check), lang))?;
    // Labels padded to one column as a terminal shows them (a CJK character is two cells wide);
    // an empty label continues the field above.
    let field = |out: &mut dyn Write, name: &str, value: &str| {
        let name = if name.is_empty() {
            String::new()
        } else {
            format!("{}:", label(name, lang))
        };
        let cells: usize = name.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
        let pad = " ".repeat(12usize.saturating_sub(cells));
        writeln!(out, "  {name}{pad}{value}")
    };
    field(out, "severity", check.severity().as_str())?;
    field(out, "roles", &roles(check))?;
    field(out, "modes", &modes(check, lang))?;
    match lang.rule_of(check.id()) {
        Some(ja) => {
            field(out, "rule", &ja)?;
            field(out, "", check.rule())?;
        }
        None => field(out, "rule", check.rule())?,
    }
    field(out, "rationale", check.rationale())?;
    field(out, "sources", lang.sources_of(check))?;
    for (i, row) in matrix::rows(check.id()).enumerate() {
        let name = if i == 0 { "proven by" } else { "" };
        let text = match (row.proof, lang) {
            (Proof::Caught { scenario, defect }, Lang::En) => format!(
                "the reference client passes scenario {scenario}; with its defect {defect} it is \
                 {} there (mynakit run --filter {scenario} --defect {defect})",
                check.severity()
            ),
            (Proof::Caught { scenario, defect }, Lang::Ja) => format!(
                "参照クライアントはシナリオ {scenario} に合格し、欠陥 {defect} を入れると同じシナリオで \
                 {} になる (mynakit run --filter {scenario} --defect {defect})",
                check.severity()
            ),
            (Proof::CaughtOverShare { scenario, defect }, Lang::En) => format!(
                "the same over the SMB share: scenario {scenario}, defect {defect} (mynakit run \
                 --filter {scenario} --defect {defect} --terminal-share smb)"
            ),
            (Proof::CaughtOverShare { scenario, defect }, Lang::Ja) => format!(
                "SMB共有越しに同様: シナリオ {scenario}、欠陥 {defect} (mynakit run \
                 --filter {scenario} --defect {defect} --terminal-share smb)"
            ),
            (Proof::ByDesign(why), Lang::En) => format!("never fails by design: {why}"),
            (Proof::ByDesign(why), Lang::Ja) => format!("設計上、不合格にならない: {why}"),
        };
        field(out, name, &text)?;
    }
    writeln!(
        out,
        "{}",
        match lang {
            Lang::En => "A source docs/NAME.md is a page of this binary: mynakit docs NAME.",
            Lang::Ja => "出典の docs/NAME.md は mynakit docs NAME で表示できる。",
        }
    )?;
    Ok(())
}

/// One check as JSON: every field of the catalogue, the Japanese rule and the proofs.
fn json(check: &dyn Check) -> serde_json::Value {
    let proofs: Vec<serde_json::Value> = matrix::rows(check.id())
        .map(|row| match row.proof {
            Proof::Caught { scenario, defect } => {
                serde_json::json!({ "scenario": scenario, "defect": defect })
            }
            Proof::CaughtOverShare { scenario, defect } => serde_json::json!({
                "scenario": scenario, "defect": defect, "terminal_share": "smb"
            }),
            Proof::ByDesign(why) => serde_json::json!({ "by_design": why }),
        })
        .collect();
    serde_json::json!({
        "id": check.id(),
        "family": check.id().split('-').next().unwrap_or_default(),
        "severity": check.severity().as_str(),
        "roles": check.roles().iter().map(|r| r.as_str()).collect::<Vec<_>>(),
        "modes": check.modes().map(|m| m.iter().map(|m| m.as_str()).collect::<Vec<_>>()),
        "rule": check.rule(),
        "rule_ja": Lang::Ja.rule_of(check.id()),
        "rationale": check.rationale(),
        "sources": check.reference(),
        "sources_ja": Lang::Ja.sources_of(check),
        "proofs": proofs,
        "ledger": ledger::items_for_check(check.id())
            .iter()
            .map(|i| i.id.as_str())
            .collect::<Vec<_>>(),
    })
}

/// The error for an id that is no check nor family, with the ids near it.
fn unknown(id: &str, lang: Lang) -> String {
    let ids: Vec<&str> = CHECKS.iter().map(|c| c.id()).collect();
    let text = match lang {
        Lang::En => format!(
            "no check {id:?}; `mynakit checks` lists the {} checks",
            CHECKS.len()
        ),
        Lang::Ja => format!(
            "チェック {id:?} はない。`mynakit checks` で {} 件の一覧を表示する",
            CHECKS.len()
        ),
    };
    super::near::with_near(text, &super::near::near(id, &ids), lang)
}
