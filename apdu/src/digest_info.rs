//! The `DigestInfo` a client gives `80 2A` to sign (RFC 8017 §9.2: `SEQUENCE { SEQUENCE { OID,
//! NULL }, OCTET STRING }`), decoded once: which hash its AlgorithmIdentifier names. The
//! reference client builds the SHA-256 one (`docs/card.md`, "Signature `80 2A`"); the checks
//! read which hash a relying party had the card sign.

/// A hash a `DigestInfo` can name, by its OID (RFC 8017 Appendix B.1; NIST CSOR for SHA-2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DigestAlgorithm {
    /// `1.3.14.3.2.26`.
    Sha1,
    /// `2.16.840.1.101.3.4.2.4`.
    Sha224,
    /// `2.16.840.1.101.3.4.2.1`.
    Sha256,
    /// `2.16.840.1.101.3.4.2.2`.
    Sha384,
    /// `2.16.840.1.101.3.4.2.3`.
    Sha512,
}

/// The algorithms by their OID's content bytes (DER, without tag and length).
const OIDS: &[(&[u8], DigestAlgorithm)] = &[
    (&[0x2B, 0x0E, 0x03, 0x02, 0x1A], DigestAlgorithm::Sha1),
    (
        &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x04],
        DigestAlgorithm::Sha224,
    ),
    (
        &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01],
        DigestAlgorithm::Sha256,
    ),
    (
        &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02],
        DigestAlgorithm::Sha384,
    ),
    (
        &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03],
        DigestAlgorithm::Sha512,
    ),
];

impl DigestAlgorithm {
    /// The hash's name, as NIST writes it.
    pub fn name(self) -> &'static str {
        match self {
            DigestAlgorithm::Sha1 => "SHA-1",
            DigestAlgorithm::Sha224 => "SHA-224",
            DigestAlgorithm::Sha256 => "SHA-256",
            DigestAlgorithm::Sha384 => "SHA-384",
            DigestAlgorithm::Sha512 => "SHA-512",
        }
    }

    /// The digest's length in bytes.
    fn len(self) -> usize {
        match self {
            DigestAlgorithm::Sha1 => 20,
            DigestAlgorithm::Sha224 => 28,
            DigestAlgorithm::Sha256 => 32,
            DigestAlgorithm::Sha384 => 48,
            DigestAlgorithm::Sha512 => 64,
        }
    }

    /// SHA-256 or stronger: what a new signature uses (CRYPTREC 暗号リスト: SHA-1 not for new
    /// signatures; NIST SP 800-131A Rev. 2 §9: SHA-1 disallowed for digital signature
    /// generation).
    pub fn is_strong(self) -> bool {
        self.len() >= 32
    }
}

/// What a decoded `DigestInfo` names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DigestInfo {
    /// The hash, `None` for an OID that names none of [`DigestAlgorithm`].
    pub algorithm: Option<DigestAlgorithm>,
    /// The AlgorithmIdentifier's OID, dotted (`2.16.840.1.101.3.4.2.1`).
    pub oid: String,
}

impl DigestInfo {
    /// Decodes `data` as a DER `DigestInfo` that fills it exactly; `None` when it is not one
    /// (a bare hash, say). A known hash's digest must have its length.
    pub fn decode(data: &[u8]) -> Option<DigestInfo> {
        let (body, rest) = tlv(data, 0x30)?;
        if !rest.is_empty() {
            return None;
        }
        let (identifier, rest) = tlv(body, 0x30)?;
        let (digest, rest) = tlv(rest, 0x04)?;
        if !rest.is_empty() {
            return None;
        }
        let (oid, parameters) = tlv(identifier, 0x06)?;
        // Parameters absent or NULL (RFC 8017 Appendix B.1).
        if !(parameters.is_empty() || parameters == [0x05, 0x00]) {
            return None;
        }
        let algorithm = OIDS.iter().find(|(o, _)| *o == oid).map(|(_, a)| *a);
        if algorithm.is_some_and(|a| a.len() != digest.len()) {
            return None;
        }
        Some(DigestInfo {
            algorithm,
            oid: dotted(oid)?,
        })
    }
}

/// The content of the DER element with `tag` at the start of `bytes`, and what follows it.
fn tlv(bytes: &[u8], tag: u8) -> Option<(&[u8], &[u8])> {
    let (&first, rest) = bytes.split_first()?;
    if first != tag {
        return None;
    }
    let (&len, rest) = rest.split_first()?;
    let (len, rest) = match len {
        0x00..=0x7F => (usize::from(len), rest),
        0x81 => {
            let (&n, rest) = rest.split_first()?;
            (usize::from(n), rest)
        }
        0x82 => {
            let (n, rest) = rest.split_at_checked(2)?;
            (usize::from(u16::from_be_bytes([n[0], n[1]])), rest)
        }
        _ => return None,
    };
    rest.split_at_checked(len)
}

/// An OID's content bytes, dotted (X.690 §8.19).
fn dotted(content: &[u8]) -> Option<String> {
    let mut arcs: Vec<u64> = Vec::new();
    let mut arc: u64 = 0;
    for &b in content {
        arc = arc.checked_mul(128)? | u64::from(b & 0x7F);
        if b & 0x80 == 0 {
            arcs.push(arc);
            arc = 0;
        }
    }
    if arc != 0 || arcs.is_empty() || content.last().is_some_and(|b| b & 0x80 != 0) {
        return None;
    }
    let first = arcs[0];
    let (a, b) = match first {
        0..=39 => (0, first),
        40..=79 => (1, first - 40),
        _ => (2, first - 80),
    };
    let mut parts = vec![a.to_string(), b.to_string()];
    parts.extend(arcs[1..].iter().map(u64::to_string));
    Some(parts.join("."))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(oid: &[u8], digest_len: u8) -> Vec<u8> {
        let oid_len = u8::try_from(oid.len()).unwrap_or(0);
        let mut v = vec![0x30, 0, 0x30, oid_len + 4, 0x06, oid_len];
        v.extend_from_slice(oid);
        v.extend([0x05, 0x00, 0x04, digest_len]);
        v.extend(std::iter::repeat_n(0xAB, usize::from(digest_len)));
        v[1] = u8::try_from(v.len() - 2).unwrap_or(0);
        v
    }

    #[test]
    fn the_known_hashes_are_named_and_judged() {
        let sha256 = of(OIDS[2].0, 32);
        // RFC 8017 §9.2 note 1's SHA-256 prefix.
        assert_eq!(
            sha256[..19],
            [
                0x30, 0x31, 0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                0x01, 0x05, 0x00, 0x04, 0x20
            ]
        );
        let info = DigestInfo::decode(&sha256);
        assert_eq!(
            info.as_ref().and_then(|i| i.algorithm),
            Some(DigestAlgorithm::Sha256)
        );
        assert_eq!(
            info.map(|i| i.oid).as_deref(),
            Some("2.16.840.1.101.3.4.2.1")
        );
        let sha1 = DigestInfo::decode(&of(OIDS[0].0, 20));
        assert_eq!(
            sha1.as_ref().and_then(|i| i.algorithm),
            Some(DigestAlgorithm::Sha1)
        );
        assert_eq!(sha1.map(|i| i.oid).as_deref(), Some("1.3.14.3.2.26"));
        assert!(!DigestAlgorithm::Sha1.is_strong());
        assert!(!DigestAlgorithm::Sha224.is_strong());
        assert!(DigestAlgorithm::Sha256.is_strong() && DigestAlgorithm::Sha512.is_strong());
    }

    #[test]
    fn an_unknown_oid_is_named_and_a_bare_hash_is_none() {
        // MD5, 1.2.840.113549.2.5: a DigestInfo, of no hash named here.
        let md5 = DigestInfo::decode(&of(&[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x02, 0x05], 16));
        assert_eq!(md5.as_ref().map(|i| i.algorithm), Some(None));
        assert_eq!(md5.map(|i| i.oid).as_deref(), Some("1.2.840.113549.2.5"));
        assert_eq!(DigestInfo::decode(&[0xAB; 32]), None);
        assert_eq!(DigestInfo::decode(&[]), None);
        // A SHA-256 OID over 20 bytes, and trailing bytes.
        assert_eq!(DigestInfo::decode(&of(OIDS[2].0, 20)), None);
        let mut trailing = of(OIDS[2].0, 32);
        trailing.push(0);
        assert_eq!(DigestInfo::decode(&trailing), None);
    }
}
