//! PINs and their retry counters: the persistent half of the card's security state.
//!
//! Counters never recover with time; a correct entry resets them; the attempt that exhausts the
//! counter answers `63C0` and every later VERIFY answers `6984` (OpenSC `card-jpki.c`, myna-card,
//! jpki/myna; see `docs/card.md`, "PINs"). Whether a PIN was *verified* is volatile and lives in
//! [`crate::security`], not here.

use mynakit_apdu::Sw;

/// What a PIN value must look like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PinFormat {
    /// Exactly `n` ASCII digits (利用者証明用暗証番号, 券面事項入力補助用暗証番号, 住基 PIN, 照合番号).
    Digits(usize),
    /// 署名用パスワード: 6–16 characters of `A–Z` and `0–9`, with at least one of each.
    SignPassword,
}

impl PinFormat {
    /// Whether `value` has this format.
    pub fn accepts(self, value: &[u8]) -> bool {
        match self {
            PinFormat::Digits(n) => value.len() == n && value.iter().all(u8::is_ascii_digit),
            PinFormat::SignPassword => mynakit_persona::is_sign_password(value),
        }
    }
}

/// The persistent state of one PIN.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PinState {
    /// Set, with this many tries left (at least 1).
    Active {
        /// Tries before the PIN blocks.
        tries_left: u8,
    },
    /// The counter reached zero. Only the municipal office could reset it.
    Blocked,
    /// Never set: a 顔認証マイナンバーカード is issued without PINs.
    NotSet,
}

/// How a card answers a VERIFY whose PIN has the wrong format. Unknown on real cards
/// (`docs/card.md`, "Open questions"), so it is a switch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum WrongFormatPolicy {
    /// Treat it as a wrong PIN: a try is consumed. The safer assumption for client testing.
    #[default]
    CountsAsWrong,
    /// Reject it with the given status word without touching the counter.
    Reject(Sw),
}

/// How a PIN that was never set (顔認証 card) answers. Unknown on real cards, so a switch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotSetPolicy {
    /// The answer to an empty VERIFY. Default `63C0`, so that OpenSC's binding still works.
    pub empty_verify: Sw,
    /// The answer to a VERIFY with data. Default `6984`, as for a blocked PIN.
    pub verify: Sw,
}

impl Default for NotSetPolicy {
    fn default() -> Self {
        NotSetPolicy {
            empty_verify: Sw::RetriesLeft(0),
            verify: Sw::RefDataNotUsable,
        }
    }
}

/// One PIN (key reference) on the card.
#[derive(Clone)]
pub struct Pin {
    format: PinFormat,
    max_tries: u8,
    value: Vec<u8>,
    state: PinState,
}

impl std::fmt::Debug for Pin {
    /// The value is never printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pin")
            .field("format", &self.format)
            .field("max_tries", &self.max_tries)
            .field("state", &self.state)
            .finish_non_exhaustive()
    }
}

/// What a VERIFY with data did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VerifyOutcome {
    /// The PIN matched; the caller marks it verified in the current DF.
    Verified,
    /// The PIN did not match, or could not be tried: answer with this status word.
    Rejected(Sw),
}

impl Pin {
    /// A set PIN with `tries_left` tries (clamped to `max_tries`; `0` makes it blocked).
    pub fn new(format: PinFormat, max_tries: u8, value: &[u8], tries_left: u8) -> Pin {
        let tries_left = tries_left.min(max_tries);
        let state = if tries_left == 0 {
            PinState::Blocked
        } else {
            PinState::Active { tries_left }
        };
        Pin {
            format,
            max_tries,
            value: value.to_vec(),
            state,
        }
    }

    /// A PIN that was never set.
    pub fn not_set(format: PinFormat, max_tries: u8) -> Pin {
        Pin {
            format,
            max_tries,
            value: Vec::new(),
            state: PinState::NotSet,
        }
    }

    /// The persistent state.
    pub fn state(&self) -> &PinState {
        &self.state
    }

    /// Tries left (0 when blocked or not set).
    pub fn tries_left(&self) -> u8 {
        match self.state {
            PinState::Active { tries_left } => tries_left,
            PinState::Blocked | PinState::NotSet => 0,
        }
    }

    /// The counter's maximum.
    pub fn max_tries(&self) -> u8 {
        self.max_tries
    }

    /// The value format.
    pub fn format(&self) -> PinFormat {
        self.format
    }

    /// Sets the tries left, as a scenario or a QA person may do on a running card.
    pub fn set_tries_left(&mut self, tries: u8) {
        if self.state == PinState::NotSet {
            return;
        }
        let tries = tries.min(self.max_tries);
        self.state = if tries == 0 {
            PinState::Blocked
        } else {
            PinState::Active { tries_left: tries }
        };
    }

    /// The answer to an empty VERIFY: `63Cx` in every state, even after a successful VERIFY
    /// (Hamano on a real card, OpenSC issue #959); OpenSC's binding fails on anything else.
    pub fn status(&self, not_set: NotSetPolicy) -> Sw {
        match self.state {
            PinState::NotSet => not_set.empty_verify,
            _ => Sw::RetriesLeft(self.tries_left()),
        }
    }

    /// A VERIFY with data.
    pub fn verify(
        &mut self,
        candidate: &[u8],
        wrong_format: WrongFormatPolicy,
        not_set: NotSetPolicy,
    ) -> VerifyOutcome {
        let tries_left = match self.state {
            PinState::NotSet => return VerifyOutcome::Rejected(not_set.verify),
            PinState::Blocked => return VerifyOutcome::Rejected(Sw::RefDataNotUsable),
            PinState::Active { tries_left } => tries_left,
        };
        if !self.format.accepts(candidate) {
            if let WrongFormatPolicy::Reject(sw) = wrong_format {
                return VerifyOutcome::Rejected(sw);
            }
        }
        if constant_time_eq(candidate, &self.value) {
            self.state = PinState::Active {
                tries_left: self.max_tries,
            };
            return VerifyOutcome::Verified;
        }
        let left = tries_left - 1;
        self.state = if left == 0 {
            PinState::Blocked
        } else {
            PinState::Active { tries_left: left }
        };
        VerifyOutcome::Rejected(Sw::RetriesLeft(left))
    }

    /// CHANGE REFERENCE DATA: the caller has checked that the PIN is verified in this DF.
    /// The card enforces the format (myna-card); a bad one answers `wrong_format`, which is
    /// unknown on real cards ([`crate::Behaviour::change_wrong_format`], default `6A80`).
    pub fn change(&mut self, new_value: &[u8], wrong_format: Sw) -> Result<(), Sw> {
        if !self.format.accepts(new_value) {
            return Err(wrong_format);
        }
        self.value = new_value.to_vec();
        self.state = PinState::Active {
            tries_left: self.max_tries,
        };
        Ok(())
    }
}

/// Compares without an early exit, so the emulator does not model a timing oracle real cards lack.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auth_pin() -> Pin {
        Pin::new(PinFormat::Digits(4), 3, b"1234", 3)
    }

    #[test]
    fn wrong_tries_count_down_then_block() {
        let mut pin = auth_pin();
        let (wf, ns) = (WrongFormatPolicy::default(), NotSetPolicy::default());
        assert_eq!(
            pin.verify(b"0000", wf, ns),
            VerifyOutcome::Rejected(Sw::RetriesLeft(2))
        );
        assert_eq!(
            pin.verify(b"0000", wf, ns),
            VerifyOutcome::Rejected(Sw::RetriesLeft(1))
        );
        assert_eq!(
            pin.verify(b"0000", wf, ns),
            VerifyOutcome::Rejected(Sw::RetriesLeft(0))
        );
        assert_eq!(pin.state(), &PinState::Blocked);
        assert_eq!(
            pin.verify(b"1234", wf, ns),
            VerifyOutcome::Rejected(Sw::RefDataNotUsable)
        );
        assert_eq!(pin.status(ns), Sw::RetriesLeft(0));
    }

    #[test]
    fn a_correct_pin_resets_the_counter() {
        let mut pin = auth_pin();
        let (wf, ns) = (WrongFormatPolicy::default(), NotSetPolicy::default());
        pin.verify(b"9999", wf, ns);
        assert_eq!(pin.verify(b"1234", wf, ns), VerifyOutcome::Verified);
        assert_eq!(pin.status(ns), Sw::RetriesLeft(3));
    }

    #[test]
    fn wrong_format_policy() {
        let mut pin = auth_pin();
        let ns = NotSetPolicy::default();
        let reject = WrongFormatPolicy::Reject(Sw::WrongLength);
        assert_eq!(
            pin.verify(b"12345", reject, ns),
            VerifyOutcome::Rejected(Sw::WrongLength)
        );
        assert_eq!(pin.tries_left(), 3);
        let count = WrongFormatPolicy::CountsAsWrong;
        assert_eq!(
            pin.verify(b"12345", count, ns),
            VerifyOutcome::Rejected(Sw::RetriesLeft(2))
        );
    }

    #[test]
    fn sign_password_format() {
        assert!(PinFormat::SignPassword.accepts(b"ABC123"));
        assert!(!PinFormat::SignPassword.accepts(b"abc123"));
        assert!(!PinFormat::SignPassword.accepts(b"ABCDEF"));
        assert!(!PinFormat::SignPassword.accepts(b"AB12"));
        assert!(!PinFormat::SignPassword.accepts(b"ABCDEFGH12345678X"));
    }

    #[test]
    fn not_set_pins_follow_the_policy() {
        let mut pin = Pin::not_set(PinFormat::Digits(4), 3);
        let ns = NotSetPolicy::default();
        assert_eq!(pin.status(ns), Sw::RetriesLeft(0));
        assert_eq!(
            pin.verify(b"1234", WrongFormatPolicy::default(), ns),
            VerifyOutcome::Rejected(Sw::RefDataNotUsable)
        );
    }
}
