//! Whose flake a FLAKY scenario is (docs/reports.md, "Whose flake"): a passing and a failing
//! attempt's timelines compared ([`mynakit_timeline::divergence`]), the first act where they
//! part named with its side — the client's, or mynakit's own (a bug of the tool).

use mynakit_timeline::divergence::{self, Act, How, Whose};

use super::model::{Flake, ScenarioReport};

impl Flake {
    /// Where `attempts` (in the order they ran, with their timelines) part, when their levels
    /// differ; `None` when they do not.
    pub fn of(attempts: &[ScenarioReport]) -> Option<Flake> {
        let worst = attempts.iter().map(|a| a.level).max()?;
        let failing = attempts.iter().position(|a| a.level == worst)?;
        let passing = attempts.iter().position(|a| a.level != worst)?;
        let parted = divergence::diverge(&attempts[passing].timeline, &attempts[failing].timeline);
        let numbers = [passing + 1, failing + 1];
        let Some(parted) = parted else {
            return Some(Flake {
                whose: Whose::Mynakit,
                how: How::Judging,
                attempts: numbers,
                event: None,
                acts: [None, None],
                at_ms: [None, None],
            });
        };
        let what = |act: &Option<Act>| act.as_ref().map(|a| a.what.clone());
        let at = |act: &Option<Act>| act.as_ref().map(|a| a.t_us / 1000);
        Some(Flake {
            whose: parted.whose,
            how: parted.how,
            attempts: numbers,
            event: parted.second.as_ref().map(|a| a.event),
            acts: [what(&parted.first), what(&parted.second)],
            at_ms: [at(&parted.first), at(&parted.second)],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::lang::Lang;
    use crate::report::sample;
    use mynakit_conformance::Level;
    use mynakit_timeline::{Event, EventKind, Source};

    fn attempt(level: Level, answer: &str) -> ScenarioReport {
        let mut report = sample::report().scenarios[0].clone();
        report.level = level;
        report.timeline = vec![Event {
            v: 1,
            t_us: 1000,
            run: None,
            source: Source::Card,
            kind: EventKind::Apdu {
                reader: "r".into(),
                command: "00B0000004".into(),
                response: answer.into(),
                duration_us: 1,
            },
        }];
        report
    }

    #[test]
    fn a_card_that_answered_otherwise_is_mynakits_flake() {
        let attempts = [
            attempt(Level::Passed, "308206319000"),
            attempt(Level::Failed, "6F00"),
        ];
        let flake = Flake::of(&attempts).unwrap();
        assert_eq!((flake.whose, flake.how), (Whose::Mynakit, How::Content));
        assert_eq!(flake.attempts, [1, 2]);
        assert_eq!(flake.event, Some(0));
        assert_eq!(
            flake.line(Lang::En),
            "flake: mynakit's (a bug of the tool: please report it), content (timeline event 0): \
             attempt 1 `answer 9000 +4 B`, attempt 2 `answer 6F00 +0 B`"
        );
    }

    #[test]
    fn the_same_timeline_judged_otherwise_is_mynakits_judging() {
        let attempts = [
            attempt(Level::Failed, "9000"),
            attempt(Level::Passed, "9000"),
        ];
        let flake = Flake::of(&attempts).unwrap();
        assert_eq!((flake.whose, flake.how), (Whose::Mynakit, How::Judging));
        assert_eq!(flake.attempts, [2, 1]);
        assert!(Flake::of(&attempts[..1]).is_none());
    }
}
