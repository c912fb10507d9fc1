//! What the harness alone knows and tells the checks through the timeline: the care setting it
//! told the client, the portal device account it gave it, the places in the client's output that
//! held a typed PIN, the secrets a `spoken` line read out. Each is a note of a fixed shape (its
//! prefix, then what it says), written and read here only, so the JSON line stays byte for byte
//! the note it always was (`docs/timeline.md`; `docs/care-settings.md`, `docs/device-setup.md`,
//! "Portal registration").

use std::fmt;

use mynakit_protocol::{AnsweredBy, CardCertificate, CertStatus, RecordItem, RevocationFault};

use crate::{EventKind, LoggedPlace, Source};

/// The prefix of a [`Fact::CareSetting`] note; the setting's name follows it.
const CARE_SETTING: &str = "care setting: ";
/// The prefix of a [`Fact::PortalAccount`] note; then the account, ` at ` and the facility code.
const PORTAL_ACCOUNT: &str = "portal device account: ";
/// Between the account and the facility code of a [`Fact::PortalAccount`] note.
const PORTAL_AT: &str = " at ";
/// The prefix of a [`Fact::PinLeak`] note; the place follows it.
const PIN_LEAK: &str = "client output held a typed PIN: ";
/// The prefix of a [`Fact::BirthDateLeak`] note; the place follows it.
const BIRTH_DATE_LEAK: &str = "client output held the holder's birth date: ";
/// The prefix of a [`Fact::PatientLogged`] note; the place follows it.
const PATIENT_LOGGED: &str = "client output held the patient's values: ";
/// The prefix of a [`Fact::SpokenSecret`] note; what was read out follows it.
const SPOKEN_SECRET: &str = "a spoken line read out: ";
/// The prefix of a [`Fact::Revocation`] note; then the 署名用 certificate's status,
/// [`REVOCATION_FAULTS`] and the faults.
const REVOCATION: &str = "revocation service: the card's 署名用 certificate ";
/// Between the status and the faults of a [`Fact::Revocation`] note.
const REVOCATION_FAULTS: &str = "; faults: ";
/// The faults of a [`Fact::Revocation`] note when there are none.
const NO_FAULTS: &str = "none";

/// What the revocation service of a `relying-party` scenario knows and gets wrong
/// (`docs/relying-party.md`): the status of the patient's card's 署名用 certificate when the
/// client starts, and the service's faults (`faults.revocation`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Revocation {
    /// `good`, `revoked` (on hold too) or `unknown`, as its OCSP answer says it.
    pub status: CertStatus,
    /// The faults (`faults.revocation`), written in its words (`unsigned`, `wrong-signer`).
    pub faults: Vec<RevocationFault>,
}

/// The prefix of a [`Fact::AuthCertificate`] note; then the 利用者証明用 certificate's status,
/// [`AUTH_VALIDITY`] and whether the certificate is within its validity.
const AUTH_CERTIFICATE: &str = "revocation service: the card's 利用者証明用 certificate ";
/// Between the status and the validity of a [`Fact::AuthCertificate`] note.
const AUTH_VALIDITY: &str = "; validity: ";
/// The validity of a [`Fact::AuthCertificate`] note for a certificate within it.
const WITHIN: &str = "within";
/// The validity of a [`Fact::AuthCertificate`] note for an expired or not yet valid one.
const OUTSIDE: &str = "outside";
/// The prefix of a [`Fact::SignValidity`] note; then [`WITHIN`] or [`OUTSIDE`]. It does not
/// begin with [`REVOCATION`], whose notes are read first.
const SIGN_VALIDITY: &str = "revocation service: validity of the card's 署名用 certificate: ";
/// The prefix of a [`Fact::RevocationAnswer`] note; then the certificate (`署名用`,
/// `利用者証明用`), [`ANSWER_BY`], the way, [`ANSWER_SAYS`], the status, and the two
/// judgements of trust, each `yes` or `no`.
const REVOCATION_ANSWER: &str = "revocation service: answered about the card's ";
/// Between the certificate and the way of a [`Fact::RevocationAnswer`] note.
const ANSWER_BY: &str = " certificate by ";
/// Between the way and the status of a [`Fact::RevocationAnswer`] note.
const ANSWER_SAYS: &str = ": ";
/// Before whether a [`Fact::RevocationAnswer`] was signed by the CA.
const ANSWER_SIGNED: &str = "; signed by its CA: ";
/// Before whether a [`Fact::RevocationAnswer`] was current.
const ANSWER_CURRENT: &str = "; current: ";

/// The prefix of a [`Fact::TestCaKey`] note; then the certificate (`署名用`, `利用者証明用`),
/// [`CA_KEY_IS`] and the key's hexadecimal digits.
const TEST_CA_KEY: &str = "trust anchor: the test CA of the card's ";
/// Between the certificate and the key of a [`Fact::TestCaKey`] note.
const CA_KEY_IS: &str = " certificate has the key ";

/// The public key of the test CA of one of the card's certificates in a `relying-party` run,
/// the CA whose file the client is given to trust (`MYNAKIT_SIGN_CA_FILE`,
/// `MYNAKIT_AUTH_CA_FILE`; `docs/relying-party.md`): what a certificate that chains to it
/// verifies with.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TestCaKey {
    /// Which of the card's certificates it issues: `署名用` or `利用者証明用`.
    pub certificate: CardCertificate,
    /// Its SubjectPublicKeyInfo (DER), in lower-case hexadecimal digits.
    pub key: String,
}
/// The prefix of a [`Fact::AccountAnswer`] note; then the account's 署名用 certificate's serial,
/// [`ACCOUNT_ANSWER_BY`], and what follows the certificate in a [`Fact::RevocationAnswer`] note.
const ACCOUNT_ANSWER: &str = "revocation service: answered about an account's 署名用 certificate ";
/// Between the serial and the way of a [`Fact::AccountAnswer`] note.
const ACCOUNT_ANSWER_BY: &str = " by ";
/// The prefix of a [`Fact::StatusCheckFaults`] note; the faults follow it.
const STATUS_CHECK_FAULTS: &str = "revocation service: faults of the 現況確認: ";

/// What the revocation service of a `relying-party` run answered of one of the card's
/// certificates, as the answer went out (`docs/relying-party.md`): by which way, what it said
/// and whether the client could trust it. `C` says which certificate: one of the card's
/// ([`CardCertificate`]), or in a [`Fact::AccountAnswer`] an account's, by its serial.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RevocationAnswer<C = CardCertificate> {
    /// Which of the card's certificates: `署名用` or `利用者証明用`; in a [`Fact::AccountAnswer`],
    /// the account's 署名用 certificate's serial, as [`AccountStatus::serial`] writes it.
    pub certificate: C,
    /// `OCSP` (a SingleResponse about it) or `CRL` (its CA's CRL).
    pub by: AnsweredBy,
    /// `good`, `revoked` or `unknown` (a CRL says `revoked` when it lists the certificate,
    /// `good` when it does not).
    pub status: CertStatus,
    /// Signed by the certificate's CA itself.
    pub signed_by_ca: bool,
    /// The moment it was made within its thisUpdate and nextUpdate.
    pub current: bool,
}

/// The prefix of a [`Fact::CardFace`] note; then [`WITHIN`] or [`OUTSIDE`].
const CARD_FACE: &str = "counter read: the card's expiry on its face: ";
/// The prefix of a [`Fact::CardRecords`] note; then [`SIGNED_UNDER_ROOT`] or [`NOT_UNDER_ROOT`].
const CARD_RECORDS: &str = "counter read: the card's 券面 records and the test CV roots: ";
/// The prefix of a [`Fact::RecordItems`] note; the items' names follow it, `, `-separated.
const RECORD_ITEMS: &str = "counter read: the 確認記録 may keep of the card: ";
/// A [`Fact::RecordItems`] note of no item.
const NO_ITEM: &str = "nothing";
/// The 券面 records verify with the test CV roots.
const SIGNED_UNDER_ROOT: &str = "verify";
/// They do not.
const NOT_UNDER_ROOT: &str = "do not verify";
/// The prefix of a [`Fact::NonceIssued`] note; the nonce's hexadecimal digits follow it.
const NONCE_ISSUED: &str = "nonce service: issued ";
/// The prefix of a [`Fact::HolderAccount`] note; then [`REGISTERED`] or [`NOT_REGISTERED`].
const HOLDER_ACCOUNT: &str = "relying party's accounts: the card's holder ";
/// A [`Fact::HolderAccount`] note of a holder with an account.
const REGISTERED: &str = "has one";
/// A [`Fact::HolderAccount`] note of a holder without one.
const NOT_REGISTERED: &str = "has none";
/// The prefix of a [`Fact::AccountStatus`] note; then the user, [`ACCOUNT_SERIAL`], the serial,
/// [`ACCOUNT_STATUS`], the status, [`ACCOUNT_REASON`] and the reason's code (or [`NO_REASON`]);
/// for a certificate whose validity has ended, [`AUTH_VALIDITY`] and [`OUTSIDE`] after it (a
/// note without them, as every note written before they were, is of one within its validity).
const ACCOUNT: &str = "relying party's account: ";
/// Between the user and the serial of a [`Fact::AccountStatus`] note.
const ACCOUNT_SERIAL: &str = "; 署名用 certificate ";
/// Between the serial and the status of a [`Fact::AccountStatus`] note.
const ACCOUNT_STATUS: &str = "; status: ";
/// Between the status and the reason of a [`Fact::AccountStatus`] note.
const ACCOUNT_REASON: &str = "; reason: ";
/// The reason of a [`Fact::AccountStatus`] note of a certificate not revoked.
const NO_REASON: &str = "none";

/// One account of the relying party's server in a 現況確認 (flow `status-check`,
/// `docs/relying-party.md`) and what the revocation service says of its 署名用 certificate when
/// the client starts.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct AccountStatus {
    /// The account's user, as the accounts file names it (`user-1`).
    pub user: String,
    /// The 署名用 certificate's serial, as the accounts file writes it (hexadecimal digits).
    pub serial: String,
    /// `good`, `revoked` (on hold too) or `unknown`.
    pub status: CertStatus,
    /// The RFC 5280 `CRLReason` code of a revoked certificate.
    pub reason: Option<i64>,
    /// Whether the certificate is within its validity when the client starts (the wall clock,
    /// as the revocation service's), by the notAfter the accounts file gives
    /// (`sign_certificate_not_after`); a replaced certificate, known by its serial alone, is
    /// taken as within it.
    pub within_validity: bool,
}

/// What the harness knows of the card's 利用者証明用 certificate when it starts a 当人認証
/// (flow `authentication-by-nonce`, `docs/relying-party.md`): its status at the revocation
/// service and whether the wall clock is within its notBefore and notAfter.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct AuthCertificate {
    /// `good`, `revoked` (on hold too) or `unknown`, as its OCSP answer says it.
    pub status: CertStatus,
    /// Whether the certificate is within its validity when the client starts.
    pub within_validity: bool,
}

/// The portal device account the harness gave the client (`MYNAKIT_PORTAL_ACCOUNT`, not a
/// secret) and the facility it belongs to (`MYNAKIT_FACILITY_CODE`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PortalAccount {
    /// The account id (`W0000001`).
    pub account: String,
    /// The facility code (`1319999999`).
    pub facility: String,
}

/// One fact the harness records for the checks, as a note of source [`Fact::source`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Fact {
    /// The scenario's care setting, by its flow name (`kenshin`), as the client was told it
    /// (`MYNAKIT_CARE_SETTING`): `care setting: kenshin`. Source `operator`.
    CareSetting(String),
    /// The portal device account the client was given:
    /// `portal device account: W0000001 at 1319999999`. Source `operator`.
    PortalAccount(PortalAccount),
    /// A place in the client's own output that held a typed PIN, naming the stream, line and
    /// form, never the PIN: `client output held a typed PIN: stderr line 3: a typed PIN as APDU
    /// hex`. Source `client`.
    PinLeak(String),
    /// A place in a relying party's own output that held, in a かざし (flow `pin-less`), the
    /// birth date that opens the card's 券面事項確認AP, naming the stream, line and form, never
    /// the date: `client output held the holder's birth date: stderr line 2: the birth date as
    /// APDU hex`. Source `client`.
    BirthDateLeak(String),
    /// A line of the client's log (stderr) that held a value of the patient, naming the line
    /// and the kinds of value, never the value: `client output held the patient's values:
    /// stderr line 3: name, birth-date`. Recorded in every run whose client the harness started
    /// (`DATA-nothing-logged`; at マイナ救急, `DATA-ambulance-kept`). Source `client`.
    PatientLogged(LoggedPlace),
    /// A secret a `spoken` line read out, named, never quoted:
    /// `a spoken line read out: the PIN`. Source `client`.
    SpokenSecret(String),
    /// The revocation service of a `relying-party` scenario:
    /// `revocation service: the card's 署名用 certificate revoked; faults: unsigned`. Source
    /// `operator`.
    Revocation(Revocation),
    /// The card's 利用者証明用 certificate in a 当人認証:
    /// `revocation service: the card's 利用者証明用 certificate revoked; validity: within`.
    /// Source `operator`.
    AuthCertificate(AuthCertificate),
    /// Whether the card's 署名用 certificate is within its validity when the client starts a
    /// relying party's run (the wall clock, as the revocation service's):
    /// `revocation service: validity of the card's 署名用 certificate: outside`. Source
    /// `operator`.
    SignValidity(bool),
    /// What the revocation service answered of one of the card's certificates:
    /// `revocation service: answered about the card's 署名用 certificate by OCSP: good; signed by
    /// its CA: yes; current: no`. Source `operator`.
    RevocationAnswer(RevocationAnswer),
    /// A nonce the run's nonce service issued to the relying party's server (flow
    /// `authentication-by-nonce`): `nonce service: issued 3fa0…` (64 hexadecimal digits).
    /// Source `operator`.
    NonceIssued(String),
    /// Whether the relying party's server has an account for the card's holder in a かざし
    /// (flow `pin-less`, `MYNAKIT_RP_ACCOUNTS`): `relying party's accounts: the card's holder
    /// has one` (or `has none`: a first use). Source `operator`.
    HolderAccount(bool),
    /// One account of the relying party's server in a 現況確認 (flow `status-check`) and its
    /// 署名用 certificate's status: `relying party's account: user-1; 署名用 certificate 5f5e0f5;
    /// status: revoked; reason: 4` (`reason: none` for one not revoked; `; validity: outside`
    /// after it for one whose validity has ended). Source `operator`.
    AccountStatus(AccountStatus),
    /// The key of the test CA of one of the card's certificates in a relying party's run:
    /// `trust anchor: the test CA of the card's 署名用 certificate has the key 3082…`. Source
    /// `operator`.
    TestCaKey(TestCaKey),
    /// What the revocation service answered in a 現況確認 of one account's 署名用 certificate
    /// (its serial in [`RevocationAnswer::certificate`]): `revocation service: answered about an
    /// account's 署名用 certificate 05f5e4f3 by CRL: good; signed by its CA: no; current: yes`.
    /// Source `operator`.
    AccountAnswer(RevocationAnswer<String>),
    /// The faults of the revocation service in a 現況確認, whose card plays no part (elsewhere
    /// [`Fact::Revocation`] tells them), recorded only when there are some:
    /// `revocation service: faults of the 現況確認: unsigned`. Source `operator`.
    StatusCheckFaults(Vec<RevocationFault>),
    /// A counter read (flow `counter-read`, `docs/counter-read.md`) and whether the card is
    /// within the expiry its 券面事項確認AP holds (the day of the scenario's clock on or before
    /// it) when the client starts: `counter read: the card's expiry on its face: within` (or
    /// `outside`). Source `operator`.
    CardFace(bool),
    /// A counter read (flow `counter-read`, `docs/counter-read.md`) and whether the card's 券面
    /// records (the card face with its DF28, the 基本4情報 with the integrity record `0003`)
    /// verify, through each AP's EF `0004` certificate, with the 券面 APs' test CV roots the
    /// client is given: `counter read: the card's 券面 records and the test CV roots: verify`
    /// (or `do not verify`: a look-alike signer, a record altered after signing). Source
    /// `operator`.
    CardRecords(bool),
    /// A counter read (flow `counter-read`) and the items of the card's data its 確認記録 may
    /// keep (`docs/counter-read.md`, "What a counter app keeps": mynakit's model, or the
    /// scenario's `given.relying_party.record_items`): `counter read: the 確認記録 may keep of the
    /// card: name, address, birth-date, expiry, security-code` (or `nothing`). Source `operator`.
    RecordItems(Vec<RecordItem>),
}

impl Fact {
    /// Who the fact is recorded as: the operator for what the client was given, the client for
    /// what it did.
    pub fn source(&self) -> Source {
        match self {
            Fact::CareSetting(_)
            | Fact::PortalAccount(_)
            | Fact::Revocation(_)
            | Fact::AuthCertificate(_)
            | Fact::SignValidity(_)
            | Fact::RevocationAnswer(_)
            | Fact::NonceIssued(_)
            | Fact::HolderAccount(_)
            | Fact::CardFace(_)
            | Fact::CardRecords(_)
            | Fact::RecordItems(_)
            | Fact::AccountStatus(_)
            | Fact::TestCaKey(_)
            | Fact::AccountAnswer(_)
            | Fact::StatusCheckFaults(_) => Source::Operator,
            Fact::PinLeak(_)
            | Fact::BirthDateLeak(_)
            | Fact::PatientLogged(_)
            | Fact::SpokenSecret(_) => Source::Client,
        }
    }

    /// The fact a note's text states; `None` for any other note (a portal account note without
    /// ` at ` states none). The text after the prefix is taken as written, split at the first
    /// ` at ` for a portal account, as the checks always read it.
    pub fn from_note(text: &str) -> Option<Fact> {
        if let Some(name) = text.strip_prefix(CARE_SETTING) {
            return Some(Fact::CareSetting(name.to_owned()));
        }
        if let Some(rest) = text.strip_prefix(PORTAL_ACCOUNT) {
            let (account, facility) = rest.split_once(PORTAL_AT)?;
            return Some(Fact::PortalAccount(PortalAccount {
                account: account.to_owned(),
                facility: facility.to_owned(),
            }));
        }
        if let Some(rest) = text.strip_prefix(REVOCATION) {
            let (status, faults) = rest.split_once(REVOCATION_FAULTS)?;
            let faults = match faults {
                NO_FAULTS => Vec::new(),
                list => faults_of(list)?,
            };
            return Some(Fact::Revocation(Revocation {
                status: CertStatus::parse(status)?,
                faults,
            }));
        }
        if let Some(rest) = text.strip_prefix(AUTH_CERTIFICATE) {
            let (status, validity) = rest.split_once(AUTH_VALIDITY)?;
            let within_validity = match validity {
                WITHIN => true,
                OUTSIDE => false,
                _ => return None,
            };
            return Some(Fact::AuthCertificate(AuthCertificate {
                status: CertStatus::parse(status)?,
                within_validity,
            }));
        }
        if let Some(validity) = text.strip_prefix(SIGN_VALIDITY) {
            return match validity {
                WITHIN => Some(Fact::SignValidity(true)),
                OUTSIDE => Some(Fact::SignValidity(false)),
                _ => None,
            };
        }
        if let Some(rest) = text.strip_prefix(REVOCATION_ANSWER) {
            let (certificate, rest) = rest.split_once(ANSWER_BY)?;
            let certificate = CardCertificate::parse(certificate)?;
            return revocation_answer(certificate, rest).map(Fact::RevocationAnswer);
        }
        if let Some(rest) = text.strip_prefix(ACCOUNT_ANSWER) {
            let (serial, rest) = rest.split_once(ACCOUNT_ANSWER_BY)?;
            return revocation_answer(serial.to_owned(), rest).map(Fact::AccountAnswer);
        }
        if let Some(faults) = text.strip_prefix(STATUS_CHECK_FAULTS) {
            return faults_of(faults).map(Fact::StatusCheckFaults);
        }
        if let Some(nonce) = text.strip_prefix(NONCE_ISSUED) {
            return Some(Fact::NonceIssued(nonce.to_owned()));
        }
        if let Some(verdict) = text.strip_prefix(CARD_RECORDS) {
            return match verdict {
                SIGNED_UNDER_ROOT => Some(Fact::CardRecords(true)),
                NOT_UNDER_ROOT => Some(Fact::CardRecords(false)),
                _ => None,
            };
        }
        if let Some(items) = text.strip_prefix(RECORD_ITEMS) {
            if items == NO_ITEM {
                return Some(Fact::RecordItems(Vec::new()));
            }
            return items
                .split(", ")
                .map(RecordItem::parse)
                .collect::<Option<Vec<_>>>()
                .map(Fact::RecordItems);
        }
        if let Some(validity) = text.strip_prefix(CARD_FACE) {
            return match validity {
                WITHIN => Some(Fact::CardFace(true)),
                OUTSIDE => Some(Fact::CardFace(false)),
                _ => None,
            };
        }
        if let Some(rest) = text.strip_prefix(HOLDER_ACCOUNT) {
            return match rest {
                REGISTERED => Some(Fact::HolderAccount(true)),
                NOT_REGISTERED => Some(Fact::HolderAccount(false)),
                _ => None,
            };
        }
        if let Some(rest) = text.strip_prefix(ACCOUNT) {
            return account_status(rest).map(Fact::AccountStatus);
        }
        if let Some(rest) = text.strip_prefix(TEST_CA_KEY) {
            let (certificate, key) = rest.split_once(CA_KEY_IS)?;
            return Some(Fact::TestCaKey(TestCaKey {
                certificate: CardCertificate::parse(certificate)?,
                key: key.to_owned(),
            }));
        }
        if let Some(place) = text.strip_prefix(PIN_LEAK) {
            return Some(Fact::PinLeak(place.to_owned()));
        }
        if let Some(place) = text.strip_prefix(BIRTH_DATE_LEAK) {
            return Some(Fact::BirthDateLeak(place.to_owned()));
        }
        if let Some(place) = text.strip_prefix(PATIENT_LOGGED) {
            return LoggedPlace::parse(place).map(Fact::PatientLogged);
        }
        text.strip_prefix(SPOKEN_SECRET)
            .map(|what| Fact::SpokenSecret(what.to_owned()))
    }
}

/// An [`AccountStatus`] from its note's text after [`ACCOUNT`].
fn account_status(rest: &str) -> Option<AccountStatus> {
    let (user, rest) = rest.split_once(ACCOUNT_SERIAL)?;
    let (serial, rest) = rest.split_once(ACCOUNT_STATUS)?;
    let (status, rest) = rest.split_once(ACCOUNT_REASON)?;
    let (reason, within_validity) = match rest.split_once(AUTH_VALIDITY) {
        None => (rest, true),
        Some((reason, OUTSIDE)) => (reason, false),
        Some(_) => return None,
    };
    let reason = match reason {
        NO_REASON => None,
        code => Some(code.parse().ok()?),
    };
    Some(AccountStatus {
        user: user.to_owned(),
        serial: serial.to_owned(),
        status: CertStatus::parse(status)?,
        reason,
        within_validity,
    })
}

/// The note's text.
impl fmt::Display for Fact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fact::CareSetting(name) => write!(f, "{CARE_SETTING}{name}"),
            Fact::PortalAccount(p) => {
                write!(f, "{PORTAL_ACCOUNT}{}{PORTAL_AT}{}", p.account, p.facility)
            }
            Fact::PinLeak(place) => write!(f, "{PIN_LEAK}{place}"),
            Fact::BirthDateLeak(place) => write!(f, "{BIRTH_DATE_LEAK}{place}"),
            Fact::PatientLogged(place) => write!(f, "{PATIENT_LOGGED}{place}"),
            Fact::SpokenSecret(what) => write!(f, "{SPOKEN_SECRET}{what}"),
            Fact::Revocation(r) => {
                let faults = if r.faults.is_empty() {
                    NO_FAULTS.to_owned()
                } else {
                    faults_words(&r.faults)
                };
                write!(f, "{REVOCATION}{}{REVOCATION_FAULTS}{faults}", r.status)
            }
            Fact::AuthCertificate(a) => {
                let validity = if a.within_validity { WITHIN } else { OUTSIDE };
                write!(f, "{AUTH_CERTIFICATE}{}{AUTH_VALIDITY}{validity}", a.status)
            }
            Fact::SignValidity(within) => {
                let validity = if *within { WITHIN } else { OUTSIDE };
                write!(f, "{SIGN_VALIDITY}{validity}")
            }
            Fact::RevocationAnswer(a) => {
                write!(f, "{REVOCATION_ANSWER}{}{ANSWER_BY}", a.certificate)?;
                write_answer(f, a)
            }
            Fact::AccountAnswer(a) => {
                write!(f, "{ACCOUNT_ANSWER}{}{ACCOUNT_ANSWER_BY}", a.certificate)?;
                write_answer(f, a)
            }
            Fact::StatusCheckFaults(faults) => {
                write!(f, "{STATUS_CHECK_FAULTS}{}", faults_words(faults))
            }
            Fact::NonceIssued(nonce) => write!(f, "{NONCE_ISSUED}{nonce}"),
            Fact::CardFace(within) => {
                let validity = if *within { WITHIN } else { OUTSIDE };
                write!(f, "{CARD_FACE}{validity}")
            }
            Fact::CardRecords(genuine) => {
                let verdict = if *genuine {
                    SIGNED_UNDER_ROOT
                } else {
                    NOT_UNDER_ROOT
                };
                write!(f, "{CARD_RECORDS}{verdict}")
            }
            Fact::RecordItems(items) if items.is_empty() => write!(f, "{RECORD_ITEMS}{NO_ITEM}"),
            Fact::RecordItems(items) => {
                let names: Vec<&str> = items.iter().map(|i| i.as_str()).collect();
                write!(f, "{RECORD_ITEMS}{}", names.join(", "))
            }
            Fact::HolderAccount(has) => {
                let has = if *has { REGISTERED } else { NOT_REGISTERED };
                write!(f, "{HOLDER_ACCOUNT}{has}")
            }
            Fact::TestCaKey(k) => write!(f, "{TEST_CA_KEY}{}{CA_KEY_IS}{}", k.certificate, k.key),
            Fact::AccountStatus(a) => {
                let reason = a
                    .reason
                    .map_or_else(|| NO_REASON.to_owned(), |code| code.to_string());
                write!(
                    f,
                    "{ACCOUNT}{}{ACCOUNT_SERIAL}{}{ACCOUNT_STATUS}{}{ACCOUNT_REASON}{reason}",
                    a.user, a.serial, a.status
                )?;
                if a.within_validity {
                    Ok(())
                } else {
                    write!(f, "{AUTH_VALIDITY}{OUTSIDE}")
                }
            }
        }
    }
}

/// What a [`Fact::RevocationAnswer`] or [`Fact::AccountAnswer`] note says after the certificate:
/// the way, the status and the two judgements of trust.
fn write_answer<C>(f: &mut fmt::Formatter<'_>, a: &RevocationAnswer<C>) -> fmt::Result {
    write!(
        f,
        "{}{ANSWER_SAYS}{}{ANSWER_SIGNED}{}{ANSWER_CURRENT}{}",
        a.by,
        a.status,
        yes_no(a.signed_by_ca),
        yes_no(a.current)
    )
}

/// The answer about `certificate` a [`Fact::RevocationAnswer`] or [`Fact::AccountAnswer`] note
/// states in `rest`, its text after the certificate and the word before the way; `None` for
/// another shape.
fn revocation_answer<C>(certificate: C, rest: &str) -> Option<RevocationAnswer<C>> {
    let (by, rest) = rest.split_once(ANSWER_SAYS)?;
    let (status, rest) = rest.split_once(ANSWER_SIGNED)?;
    let (signed, current) = rest.split_once(ANSWER_CURRENT)?;
    Some(RevocationAnswer {
        certificate,
        by: AnsweredBy::parse(by)?,
        status: CertStatus::parse(status)?,
        signed_by_ca: from_yes_no(signed)?,
        current: from_yes_no(current)?,
    })
}

/// Faults as a note lists them: their words, separated by `, `.
fn faults_words(faults: &[RevocationFault]) -> String {
    faults
        .iter()
        .map(|f| f.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The faults a note lists; `None` when a word names no fault.
fn faults_of(list: &str) -> Option<Vec<RevocationFault>> {
    list.split(", ").map(RevocationFault::parse).collect()
}

fn yes_no(yes: bool) -> &'static str {
    if yes {
        "yes"
    } else {
        "no"
    }
}

fn from_yes_no(word: &str) -> Option<bool> {
    match word {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

impl EventKind {
    /// The note that records `fact` (to be recorded as [`Fact::source`]).
    pub fn fact(fact: &Fact) -> EventKind {
        EventKind::Note {
            text: fact.to_string(),
        }
    }

    /// The fact a note states ([`Fact::from_note`]); `None` for any other event. Whether it
    /// came from the fact's [`Fact::source`] is the reader's to check.
    pub fn stated_fact(&self) -> Option<Fact> {
        match self {
            EventKind::Note { text } => Fact::from_note(text),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mynakit_protocol::{
        AnsweredBy as By, CardCertificate as Cert, CertStatus as S, RevocationFault as F,
    };

    #[test]
    fn facts_write_the_notes_they_always_were_and_read_back() {
        let cases = [
            (Fact::CareSetting("kenshin".into()), "care setting: kenshin"),
            (
                Fact::PortalAccount(PortalAccount {
                    account: "W0000001".into(),
                    facility: "1319999999".into(),
                }),
                "portal device account: W0000001 at 1319999999",
            ),
            (
                Fact::PinLeak("stderr line 3: a typed PIN as APDU hex".into()),
                "client output held a typed PIN: stderr line 3: a typed PIN as APDU hex",
            ),
            (
                Fact::PatientLogged(LoggedPlace {
                    line: 4,
                    kinds: vec![
                        crate::PatientValueKind::Name,
                        crate::PatientValueKind::BirthDate,
                    ],
                }),
                "client output held the patient's values: stderr line 4: name, birth-date",
            ),
            (
                Fact::BirthDateLeak("stderr line 2: the birth date in clear".into()),
                "client output held the holder's birth date: stderr line 2: the birth date in \
                 clear",
            ),
            (
                Fact::SpokenSecret("the PIN".into()),
                "a spoken line read out: the PIN",
            ),
            (
                Fact::Revocation(Revocation {
                    status: S::Revoked,
                    faults: vec![F::Unsigned, F::WrongSigner],
                }),
                "revocation service: the card's 署名用 certificate revoked; faults: unsigned, \
                 wrong-signer",
            ),
            (
                Fact::Revocation(Revocation {
                    status: S::Good,
                    faults: vec![],
                }),
                "revocation service: the card's 署名用 certificate good; faults: none",
            ),
            (
                Fact::AuthCertificate(AuthCertificate {
                    status: S::Revoked,
                    within_validity: true,
                }),
                "revocation service: the card's 利用者証明用 certificate revoked; validity: within",
            ),
            (
                Fact::AuthCertificate(AuthCertificate {
                    status: S::Good,
                    within_validity: false,
                }),
                "revocation service: the card's 利用者証明用 certificate good; validity: outside",
            ),
            (
                Fact::SignValidity(false),
                "revocation service: validity of the card's 署名用 certificate: outside",
            ),
            (
                Fact::SignValidity(true),
                "revocation service: validity of the card's 署名用 certificate: within",
            ),
            (
                Fact::RevocationAnswer(RevocationAnswer {
                    certificate: Cert::Sign,
                    by: By::Ocsp,
                    status: S::Good,
                    signed_by_ca: true,
                    current: false,
                }),
                "revocation service: answered about the card's 署名用 certificate by OCSP: good; \
                 signed by its CA: yes; current: no",
            ),
            (
                Fact::RevocationAnswer(RevocationAnswer {
                    certificate: Cert::Auth,
                    by: By::Crl,
                    status: S::Revoked,
                    signed_by_ca: false,
                    current: true,
                }),
                "revocation service: answered about the card's 利用者証明用 certificate by CRL: \
                 revoked; signed by its CA: no; current: yes",
            ),
            (
                Fact::TestCaKey(TestCaKey {
                    certificate: Cert::Sign,
                    key: "3082".into(),
                }),
                "trust anchor: the test CA of the card's 署名用 certificate has the key 3082",
            ),
            (
                Fact::AccountAnswer(RevocationAnswer {
                    certificate: "05f5e4f3".into(),
                    by: By::Crl,
                    status: S::Good,
                    signed_by_ca: false,
                    current: true,
                }),
                "revocation service: answered about an account's 署名用 certificate 05f5e4f3 by \
                 CRL: good; signed by its CA: no; current: yes",
            ),
            (
                Fact::StatusCheckFaults(vec![F::Expired, F::CrlStale]),
                "revocation service: faults of the 現況確認: expired, crl-stale",
            ),
            (
                Fact::NonceIssued("00ff".into()),
                "nonce service: issued 00ff",
            ),
            (
                Fact::HolderAccount(true),
                "relying party's accounts: the card's holder has one",
            ),
            (
                Fact::HolderAccount(false),
                "relying party's accounts: the card's holder has none",
            ),
            (
                Fact::CardFace(false),
                "counter read: the card's expiry on its face: outside",
            ),
            (
                Fact::CardRecords(false),
                "counter read: the card's 券面 records and the test CV roots: do not verify",
            ),
            (
                Fact::CardRecords(true),
                "counter read: the card's 券面 records and the test CV roots: verify",
            ),
            (
                Fact::RecordItems(RecordItem::MODEL.to_vec()),
                "counter read: the 確認記録 may keep of the card: name, address, birth-date, \
                 expiry, security-code",
            ),
            (
                Fact::RecordItems(Vec::new()),
                "counter read: the 確認記録 may keep of the card: nothing",
            ),
            (
                Fact::AccountStatus(AccountStatus {
                    user: "user-1".into(),
                    serial: "5f5e0f5".into(),
                    status: S::Revoked,
                    reason: Some(4),
                    within_validity: true,
                }),
                "relying party's account: user-1; 署名用 certificate 5f5e0f5; status: revoked; \
                 reason: 4",
            ),
            (
                Fact::AccountStatus(AccountStatus {
                    user: "user-3".into(),
                    serial: "5f5e0f6".into(),
                    status: S::Good,
                    reason: None,
                    within_validity: false,
                }),
                "relying party's account: user-3; 署名用 certificate 5f5e0f6; status: good; \
                 reason: none; validity: outside",
            ),
            (
                Fact::AccountStatus(AccountStatus {
                    user: "user-2".into(),
                    serial: "1f".into(),
                    status: S::Good,
                    reason: None,
                    within_validity: true,
                }),
                "relying party's account: user-2; 署名用 certificate 1f; status: good; reason: none",
            ),
        ];
        for (fact, text) in cases {
            let kind = EventKind::fact(&fact);
            assert_eq!(kind, EventKind::Note { text: text.into() });
            assert_eq!(kind.stated_fact(), Some(fact));
        }
    }

    #[test]
    fn other_notes_state_no_fact() {
        for text in [
            "",
            "care setting:kenshin",
            "portal device account: W0000001",
            "face reader: gaiji confirmed by face",
            "stdout: care setting: kenshin",
            "revocation service: answered about the card's 署名用 certificate by OCSP: good; \
             signed by its CA: maybe; current: yes",
            // Words that name no status, way, certificate or fault state no fact.
            "revocation service: the card's 署名用 certificate fine; faults: none",
            "revocation service: the card's 署名用 certificate good; faults: unsigned, late",
            "revocation service: answered about the card's 署名用 certificate by LDAP: good; \
             signed by its CA: yes; current: yes",
            "revocation service: answered about the card's 券面 certificate by OCSP: good; \
             signed by its CA: yes; current: yes",
            "revocation service: faults of the 現況確認: none",
        ] {
            assert_eq!(Fact::from_note(text), None, "{text:?}");
        }
        assert_eq!(
            EventKind::file("req/a.xml", crate::FileAction::RequestSeen).stated_fact(),
            None
        );
        // Read as the checks always did: the first ` at ` splits, an unknown setting is kept.
        assert_eq!(
            Fact::from_note("portal device account: a at b at c"),
            Some(Fact::PortalAccount(PortalAccount {
                account: "a".into(),
                facility: "b at c".into()
            }))
        );
        assert_eq!(
            Fact::from_note("care setting: "),
            Some(Fact::CareSetting(String::new()))
        );
    }

    /// A timeline recorded before the place was typed holds the same note: it reads back to
    /// the typed place, each kind by its word.
    #[test]
    fn a_recorded_patient_logged_note_reads_as_a_typed_place() {
        use crate::PatientValueKind as K;
        let recorded = "client output held the patient's values: stderr line 12: name, \
                        kana-name, insured-number";
        let fact = Fact::from_note(recorded);
        assert_eq!(
            fact,
            Some(Fact::PatientLogged(LoggedPlace {
                line: 12,
                kinds: vec![K::Name, K::KanaName, K::InsuredNumber],
            }))
        );
        assert_eq!(fact.map(|f| f.to_string()).as_deref(), Some(recorded));
        // A place of another shape states no fact (no timeline ever wrote one).
        assert_eq!(
            Fact::from_note("client output held the patient's values: stderr line 4: pin"),
            None
        );
    }

    #[test]
    fn facts_say_who_records_them() {
        assert_eq!(Fact::CareSetting("x".into()).source(), Source::Operator);
        assert_eq!(Fact::PinLeak("x".into()).source(), Source::Client);
        assert_eq!(Fact::SpokenSecret("x".into()).source(), Source::Client);
    }
}
