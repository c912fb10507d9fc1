//! `61xx` and `6Cxx`, the answers of a T=0 card or reader, resolved below the JPKI steps so that
//! they never reach them (`docs/reference-client.md`, "61xx and 6Cxx").
//!
//! The My Number card speaks T=1 and answers with its data directly, but a T=0 reader or a
//! driver can hand the client the two-byte answers ISO/IEC 7816-4 §5.1.3 defines: `61xx` means
//! "xx bytes wait, fetch them with GET RESPONSE `00 C0 00 00 xx`" (`00`: 256); `6Cxx` means
//! "wrong Le, send the same command again with Le = xx". Neither answer is data: a body that
//! came with one is dropped. Each is followed up a bounded number of times, so a card that keeps
//! answering them cannot hold the client.

use crate::card::CardError;
use crate::defects::{Defect, Defects};

/// At most this many GET RESPONSEs for one command (256 bytes each: 8 KiB, more than any EF
/// the client reads), and one resend for `6Cxx`.
const MAX_GET_RESPONSES: usize = 32;

/// A transport that resolves `61xx` and `6Cxx` for the one below it.
pub(crate) struct ProcedureBytes {
    /// The real card.
    pub(crate) card: Box<dyn crate::CardTransport + Send>,
    /// `accept-6cxx-as-data`: a `6Cxx` answer's body is returned as the data, with `9000`.
    pub(crate) accept_6cxx_as_data: bool,
}

impl ProcedureBytes {
    /// Wraps `card` for `defects`.
    pub(crate) fn new(
        card: Box<dyn crate::CardTransport + Send>,
        defects: &Defects,
    ) -> ProcedureBytes {
        ProcedureBytes {
            card,
            accept_6cxx_as_data: defects.has(Defect::Accept6CxxAsData),
        }
    }
}

/// `apdu` with its Le set to `le` (a short Le is replaced or appended; extended APDUs are sent
/// with a short Le, which every command this client sends allows).
fn with_le(apdu: &[u8], le: u8) -> Vec<u8> {
    let mut out = apdu.to_vec();
    match apdu.get(4..) {
        // Case 2: CLA INS P1 P2 Le.
        Some([_]) => out[4] = le,
        // Case 4: … Lc data Le.
        Some([lc, rest @ ..]) if rest.len() == usize::from(*lc) + 1 => {
            if let Some(last) = out.last_mut() {
                *last = le;
            }
        }
        // Case 1 or 3: Le is added.
        _ => out.push(le),
    }
    out
}

fn sw_of(response: &[u8]) -> Option<(u8, u8)> {
    match response {
        [.., sw1, sw2] => Some((*sw1, *sw2)),
        _ => None,
    }
}

impl crate::card::Decorator for ProcedureBytes {
    type Inner = dyn crate::CardTransport + Send;

    fn with_inner<R>(&mut self, f: impl FnOnce(&mut Self::Inner) -> R) -> R {
        f(&mut *self.card)
    }

    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>, CardError> {
        let mut response = self.card.transmit(apdu)?;
        if let Some((0x6C, xx)) = sw_of(&response) {
            if self.accept_6cxx_as_data {
                // The defect: the body is taken as the answer.
                let len = response.len();
                response[len - 2..].copy_from_slice(&[0x90, 0x00]);
                return Ok(response);
            }
            response = self.card.transmit(&with_le(apdu, xx))?;
        }
        let mut data = Vec::new();
        let mut fetched = 0;
        while let Some((0x61, xx)) = sw_of(&response) {
            if fetched == MAX_GET_RESPONSES {
                break;
            }
            fetched += 1;
            data.extend_from_slice(&response[..response.len() - 2]);
            response = self.card.transmit(&[0x00, 0xC0, 0x00, 0x00, xx])?;
        }
        if fetched > 0 {
            data.extend_from_slice(&response);
            return Ok(data);
        }
        Ok(response)
    }

    // The pad's VERIFY answers a status word only: no `61xx` or `6Cxx` to follow up, so
    // `verify_on_pad` is passed on as it is.

    fn open_reader(
        &mut self,
        reader: &str,
    ) -> Result<Box<dyn crate::CardTransport + Send>, CardError> {
        Ok(Box::new(ProcedureBytes {
            card: self.card.open_reader(reader)?,
            accept_6cxx_as_data: self.accept_6cxx_as_data,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CardTransport;

    /// A card that answers from a script and records what it got.
    struct Scripted {
        answers: Vec<Vec<u8>>,
        sent: std::sync::Arc<std::sync::Mutex<Vec<Vec<u8>>>>,
    }

    impl CardTransport for Scripted {
        fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>, CardError> {
            self.sent.lock().unwrap().push(apdu.to_vec());
            Ok(self.answers.remove(0))
        }
    }

    fn wrapped(answers: &[&[u8]], defects: &Defects) -> (ProcedureBytes, Scripted) {
        let sent = std::sync::Arc::default();
        let card = Scripted {
            answers: answers.iter().map(|a| a.to_vec()).collect(),
            sent: std::sync::Arc::clone(&sent),
        };
        let probe = Scripted {
            answers: Vec::new(),
            sent,
        };
        (ProcedureBytes::new(Box::new(card), defects), probe)
    }

    #[test]
    fn six_c_is_resent_with_the_le_the_card_names() {
        let (mut t, probe) = wrapped(
            &[&[1, 2, 0x6C, 0x04], &[1, 2, 3, 4, 0x90, 0x00]],
            &Defects::none(),
        );
        assert_eq!(
            t.transmit(&[0, 0xB0, 0, 0, 0x10]).unwrap(),
            [1, 2, 3, 4, 0x90, 0x00]
        );
        assert_eq!(
            *probe.sent.lock().unwrap(),
            [vec![0, 0xB0, 0, 0, 0x10], vec![0, 0xB0, 0, 0, 4]]
        );
    }

    #[test]
    fn the_defect_takes_the_body_of_6c_as_data() {
        let defects = Defects::none().with(Defect::Accept6CxxAsData);
        let (mut t, probe) = wrapped(&[&[1, 2, 0x6C, 0x04]], &defects);
        assert_eq!(
            t.transmit(&[0, 0xB0, 0, 0, 0x10]).unwrap(),
            [1, 2, 0x90, 0x00]
        );
        assert_eq!(probe.sent.lock().unwrap().len(), 1);
    }

    #[test]
    fn sixty_one_is_fetched_with_get_response() {
        let mut first = [7u8; 258];
        first[256..].copy_from_slice(&[0x61, 0x02]);
        let (mut t, probe) = wrapped(
            &[&[0x61, 0x00], &first, &[8, 8, 0x90, 0x00]],
            &Defects::none(),
        );
        let got = t.transmit(&[0, 0xB0, 0, 0, 0]).unwrap();
        assert_eq!(got.len(), 256 + 2 + 2);
        assert_eq!(&got[256..], [8, 8, 0x90, 0x00]);
        let sent = probe.sent.lock().unwrap();
        assert_eq!(sent[1..], [vec![0, 0xC0, 0, 0, 0], vec![0, 0xC0, 0, 0, 2]]);
    }

    #[test]
    fn le_is_set_in_each_case() {
        assert_eq!(with_le(&[0, 0xB0, 0, 0, 0x10], 4), [0, 0xB0, 0, 0, 4]);
        assert_eq!(
            with_le(&[0x80, 0x2A, 0, 0x80, 1, 9, 0], 5),
            [0x80, 0x2A, 0, 0x80, 1, 9, 5]
        );
        assert_eq!(
            with_le(&[0, 0xA4, 2, 0x0C, 2, 0, 0x0A], 5),
            [0, 0xA4, 2, 0x0C, 2, 0, 0x0A, 5]
        );
    }
}
