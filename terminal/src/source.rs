//! Where the terminal's eligibility facts come from: who exists with which qualification, who is
//! registered for insurance use, and what time it is on the scenario clock.
//!
//! Standalone (`mynakit terminal`), the personas are fixed at start (the fixtures after a
//! scenario's `given.service`) on the terminal's own clock. Next to a running mock service (the
//! scenario runner), the terminal reads the **service's** live records and clock through this
//! trait, so insurance changes, 保険証利用登録 made through the service's API and clock moves are
//! seen by both alike (issue 5: "the same eligibility model and scenario data as the service").

use mynakit_oqs::validity::{self, Validity};
use mynakit_oqs::Outcome;
use mynakit_persona::Persona;
use time::{Date, OffsetDateTime};

/// A live source of eligibility facts (implemented over the mock service's state by the
/// harness).
pub trait Eligibility: Send + Sync {
    /// Every persona as the service has them now (qualifications included).
    fn personas(&self) -> Vec<Persona>;
    /// The scenario time.
    fn now(&self) -> OffsetDateTime;
    /// Whether `persona`'s card is registered for insurance use at `now` (the face reader
    /// shows its registration screen otherwise).
    fn registered(&self, persona: &Persona, now: OffsetDateTime) -> bool {
        let _ = now;
        persona.registration.registered
    }
    /// What the face reader's check of `persona`'s card says at `now` (default: from the
    /// persona alone, [`card_check`]; the harness asks the service, which tracks re-links).
    fn card_check(&self, persona: &Persona, now: OffsetDateTime) -> CardCheck {
        card_check(persona, now)
    }
    /// The 居宅 and オンライン診療 consents the service holds (`docs/care-settings.md`), for the
    /// bulk queries `OQSmuhvq` / `OQSmuonq`. Default: none (standalone, no service).
    fn consents(&self) -> Vec<ConsentRecord> {
        Vec::new()
    }
}

/// `MedicalTreatmentFlag` of the consent queries (OQS code list OQSCD028 診療区分: 2 訪問診療等,
/// 3 オンライン診療等; reference §2.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TreatmentFlag {
    /// `2` 訪問診療等 (居宅同意取得型, `OQSmuhvq`).
    HomeVisit,
    /// `3` オンライン診療等 (`OQSmuonq`).
    Online,
}

impl TreatmentFlag {
    /// The code (`2`, `3`).
    pub fn code(self) -> &'static str {
        match self {
            TreatmentFlag::HomeVisit => "2",
            TreatmentFlag::Online => "3",
        }
    }
}

/// A consent as the terminal's consent queries see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsentRecord {
    /// The person (a persona id).
    pub person: String,
    /// What it is for.
    pub flag: TreatmentFlag,
    /// The institution it names.
    pub medical_institution_code: String,
    /// The day it was registered (JST): the consent date, and for オンライン診療 the visit
    /// (examination) date too.
    pub consented_on: Date,
    /// When it was withdrawn, if it was.
    pub withdrawn_at: Option<OffsetDateTime>,
    /// When the person also consented to share their 薬剤・特定健診・診療・手術情報 with the
    /// institution (the registration's time), if they did: the import's unit then carries the
    /// consent group a face result carries (`*ConsFlg` 1 and their times).
    pub information_consent: Option<OffsetDateTime>,
}

/// What the face reader's check of a card's 利用者証明用電子証明書 says (`docs/service.md`,
/// "Result codes": the same outcomes as the service's card check).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CardCheck {
    /// Usable, nothing to say.
    Valid,
    /// Usable, with a warning in `ProcessingResultCode` (expires within 3 months, expired but
    /// inside the grace period).
    Warning(Outcome),
    /// Not usable: no face result is pushed (revoked, expired past the grace period, not yet
    /// valid, a renewed card not re-linked yet).
    Refused(Outcome),
}

/// The check of `persona`'s card at `now` from the persona alone: [`certificate_check`], and a
/// renewed card (one with a previous serial), which standalone is never re-linked (the live
/// service re-links it after its `relink_lag_secs`).
pub fn card_check(persona: &Persona, now: OffsetDateTime) -> CardCheck {
    match certificate_check(persona, now) {
        refused @ CardCheck::Refused(_) => refused,
        _ if persona.certificates.previous_auth_serial.is_some() => {
            CardCheck::Refused(Outcome::CardNotRelinked)
        }
        usable => usable,
    }
}

/// The certificate alone: revocation, and the period with the grace window of
/// `mynakit_oqs::validity` (the service's rule).
pub fn certificate_check(persona: &Persona, now: OffsetDateTime) -> CardCheck {
    if persona
        .certificates
        .revoked
        .as_ref()
        .is_some_and(|r| r.at <= now)
    {
        return CardCheck::Refused(Outcome::CertificateRevoked);
    }
    match persona.certificate_period() {
        Ok((not_before, not_after)) => match validity::classify(not_before, not_after, now) {
            Validity::NotYetValid => CardCheck::Refused(Outcome::CertificateNotYetValid),
            Validity::Expired { .. } => CardCheck::Refused(Outcome::CertificateExpired),
            Validity::Grace { .. } => CardCheck::Warning(Outcome::WarnExpiredGrace),
            Validity::ExpiresSoon => CardCheck::Warning(Outcome::WarnExpiresSoon),
            Validity::Valid => CardCheck::Valid,
        },
        Err(_) => CardCheck::Valid,
    }
}
