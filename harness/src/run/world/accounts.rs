//! The accounts of a relying party's server in a かざし scenario (flow `pin-less`,
//! `docs/relying-party.md`): the holders it already knows from earlier 身元確認s
//! (`given.relying_party.accounts`), each by the 利用者証明用 certificate linked to the account
//! and the birth date the 署名用 certificate gave. The server finds them in
//! `MYNAKIT_RP_ACCOUNTS`; the checks are told whether the card's holder is one of them.

use std::path::Path;

use mynakit_fixtures::output::{write_file, WriteMode};
use mynakit_timeline::Fact;

use super::plan::Plan;
use super::{Shared, WorldError};
use crate::protocol::env;

/// The accounts file's name in the scenario's folder.
const FILE: &str = "rp-accounts.json";

/// The accounts written for the client, and what the checks are told of them.
pub(crate) struct Accounts {
    env: (String, String),
    fact: Fact,
}

impl Accounts {
    /// Writes `dir/rp-accounts.json` for the scenario's `given.relying_party.accounts`.
    ///
    /// # Errors
    ///
    /// A persona whose card does not load, or a file that cannot be written.
    pub(crate) fn write(
        plan: &Plan<'_>,
        shared: &Shared,
        dir: &Path,
    ) -> Result<Accounts, WorldError> {
        let named = plan
            .scenario
            .given
            .relying_party
            .as_ref()
            .map(|rp| rp.accounts.as_slice())
            .unwrap_or_default();
        let mut accounts = Vec::with_capacity(named.len());
        for persona in named {
            accounts.push(account_of(shared, persona)?);
        }
        // The patient's card: the scenario's first, or the default card the plan resolved.
        let holder = plan.cards.first().map(|card| card.persona.as_str());
        let fact = Fact::HolderAccount(named.iter().any(|p| Some(p.as_str()) == holder));
        let json = serde_json::Value::Array(accounts);
        let path = dir.join(FILE);
        write_file(&path, json.to_string().as_bytes(), WriteMode::Replace)?;
        let env = (env::RP_ACCOUNTS.to_owned(), path.display().to_string());
        Ok(Accounts { env, fact })
    }

    /// What the checks are told: whether the card's holder has an account.
    pub(crate) fn fact(&self) -> &Fact {
        &self.fact
    }

    /// The client's variable for them: `MYNAKIT_RP_ACCOUNTS`.
    pub(crate) fn client_env(&self) -> &(String, String) {
        &self.env
    }
}

/// One account: the persona's 利用者証明用 certificate's serial and its holder's birth date.
fn account_of(shared: &Shared, persona: &str) -> Result<serde_json::Value, WorldError> {
    let loaded = shared
        .fixtures
        .persona(persona)
        .map_err(|e| WorldError::Accounts(format!("{persona}: {e}")))?;
    let material = shared
        .fixtures
        .card_material(&loaded)
        .map_err(|e| WorldError::Accounts(format!("{persona}: {e}")))?;
    let serial = x509_parser::parse_x509_certificate(&material.auth.cert_der)
        .map(|(_, cert)| cert.raw_serial_as_string().replace(':', ""))
        .map_err(|e| WorldError::Accounts(format!("{persona}: {e}")))?;
    let birth = loaded.identity.birth_date;
    Ok(serde_json::json!({
        "auth_certificate_serial": serial,
        "birth_date": format!(
            "{:04}{:02}{:02}",
            birth.year(),
            u8::from(birth.month()),
            birth.day()
        ),
    }))
}
