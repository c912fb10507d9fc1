//! What each kind of facility can do, as the 資格確認限定型 notice's table gives it: a run the
//! scenario's kind of facility cannot have is NOT-APPLICABLE, naming why (`docs/scope.md`,
//! "Kinds of facility").
//!
//! A 資格確認限定型 app (the flows `kenshin`, `bus-kenshin`, `jusei-ahaki`) confirms identity by
//! 暗証番号入力 or 目視確認 only; the 顔認証付きカードリーダー is the 既存型's (厚生労働省保険局
//! 事務連絡「特定健診・保健指導に係るオンライン資格確認（資格確認限定型）の導入等について（周知）」,
//! （参考１）「オンライン資格確認の仕組み」, 本人確認 column). So a card app's `face` run of a
//! 資格確認限定型 scenario is a run no such app has: it is reported NOT-APPLICABLE rather than
//! dropped, so that report.json keeps the run's name (`id[face]`) that earlier reports and
//! waivers hold.

use mynakit_protocol::{Flow, Mode, Role};

use super::Scenario;

/// The 資格確認限定型 flow of `scenario`, when this run of it is a card app's in the `face`
/// mode, which no 資格確認限定型 app has. A レセコン's scenario (the `receipt-computer` role) is an
/// institution's 資格確認端末, whose face reader is its own: not this rule's.
pub fn face_at_limited_type(scenario: &Scenario) -> Option<Flow> {
    if scenario.operator.mode != Mode::Face || scenario.role() != Role::CardApp {
        return None;
    }
    scenario.flows.iter().copied().find(|f| f.is_limited_type())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::scenario::modes::runs;

    fn scenario(text: &str) -> Scenario {
        crate::scenario::load_str(text, "t.yaml", &mynakit_fixtures::Fixtures::bundled()).unwrap()
    }

    #[test]
    fn only_the_face_run_of_a_limited_type_app_scenario_is_one_no_facility_has() {
        let s = scenario(
            "id: t\ntitle: T\nflows: [jusei-ahaki]\nmodes: [pin, visual, face]\ngiven:\n  cards:\n    \
             - persona: employee\noperator:\n  mode: pin\n  pins: [\"1234\"]\nexpect:\n  outcome: eligible\n",
        );
        let found: Vec<(String, Option<Flow>)> = runs(&s)
            .iter()
            .map(|r| (r.id.clone(), face_at_limited_type(r)))
            .collect();
        assert_eq!(
            found,
            vec![
                ("t".to_owned(), None),
                ("t[visual]".to_owned(), None),
                ("t[face]".to_owned(), Some(Flow::JuseiAhaki)),
            ]
        );
        let institution =
            scenario("id: t\ntitle: T\noperator:\n  mode: face\nexpect:\n  outcome: eligible\n");
        assert_eq!(face_at_limited_type(&institution), None);
    }
}
