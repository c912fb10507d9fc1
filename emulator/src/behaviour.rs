//! Switches for the card behaviours that public sources leave uncertain.
//!
//! Each field is one item tagged uncertain (`[U]`) in `docs/card.md` (table "Open questions and
//! switches") and in the reference notes (`jpki-card.md` §13: "Open `[U]` items to make
//! configurable"); its default is the behaviour the sources make most likely. Scenarios flip them
//! to test how a client copes. `emulator/tests/integration/switches.rs` proves that each one
//! changes what the card answers.

use crate::pin::{NotSetPolicy, WrongFormatPolicy};
use mynakit_apdu::Sw;

/// The uncertain behaviours of a virtual card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Behaviour {
    /// Whether re-selecting the current DF clears its verified PINs. myna-card says it does not;
    /// OpenSC's `jpki_logout()` assumes it does. Default `false`.
    pub reselect_same_df_clears: bool,
    /// Whether a warm reset (`SCARD_RESET_CARD`) clears verified PINs. myna-card (citing JICSAP
    /// 5.1.3) says only power-off does. Default `false`. Either way the card is back at MF level.
    pub warm_reset_clears: bool,
    /// Filler bytes (`FF`) stored after the DER object in certificate EFs. Default 0.
    pub cert_filler: usize,
    /// The answer to `80 2A` when the guarding PIN is not verified. No public trace of it;
    /// myna-card saw `6982` for PIN-guarded keys under INTERNAL AUTHENTICATE. Default `6982`.
    pub sign_without_pin: Sw,
    /// The answer to `80 2A` when the guarding PIN is blocked (`6982` or `6984`). Default `6982`.
    pub sign_with_blocked_pin: Sw,
    /// The answer to `80 2A` whose input has the wrong length (empty or over k−11 bytes; P1 `02`
    /// with other than 32 bytes). myna-card: "`6700` or `6985`". Default `6700`.
    pub sign_input_wrong_length: Sw,
    /// The answer to a READ BINARY whose offset is at or past the end. Default `6B00`.
    pub read_past_end: Sw,
    /// The answer to READ BINARY, VERIFY or `80 2A` that addresses the current EF when none is
    /// current (JICSAP table, jpki/myna's dummy reader). Default `6986`.
    pub no_current_ef: Sw,
    /// The answer to a SELECT of an AID the card does not have (ISO 7816-4). Default `6A82`.
    /// OpenSC's driver matching breaks if this is `9000`, which makes it a useful fault.
    pub unknown_aid: Sw,
    /// The answer to a SELECT, SFI read or key reference of an FID the current DF does not have
    /// (ISO 7816-4; jpki/myna's dummy reader). Default `6A82`. At MF level `6A82` is observed
    /// (myna-card `mf.rs`) and not switched.
    pub unknown_fid: Sw,
    /// The answer to VERIFY or CHANGE of a key reference the current DF does not have. Default
    /// `6A88` (ISO 7816-4 "referenced data not found").
    pub unknown_key_reference: Sw,
    /// The answer to VERIFY or CHANGE when the addressed EF is not a PIN. Default `6981`.
    pub verify_not_a_pin: Sw,
    /// The answer to CHANGE REFERENCE DATA with a new value of the wrong format; the card
    /// enforces the format (myna-card) but its answer is not public. Default `6A80`.
    pub change_wrong_format: Sw,
    /// The answer to an instruction the card does not know. myna-card notes no AP answered
    /// `6D00` to `80 AE`, implying that is the unknown-INS answer. Default `6D00`.
    pub unknown_ins: Sw,
    /// The answer to a class byte the card does not accept (ISO 7816-4). Default `6E00`.
    pub unknown_cla: Sw,
    /// The answer to GET DATA of an MF-level object inside an application (myna-card: they answer
    /// "there, and only there"). `5F51` answers in every AP too. Default `6985`.
    pub get_data_in_ap: Sw,
    /// The answer to GET DATA of an object the card does not have (myna-card: "treat a 6A88 as
    /// an ordinary answer"). Default `6A88`.
    pub get_data_other_object: Sw,
    /// Filler after the TLV in the 券面 APs' data records (kenhojo and kenkaku EF `0002`). No
    /// public source gives the physical EF sizes: myna-card's dumps are the bare TLVs, and a
    /// strict TLV parser (AokiApp/jsapdu's `@aokiapp/tlv`) rejects trailing bytes. Default `None`
    /// (the TLV only, for both files alike).
    pub record_filler: Option<RecordFiller>,
    /// The answer to `80 A2 00 C1` (terminal CV certificate). The sources conflict: myna-card
    /// got `6A86` for every `80 A2` P1-P2 it tried on real cards; AokiApp/jsapdu's end-to-end
    /// test (`randr.e2e.test.ts`) sends `80 A2 00 C1` with 256 bytes and asserts `6700`.
    /// Default `6A86` (myna-card); `6700` gives jsapdu's.
    pub terminal_certificate_c1: Sw,
    /// Whether `SELECT … P2=00` returns an FCI (`6F { 84 <DF name> }`). Default `false`.
    pub fci_on_select: bool,
    /// Whether the first command after power-on answers `6F00` (seen once by myna-card).
    /// Default `false`.
    pub first_command_fails: bool,
    /// VERIFY with a PIN of the wrong format. Default: counts as a wrong try.
    pub verify_wrong_format: WrongFormatPolicy,
    /// PINs that were never set (顔認証マイナンバーカード).
    pub not_set_pin: NotSetPolicy,
    /// The JPKI EF `0008` flag byte of an absent certificate (under-15 and 顔認証 cards have no
    /// sign certificate). myna-card only shows `8F` for a present one. Default `00`.
    pub absent_certificate_flag: u8,
    /// The FID of the 券面事項確認AP's own key (`80 2A 00 00`); not public. Default `0014`.
    pub kenkaku_own_key_fid: u16,
    /// Tries of 照合番号A (kenhojo `0014`, kenkaku `0013`). Unknown; default 10.
    pub collation_a_tries: u8,
    /// Tries of 照合番号B (kenhojo `0015`, kenkaku `0012`). myna-card: 10.
    pub collation_b_tries: u8,
    /// Tries of the kenkaku birth-date key `0011`. Unknown; default 10.
    pub birth_key_tries: u8,
    /// Seed for GET CHALLENGE, so test runs are deterministic. `None` derives it from the serial.
    pub rng_seed: Option<u64>,
    /// ASSUMPTION for the `phone-iphone` profile: the iPhone was unlocked with Face ID / Touch ID
    /// on the phone, so its 利用者証明用 certificate and key work without a VERIFY at the reader
    /// (the APDU-level behaviour is not public; `docs/card.md`, "Phone profiles"). `false`
    /// makes the iPhone ask for the PIN as the Android token does. Default `true`.
    pub phone_unlocked: bool,
}

/// Filler appended to the 券面 APs' `EF 0002` records, as if each EF had a fixed physical size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecordFiller {
    /// The filler byte (`FF` is what kenhojo EF `0001` is known to use).
    pub byte: u8,
    /// The physical size of kenhojo EF `0002` (基本4情報).
    pub kenhojo_ef0002: usize,
    /// The physical size of kenkaku EF `0002` (the card face).
    pub kenkaku_ef0002: usize,
}

impl RecordFiller {
    /// mynakit's earlier stand-in: kenhojo EF `0002` padded with `FF` to 512 bytes. The kenkaku
    /// card face gets 4096 bytes, which holds every bundled persona's record.
    pub const FF_512: RecordFiller = RecordFiller {
        byte: 0xFF,
        kenhojo_ef0002: 512,
        kenkaku_ef0002: 4096,
    };
}

impl Default for Behaviour {
    fn default() -> Self {
        Behaviour {
            reselect_same_df_clears: false,
            warm_reset_clears: false,
            cert_filler: 0,
            sign_without_pin: Sw::SecurityStatusNotSatisfied,
            sign_with_blocked_pin: Sw::SecurityStatusNotSatisfied,
            sign_input_wrong_length: Sw::WrongLength,
            read_past_end: Sw::WrongParameters,
            no_current_ef: Sw::NoCurrentEf,
            unknown_aid: Sw::FileNotFound,
            unknown_fid: Sw::FileNotFound,
            unknown_key_reference: Sw::RefDataNotFound,
            verify_not_a_pin: Sw::IncompatibleWithFile,
            change_wrong_format: Sw::IncorrectData,
            unknown_ins: Sw::InsNotSupported,
            unknown_cla: Sw::ClaNotSupported,
            get_data_in_ap: Sw::ConditionsNotSatisfied,
            get_data_other_object: Sw::RefDataNotFound,
            record_filler: None,
            terminal_certificate_c1: Sw::IncorrectP1P2,
            fci_on_select: false,
            first_command_fails: false,
            verify_wrong_format: WrongFormatPolicy::default(),
            not_set_pin: NotSetPolicy::default(),
            absent_certificate_flag: 0x00,
            kenkaku_own_key_fid: 0x0014,
            collation_a_tries: 10,
            collation_b_tries: 10,
            birth_key_tries: 10,
            rng_seed: None,
            phone_unlocked: true,
        }
    }
}
