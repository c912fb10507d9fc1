//! What `RP-fields-from-certificate` says (`docs/relying-party.md`).

use crate::reason::Reason;

/// Accepted without the card giving its 署名用 certificate.
pub(in crate::rp) fn no_certificate_read() -> Reason {
    Reason::new(
        "the client accepted the person without reading the 署名用 certificate (JPKI EF 0001) \
         in this run",
        "この実行で署名用電子証明書 (JPKI EF 0001) を読まずに本人確認済みとした",
    )
    .message("rp/no-certificate-read")
}

/// The certificate read does not parse.
pub(in crate::rp) fn certificate_unreadable() -> Reason {
    Reason::new(
        "the 署名用 certificate read from the card is no certificate with a SubjectAltName",
        "カードから読んだ署名用電子証明書が SubjectAltName のある証明書として読めない",
    )
    .message("rp/certificate-unreadable")
}

/// The certificate has no entry `oid`.
pub(in crate::rp) fn certificate_lacks(oid: &str) -> Reason {
    Reason::new(
        format!("the 署名用 certificate read has no SubjectAltName entry {oid}"),
        format!("読んだ署名用電子証明書の SubjectAltName に {oid} がない"),
    )
    .message("rp/certificate-lacks")
    .code("oid", oid)
}

/// `field` shown is not the certificate's `oid`.
pub(in crate::rp) fn field_not_certified(field: &str, oid: &str) -> Reason {
    Reason::new(
        format!("the result's {field} is not the 署名用 certificate's ({oid})"),
        format!("結果の {field} が署名用電子証明書の値 ({oid}) と異なる"),
    )
    .message("rp/field-not-certified")
    .code("field", field)
    .code("oid", oid)
}

/// `field` is missing from an accepted result.
pub(in crate::rp) fn field_missing(field: &str) -> Reason {
    Reason::new(
        format!("the accepted result does not show {field} of the 署名用 certificate"),
        format!("本人確認済みの結果に署名用電子証明書の {field} がない"),
    )
    .message("rp/field-missing")
    .code("field", field)
}

/// Every field is the certificate's.
pub(in crate::rp) fn fields_certified() -> Reason {
    Reason::new(
        "Name, Birthdate, Sex1 and Address are the 署名用 certificate's read in this run",
        "Name・Birthdate・Sex1・Address はこの実行で読んだ署名用電子証明書の値",
    )
    .message("rp/fields-certified")
}

/// A 当人認証 shows no 基本4情報.
pub(in crate::rp) fn authentication_shows_no_fields() -> Reason {
    Reason::new(
        "a 当人認証 (flow authentication-by-nonce) shows no 基本4情報",
        "当人認証 (authentication-by-nonce) は基本4情報を表示しない",
    )
    .message("rp/authentication-no-fields")
}

/// A 現況確認 accepts no person: no 基本4情報 to judge.
pub(in crate::rp) fn status_check_shows_no_person() -> Reason {
    Reason::new(
        "a 現況確認 (flow status-check) shows no 基本4情報: it identifies nobody",
        "現況確認 (status-check) は基本4情報を表示しない: 本人確認ではない",
    )
    .message("rp/status-check-no-person")
}
