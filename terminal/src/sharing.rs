//! The patient's consent to share 薬剤 / 特定健診 (and 診療 / 手術) information, which the
//! 薬剤情報 (`YZKsiquc01`) and 特定健診情報 (`TKKsiquc01`) answers depend on
//! (`docs/terminal.md`, "Consent to share information").
//!
//! Public sources show the consent where the patient gives it, at the 顔認証付きカードリーダー:
//! the face result's consent group (`PharmacistsInfoConsFlg`, `SpecificHealthCheckupsInfoConsFlg`,
//! … with `…ConsTime` and an `…AvailableTime`, OQS code list OQSCD016: 0 なし, 1 あり, 2 同意有効期限切れ),
//! and that a patient can take every consent back (マイナ在宅受付Web 「すべての同意を取消す」).
//! So the terminal keeps, per person, the consents its face reader took (each confirmation says
//! given or refused) and those the terminal data states (`sharing_consents`: given, refused,
//! withdrawn, at a time); the latest one up to now decides. A given consent is in force for
//! [`AVAILABLE_HOURS`] (the face result's `…AvailableTime`), until withdrawn.
//!
//! For a person it holds **no** consent record of (a レセコン that keyed in an insurance card,
//! with no face reader involved) the rule is the 厚生労働省保険局's, in 「オンライン資格確認
//! （マイナンバーカードの保険証利用）の概要」 p.3: 「通常時は、薬剤情報・特定健診等情報を閲覧するには、
//! 本人がマイナンバーカードによる本人確認をした上で同意した場合に限られます」, so
//! `unrecorded_sharing_consent` defaults to `refuse`. `answer` (mynakit's default until 2026-11-27) gives the information out regardless:
//! a terminal set against that rule, whose answer names no consent flag. The 災害時 exception
//! (viewing without the card) is the `disaster` flow's (`docs/disaster.md`), not the folder
//! exchange's.

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

/// The day [`UnrecordedSharing::Refuse`] became the default (`docs/suites.md`): a vendor's own
/// scenario judged by an earlier suite keeps `answer`, the default it was written against.
pub const REFUSED_BY_DEFAULT_SINCE: &str = "2026-11-27";

/// How long a consent given at the face reader is in force: the face result's
/// `…AvailableTime` is its `…ConsTime` plus this (`docs/terminal.md`, "Face push").
pub const AVAILABLE_HOURS: i64 = 24;

/// A consent stated in the terminal data (`sharing_consents`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SharingConsentSpec {
    /// The person (a persona id, or a data person's id).
    pub person: String,
    /// When the patient answered (RFC 3339).
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "schema", schemars(with = "String", extend("format" = "date-time")))]
    pub at: OffsetDateTime,
    /// Whether the patient consented (`false`: refused).
    pub given: bool,
    /// When the patient withdrew the consent, if they did (RFC 3339).
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>", extend("format" = "date-time")))]
    pub withdrawn_at: Option<OffsetDateTime>,
}

/// What the terminal does for a person it holds no consent record of.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum UnrecordedSharing {
    /// Give the information out: a terminal set against that rule (mynakit's default until
    /// 2026-11-27).
    Answer,
    /// Refuse it, as for a refused consent: 通常時, no viewing without the card and the
    /// patient's consent.
    #[default]
    Refuse,
}

/// Where a person's consent stands at a moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SharingState {
    /// Given and in force.
    Given,
    /// The patient said no.
    Refused,
    /// Given, then withdrawn.
    Withdrawn,
    /// Given more than [`AVAILABLE_HOURS`] ago (OQSCD016 `2` 同意有効期限切れ).
    Expired,
    /// Nothing recorded.
    Unrecorded,
}

impl SharingState {
    /// Whether the information may be given out, `unrecorded` deciding for no record.
    pub fn allows(self, unrecorded: UnrecordedSharing) -> bool {
        match self {
            SharingState::Given => true,
            SharingState::Unrecorded => unrecorded == UnrecordedSharing::Answer,
            SharingState::Refused | SharingState::Withdrawn | SharingState::Expired => false,
        }
    }

    /// The words of a refusal's `MessageContents`.
    pub fn refusal(self) -> &'static str {
        match self {
            SharingState::Withdrawn => {
                "情報提供の同意が取り消されています (mock: the patient withdrew the consent to share information)"
            }
            SharingState::Expired => {
                "情報提供の同意の有効期限が切れています (mock: the consent to share information has expired)"
            }
            _ => "情報提供の同意がありません (mock: the patient did not consent to share information)",
        }
    }
}

/// The consents a terminal holds.
#[derive(Clone, Debug, Default)]
pub(crate) struct SharingConsents {
    records: Vec<SharingConsentSpec>,
}

impl SharingConsents {
    /// The consents the data states.
    pub(crate) fn new(stated: &[SharingConsentSpec]) -> SharingConsents {
        SharingConsents {
            records: stated.to_vec(),
        }
    }

    /// The face reader's answer of `person` at `at`.
    pub(crate) fn record(&mut self, person: &str, at: OffsetDateTime, given: bool) {
        self.records.push(SharingConsentSpec {
            person: person.to_owned(),
            at,
            given,
            withdrawn_at: None,
        });
    }

    /// Where `person`'s consent stands at `now`: the latest answer up to `now` decides.
    pub(crate) fn state(&self, person: &str, now: OffsetDateTime) -> SharingState {
        let latest = self
            .records
            .iter()
            .filter(|r| r.person == person && r.at <= now)
            .max_by_key(|r| r.at);
        match latest {
            None => SharingState::Unrecorded,
            Some(r) if !r.given => SharingState::Refused,
            Some(r) if r.withdrawn_at.is_some_and(|w| w <= now) => SharingState::Withdrawn,
            Some(r) if now >= r.at + Duration::hours(AVAILABLE_HOURS) => SharingState::Expired,
            Some(_) => SharingState::Given,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn the_latest_answer_decides_within_its_day() {
        let nine = datetime!(2026-11-01 09:00 +09:00);
        let mut c = SharingConsents::new(&[SharingConsentSpec {
            person: "employee".into(),
            at: nine,
            given: true,
            withdrawn_at: Some(nine + Duration::hours(2)),
        }]);
        assert_eq!(c.state("employee", nine), SharingState::Given);
        assert_eq!(
            c.state("employee", nine - Duration::minutes(1)),
            SharingState::Unrecorded
        );
        assert_eq!(
            c.state("employee", nine + Duration::hours(2)),
            SharingState::Withdrawn
        );
        c.record("employee", nine + Duration::hours(3), true);
        assert_eq!(
            c.state("employee", nine + Duration::hours(4)),
            SharingState::Given
        );
        assert_eq!(
            c.state("employee", nine + Duration::hours(27)),
            SharingState::Expired
        );
        c.record("employee", nine + Duration::hours(5), false);
        assert_eq!(
            c.state("employee", nine + Duration::hours(6)),
            SharingState::Refused
        );
        assert_eq!(c.state("dependent", nine), SharingState::Unrecorded);
        assert!(SharingState::Unrecorded.allows(UnrecordedSharing::Answer));
        assert!(!SharingState::Unrecorded.allows(UnrecordedSharing::Refuse));
        assert!(!SharingState::Withdrawn.allows(UnrecordedSharing::Answer));
    }
}
