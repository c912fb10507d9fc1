//! The identities a 特定健診・保健指導 facility names itself by beside the 10-digit 医療機関コード:
//! the 健診・保健指導機関番号 (given by 社会保険診療報酬支払基金 on application) and, for an
//! insurer that runs its own 特定健診 and so has no such number, the 「オンライン資格確認用コード」
//! the 支払基金 gives after its 「オンライン資格確認導入届（保険者）」 (MHLW 事務連絡
//! 「特定健診・保健指導に係るオンライン資格確認（資格確認限定型）の導入等について（周知）」, 第2の1;
//! `docs/kenshin.md`, "Facility identities").
//!
//! The notice gives neither format. [`KenshinIdFormat`] is therefore a setting
//! (`kenshin_facility_id_format`) whose default is this mock's assumption: ASCII digits, 10 of
//! them, like the 医療機関コード they stand beside.

use serde::{Deserialize, Serialize};

/// The digit counts the default format accepts for both identities: 10, an assumption.
pub const DEFAULT_KENSHIN_ID_LENGTHS: [u8; 1] = [10];

/// The accepted formats of a 健診 facility's identities (setting `kenshin_facility_id_format`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct KenshinIdFormat {
    /// Digit counts a 健診・保健指導機関番号 may have (default 10).
    pub checkup_institution_number_lengths: Vec<u8>,
    /// Digit counts an insurer's オンライン資格確認用コード may have (default 10).
    pub insurer_online_code_lengths: Vec<u8>,
}

impl Default for KenshinIdFormat {
    fn default() -> Self {
        KenshinIdFormat {
            checkup_institution_number_lengths: DEFAULT_KENSHIN_ID_LENGTHS.to_vec(),
            insurer_online_code_lengths: DEFAULT_KENSHIN_ID_LENGTHS.to_vec(),
        }
    }
}

/// Why a request's facility identity is refused: the JSON field, and what is wrong with it.
/// The API answers it as `400 bad-value` naming the field (the HTTP layer's problem documents); kept apart from
/// the problem type so that the settings can hold a [`KenshinIdFormat`] without depending on
/// the API's errors.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FacilityRefusal {
    /// The JSON field.
    pub field: &'static str,
    /// What is wrong with it.
    pub detail: String,
}

fn bad(field: &'static str, detail: impl Into<String>) -> FacilityRefusal {
    FacilityRefusal {
        field,
        detail: detail.into(),
    }
}

use mynakit_protocol::{CHECKUP_INSTITUTION_NUMBER, INSURER_ONLINE_CODE};

impl KenshinIdFormat {
    /// The first list that is empty or holds a count outside 1..=32, by its setting's name.
    pub fn invalid_field(&self) -> Option<&'static str> {
        let bad_list = |l: &[u8]| l.is_empty() || l.iter().any(|n| !(1..=32).contains(n));
        if bad_list(&self.checkup_institution_number_lengths) {
            Some("kenshin_facility_id_format.checkup_institution_number_lengths")
        } else if bad_list(&self.insurer_online_code_lengths) {
            Some("kenshin_facility_id_format.insurer_online_code_lengths")
        } else {
            None
        }
    }

    /// `value` of `field` if it has the format: ASCII digits only (a leading `0` kept), as
    /// many as one of `lengths`.
    ///
    /// # Errors
    ///
    /// A [`FacilityRefusal`] naming `field` and the accepted lengths.
    fn check(
        field: &'static str,
        value: String,
        lengths: &[u8],
    ) -> Result<String, FacilityRefusal> {
        let digits = value.bytes().all(|b| b.is_ascii_digit());
        if digits && u8::try_from(value.len()).is_ok_and(|n| lengths.contains(&n)) {
            return Ok(value);
        }
        let lengths: Vec<String> = lengths.iter().map(u8::to_string).collect();
        Err(bad(
            field,
            format!(
                "must be {} digits (setting kenshin_facility_id_format)",
                lengths.join(" or ")
            ),
        ))
    }

    /// The facility a 健診 request names, from its three optional identity fields. At most one
    /// may be given; the two 健診 ones only with `purpose: kenshin`, each in its format. The
    /// 医療機関コード (`medical_institution_code`) is checked by the caller.
    ///
    /// # Errors
    ///
    /// A [`FacilityRefusal`] naming the field: a 健診 identity without `purpose: kenshin`,
    /// two identities in one request, or a value not in its format.
    pub fn facility(
        &self,
        kenshin: bool,
        medical_institution_code: Option<String>,
        checkup_institution_number: Option<String>,
        insurer_online_code: Option<String>,
    ) -> Result<Option<String>, FacilityRefusal> {
        let named = [
            (
                "medical_institution_code",
                medical_institution_code.is_some(),
            ),
            (
                CHECKUP_INSTITUTION_NUMBER,
                checkup_institution_number.is_some(),
            ),
            (INSURER_ONLINE_CODE, insurer_online_code.is_some()),
        ];
        let mut given = named.iter().filter(|(_, some)| *some).map(|(f, _)| *f);
        if let (Some(first), Some(second)) = (given.next(), given.next()) {
            return Err(bad(
                second,
                format!("a request names one facility; {first} is given too"),
            ));
        }
        let only_kenshin = |field: &'static str| {
            bad(
                field,
                "is a 健診 facility's identity: only with purpose kenshin",
            )
        };
        if let Some(number) = checkup_institution_number {
            if !kenshin {
                return Err(only_kenshin(CHECKUP_INSTITUTION_NUMBER));
            }
            return Self::check(
                CHECKUP_INSTITUTION_NUMBER,
                number,
                &self.checkup_institution_number_lengths,
            )
            .map(Some);
        }
        if let Some(code) = insurer_online_code {
            if !kenshin {
                return Err(only_kenshin(INSURER_ONLINE_CODE));
            }
            return Self::check(INSURER_ONLINE_CODE, code, &self.insurer_online_code_lengths)
                .map(Some);
        }
        Ok(medical_institution_code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(e: FacilityRefusal) -> &'static str {
        e.field
    }

    #[test]
    fn each_identity_has_its_own_format_and_error() {
        let f = KenshinIdFormat::default();
        let some = |s: &str| Some(s.to_owned());
        assert_eq!(
            f.facility(true, None, some("0131234567"), None).unwrap(),
            some("0131234567")
        );
        assert_eq!(
            f.facility(true, None, None, some("0600000001")).unwrap(),
            some("0600000001")
        );
        let short = f.facility(true, None, some("013123456"), None).unwrap_err();
        assert_eq!(field(short), CHECKUP_INSTITUTION_NUMBER);
        let letters = f
            .facility(true, None, None, some("06000000a1"))
            .unwrap_err();
        assert_eq!(field(letters), INSURER_ONLINE_CODE);
        let counter = f
            .facility(false, None, some("0131234567"), None)
            .unwrap_err();
        assert_eq!(field(counter), CHECKUP_INSTITUTION_NUMBER);
        let two = f
            .facility(true, some("1310000001"), None, some("0600000001"))
            .unwrap_err();
        assert_eq!(field(two), INSURER_ONLINE_CODE);
        let eight = KenshinIdFormat {
            insurer_online_code_lengths: vec![8],
            ..KenshinIdFormat::default()
        };
        assert!(eight.facility(true, None, None, some("06000001")).is_ok());
        assert!(eight
            .facility(true, None, None, some("0600000001"))
            .is_err());
        assert_eq!(
            KenshinIdFormat {
                checkup_institution_number_lengths: vec![],
                ..KenshinIdFormat::default()
            }
            .invalid_field(),
            Some("kenshin_facility_id_format.checkup_institution_number_lengths")
        );
    }
}
