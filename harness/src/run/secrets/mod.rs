//! What a run must never show: the secrets a scenario states or its operators type, and every
//! card PIN and account password of its world (`docs/reports.md`, "Secrets"), gathered once
//! for reports, logs and the evidence bundle's copy of the scenario file.
//!
//! [`scrub`] keeps them out of everything a report publishes; [`token`] tells a typed PIN the
//! client logged from a number of another kind with its digits.

pub(crate) mod scrub;
mod token;

use crate::scenario::operator::Operator;
use crate::scenario::Scenario;
pub(crate) use scrub::Secrets;

/// The secrets a scenario file states itself: card PIN overrides, a recorded card's replay PIN,
/// the facility account's password, the passwords of the service's accounts and portal device
/// accounts, the device's activation code and its portal device account's password. Reports, logs and the evidence bundle's copy of the file never show them
/// (`docs/reports.md`, "Secrets"). The passwords the operator types are scrubbed too
/// (`typed_passwords`).
pub(crate) fn stated_secrets(given: &crate::scenario::model::Given) -> Vec<String> {
    let mut secrets: Vec<String> = Vec::new();
    for card in given.cards_or_default().iter() {
        for (_, _, over) in card.pins.entries() {
            if let Some(value) = &over.value {
                secrets.push(value.expose().to_owned());
            }
        }
        if let Some(pin) = card.recorded.as_ref().and_then(|r| r.pin.as_ref()) {
            secrets.push(pin.expose().to_owned());
        }
    }
    if let Some(password) = given
        .facility
        .account
        .as_ref()
        .and_then(|a| a.password.as_ref())
    {
        secrets.push(password.expose().to_owned());
    }
    if let Some(portal) = &given.facility.portal_account {
        secrets.push(portal.password.expose().to_owned());
    }
    if let Some(data) = &given.service {
        secrets.extend(data.accounts.iter().map(|a| a.password.clone()));
        secrets.extend(data.portal_accounts.iter().map(|a| a.password.clone()));
    }
    if let Some(code) = &given.facility.activation_code {
        secrets.push(code.expose().to_owned());
    }
    secrets
}

/// A scenario file's text with the scenario's PINs (the operator's and [`stated_secrets`])
/// replaced by `<redacted>`, as reports do (`docs/reports.md`, "Secrets"): the copy an evidence
/// bundle publishes (`docs/evidence.md`).
pub fn redacted_scenario_text(scenario: &Scenario, text: &str) -> String {
    of_run(scenario, &stated_secrets(&scenario.given)).scrub_text(text)
}

/// The operators of the scenario: its own, and those of its earlier visits
/// (`given.earlier_visits`), each typing its own PINs and passwords.
fn operators(scenario: &Scenario) -> impl Iterator<Item = &Operator> {
    std::iter::once(&scenario.operator).chain(
        scenario
            .given
            .earlier_visits
            .iter()
            .filter_map(|visit| visit.operator.as_ref()),
    )
}

/// The PINs the operators type at `pin` asks.
pub(super) fn typed_pins(scenario: &Scenario) -> impl Iterator<Item = &str> {
    operators(scenario).flat_map(|o| o.pins.iter().map(|p| p.expose()))
}

/// The account passwords the operators type at `password` asks (`operator.passwords`):
/// scrubbed like the stated secrets. (`PIN-not-logged` judges only the typed PINs.)
fn typed_passwords(scenario: &Scenario) -> impl Iterator<Item = &str> {
    operators(scenario).flat_map(|o| o.passwords.iter().map(|p| p.expose()))
}

/// The run's secrets: the PINs and passwords the operators type, and `others` (the world's,
/// `World::secrets`: every card PIN and the account password; or the ones a scenario states).
pub(super) fn of_run(scenario: &Scenario, others: &[String]) -> Secrets {
    Secrets::new(
        typed_pins(scenario),
        others
            .iter()
            .map(String::as_str)
            .chain(typed_passwords(scenario)),
    )
}

#[cfg(test)]
mod tests {
    use crate::scenario::{bundled_dir, load_paths};
    use mynakit_fixtures::Fixtures;

    /// The copy of a scenario an evidence bundle publishes hides every secret the file states:
    /// the account password and the device's activation code too, not only PINs.
    #[test]
    fn the_published_scenario_text_hides_the_password_and_the_activation_code() {
        let path = bundled_dir().join("device-setup-login.yaml");
        let loaded = load_paths(std::slice::from_ref(&path), &Fixtures::bundled()).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("318628523135") && text.contains("pw-staff01"));
        let redacted = super::redacted_scenario_text(&loaded[0].1, &text);
        assert!(!redacted.contains("318628523135"), "{redacted}");
        assert!(!redacted.contains("pw-staff01"), "{redacted}");
        assert!(redacted.contains("<redacted>"));
    }

    /// So does a device registered through the portal: its device account's password, as the
    /// client's and the service's (docs/device-setup.md, "Portal registration"); the device
    /// account itself is no secret.
    #[test]
    fn the_published_scenario_text_hides_the_portal_password() {
        let path = bundled_dir().join("portal-device-setup.yaml");
        let loaded = load_paths(std::slice::from_ref(&path), &Fixtures::bundled()).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("pw-portal-01"));
        let redacted = super::redacted_scenario_text(&loaded[0].1, &text);
        assert!(!redacted.contains("pw-portal-01"), "{redacted}");
        assert!(redacted.contains("W0000001"), "{redacted}");
    }
}
