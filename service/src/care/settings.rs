//! Care settings beyond the counter (`docs/care-settings.md`): the 災害時 designation of
//! institutions and periods, and the medical information (薬剤情報・特定健診等情報) viewed under
//! it. The data comes with the service data (`care`), is switched on the scenario clock, and
//! is rebuilt on reset.
//!
//! 厚生労働省保険局の説明資料「オンライン資格確認（マイナンバーカードの保険証利用）の概要」, slide
//! 「メリット：災害時における薬剤情報・特定健診等情報の閲覧」: in a disaster, 保険局 sets the
//! range of institutions and the period by the disaster's scale, and there 薬剤情報・特定健診等情報
//! can be viewed through the 資格確認端末 without identity confirmation by card — with the
//! patient's consent (「患者の同意は必要です」).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use mynakit_persona::Persona;

use super::emergency::{EmergencyEntry, EmergencyScope, OutsideScope, Unavailable};

impl From<Unavailable> for CareError {
    fn from(u: Unavailable) -> CareError {
        match u {
            Unavailable::NotStarted => CareError::EmergencyNotStarted,
            Unavailable::NoRole => CareError::NoEmergencyRole,
        }
    }
}

impl From<OutsideScope> for CareError {
    fn from(o: OutsideScope) -> CareError {
        CareError::OutsideScope { item: o.item }
    }
}

/// The care-setting data of the service (`care` in the service data).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CareData {
    /// 災害時 designations: institutions and a period each (scenario clock).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disaster_designations: Vec<Designation>,
    /// The medical information viewed for a person (person id → entries). A person without an
    /// entry gets a synthetic one ([`MedicalInformation::synthetic`]).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub medical_information: BTreeMap<String, MedicalInformation>,
    /// Consents registered before the scenario starts (居宅 first visits, オンライン診療 visits).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consents: Vec<CareConsent>,
    /// How many days a 居宅 consent lasts. The seed says drug information is shared 「診療が
    /// 行われている間」 (while treatment goes on), which the service cannot see: absent = until
    /// withdrawn (`docs/care-settings.md`, a switch).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub home_consent_days: Option<u32>,
    /// 救急時医療情報閲覧: the 医療機関コード (10 digits) of the hospitals that hold the role
    /// (`docs/emergency.md`; mynakit's model of who may ask: none by default).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub emergency_hospitals: Vec<String>,
    /// 救急時医療情報閲覧: its first moment (RFC 3339, scenario clock); absent = 2024-12-09
    /// 00:00 JST ([`super::emergency::default_from`]).
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>", extend("format" = "date-time")))]
    pub emergency_viewing_from: Option<OffsetDateTime>,
    /// 救急時医療情報閲覧 and マイナ救急: whether a view's `qualification` carries what a card
    /// check's would — the 特定疾病 and, as the rules release it, the 限度額 data — instead of
    /// the eligibility data alone (false, the default). What the real view's answer holds is
    /// not public (mynakit's model, `docs/emergency.md`); a client shows neither either way
    /// (`SVC-emergency-scope`), and a scenario that sets this sees that it leaves them out.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub emergency_full_qualification: bool,
}

/// What a consent is for (`docs/care-settings.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum ConsentKind {
    /// 居宅同意取得型: registered at the first visit, good for the later visits.
    HomeVisit,
    /// オンライン診療等: registered for one visit, 「医療機関等を利用する都度」.
    OnlineVisit,
}

/// A consent to the eligibility check (and, if given, to sharing 薬剤情報等) registered for
/// one institution.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CareConsent {
    /// Its id (`care-…`).
    pub id: String,
    /// What it is for.
    pub kind: ConsentKind,
    /// The person (a persona id).
    pub person: String,
    /// The institution named when it was registered.
    pub medical_institution_code: String,
    /// When (scenario clock).
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "schema", schemars(with = "String", extend("format" = "date-time")))]
    pub registered_at: OffsetDateTime,
    /// Whether the patient also consented to sharing 薬剤情報等.
    #[serde(default)]
    pub medical_information: bool,
    /// When the patient withdrew it (scenario clock), if they did.
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>", extend("format" = "date-time")))]
    pub withdrawn_at: Option<OffsetDateTime>,
    /// An オンライン診療 consent already used by its visit's check.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub used: bool,
}

/// One 災害時 designation: which institutions, from when, until when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Designation {
    /// 医療機関コード (10 digits) of the designated institutions. The seed says 保険局 sets the
    /// 範囲 (range) of institutions; how it is expressed (a list, a prefecture) is not public:
    /// a list of codes is mynakit's reading.
    pub institutions: Vec<String>,
    /// Start (RFC 3339, scenario clock).
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "schema", schemars(with = "String", extend("format" = "date-time")))]
    pub from: OffsetDateTime,
    /// End, exclusive (RFC 3339, scenario clock).
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "schema", schemars(with = "String", extend("format" = "date-time")))]
    pub to: OffsetDateTime,
}

impl Designation {
    /// Whether it covers `facility` at `now`.
    pub fn covers(&self, facility: &str, now: OffsetDateTime) -> bool {
        self.from <= now && now < self.to && self.institutions.iter().any(|i| i == facility)
    }
}

/// What a view of medical information shows (synthetic; the real 薬剤情報 / 特定健診情報 formats
/// are files of their own, `YZKsiquc01` / `TKKsiquc01`, not modelled).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MedicalInformation {
    /// 薬剤情報, one line.
    #[serde(rename = "DrugInformation")]
    pub drug_information: String,
    /// 特定健診等情報, one line.
    #[serde(rename = "SpecificHealthCheckupsInformation")]
    pub specific_health_checkups_information: String,
}

impl MedicalInformation {
    /// The synthetic entry of a person without one in the data.
    pub fn synthetic() -> MedicalInformation {
        MedicalInformation {
            drug_information: "テストロール錠5mg 1日1回 朝食後 28日分（試験薬局）".to_owned(),
            specific_health_checkups_information:
                "特定健診 受診あり 血圧128/82 HbA1c 5.6%（試験データ）".to_owned(),
        }
    }

    /// The field names a client shows this under (`docs/care-settings.md`).
    pub const FIELDS: [&'static str; 2] = ["DrugInformation", "SpecificHealthCheckupsInformation"];
}

/// How the 災害時 view finds a patient who has no card with them (`docs/disaster.md`,
/// "Lookup"). The seed says the view works 「マイナンバーカードを持っていない患者であっても」
/// but not how the patient is found: this is a switch, the setting `disaster_lookup`
/// (`--disaster-lookup`, `settings.disaster_lookup` in service data, `PUT /__admin/settings`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum DisasterLookup {
    /// By the insurance data the patient tells (保険者番号・記号・番号・枝番・生年月日), as a
    /// single check by 被保険者証 data: `insurance_card` in the request. The default.
    #[default]
    InsuranceCard,
    /// By 氏名 (漢字 or カナ) and 生年月日: `patient` in the request. Two persons of that name and
    /// birth date are refused (`several-patients`), never guessed between.
    NameBirthDate,
    /// Either, whichever the request gives.
    Any,
}

impl DisasterLookup {
    /// Its name in settings and answers.
    pub fn as_str(self) -> &'static str {
        match self {
            DisasterLookup::InsuranceCard => "insurance-card",
            DisasterLookup::NameBirthDate => "name-birth-date",
            DisasterLookup::Any => "any",
        }
    }

    /// Whether a lookup by insurance data is allowed.
    pub fn by_insurance_card(self) -> bool {
        self != DisasterLookup::NameBirthDate
    }

    /// Whether a lookup by name and birth date is allowed.
    pub fn by_name(self) -> bool {
        self != DisasterLookup::InsuranceCard
    }
}

/// A patient as they name themselves without a card (the 災害時 lookup `name-birth-date`):
/// `Name` (漢字) or `NameKana`, and `Birthdate` (`yyyyMMdd`): the OQS element names
/// (`mynakit_oqs::ElementName`), which the PascalCase field names spell.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct NameQuery {
    /// 氏名 (漢字), as on the qualification; spaces are ignored.
    #[serde(default)]
    pub name: String,
    /// 氏名 (カナ); spaces are ignored.
    #[serde(default)]
    pub name_kana: String,
    /// 生年月日, `yyyyMMdd`.
    pub birthdate: String,
}

/// Whether `persona` is the person `query` names: the birth date, and the name in 漢字 or カナ
/// (whichever is given; spaces, full- or half-width, ignored).
pub fn named(query: &NameQuery, persona: &Persona) -> bool {
    let plain = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
    let birth = mynakit_oqs::dates::ymd(persona.identity.birth_date);
    let name = plain(&query.name);
    let kana = plain(&query.name_kana);
    birth == query.birthdate.trim()
        && (!name.is_empty() || !kana.is_empty())
        && (name.is_empty() || plain(&persona.identity.name) == name)
        && (kana.is_empty() || plain(&persona.identity.name_kana) == kana)
}

/// The care-setting state of one service instance.
#[derive(Clone, Debug, Default)]
pub struct Care {
    data: CareData,
    consents: Vec<CareConsent>,
    /// Every 救急時医療情報閲覧 view answered (`docs/emergency.md`).
    emergency_journal: Vec<EmergencyEntry>,
}

/// Who a care check is about: a consent's id, or the person the insurance data names.
#[derive(Clone, Copy, Debug)]
pub enum Subject<'a> {
    /// `consent_id`.
    Consent(&'a str),
    /// A person id (found from the insurance data).
    Person(&'a str),
}

impl Care {
    /// The state of `data`, as at start or after a reset.
    pub fn new(data: CareData) -> Care {
        Care {
            consents: data.consents.clone(),
            data,
            emergency_journal: Vec::new(),
        }
    }

    /// Whether `facility` may use 救急時医療情報閲覧 at `now` (`docs/emergency.md`).
    ///
    /// # Errors
    ///
    /// Why not: before the first day, or without the role.
    pub fn emergency_available(
        &self,
        facility: &str,
        now: OffsetDateTime,
    ) -> Result<(), Unavailable> {
        super::emergency::available(
            facility,
            now,
            self.emergency_from(),
            &self.data.emergency_hospitals,
        )
    }

    /// Whether a view's qualification carries what a card check's would
    /// ([`CareData::emergency_full_qualification`]).
    pub fn emergency_full_qualification(&self) -> bool {
        self.data.emergency_full_qualification
    }

    /// The first moment of 救急時医療情報閲覧.
    pub fn emergency_from(&self) -> OffsetDateTime {
        self.data
            .emergency_viewing_from
            .unwrap_or_else(super::emergency::default_from)
    }

    /// Records a 救急時医療情報閲覧 view in the journal; returns its entry.
    pub fn record_emergency_view(
        &mut self,
        person: &str,
        facility: &str,
        now: OffsetDateTime,
        scope: Vec<EmergencyScope>,
    ) -> EmergencyEntry {
        let entry = EmergencyEntry {
            id: format!("emergency-{}", self.emergency_journal.len() + 1),
            at: now,
            medical_institution_code: facility.to_owned(),
            person: person.to_owned(),
            scope,
        };
        self.emergency_journal.push(entry.clone());
        entry
    }

    /// Every 救急時医療情報閲覧 view recorded since the start or the last reset.
    pub fn emergency_journal(&self) -> &[EmergencyEntry] {
        &self.emergency_journal
    }

    /// Every consent, registered before the scenario or since.
    pub fn consents(&self) -> &[CareConsent] {
        &self.consents
    }

    /// Registers a consent; returns it.
    pub fn register(
        &mut self,
        kind: ConsentKind,
        person: &str,
        facility: &str,
        now: OffsetDateTime,
        medical_information: bool,
    ) -> CareConsent {
        let consent = CareConsent {
            id: format!("care-{}", self.consents.len() + 1),
            kind,
            person: person.to_owned(),
            medical_institution_code: facility.to_owned(),
            registered_at: now,
            medical_information,
            withdrawn_at: None,
            used: false,
        };
        self.consents.push(consent.clone());
        consent
    }

    /// The consent a card-less check of `kind` at `facility` may rely on at `now`, marking an
    /// オンライン診療 consent used. The newest consent of the subject decides.
    ///
    /// # Errors
    ///
    /// [`CareError::NoConsent`], [`CareError::OutOfScope`] (only another institution's),
    /// [`CareError::Withdrawn`], [`CareError::Expired`], [`CareError::NotThisVisit`].
    pub fn check(
        &mut self,
        kind: ConsentKind,
        facility: &str,
        subject: Subject<'_>,
        now: OffsetDateTime,
    ) -> Result<CareConsent, CareError> {
        let days = self.data.home_consent_days;
        let of_subject = |c: &CareConsent| {
            c.kind == kind
                && c.registered_at <= now
                && match subject {
                    Subject::Consent(id) => c.id == id,
                    Subject::Person(p) => c.person == p,
                }
        };
        if !self.consents.iter().any(of_subject) {
            return Err(CareError::NoConsent);
        }
        let Some(consent) = self
            .consents
            .iter_mut()
            .filter(|c| of_subject(c) && c.medical_institution_code == facility)
            .max_by_key(|c| c.registered_at)
        else {
            return Err(CareError::OutOfScope);
        };
        if consent.withdrawn_at.is_some_and(|w| w <= now) {
            return Err(CareError::Withdrawn);
        }
        match kind {
            ConsentKind::HomeVisit => {
                if let Some(days) = days {
                    let end = consent
                        .registered_at
                        .saturating_add(time::Duration::days(i64::from(days)));
                    if end <= now {
                        return Err(CareError::Expired);
                    }
                }
            }
            ConsentKind::OnlineVisit => {
                let jst = mynakit_oqs::clock::JST;
                if consent.used
                    || consent.registered_at.to_offset(jst).date() != now.to_offset(jst).date()
                {
                    return Err(CareError::NotThisVisit);
                }
                consent.used = true;
            }
        }
        Ok(consent.clone())
    }

    /// Withdraws consent `id` for the institution `facility` at `now` (the patient's word:
    /// 「同意の取消」 as マイナ在宅受付Web offers it; `docs/kyotaku.md`, "Withdrawal"). Later
    /// checks within it are refused with [`CareError::Withdrawn`]. Withdrawing one already
    /// withdrawn answers it unchanged (a retried request after a lost answer is no error);
    /// a `withdrawn_at` still ahead on the clock (scenario data) is brought forward to `now`.
    ///
    /// # Errors
    ///
    /// [`CareError::NoConsent`] (no consent of that id registered by `now`),
    /// [`CareError::OutOfScope`] (it names another institution).
    pub fn withdraw(
        &mut self,
        id: &str,
        facility: &str,
        now: OffsetDateTime,
    ) -> Result<CareConsent, CareError> {
        let consent = self
            .consents
            .iter_mut()
            .find(|c| c.id == id && c.registered_at <= now)
            .ok_or(CareError::NoConsent)?;
        if consent.medical_institution_code != facility {
            return Err(CareError::OutOfScope);
        }
        if consent.withdrawn_at.is_none_or(|w| w > now) {
            consent.withdrawn_at = Some(now);
        }
        Ok(consent.clone())
    }

    /// The designation covering `facility` at `now`, if any.
    pub fn designation(&self, facility: &str, now: OffsetDateTime) -> Option<&Designation> {
        self.data
            .disaster_designations
            .iter()
            .find(|d| d.covers(facility, now))
    }

    /// The medical information of `person`.
    pub fn medical_information(&self, person: &str) -> MedicalInformation {
        self.data
            .medical_information
            .get(person)
            .cloned()
            .unwrap_or_else(MedicalInformation::synthetic)
    }
}

// An insurance card's data as told at the counter: the client protocol's `insurance-card`
// answer, sent on as it is (the same element names as the `OQSsiquc01` request).
use mynakit_protocol::InsuranceCardData as InsuranceCardQuery;

/// Whether `persona` is the person `card` names: insurer, symbol, number, branch (when given)
/// and birth date all agree.
pub fn names(card: &InsuranceCardQuery, persona: &Persona) -> bool {
    let Some(insurance) = &persona.insurance else {
        return false;
    };
    let birth = mynakit_oqs::dates::ymd(persona.identity.birth_date);
    insurance.insurer_number.trim() == card.insurer_number.trim()
        && insurance
            .insured_card_symbol
            .as_deref()
            .unwrap_or("")
            .trim()
            == card.insured_card_symbol.trim()
        && insurance.insured_identification_number.trim()
            == card.insured_identification_number.trim()
        && (card.insured_branch_number.trim().is_empty()
            || insurance
                .insured_branch_number
                .as_deref()
                .unwrap_or("")
                .trim()
                == card.insured_branch_number.trim())
        && birth == card.birthdate
}

/// Why a care-setting request is refused (problem+json, `docs/care-settings.md`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CareError {
    /// No 災害時 designation covers the institution now.
    #[error("the institution is not designated for 災害時 viewing at this time")]
    NotDesignated,
    /// The patient's consent was not given (`consent` is not `true`).
    #[error("consent: the patient's consent to view is required")]
    ConsentRequired,
    /// Nobody matches the data given.
    #[error("no person matches the insurance data given")]
    NoSuchPatient,
    /// A 資格確認限定型 (特定健診) check cannot open medical information.
    #[error("a 資格確認限定型 check carries eligibility data only")]
    EligibilityOnly,
    /// The person has no consent of this kind.
    #[error("no consent of this kind for this person")]
    NoConsent,
    /// The person's consents name other institutions only.
    #[error("the consent names another institution")]
    OutOfScope,
    /// The patient withdrew the consent.
    #[error("the patient withdrew the consent")]
    Withdrawn,
    /// The 居宅 consent is older than `home_consent_days`.
    #[error("the consent has expired")]
    Expired,
    /// An オンライン診療 consent of another day, or already used by its visit.
    #[error("the consent is not for this visit: オンライン診療 needs a consent at each visit")]
    NotThisVisit,
    /// Registering a consent needs the card and its PIN.
    #[error("mode: a consent is registered with the card and its PIN (mode pin)")]
    NeedsPin,
    /// The 災害時 lookup the request uses is not the one the setting `disaster_lookup` allows.
    #[error("{field}: this service looks patients up by {allowed} (setting disaster_lookup)")]
    LookupNotOffered {
        /// The request's field that is not allowed (`insurance_card`, `patient`).
        field: &'static str,
        /// The setting's value.
        allowed: &'static str,
    },
    /// Several persons match a name and birth date.
    #[error("several persons match the name and birth date; ask for the insurance data")]
    SeveralPatients,
    /// 救急時医療情報閲覧 before its first day (`docs/emergency.md`).
    #[error("救急時医療情報閲覧 has not started on this day")]
    EmergencyNotStarted,
    /// The institution does not hold the 救急時医療情報閲覧 role.
    #[error("medical_institution_code: the institution does not hold the 救急時医療情報閲覧 role")]
    NoEmergencyRole,
    /// A 救急時医療情報閲覧 request for a patient who can consent: the 通常時 rule applies.
    #[error(
        "patient_can_consent: a patient who can consent is viewed with their consent (通常時)"
    )]
    ConsentPossible,
    /// A 救急時医療情報閲覧 request for something outside 薬剤・診療・特定健診 information.
    #[error("scope: `{item}` is outside 救急時医療情報閲覧 (drug, diagnosis, checkup)")]
    OutsideScope {
        /// The item asked for (empty: none).
        item: String,
    },
}

#[cfg(test)]
mod tests {
    use super::NameQuery;
    use mynakit_oqs::ElementName;

    #[test]
    fn a_name_query_is_keyed_by_oqs_element_names() {
        let query = NameQuery {
            name: "試験 太郎".into(),
            name_kana: "シケン タロウ".into(),
            birthdate: "19800101".into(),
        };
        let value = serde_json::to_value(&query).unwrap();
        let mut keys: Vec<_> = value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        let expected = [
            ElementName::Birthdate,
            ElementName::Name,
            ElementName::NameKana,
        ];
        assert_eq!(keys, expected.map(ElementName::as_str));
    }
}
