//! A declaration's problem, said once for the run (`docs/reports.md`, "The run";
//! `docs/client-protocol.md`, "Capabilities"): a declaration that breaks a rule about what one
//! app can be (`Capabilities::check`) is accepted and each scenario judged by its own needs, so
//! the scenarios' levels say what the scenarios found; the rule and how to fix the declaration
//! are said here, in report.json, a JUnit property and the terminal, not as a WARNING on every
//! scenario.

use mynakit_protocol::Capabilities;

use super::model::{DeclarationProblem, ScenarioReport};

impl DeclarationProblem {
    /// The problems of the declarations the run judged by: the one known before the run and
    /// each scenario's (its `hello`'s), each once, in the order first met.
    pub fn of(
        before: Option<&Capabilities>,
        scenarios: &[ScenarioReport],
    ) -> Vec<DeclarationProblem> {
        let mut problems: Vec<DeclarationProblem> = Vec::new();
        let declared = before.map(|d| (d, 0)).into_iter().chain(
            scenarios
                .iter()
                .filter_map(|s| s.capabilities.as_ref())
                .map(|d| (d, 1)),
        );
        for (declaration, runs) in declared {
            let Err(problem) = declaration.check() else {
                continue;
            };
            let reason = problem.to_string();
            match problems.iter_mut().find(|p| p.reason == reason) {
                Some(known) => known.runs += runs,
                None => problems.push(DeclarationProblem {
                    rule: problem.rule().to_owned(),
                    reason,
                    runs,
                }),
            }
        }
        problems
    }

    /// The run-level notice: the rule, the runs judged by the declaration, what it says.
    pub fn notice(&self) -> String {
        format!(
            "the client's declaration breaks the rule `{}` ({} scenario runs judged by it, each \
             by its own needs): {}",
            self.rule, self.runs, self.reason
        )
    }
}
