//! Terminal data: everything a run of the terminal can be given as one YAML document
//! (`--data FILE`), and that the scenario format can embed under `given.terminal`.
//!
//! Read through `mynakit_fixtures::yaml` (errors name `file:line:col` and the unknown key). Every
//! field is optional; the defaults are those of `docs/terminal.md`, "Settings". Extra persons
//! have no card: they exist for insurance-card queries (e.g. the 複数該当 twins of
//! `terminal/data/example.yaml`).

use mynakit_oqs::ElementName;
use std::path::Path;

use mynakit_fixtures::yaml::{self, YamlError};
use mynakit_oqs::{ModelPrefix, NonJisMode, RequestNames};
use mynakit_persona::{Insurance, LimitApplication, Sex, SpecificDisease, Subsidy};
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use crate::drift::{
    BulkLayout, ErrorFiles, FaceFailure, FaceName, InsurerNumberForm, StampTime, ZeroPaddedInsurer,
    ZipResults,
};
use crate::encoding::{CodeConvention, ResultEncoding};
use crate::folder::ResultWrite;
use crate::sharing::{SharingConsentSpec, UnrecordedSharing};
use crate::slow_result::SlowResult;

/// The bundled example data (`terminal/data/example.yaml`): a 複数該当 pair, a 国保 member with a
/// 6-digit insurer number, a member with a newer qualification, and 医療扶助 without a 医療券.
pub const EXAMPLE_YAML: &str = include_str!("../data/example.yaml");

/// One run's terminal data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct TerminalData {
    /// The scenario clock's start; default 09:00 JST on the personas' reference date, running.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clock: Option<ClockSpec>,
    /// How long after a request appears (and is complete) it is picked up, in milliseconds.
    pub pickup_delay_ms: u64,
    /// How often `req` is scanned, in milliseconds.
    pub poll_interval_ms: u64,
    /// How long a file's size and mtime must stay unchanged before it is read, in milliseconds
    /// (at least two scans either way). Default 1000: a client writing in place (as
    /// `YUKI-ENT/OQSDrug2` does) is not read half-way.
    pub settle_ms: u64,
    /// A request that ends in the middle of an element may still be growing: it is read again
    /// once unchanged this long, in milliseconds, and only then answered as malformed.
    pub incomplete_wait_ms: u64,
    /// The encoding results are written in.
    pub encoding: ResultEncoding,
    /// The `CharacterCodeIdentifier` convention.
    pub character_code: CodeConvention,
    /// Element names of the consent group.
    pub profile: ElementProfile,
    /// Characters outside JIS X 0208 in names and addresses.
    pub non_jis: NonJisMode,
    /// Width of `NameKana`.
    pub name_kana: KanaWidth,
    /// The space between family and given name in `Name`.
    pub name_space: NameSpace,
    /// `MedicalInstitutionCode` of face results (10 digits).
    pub medical_institution_code: String,
    /// How long a bulk request stays 処理中 (`SegmentOfResult` 2), in seconds: it is ready when
    /// this much real time has passed since the upload, or the scenario clock has moved this far
    /// (so a frozen scenario clock does not keep it 処理中 for ever).
    pub bulk_delay_secs: u64,
    /// The shape of bulk download results.
    pub bulk_layout: BulkLayout,
    /// `InsurerNumber` in result records: `padded` to 8 characters or `as-printed`.
    pub result_insurer_number: InsurerNumberForm,
    /// Which results are written zipped.
    pub zip_results: ZipResults,
    /// How results (and face pushes) appear: `create` (default), `in-place` or `rename`.
    pub result_write: ResultWrite,
    /// Results in `res` written slowly in place, in parts, the name first (`docs/terminal.md`,
    /// "A result written slowly"); default none. Overrides `result_write` for results (face
    /// pushes and `.err` files still follow it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slow_result: Option<SlowResult>,
    /// Which failed messages also get the `.err` path (default: bulk).
    pub error_files: ErrorFiles,
    /// Which clock stamps `ProcessExecutionTime` and face file names (default: auto).
    pub stamp_time: StampTime,
    /// The face file name pattern (default: institution).
    pub face_name: FaceName,
    /// What a zero-padded 6-digit insurer number finds (default: no-match).
    pub zero_padded_insurer: ZeroPaddedInsurer,
    /// The terminal cannot reach the オンライン資格確認等システム (a line or center outage): every
    /// request that reads fine is answered with `SegmentOfResult` 9 and `MOCK-T509`, and the
    /// timeline says `center-unavailable` rather than `rejected`, since the request was not at
    /// fault (`docs/terminal.md`, "Result codes"). Default false.
    pub center_outage: bool,
    /// How each 医療券's `DesignatedMedicalInstitutionFlag` is set (default: from the asking
    /// institution, `docs/terminal.md`, "医療券 fields").
    pub designated_flag: DesignatedFlag,
    /// Persons besides the personas (no card; insurance-card queries only).
    pub persons: Vec<PersonSpec>,
    /// 照会番号 registered before the run starts.
    pub reference_numbers: Vec<ReferenceSpec>,
    /// Another レセコン workstation sharing the folders (`docs/terminal.md`, "Another
    /// workstation"): when the client's first request appears in `req`, it writes this single
    /// check too, and the terminal answers it first, so two requests are in flight and their
    /// answers arrive in the other order. Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other_workstation: Option<OtherWorkstation>,
    /// Patients' consents to share 薬剤 / 特定健診 information, stated (given, refused,
    /// withdrawn) besides those the face reader takes (`docs/terminal.md`, "Consent to share
    /// information"). Default: none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sharing_consents: Vec<SharingConsentSpec>,
    /// What `YZKsiquc01` / `TKKsiquc01` / 診療情報 get for a person with no consent record:
    /// `refuse` (default: 通常時, no viewing without the card and the patient's consent) or
    /// `answer` (a terminal set against that rule; `docs/terminal.md`, "Consent to share
    /// information").
    #[serde(skip_serializing_if = "is_default_unrecorded")]
    pub unrecorded_sharing_consent: UnrecordedSharing,
    /// Whether the face reader pushes a failure when its own check refuses the card (default
    /// `none`: it pushes nothing).
    #[serde(skip_serializing_if = "is_default_face_failure")]
    pub face_failure: FaceFailure,
    /// The request prefix of 診療情報, whose real name no public source shows (default
    /// `SRKsiquc01`, mynakit's model; `docs/terminal.md`, "診療情報"): a vendor whose terminal
    /// names it otherwise sets it here, and the client is told it
    /// (`MYNAKIT_DIAGNOSIS_INFO_PREFIX`).
    #[serde(skip_serializing_if = "is_default_prefix")]
    pub diagnosis_info_prefix: ModelPrefix,
}

fn is_default_prefix(p: &ModelPrefix) -> bool {
    *p == ModelPrefix::default()
}

fn is_default_face_failure(f: &FaceFailure) -> bool {
    *f == FaceFailure::default()
}

fn is_default_unrecorded(u: &UnrecordedSharing) -> bool {
    *u == UnrecordedSharing::default()
}

/// The single check (`OQSsiquc01`) another workstation sends while the client waits for its own
/// answer: the insurance card data as that workstation sends it (`InsurerNumber` already padded
/// to 8 characters).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
pub struct OtherWorkstation {
    /// `InsurerNumber`, 8 characters.
    pub insurer_number: String,
    /// `InsuredCardSymbol`.
    #[serde(default)]
    pub insured_card_symbol: Option<String>,
    /// `InsuredIdentificationNumber`.
    pub insured_identification_number: String,
    /// `InsuredBranchNumber`.
    #[serde(default)]
    pub insured_branch_number: Option<String>,
    /// `Birthdate`, `yyyyMMdd` (a single check's; a history request names no birth date).
    pub birthdate: String,
    /// What it asks for (`Request`): `single-check` (default), or the patient's history,
    /// `drug-info`, `checkup-info` or `diagnosis-info`, as XML.
    #[serde(default, skip_serializing_if = "is_single_check")]
    pub request: OtherRequest,
}

/// What the other workstation asks the terminal for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum OtherRequest {
    /// A single check, `OQSsiquc01`.
    #[default]
    SingleCheck,
    /// 薬剤情報, `YZKsiquc01`.
    DrugInfo,
    /// 特定健診情報, `TKKsiquc01`.
    CheckupInfo,
    /// 診療情報, under the terminal's `diagnosis_info_prefix`.
    DiagnosisInfo,
}

fn is_single_check(r: &OtherRequest) -> bool {
    *r == OtherRequest::SingleCheck
}

impl Default for TerminalData {
    fn default() -> Self {
        TerminalData {
            clock: None,
            pickup_delay_ms: 1000,
            poll_interval_ms: 200,
            settle_ms: 1000,
            incomplete_wait_ms: 10_000,
            encoding: ResultEncoding::default(),
            character_code: CodeConvention::default(),
            profile: ElementProfile::default(),
            non_jis: NonJisMode::default(),
            name_kana: KanaWidth::default(),
            name_space: NameSpace::default(),
            medical_institution_code: "1319999999".to_owned(),
            bulk_delay_secs: 60,
            bulk_layout: BulkLayout::default(),
            result_insurer_number: InsurerNumberForm::default(),
            zip_results: ZipResults::default(),
            result_write: ResultWrite::default(),
            slow_result: None,
            error_files: ErrorFiles::default(),
            stamp_time: StampTime::default(),
            face_name: FaceName::default(),
            zero_padded_insurer: ZeroPaddedInsurer::default(),
            center_outage: false,
            designated_flag: DesignatedFlag::default(),
            persons: Vec::new(),
            reference_numbers: Vec::new(),
            other_workstation: None,
            sharing_consents: Vec::new(),
            unrecorded_sharing_consent: UnrecordedSharing::default(),
            face_failure: FaceFailure::default(),
            diagnosis_info_prefix: ModelPrefix::default(),
        }
    }
}

impl TerminalData {
    /// The request names this terminal answers (every public prefix, and 診療情報 under
    /// `diagnosis_info_prefix`).
    pub fn request_names(&self) -> RequestNames {
        RequestNames::new(self.diagnosis_info_prefix.clone())
    }

    /// Parses YAML text (`origin` names it in errors).
    ///
    /// # Errors
    ///
    /// [`YamlError`] with `origin:line:col`.
    pub fn from_yaml(text: &str, origin: &str) -> Result<TerminalData, YamlError> {
        yaml::from_str(text, origin)
    }

    /// Reads a YAML file.
    ///
    /// # Errors
    ///
    /// [`YamlError`] with `file:line:col`.
    pub fn from_file(path: &Path) -> Result<TerminalData, YamlError> {
        yaml::from_file(path)
    }

    /// The longest a request written whole into `req` waits for its answer (docs/terminal.md,
    /// "Terminal behaviour"): seen at the next scan (`poll_interval_ms`), read once quiet for
    /// `settle_ms` over two more scans and not before `pickup_delay_ms`, and, with
    /// `slow_result`, written over its `over_ms`. A bound for reasoning about a client's waits
    /// (a slow machine or share adds its own), not a promise of the real terminal's.
    pub fn request_turnaround(&self) -> std::time::Duration {
        let ms = self
            .poll_interval_ms
            .saturating_mul(3)
            .saturating_add(self.settle_ms.max(self.pickup_delay_ms))
            .saturating_add(self.slow_result.as_ref().map_or(0, |s| s.over_ms));
        std::time::Duration::from_millis(ms)
    }

    /// The bundled example data.
    ///
    /// # Errors
    ///
    /// Only if the bundled file is broken (a test guards it).
    pub fn example() -> Result<TerminalData, YamlError> {
        TerminalData::from_yaml(EXAMPLE_YAML, "terminal/data/example.yaml")
    }
}

/// The scenario clock's start.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ClockSpec {
    /// RFC 3339, e.g. `2026-11-01T09:00:00+09:00`.
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "schema", schemars(with = "String", extend("format" = "date-time")))]
    pub start: OffsetDateTime,
    /// Whether it stays put until moved.
    #[serde(default)]
    pub frozen: bool,
}

/// Element names of the consent group, which public clients spell differently.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum ElementProfile {
    /// `PharmacistsInfo*`, `*AvailableTime` (`hangilc/myclinic-ts`, `Sotatek-ChinhVu/smart-test`).
    #[default]
    Standard,
    /// `PharmaceuticalInfo*`, `*AcquisitionTime` (`YUKI-ENT/OQSDrug2`'s face writer).
    PharmaceuticalInfo,
}

impl ElementProfile {
    /// The name to use for `name` under this profile, if it differs.
    pub fn rename(self, name: &str) -> Option<String> {
        match self {
            ElementProfile::Standard => None,
            ElementProfile::PharmaceuticalInfo => {
                use ElementName as E;
                let renamed = match E::from_name(name)? {
                    E::PharmacistsInfoConsFlg => E::PharmaceuticalInfoConsFlg,
                    E::PharmacistsInfoConsTime => E::PharmaceuticalInfoConsTime,
                    E::PharmacistsInfoAvailableTime => E::PharmaceuticalInfoAcquisitionTime,
                    E::SpecificHealthCheckupsInfoAvailableTime => {
                        E::SpecificHealthCheckupsInfoAcquisitionTime
                    }
                    E::DiagnosisInfoAvailableTime => E::DiagnosisInfoAcquisitionTime,
                    E::OperationInfoAvailableTime => E::OperationInfoAcquisitionTime,
                    _ => return None,
                };
                Some(renamed.as_str().to_owned())
            }
        }
    }
}

/// How a 医療券's `DesignatedMedicalInstitutionFlag` (指定医療機関確認フラグ: `0` the ticket names
/// the asking institution, `1` another) is set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum DesignatedFlag {
    /// Computed for every ticket that has a `DesignatedMedicalInstitutionCode`: `0` when it is
    /// the institution that asks (the request's `MedicalInstitutionCode`, else the data's
    /// `medical_institution_code`, which the face reader speaks for), `1` otherwise; a ticket
    /// without a designated code keeps the flag its data states.
    #[default]
    AskingInstitution,
    /// The flag as the persona (or data person) states it, whoever asks: the behaviour before
    /// the flag followed the asking institution.
    AsStated,
}

/// Width of `NameKana`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum KanaWidth {
    /// Half-width katakana with a half-width space, as OQS sends.
    #[default]
    HalfWidth,
    /// Full-width, as registered (a client that converts must cope either way).
    FullWidth,
}

/// The separator between family and given name in `Name`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum NameSpace {
    /// U+3000, as in the public sample result.
    #[default]
    FullWidth,
    /// An ASCII space.
    HalfWidth,
}

/// A person without a card, for insurance-card queries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PersonSpec {
    /// A unique id (persona ids are taken).
    pub id: String,
    /// 氏名, family and given name separated by U+3000.
    pub name: String,
    /// 氏名カナ, full-width.
    pub name_kana: String,
    /// yyyy-mm-dd.
    #[serde(with = "ymd")]
    #[cfg_attr(feature = "schema", schemars(with = "String", extend("format" = "date")))]
    pub birth_date: Date,
    /// `male`, `female`, `not-applicable`, `unknown`.
    pub sex: Sex,
    /// 住所.
    #[serde(default)]
    pub address: String,
    /// The current qualification, keyed as a persona's `[insurance]`.
    pub insurance: DataInsurance,
    /// Earlier qualifications: querying with one of these gives validity 3 (新しい資格あり)
    /// when the current one is valid.
    #[serde(default)]
    pub former_insurance: Vec<DataInsurance>,
    /// 限度額適用認定証 of the current qualification, keyed as a persona's
    /// `[limit_application]`; shown only with the patient's consent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit_application: Option<LimitApplication>,
    /// 特定疾病療養受療証, keyed as a persona's `[[specific_diseases]]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub specific_diseases: Vec<SpecificDisease>,
    /// 医療費助成 受給者証, keyed as a persona's `[[subsidies]]` (`docs/subsidies.md`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subsidies: Vec<Subsidy>,
}

/// A person's qualification in terminal data: the persona schema's [`Insurance`]
/// (`docs/personas.md`, "`[insurance]`": every key, the 医療券 fields, 高齢受給者 and the card
/// dates included), with one difference kept from the earlier data format:
/// `PersonalFamilyClassification` may be left out and is then `1` (本人).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct DataInsurance(pub Insurance);

/// [`Insurance`]'s schema without `PersonalFamilyClassification` among the required keys, as the
/// `Deserialize` below reads it.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for DataInsurance {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "DataInsurance".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let family = ElementName::PersonalFamilyClassification.as_str();
        let mut schema = <Insurance as schemars::JsonSchema>::json_schema(generator);
        if let Some(required) = schema.get_mut("required").and_then(|r| r.as_array_mut()) {
            required.retain(|key| key.as_str() != Some(family));
        }
        schema
    }
}

impl<'de> Deserialize<'de> for DataInsurance {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<DataInsurance, D::Error> {
        struct Fields;
        impl<'de> serde::de::Visitor<'de> for Fields {
            type Value = DataInsurance;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("insurance keys as in a persona file's [insurance]")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<DataInsurance, A::Error> {
                let keys = DefaultFamily {
                    inner: map,
                    seen: false,
                    injected: false,
                    finished: false,
                };
                Insurance::deserialize(serde::de::value::MapAccessDeserializer::new(keys))
                    .map(DataInsurance)
            }
        }
        d.deserialize_map(Fields)
    }
}

/// The entries of an insurance mapping, plus `PersonalFamilyClassification: "1"` at the end
/// when the mapping has none. Keys and values are read from the document itself, so errors keep
/// their `file:line:col`.
struct DefaultFamily<A> {
    inner: A,
    seen: bool,
    injected: bool,
    finished: bool,
}

impl<'de, A: serde::de::MapAccess<'de>> serde::de::MapAccess<'de> for DefaultFamily<A> {
    type Error = A::Error;

    fn next_key_seed<K: serde::de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        use serde::de::IntoDeserializer as _;
        if self.finished {
            return Ok(None);
        }
        let mut seed = Some(seed);
        let key = self.inner.next_key_seed(KeySeen {
            seed: &mut seed,
            seen: &mut self.seen,
        })?;
        match (key, seed) {
            (Some(key), _) => Ok(Some(key)),
            (None, Some(seed)) if !self.seen => {
                self.finished = true;
                self.injected = true;
                let family = ElementName::PersonalFamilyClassification.as_str();
                seed.deserialize(family.into_deserializer()).map(Some)
            }
            (None, _) => {
                self.finished = true;
                Ok(None)
            }
        }
    }

    fn next_value_seed<V: serde::de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, A::Error> {
        use serde::de::IntoDeserializer as _;
        if std::mem::take(&mut self.injected) {
            return seed.deserialize("1".into_deserializer());
        }
        self.inner.next_value_seed(seed)
    }
}

/// A 照会番号 registered before the run. Numbers are kept per institution (reference §1.8).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
pub struct ReferenceSpec {
    /// The institution it is registered for (default: the data's `medical_institution_code`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub medical_institution_code: Option<String>,
    /// `ReferenceNumber` (up to 50 characters).
    pub reference_number: String,
    /// `InsurerNumber` as printed.
    pub insurer_number: String,
    /// `InsuredCardSymbol`.
    #[serde(default)]
    pub insured_card_symbol: Option<String>,
    /// `InsuredIdentificationNumber`.
    pub insured_identification_number: String,
    /// `InsuredBranchNumber`.
    #[serde(default)]
    pub insured_branch_number: Option<String>,
}

/// Reads one key of an insurance mapping inside the document's own deserializer (so an
/// unknown key is reported at its `line:col`), noting whether it is
/// `PersonalFamilyClassification`.
struct KeySeen<'a, K> {
    seed: &'a mut Option<K>,
    seen: &'a mut bool,
}

impl<'de, K: serde::de::DeserializeSeed<'de>> serde::de::DeserializeSeed<'de> for KeySeen<'_, K> {
    type Value = K::Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<K::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de, K: serde::de::DeserializeSeed<'de>> serde::de::Visitor<'de> for KeySeen<'_, K> {
    type Value = K::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an insurance key")
    }

    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<K::Value, E> {
        use serde::de::IntoDeserializer as _;
        *self.seen |= key == ElementName::PersonalFamilyClassification.as_str();
        let seed = self
            .seed
            .take()
            .ok_or_else(|| E::custom("an insurance key read twice"))?;
        seed.deserialize(key.into_deserializer())
    }
}

const YMD: &[time::format_description::BorrowedFormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]");

mod ymd {
    use serde::{Deserialize, Deserializer, Serializer};
    use time::Date;

    pub(super) fn serialize<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
        let text = d.format(super::YMD).map_err(serde::ser::Error::custom)?;
        s.serialize_str(&text)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = String::deserialize(d)?;
        Date::parse(&text, super::YMD).map_err(|e| {
            serde::de::Error::custom(format!("expected a date such as 1985-04-12: {e}"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_parses() {
        let data = TerminalData::example().unwrap();
        assert!(data.persons.len() >= 4);
    }

    #[test]
    fn unknown_keys_name_their_place() {
        let err =
            TerminalData::from_yaml("pickup_delay_ms: 5\nencodng: utf-8\n", "t.yaml").unwrap_err();
        assert_eq!((err.line, err.column), (2, 1), "{err}");
        assert!(err.message.contains("encodng"), "{err}");
        let err = TerminalData::from_yaml(
            "persons:\n  - id: a\n    name: x\n    name_kana: x\n    birth_date: 1990-13-01\n    sex: male\n    insurance: {}\n",
            "p.yaml",
        )
        .unwrap_err();
        assert!(err.to_string().starts_with("p.yaml:"), "{err}");
    }

    #[test]
    fn every_setting_reads() {
        let data = TerminalData::from_yaml(
            "clock: {start: 2026-11-02T10:00:00+09:00, frozen: true}\npickup_delay_ms: 0\n\
             encoding: shift-jis\ncharacter_code: one-based\nprofile: pharmaceutical-info\n\
             non_jis: pass-through\nname_kana: full-width\nname_space: half-width\nbulk_delay_secs: 5\n\
             bulk_layout: result-list\nresult_insurer_number: as-printed\nzip_results: bulk\n\
             incomplete_wait_ms: 50\n",
            "s.yaml",
        )
        .unwrap();
        assert_eq!(data.encoding, ResultEncoding::ShiftJis);
        assert_eq!(data.profile, ElementProfile::PharmaceuticalInfo);
        assert!(data.clock.unwrap().frozen);
        assert_eq!(data.poll_interval_ms, 200);
        assert_eq!(
            data.settle_ms, 1000,
            "a safe default for clients writing in place"
        );
        assert_eq!(data.bulk_layout, BulkLayout::ResultList);
        assert_eq!(data.result_insurer_number, InsurerNumberForm::AsPrinted);
        assert_eq!(data.zip_results, ZipResults::Bulk);
        assert_eq!(data.incomplete_wait_ms, 50);
    }

    #[test]
    fn profiles_rename_the_consent_group() {
        let p = ElementProfile::PharmaceuticalInfo;
        assert_eq!(
            p.rename("PharmacistsInfoConsFlg").as_deref(),
            Some("PharmaceuticalInfoConsFlg")
        );
        assert_eq!(
            p.rename("PharmacistsInfoAvailableTime").as_deref(),
            Some("PharmaceuticalInfoAcquisitionTime")
        );
        assert_eq!(p.rename("Name"), None);
        assert_eq!(
            ElementProfile::Standard.rename("PharmacistsInfoConsFlg"),
            None
        );
    }
}
