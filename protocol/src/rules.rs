//! Rule sets by date: which government rules a run judges by (`docs/rules.md`).
//!
//! The rules an eligibility client must follow change by notice (事務連絡). A rule set is named
//! by the date it took effect; a date names the rule set in force on that day, so
//! `2025-06-01` means the set of `2025-05-21`. The newest set is the default; earlier ones stay
//! selectable for apps certified before them (a scenario's `rules:`, `mynakit run --rules`,
//! `mynakit service --rules`, a client's declared capabilities).
//!
//! Each behaviour that differs between sets is one method here, so the service, the checks and
//! the harness ask the same question and never compare dates themselves.

use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;

mod began;
mod calendar;
mod claim;
mod day;
mod horizon;
mod later_elderly;
mod papers;
mod price_table;
mod starts;
mod station;
mod station_price;

pub use began::Began;
pub use calendar::{
    calendar, calendar_table, Applied, Boundary, NotApplied, RuleChange, NOT_APPLIED,
};
pub use claim::{
    claim_table, AdditionLine, CardUse, ClaimAddition, ClaimFact, ClaimedAddition, Due, Exclusion,
    FacilityInputs, FacilityTier, FeeSchedule, Frequency, NoAddition, Tier, VisitFacts, VisitKind,
};
pub use day::Day;
pub use horizon::{horizon_span, newest_rule_date, rules_horizon, BeyondRules, HORIZON_YEARS};
pub use later_elderly::{
    age_on, is_later_elderly_insurer, later_elderly_papers, LATER_ELDERLY_CERTIFICATE_AGE,
    LATER_ELDERLY_CONFIRMED, LATER_ELDERLY_PROVISIONAL_FIRST, LATER_ELDERLY_PROVISIONAL_LAST,
    LATER_ELDERLY_SOURCE, LATER_ELDERLY_SPLIT,
};
pub use papers::{papers_table, PaperOn, PaperValidity, PAPERS};
pub use price_table::{
    GivenRow, PriceTable, PriceTableError, PriceTableFault, TableRow, NO_PRICE_TABLE,
};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
pub use starts::{Starts, StartsError};
pub use station::StationAddition;
pub use station_price::{PriceSource, Priced, StationPrice, StationRevision};

/// A rule set, named by the date it took effect.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleSet {
    /// `2021-03-04`: オンライン資格確認 as it first answered a card, in the プレ運用 that began on
    /// that day at the institutions that joined it, in the environment of the full operation
    /// (本格運用, from 2021-10-20, under the same rules). The 限度額 data
    /// (`LimitApplicationCertificateRelatedInfo`) is released only with the patient's consent at
    /// the counter (OQS code list OQSCD001, `LimitApplicationCertificateRelatedConsFlg`). Named
    /// `2021-04-01` before the day was re-read (`docs/rules.md`, "The rule sets"): that date
    /// still names it, as any day names the set in force on it.
    Oqs2021,
    /// `2025-05-21`: 厚生労働省 事務連絡 2025-05-21 「顔認証付きカードリーダーの故障時等における
    /// マイナ資格確認アプリの利用開始について」: the マイナ資格確認アプリ omits the 限度額 consent,
    /// as the face-recognition card reader's screens do (「高額療養費の限度額情報の提供に係る
    /// 同意を省略する仕様」). Treating this as the rule for every card-reading app is mynakit's
    /// interpretation (`docs/rules.md`).
    #[default]
    App2025,
}

impl RuleSet {
    /// Every rule set, oldest first.
    pub const ALL: [RuleSet; 2] = [RuleSet::Oqs2021, RuleSet::App2025];

    /// The newest rule set: the default.
    pub const NEWEST: RuleSet = RuleSet::App2025;

    /// Its name in every output (`report.json`'s `rules`, JUnit, the HTML report, `hello`'s
    /// capabilities, the service's settings, the text of notes): the date a release named it by.
    /// The first set keeps `2021-04-01`, the name releases wrote, though its first day was re-read
    /// as 2021-03-04 ([`RuleSet::date`]): a tool that matched the name still matches it
    /// (`docs/reports.md`, "The JSON report": a new value where a tool may match every value is an
    /// incompatible change). Either date, as any day it is in force, still names it on input.
    pub fn name(self) -> &'static str {
        match self {
            RuleSet::Oqs2021 => "2021-04-01",
            RuleSet::App2025 => self.date(),
        }
    }

    /// The date it took effect, `YYYY-MM-DD`: its first day (`docs/rules.md`, "The rule sets").
    /// The same as its name ([`RuleSet::name`]) except for the first set.
    pub fn date(self) -> &'static str {
        match self {
            RuleSet::Oqs2021 => "2021-03-04",
            RuleSet::App2025 => "2025-05-21",
        }
    }

    /// The public document that made it.
    pub fn source(self) -> &'static str {
        match self {
            RuleSet::Oqs2021 => {
                "社会保障審議会医療保険部会 2021-03-04, as reported that day (MediFax via \
                 med.sawai.co.jp topics 1200: 「厚生労働省は4日…「オンライン資格確認」のプレ運用を\
                 開始した」, 19 施設 on the first day, 「基本的に本格運用と同じ環境下で行われる」); the \
                 部会 of 2021-03-26 kept the プレ運用 and put the 本格運用 off to October (社会保険\
                 出版社 media.shaho.co.jp n5f26b8dcd786); the consent: 「本人が同意すれば、限度額適用\
                 認定証の提示が原則不要」 (上尾市, 奈良市, 松山市 pages on the 本格運用) and OQS code \
                 list OQSCD001 (`LimitApplicationCertificateRelatedConsFlg` 0 未同意 / 1 同意)"
            }
            RuleSet::App2025 => {
                "厚生労働省保険局医療介護連携政策課 事務連絡 2025-05-21「顔認証付きカードリーダーの\
                 故障時等におけるマイナ資格確認アプリの利用開始について（周知）」, read in a copy \
                 as distributed to 日本医師会・日本歯科医師会・日本薬剤師会 (no public page holding \
                 it was found); that it binds every app, not only the マイナ資格確認アプリ, is \
                 mynakit's interpretation (docs/rules.md, \"Our interpretation\")"
            }
        }
    }

    /// Whether its day and its change were read in the primary source itself. `2021-03-04`:
    /// no, a default: the day of the プレ運用 was read in news accounts of the 部会 and the
    /// consent in insurers' pages and public client code, not in a 厚生労働省 document (the
    /// leaflet once cited for it, 「オンライン資格確認（資格確認限定型）の導入が始まります」, is of
    /// 令和5年11月 and about 施術所, and says nothing of the 限度額). `2025-05-21`: yes, the
    /// notice itself was read (`docs/rules.md`, "Where the notice of 2025-05-21 was read").
    pub fn confirmed(self) -> bool {
        match self {
            RuleSet::Oqs2021 => false,
            RuleSet::App2025 => true,
        }
    }

    /// The behaviours it changes against the set before it, one line each.
    pub fn changes(self) -> &'static [&'static str] {
        match self {
            RuleSet::Oqs2021 => &[
                "the 限度額 data is released only with the patient's consent: the client asks \
                 (consent topic limit-application) and sends limit_application_consent: true",
            ],
            RuleSet::App2025 => &[
                "the 限度額 consent is omitted: the service releases 限度額 data unless the client \
                 sends limit_application_consent: false, and a client may show it without asking",
            ],
        }
    }

    /// Whether the 限度額 consent is asked at the counter. `false`: the consent is omitted and
    /// the data released without it (`2025-05-21`).
    pub fn limit_consent_asked(self) -> bool {
        match self {
            RuleSet::Oqs2021 => true,
            RuleSet::App2025 => false,
        }
    }

    /// Whether an expired スマホ用電子証明書 still confirms eligibility in the three-month grace a
    /// card's certificate gets. `false` under every set: phones were accepted from 2025-09-19,
    /// and when the card's certificate expires the phone's stops too, with no grace (支払基金
    /// portal KB0012286; `docs/rules.md`). A later notice that grants one adds a set here.
    pub fn phone_certificate_grace(self) -> bool {
        match self {
            RuleSet::Oqs2021 | RuleSet::App2025 => false,
        }
    }

    /// The rule set in force on `date` (`YYYY-MM-DD`): the newest that took effect on or before
    /// it.
    ///
    /// # Errors
    ///
    /// [`RulesError`] if `date` is not a `YYYY-MM-DD` date or comes before the first set.
    pub fn in_force_on(date: &str) -> Result<RuleSet, RulesError> {
        check_date(date)?;
        // `YYYY-MM-DD` strings order as their dates.
        RuleSet::ALL
            .into_iter()
            .rev()
            .find(|r| r.date() <= date)
            .ok_or_else(|| RulesError::TooEarly(date.to_owned()))
    }
}

/// `Ok` when `date` is a day of the calendar written `YYYY-MM-DD` ([`Day::parse`], the one
/// reader of such dates).
pub(crate) fn check_date(date: &str) -> Result<(), RulesError> {
    Day::parse(date).map(|_| ())
}

/// Its name ([`RuleSet::name`]).
impl fmt::Display for RuleSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A rule-set date that cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RulesError {
    /// Not `YYYY-MM-DD`.
    #[error("`{0}` is not a day: rule sets are named YYYY-MM-DD (known: {known})", known = known())]
    NotADate(String),
    /// Before the first rule set.
    #[error("no rule set was in force on {0}: the first is {first} (known: {known})", first = RuleSet::Oqs2021.date(), known = known())]
    TooEarly(String),
}

fn known() -> String {
    RuleSet::ALL.map(RuleSet::date).join(", ")
}

impl FromStr for RuleSet {
    type Err = RulesError;
    fn from_str(s: &str) -> Result<RuleSet, RulesError> {
        // Not trimmed: `--rules " 2025-05-21"` is refused as `--as-of` refuses it (day.rs).
        RuleSet::in_force_on(s)
    }
}

impl Serialize for RuleSet {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for RuleSet {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<RuleSet, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for RuleSet {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "RuleSet".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            "examples": RuleSet::ALL.map(RuleSet::name),
            "description": "A rule set by date (docs/rules.md): the set in force on that day. Known sets, by the names mynakit writes: 2021-04-01 (限度額 only with consent; in force from 2021-03-04, which names it too), 2025-05-21 (限度額 consent omitted; the default)."
        })
    }
}

/// Asserts that docs/rules.md holds `table` as `generator` (a `mynakit_protocol` function)
/// generates it, so the page and the code cannot differ.
#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) fn assert_rules_md_holds(table: &str, generator: &str) {
    let doc =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/rules.md")).unwrap();
    assert!(
        doc.contains(table),
        "docs/rules.md is out of date; paste `mynakit_protocol::{generator}()`:\n{table}"
    );
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn a_date_names_the_set_in_force() {
        assert_eq!(RuleSet::default(), RuleSet::NEWEST);
        assert_eq!("2025-05-21".parse::<RuleSet>(), Ok(RuleSet::App2025));
        assert_eq!("2026-11-01".parse::<RuleSet>(), Ok(RuleSet::App2025));
        assert_eq!("2025-05-20".parse::<RuleSet>(), Ok(RuleSet::Oqs2021));
        // The set's name before its day was re-read still names it.
        assert_eq!("2021-04-01".parse::<RuleSet>(), Ok(RuleSet::Oqs2021));
        assert_eq!("2021-03-04".parse::<RuleSet>(), Ok(RuleSet::Oqs2021));
        assert_eq!(
            "2021-03-03".parse::<RuleSet>(),
            Err(RulesError::TooEarly("2021-03-03".into()))
        );
        assert_eq!(
            "2020-01-01".parse::<RuleSet>(),
            Err(RulesError::TooEarly("2020-01-01".into()))
        );
        for bad in [
            "2025-5-21",
            "latest",
            "2025-13-01",
            "2025-05-32",
            "",
            "2026-02-29",
            "2026-02-31",
            "2026-04-31",
            " 2025-05-21",
            "2025-05-21 ",
        ] {
            assert!(
                matches!(bad.parse::<RuleSet>(), Err(RulesError::NotADate(_))),
                "{bad}"
            );
        }
        assert!(RuleSet::Oqs2021.limit_consent_asked());
        assert!(!RuleSet::App2025.limit_consent_asked());
    }

    #[test]
    fn serialised_as_its_name() {
        // The name releases wrote, kept though the set's first day was re-read.
        assert_eq!(
            serde_json::to_string(&RuleSet::Oqs2021).unwrap(),
            r#""2021-04-01""#
        );
        assert_eq!(RuleSet::Oqs2021.to_string(), "2021-04-01");
        assert_eq!(RuleSet::Oqs2021.date(), "2021-03-04");
        assert_eq!(RuleSet::App2025.name(), RuleSet::App2025.date());
        let back: RuleSet = serde_json::from_str(r#""2021-03-04""#).unwrap();
        assert_eq!(back, RuleSet::Oqs2021);
        let back: RuleSet = serde_json::from_str(r#""2025-06-01""#).unwrap();
        assert_eq!(back, RuleSet::App2025);
        let err = serde_json::from_str::<RuleSet>(r#""yesterday""#).unwrap_err();
        assert!(err.to_string().contains("not a day"), "{err}");
    }
}
