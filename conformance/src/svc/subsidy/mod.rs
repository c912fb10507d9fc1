//! 医療費助成 through PMH at a card app (`docs/subsidies.md`, "The card app"): what the day's
//! answer carried, what the patient answered to the `consent` ask on `medical-subsidy`, and
//! which entries the client showed. One check a file: `asked` (the ask comes before any entry is
//! shown), `declined` (a declined entry is not shown), `shown` (each entry valid on the day is
//! shown whole after a yes), `valid` (no entry outside its 有効期間 or not in the answer).

mod asked;
mod declined;
mod shown;
mod valid;

#[cfg(test)]
mod tests;

pub(crate) use asked::SubsidyAsked;
pub(crate) use declined::SubsidyDeclined;
pub(crate) use shown::SubsidyShown;
pub(crate) use valid::SubsidyValid;

use std::collections::BTreeMap;

use mynakit_oqs::ElementName;
use mynakit_protocol::{ClientMessage, ConsentTopic, HarnessMessage};

use crate::check::Evidence;
use crate::run::{answers, Exchange, Run, Step};

/// One 医療費助成 entry the answer carried: its elements by name.
#[derive(Clone, Debug)]
struct Entry(BTreeMap<String, String>);

impl Entry {
    /// The value of `name`, trimmed; `None` when absent or empty.
    fn get(&self, name: ElementName) -> Option<&str> {
        self.0
            .get(name.as_str())
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// The 公費負担者番号, which names the entry in what the checks say (a number of the 制度
    /// and 自治体, not of the patient).
    fn payer(&self) -> &str {
        self.get(ElementName::MedicalSubsidyPayerNumber)
            .unwrap_or("")
    }

    /// Whether its 有効期間 holds `day` (`yyyyMMdd`; both days included, no end date: no end).
    fn valid_on(&self, day: &str) -> bool {
        self.get(ElementName::MedicalSubsidyValidStartDate)
            .is_none_or(|start| start <= day)
            && self
                .get(ElementName::MedicalSubsidyValidEndDate)
                .is_none_or(|end| day <= end)
    }

    /// `start–end` as the answer gives them.
    fn period(&self) -> String {
        format!(
            "{}–{}",
            self.get(ElementName::MedicalSubsidyValidStartDate)
                .unwrap_or(""),
            self.get(ElementName::MedicalSubsidyValidEndDate)
                .unwrap_or("")
        )
    }
}

/// The card check whose answer the result stands on, with its entries and its day.
struct Answered<'r, 'a> {
    exchange: &'r Exchange<'a>,
    entries: Vec<Entry>,
    /// The answer's `QualificationConfirmationDate`, else the scenario's day, as `yyyyMMdd`.
    day: Option<String>,
}

/// The last `POST /v1/confirmations` before the result that answered a person (`SegmentOfResult`
/// and `ProcessingResultStatus` 1).
fn answered<'r, 'a>(e: &Evidence<'_>, run: &'r Run<'a>) -> Option<Answered<'r, 'a>> {
    let (exchange, oqs) = run.last_confirmation()?;
    if !oqs.succeeded() {
        return None;
    }
    let day = oqs
        .get(ElementName::QualificationConfirmationDate)
        .map(|d| d.trim().to_owned())
        .filter(|d| d.len() == 8)
        .or_else(|| e.day.map(|d| d.replace('-', "")));
    Some(Answered {
        exchange,
        entries: oqs.subsidy_entries().into_iter().map(Entry).collect(),
        day,
    })
}

/// One entry the client showed: its fields `MedicalSubsidy<Element>[.n]` of one `n`, by element
/// name, and the step of the first line that showed any of them.
#[derive(Clone, Debug)]
struct ShownEntry {
    step: usize,
    fields: BTreeMap<String, String>,
}

impl ShownEntry {
    fn get(&self, name: ElementName) -> Option<&str> {
        self.fields.get(name.as_str()).map(|v| v.trim())
    }
}

/// The entry elements a field name shows and the entry it belongs to: `MedicalSubsidyPayerNumber.2`
/// is the 公費負担者番号 of the second entry shown; a name without `.n` is an entry of its own
/// (`""`). `None` for any other field (the consent flag `MedicalSubsidyConsFlg` included).
fn entry_field(key: &str) -> Option<(ElementName, &str)> {
    let (name, n) = key.split_once('.').unwrap_or((key, ""));
    ElementName::SUBSIDY_DATA
        .into_iter()
        .find(|e| e.as_str() == name)
        .map(|e| (e, n))
}

/// Every entry the client showed, in its `display` lines and its result, each by its `n`.
fn entries_shown(e: &Evidence<'_>, run: &Run<'_>) -> Vec<ShownEntry> {
    let mut by_n: BTreeMap<String, ShownEntry> = BTreeMap::new();
    let mut add = |step: usize, fields: &BTreeMap<String, String>| {
        for (key, value) in fields {
            if let Some((name, n)) = entry_field(key) {
                let entry = by_n.entry(n.to_owned()).or_insert_with(|| ShownEntry {
                    step,
                    fields: BTreeMap::new(),
                });
                entry.step = entry.step.min(step);
                entry.fields.insert(name.as_str().to_owned(), value.clone());
            }
        }
    };
    for (i, _, message) in run.client_lines() {
        if let ClientMessage::Display { fields, .. } = message {
            add(i, fields);
        }
    }
    add(run.result_at, &e.result.fields);
    by_n.into_values().collect()
}

/// The entries of the final screen (the result's fields), each by its `n`.
fn on_result(e: &Evidence<'_>) -> Vec<ShownEntry> {
    let mut by_n: BTreeMap<String, ShownEntry> = BTreeMap::new();
    for (key, value) in &e.result.fields {
        if let Some((name, n)) = entry_field(key) {
            by_n.entry(n.to_owned())
                .or_insert_with(|| ShownEntry {
                    step: usize::MAX,
                    fields: BTreeMap::new(),
                })
                .fields
                .insert(name.as_str().to_owned(), value.clone());
        }
    }
    by_n.into_values().collect()
}

/// The `consent` asks on `medical-subsidy` and the operator's answers to them: the first ask's
/// step, and each answer's step, time and whether it was yes (a `cancel` is no), in order. An
/// app may ask more than once (before the check, and again after a lost answer:
/// docs/subsidies.md, "After a network loss"); the latest answer is the one in force.
struct Asked {
    step: usize,
    answers: Vec<(usize, u64, bool)>,
}

impl Asked {
    /// The answer in force at the result: the latest.
    fn last(&self) -> Option<(usize, u64, bool)> {
        self.answers.last().copied()
    }
}

fn subsidy_ask(run: &Run<'_>) -> Option<Asked> {
    let step = run.steps.iter().position(|s| {
        matches!(
            s,
            Step::Client {
                message: ClientMessage::Consent {
                    topic: ConsentTopic::MedicalSubsidy,
                    ..
                },
                ..
            }
        )
    })?;
    let answers = answers(run)
        .into_iter()
        .filter(|(i, _, ask, _)| {
            *i < run.result_at
                && matches!(
                    ask,
                    Some(ClientMessage::Consent {
                        topic: ConsentTopic::MedicalSubsidy,
                        ..
                    })
                )
        })
        .map(|(i, t, _, reply)| {
            (
                i,
                t,
                matches!(reply, HarnessMessage::Consent { granted: true, .. }),
            )
        })
        .collect();
    Some(Asked { step, answers })
}

/// `yyyyMMdd` as `YYYY-MM-DD`, as the findings write a day; anything else as it is.
fn iso(day: &str) -> String {
    if day.len() == 8 && day.bytes().all(|b| b.is_ascii_digit()) {
        format!("{}-{}-{}", &day[..4], &day[4..6], &day[6..])
    } else {
        day.to_owned()
    }
}
