//! Which claims of a claim file a run keeps (`docs/uke.md`, "A month's file in a run"): a
//! hospital's month is tens of thousands of claims, of which a run confirmed a handful of
//! patients. The `claim-file` event keeps the claims of the run's patients, the claims that
//! share an insurer or an insured number with them, and the file's first claim; the others are
//! counted, not kept, so a month's file is judged in flat memory and report.json stays small.
//!
//! The run's patients are read from its content events: each answer (and request) names an
//! `InsurerNumber` (kept as written) and an `InsuredIdentificationNumber` (kept as its
//! [`redacted_value`](crate::redacted_value)), the same values the `UKE-` checks compare a
//! claim with.

use std::collections::BTreeSet;

use mynakit_oqs::ElementName;

use super::{ClaimSummary, Redacted};
use crate::{ContentFields, Event, EventKind};

/// At most this many claims of other patients are kept for sharing an insurer or a number with
/// the run's: enough for a check to name the claim a client put a visit on by mistake (the
/// wrong 番号 under the right insurer), without keeping a whole insurer's month.
pub(crate) const MAX_NEIGHBOURS: u64 = 100;

/// At most this many entries (a claim, each of its billed codes, SN and KO records) are kept in
/// all: a bound on the event whatever the file holds (about 100 bytes of report.json an entry,
/// so a couple of MB at most).
pub(crate) const MAX_ENTRIES: u64 = 20_000;

/// The insurers and insured numbers of a run's patients.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClaimInterest {
    /// `InsurerNumber` values, without their padding spaces (a 国保 number is written right
    /// aligned in eight columns).
    insurers: BTreeSet<String>,
    /// `InsuredIdentificationNumber` values, redacted.
    numbers: BTreeSet<String>,
}

/// How a claim relates to the run's patients.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Relation {
    /// It names one of the run's insurers with that patient's number: a claim of the run.
    Patient,
    /// It names one of the run's insurers, or one of its numbers, but not the pair.
    Neighbour,
    /// Another patient's claim to another insurer.
    Unrelated,
}

impl ClaimInterest {
    /// The insurers and numbers the content events among `events` name, in their fields and
    /// in each of their units (a consent import's users: a station claims them, `docs/uke.md`
    /// "The station's claim in a run").
    pub fn of_events<'e>(events: impl IntoIterator<Item = &'e Event>) -> ClaimInterest {
        let mut interest = ClaimInterest::default();
        for event in events {
            let EventKind::Content { fields, units, .. } = &event.kind else {
                continue;
            };
            for fields in std::iter::once(fields).chain(units) {
                interest.add(fields);
            }
        }
        interest
    }

    /// The insurer and number `fields` name.
    fn add(&mut self, fields: &ContentFields) {
        if let Some(insurer) = fields.get(ElementName::InsurerNumber).map(str::trim) {
            if !insurer.is_empty() {
                self.insurers.insert(insurer.to_owned());
            }
        }
        if let Some(number) = fields
            .get(ElementName::InsuredIdentificationNumber)
            .map(str::trim)
        {
            if !number.is_empty() {
                self.numbers.insert(number.to_owned());
            }
        }
    }

    /// How `claim` relates to the run's patients: by its HO (保険者番号, 番号) or a KO
    /// (公費負担者番号, 受給者番号: 医療扶助 answers name the 公費 as their insurer).
    pub(crate) fn relation(&self, claim: &ClaimSummary) -> Relation {
        let insurer = |written: &str| self.insurers.contains(written.trim());
        let number = |redacted: &Redacted| redacted.iter().any(|d| self.numbers.contains(d));
        let mut pairs = claim
            .insurer
            .iter()
            .map(|ho| (insurer(&ho.insurer), number(&ho.number)))
            .chain(
                claim
                    .public_expenses
                    .iter()
                    .map(|ko| (insurer(&ko.payer), number(&ko.recipient))),
            );
        let mut near = false;
        for (insurer, number) in &mut pairs {
            if insurer && number {
                return Relation::Patient;
            }
            near |= insurer || number;
        }
        if near {
            Relation::Neighbour
        } else {
            Relation::Unrelated
        }
    }
}

/// How many entries keeping `claim` costs against [`MAX_ENTRIES`].
pub(crate) fn entries(claim: &ClaimSummary) -> u64 {
    let count = 1
        + claim.procedures.len()
        + claim.points.len()
        + claim.confirmations.len()
        + claim.public_expenses.len();
    u64::try_from(count).unwrap_or(u64::MAX)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::{redacted_value, ClaimedInsurer, ClaimedPublicExpense, ContentFields, Source};

    /// A content event of an answer naming `insurer` and the insured `number`.
    pub(crate) fn answer(insurer: &str, number: &str) -> Event {
        let mut fields = ContentFields::new();
        fields.insert(ElementName::InsurerNumber, insurer.to_owned());
        fields.insert(
            ElementName::InsuredIdentificationNumber,
            redacted_value(number),
        );
        Event {
            v: crate::SCHEMA_VERSION,
            t_us: 0,
            run: None,
            source: Source::Terminal,
            kind: EventKind::Content {
                path: "res/x.xml".into(),
                encoding: "UTF-8".into(),
                fields,
                substituted: Vec::new(),
                units: Vec::new(),
                subsidies: Vec::new(),
            },
        }
    }

    fn ho(insurer: &str, number: &str) -> ClaimSummary {
        ClaimSummary {
            insurer: Some(ClaimedInsurer {
                insurer: insurer.to_owned(),
                number: vec![redacted_value(number)],
                ..ClaimedInsurer::default()
            }),
            ..ClaimSummary::default()
        }
    }

    #[test]
    fn a_claim_is_the_patients_by_insurer_and_number_together() {
        let interest = ClaimInterest::of_events(&[answer("  139998", "345")]);
        assert_eq!(interest.relation(&ho("  139998", "345")), Relation::Patient);
        assert_eq!(
            interest.relation(&ho("  139998", "999")),
            Relation::Neighbour
        );
        assert_eq!(
            interest.relation(&ho("06139992", "345")),
            Relation::Neighbour
        );
        assert_eq!(
            interest.relation(&ho("06139992", "999")),
            Relation::Unrelated
        );
        let assistance = ClaimSummary {
            public_expenses: vec![ClaimedPublicExpense {
                payer: "12139998".into(),
                recipient: vec![redacted_value("7654321")],
                ..ClaimedPublicExpense::default()
            }],
            ..ClaimSummary::default()
        };
        let interest = ClaimInterest::of_events(&[answer("12139998", "7654321")]);
        assert_eq!(interest.relation(&assistance), Relation::Patient);
        assert_eq!(
            ClaimInterest::default().relation(&assistance),
            Relation::Unrelated
        );
    }
}
