//! A relying party takes the person's 基本4情報 from the certificate it verified, and from
//! nowhere else (`docs/relying-party.md`, "identity-by-signature").

use mynakit_apdu::files::basic_four;
use mynakit_oqs::ElementName;
use mynakit_protocol::Outcome;
use x509_parser::asn1_rs::{Any, FromDer, Utf8String};
use x509_parser::certificate::X509Certificate;
use x509_parser::extensions::GeneralName;

use super::words::{common, fields as words};
use crate::check::{Evidence, Verdict};
use crate::run::{CertificateRead, Run, Step};

/// The result's fields and the SubjectAltName entry each must be.
const FIELDS: [(ElementName, &str); 4] = [
    (ElementName::Name, basic_four::NAME),
    (ElementName::Birthdate, basic_four::BIRTH_DATE),
    (ElementName::Sex1, basic_four::SEX),
    (ElementName::Address, basic_four::ADDRESS),
];

check! {
    /// `RP-fields-from-certificate`: the 基本4情報 of an accepted person are the certificate's.
    FieldsFromCertificate {
        id: "RP-fields-from-certificate",
        severity: Failed,
        rule: "A relying party that ends `accepted` shows the 基本4情報 — `Name`, `Birthdate`, \
               `Sex1`, `Address` — of the 署名用 certificate the card gave in this run: each \
               present, each the certificate's SubjectAltName value (`Birthdate` without the \
               era digit).",
        rationale: "The JPKI method identifies the person by what the verified certificate says: \
                    J-LIS wrote the 基本4情報 into it from the 住民基本台帳. Data shown from \
                    anywhere else — another entry of the certificate, a form the user filled, a \
                    record kept from an earlier check — is unverified, and the 特定事業者 records \
                    it as verified.",
        reference: "犯罪収益移転防止法施行規則 第6条第1項第1号 (電子証明書及び当該電子証明書により確認\
                    される電子署名が行われた特定取引等に関する情報の送信を受ける方法, as amended \
                    2025-06-24); J-LIS 署名用電子証明書 profile (SubjectAltName otherName \
                    1.2.392.200149.8.5.5.1 氏名, .3 性別, .4 生年月日, .5 住所); \
                    docs/relying-party.md",
        roles: [RelyingParty],
        evaluate: fields_from_certificate,
    }
}

fn fields_from_certificate(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if run.card_face().is_some() {
        return Verdict::NotApplicable(super::words::counter::fields_from_card_face());
    }
    if run.auth_certificate().is_some() {
        return Verdict::NotApplicable(words::authentication_shows_no_fields());
    }
    if !run.account_statuses().is_empty() {
        return Verdict::NotApplicable(words::status_check_shows_no_person());
    }
    if e.result.outcome != Outcome::Accepted {
        return Verdict::NotApplicable(common::not_accepted(e.result.outcome));
    }
    let mut read = CertificateRead::sign();
    for step in run.before_result() {
        if let Step::Apdu(a) = step {
            read.feed(a);
        }
    }
    if read.is_empty() {
        return Verdict::Fail(words::no_certificate_read());
    }
    let Some(san) = subject_alt_names(read.bytes()) else {
        return Verdict::Fail(words::certificate_unreadable());
    };
    for (field, oid) in FIELDS {
        let Some(certified) = san.iter().find(|(o, _)| o == oid).map(|(_, v)| v) else {
            return Verdict::Fail(words::certificate_lacks(oid));
        };
        // The certificate's 生年月日 leads with the era digit; the field is `YYYYMMDD`.
        let certified = match field {
            ElementName::Birthdate => certified.get(1..).unwrap_or_default(),
            _ => certified.as_str(),
        };
        let field = field.as_str();
        match e.result.fields.get(field) {
            Some(shown) if shown == certified => {}
            Some(_) => return Verdict::Fail(words::field_not_certified(field, oid)),
            None => return Verdict::Fail(words::field_missing(field)),
        }
    }
    Verdict::Pass(words::fields_certified())
}

/// The `otherName`s of the SubjectAltName of the certificate `der` (read from the card, filler
/// after the DER allowed): each entry's OID and its UTF8String; `None` for bytes that are no
/// certificate with a SubjectAltName.
fn subject_alt_names(der: &[u8]) -> Option<Vec<(String, String)>> {
    let (_, cert) = X509Certificate::from_der(der).ok()?;
    let san = cert.subject_alternative_name().ok()??;
    Some(
        san.value
            .general_names
            .iter()
            .filter_map(|name| match name {
                GeneralName::OtherName(oid, explicit) => {
                    let (_, any) = Any::from_der(explicit).ok()?;
                    let (_, value) = Utf8String::from_der(any.data).ok()?;
                    Some((oid.to_id_string(), value.string()))
                }
                _ => None,
            })
            .collect(),
    )
}
