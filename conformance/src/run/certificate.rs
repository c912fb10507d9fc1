//! The auth certificate as the card answered it in this run: the data of each READ BINARY of
//! JPKI EF `000A` put at its offset, and, after an answer `61xx` on a T=0 reader, the data of the
//! GET RESPONSE that carries the rest (`docs/card.md`, scenario `card-t0-answers`).
//!
//! Two checks compare a card check's certificate with it (`SVC-result-rests-on-answer` and
//! `VIS-card-read`): a certificate the card never gave in this run is a stored or replayed one.

use mynakit_apdu::files::jpki;
use mynakit_apdu::Instruction;

use crate::run::Apdu;

/// The certificate's bytes read so far, fed one APDU at a time in timeline order.
#[derive(Debug)]
pub(crate) struct CertificateRead {
    /// The EF read: the auth certificate's, or the 署名用 one's ([`CertificateRead::sign`]).
    ef: u16,
    bytes: Vec<u8>,
    /// Where the data of a GET RESPONSE goes, after an answer `61xx` to a read of it.
    continues_at: Option<usize>,
}

impl Default for CertificateRead {
    fn default() -> CertificateRead {
        CertificateRead {
            ef: jpki::AUTH_CERT,
            bytes: Vec::new(),
            continues_at: None,
        }
    }
}

impl CertificateRead {
    /// The 署名用電子証明書 (EF `0001`) as read, for a relying party's checks.
    pub(crate) fn sign() -> CertificateRead {
        CertificateRead {
            ef: jpki::SIGN_CERT,
            ..CertificateRead::default()
        }
    }

    /// The bytes read, from offset 0.
    pub(crate) fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Takes one APDU of the timeline.
    pub(crate) fn feed(&mut self, a: &Apdu<'_>) {
        let more = a.sw.is_some_and(|sw| sw.to_u16() >> 8 == 0x61);
        let at = if a.is_read_binary() && (a.ok() || more) {
            let (ef, offset) = a.read_target();
            ef.is_none_or(|f| f == self.ef).then_some(offset)
        } else if a.instruction == Instruction::GetResponse && (a.ok() || more) {
            self.continues_at
        } else {
            None
        };
        self.continues_at = at.map(|offset| self.put(offset, &a.response));
        if !more {
            self.continues_at = None;
        }
    }

    /// Whether nothing of the certificate was read yet.
    pub(crate) fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// Whether `der` (non-empty) is what the card gave, from its first byte.
    pub(crate) fn holds(&self, der: &[u8]) -> bool {
        !der.is_empty() && self.bytes.len() >= der.len() && self.bytes[..der.len()] == der[..]
    }

    fn put(&mut self, offset: usize, data: &[u8]) -> usize {
        let end = offset + data.len();
        if self.bytes.len() < end {
            self.bytes.resize(end, 0);
        }
        self.bytes[offset..end].copy_from_slice(data);
        end
    }
}
