//! The environment a world gives its client (`docs/client-protocol.md`, "Environment").

use std::path::Path;

use mynakit_service::RunningService;

use super::super::pool::{Loan, ReaderPool};
use super::plan::Plan;
use crate::protocol::env;

/// What the client's environment is made of, besides the plan.
pub(super) struct Parts<'w, 'p> {
    /// The run id.
    pub(super) run_id: &'w str,
    /// The mock service.
    pub(super) service: &'w RunningService,
    /// The CA file the client trusts.
    pub(super) ca_file: &'w Path,
    /// The scenario's time limit, seconds.
    pub(super) timeout_secs: u64,
    /// The borrowed readers.
    pub(super) loan: &'w Loan<'p>,
    /// The pool (a managed pcscd's socket).
    pub(super) pool: &'p ReaderPool,
    /// The terminal, when the scenario has one.
    pub(super) terminal: Option<&'w mynakit_terminal::RunningTerminal>,
}

/// The client's environment variables, in the order the protocol lists them.
pub(super) fn client(plan: &Plan<'_>, parts: &Parts<'_, '_>) -> Vec<(String, String)> {
    let scenario = plan.scenario;
    let given = &scenario.given;
    let mut vars = vec![
        (env::PROTOCOL, crate::protocol::PROTOCOL_VERSION.to_string()),
        (env::RUN_ID, parts.run_id.to_owned()),
        (env::SCENARIO, scenario.id.clone()),
        (env::SERVICE_URL, parts.service.public_url()),
        (env::CA_FILE, parts.ca_file.display().to_string()),
        (
            env::FACILITY_CODE,
            given.facility.medical_institution_code.clone(),
        ),
        (env::CLOCK, rfc3339(given.run_start())),
        (env::TIMEOUT_SECS, parts.timeout_secs.to_string()),
    ];
    match parts.terminal {
        None => {
            let names: Vec<&str> = parts.loan.slots().iter().map(|s| s.reader()).collect();
            // The reader holding the patient's card, which need not be the first listed
            // (`docs/reader.md`, "A second reader").
            if let Some(patient) = names.get(plan.patient_reader()).or(names.first()) {
                vars.push((env::READER, (*patient).to_owned()));
            }
            vars.push((env::READERS, names.join("\n")));
        }
        Some(t) => {
            let terminal = t.terminal();
            vars.push((env::TERMINAL_DIR, terminal.root().display().to_string()));
            vars.push((
                env::DIAGNOSIS_INFO_PREFIX,
                terminal.data().diagnosis_info_prefix.to_string(),
            ));
        }
    }
    // A care setting (docs/care-settings.md) is how the app is set up, like the facility code:
    // the client learns it from the environment.
    if let Some(setting) = plan.care_setting {
        vars.push((env::CARE_SETTING, setting.as_str().to_owned()));
    }
    // So is a 健診 facility's own identity (docs/kenshin.md, "Facility identities").
    if let Some(identity) = given.facility.checkup_identity() {
        vars.push((identity.env(), identity.value().to_owned()));
    }
    if let Some(account) = &given.facility.account {
        vars.push((env::ACCOUNT, account.user_id.clone()));
        if let Some(password) = &account.password {
            vars.push((env::ACCOUNT_PASSWORD, password.expose().to_owned()));
        }
    }
    if let Some(code) = &given.facility.activation_code {
        vars.push((env::ACTIVATION_CODE, code.expose().to_owned()));
    }
    // A device registered through the portal has its device account and password, and no
    // activation code (docs/device-setup.md, "Portal registration").
    if let Some(portal) = &given.facility.portal_account {
        vars.push((env::PORTAL_ACCOUNT, portal.account.clone()));
        vars.push((env::ACCOUNT_PASSWORD, portal.password.expose().to_owned()));
    }
    let mut env: Vec<(String, String)> = vars.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
    env.extend(parts.pool.client_env());
    env
}

fn rfc3339(t: time::OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// The variables of a client whose card is behind the NFC relay (`docs/mobile.md`): where it
/// listens, the run's token, and the phone OS the scenario asks it to play, if any.
pub(super) fn relay(
    relay: &mynakit_reader::nfc::Relay,
    platform: Option<mynakit_protocol::nfc::Platform>,
) -> Vec<(String, String)> {
    use mynakit_protocol::nfc::env;
    let mut vars = vec![
        (env::RELAY.to_owned(), relay.addr().to_string()),
        (
            env::RELAY_TOKEN.to_owned(),
            relay.token().reveal().to_owned(),
        ),
    ];
    if let Some(platform) = platform {
        vars.push((env::PLATFORM.to_owned(), platform.as_str().to_owned()));
    }
    vars
}
