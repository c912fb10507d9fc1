//! `faults`: what goes wrong, and when. Card faults act on a reader's card (pull it, answer a
//! status word, slow it, reset it); service faults act on the mock service (latency, a status,
//! a reset connection, maintenance). Each fires on a trigger — the Nth APDU or request, a
//! matcher, the signature, or an operator step — and `seed` makes any randomness reproducible.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::hex::{ApduPattern, AtrHex, StatusWord, ATR_PATTERN};
use super::one_key::one_key_enum;
use super::operator::AskRef;
use super::problem::Problems;

/// All faults of a scenario.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Faults {
    /// Seed of every random choice (service latency jitter); recorded in reports. Default 0.
    #[serde(default)]
    pub seed: u64,
    /// Faults of cards and readers, in the order they are armed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub card: Vec<CardFault>,
    /// Faults of the mock service.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub service: Vec<ServiceFault>,
    /// Faults of the revocation service (OCSP and CRLs) a `relying-party` scenario runs, each
    /// acting on every answer (`docs/revocation.md`, "Faults"): `[unsigned, crl-stale]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revocation: Vec<mynakit_protocol::RevocationFault>,
}

/// A card fault: one key naming what happens (`- remove: {when: signature}`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CardFault {
    /// Pull the card out of the reader instead of answering the triggering command.
    Remove(RemoveCard),
    /// Answer the triggering command with this status word, without executing it.
    Status(InjectStatus),
    /// Delay the answers to the triggering command and those after it.
    Slow(SlowCard),
    /// Power-cycle the card before the triggering command (a brown-out: verified PINs are lost).
    Reset(ResetCard),
    /// Put another of the scenario's cards into the reader instead of answering the triggering
    /// command: the card there leaves, the named one comes in (the next patient's card at a busy
    /// counter).
    Insert(InsertCard),
    /// The card executes the triggering command, and its data comes back as `6Cxx` ("wrong Le,
    /// xx bytes are there"), as a T=0 card answers (`docs/reader.md`, "Answer edits").
    WrongLe(WrongLe),
    /// The card executes the triggering command, and its data waits behind `61xx` for GET
    /// RESPONSE (`00 C0 00 00 xx`), as a T=0 card answers.
    MoreData(MoreData),
    /// The card's answer to the triggering command loses its last data bytes (the status word
    /// stays): a reader that dropped part of the frame.
    Truncate(ResizeAnswer),
    /// The card's answer to the triggering command carries extra filler bytes (`A5`) after its
    /// data, before the status word.
    Extend(ResizeAnswer),
    /// The card is power-cycled before the triggering command and comes back with another ATR,
    /// shown from then on (a card that answers to reset differently).
    Atr(AtrVariant),
    /// The reader itself leaves instead of answering the triggering command, its card with it:
    /// a USB reader unplugged (a cable caught, a hub that lost power). It stays gone for the
    /// rest of the scenario (`docs/reader.md`, "Unplugged readers").
    Unplug(UnplugReader),
    /// The phone's reading session ends after the triggering command (the patient cancels the
    /// sheet): an app reading over the NFC relay gets `session-ended` and no tag until it
    /// starts reading again (`docs/mobile.md`). Over PC/SC it has no effect.
    SessionEnded(SessionEnded),
    /// The triggering command fails between the computer and the reader, before the card sees
    /// it: PC/SC's `SCARD_E_NOT_TRANSACTED` (a reader driver's `IFD_COMMUNICATION_ERROR`). The
    /// card stays in the reader and the next command may succeed (`docs/reader.md`, "Commands
    /// that fail in transit").
    TransportError(TransportError),
    /// The reader stops answering as the triggering command is in flight, for `for_ms`, then
    /// answers again (firmware hung, a hub browning out without a disconnect): the command and
    /// every one until then fail (PC/SC's `SCARD_E_READER_UNAVAILABLE`; the command in flight
    /// `SCARD_E_NOT_TRANSACTED` over pcscd), the reader shows `SCARD_STATE_UNAVAILABLE`, and
    /// once it is back the card was powered afresh: a connection from before stays unusable
    /// (`docs/reader.md`, "A reader unavailable for a while").
    Unavailable(ReaderUnavailable),
    /// The PC/SC service (pcscd) stops as the triggering command is in flight, for `for_ms`,
    /// then starts again (an update restarting it, a crash and its restart): every context and
    /// handle the client holds is dead (the command in flight `SCARD_F_COMM_ERROR`, later calls
    /// `SCARD_E_NO_SERVICE`), and once it is back the card was powered afresh; with `name` the
    /// reader comes back listed under that name (a new configuration, a USB reader back on
    /// another port). A client must establish a new context and find the reader again
    /// (`docs/reader.md`, "pcscd stops and starts again").
    StackRestart(StackRestart),
    /// Another program (another vendor's resident app, a 顔認証付きカードリーダー's own
    /// software) holds the reader with `SCARD_SHARE_EXCLUSIVE` from the scenario's start, as it
    /// took the card put in, for `for_ms`: the client's `SCardConnect` gets
    /// `SCARD_E_SHARING_VIOLATION` until then (`docs/reader.md`, "Another program holds the
    /// reader"). It has no command trigger: pcsc-lite grants an exclusive connection only to a
    /// reader nobody is connected to, so it comes before the client's first connection.
    /// With `how: transaction` and `when`, the other program instead begins a transaction
    /// (`SCardBeginTransaction`) on its own shared connection after the triggering command's
    /// answer: the client's next command waits until it ends, `for_ms` later.
    Held(ReaderHeld),
}

one_key_enum!(CardFault, "a card fault", units {} values {
    "remove" => Remove(RemoveCard),
    "status" => Status(InjectStatus),
    "slow" => Slow(SlowCard),
    "reset" => Reset(ResetCard),
    "insert" => Insert(InsertCard),
    "wrong-le" => WrongLe(WrongLe),
    "more-data" => MoreData(MoreData),
    "truncate" => Truncate(ResizeAnswer),
    "extend" => Extend(ResizeAnswer),
    "atr" => Atr(AtrVariant),
    "unplug" => Unplug(UnplugReader),
    "session-ended" => SessionEnded(SessionEnded),
    "transport-error" => TransportError(TransportError),
    "unavailable" => Unavailable(ReaderUnavailable),
    "stack-restart" => StackRestart(StackRestart),
    "held" => Held(ReaderHeld),
});

/// `remove`: pull the card.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RemoveCard {
    /// When.
    pub when: CardTrigger,
    /// Reader index in `given.readers` (default 0).
    #[serde(default)]
    pub reader: usize,
    /// Put it back after this many milliseconds (default: never).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reinsert_after_ms: Option<u64>,
    /// The triggering command gets an empty R-APDU (no status word) instead of an error, as a
    /// client sees a card pulled mid-command through Debian's vpcd driver (`docs/reader.md`,
    /// "Known limits"); recorded in the timeline as that APDU with an empty response. Default
    /// false: the command fails as the card leaves.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub empty_answer: bool,
}

/// `status`: answer with a status word.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InjectStatus {
    /// When.
    pub when: CardTrigger,
    /// The status word, e.g. `"6F00"`.
    pub sw: StatusWord,
    /// Reader index (default 0).
    #[serde(default)]
    pub reader: usize,
    /// How many commands it answers (default 1).
    #[serde(default = "one")]
    pub times: u32,
}

/// `slow`: delay answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SlowCard {
    /// When.
    pub when: CardTrigger,
    /// Added delay per command, milliseconds.
    pub ms: u64,
    /// Reader index (default 0).
    #[serde(default)]
    pub reader: usize,
    /// How many commands it delays (default: all from the trigger on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<u32>,
}

/// `reset`: power-cycle the card.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetCard {
    /// When.
    pub when: CardTrigger,
    /// Reader index (default 0).
    #[serde(default)]
    pub reader: usize,
}

/// `insert`: another card comes into the reader. The triggering command gets no answer (the
/// card it was sent to has left), the reader's card is taken out, and the card `card` (an id
/// of `given.cards`) is put in, at once or `after_ms` later.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InsertCard {
    /// When.
    pub when: CardTrigger,
    /// The card put in: an id of `given.cards`, not in a reader at the start.
    pub card: String,
    /// Reader index (default 0).
    #[serde(default)]
    pub reader: usize,
    /// Put it in this many milliseconds after the card there left (default: at once).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after_ms: Option<u64>,
}

/// `wrong-le`: answer `6Cxx` with the card's data length (only answers that carry data; others
/// pass and the fault waits for the next).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WrongLe {
    /// When.
    pub when: CardTrigger,
    /// Reader index (default 0).
    #[serde(default)]
    pub reader: usize,
    /// How many answers it changes (default 1).
    #[serde(default = "one")]
    pub times: u32,
    /// Keep the data before `6Cxx` (default false: `6Cxx` alone, as ISO/IEC 7816-3 T=0 sends
    /// it). With data, a client that takes the body as the answer is caught.
    #[serde(default, skip_serializing_if = "is_false")]
    pub keep_data: bool,
}

/// `more-data`: answer `61xx` and hold the data for GET RESPONSE (only answers that carry data;
/// others pass and the fault waits for the next).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MoreData {
    /// When.
    pub when: CardTrigger,
    /// Reader index (default 0).
    #[serde(default)]
    pub reader: usize,
    /// How many answers it changes (default 1).
    #[serde(default = "one")]
    pub times: u32,
}

/// `truncate` and `extend`: `by` data bytes fewer or more in the card's answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResizeAnswer {
    /// When.
    pub when: CardTrigger,
    /// How many bytes are cut off the data's end, or added after it.
    #[schemars(range(min = 1))]
    pub by: usize,
    /// Reader index (default 0).
    #[serde(default)]
    pub reader: usize,
    /// How many answers it changes (default 1).
    #[serde(default = "one")]
    pub times: u32,
}

/// `atr`: another ATR from the trigger on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AtrVariant {
    /// When.
    pub when: CardTrigger,
    /// The ATR in hex (checked per ISO/IEC 7816-3 §8.2, `docs/reader.md`).
    #[schemars(with = "String", extend("pattern" = ATR_PATTERN))]
    pub atr: AtrHex,
    /// Reader index (default 0).
    #[serde(default)]
    pub reader: usize,
}

/// `unplug`: the reader leaves. In-process, a connection to it then fails as PC/SC's
/// `SCARD_E_READER_UNAVAILABLE` and a wait for a card in it ends at once; behind pcscd
/// (Debian's vpcd 3.3 cannot remove a reader from pcscd's list) the client sees the card pulled
/// mid-command and the reader empty for good.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnplugReader {
    /// When.
    pub when: CardTrigger,
    /// Reader index in `given.readers` (default 0).
    #[serde(default)]
    pub reader: usize,
}

/// `session-ended`: the reading session ends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionEnded {
    /// When (the session ends once the triggering command has been answered).
    pub when: CardTrigger,
    /// Why: `user-cancelled` (default), `timeout` (iOS's 60 s) or `system`.
    #[serde(default = "user_cancelled")]
    pub reason: mynakit_protocol::nfc::SessionEndReason,
    /// Reader index in `given.readers` (default 0).
    #[serde(default)]
    pub reader: usize,
}

/// `transport-error`: one command fails in transit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TransportError {
    /// When (the triggering command is the one that fails).
    pub when: CardTrigger,
    /// Reader index in `given.readers` (default 0).
    #[serde(default)]
    pub reader: usize,
}

/// `unavailable`: the reader stops answering for a while.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReaderUnavailable {
    /// When (the triggering command is the one in flight as the reader stops answering).
    pub when: CardTrigger,
    /// How long the reader stays unavailable, in milliseconds (scenario time).
    pub for_ms: u64,
    /// Reader index in `given.readers` (default 0).
    #[serde(default)]
    pub reader: usize,
}

/// `stack-restart`: the PC/SC service stops for a while and starts again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StackRestart {
    /// When (the triggering command is the one in flight as the service stops).
    pub when: CardTrigger,
    /// How long the service stays stopped, in milliseconds (scenario time).
    pub for_ms: u64,
    /// The name the reader is listed under once the service is back (for example
    /// `mynakit IFD A2 00 00`); unset: its name before. Over the managed pcscd it is the
    /// reader's new `FRIENDLYNAME` without a trailing ` 00 00`, which pcscd adds
    /// (`docs/reader.md`, "pcscd stops and starts again").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Reader index in `given.readers` (default 0).
    #[serde(default)]
    pub reader: usize,
}

/// `held`: another program holds the reader: exclusively from the scenario's start (the
/// default, `how: exclusive`), or with a transaction on its own shared connection from the
/// triggering command on (`how: transaction`, with `when`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReaderHeld {
    /// How long the other program holds the reader, in milliseconds (scenario time): from the
    /// scenario's start (`exclusive`), or from the triggering command's answer (`transaction`).
    pub for_ms: u64,
    /// Reader index in `given.readers` (default 0).
    #[serde(default)]
    pub reader: usize,
    /// How the other program holds it (default `exclusive`).
    #[serde(default, skip_serializing_if = "HeldHow::is_exclusive")]
    pub how: HeldHow,
    /// For `how: transaction` only, and needed there: the command after whose answer the other
    /// program begins its transaction; the client's next command waits for its end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<CardTrigger>,
}

/// How another program holds the reader (`docs/reader.md`, "Another program holds the
/// reader").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum HeldHow {
    /// `SCardConnect` with `SCARD_SHARE_EXCLUSIVE` before the client connects: the client's
    /// `SCardConnect` gets `SCARD_E_SHARING_VIOLATION` until it lets go.
    #[default]
    Exclusive,
    /// `SCardBeginTransaction` on its own shared connection while the client is connected: the
    /// client's `SCardTransmit` waits (pcsc-lite retries every 100 ms; WinSCard blocks) until
    /// `SCardEndTransaction`.
    Transaction,
}

impl HeldHow {
    fn is_exclusive(&self) -> bool {
        *self == HeldHow::Exclusive
    }

    /// As a scenario writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            HeldHow::Exclusive => "exclusive",
            HeldHow::Transaction => "transaction",
        }
    }
}

fn user_cancelled() -> mynakit_protocol::nfc::SessionEndReason {
    mynakit_protocol::nfc::SessionEndReason::UserCancelled
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl CardFault {
    /// The fault's command trigger; `None` for an exclusive `held`, which acts at the
    /// scenario's start.
    pub fn when(&self) -> Option<&CardTrigger> {
        Some(match self {
            CardFault::Remove(RemoveCard { when, .. })
            | CardFault::Status(InjectStatus { when, .. })
            | CardFault::Slow(SlowCard { when, .. })
            | CardFault::Reset(ResetCard { when, .. })
            | CardFault::Insert(InsertCard { when, .. })
            | CardFault::WrongLe(WrongLe { when, .. })
            | CardFault::MoreData(MoreData { when, .. })
            | CardFault::Truncate(ResizeAnswer { when, .. })
            | CardFault::Extend(ResizeAnswer { when, .. })
            | CardFault::Atr(AtrVariant { when, .. })
            | CardFault::Unplug(UnplugReader { when, .. })
            | CardFault::SessionEnded(SessionEnded { when, .. })
            | CardFault::TransportError(TransportError { when, .. })
            | CardFault::Unavailable(ReaderUnavailable { when, .. })
            | CardFault::StackRestart(StackRestart { when, .. }) => when,
            // An exclusive hold acts at the scenario's start; a transaction at its trigger.
            CardFault::Held(ReaderHeld { when, .. }) => return when.as_ref(),
        })
    }

    /// The reader index it acts on.
    pub fn reader(&self) -> usize {
        match self {
            CardFault::Remove(RemoveCard { reader, .. })
            | CardFault::Status(InjectStatus { reader, .. })
            | CardFault::Slow(SlowCard { reader, .. })
            | CardFault::Reset(ResetCard { reader, .. })
            | CardFault::Insert(InsertCard { reader, .. })
            | CardFault::WrongLe(WrongLe { reader, .. })
            | CardFault::MoreData(MoreData { reader, .. })
            | CardFault::Truncate(ResizeAnswer { reader, .. })
            | CardFault::Extend(ResizeAnswer { reader, .. })
            | CardFault::Atr(AtrVariant { reader, .. })
            | CardFault::Unplug(UnplugReader { reader, .. })
            | CardFault::SessionEnded(SessionEnded { reader, .. })
            | CardFault::TransportError(TransportError { reader, .. })
            | CardFault::Unavailable(ReaderUnavailable { reader, .. })
            | CardFault::StackRestart(StackRestart { reader, .. }) => *reader,
            CardFault::Held(ReaderHeld { reader, .. }) => *reader,
        }
    }

    /// The key it is written with.
    pub fn key(&self) -> &'static str {
        match self {
            CardFault::Remove(_) => "remove",
            CardFault::Status(_) => "status",
            CardFault::Slow(_) => "slow",
            CardFault::Reset(_) => "reset",
            CardFault::Insert(_) => "insert",
            CardFault::WrongLe(_) => "wrong-le",
            CardFault::MoreData(_) => "more-data",
            CardFault::Truncate(_) => "truncate",
            CardFault::Extend(_) => "extend",
            CardFault::Atr(_) => "atr",
            CardFault::Unplug(_) => "unplug",
            CardFault::SessionEnded(_) => "session-ended",
            CardFault::TransportError(_) => "transport-error",
            CardFault::Unavailable(_) => "unavailable",
            CardFault::StackRestart(_) => "stack-restart",
            CardFault::Held(_) => "held",
        }
    }
}

/// When a card fault fires. Commands are counted per reader from 1, every C-APDU included.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CardTrigger {
    /// At the Nth command (`{apdu: 12}`).
    Apdu(#[schemars(range(min = 1))] u32),
    /// At the first signature command (`80 2A`): `when: signature`.
    Signature,
    /// At the first VERIFY that carries a PIN (`00 20 … Lc PIN`): `when: verify-pin`. A VERIFY
    /// without data (asking the tries left) and every command the client sends between the
    /// PIN's answer and its VERIFY (a SELECT again) go by; `{operator: {ask: pin}}` fires at
    /// whichever command comes first after the answer (`docs/scenarios.md`, "Card faults").
    VerifyPin,
    /// At the first command that matches (`{match: "00 20 00 98"}`); see `docs/scenarios.md` for
    /// the pattern syntax.
    Match(ApduPattern),
    /// At the first command after the operator answered this ask (`{operator: {ask: pin, nth: 2}}`).
    Operator(AskRef),
    /// While the card reads this file for the client, after its first bytes
    /// (`{reading: auth-certificate}`): at the first READ BINARY of the file, as the card
    /// places it, that asks for any byte past the first [`CardFile::HEADER_BYTES`]. Every read
    /// pattern `docs/card.md` calls correct reaches it (a 4-, 7- or 8-byte header read then
    /// chunks from its end or from 0, short chunks from 0, one extended read), where
    /// `{match: "00 B0 00 04"}` only met the one that reads on at offset 4.
    Reading(CardFile),
}

impl CardTrigger {
    /// The trigger in words, for a report that says what a fault waited for.
    pub fn describe(&self) -> String {
        match self {
            CardTrigger::Apdu(n) => format!("at command {n}"),
            CardTrigger::Signature => "at the signature".to_owned(),
            CardTrigger::VerifyPin => "at the VERIFY that carries the PIN".to_owned(),
            CardTrigger::Match(pattern) => {
                format!(
                    "at the first command matching `{}`",
                    String::from(pattern.clone())
                )
            }
            CardTrigger::Operator(ask) => format!(
                "after the operator's answer {} to a `{}` ask",
                ask.nth,
                serde_json::to_value(ask.ask)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default()
            ),
            CardTrigger::Reading(file) => format!(
                "while the card reads the {} past its first {} bytes",
                file.name(),
                CardFile::HEADER_BYTES
            ),
        }
    }
}

/// A file of the card a fault can wait for (`when: {reading: …}`), named by what it holds;
/// the file ids are the APDU vocabulary's (`mynakit_apdu::files`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CardFile {
    /// The JPKI AP's 利用者証明用電子証明書, EF `000A`.
    AuthCertificate,
    /// The auth certificate's CA certificate, EF `000B`.
    AuthCaCertificate,
    /// The JPKI AP's 署名用電子証明書, EF `0001`.
    SignCertificate,
    /// The sign certificate's CA certificate, EF `0002`.
    SignCaCertificate,
}

impl CardFile {
    /// The longest header a documented client reads before the body: 8 bytes (yuki-js `myna`;
    /// OpenSC and mnbcard read 4, jpki-rs and myna 7; `docs/card.md`, "Clients whose read
    /// patterns are covered").
    pub const HEADER_BYTES: usize = 8;

    /// Its name as written in a scenario (`auth-certificate`).
    pub fn name(self) -> &'static str {
        match self {
            CardFile::AuthCertificate => "auth-certificate",
            CardFile::AuthCaCertificate => "auth-ca-certificate",
            CardFile::SignCertificate => "sign-certificate",
            CardFile::SignCaCertificate => "sign-ca-certificate",
        }
    }

    /// Its application and file id.
    pub fn location(self) -> (mynakit_apdu::Application, u16) {
        use mynakit_apdu::{files::jpki, Application};
        match self {
            CardFile::AuthCertificate => (Application::Jpki, jpki::AUTH_CERT),
            CardFile::AuthCaCertificate => (Application::Jpki, jpki::AUTH_CA_CERT),
            CardFile::SignCertificate => (Application::Jpki, jpki::SIGN_CERT),
            CardFile::SignCaCertificate => (Application::Jpki, jpki::SIGN_CA_CERT),
        }
    }
}

one_key_enum!(CardTrigger, "a card trigger", units {
    "signature" => Signature,
    "verify-pin" => VerifyPin,
} values {
    "apdu" => Apdu(u32),
    "match" => Match(ApduPattern),
    "operator" => Operator(AskRef),
    "reading" => Reading(CardFile),
});

/// A service fault: one key naming what happens (`docs/service.md`, "Faults"), e.g.
/// `- status: {status: 503, on: {path_prefix: /v1/confirmations}}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ServiceFault {
    /// Delay answers by `ms` plus a uniform `0..=jitter_ms` (seeded by `faults.seed`).
    Latency(LatencyFault),
    /// Answer with this HTTP status (a problem+json body).
    Status(StatusFault),
    /// Close the connection without an answer.
    Reset(On),
    /// Send half the body with the full `content-length`, then close.
    Truncate(On),
    /// 200 with a corrupted body.
    Malformed(On),
    /// 503 for everything.
    Outage(On),
    /// J-LIS maintenance between `from` and `to` (scenario clock): only flows that need J-LIS
    /// (unregistered cards, registration, a renewed card's first use) fail, with `MOCK-E301`.
    Maintenance(Maintenance),
    /// A mobile network that drops (バス健診, `docs/care-settings.md`): the request is carried
    /// out, then its answer is lost.
    NetworkLoss(On),
    /// The facility's administrator presses 「無効化する」 for every device activated so far,
    /// just before the triggering request: that request and every later one the devices sign
    /// are refused (403 `device-invalidated`; `docs/device-setup.md`).
    InvalidateDevices(On),
}

one_key_enum!(ServiceFault, "a service fault", units {} values {
    "latency" => Latency(LatencyFault),
    "status" => Status(StatusFault),
    "reset" => Reset(On),
    "truncate" => Truncate(On),
    "malformed" => Malformed(On),
    "outage" => Outage(On),
    "maintenance" => Maintenance(Maintenance),
    "network-loss" => NetworkLoss(On),
    "invalidate-devices" => InvalidateDevices(On),
});

/// `latency`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LatencyFault {
    /// Fixed part, milliseconds.
    pub ms: u64,
    /// Random part, milliseconds.
    #[serde(default)]
    pub jitter_ms: u64,
    /// Which requests.
    #[serde(default)]
    pub on: ServiceTrigger,
}

/// `status`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusFault {
    /// 100–599.
    #[schemars(range(min = 100, max = 599))]
    pub status: u16,
    /// Which requests.
    #[serde(default)]
    pub on: ServiceTrigger,
}

/// The faults that only need to know which requests: `reset`, `truncate`, `malformed`,
/// `outage` (`{}` = every request).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct On {
    /// Which requests.
    #[serde(default)]
    pub on: ServiceTrigger,
}

/// `maintenance`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Maintenance {
    /// Start, RFC 3339.
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String", extend("format" = "date-time"))]
    pub from: OffsetDateTime,
    /// End (exclusive), RFC 3339.
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String", extend("format" = "date-time"))]
    pub to: OffsetDateTime,
}

impl ServiceFault {
    /// The trigger (maintenance windows have none: the clock decides).
    pub fn on(&self) -> Option<&ServiceTrigger> {
        match self {
            ServiceFault::Latency(LatencyFault { on, .. })
            | ServiceFault::Status(StatusFault { on, .. })
            | ServiceFault::Reset(On { on })
            | ServiceFault::Truncate(On { on })
            | ServiceFault::Malformed(On { on })
            | ServiceFault::Outage(On { on })
            | ServiceFault::NetworkLoss(On { on })
            | ServiceFault::InvalidateDevices(On { on }) => Some(on),
            ServiceFault::Maintenance(_) => None,
        }
    }

    /// Whether it makes requests fail (every kind but latency and maintenance windows).
    pub fn fails_requests(&self) -> bool {
        !matches!(
            self,
            ServiceFault::Latency(_) | ServiceFault::Maintenance(_)
        )
    }

    /// The key it is written with.
    pub fn key(&self) -> &'static str {
        match self {
            ServiceFault::Latency(_) => "latency",
            ServiceFault::Status(_) => "status",
            ServiceFault::Reset(_) => "reset",
            ServiceFault::Truncate(_) => "truncate",
            ServiceFault::Malformed(_) => "malformed",
            ServiceFault::Outage(_) => "outage",
            ServiceFault::Maintenance(_) => "maintenance",
            ServiceFault::NetworkLoss(_) => "network-loss",
            ServiceFault::InvalidateDevices(_) => "invalidate-devices",
        }
    }
}

/// Which public requests a service fault acts on. Every key is optional; together they narrow.
/// Requests are counted from 1 over all public paths.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceTrigger {
    /// Start at the Nth request (default: the first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub request: Option<u32>,
    /// Only this method (`GET`, `POST`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Only paths starting with this (e.g. `/v1/confirmations`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_prefix: Option<String>,
    /// Start only after the operator answered this ask.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<AskRef>,
    /// Fire this many times (default: every matching request from the start on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<u32>,
}

fn one() -> u32 {
    1
}

impl CardTrigger {
    /// What is wrong with the trigger itself, at `at` (`faults.card[i].<kind>.when`): commands
    /// and asks count from 1. Whether it can fire in the scenario (a signature in a mode that
    /// signs nothing) is the scenario's check (`validate`).
    pub(crate) fn check(&self, at: &str, p: &mut Problems) {
        match self {
            CardTrigger::Apdu(0) => p.add(format!("{at}.apdu"), "counts from 1", "1 から数える"),
            CardTrigger::Operator(r) => r.check(&format!("{at}.operator"), p),
            _ => {}
        }
    }
}

impl CardFault {
    /// What is wrong with the fault itself, at `at` (`faults.card[i].<kind>`): its `times` and
    /// `by` are at least 1 (an `atr` fault's ATR was checked as it was read). Its trigger is
    /// [`CardTrigger::check`]'s; what it names elsewhere (a reader, a card) is the scenario's
    /// check (`validate`).
    pub(crate) fn check(&self, at: &str, p: &mut Problems) {
        let times = match self {
            CardFault::Status(InjectStatus { times, .. })
            | CardFault::Slow(SlowCard {
                times: Some(times), ..
            })
            | CardFault::WrongLe(WrongLe { times, .. })
            | CardFault::MoreData(MoreData { times, .. })
            | CardFault::Truncate(ResizeAnswer { times, .. })
            | CardFault::Extend(ResizeAnswer { times, .. }) => *times,
            _ => 1,
        };
        if times == 0 {
            p.add(
                format!("{at}.times"),
                "must be at least 1",
                "1 以上でなければならない",
            );
        }
        if let CardFault::Held(ReaderHeld { for_ms: 0, .. }) = self {
            p.add(
                format!("{at}.for_ms"),
                "must be at least 1",
                "1 以上でなければならない",
            );
        }
        if let CardFault::Held(ReaderHeld { how, when, .. }) = self {
            match (how, when) {
                (HeldHow::Transaction, None) => p.add(
                    format!("{at}.when"),
                    "`how: transaction` needs `when`: the command after which the other program begins its transaction",
                    "`how: transaction` には `when` (他のプログラムがトランザクションを始めるコマンド) が必要",
                ),
                (HeldHow::Exclusive, Some(_)) => p.add(
                    format!("{at}.when"),
                    "an exclusive hold acts at the scenario's start, before the client connects: `when` needs `how: transaction`",
                    "排他的な占有はクライアントの接続前、シナリオの開始時に起きる: `when` には `how: transaction` が必要",
                ),
                _ => {}
            }
        }
        if let CardFault::Truncate(ResizeAnswer { by: 0, .. })
        | CardFault::Extend(ResizeAnswer { by: 0, .. }) = self
        {
            p.add(
                format!("{at}.by"),
                "must be at least 1",
                "1 以上でなければならない",
            );
        }
    }
}

impl ServiceFault {
    /// What is wrong with the fault, at `at` (`faults.service[i].<kind>`): a final HTTP status,
    /// a window that ends after it starts, and its trigger ([`ServiceTrigger::check`]).
    pub(crate) fn check(&self, at: &str, p: &mut Problems) {
        if let ServiceFault::Status(StatusFault { status, .. }) = self {
            if !(200..=599).contains(status) {
                p.add(
                    format!("{at}.status"),
                    format!("{status} is not a final HTTP status (200–599)"),
                    format!("{status} は最終的な HTTP ステータス (200–599) ではない"),
                );
            }
        }
        if let ServiceFault::Maintenance(Maintenance { from, to }) = self {
            if from >= to {
                p.add(
                    format!("{at}.to"),
                    "must be after `from`",
                    "`from` より後でなければならない",
                );
            }
        }
        if let Some(on) = self.on() {
            on.check(&format!("{at}.on"), p);
        }
    }
}

impl ServiceTrigger {
    /// What is wrong with the trigger, at `at` (`….on`): counts from 1, an upper-case method, a
    /// path from `/`, and its operator ask ([`AskRef::check`]).
    pub(crate) fn check(&self, at: &str, p: &mut Problems) {
        if self.request == Some(0) {
            p.add(format!("{at}.request"), "counts from 1", "1 から数える");
        }
        if self.times == Some(0) {
            p.add(
                format!("{at}.times"),
                "must be at least 1",
                "1 以上でなければならない",
            );
        }
        if let Some(m) = &self.method {
            if m.is_empty() || !m.bytes().all(|b| b.is_ascii_uppercase()) {
                p.add(
                    format!("{at}.method"),
                    format!("{m:?} is not an upper-case HTTP method"),
                    format!("{m:?} は大文字の HTTP メソッドではない"),
                );
            }
        }
        if let Some(prefix) = &self.path_prefix {
            if !prefix.starts_with('/') {
                p.add(
                    format!("{at}.path_prefix"),
                    "must start with `/`",
                    "`/` で始まらなければならない",
                );
            }
        }
        if let Some(r) = &self.operator {
            r.check(&format!("{at}.operator"), p);
        }
    }
}
