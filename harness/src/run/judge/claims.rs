//! What a scenario is judged by for this client: the rule set in force and the client's
//! declared capabilities (`docs/client-protocol.md`, "Capabilities"; `docs/rules.md`).
//!
//! The rule set is the scenario's `rules:`, else the run's `--rules`, else the newest the client
//! declares, else the newest there is. The declaration is the `--capabilities` file, else the
//! built-in client's own, else what the client says in `hello`. A scenario the declaration does
//! not claim is NOT-APPLICABLE: decided before the world is built when the declaration is known
//! then, or at `hello`. The run's `--rules` is a need too: a scenario that names no rule set, run
//! under `--rules` of a set the client does not declare (when it declares any), is NOT-APPLICABLE,
//! as the client is "judged only on" what it declares (`docs/rules.md`, "Choosing the rule set").

use mynakit_protocol::{Capabilities, RuleSet};

use crate::run::config::{with_run_transport, RunConfig};
use crate::scenario::needs::{unclaimed_in_run, Unclaimed};
use crate::scenario::Scenario;

/// One scenario's rule set and the client's declaration, as far as they are known.
#[derive(Clone, Debug)]
pub(crate) struct Claims {
    /// The declaration judged by, if the client declared anything.
    pub(crate) declared: Option<Capabilities>,
    /// The rule set the world and the checks use.
    pub(crate) rules: RuleSet,
    /// Whether the scenario or the run fixed the rule set (a declaration in `hello` then does
    /// not change it).
    fixed: bool,
    /// The run's `--rules`, when the scenario names no rule set of its own: a need of this run
    /// beside the scenario's own (`unclaimed_in_run`).
    run_rules: Option<RuleSet>,
    /// Why the scenario is NOT-APPLICABLE to the client, once that is known.
    pub(crate) not_applicable: Option<Unclaimed>,
    /// `--relay`: the client reaches the cards over NFC, whatever it declares.
    relay: bool,
}

impl Claims {
    /// Before the client runs.
    pub(crate) fn before_run(scenario: &Scenario, config: &RunConfig) -> Claims {
        let declared = config.declared();
        let fixed = scenario.rules.or(config.rules);
        let rules = fixed
            .or_else(|| declared.as_ref().and_then(Capabilities::newest_rules))
            .unwrap_or(RuleSet::NEWEST);
        let run_rules = config.rules.filter(|_| scenario.rules.is_none());
        let not_applicable = declared
            .as_ref()
            .and_then(|d| unclaimed_in_run(scenario, d, run_rules));
        Claims {
            declared,
            rules,
            fixed: fixed.is_some(),
            run_rules,
            not_applicable,
            relay: config.relay.is_some(),
        }
    }

    /// At `hello`: a declaration there counts when none was known before, and a client that
    /// declares nothing anywhere is judged as a card app with the pin, visual and face modes
    /// on today's flows (`Capabilities::default()`). Returns the reason the scenario is
    /// NOT-APPLICABLE, if it is; otherwise `Some(rules)` when the declaration changed the rule
    /// set (the service must follow).
    pub(crate) fn at_hello(
        &mut self,
        scenario: &Scenario,
        hello: Option<&Capabilities>,
    ) -> Result<Option<RuleSet>, Unclaimed> {
        let declared = match (&self.declared, hello) {
            (Some(_), _) => return Ok(None),
            (None, None) => {
                let undeclared = with_run_transport(Capabilities::default(), self.relay);
                let reason =
                    unclaimed_in_run(scenario, &undeclared, self.run_rules).map(|r| Unclaimed {
                        undeclared: true,
                        ..r
                    });
                return match reason {
                    Some(reason) => {
                        self.not_applicable = Some(reason.clone());
                        Err(reason)
                    }
                    None => Ok(None),
                };
            }
            (None, Some(declared)) => &with_run_transport(declared.clone(), self.relay),
        };
        self.declared = Some(declared.clone());
        if let Some(reason) = unclaimed_in_run(scenario, declared, self.run_rules) {
            self.not_applicable = Some(reason.clone());
            return Err(reason);
        }
        match declared.newest_rules() {
            Some(rules) if !self.fixed && rules != self.rules => {
                self.rules = rules;
                Ok(Some(rules))
            }
            _ => Ok(None),
        }
    }
}

/// Makes `service` follow `rules` from now on.
pub(crate) fn apply_rules(service: &mynakit_service::RunningService, rules: RuleSet) {
    let state = service.state();
    let settings = mynakit_service::Settings::clone(&state.settings());
    if settings.rules != rules {
        state.set_settings(mynakit_service::Settings { rules, ..settings });
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use mynakit_protocol::{Mode, Role};

    use super::*;
    use crate::run::config::ClientSpec;

    fn scenario(id: &str) -> Scenario {
        let path = crate::scenario::bundled_dir().join(format!("{id}.yaml"));
        crate::scenario::load_file(&path, &mynakit_fixtures::Fixtures::bundled()).unwrap()
    }

    /// A reason in English (report.json's note).
    fn en(u: &Unclaimed) -> String {
        crate::report::lang::msg::unclaimed(crate::report::lang::Lang::En, u)
    }

    /// `at_hello`, its reason in English.
    fn at_hello(
        claims: &mut Claims,
        scenario: &Scenario,
        hello: Option<&Capabilities>,
    ) -> Result<Option<RuleSet>, String> {
        claims.at_hello(scenario, hello).map_err(|u| en(&u))
    }

    fn command_config() -> RunConfig {
        RunConfig::new(
            ClientSpec::Command("my-app".into()),
            crate::run::pool::Transport::Pcscd,
            mynakit_fixtures::Fixtures::bundled(),
        )
    }

    #[test]
    fn the_rule_set_is_the_scenarios_then_the_runs_then_the_clients() {
        let given = scenario("limit-consent-given");
        let refused = scenario("limit-consent-refused");
        let mut config = command_config();
        // Nothing said: the newest; a declaration in hello moves it, and the service must follow.
        let mut claims = Claims::before_run(&given, &config);
        assert_eq!(claims.rules, RuleSet::NEWEST);
        assert!(claims.declared.is_none() && claims.not_applicable.is_none());
        let old_app = Capabilities {
            rules: Some(vec![RuleSet::Oqs2021]),
            ..Capabilities::default()
        };
        assert_eq!(
            at_hello(&mut claims, &given, Some(&old_app)),
            Ok(Some(RuleSet::Oqs2021))
        );
        assert_eq!(claims.rules, RuleSet::Oqs2021);
        // `--rules` wins over the client's declaration among the sets it declares; a set it
        // does not declare leaves the scenario out.
        config.rules = Some(RuleSet::App2025);
        let both = Capabilities {
            rules: Some(vec![RuleSet::Oqs2021, RuleSet::App2025]),
            ..Capabilities::default()
        };
        let mut claims = Claims::before_run(&given, &config);
        assert_eq!(at_hello(&mut claims, &given, Some(&both)), Ok(None));
        assert_eq!(claims.rules, RuleSet::App2025);
        let mut claims = Claims::before_run(&given, &config);
        assert!(at_hello(&mut claims, &given, Some(&old_app))
            .unwrap_err()
            .ends_with("(the run's `--rules`; the client follows 2021-04-01)"));
        // The scenario's own wins over `--rules`; a client of other rules does not claim it.
        let mut claims = Claims::before_run(&refused, &config);
        assert_eq!(claims.rules, RuleSet::Oqs2021);
        let new_app = Capabilities {
            rules: Some(vec![RuleSet::App2025]),
            ..Capabilities::default()
        };
        assert_eq!(
            at_hello(&mut claims, &refused, Some(&new_app)),
            Err(
                "the scenario needs the rules of 2021-04-01 (the client follows 2025-05-21)".into()
            )
        );
        assert!(claims.not_applicable.is_some());
    }

    #[test]
    fn a_declaration_known_before_the_run_wins_over_hello() {
        let visual = scenario("visual-mode");
        let mut config = command_config();
        config.capabilities = Some(Capabilities {
            modes: Some(vec![Mode::Visual]),
            ..Capabilities::default()
        });
        let mut claims = Claims::before_run(&visual, &config);
        assert!(claims.not_applicable.is_none());
        let receipt = Capabilities {
            role: Some(vec![Role::ReceiptComputer]),
            ..Capabilities::default()
        };
        assert_eq!(at_hello(&mut claims, &visual, Some(&receipt)), Ok(None));
        assert_eq!(claims.declared, config.capabilities);
        // Declaring nothing anywhere: a card app, so a レセコン scenario is NOT-APPLICABLE.
        let terminal = scenario("terminal-single-check");
        let mut claims = Claims::before_run(&terminal, &command_config());
        assert!(claims.not_applicable.is_none());
        assert_eq!(
            at_hello(&mut claims, &terminal, None),
            Err(
                "the scenario needs the role `receipt-computer` (the client claims card-app); \
                 the mode `insurance-card` (the client claims pin, visual, face); the client \
                 declares no capabilities, so it is judged as a card app with the pin, visual \
                 and face modes"
                    .into()
            )
        );
        let mut claims = Claims::before_run(&visual, &command_config());
        assert_eq!(at_hello(&mut claims, &visual, None), Ok(None));
        // Without the file, the same hello makes the scenario NOT-APPLICABLE.
        let mut claims = Claims::before_run(&visual, &command_config());
        assert!(at_hello(&mut claims, &visual, Some(&receipt))
            .unwrap_err()
            .starts_with("the scenario needs the role `card-app`"));
        // The built-in client's own declaration is known before the run.
        let reference = RunConfig::new(
            ClientSpec::reference(),
            crate::run::pool::Transport::InProcess,
            mynakit_fixtures::Fixtures::bundled(),
        );
        assert_eq!(
            reference.declared(),
            Some(mynakit_reference_client::capabilities())
        );
        assert_eq!(reference.run_rules(), RuleSet::NEWEST);
    }

    #[test]
    fn run_rules_the_client_does_not_declare_leave_the_scenario_out() {
        let given = scenario("limit-consent-given");
        let refused = scenario("limit-consent-refused");
        let new_app = Capabilities {
            rules: Some(vec![RuleSet::App2025]),
            ..Capabilities::default()
        };
        let mut config = command_config();
        config.rules = Some(RuleSet::Oqs2021);
        let reason = "the scenario needs the rules of 2021-04-01 (the run's `--rules`; the \
                      client follows 2025-05-21)";
        // Declared in hello.
        let mut claims = Claims::before_run(&given, &config);
        assert!(claims.not_applicable.is_none());
        assert_eq!(
            at_hello(&mut claims, &given, Some(&new_app)),
            Err(reason.into())
        );
        // Declared before the run.
        config.capabilities = Some(new_app.clone());
        let claims = Claims::before_run(&given, &config);
        assert_eq!(
            claims.not_applicable.map(|u| en(&u)).as_deref(),
            Some(reason)
        );
        assert_eq!(
            config.unclaimed(&given.clone()).map(|u| en(&u)).as_deref(),
            Some(reason)
        );
        // A scenario that names its own rule set is judged by them, not by `--rules`: the
        // reason is the scenario's own.
        config.rules = Some(RuleSet::App2025);
        assert_eq!(
            Claims::before_run(&refused, &config)
                .not_applicable
                .map(|u| en(&u)),
            Some(
                "the scenario needs the rules of 2021-04-01 (the client follows 2025-05-21)".into()
            )
        );
        // `--rules` the client declares, or a client that declares no rule set: applicable.
        assert!(Claims::before_run(&given, &config).not_applicable.is_none());
        config.rules = Some(RuleSet::Oqs2021);
        config.capabilities = Some(Capabilities::default());
        assert!(Claims::before_run(&given, &config).not_applicable.is_none());
        let mut claims = Claims::before_run(&given, &command_config());
        assert_eq!(at_hello(&mut claims, &given, None), Ok(None));
    }
}
