//! `expect`: what makes the scenario pass — the client's final outcome and the fields it shows,
//! the outcomes it shows on the way, each card's final state, and the conformance checks that
//! must hold (each waiver with a one-line reason, like the conformance exclusions of rustls'
//! BoGo config).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::protocol::Outcome;

mod check;

/// The expectations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// The outcome of the client's final `result`. Required, except with `exit_code`.
    #[serde(default = "no_outcome", skip_serializing_if = "is_no_outcome")]
    pub outcome: Outcome,
    /// The client is a plain PC/SC program that does not speak the client protocol (e.g.
    /// `pkcs15-tool -D` against a recorded card, `docs/import.md`): its output is not read as
    /// protocol lines, and the scenario judges the exit status it must end with instead of an
    /// outcome.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exit_code: Option<i32>,
    /// Outcomes also accepted instead of `outcome` (e.g. `[card-error]` where a card fault may
    /// honestly end the check early, as `mynakit fuzz` reproducers say). With one of them, the
    /// result's `fields`, `shown` and `shown_outcomes` are not judged: there is no result to
    /// show; `hidden`, `cards` and the checks still are.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outcome_or: Vec<Outcome>,
    /// Every card fault of the scenario must fire (default true): one armed but never acted on
    /// judged nothing, and the scenario FAILS with `faults.card[i]` (`docs/scenarios.md`,
    /// "Faults that never fired"). `false` for faults that may be out of reach, as the random
    /// ones `mynakit fuzz` adds to a reproducer.
    #[serde(default = "faults_fire", skip_serializing_if = "is_faults_fire")]
    pub faults_fire: bool,
    /// Outcomes the client must show (`display`) before its result, in this order (others may
    /// come between), e.g. `[not-registered, registered]` for the registration flow.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shown_outcomes: Vec<Outcome>,
    /// Fields the result must show with exactly these values (OQS element names, e.g.
    /// `DisqualificationDate: "20261001"`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
    /// Fields the result must show, with any value.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shown: Vec<String>,
    /// Fields the result must not show (e.g. 限度額 data without consent).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hidden: Vec<String>,
    /// Each card's state at the end, by card id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub cards: BTreeMap<String, CardExpect>,
    /// Conformance checks (by id) that must pass, besides those every scenario runs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<String>,
    /// Checks whose failure is accepted here, each with its reason.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub waivers: Vec<Waiver>,
}

/// `outcome` when the file gives none: `crashed`, which a scenario can never expect, so an
/// absent outcome is told apart (validation requires one unless `exit_code` is given).
fn no_outcome() -> Outcome {
    Outcome::Crashed
}

fn is_no_outcome(outcome: &Outcome) -> bool {
    *outcome == Outcome::Crashed
}

fn faults_fire() -> bool {
    true
}

fn is_faults_fire(fire: &bool) -> bool {
    *fire
}

/// A card's final state.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CardExpect {
    /// Tries left per PIN at the end.
    #[serde(default)]
    pub pins: PinsExpect,
    /// Whether the card is still in its reader at the end (absent: not checked).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inserted: Option<bool>,
}

/// Tries left per PIN.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PinsExpect {
    /// 利用者証明用暗証番号.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth: Option<TriesExpect>,
    /// 署名用パスワード.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sign: Option<TriesExpect>,
    /// 券面事項入力補助用暗証番号.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kenhojo: Option<TriesExpect>,
    /// 住基 PIN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub juki: Option<TriesExpect>,
}

impl PinsExpect {
    /// Each given expectation with its key and the PIN's maximum tries.
    pub fn entries(&self) -> Vec<(&'static str, u8, &TriesExpect)> {
        super::per_pin([&self.auth, &self.sign, &self.kenhojo, &self.juki])
    }
}

/// One PIN's expected counter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TriesExpect {
    /// Tries left; `0` = blocked.
    pub tries_left: u8,
}

/// An accepted failure of one check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Waiver {
    /// The check id.
    pub check: String,
    /// Why, in one line.
    pub reason: String,
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    /// No bundled scenario asks a result for a field that `docs/client-protocol.md`'s table of
    /// what a result shows (`mynakit_conformance::screen`) does not require for the scenario's
    /// outcome and role: a client written from that table passes on what it shows.
    #[test]
    fn scenario_fields_follow_the_screen_table() {
        let mut wrong = Vec::new();
        for s in crate::scenario::bundled_for_tests() {
            let role = s.role();
            let outcome = s.expect.outcome;
            for name in s.expect.fields.keys().chain(&s.expect.shown) {
                if !mynakit_conformance::screen::allows(outcome, role, name) {
                    wrong.push(format!(
                        "{}: `{name}` with the outcome {outcome} in the {} role",
                        s.id,
                        role.as_str()
                    ));
                }
            }
        }
        assert!(
            wrong.is_empty(),
            "scenarios expect fields the table (conformance/src/screen/, docs/client-protocol.md \
             \"Which `fields` to show\") does not require; add the rule there, with its source, or \
             stop expecting them:\n{}",
            wrong.join("\n")
        );
    }
}
