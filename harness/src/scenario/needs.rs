//! What a run of a scenario needs of a client — its role, the run's mode, its flows and, when it
//! names one, its rule set — against what the client claims (`docs/client-protocol.md`,
//! "Capabilities"). A scenario the client does not claim is NOT-APPLICABLE to it, with the
//! reason this module gives.

use mynakit_protocol::{Capabilities, RuleSet};

use super::problem::Problems;
use super::Scenario;
use crate::protocol::Outcome;
use mynakit_oqs::ElementName;

/// Why a client does not claim a run of a scenario: each unmet need as typed facts, so that
/// the table and report.html word it in the reader's language
/// (`report::lang::msg::unclaimed`), while report.json keeps its English (`the scenario needs
/// …`), which tools read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unclaimed {
    /// The unmet needs, in the order role, mode, flows, transport, platform, rule set, the run's
    /// rules.
    pub needs: Vec<Need>,
    /// The client declared no capabilities anywhere and was judged by the defaults (a card
    /// app with the pin, visual and face modes).
    pub undeclared: bool,
}

/// One need of a scenario the client does not claim, with what the client claims instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Need {
    /// What kind of thing is needed.
    pub kind: NeedKind,
    /// The scenario's (or the run's) value, in the capabilities' own words: `receipt-computer`,
    /// `pin`, `registration`, `nfc`, `2021-03-04`.
    pub needs: String,
    /// What the client claims (or the rule sets it follows) instead; empty = none.
    pub claims: Vec<String>,
}

/// The kinds of [`Need`], in the order they are named.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NeedKind {
    /// The scenario's role.
    Role,
    /// The run's mode.
    Mode,
    /// One of the scenario's flows.
    Flow,
    /// The scenario's card transport.
    Transport,
    /// The scenario's phone platform (`platform:`), when the client names the platforms it
    /// ships.
    Platform,
    /// The scenario's own rule set.
    Rules,
    /// The run's `--rules`, for a scenario that names no rule set.
    RunRules,
}

impl Need {
    /// A need of `kind`: the scenario's `needs`, the client's `claims`.
    pub fn new(kind: NeedKind, needs: impl ToString, claims: Vec<String>) -> Need {
        Need {
            kind,
            needs: needs.to_string(),
            claims,
        }
    }
}

impl NeedKind {
    /// The capabilities' key a client declares to meet a need of this kind
    /// (`docs/client-protocol.md`, "Capabilities"): the run's `--rules` is met by declaring the
    /// rule set too.
    pub fn key(self) -> &'static str {
        match self {
            NeedKind::Role => "role",
            NeedKind::Mode => "modes",
            NeedKind::Flow => "flows",
            NeedKind::Transport => "transport",
            NeedKind::Platform => "platforms",
            NeedKind::Rules | NeedKind::RunRules => "rules",
        }
    }
}

impl Unclaimed {
    /// What the client declares so that it claims the run, in the capabilities' own words:
    /// `flows: [registration, limit-application, pin-less]` — each unmet key with what the
    /// client claims and what the run needs, `transport: nfc` — read from the same needs that
    /// made the run NOT-APPLICABLE, so it is never another rule than the one that judged.
    pub fn declaration(&self) -> String {
        let mut keys: Vec<(NeedKind, Vec<&str>)> = Vec::new();
        for need in &self.needs {
            let at = match keys.iter().position(|(k, _)| k.key() == need.kind.key()) {
                Some(at) => at,
                None => {
                    let claims = if need.kind == NeedKind::Transport {
                        Vec::new()
                    } else {
                        need.claims.iter().map(String::as_str).collect()
                    };
                    keys.push((need.kind, claims));
                    keys.len() - 1
                }
            };
            let values = &mut keys[at].1;
            if !values.contains(&need.needs.as_str()) {
                values.push(&need.needs);
            }
        }
        keys.iter()
            .map(|(kind, values)| match kind {
                NeedKind::Transport => format!("{}: {}", kind.key(), values.join(", ")),
                _ => format!("{}: [{}]", kind.key(), values.join(", ")),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Why `client` does not claim `scenario`, or `None` when it does. Every unmet need is named,
/// in the order role, mode, flows, transport, platform, rule set.
pub fn unclaimed(scenario: &Scenario, client: &Capabilities) -> Option<Unclaimed> {
    let mut needs = Vec::new();
    let role = scenario.role();
    let roles = client.roles();
    if !roles.contains(&role) {
        let claims = roles.iter().map(ToString::to_string).collect();
        needs.push(Need::new(NeedKind::Role, role, claims));
    }
    let modes = client.modes();
    // A plain program, or a レセコン's run that asks no mode, has none to claim
    // (`docs/scenarios.md`, "Modes").
    if let Some(mode) = scenario.claimed_mode() {
        if !modes.contains(&mode) {
            let claims = modes.iter().map(|m| m.as_str().to_owned()).collect();
            needs.push(Need::new(NeedKind::Mode, mode.as_str(), claims));
        }
    }
    let flows = client.flows();
    for flow in &scenario.flows {
        if !flows.contains(flow) {
            let claims = flows.iter().map(ToString::to_string).collect();
            needs.push(Need::new(NeedKind::Flow, flow, claims));
        }
    }
    if let Some(transport) = scenario.transport {
        if client.transport() != transport {
            let claims = vec![client.transport().to_string()];
            needs.push(Need::new(NeedKind::Transport, transport, claims));
        }
    }
    // A client that names no platform plays whichever the scenario asks for, as before the
    // key existed (docs/mobile.md, "Platforms").
    let platforms = client.platforms();
    if let Some(platform) = scenario.platform {
        if !platforms.is_empty() && !platforms.contains(&platform) {
            let claims = platforms.iter().map(|p| p.as_str().to_owned()).collect();
            needs.push(Need::new(NeedKind::Platform, platform.as_str(), claims));
        }
    }
    let rule_sets = client.rule_sets();
    if let Some(rules) = scenario.rules {
        if !rule_sets.is_empty() && !rule_sets.contains(&rules) {
            let follows = rule_sets.iter().map(ToString::to_string).collect();
            needs.push(Need::new(NeedKind::Rules, rules, follows));
        }
    }
    (!needs.is_empty()).then_some(Unclaimed {
        needs,
        undeclared: false,
    })
}

/// Why `client` does not claim this run of `scenario`, or `None` when it does: the scenario's
/// own needs ([`unclaimed`]), and the run's `--rules` (`run_rules`, given only when the
/// scenario names no rule set) when the client declares rule sets and not that one. A client
/// that declares none follows any rule set.
pub(crate) fn unclaimed_in_run(
    scenario: &Scenario,
    client: &Capabilities,
    run_rules: Option<RuleSet>,
) -> Option<Unclaimed> {
    let declared = client.rule_sets();
    let run = run_rules
        .filter(|r| !declared.is_empty() && !declared.contains(r))
        .map(|r| {
            let follows = declared.iter().map(ToString::to_string).collect();
            Need::new(NeedKind::RunRules, r, follows)
        });
    match (unclaimed(scenario, client), run) {
        (Some(mut own), Some(run)) => {
            own.needs.push(run);
            Some(own)
        }
        (Some(own), None) => Some(own),
        (None, Some(run)) => Some(Unclaimed {
            needs: vec![run],
            undeclared: false,
        }),
        (None, None) => None,
    }
}

/// The role and flows a scenario declares match what it does, so that choosing scenarios by a
/// client's capabilities (`docs/client-protocol.md`, "Capabilities") is right.
pub(super) fn check(s: &Scenario, p: &mut Problems) {
    use mynakit_protocol::{Flow, Role};
    if s.platform.is_some() && s.transport != Some(mynakit_protocol::Transport::Nfc) {
        p.add(
            "platform",
            "a phone platform is played over the NFC relay only: add `transport: nfc`",
            "スマートフォンのプラットフォームは NFC 中継でのみ実行する: `transport: nfc` を追加する",
        );
    }
    if s.platform == Some(mynakit_protocol::nfc::Platform::Other) {
        p.add(
            "platform",
            "`other` is no phone: name `android` or `ios`",
            "`other` はスマートフォンではない: `android` か `ios` を指定する",
        );
    }
    match (s.role, s.given.terminal.is_some()) {
        (Some(Role::CardApp), true) => p.add(
            "role",
            "a scenario with `given.terminal` is played by a `receipt-computer`",
            "`given.terminal` のあるシナリオは `receipt-computer` が実行する",
        ),
        (Some(Role::ReceiptComputer), false) => p.add(
            "role",
            "a `receipt-computer` needs a 資格確認端末: add `given.terminal`",
            "`receipt-computer` には資格確認端末が必要だ: `given.terminal` を追加する",
        ),
        (Some(Role::RelyingParty), true) => p.add(
            "role",
            "a `relying-party` reads the card itself: drop `given.terminal`",
            "`relying-party` はカードを自ら読む: `given.terminal` を外す",
        ),
        _ => {}
    }
    // The revocation service runs only for a relying party (`docs/relying-party.md`): a fault
    // of it elsewhere would act on nothing.
    if !s.faults.revocation.is_empty() && s.role != Some(Role::RelyingParty) {
        p.add(
            "faults.revocation",
            "the revocation service runs only in a `role: relying-party` scenario",
            "失効情報サービスは `role: relying-party` のシナリオでのみ動く",
        );
    }
    // A 現況確認 runs only under faults that make answers untrusted, one way or both: every
    // answer a client can still trust then tells the truth, and the checks judge each account
    // by the answers the client could trust. Under one that acts otherwise (`slow`,
    // `crl-behind`, `revoked-after-first-answer`; `other-request`, which only a client that
    // sends a nonce can tell), a trusted answer may say what is no longer so, and what a correct client decides is not one outcome (`docs/relying-party.md`,
    // "status-check (現況確認)").
    if !s.faults.revocation.is_empty()
        && s.flows.contains(&Flow::StatusCheck)
        && !mynakit_protocol::RevocationFault::only_untrust(&s.faults.revocation)
    {
        p.add(
            "faults.revocation",
            "a 現況確認 (flow `status-check`) runs only under faults that make answers \
             untrusted: `unsigned`, `wrong-signer`, `down`, `crl-stale`, `crl-other-ca`, \
             `expired`, `not-yet-valid`, `unknown-serial`, `try-later` or `other-certificate`",
            "現況確認 (flow `status-check`) は応答を信頼できなくする障害のもとでのみ動く: \
             `unsigned`・`wrong-signer`・`down`・`crl-stale`・`crl-other-ca`・`expired`・\
             `not-yet-valid`・`unknown-serial`・`try-later`・`other-certificate`",
        );
    }
    let registration = std::iter::once(&s.expect.outcome)
        .chain(&s.expect.shown_outcomes)
        .find(|o| matches!(o, Outcome::NotRegistered | Outcome::Registered));
    if let Some(o) = registration {
        if !s.flows.contains(&Flow::Registration) {
            p.add(
                "flows",
                format!("the scenario expects `{o}`: add `registration`, the flow it exercises"),
                format!(
                    "シナリオは `{o}` を期待している: その業務フロー `registration` を追加する"
                ),
            );
        }
    }
    let limit_field = s
        .expect
        .fields
        .keys()
        .chain(&s.expect.shown)
        .chain(&s.expect.hidden)
        .find(|name| ElementName::from_name(name).is_some_and(ElementName::is_limit_application));
    if let Some(name) = limit_field {
        if !s.flows.contains(&Flow::LimitApplication) {
            p.add(
                "flows",
                format!("`expect` names {name}: add `limit-application`, the flow it exercises"),
                format!("`expect` が {name} を挙げている: その業務フロー `limit-application` を追加する"),
            );
        }
    }
    for (i, flow) in s.flows.iter().enumerate() {
        if s.flows[..i].contains(flow) {
            p.add(
                format!("flows[{i}]"),
                format!("`{flow}` is listed twice"),
                format!("`{flow}` が二度挙げられている"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use mynakit_protocol::{Flow, Mode, Role, RuleSet};

    use super::*;

    /// Why the client does not claim the scenario, in English (report.json's note).
    fn unclaimed(scenario: &Scenario, client: &Capabilities) -> Option<String> {
        super::unclaimed(scenario, client)
            .map(|u| crate::report::lang::msg::unclaimed(crate::report::lang::Lang::En, &u))
    }

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
            // The relying party's scenarios need its role, which joins no default.
            if s.role == Some(mynakit_protocol::Role::RelyingParty) {
                let reason = unclaimed(&s, &nothing).unwrap_or_default();
                assert!(
                    reason.contains("the role `relying-party`"),
                    "{}: {reason}",
                    s.id
                );
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
                        Flow::Subsidy,
                        Flow::StationPrices,
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

    /// The declaration a NOT-APPLICABLE run names is one that claims it: each key it names,
    /// declared as it says on top of what the client declared, leaves no need unmet.
    #[test]
    fn the_declaration_named_claims_the_run() {
        let clients = [
            Capabilities::default(),
            Capabilities {
                modes: Some(vec![Mode::Visual]),
                flows: Some(vec![]),
                rules: Some(vec![RuleSet::App2025]),
                ..Capabilities::default()
            },
            Capabilities {
                role: Some(vec![Role::ReceiptComputer]),
                ..Capabilities::default()
            },
        ];
        let mut named = 0;
        for client in &clients {
            for s in bundled() {
                let Some(unclaimed) = super::unclaimed(&s, client) else {
                    continue;
                };
                let declaration = unclaimed.declaration();
                let added: Capabilities =
                    mynakit_fixtures::yaml::from_str(&format!("{{{declaration}}}"), "declaration")
                        .unwrap();
                let declared = Capabilities {
                    role: added.role.or(client.role.clone()),
                    modes: added.modes.or(client.modes.clone()),
                    flows: added.flows.or(client.flows.clone()),
                    rules: added.rules.or(client.rules.clone()),
                    transport: added.transport.or(client.transport),
                    platforms: added.platforms.or(client.platforms.clone()),
                    ..client.clone()
                };
                assert_eq!(
                    super::unclaimed(&s, &declared),
                    None,
                    "{}: {declaration}",
                    s.id
                );
                named += 1;
            }
        }
        assert!(named > 100, "{named}");
        let visual_only = &clients[1];
        let scenarios = bundled();
        let find = |id: &str| scenarios.iter().find(|s| s.id == id).unwrap();
        assert_eq!(
            super::unclaimed(find("limit-consent-refused"), visual_only)
                .unwrap()
                .declaration(),
            "modes: [visual, pin], flows: [limit-application], rules: [2025-05-21, 2021-04-01]"
        );
    }

    /// A phone app that names the platforms it ships is judged only on scenarios for them;
    /// one that names none plays whichever a scenario asks for, as before the key existed.
    #[test]
    fn a_scenario_for_another_phone_platform_is_not_claimed() {
        use mynakit_protocol::nfc::Platform;
        use mynakit_protocol::Transport;
        let scenarios = bundled();
        let find = |id: &str| scenarios.iter().find(|s| s.id == id).unwrap();
        let phone = |platforms: Option<Vec<Platform>>| Capabilities {
            transport: Some(Transport::Nfc),
            platforms,
            ..Capabilities::default()
        };
        let ios_scenario = find("mobile-ios-select-identifiers");
        let android = phone(Some(vec![Platform::Android]));
        assert_eq!(
            unclaimed(ios_scenario, &android).unwrap(),
            "the scenario needs the phone platform `ios` (the client ships android)"
        );
        assert_eq!(unclaimed(ios_scenario, &phone(None)), None);
        assert_eq!(
            unclaimed(ios_scenario, &phone(Some(vec![Platform::Ios]))),
            None
        );
        assert_eq!(
            unclaimed(
                ios_scenario,
                &phone(Some(vec![Platform::Android, Platform::Ios]))
            ),
            None
        );
        // A scenario that names no platform is any phone's.
        assert_eq!(unclaimed(find("mobile-verify-timeout"), &android), None);
    }

    /// `relying-party` joins no default: a client that declares nothing, or a card app and a
    /// レセコン (the roles releases before it knew), never gets its scenarios.
    #[test]
    fn a_relying_party_scenario_needs_the_declared_role() {
        let mut scenario = bundled()
            .into_iter()
            .find(|s| s.id == "pin-lockout")
            .unwrap();
        scenario.role = Some(Role::RelyingParty);
        let before = Capabilities {
            role: Some(vec![Role::CardApp, Role::ReceiptComputer]),
            ..Capabilities::default()
        };
        for client in [Capabilities::default(), before] {
            assert!(unclaimed(&scenario, &client)
                .unwrap()
                .starts_with("the scenario needs the role `relying-party`"));
        }
        let relying = Capabilities {
            role: Some(vec![Role::RelyingParty]),
            ..Capabilities::default()
        };
        assert_eq!(unclaimed(&scenario, &relying), None);
        assert_eq!(relying.modes(), [Mode::Pin]);
    }

    /// A station's two programs, each declaring what it really offers
    /// (`docs/visiting-nursing.md`, "What each kind of client declares"), play every station
    /// scenario of their role: the app (PIN at the first visit, no mode later) the 9
    /// `visiting-nursing-*` visits, the レセコン (no mode) the 15 `terminal-visiting-nursing-*`
    /// imports and claims; neither needs `visual`.
    #[test]
    fn a_station_s_app_and_recon_play_every_station_scenario_as_declared() {
        let app = Capabilities {
            role: Some(vec![Role::CardApp]),
            modes: Some(vec![Mode::Pin]),
            flows: Some(vec![Flow::VisitingNursing]),
            ..Capabilities::default()
        };
        let recon = Capabilities {
            role: Some(vec![Role::ReceiptComputer]),
            modes: Some(Vec::new()),
            flows: Some(vec![Flow::VisitingNursing, Flow::ClaimFile]),
            ..Capabilities::default()
        };
        let priced = Capabilities {
            flows: Some(vec![
                Flow::VisitingNursing,
                Flow::ClaimFile,
                Flow::StationPrices,
            ]),
            ..recon.clone()
        };
        let station: Vec<Scenario> = bundled()
            .into_iter()
            .filter(|s| s.flows.contains(&Flow::VisitingNursing))
            .collect();
        assert_eq!(station.len(), 27);
        let (mut visits, mut imports) = (0, 0);
        for s in &station {
            let client = match s.role() {
                // A scenario of its own made-up prices is a レセコン's that prices by the run's
                // table: one that declares only its facility's flows is NOT-APPLICABLE to it.
                Role::ReceiptComputer if s.flows.contains(&Flow::StationPrices) => {
                    imports += 1;
                    let reason = unclaimed(s, &recon).unwrap_or_default();
                    assert!(reason.contains("station-prices"), "{}: {reason}", s.id);
                    &priced
                }
                Role::ReceiptComputer => {
                    imports += 1;
                    assert_eq!(s.claimed_mode(), None, "{}", s.id);
                    &recon
                }
                _ => {
                    visits += 1;
                    &app
                }
            };
            assert_eq!(unclaimed(s, client), None, "{}", s.id);
        }
        assert_eq!((visits, imports), (9, 18));
        // A レセコン scenario in a レセコン's mode still needs it claimed.
        let face = bundled()
            .into_iter()
            .find(|s| s.role() == Role::ReceiptComputer && s.operator.mode == Mode::Face)
            .unwrap();
        assert_eq!(face.claimed_mode(), Some(Mode::Face));
        assert!(unclaimed(&face, &recon).is_some());
    }
}
