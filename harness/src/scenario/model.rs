//! The scenario file, top level and `given`: what a scenario is about and the world it starts
//! in — cards from personas with overrides, readers, the facility, the service and terminal data,
//! the clock. Every struct refuses unknown keys, so a typo is an error, never a silent default.
//! Documented for users key by key in `docs/scenarios.md`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::expect::Expect;
use super::faults::Faults;
use super::hex::{AtrHex, ReaderAtrHex, StatusWord, ATR_PATTERN};
use super::operator::Operator;
use mynakit_protocol::{Flow, Mode, Role, RuleSet, Secret};

mod checks;

/// One scenario: `scenarios/<id>.yaml`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "mynakit scenario")]
pub struct Scenario {
    /// Stable id: lowercase letters, digits and `-`; equal to the file name without `.yaml`.
    pub id: String,
    /// One line, shown in tables and reports.
    pub title: String,
    /// The title in Japanese, one line: report.html shows it under `--lang ja` in place of
    /// `title` (docs/scenarios.md, docs/reports.md "Japanese"). Optional; every bundled
    /// scenario has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_ja: Option<String>,
    /// What the scenario proves and why it matters (a field failure, a mission requirement).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Free labels for `--filter` (e.g. `mission`, `pin`, `service-fault`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Where the required behaviour comes from: a `docs/` page, a seed, a public source.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<String>,
    /// `references` in Japanese, one entry for each, in the same order: report.html shows them
    /// under `--lang ja` in place of `references` (docs/scenarios.md, docs/reports.md
    /// "Japanese"). The citations stay as they are (titles, pages, dates, URLs); the words
    /// about them are Japanese. Optional; every bundled scenario whose references say
    /// something in English has them, and a scenario without them shows `references`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references_ja: Vec<String>,
    /// The scenario's time limit in seconds (default: the runner's, 60).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_secs: Option<u32>,
    /// The rule set the scenario judges by, as a date (`docs/rules.md`): the set in force on
    /// that day. Absent: the run's (`--rules`, else the client's declared, else the newest).
    /// A scenario that needs an earlier rule says so here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rules: Option<RuleSet>,
    /// The role the client plays here (`card-app`, `receipt-computer`, `relying-party`).
    /// Absent: `receipt-computer` when `given.terminal` is set, `card-app` otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// The flows beyond the basic eligibility check the scenario exercises (`registration`,
    /// `limit-application`, `device-setup`). A client that does not claim one of them gets
    /// NOT-APPLICABLE (`docs/client-protocol.md`, "Capabilities").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flows: Vec<Flow>,
    /// The confirmation modes the scenario means, when its meaning does not depend on how the
    /// card holder is identified (`[pin, visual, face]`): it runs once in each of them that the
    /// client claims, each run its own verdict, `id[mode]` for a mode other than
    /// `operator.mode` (which must be listed). Absent: the one mode `operator.mode`, a scenario
    /// about that mode (`docs/scenarios.md`, "Modes").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub modes: Vec<Mode>,
    /// How the client reaches the card here: `nfc` for a mobile scenario, whose patient card
    /// is behind the NFC relay (`docs/mobile.md`); a client that does not claim the transport
    /// `nfc` (its capability, or `mynakit run --relay`) gets NOT-APPLICABLE. Absent: any
    /// transport.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transport: Option<mynakit_protocol::Transport>,
    /// With `transport: nfc`, the phone OS the app is asked to play (`android` or `ios`):
    /// handed to the client as `MYNAKIT_PLATFORM` (and in the socket's `welcome.context`), so
    /// an app that can play either says hello as this one (`docs/mobile.md`, "Mobile
    /// scenarios"). Absent: the app's own choice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<mynakit_protocol::nfc::Platform>,
    /// The world the scenario starts in.
    #[serde(default)]
    pub given: Given,
    /// What the staff and the patient do.
    #[serde(default)]
    pub operator: Operator,
    /// Faults injected into the card, the reader or the service.
    #[serde(default)]
    pub faults: Faults,
    /// What the client must report, the card's final state, and the conformance checks.
    pub expect: Expect,
}

/// `given`: the cards, readers, facility, service and terminal data, and the clock.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Given {
    /// The cards, each from a persona. Default: one card of the `employee` persona.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cards: Vec<CardGiven>,
    /// The readers. Default: one contact reader holding the first card.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub readers: Vec<ReaderGiven>,
    /// The scenario clock, shared by the service and the terminal. Default: 2026-11-01 09:00
    /// JST (the personas' reference date), running.
    #[serde(default)]
    pub clock: Clock,
    /// The facility the client works for.
    #[serde(default)]
    pub facility: Facility,
    /// Which server certificate the mock service presents.
    #[serde(default)]
    pub server_certificate: ServerCertificate,
    /// Service data, embedded as defined by `docs/service.md` (`mynakit_service::state::data::ServiceData`:
    /// `personas`, `persons`, `insurances`, `registrations`, `revocations`, `accounts`, …),
    /// described here by that type itself. Read once, with the scenario, into the service's
    /// own type (its errors at the scenario's `file:line:col`) and handed to the service as it
    /// is; `clock`, `faults` and `settings.rules` belong in `given.clock`, `faults` and
    /// `rules`, not here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<mynakit_service::state::data::ServiceData>,
    /// 資格確認端末 data, embedded as defined by `docs/terminal.md`
    /// (`mynakit_terminal::TerminalData`), described here by the terminal's own type of the keys
    /// written (`TerminalDataOverlay`). Read once, with the scenario, into that type (the keys
    /// written override the bundled example); `clock` belongs in `given.clock`. Present = the
    /// scenario has a terminal folder (`MYNAKIT_TERMINAL_DIR`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terminal: Option<mynakit_terminal::TerminalDataOverlay>,
    /// The patient's earlier visits in this run, oldest first: the client is run once for each,
    /// on its day, before the visit the scenario judges (`super::visits`; docs/scenarios.md,
    /// "Earlier visits").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub earlier_visits: Vec<super::visits::EarlierVisit>,
    /// The relying party's server as the scenario finds it (`role: relying-party`,
    /// `docs/relying-party.md`, "pin-less"): whom it already has accounts for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relying_party: Option<RelyingPartyGiven>,
    /// The vendor's 訪問看護療養費 prices for this scenario, as `mynakit run --station-prices`
    /// gives them in a file (`super::station_prices`; docs/scenarios.md, `given`): dated rows
    /// added to the public prices, never changing one. The scenario is judged by them in place
    /// of the run's table, and `mynakit claim check --run` reads them back from the report.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub station_prices: Vec<super::station_prices::StationPriceGiven>,
}

/// `given.relying_party`: the accounts a relying party's server made at earlier 身元確認s,
/// handed to the client as `MYNAKIT_RP_ACCOUNTS` in a かざし (flow `pin-less`) or a 現況確認
/// (flow `status-check`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RelyingPartyGiven {
    /// The personas whose holders have an account: each account holds its user (`user-1` for
    /// the first), the persona's 利用者証明用 certificate (its serial), birth date and the
    /// 署名用 certificate it was identified with (the replaced one of a persona whose
    /// certificate was replaced). A card whose persona is not listed is a first use. Each is a
    /// persona's id, or a map naming one (`persona`) and what of its account differs
    /// ([`AccountDetail`]). Default: none.
    #[serde(default)]
    pub accounts: Vec<AccountGiven>,
    /// In a counter read (flow `counter-read`), the items of the card's data the counter app's
    /// 確認記録 may keep in its files (`RP-counter-record-only`, docs/counter-read.md, "What a
    /// counter app keeps"). Default: mynakit's model, `[name, address, birth-date, expiry,
    /// security-code]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_items: Option<Vec<mynakit_protocol::RecordItem>>,
}

/// One account of `given.relying_party.accounts`: a persona's id, as released, or a map naming
/// the persona and what of its account differs from what its cards give.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum AccountGiven {
    /// The persona's id: an account as its cards give it.
    Persona(String),
    /// The persona and what differs.
    Detailed(AccountDetail),
}

impl AccountGiven {
    /// The persona whose holder the account is of.
    pub fn persona(&self) -> &str {
        match self {
            AccountGiven::Persona(persona) => persona,
            AccountGiven::Detailed(detail) => &detail.persona,
        }
    }

    /// Which of the persona's certificates the account names as the 署名用 certificate it was
    /// identified with.
    pub fn certificate(&self) -> AccountCertificateGiven {
        match self {
            AccountGiven::Persona(_) => AccountCertificateGiven::Sign,
            AccountGiven::Detailed(detail) => detail.certificate,
        }
    }

    /// The birth date the account holds in place of the persona's; `Err` with the text given
    /// when it is not a date `YYYY-MM-DD`.
    pub fn birth_date(&self) -> Option<Result<time::Date, &str>> {
        let AccountGiven::Detailed(detail) = self else {
            return None;
        };
        let text = detail.birth_date.as_deref()?;
        let format = time::macros::format_description!("[year]-[month]-[day]");
        Some(time::Date::parse(text, format).map_err(|_| text))
    }
}

/// An account of `given.relying_party.accounts` given as a map (`docs/relying-party.md`,
/// "status-check (現況確認)").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountDetail {
    /// The persona whose holder the account is of (`mynakit fixtures --list`).
    pub persona: String,
    /// Which of the persona's certificates the account's records name as the 署名用
    /// certificate it was identified with (`sign_certificate_serial`,
    /// `sign_certificate_issuer`): `sign` (default), or `auth`, its 利用者証明用 certificate,
    /// which another CA issued: a serial the 署名用 CA's CRL and OCSP do not answer for,
    /// whatever that CA's list names under the same number. Default: `sign`.
    #[serde(default)]
    pub certificate: AccountCertificateGiven,
    /// The birth date the account holds (`YYYY-MM-DD`), in place of the persona's: the one the
    /// server opens the card's 券面事項確認AP with in a かざし (`birth_date` of
    /// `MYNAKIT_RP_ACCOUNTS`). One that is not the card's is answered with a mismatch by the
    /// card. Default: the persona's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<String>,
}

/// Which of a persona's certificates an account names (`given.relying_party.accounts[].certificate`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AccountCertificateGiven {
    /// Its 署名用 certificate (the replaced one of a persona whose certificate was replaced).
    #[default]
    Sign,
    /// Its 利用者証明用 certificate, of the 利用者証明用 CA: another issuer than the 署名用 CA.
    Auth,
}

impl Given {
    /// When the run's clock starts: at the first earlier visit, or at `clock.now` without one.
    pub fn run_start(&self) -> OffsetDateTime {
        self.earlier_visits
            .first()
            .map_or(self.clock.now, |visit| visit.start(self.clock.now))
    }
}

/// One card, personalised from a persona, or a recorded card replaying a field log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CardGiven {
    /// The persona id (`mynakit fixtures --list`). Required, except for a `recorded` card.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub persona: String,
    /// The card's id in this scenario (for `readers[].card` and `expect.cards`). Default: the
    /// persona id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Another card profile than the persona's (e.g. `second-vendor` for its ATR). The key type
    /// must stay the same: `next-gen-p384` only for P-384 personas.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<mynakit_persona::CardProfileName>,
    /// Which token the patient presents (`docs/card.md`, "Phone profiles"): `card`, or a
    /// smartphone's スマホ用電子証明書, `android` or `iphone`. A phone token needs a phone persona
    /// (`phone-android`, `phone-iphone`, …: the phone's own certificates); `android`/`iphone`
    /// switches between the two phone profiles. Absent = the persona's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<TokenGiven>,
    /// PIN overrides: tries left, or another value.
    #[serde(default)]
    pub pins: PinOverrides,
    /// Switches for the card behaviours public sources leave uncertain (`docs/card.md`, "Open
    /// questions and switches"). Absent = the default.
    #[serde(default)]
    pub behaviour: BehaviourGiven,
    /// A recorded card instead of a persona's: it answers the commands a field log saw with
    /// the responses the log saw (`mynakit import`, `docs/import.md`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded: Option<RecordedGiven>,
    /// Another persona whose JPKI certificates (署名用 EF `0001`, 利用者証明用 EF `000A`) the card
    /// holds in place of its own, its keys staying its own: a card answering for another
    /// card's certificate, whose signatures verify with no key of the certificates it gives
    /// (`docs/relying-party.md`, "A card answering for another card's certificate"). Absent =
    /// the persona's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificates_of: Option<String>,
    /// The card's 券面 records (the 券面事項確認AP's card face, the 券面事項入力補助AP's
    /// 基本4情報 and their signatures): `genuine` (the default), as the test hierarchy signed
    /// them, or a counterfeit's that a counter app checking them against the test CV roots
    /// refuses (`docs/counter-read.md`, "The signatures of the 券面 records").
    #[serde(default, skip_serializing_if = "RecordsGiven::is_genuine")]
    pub records: RecordsGiven,
}

/// A card's 券面 records (`card.records`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RecordsGiven {
    /// As the test hierarchy signed them.
    #[default]
    Genuine,
    /// Signed, and their EF `0004` certificates made, by a look-alike of the test CV roots under
    /// their very key IDs (`pki/ca/lookalike-cv-root.key.pem`): they agree with their own
    /// certificates, and nothing chains to a test CV root.
    LookAlikeSigner,
    /// The card face's photo (DF27) changed after its signature (DF28) was made.
    PhotoAltered,
}

impl RecordsGiven {
    /// Whether these are the records the test hierarchy signed.
    pub fn is_genuine(&self) -> bool {
        *self == RecordsGiven::Genuine
    }
}

/// A recorded card (`docs/import.md`): an APDU script whose every command carries its logged
/// response, replayed in context (`mynakit_emulator::recorded`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordedGiven {
    /// The reader the log saw the card in (for people; the scenario's readers decide).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reader: Option<String>,
    /// The log it was imported from (for people).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The ATR, in hex. Default: the My Number card's contact ATR.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>", extend("pattern" = ATR_PATTERN))]
    pub atr: Option<AtrHex>,
    /// The status word forced on a command the log did not see; absent (the default), the
    /// virtual card answers it with its own status words (`docs/import.md`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unseen: Option<StatusWord>,
    /// The recording: an APDU script (`docs/apdu-scripts.md`) with the exact logged response
    /// after every command (`00 B0 00 00 02 => 30 82 90 00`), PIN data as `**`, and `@reset`,
    /// `@power-off`, `@power-on`.
    pub script: String,
    /// A PIN to check VERIFY data against, given by the tester at replay time (never one from
    /// the log; quoted; never printed). Absent: the n-th VERIFY gets the n-th logged status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pin: Option<Secret>,
}

/// Why a recorded card's `script` is not a recording (the line in the script); its `atr` was
/// checked as it was read.
#[derive(Debug, thiserror::Error)]
pub enum RecordedError {
    /// The script does not parse.
    #[error(transparent)]
    Script(#[from] mynakit_emulator::script::ScriptError),
    /// A line of the script is not an exchange a recording can answer.
    #[error("script {0}")]
    Steps(#[from] mynakit_emulator::recorded::RecordingError),
}

impl RecordedGiven {
    /// The emulator's recording, or why the script is not one (with the line in the script).
    ///
    /// # Errors
    ///
    /// [`RecordedError`].
    pub fn recording(&self) -> Result<mynakit_emulator::recorded::Recording, RecordedError> {
        use mynakit_emulator::recorded::{Recording, VerifyReplay};
        let script = mynakit_emulator::script::Script::parse(&self.script, "script")?;
        let atr = match &self.atr {
            Some(atr) => atr.atr().as_bytes().to_vec(),
            None => vec![0x3B, 0xE0, 0x00, 0xFF, 0x81, 0x31, 0xFE, 0x45, 0x14],
        };
        let mut recording = Recording::from_script(&script, atr)?;
        if let Some(unseen) = self.unseen {
            recording.unseen = Some(unseen.0.to_be_bytes());
        }
        if let Some(pin) = &self.pin {
            recording.verify = VerifyReplay::Check {
                pin: pin.expose().as_bytes().to_vec(),
                tries: 3,
            };
        }
        Ok(recording)
    }
}

impl CardGiven {
    /// What the card is called in its reader's status and the timeline's `insert` events: the
    /// persona id, or for a recorded card its id.
    pub fn slot_label(&self) -> &str {
        match &self.recorded {
            Some(_) => self.id.as_deref().unwrap_or("recorded"),
            None => &self.persona,
        }
    }

    /// The card's id: `id`, or the persona id.
    pub fn card_id(&self) -> &str {
        self.id.as_deref().unwrap_or(&self.persona)
    }
}

/// The token a patient presents (`card.token`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum TokenGiven {
    /// The My Number card itself.
    Card,
    /// An Android phone's スマホ用電子証明書 (profile `phone-android`).
    Android,
    /// An iPhone's スマホ用電子証明書 (profile `phone-iphone`).
    Iphone,
}

impl TokenGiven {
    /// The phone profile this token means, if it is a phone.
    pub fn phone_profile(self) -> Option<mynakit_persona::CardProfileName> {
        use mynakit_persona::CardProfileName as N;
        match self {
            TokenGiven::Card => None,
            TokenGiven::Android => Some(N::PhoneAndroid),
            TokenGiven::Iphone => Some(N::PhoneIphone),
        }
    }
}

/// Overrides of the persona's PINs, by PIN.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PinOverrides {
    /// 利用者証明用暗証番号 (JPKI `0018`, 3 tries).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth: Option<PinOverride>,
    /// 署名用パスワード (JPKI `001B`, 5 tries).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sign: Option<PinOverride>,
    /// 券面事項入力補助用暗証番号 (kenhojo `0011`, 3 tries).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kenhojo: Option<PinOverride>,
    /// 住民基本台帳用暗証番号 (`001C`, 3 tries).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub juki: Option<PinOverride>,
}

impl PinOverrides {
    /// Each given override with its key and the PIN's maximum tries.
    pub fn entries(&self) -> Vec<(&'static str, u8, &PinOverride)> {
        super::per_pin([&self.auth, &self.sign, &self.kenhojo, &self.juki])
    }
}

/// One PIN override.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PinOverride {
    /// Tries left at the start; `0` = blocked. At most the PIN's maximum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tries_left: Option<u8>,
    /// Another PIN value (quoted). Never printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Secret>,
}

/// The `mynakit_emulator::Behaviour` switches that matter to eligibility clients. Absent keys
/// keep the default.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BehaviourGiven {
    /// Re-selecting the current AP clears its verified PINs (default `false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reselect_same_df_clears: Option<bool>,
    /// A warm reset clears verified PINs (default `false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warm_reset_clears: Option<bool>,
    /// `FF` filler bytes after the DER in certificate EFs (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cert_filler: Option<u16>,
    /// `80 2A` with the PIN blocked: `"6982"` (default) or `"6984"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sign_with_blocked_pin: Option<StatusWord>,
    /// READ BINARY at or past the end: `"6B00"` (default) or `"6282"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_past_end: Option<StatusWord>,
    /// `SELECT … P2=00` returns an FCI (default `false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fci_on_select: Option<bool>,
    /// The first command after power-on answers `6F00` (default `false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_command_fails: Option<bool>,
    /// A VERIFY with a PIN of the wrong format: absent or `null` counts as a wrong try (the
    /// default); a status word rejects it with that word and keeps the counter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verify_wrong_format: Option<StatusWord>,
    /// GET CHALLENGE seed (default: from the card serial).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rng_seed: Option<u64>,
    /// Filler after the 券面 APs' EF `0002` records: `true` pads kenhojo's with `FF` to 512 bytes
    /// and kenkaku's to 4096 (default `false`: the TLV only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_filler: Option<bool>,
    /// `80 A2 00 C1`: `"6A86"` (default, myna-card) or `"6700"` (AokiApp/jsapdu).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terminal_certificate_c1: Option<StatusWord>,
    /// `phone-iphone` only: the iPhone was unlocked on the phone, so no VERIFY is needed at the
    /// reader (default `true`, an assumption: `docs/card.md`, "Phone profiles"); `false` makes
    /// it ask for the PIN as the Android token does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_unlocked: Option<bool>,
}

impl BehaviourGiven {
    /// The emulator's behaviour with these switches applied to the defaults.
    pub fn to_behaviour(&self) -> mynakit_emulator::Behaviour {
        use mynakit_emulator::WrongFormatPolicy;
        let mut b = mynakit_emulator::Behaviour::default();
        if let Some(v) = self.reselect_same_df_clears {
            b.reselect_same_df_clears = v;
        }
        if let Some(v) = self.warm_reset_clears {
            b.warm_reset_clears = v;
        }
        if let Some(v) = self.cert_filler {
            b.cert_filler = usize::from(v);
        }
        if let Some(v) = self.sign_with_blocked_pin {
            b.sign_with_blocked_pin = v.sw();
        }
        if let Some(v) = self.read_past_end {
            b.read_past_end = v.sw();
        }
        if let Some(v) = self.fci_on_select {
            b.fci_on_select = v;
        }
        if let Some(v) = self.first_command_fails {
            b.first_command_fails = v;
        }
        if let Some(v) = self.verify_wrong_format {
            b.verify_wrong_format = WrongFormatPolicy::Reject(v.sw());
        }
        if self.rng_seed.is_some() {
            b.rng_seed = self.rng_seed;
        }
        if self.record_filler == Some(true) {
            b.record_filler = Some(mynakit_emulator::RecordFiller::FF_512);
        }
        if let Some(v) = self.terminal_certificate_c1 {
            b.terminal_certificate_c1 = v.sw();
        }
        if let Some(v) = self.phone_unlocked {
            b.phone_unlocked = v;
        }
        b
    }
}

/// One reader.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReaderGiven {
    /// The card in it at the start (a card id of `given.cards`); absent = empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<String>,
    /// Contact (default) or contactless (synthesised PC/SC Part 3 ATR).
    #[serde(default)]
    pub profile: ReaderProfile,
    /// The contactless ATR to synthesise, in hex (default `docs/reader.md`'s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>", extend("pattern" = ATR_PATTERN))]
    pub atr: Option<ReaderAtrHex>,
    /// How slow the card is in this reader (default: no added latency).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency: Option<Latency>,
    /// The reader is empty at the start and `card` is put in this many milliseconds later (a
    /// patient who places the card after the staff started the check); default: `card` is
    /// there from the start. Needs `card`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insert_after_ms: Option<u64>,
}

/// A reader profile (`docs/reader.md`, "Reader profiles").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ReaderProfile {
    /// T=1 with the card's own ATR.
    #[default]
    Contact,
    /// NFC Type B, with a synthesised ATR.
    Contactless,
    /// A contact reader that exchanges short APDUs only: an extended-length command is answered
    /// `67 00` by the reader and never reaches the card (`docs/reader.md`, "Reader profiles").
    ShortApdu,
    /// A contact reader with a PIN pad (a class-2 CCID reader: PC/SC Part 10
    /// `FEATURE_VERIFY_PIN_DIRECT`): the operator types `operator.pins` on its keys, and the
    /// client never sees them (`docs/reader.md`, "A PIN-pad reader").
    PinPad,
}

/// Added time per command class, in milliseconds. `realistic` in `docs/reader.md` is
/// `{signature_ms: 700, read_ms: 4, other_ms: 2}`. With `min_ms` and `max_ms`, every command
/// also waits a delay drawn anew between the two from `faults.seed`, as over a remote desktop
/// (`{min_ms: 60, max_ms: 200}`; `docs/reader.md`, "Latency and jitter as over a remote
/// desktop").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Latency {
    /// Per `80 2A` signature.
    #[serde(default)]
    pub signature_ms: u32,
    /// Per READ BINARY.
    #[serde(default)]
    pub read_ms: u32,
    /// Per other command.
    #[serde(default)]
    pub other_ms: u32,
    /// The least delay added to every command on top of the above (with `max_ms`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_ms: Option<u32>,
    /// The most delay added to every command (with `min_ms`); each command draws its own
    /// between the two, reproducibly from `faults.seed`. At most 10000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_ms: Option<u32>,
}

/// The scenario clock.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Clock {
    /// Start, RFC 3339 (`2026-11-01T09:00:00+09:00`).
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String", extend("format" = "date-time"))]
    pub now: OffsetDateTime,
    /// Whether it stays still (moved only by the runner).
    #[serde(default)]
    pub frozen: bool,
    /// Why the day is the scenario's point (a boundary of the rules, a day of the month): a
    /// pinned scenario is not moved by `mynakit run --as-of` (`docs/rules.md`, "Running on
    /// another day"). Absent: the scenario means its world relative to its day, and moves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pinned: Option<String>,
    /// `pinned` in Japanese: what `mynakit run --as-of --lang ja` shows for the scenario
    /// (docs/scenarios.md). Optional; every bundled pinned scenario has it, and a scenario
    /// without it shows `pinned`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pinned_ja: Option<String>,
    /// The days `mynakit run --as-of` moved the scenario's world by (its personas, their
    /// certificates, the dates it writes): `0` unless moved. Not part of the file.
    #[serde(skip)]
    #[schemars(skip)]
    pub world_moved_days: i64,
}

impl Clock {
    /// The day the clock starts on, `YYYY-MM-DD` in JST (where every OQS date is): the
    /// scenario's day, by which its rules are dated (`docs/rules.md`).
    pub fn day(&self) -> String {
        let date = mynakit_oqs::clock::to_jst(self.now).date();
        format!(
            "{:04}-{:02}-{:02}",
            date.year(),
            u8::from(date.month()),
            date.day()
        )
    }
}

impl Default for Clock {
    fn default() -> Self {
        Clock {
            now: mynakit_persona::REFERENCE_DATE
                .with_hms(9, 0, 0)
                .map(|t| t.assume_offset(time::macros::offset!(+9)))
                .unwrap_or(OffsetDateTime::UNIX_EPOCH),
            frozen: false,
            pinned: None,
            pinned_ja: None,
            world_moved_days: 0,
        }
    }
}

/// The facility (医療機関) the client works for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Facility {
    /// 医療機関コード, 10 digits (`MYNAKIT_FACILITY_CODE`).
    #[serde(default = "default_facility_code")]
    pub medical_institution_code: String,
    /// The account the client logs in with (`MYNAKIT_ACCOUNT`, `MYNAKIT_ACCOUNT_PASSWORD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<Account>,
    /// The activation code the administrator gave this device (`MYNAKIT_ACTIVATION_CODE`, 11
    /// or 12 digits, quoted; never printed). Issue it in `given.service.activation_codes` with the
    /// same `code` (or do not, for a code the service never issued): `docs/device-setup.md`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activation_code: Option<Secret>,
    /// The facility has no 資格確認端末 and registered this device through the portal: the
    /// device account and password it was given (`MYNAKIT_PORTAL_ACCOUNT`,
    /// `MYNAKIT_ACCOUNT_PASSWORD`), in place of `account` and `activation_code`. Give the
    /// service the same account under `given.service.portal_accounts` and the facility
    /// `setup: portal` under `given.service.facilities` (`docs/device-setup.md`, "Portal
    /// registration").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub portal_account: Option<PortalAccount>,
    /// A 特定健診・保健指導機関's 健診・保健指導機関番号: the client gets it in
    /// `MYNAKIT_CHECKUP_INSTITUTION_NUMBER` and names the facility by it in every 健診 check
    /// (flow `checkup-facility`; `docs/kenshin.md`, "Facility identities"). Digits, quoted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkup_institution_number: Option<String>,
    /// An insurer's オンライン資格確認用コード (from its 導入届), for the insurer's own 健診: the
    /// client gets it in `MYNAKIT_INSURER_ONLINE_CODE` and names the facility by it in every
    /// 健診 check (flow `checkup-facility`). Digits, quoted; not with
    /// `checkup_institution_number`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insurer_online_code: Option<String>,
}

impl Default for Facility {
    fn default() -> Self {
        Facility {
            medical_institution_code: default_facility_code(),
            account: None,
            activation_code: None,
            portal_account: None,
            checkup_institution_number: None,
            insurer_online_code: None,
        }
    }
}

impl Facility {
    /// What is wrong with the facility's 健診 identity in a scenario of `flows`, by key of
    /// `given.facility`: digits only, one identity, and the flow `checkup-facility` that tells a
    /// client it is judged on it (docs/kenshin.md, "Facility identities"). Each problem is its
    /// key and what is wrong in English and in Japanese.
    pub fn checkup_identity_problems(
        &self,
        flows: &[mynakit_protocol::Flow],
    ) -> Vec<(&'static str, &'static str, &'static str)> {
        let mut problems = Vec::new();
        for (key, value) in [
            (
                "checkup_institution_number",
                &self.checkup_institution_number,
            ),
            ("insurer_online_code", &self.insurer_online_code),
        ] {
            let Some(value) = value else { continue };
            if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
                problems.push((
                    key,
                    "must be ASCII digits",
                    "ASCII の数字でなければならない",
                ));
            }
            if !flows.contains(&mynakit_protocol::Flow::CheckupFacility) {
                problems.push((
                    key,
                    "needs the flow `checkup-facility` (a client that does not claim it gets \
                     NOT-APPLICABLE)",
                    "業務フロー `checkup-facility` が必要だ (それを宣言しないクライアントは \
                     NOT-APPLICABLE になる)",
                ));
            }
        }
        if self.checkup_institution_number.is_some() && self.insurer_online_code.is_some() {
            problems.push((
                "insurer_online_code",
                "a facility has one 健診 identity: not with checkup_institution_number",
                "施設の健診の識別子は 1 つだ: checkup_institution_number と同時には指定できない",
            ));
        }
        problems
    }

    /// The 健診 identity the facility is known by, if it has one.
    pub fn checkup_identity(&self) -> Option<mynakit_protocol::CheckupIdentity> {
        use mynakit_protocol::CheckupIdentity;
        self.checkup_institution_number
            .clone()
            .map(CheckupIdentity::InstitutionNumber)
            .or_else(|| {
                self.insurer_online_code
                    .clone()
                    .map(CheckupIdentity::InsurerOnlineCode)
            })
    }
}

/// A device account registered through the portal (`given.facility.portal_account`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PortalAccount {
    /// The device account id (`W0000001`), given as `MYNAKIT_PORTAL_ACCOUNT`.
    pub account: String,
    /// Its password (quoted; never printed), given as `MYNAKIT_ACCOUNT_PASSWORD`.
    pub password: Secret,
}

fn default_facility_code() -> String {
    "1319999999".to_owned()
}

/// A facility account, as the client is given it. The terminal issues ユーザID of 2–8
/// half-width alphanumerics (`docs/service.md`); a scenario may hand the client another id,
/// which the service answers as an unknown user (`docs/device-setup.md`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Account {
    /// ユーザID.
    pub user_id: String,
    /// The password (quoted; never printed), given to the client as
    /// `MYNAKIT_ACCOUNT_PASSWORD`. Absent: the client gets none and the staff type it at a
    /// `password` ask, from `operator.passwords` (flow `password-ask`, `docs/device-setup.md`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<Secret>,
}

/// The certificate the mock service presents on HTTPS.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ServerCertificate {
    /// Signed by the CA in `MYNAKIT_CA_FILE`.
    #[default]
    Valid,
    /// Signed by another CA: a client that validates the server refuses it (`service-error`).
    WrongCa,
}

impl Scenario {
    /// The role the client plays: `role`, or from `given.terminal`.
    pub fn role(&self) -> Role {
        self.role.unwrap_or(if self.given.terminal.is_some() {
            Role::ReceiptComputer
        } else {
            Role::CardApp
        })
    }
}

impl Given {
    /// The ids of [`Given::cards_or_default`], which readers, faults, the operator's face reader
    /// and `expect.cards` name.
    pub fn card_ids(&self) -> std::collections::BTreeSet<String> {
        self.cards_or_default()
            .iter()
            .map(|c| c.card_id().to_owned())
            .collect()
    }

    /// The cards, or the default: one card of the `employee` persona.
    pub fn cards_or_default(&self) -> Vec<CardGiven> {
        if self.cards.is_empty() {
            vec![CardGiven {
                persona: "employee".to_owned(),
                id: None,
                profile: None,
                token: None,
                pins: PinOverrides::default(),
                behaviour: BehaviourGiven::default(),
                recorded: None,
                certificates_of: None,
                records: RecordsGiven::Genuine,
            }]
        } else {
            self.cards.clone()
        }
    }

    /// The readers, or the default: one contact reader holding the first card.
    pub fn readers_or_default(&self) -> Vec<ReaderGiven> {
        if self.readers.is_empty() {
            let first = self
                .cards_or_default()
                .first()
                .map(|c| c.card_id().to_owned());
            vec![ReaderGiven {
                card: first,
                ..ReaderGiven::default()
            }]
        } else {
            self.readers.clone()
        }
    }
}
