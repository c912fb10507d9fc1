//! What a `relying-party` scenario's world serves besides the card (`docs/relying-party.md`):
//! the revocation service, and in a 当人認証 (flow `authentication-by-nonce`) or a かざし (flow
//! `pin-less`) the nonce service its server asks for the nonces the card signs, with in a かざし
//! and a 現況確認 (flow `status-check`) the server's accounts; the facts the checks are told of
//! them, and the client's variables for them.

use std::path::Path;

use mynakit_protocol::{Flow, RecordItem, Role};
use mynakit_service::http::revocation::Clock;
use mynakit_service::revocation::Registry;
use mynakit_timeline::{Fact, Timeline};

use super::accounts::Accounts;
use super::nonce::RunningNonces;
use super::plan::Plan;
use super::revocation::{RunningRevocation, Told};
use super::ScenarioTime;
use super::{Shared, WorldError};

/// The running services of a relying party's world, stopped when dropped.
pub(crate) struct Services {
    /// `MYNAKIT_RP_FLOW`: the flow the scenario plays.
    flow: (String, String),
    revocation: RunningRevocation,
    nonces: Option<RunningNonces>,
    accounts: Option<Accounts>,
    /// A 現況確認: the card plays no part, so the checks are told nothing of it.
    status_check: bool,
    /// A 現況確認 or a counter read: the checks are told nothing of the card's certificates.
    no_card: bool,
    /// A counter read: whether the card is within the expiry on its face at the start.
    card_face: Option<bool>,
    /// A counter read: whether the card's 券面 records verify with the test CV roots.
    card_records: Option<bool>,
    /// A counter read: the items of the card's data its 確認記録 may keep.
    record_items: Option<Vec<RecordItem>>,
    /// A counter read: `MYNAKIT_KENKAKU_CV_ROOT_FILE` and `MYNAKIT_KENHOJO_CV_ROOT_FILE`.
    cv_roots: Vec<(String, String)>,
}

impl Services {
    /// Starts them for a `relying-party` scenario; `None` for any other.
    ///
    /// # Errors
    ///
    /// The revocation service's or the nonce service's start failed.
    pub(crate) fn start(
        plan: &Plan<'_>,
        shared: &Shared,
        dir: &Path,
        timeline: &Timeline,
        time: &ScenarioTime,
        runtime: &tokio::runtime::Runtime,
    ) -> Result<Option<Services>, WorldError> {
        if plan.scenario.role != Some(Role::RelyingParty) {
            return Ok(None);
        }
        // One clock: the revocation service dates its answers and CRLs, and the checks judge
        // statuses and validity, on the scenario's clock (the mock service's, which
        // `MYNAKIT_CLOCK` starts the client at), the machine's only until that runs.
        let clock: Clock = {
            let time = time.clone();
            std::sync::Arc::new(move || time.now().unwrap_or_else(time::OffsetDateTime::now_utc))
        };
        let now = clock();
        let pin_less = plan.scenario.flows.contains(&Flow::PinLess);
        // A 現況確認 does not touch the card; a counter read (flow `counter-read`) reads only the
        // 券面 APs: the checks are told nothing of the card's certificates in either, so the
        // checks of a 身元確認 leave them aside.
        let status_check = plan.scenario.flows.contains(&Flow::StatusCheck);
        let no_card = status_check || plan.scenario.flows.contains(&Flow::CounterRead);
        let authentication = pin_less || plan.scenario.flows.contains(&Flow::AuthenticationByNonce);
        // A 現況確認's accounts come first: the revocation service records what it answers
        // about each account's certificate.
        let accounts = if status_check {
            let registry = Registry::from_fixtures(shared.fixtures.fixtures())
                .map_err(|e| WorldError::Accounts(e.to_string()))?;
            Some(Accounts::write(plan, shared, dir, Some(&registry), now)?)
        } else if pin_less {
            Some(Accounts::write(plan, shared, dir, None, now)?)
        } else {
            None
        };
        // In a 現況確認 the card plays no part: no answer about it is recorded.
        let sign = (!no_card)
            .then(|| certificate(plan, shared, Certificate::Sign))
            .flatten();
        let auth = authentication
            .then(|| certificate(plan, shared, Certificate::Auth))
            .flatten();
        let revocation = RunningRevocation::start(
            shared.fixtures.fixtures(),
            &plan.scenario.faults.revocation,
            Told {
                sign: sign.as_deref(),
                auth: auth.as_deref(),
                accounts: accounts
                    .as_ref()
                    .map(Accounts::certificates)
                    .unwrap_or_default(),
            },
            dir,
            timeline,
            clock,
            runtime,
        )?;
        let nonces = authentication
            .then(|| RunningNonces::start(timeline, runtime))
            .transpose()
            .map_err(WorldError::Nonces)?;
        // A counter read verifies the 券面 records with the APs' test CV roots: their public
        // keys as PEM files beside the run's others.
        let counter = plan.scenario.flows.contains(&Flow::CounterRead);
        let cv_roots = if counter {
            cv_root_files(shared, dir)?
        } else {
            Vec::new()
        };
        // The flow by its name; a scenario names one relying party's flow (the first, should it
        // name more), 身元確認 when it names none.
        let flow = plan
            .scenario
            .flows
            .iter()
            .copied()
            .find(|f| RP_FLOWS.contains(f))
            .unwrap_or(Flow::IdentityBySignature);
        Ok(Some(Services {
            flow: (
                crate::protocol::env::RP_FLOW.to_owned(),
                flow.as_str().to_owned(),
            ),
            revocation,
            nonces,
            accounts,
            status_check,
            no_card,
            card_face: counter.then(|| within_expiry(plan, shared, now)),
            card_records: counter.then(|| {
                plan.cards
                    .first()
                    .is_none_or(|card| card.records.is_genuine())
            }),
            cv_roots,
            record_items: counter.then(|| {
                plan.scenario
                    .given
                    .relying_party
                    .as_ref()
                    .and_then(|given| given.record_items.clone())
                    .unwrap_or_else(|| RecordItem::MODEL.to_vec())
            }),
        }))
    }

    /// Records what the checks are told of the services when the client starts: the card's
    /// 署名用 certificate's status, validity and the faults, and in a 当人認証 the 利用者証明用
    /// certificate's status and validity, the keys of the test CAs of those certificates, and in
    /// a かざし whether the holder has an account; in a 現況確認 only each account's 署名用
    /// certificate's status and the service's faults (the card is not checked there).
    pub(crate) fn record_facts(&self, timeline: &Timeline) {
        let card = (!self.no_card).then(|| self.revocation.fact());
        let faults = self
            .status_check
            .then(|| self.revocation.status_check_faults())
            .flatten();
        let sign_validity = (!self.no_card)
            .then(|| self.revocation.sign_validity())
            .flatten();
        let auth = self.revocation.auth_fact();
        let ca_keys = self.revocation.ca_keys().iter().filter(|_| !self.no_card);
        let accounts = self.accounts.iter().flat_map(Accounts::facts);
        let card_face = self.card_face.map(Fact::CardFace);
        let card_records = self.card_records.map(Fact::CardRecords);
        let record_items = self.record_items.clone().map(Fact::RecordItems);
        for fact in card
            .into_iter()
            .chain(sign_validity)
            .chain(auth)
            .chain(ca_keys)
            .chain(faults.as_ref())
            .chain(accounts)
            .chain(card_face.as_ref())
            .chain(card_records.as_ref())
            .chain(record_items.as_ref())
        {
            super::record_fact(timeline, fact);
        }
    }

    /// Whether the run is a counter read (flow `counter-read`): its client's folders are
    /// searched for the card face's photo too (`RP-counter-record-only`).
    pub(crate) fn counter_read(&self) -> bool {
        self.record_items.is_some()
    }

    /// In a かざし, the birth date (`YYYYMMDD`) of the card holder's account.
    pub(crate) fn holder_birth_date(&self) -> Option<&str> {
        self.accounts.as_ref()?.holder_birth_date()
    }

    /// The client's variables for them.
    pub(crate) fn client_env(&self) -> impl Iterator<Item = (String, String)> + '_ {
        let nonce = self.nonces.as_ref().map(|n| n.client_env().clone());
        let accounts = self.accounts.as_ref().map(|a| a.client_env().clone());
        self.revocation
            .client_env()
            .iter()
            .cloned()
            .chain(nonce)
            .chain(accounts)
            .chain(std::iter::once(self.flow.clone()))
            .chain(self.cv_roots.iter().cloned())
    }
}

/// The flows of a relying party, one of which `MYNAKIT_RP_FLOW` names.
const RP_FLOWS: [Flow; 5] = [
    Flow::IdentityBySignature,
    Flow::AuthenticationByNonce,
    Flow::PinLess,
    Flow::StatusCheck,
    Flow::CounterRead,
];

/// Whether the plan's first card is within the expiry printed on it and held by its
/// 券面事項確認AP (valid through that day, in Japan's time) at `now`; a card whose persona does not
/// load counts as within it (the run reports the persona's error elsewhere).
fn within_expiry(plan: &Plan<'_>, shared: &Shared, now: time::OffsetDateTime) -> bool {
    let Some(persona) = plan
        .cards
        .first()
        .and_then(|card| shared.fixtures.persona(&card.persona).ok())
    else {
        return true;
    };
    let today = now.to_offset(time::macros::offset!(+9)).date();
    today <= persona.card.expires
}

/// Writes the 券面 APs' test CV roots' public keys into `dir`, giving the client's variables
/// naming them.
fn cv_root_files(shared: &Shared, dir: &Path) -> Result<Vec<(String, String)>, WorldError> {
    use mynakit_fixtures::CvRoot;
    use mynakit_protocol::env;
    let mut vars = Vec::new();
    for (ap, file, var) in [
        (
            CvRoot::Kenkaku,
            "kenkaku-cv-root.pem",
            env::KENKAKU_CV_ROOT_FILE,
        ),
        (
            CvRoot::Kenhojo,
            "kenhojo-cv-root.pem",
            env::KENHOJO_CV_ROOT_FILE,
        ),
    ] {
        let pem = shared
            .fixtures
            .fixtures()
            .cv_root_public_pem(ap)
            .map_err(|e| WorldError::CvRoots(e.to_string()))?;
        let path = dir.join(file);
        std::fs::write(&path, pem)
            .map_err(|e| WorldError::CvRoots(format!("{}: {e}", path.display())))?;
        vars.push((var.to_owned(), path.display().to_string()));
    }
    Ok(vars)
}

/// Which of the card's certificates.
#[derive(Clone, Copy)]
enum Certificate {
    /// 署名用 (EF `0001`).
    Sign,
    /// 利用者証明用 (EF `000A`).
    Auth,
}

/// The certificate of the plan's first card (the patient's; the default card when the scenario
/// gives none), as its persona's fixtures
/// issue it; `None` for a card without one.
fn certificate(plan: &Plan<'_>, shared: &Shared, which: Certificate) -> Option<Vec<u8>> {
    let card = plan.cards.first()?;
    // The certificates the card holds: another persona's for a card answering for another
    // card's certificate (`given.cards[i].certificates_of`).
    let holder = card.certificates_of.as_deref().unwrap_or(&card.persona);
    let persona = shared.fixtures.persona(holder).ok()?;
    let material = shared.fixtures.card_material(&persona).ok()?;
    match which {
        Certificate::Sign => material.sign.as_ref().map(|sign| sign.cert_der.clone()),
        Certificate::Auth => Some(material.auth.cert_der.clone()),
    }
}
