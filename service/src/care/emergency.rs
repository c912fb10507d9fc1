//! 救急時医療情報閲覧 (`docs/emergency.md`): a hospital that holds the role views, after a card
//! read, a patient's 薬剤・診療・特定健診 information without consent — only when the patient
//! cannot give it. What the rule is, who may ask, what is shown and what is recorded.
//!
//! Public: 厚生労働省医政局「令和6年12月スタート 救急時医療情報閲覧」 and the 医療機関等向け総合
//! ポータルサイト's notice 「救急時医療情報閲覧機能の運用開始とご案内」 (2024-12-05: the function runs
//! from 2024-12-09; 「患者の生命、身体の保護のために必要な場合、マイナ保険証による本人確認を行う
//! ことによって、患者の同意取得が困難な場合でも、レセプト情報に基づく医療情報等」 may be viewed; at
//! the start only by identity confirmation with the card, by 4情報 or 被保険者番号等 later). Who
//! holds the role (救急告示病院 mainly; 診療所 and 薬局 not) and how an institution gets it are
//! not stated in a form a program can read: the list of institutions is mynakit's model, data
//! (`care.emergency_hospitals`), as is the first day (`care.emergency_viewing_from`).

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// The first moment of 救急時医療情報閲覧 by default: 00:00 JST of the start's first day, as
/// `mynakit_protocol::Began::EmergencyViewing` dates it (the portal's notice of 2024-12-05:
/// 2024-12-09), the one place that says when it began.
pub fn default_from() -> OffsetDateTime {
    let day = mynakit_protocol::Began::EmergencyViewing.first_day();
    time::Date::parse(
        day,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    // Never the epoch: every start's first day is a day (its tests read each one).
    .map_or(OffsetDateTime::UNIX_EPOCH, |d| {
        d.midnight().assume_offset(time::macros::offset!(+9))
    })
}

/// What a 救急時医療情報閲覧 view may show: 薬剤・診療・特定健診 information and nothing else
/// (no 特定疾病, no 限度額).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EmergencyScope {
    /// 薬剤情報 (`DrugInformation`).
    Drug,
    /// 診療情報 (`DiagnosisInformation`).
    Diagnosis,
    /// 特定健診等情報 (`SpecificHealthCheckupsInformation`).
    Checkup,
}

impl EmergencyScope {
    /// Every item, in the order they are shown.
    pub const ALL: [EmergencyScope; 3] = [
        EmergencyScope::Drug,
        EmergencyScope::Diagnosis,
        EmergencyScope::Checkup,
    ];

    /// As written in requests (`drug`).
    pub fn as_str(self) -> &'static str {
        match self {
            EmergencyScope::Drug => "drug",
            EmergencyScope::Diagnosis => "diagnosis",
            EmergencyScope::Checkup => "checkup",
        }
    }

    /// The item named `name`.
    ///
    /// # Errors
    ///
    /// [`OutsideScope`] naming it.
    pub fn parse(name: &str) -> Result<EmergencyScope, OutsideScope> {
        EmergencyScope::ALL
            .into_iter()
            .find(|s| s.as_str() == name)
            .ok_or_else(|| OutsideScope {
                item: name.chars().take(40).collect(),
            })
    }

    /// The field a client shows this item under.
    pub fn field(self) -> &'static str {
        match self {
            EmergencyScope::Drug => "DrugInformation",
            EmergencyScope::Diagnosis => "DiagnosisInformation",
            EmergencyScope::Checkup => "SpecificHealthCheckupsInformation",
        }
    }

    /// This item, given the person's 薬剤 and 特定健診 lines (診療情報 is synthetic: the mock
    /// keeps no 診療 line per person).
    pub fn value(self, drug: &str, checkup: &str) -> String {
        match self {
            EmergencyScope::Drug => drug.to_owned(),
            EmergencyScope::Diagnosis => "2026-10 内科 外来 高血圧症（試験データ）".to_owned(),
            EmergencyScope::Checkup => checkup.to_owned(),
        }
    }
}

/// A request's item outside 薬剤・診療・特定健診 information (empty: none was named).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutsideScope {
    /// The item asked for, at most 40 characters.
    pub item: String,
}

/// Why an institution may not use 救急時医療情報閲覧 now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unavailable {
    /// Before the first day.
    NotStarted,
    /// The institution does not hold the role.
    NoRole,
}

impl Unavailable {
    /// As answered (`not-started`, `no-role`).
    pub fn as_str(self) -> &'static str {
        match self {
            Unavailable::NotStarted => "not-started",
            Unavailable::NoRole => "no-role",
        }
    }
}

/// One entry of the journal the service keeps of every 救急時医療情報閲覧 view: who viewed whose
/// information, when, and what. **mynakit's model**: that each such view is recorded is how a
/// view without consent stays answerable; the real record's form is not public.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EmergencyEntry {
    /// Its id (`emergency-…`).
    pub id: String,
    /// When (scenario clock).
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// The institution that viewed.
    pub medical_institution_code: String,
    /// The person viewed (a persona id; never sent back to the client).
    #[serde(skip)]
    pub person: String,
    /// What was shown.
    pub scope: Vec<EmergencyScope>,
}

/// Whether `facility` may use 救急時医療情報閲覧 at `now`, given the first day `from` and the
/// institutions holding the role.
///
/// # Errors
///
/// Why not.
pub fn available(
    facility: &str,
    now: OffsetDateTime,
    from: OffsetDateTime,
    hospitals: &[String],
) -> Result<(), Unavailable> {
    if now < from {
        return Err(Unavailable::NotStarted);
    }
    if !hospitals.iter().any(|h| h == facility) {
        return Err(Unavailable::NoRole);
    }
    Ok(())
}

/// The items a request names, each once, in order.
///
/// # Errors
///
/// [`OutsideScope`] for the first name outside 薬剤・診療・特定健診, or for an empty list
/// (naming nothing).
pub fn scope_of(names: &[String]) -> Result<Vec<EmergencyScope>, OutsideScope> {
    if names.is_empty() {
        return Err(OutsideScope {
            item: String::new(),
        });
    }
    let mut scope = names
        .iter()
        .map(|n| EmergencyScope::parse(n))
        .collect::<Result<Vec<_>, _>>()?;
    scope.sort_unstable();
    scope.dedup();
    Ok(scope)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn the_view_is_available_from_its_first_day_to_the_hospitals_with_the_role() {
        let hospitals = vec!["1319999999".to_owned()];
        let day_before = datetime!(2024-12-08 23:59 +09:00);
        assert_eq!(
            available("1319999999", day_before, default_from(), &hospitals),
            Err(Unavailable::NotStarted)
        );
        assert_eq!(
            available("1319999999", default_from(), default_from(), &hospitals),
            Ok(())
        );
        assert_eq!(
            available("1319999998", default_from(), default_from(), &hospitals),
            Err(Unavailable::NoRole)
        );
    }

    #[test]
    fn only_drug_diagnosis_and_checkup_information_is_in_scope() {
        let names = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            scope_of(&names(&["checkup", "drug", "drug"])).unwrap(),
            vec![EmergencyScope::Drug, EmergencyScope::Checkup]
        );
        assert!(matches!(
            scope_of(&names(&["drug", "specific-diseases"])),
            Err(OutsideScope { item }) if item == "specific-diseases"
        ));
        assert!(scope_of(&[]).is_err());
    }
}
