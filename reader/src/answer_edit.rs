//! Edits of the card's own answer, made after the card executed a command: how a fault shows a
//! client what a T=0 card or a flaky reader would hand it (`docs/reader.md`, "Answer edits").
//!
//! The My Number card speaks T=1 and never answers `61xx` or `6Cxx` (`docs/card.md`, "Status
//! words"), but a T=0 reader or another card does. ISO/IEC 7816-4 §5.1.3 (`61xx`: xx more bytes
//! wait, fetch them with GET RESPONSE `00 C0 00 00 xx`; `6Cxx`: wrong Le, resend with Le = xx)
//! and ISO/IEC 7816-3 §10.3.3 (the T=0 procedure bytes) say what a client must do with them.

/// What becomes of the card's answer. [`AnswerEdit::Keep`] (the default) leaves it alone.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum AnswerEdit {
    /// The answer as the card gave it.
    #[default]
    Keep,
    /// `6Cxx`, xx = how many data bytes the card returned (`00` for 256): "wrong Le, ask again
    /// with Le = xx". The data is dropped unless `keep_data` (a reader that passes on what it
    /// got along with the procedure bytes). An answer without data is left alone.
    WrongLength {
        /// Keep the data before `6Cxx`.
        keep_data: bool,
    },
    /// `61xx`, xx = how many data bytes wait (`00` for 256 or more); the data and the card's
    /// status word are held for GET RESPONSE. An answer without data is left alone.
    MoreData,
    /// The last `n` data bytes are lost (all of them when `n` is larger); the status word stays.
    Truncate(usize),
    /// `n` filler bytes ([`FILLER`]) follow the data, before the status word.
    Extend(usize),
}

/// The byte an [`AnswerEdit::Extend`] adds: not `00` or `FF`, so that it shows in a hex dump.
pub(crate) const FILLER: u8 = 0xA5;

/// Data held after a `61xx`, answered by GET RESPONSE.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Held {
    data: Vec<u8>,
    sw: [u8; 2],
}

/// The edited answer and, after `61xx`, what GET RESPONSE will return.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edited {
    /// What the client receives.
    pub answer: Vec<u8>,
    /// Held for GET RESPONSE.
    pub held: Option<Held>,
}

/// Splits `response` into data and status word; `None` when it has no status word.
fn split(response: &[u8]) -> Option<(&[u8], [u8; 2])> {
    let (data, sw) = response.split_at(response.len().checked_sub(2)?);
    Some((data, [sw[0], sw[1]]))
}

/// SW2 for a length: the low byte, where `00` stands for 256 (or more, for `61xx`).
fn length_byte(len: usize) -> u8 {
    if len >= 256 {
        0
    } else {
        u8::try_from(len).unwrap_or(0)
    }
}

impl AnswerEdit {
    /// Applies the edit to the card's `response` (data, then SW1 SW2).
    pub fn apply(&self, response: Vec<u8>) -> Edited {
        let keep = |answer| Edited { answer, held: None };
        let Some((data, sw)) = split(&response) else {
            return keep(response);
        };
        match self {
            AnswerEdit::Keep => keep(response),
            AnswerEdit::WrongLength { .. } | AnswerEdit::MoreData if data.is_empty() => {
                keep(response)
            }
            AnswerEdit::WrongLength { keep_data } => {
                let mut answer = if *keep_data {
                    data.to_vec()
                } else {
                    Vec::new()
                };
                answer.extend([0x6C, length_byte(data.len())]);
                keep(answer)
            }
            AnswerEdit::MoreData => Edited {
                answer: vec![0x61, length_byte(data.len())],
                held: Some(Held {
                    data: data.to_vec(),
                    sw,
                }),
            },
            AnswerEdit::Truncate(n) => {
                let mut answer = data[..data.len().saturating_sub(*n)].to_vec();
                answer.extend(sw);
                keep(answer)
            }
            AnswerEdit::Extend(n) => {
                let mut answer = data.to_vec();
                answer.extend(std::iter::repeat_n(FILLER, *n));
                answer.extend(sw);
                keep(answer)
            }
        }
    }
}

/// Whether `apdu` is GET RESPONSE (`00 C0 00 00 [Le]`).
pub fn is_get_response(apdu: &[u8]) -> bool {
    matches!(apdu, [0x00, 0xC0, 0x00, 0x00] | [0x00, 0xC0, 0x00, 0x00, _])
}

impl Held {
    /// Answers GET RESPONSE `apdu` from the held data: up to Le bytes (`00` or none: 256), then
    /// `61xx` while more wait, else the card's own status word. `None` once all was fetched.
    pub fn answer(&mut self, apdu: &[u8]) -> (Vec<u8>, bool) {
        let le = match apdu.get(4) {
            None | Some(0) => 256,
            Some(&n) => usize::from(n),
        };
        let take = le.min(self.data.len());
        let mut answer: Vec<u8> = self.data.drain(..take).collect();
        let done = self.data.is_empty();
        if done {
            answer.extend(self.sw);
        } else {
            answer.extend([0x61, length_byte(self.data.len())]);
        }
        (answer, done)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrong_length_says_how_many_bytes_there_were() {
        let card = vec![1, 2, 3, 0x90, 0x00];
        let edit = AnswerEdit::WrongLength { keep_data: false };
        assert_eq!(edit.apply(card.clone()).answer, [0x6C, 3]);
        let edit = AnswerEdit::WrongLength { keep_data: true };
        assert_eq!(edit.apply(card).answer, [1, 2, 3, 0x6C, 3]);
        assert_eq!(edit.apply(vec![0x90, 0x00]).answer, [0x90, 0x00]);
        let long = [vec![7; 256], vec![0x90, 0x00]].concat();
        assert_eq!(
            AnswerEdit::WrongLength { keep_data: false }
                .apply(long)
                .answer,
            [0x6C, 0x00]
        );
    }

    #[test]
    fn more_data_is_fetched_with_get_response() {
        let card = [vec![9; 300], vec![0x90, 0x00]].concat();
        let edited = AnswerEdit::MoreData.apply(card);
        assert_eq!(edited.answer, [0x61, 0x00]);
        let mut held = edited.held.unwrap();
        assert!(is_get_response(&[0, 0xC0, 0, 0, 0]));
        assert!(!is_get_response(&[0, 0xB0, 0, 0, 0]));
        let (first, done) = held.answer(&[0, 0xC0, 0, 0, 0]);
        assert_eq!(
            (first.len(), &first[256..], done),
            (258, &[0x61, 44][..], false)
        );
        let (rest, done) = held.answer(&[0, 0xC0, 0, 0, 44]);
        assert_eq!(
            (rest.len(), &rest[44..], done),
            (46, &[0x90, 0x00][..], true)
        );
    }

    #[test]
    fn truncate_and_extend_keep_the_status_word() {
        let card = vec![1, 2, 3, 0x90, 0x00];
        assert_eq!(
            AnswerEdit::Truncate(2).apply(card.clone()).answer,
            [1, 0x90, 0x00]
        );
        assert_eq!(
            AnswerEdit::Truncate(9).apply(card.clone()).answer,
            [0x90, 0x00]
        );
        assert_eq!(
            AnswerEdit::Extend(2).apply(card).answer,
            [1, 2, 3, FILLER, FILLER, 0x90, 0x00]
        );
        assert_eq!(AnswerEdit::Extend(2).apply(vec![0x90]).answer, [0x90]);
    }
}
