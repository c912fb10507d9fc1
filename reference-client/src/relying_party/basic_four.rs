//! The 基本4情報 of a 署名用電子証明書: `otherName`s of its SubjectAltName under the arc
//! `1.2.392.200149.8.5.5` (`.1` 氏名, `.3` 性別, `.4` 生年月日, `.5` 住所), each
//! `[0] EXPLICIT UTF8String` (J-LIS 「署名用電子証明書のプロファイル」 as the public test card
//! carries it; `docs/relying-party.md`). A relying party takes the person's data from the
//! certificate it verified and from nowhere else.

use mynakit_oqs::ElementName;
use x509_parser::asn1_rs::{Any, FromDer, Utf8String};
use x509_parser::certificate::X509Certificate;
use x509_parser::extensions::GeneralName;

/// `1.2.392.200149.8.5.5.1`: 氏名.
const NAME: &str = "1.2.392.200149.8.5.5.1";
/// `1.2.392.200149.8.5.5.3`: 性別 (the JIS X 0303 code: 1 male, 2 female, 3 other).
const SEX: &str = "1.2.392.200149.8.5.5.3";
/// `1.2.392.200149.8.5.5.4`: 生年月日 (the era digit, then the Gregorian `YYYYMMDD`).
const BIRTH_DATE: &str = "1.2.392.200149.8.5.5.4";
/// `1.2.392.200149.8.5.5.5`: 住所.
const ADDRESS: &str = "1.2.392.200149.8.5.5.5";
/// `1.2.392.200149.8.5.5.2`: 氏名代替文字 (the name with characters outside the certificate's
/// set replaced): shown as the name only by the defect `relying-substitute-names`.
const NAME_SUBSTITUTE: &str = "1.2.392.200149.8.5.5.2";
/// `1.2.392.200149.8.5.5.6`: 住所代替文字, as [`NAME_SUBSTITUTE`].
const ADDRESS_SUBSTITUTE: &str = "1.2.392.200149.8.5.5.6";

/// The 基本4情報, as the certificate says them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct BasicFour {
    pub(crate) name: String,
    /// `YYYYMMDD`: the certificate's value without its era digit.
    pub(crate) birth_date: String,
    /// The JIS X 0303 code.
    pub(crate) sex: String,
    pub(crate) address: String,
}

impl BasicFour {
    /// The result's fields, named like the OQS elements that carry the same data.
    pub(crate) fn fields(&self) -> [(ElementName, &str); 4] {
        [
            (ElementName::Name, &self.name),
            (ElementName::Birthdate, &self.birth_date),
            (ElementName::Sex1, &self.sex),
            (ElementName::Address, &self.address),
        ]
    }
}

/// Why a certificate gives no 基本4情報.
#[derive(Debug, thiserror::Error)]
pub(crate) enum BasicFourError {
    /// Not an X.509 certificate, or a SubjectAltName that does not parse.
    #[error("not a certificate with a readable SubjectAltName")]
    Unreadable,
    /// No SubjectAltName at all.
    #[error("no SubjectAltName")]
    NoSubjectAltName,
    /// An entry of the arc that is no `[0] UTF8String`.
    #[error("the otherName {oid} is no [0] UTF8String")]
    NotUtf8 {
        /// The entry's OID.
        oid: String,
    },
    /// One of the four is missing.
    #[error("no {what} ({oid}) in the SubjectAltName")]
    Missing {
        /// 氏名, 生年月日, …
        what: &'static str,
        /// Its OID.
        oid: &'static str,
    },
    /// A 生年月日 that is not the era digit and `YYYYMMDD`.
    #[error("a 生年月日 of {chars} characters")]
    BirthDate {
        /// How many characters it has.
        chars: usize,
    },
}

/// The 基本4情報 of the certificate `der`, or what is missing. `substitutes`: the defect
/// `relying-substitute-names` (the 代替文字 entries taken for the name and address).
pub(crate) fn of_certificate(der: &[u8], substitutes: bool) -> Result<BasicFour, BasicFourError> {
    let (name, address) = if substitutes {
        (NAME_SUBSTITUTE, ADDRESS_SUBSTITUTE)
    } else {
        (NAME, ADDRESS)
    };
    let (_, cert) = X509Certificate::from_der(der).map_err(|_| BasicFourError::Unreadable)?;
    let san = cert
        .subject_alternative_name()
        .map_err(|_| BasicFourError::Unreadable)?
        .ok_or(BasicFourError::NoSubjectAltName)?;
    let mut values = std::collections::BTreeMap::new();
    for name in &san.value.general_names {
        if let GeneralName::OtherName(oid, explicit) = name {
            let value = Any::from_der(explicit)
                .ok()
                .and_then(|(_, any)| Utf8String::from_der(any.data).ok())
                .map(|(_, s)| s.string())
                .ok_or_else(|| BasicFourError::NotUtf8 {
                    oid: oid.to_id_string(),
                })?;
            values.insert(oid.to_id_string(), value);
        }
    }
    let mut take = |oid: &'static str, what: &'static str| {
        values
            .remove(oid)
            .ok_or(BasicFourError::Missing { what, oid })
    };
    let birth = take(BIRTH_DATE, "生年月日")?;
    let birth_date = match birth.len() {
        9 if birth.is_ascii() => birth[1..].to_owned(),
        _ => {
            return Err(BasicFourError::BirthDate {
                chars: birth.chars().count(),
            })
        }
    };
    Ok(BasicFour {
        name: take(name, "氏名")?,
        birth_date,
        sex: take(SEX, "性別")?,
        address: take(address, "住所")?,
    })
}
