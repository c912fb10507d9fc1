//! Terminal data as a scenario writes it under `given.terminal`: only some keys, each replacing
//! that key of the data it goes over (the bundled example, `docs/terminal.md`, "Scenarios").
//!
//! The keys, their values and the errors for bad ones are [`TerminalData`]'s: a key is written
//! with the type of its field there, so an unknown key, a bad value or a `null` where the data
//! takes none reads with the same words at the same `line:col`. A `null` under a key whose value
//! is optional (`clock`, `slow_result`, `other_workstation`) writes nothing, as it always did.

use std::fmt;

use mynakit_oqs::{ModelPrefix, NonJisMode};
use serde::de::value::MapAccessDeserializer;
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::data::{
    ClockSpec, DesignatedFlag, ElementProfile, KanaWidth, NameSpace, OtherWorkstation, PersonSpec,
    ReferenceSpec, TerminalData,
};
use crate::drift::{
    BulkLayout, ErrorFiles, FaceFailure, FaceName, InsurerNumberForm, StampTime, ZeroPaddedInsurer,
    ZipResults,
};
use crate::encoding::{CodeConvention, ResultEncoding};
use crate::folder::ResultWrite;
use crate::sharing::{SharingConsentSpec, UnrecordedSharing};
use crate::slow_result::SlowResult;

/// The keys of [`TerminalData`] a scenario wrote, each `Some` with its value; [`apply`] puts them
/// over other data. Written back (`Serialize`), it holds only those keys.
///
/// [`apply`]: TerminalDataOverlay::apply
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
// Its schema (the `schema` feature) is the derive's: the hand-written `Deserialize` below only
// reads a mapping through the derived one, and each `written` key is described as its value's
// type, without `null`, in the words of the field of `TerminalData` it writes
// (`described_as_data`).
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(transform = described_as_data)
)]
#[serde(remote = "Self", deny_unknown_fields, default)]
pub struct TerminalDataOverlay {
    /// [`TerminalData::clock`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clock: Option<ClockSpec>,
    /// [`TerminalData::pickup_delay_ms`].
    #[serde(deserialize_with = "written", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "u64"))]
    pub pickup_delay_ms: Option<u64>,
    /// [`TerminalData::poll_interval_ms`].
    #[serde(deserialize_with = "written", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "u64"))]
    pub poll_interval_ms: Option<u64>,
    /// [`TerminalData::settle_ms`].
    #[serde(deserialize_with = "written", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "u64"))]
    pub settle_ms: Option<u64>,
    /// [`TerminalData::incomplete_wait_ms`].
    #[serde(deserialize_with = "written", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "u64"))]
    pub incomplete_wait_ms: Option<u64>,
    /// [`TerminalData::encoding`].
    #[serde(deserialize_with = "written", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "ResultEncoding"))]
    pub encoding: Option<ResultEncoding>,
    /// [`TerminalData::character_code`].
    #[serde(deserialize_with = "written", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "CodeConvention"))]
    pub character_code: Option<CodeConvention>,
    /// [`TerminalData::profile`].
    #[serde(deserialize_with = "written", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "ElementProfile"))]
    pub profile: Option<ElementProfile>,
    /// [`TerminalData::non_jis`].
    #[serde(deserialize_with = "written", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "NonJisMode"))]
    pub non_jis: Option<NonJisMode>,
    /// [`TerminalData::name_kana`].
    #[serde(deserialize_with = "written", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "KanaWidth"))]
    pub name_kana: Option<KanaWidth>,
    /// [`TerminalData::name_space`].
    #[serde(deserialize_with = "written", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "NameSpace"))]
    pub name_space: Option<NameSpace>,
    /// [`TerminalData::medical_institution_code`].
    #[serde(deserialize_with = "written", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub medical_institution_code: Option<String>,
    /// [`TerminalData::bulk_delay_secs`].
    #[serde(deserialize_with = "written", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "u64"))]
    pub bulk_delay_secs: Option<u64>,
    /// [`TerminalData::bulk_layout`].
    #[serde(deserialize_with = "written", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "BulkLayout"))]
    pub bulk_layout: Option<BulkLayout>,
    /// [`TerminalData::result_insurer_number`].
    #[serde(deserialize_with = "written", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "InsurerNumberForm"))]
    pub result_insurer_number: Option<InsurerNumberForm>,
    /// [`TerminalData::zip_results`].
    #[serde(deserialize_with = "written", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "ZipResults"))]
    pub zip_results: Option<ZipResults>,
    /// [`TerminalData::result_write`].
    #[serde(deserialize_with = "written", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "ResultWrite"))]
    pub result_write: Option<ResultWrite>,
    /// [`TerminalData::slow_result`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slow_result: Option<SlowResult>,
    /// [`TerminalData::error_files`].
    #[serde(deserialize_with = "written", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "ErrorFiles"))]
    pub error_files: Option<ErrorFiles>,
    /// [`TerminalData::stamp_time`].
    #[serde(deserialize_with = "written", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "StampTime"))]
    pub stamp_time: Option<StampTime>,
    /// [`TerminalData::face_name`].
    #[serde(deserialize_with = "written", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "FaceName"))]
    pub face_name: Option<FaceName>,
    /// [`TerminalData::zero_padded_insurer`].
    #[serde(deserialize_with = "written", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "ZeroPaddedInsurer"))]
    pub zero_padded_insurer: Option<ZeroPaddedInsurer>,
    /// [`TerminalData::center_outage`].
    #[serde(deserialize_with = "written", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "bool"))]
    pub center_outage: Option<bool>,
    /// [`TerminalData::designated_flag`].
    #[serde(deserialize_with = "written", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "DesignatedFlag"))]
    pub designated_flag: Option<DesignatedFlag>,
    /// [`TerminalData::persons`] (`[]` leaves the example's out).
    #[serde(deserialize_with = "written", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<PersonSpec>"))]
    pub persons: Option<Vec<PersonSpec>>,
    /// [`TerminalData::reference_numbers`].
    #[serde(deserialize_with = "written", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<ReferenceSpec>"))]
    pub reference_numbers: Option<Vec<ReferenceSpec>>,
    /// [`TerminalData::other_workstation`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other_workstation: Option<OtherWorkstation>,
    /// [`TerminalData::sharing_consents`].
    #[serde(deserialize_with = "written", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<SharingConsentSpec>"))]
    pub sharing_consents: Option<Vec<SharingConsentSpec>>,
    /// [`TerminalData::unrecorded_sharing_consent`].
    #[serde(deserialize_with = "written", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "UnrecordedSharing"))]
    pub unrecorded_sharing_consent: Option<UnrecordedSharing>,
    /// [`TerminalData::face_failure`].
    #[serde(deserialize_with = "written", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "FaceFailure"))]
    pub face_failure: Option<FaceFailure>,
    /// [`TerminalData::diagnosis_info_prefix`].
    #[serde(deserialize_with = "written", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "ModelPrefix"))]
    pub diagnosis_info_prefix: Option<ModelPrefix>,
}

/// The overlay's keys described as [`TerminalData`]'s fields are (their doc comments), in
/// place of the links to them that the overlay's own doc comments are, with what those add.
#[cfg(feature = "schema")]
fn described_as_data(schema: &mut schemars::Schema) {
    let data = schemars::schema_for!(TerminalData);
    let from = data.get("properties").and_then(|p| p.as_object());
    let into = schema.get_mut("properties").and_then(|p| p.as_object_mut());
    let (Some(from), Some(into)) = (from, into) else {
        return;
    };
    for (key, property) in into.iter_mut() {
        let data = from.get(key).and_then(|p| p.get("description"));
        let (Some(data), Some(property)) =
            (data.and_then(|d| d.as_str()), property.as_object_mut())
        else {
            continue;
        };
        // What the overlay's own doc adds after its link (`persons`: what `[]` does) is kept.
        let own = property.get("description").and_then(|d| d.as_str());
        let link = format!("[`TerminalData::{key}`]");
        let rest = own
            .map(|own| own.strip_prefix(link.as_str()).unwrap_or(own))
            .unwrap_or_default()
            .trim_start_matches('.')
            .trim();
        let text = if rest.is_empty() {
            data.to_owned()
        } else {
            format!("{data} {rest}")
        };
        property.insert("description".to_owned(), text.into());
    }
}

/// A key written: its value read as [`TerminalData`] reads it (so a `null` is the same error).
fn written<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

/// Puts `value`, when written, over `into`.
fn put<T: Clone>(into: &mut T, value: &Option<T>) {
    if let Some(value) = value {
        into.clone_from(value);
    }
}

impl TerminalDataOverlay {
    /// `data` with the keys written here replaced by their values.
    pub fn apply(&self, mut data: TerminalData) -> TerminalData {
        let TerminalDataOverlay {
            clock,
            pickup_delay_ms,
            poll_interval_ms,
            settle_ms,
            incomplete_wait_ms,
            encoding,
            character_code,
            profile,
            non_jis,
            name_kana,
            name_space,
            medical_institution_code,
            bulk_delay_secs,
            bulk_layout,
            result_insurer_number,
            zip_results,
            result_write,
            slow_result,
            error_files,
            stamp_time,
            face_name,
            zero_padded_insurer,
            center_outage,
            designated_flag,
            persons,
            reference_numbers,
            other_workstation,
            sharing_consents,
            unrecorded_sharing_consent,
            face_failure,
            diagnosis_info_prefix,
        } = self;
        if clock.is_some() {
            data.clock.clone_from(clock);
        }
        put(&mut data.pickup_delay_ms, pickup_delay_ms);
        put(&mut data.poll_interval_ms, poll_interval_ms);
        put(&mut data.settle_ms, settle_ms);
        put(&mut data.incomplete_wait_ms, incomplete_wait_ms);
        put(&mut data.encoding, encoding);
        put(&mut data.character_code, character_code);
        put(&mut data.profile, profile);
        put(&mut data.non_jis, non_jis);
        put(&mut data.name_kana, name_kana);
        put(&mut data.name_space, name_space);
        put(&mut data.medical_institution_code, medical_institution_code);
        put(&mut data.bulk_delay_secs, bulk_delay_secs);
        put(&mut data.bulk_layout, bulk_layout);
        put(&mut data.result_insurer_number, result_insurer_number);
        put(&mut data.zip_results, zip_results);
        put(&mut data.result_write, result_write);
        if slow_result.is_some() {
            data.slow_result.clone_from(slow_result);
        }
        put(&mut data.error_files, error_files);
        put(&mut data.stamp_time, stamp_time);
        put(&mut data.face_name, face_name);
        put(&mut data.zero_padded_insurer, zero_padded_insurer);
        put(&mut data.center_outage, center_outage);
        put(&mut data.designated_flag, designated_flag);
        put(&mut data.persons, persons);
        put(&mut data.reference_numbers, reference_numbers);
        if other_workstation.is_some() {
            data.other_workstation.clone_from(other_workstation);
        }
        put(&mut data.sharing_consents, sharing_consents);
        put(
            &mut data.unrecorded_sharing_consent,
            unrecorded_sharing_consent,
        );
        put(&mut data.face_failure, face_failure);
        put(&mut data.diagnosis_info_prefix, diagnosis_info_prefix);
        data
    }
}

/// Every key of `data` written (an optional one only when it has a value): applied over any
/// data, it gives `data` back. Naming each field of [`TerminalData`] here keeps the two in step.
impl From<TerminalData> for TerminalDataOverlay {
    fn from(data: TerminalData) -> TerminalDataOverlay {
        let TerminalData {
            clock,
            pickup_delay_ms,
            poll_interval_ms,
            settle_ms,
            incomplete_wait_ms,
            encoding,
            character_code,
            profile,
            non_jis,
            name_kana,
            name_space,
            medical_institution_code,
            bulk_delay_secs,
            bulk_layout,
            result_insurer_number,
            zip_results,
            result_write,
            slow_result,
            error_files,
            stamp_time,
            face_name,
            zero_padded_insurer,
            center_outage,
            designated_flag,
            persons,
            reference_numbers,
            other_workstation,
            sharing_consents,
            unrecorded_sharing_consent,
            face_failure,
            diagnosis_info_prefix,
        } = data;
        TerminalDataOverlay {
            clock,
            pickup_delay_ms: Some(pickup_delay_ms),
            poll_interval_ms: Some(poll_interval_ms),
            settle_ms: Some(settle_ms),
            incomplete_wait_ms: Some(incomplete_wait_ms),
            encoding: Some(encoding),
            character_code: Some(character_code),
            profile: Some(profile),
            non_jis: Some(non_jis),
            name_kana: Some(name_kana),
            name_space: Some(name_space),
            medical_institution_code: Some(medical_institution_code),
            bulk_delay_secs: Some(bulk_delay_secs),
            bulk_layout: Some(bulk_layout),
            result_insurer_number: Some(result_insurer_number),
            zip_results: Some(zip_results),
            result_write: Some(result_write),
            slow_result,
            error_files: Some(error_files),
            stamp_time: Some(stamp_time),
            face_name: Some(face_name),
            zero_padded_insurer: Some(zero_padded_insurer),
            center_outage: Some(center_outage),
            designated_flag: Some(designated_flag),
            persons: Some(persons),
            reference_numbers: Some(reference_numbers),
            other_workstation,
            sharing_consents: Some(sharing_consents),
            unrecorded_sharing_consent: Some(unrecorded_sharing_consent),
            face_failure: Some(face_failure),
            diagnosis_info_prefix: Some(diagnosis_info_prefix),
        }
    }
}

/// Read only from a mapping (anything else is "expected terminal data"), through the derived
/// reader above, so that each key is read where it is written.
impl<'de> Deserialize<'de> for TerminalDataOverlay {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(Mapping)
    }
}

/// The visitor of a `given.terminal` mapping.
struct Mapping;

impl<'de> Visitor<'de> for Mapping {
    type Value = TerminalDataOverlay;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("terminal data (docs/terminal.md)")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<TerminalDataOverlay, A::Error> {
        TerminalDataOverlay::deserialize(MapAccessDeserializer::new(map))
    }
}

impl Serialize for TerminalDataOverlay {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        TerminalDataOverlay::serialize(self, serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mynakit_fixtures::yaml;

    fn read(text: &str) -> Result<TerminalDataOverlay, String> {
        yaml::from_str(text, "t.yaml").map_err(|e| e.to_string())
    }

    #[test]
    fn only_the_keys_written_replace_the_data_below() {
        let over = read("encoding: shift-jis\npickup_delay_ms: 0\npersons: []\n").unwrap();
        let example = TerminalData::example().unwrap();
        let data = over.apply(example.clone());
        assert_eq!(data.encoding, ResultEncoding::ShiftJis);
        assert_eq!(data.pickup_delay_ms, 0);
        assert!(data.persons.is_empty());
        assert_eq!(data.settle_ms, example.settle_ms);
        assert_eq!(data.character_code, example.character_code);
        assert_eq!(
            TerminalDataOverlay::default().apply(example.clone()),
            example
        );
        // A null optional value writes nothing.
        let over = read("slow_result: ~\nother_workstation: null\n").unwrap();
        assert_eq!(over, TerminalDataOverlay::default());
    }

    #[test]
    fn every_key_of_the_data_is_a_key_here() {
        let mut full = TerminalData::example().unwrap();
        full.slow_result = Some(SlowResult::default());
        full.clock = Some(ClockSpec {
            start: time::macros::datetime!(2026-11-01 09:00 +09:00),
            frozen: true,
        });
        let over = TerminalDataOverlay::from(full.clone());
        assert_eq!(over.apply(TerminalData::default()), full);
        // Written back and read again, through the keys of the data.
        let text = serde_json::to_string(&over).unwrap();
        let again: TerminalDataOverlay = serde_json::from_str(&text).unwrap();
        assert_eq!(again, over);
        let as_data: TerminalData = serde_json::from_str(&text).unwrap();
        assert_eq!(as_data, full);
    }

    #[test]
    fn bad_keys_and_values_read_as_the_data_reads_them() {
        for text in [
            "pickup_delay_ms: 0\npickup_delay_mz: 0\n",
            "encoding: ebcdic\n",
            "pickup_delay_ms: ~\n",
            "pickup_delay_ms: \"x\"\n",
            "center_outage: 3\n",
            "other_workstation: {Foo: 1}\n",
            "persons: [{id: x}]\n",
            "pickup_delay_ms: 0\npickup_delay_ms: 1\n",
        ] {
            let over = read(text).expect_err(text);
            let data = TerminalData::from_yaml(text, "t.yaml").expect_err(text);
            assert_eq!(over, data.to_string(), "{text}");
        }
        assert_eq!(
            read("[1, 2]\n").unwrap_err(),
            "t.yaml:1:1: invalid type: sequence, expected terminal data (docs/terminal.md)"
        );
    }
}
