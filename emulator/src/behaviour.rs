//! Switches for the card behaviours that public sources leave uncertain.
//!
//! Each field is one item tagged uncertain in `docs/card.md` ("Open questions"); its default is
//! the behaviour the sources make most likely. Scenarios flip them to test how a client copes.

use crate::pin::{NotSetPolicy, WrongFormatPolicy};
use crate::sw::Sw;

/// The uncertain behaviours of a virtual card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Behaviour {
    /// Whether re-selecting the current DF clears its verified PINs. myna-card says it does not;
    /// OpenSC's `jpki_logout()` assumes it does. Default `false`.
    pub reselect_same_df_clears: bool,
    /// Whether a warm reset (`SCARD_RESET_CARD`) clears verified PINs. myna-card (citing JICSAP
    /// 5.1.3) says only power-off does. Default `false`.
    pub warm_reset_clears: bool,
    /// Filler bytes (`FF`) stored after the DER object in certificate EFs. Default 0.
    pub cert_filler: usize,
    /// The answer to `80 2A` when the guarding PIN is blocked (`6982` or `6984`). Default `6982`.
    pub sign_with_blocked_pin: Sw,
    /// The answer to a READ BINARY whose offset is at or past the end. Default `6B00`.
    pub read_past_end: Sw,
    /// Whether `SELECT … P2=00` returns an FCI (`6F { 84 <DF name> }`). Default `false`.
    pub fci_on_select: bool,
    /// Whether the first command after power-on answers `6F00` (seen once by myna-card).
    /// Default `false`.
    pub first_command_fails: bool,
    /// VERIFY with a PIN of the wrong format. Default: counts as a wrong try.
    pub verify_wrong_format: WrongFormatPolicy,
    /// PINs that were never set (顔認証マイナンバーカード).
    pub not_set_pin: NotSetPolicy,
    /// Tries of 照合番号A (kenhojo `0014`, kenkaku `0013`). Unknown; default 10.
    pub collation_a_tries: u8,
    /// Tries of 照合番号B (kenhojo `0015`, kenkaku `0012`). myna-card: 10.
    pub collation_b_tries: u8,
    /// Tries of the kenkaku birth-date key `0011`. Unknown; default 10.
    pub birth_key_tries: u8,
    /// Seed for GET CHALLENGE, so test runs are deterministic. `None` derives it from the serial.
    pub rng_seed: Option<u64>,
}

impl Default for Behaviour {
    fn default() -> Self {
        Behaviour {
            reselect_same_df_clears: false,
            warm_reset_clears: false,
            cert_filler: 0,
            sign_with_blocked_pin: Sw::SecurityStatusNotSatisfied,
            read_past_end: Sw::WrongParameters,
            fci_on_select: false,
            first_command_fails: false,
            verify_wrong_format: WrongFormatPolicy::default(),
            not_set_pin: NotSetPolicy::default(),
            collation_a_tries: 10,
            collation_b_tries: 10,
            birth_key_tries: 10,
            rng_seed: None,
        }
    }
}
