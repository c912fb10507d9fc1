//! What a run of a scenario needs of a client — its role, the run's mode, its flows and, when it
//! names one, its rule set — against what the client claims (`docs/client-protocol.md`,
//! "Capabilities"). A scenario the client does not claim is NOT-APPLICABLE to it, with the
//! reason this module gives.

use mynakit_protocol::Capabilities;

use super::Scenario;

/// Why `client` does not claim `scenario`, or `None` when it does. Every unmet need is named,
/// in the order role, mode, flows, rule set.
pub fn unclaimed(scenario: &Scenario, client: &Capabilities) -> Option<String> {
    let mut missing = Vec::new();
    let role = scenario.role();
    let roles = client.roles();
    if !roles.contains(&role) {
        missing.push(format!(
            "the role `{role}` (the client claims {})",
            list(roles.iter().map(ToString::to_string))
        ));
    }
    let mode = scenario.operator.mode;
    let modes = client.modes();
    // A plain program (`expect.exit_code`) has no mode to claim (`docs/scenarios.md`, "Modes").
    if scenario.expect.exit_code.is_none() && !modes.contains(&mode) {
        missing.push(format!(
            "the mode `{}` (the client claims {})",
            mode.as_str(),
            list(modes.iter().map(|m| m.as_str().to_owned()))
        ));
    }
    let flows = client.flows();
    for flow in &scenario.flows {
        if !flows.contains(flow) {
            missing.push(format!(
                "the flow `{flow}` (the client claims {})",
                list(flows.iter().map(ToString::to_string))
            ));
        }
    }
    if let Some(transport) = scenario.transport {
        if client.transport() != transport {
            missing.push(format!(
                "the transport `{transport}` (the client claims {})",
                client.transport()
            ));
        }
    }
    let rule_sets = client.rule_sets();
    if let Some(rules) = scenario.rules {
        if !rule_sets.is_empty() && !rule_sets.contains(&rules) {
            missing.push(format!(
                "the rules of {rules} (the client follows {})",
                list(rule_sets.iter().map(ToString::to_string))
            ));
        }
    }
    (!missing.is_empty()).then(|| format!("the scenario needs {}", missing.join("; ")))
}

fn list(items: impl Iterator<Item = String>) -> String {
    let items: Vec<String> = items.collect();
    if items.is_empty() {
        "none".to_owned()
    } else {
        items.join(", ")
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use mynakit_protocol::{Flow, Mode, Role, RuleSet};

    use super::*;

    fn bundled() -> Vec<Scenario> {
        crate::scenario::bundled_for_tests()
    }

    #[test]
    fn a_client_that_declares_nothing_gets_todays_card_scenarios() {
        let nothing = Capabilities::default();
        let mut not_claimed = Vec::new();
        for s in bundled() {
            // Mobile scenarios need the transport `nfc`, which nothing declares by default.
            if s.transport.is_some() {
                let reason = unclaimed(&s, &nothing).unwrap_or_default();
                assert!(reason.contains("the transport `nfc`"), "{}: {reason}", s.id);
                continue;
            }
            // Care settings are flows added later: never part of what an undeclared client gets.
            if s.flows.iter().any(|f| f.is_care_setting()) {
                let reason = unclaimed(&s, &nothing).unwrap_or_default();
                assert!(reason.contains("the flow `"), "{}: {reason}", s.id);
                continue;
            }
            match unclaimed(&s, &nothing) {
                // Flows added after capabilities existed never join the defaults
                // (docs/client-protocol.md, "Capabilities").
                Some(reason)
                    if [
                        Flow::DeviceSetup,
                        Flow::History,
                        Flow::Viewing,
                        Flow::RegistrationBranches,
                        Flow::ReadAloud,
                        Flow::ClaimRecord,
                        Flow::ClaimFile,
                        Flow::PreTourCheck,
                        Flow::ReferenceNumber,
                    ]
                    .iter()
                    .any(|f| reason.contains(&format!("the flow `{f}`"))) =>
                {
                    assert!(
                        s.flows.iter().any(|f| !Flow::UNDECLARED.contains(f)),
                        "{}",
                        s.id
                    );
                }
                Some(reason) => {
                    assert!(reason.contains("the role `receipt-computer`"), "{reason}");
                    not_claimed.push(s.id);
                }
                None => assert!(!s.id.starts_with("terminal-"), "{}", s.id),
            }
        }
        // Exactly the scenarios with a terminal folder (the `terminal-*` files), but those of a
        // flow outside the undeclared defaults (a care setting's import), left out for the flow.
        let with_terminal: Vec<String> = bundled()
            .into_iter()
            .filter(|s| {
                s.given.terminal.is_some() && s.flows.iter().all(|f| Flow::UNDECLARED.contains(f))
            })
            .map(|s| s.id)
            .collect();
        assert!(with_terminal.len() >= 6, "{with_terminal:?}");
        assert!(with_terminal.iter().all(|id| id.starts_with("terminal-")));
        assert_eq!(not_claimed, with_terminal);
    }

    #[test]
    fn modes_flows_and_rules_are_named() {
        let scenarios = bundled();
        let find = |id: &str| scenarios.iter().find(|s| s.id == id).unwrap();
        let visual_only = Capabilities {
            modes: Some(vec![Mode::Visual]),
            flows: Some(vec![]),
            rules: Some(vec![RuleSet::App2025]),
            ..Capabilities::default()
        };
        assert_eq!(unclaimed(find("visual-mode"), &visual_only), None);
        assert_eq!(
            unclaimed(find("pin-lockout"), &visual_only).unwrap(),
            "the scenario needs the mode `pin` (the client claims visual)"
        );
        assert_eq!(
            unclaimed(find("limit-consent-refused"), &visual_only).unwrap(),
            "the scenario needs the mode `pin` (the client claims visual); the flow \
             `limit-application` (the client claims none); the rules of 2021-04-01 (the client \
             follows 2025-05-21)"
        );
        let receipt = Capabilities {
            role: Some(vec![Role::ReceiptComputer]),
            ..Capabilities::default()
        };
        assert_eq!(unclaimed(find("terminal-single-check"), &receipt), None);
        assert!(unclaimed(find("unregistered-registration"), &receipt)
            .unwrap()
            .starts_with("the scenario needs the role `card-app`"));
        let no_registration = Capabilities {
            flows: Some(vec![Flow::LimitApplication]),
            ..Capabilities::default()
        };
        assert_eq!(
            unclaimed(find("unregistered-registration"), &no_registration).unwrap(),
            "the scenario needs the flow `registration` (the client claims limit-application)"
        );
    }
}
