//! The CRL reason codes a persona's revocation may give (RFC 5280 §5.3.1), and the words persona
//! files spell them with.

/// Why a certificate was revoked: the RFC 5280 `CRLReason` values JPKI's relying parties map
/// (基本4情報 changed, renewed, cessation, key compromise, hold; `docs/revocation.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// `unspecified (0)`.
    Unspecified,
    /// `keyCompromise (1)`: the card or its password lost or stolen.
    KeyCompromise,
    /// `affiliationChanged (3)`: the 基本4情報 the 署名用 certificate carries changed.
    AffiliationChanged,
    /// `superseded (4)`: replaced by a renewed certificate.
    Superseded,
    /// `cessationOfOperation (5)`: revoked on the holder's application, or the card returned.
    CessationOfOperation,
    /// `certificateHold (6)`: suspended (一時保留), may come back.
    CertificateHold,
}

impl Reason {
    /// Every reason, for the docs and the error's list.
    pub const ALL: [Reason; 6] = [
        Reason::Unspecified,
        Reason::KeyCompromise,
        Reason::AffiliationChanged,
        Reason::Superseded,
        Reason::CessationOfOperation,
        Reason::CertificateHold,
    ];

    /// The word persona files use (`revoked = { reason = "key-compromise" }`).
    pub fn word(self) -> &'static str {
        match self {
            Reason::Unspecified => "unspecified",
            Reason::KeyCompromise => "key-compromise",
            Reason::AffiliationChanged => "affiliation-changed",
            Reason::Superseded => "superseded",
            Reason::CessationOfOperation => "cessation-of-operation",
            Reason::CertificateHold => "certificate-hold",
        }
    }

    /// The `CRLReason` ENUMERATED value.
    pub fn code(self) -> i64 {
        match self {
            Reason::Unspecified => 0,
            Reason::KeyCompromise => 1,
            Reason::AffiliationChanged => 3,
            Reason::Superseded => 4,
            Reason::CessationOfOperation => 5,
            Reason::CertificateHold => 6,
        }
    }

    /// The reason a persona file's word names, if any.
    pub fn from_word(word: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.word() == word)
    }
}

#[cfg(test)]
mod tests {
    use super::Reason;

    #[test]
    fn words_read_back_and_codes_are_rfc_5280s() {
        for reason in Reason::ALL {
            assert_eq!(Reason::from_word(reason.word()), Some(reason));
        }
        let codes: Vec<i64> = Reason::ALL.iter().map(|r| r.code()).collect();
        assert_eq!(codes, [0, 1, 3, 4, 5, 6]);
        assert_eq!(Reason::from_word("lost"), None);
    }
}
