//! The reference レセコン's own record of the 加算 it claimed, per patient: what tells it, at a
//! later visit, that the visit is a 再診 and that a tier was already taken within its frequency
//! (`docs/reference-client.md`, "Earlier visits"; `given.earlier_visits` runs those visits).
//!
//! A real レセコン keeps this in its patient database. This one keeps the least it needs in
//! `$HOME/.mynakit-reference/claims.tsv`, one line per tier claimed: the patient as a SHA-256
//! digest of their name, birth day and sex (never the values: the client's folders hold no
//! patient value, `DATA-nothing-kept`), the visit's day and the tier's name. Without `HOME`
//! it remembers nothing, and every visit is a 初診 not yet claimed, as before. The folder is
//! made only where no symbolic link stands at its name.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use mynakit_oqs::ElementName;
use mynakit_protocol::{ClaimedAddition, Tier};
use sha2::{Digest as _, Sha256};

/// The folder under `HOME`, and the file in it.
const FOLDER: &str = ".mynakit-reference";
const FILE: &str = "claims.tsv";

/// The tiers claimed so far.
#[derive(Debug, Default)]
pub(crate) struct ClaimHistory {
    folder: Option<PathBuf>,
    taken: Vec<Taken>,
}

/// One tier claimed for one patient on one day.
#[derive(Debug)]
struct Taken {
    patient: String,
    day: String,
    tier: String,
}

impl ClaimHistory {
    /// The history kept under `home`; empty without one or without a file yet. A line that is
    /// not three tab-separated fields is skipped: it was not written by this client.
    pub(crate) fn open(home: Option<&Path>) -> ClaimHistory {
        let folder = home.map(|h| h.join(FOLDER));
        let text = folder
            .as_ref()
            .and_then(|f| std::fs::read_to_string(f.join(FILE)).ok())
            .unwrap_or_default();
        let taken = text
            .lines()
            .filter_map(|line| {
                let mut parts = line.split('\t');
                let (patient, day, tier) = (parts.next()?, parts.next()?, parts.next()?);
                Some(Taken {
                    patient: patient.to_owned(),
                    day: day.to_owned(),
                    tier: tier.to_owned(),
                })
            })
            .collect();
        ClaimHistory { folder, taken }
    }

    /// Whether the patient was seen before: the visit is then a 再診.
    pub(crate) fn seen(&self, patient: &str) -> bool {
        self.taken.iter().any(|t| t.patient == patient)
    }

    /// The day `tier` was taken for the patient within its frequency of a visit on `day`
    /// (`YYYY-MM-DD`), if it was (`mynakit_protocol::Frequency::covers` decides).
    pub(crate) fn taken_within(&self, patient: &str, tier: &Tier, day: &str) -> Option<&str> {
        self.taken
            .iter()
            .filter(|t| t.patient == patient && t.tier == tier.name)
            .find(|t| tier.frequency.covers(&t.day, day).unwrap_or(false))
            .map(|t| t.day.as_str())
    }

    /// Records the visit: every tier in `claimed`, or, when none is, the visit itself (so that
    /// the next one is a 再診). Rewritten whole, never through a link.
    pub(crate) fn add(
        &mut self,
        patient: &str,
        day: &str,
        claimed: &[ClaimedAddition],
    ) -> std::io::Result<()> {
        let Some(folder) = &self.folder else {
            return Ok(());
        };
        let names: Vec<&str> = if claimed.is_empty() {
            vec![""]
        } else {
            claimed.iter().map(|c| c.name.as_str()).collect()
        };
        for name in names {
            self.taken.push(Taken {
                patient: patient.to_owned(),
                day: day.to_owned(),
                tier: name.to_owned(),
            });
        }
        let text: String = self
            .taken
            .iter()
            .map(|t| format!("{}\t{}\t{}\n", t.patient, t.day, t.tier))
            .collect();
        crate::write_whole::folder_not_through_a_link(folder)?;
        crate::write_whole::write_then_rename(folder, FILE, text.as_bytes())
    }
}

/// The patient of a shown answer, as the history keys them: a digest of 氏名, 生年月日 and
/// 性別. Not the insurance numbers: a 加算 taken 月1回 is the patient's, and a patient whose
/// insurance changed within the month is the same patient (a レセコン knows them by its own
/// 患者ID, which the reference client, without a patient master, stands in for so;
/// `docs/uke.md`, "Several visits in a month").
pub(crate) fn patient_key(fields: &BTreeMap<String, String>) -> String {
    let mut hash = Sha256::new();
    for element in [ElementName::Name, ElementName::Birthdate, ElementName::Sex1] {
        let value = fields.get(element.as_str()).map_or("", |v| v.trim());
        hash.update(value.as_bytes());
        hash.update([0]);
    }
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claimed(name: &str) -> ClaimedAddition {
        ClaimedAddition {
            name: name.to_owned(),
            points: 2,
            code: None,
        }
    }

    /// What one visit records, the next finds, under the same `HOME`, and no patient value is
    /// in the file.
    #[test]
    fn a_later_visit_finds_the_tier_taken_this_month() {
        let home = tempfile::tempdir().unwrap();
        let fields: BTreeMap<String, String> = [
            ("InsurerNumber", "06139992"),
            ("InsuredIdentificationNumber", "2345"),
            ("Birthdate", "19850412"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let patient = patient_key(&fields);
        let tier = mynakit_protocol::ClaimAddition::ElectronicRecordLinkage
            .tiers()
            .iter()
            .find(|t| t.visit == Some(mynakit_protocol::VisitKind::Return))
            .unwrap();
        let mut history = ClaimHistory::open(Some(home.path()));
        assert!(!history.seen(&patient));
        history
            .add(&patient, "2026-11-05", &[claimed(tier.name)])
            .unwrap();
        let later = ClaimHistory::open(Some(home.path()));
        assert!(later.seen(&patient));
        assert_eq!(
            later.taken_within(&patient, tier, "2026-11-19"),
            Some("2026-11-05")
        );
        assert_eq!(later.taken_within(&patient, tier, "2026-12-01"), None);
        let text = std::fs::read_to_string(home.path().join(FOLDER).join(FILE)).unwrap();
        assert!(
            !text.contains("2345") && !text.contains("19850412"),
            "{text}"
        );
    }
}
