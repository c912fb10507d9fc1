//! Whose flake a FLAKY scenario is (docs/reports.md, "Whose flake"): a passing and a failing
//! attempt's timelines compared ([`mynakit_timeline::divergence`]), the first act where they
//! part named with its side — the client's, or mynakit's own (a bug of the tool).

use mynakit_timeline::divergence::{self, Act, How, Whose};
use serde::{Deserialize, Serialize};

use super::{Lang, ScenarioReport};

/// Where a flaky scenario's attempts part, as report.json keeps it (`flake`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Flake {
    /// `client`: the client acted differently on the same inputs; `mynakit`: mynakit's side
    /// differed on the same client acts, a bug of the tool.
    pub whose: Whose,
    /// `content`, `order`, `timing`, `missing` or `judging` (the same acts judged differently).
    pub how: How,
    /// The two attempts compared (from 1): the first at a better level than the worst, and the
    /// first at the worst, whose report (and timeline) this scenario's is.
    pub attempts: [usize; 2],
    /// The index in this report's `timeline` of the worst attempt's event where they part;
    /// absent when that attempt had ended there, or for `judging`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<usize>,
    /// What each of the two attempts did there, in the order of `attempts`, as compared
    /// (volatile parts masked: `APDU 00200080 +5 B`, `answer 63C2 +0 B`); `null` for an
    /// attempt that had ended.
    pub acts: [Option<String>; 2],
    /// When (milliseconds from each attempt's start), in the same order.
    pub at_ms: [Option<u64>; 2],
}

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

    /// One line for the table, the HTML and JUnit: whose, how, and the two acts.
    pub fn line(&self, lang: Lang) -> String {
        let whose = match (lang, self.whose) {
            (Lang::En, Whose::Client) => "the client's",
            (Lang::En, Whose::Mynakit) => "mynakit's (a bug of the tool: please report it)",
            (Lang::Ja, Whose::Client) => "クライアント側",
            (Lang::Ja, Whose::Mynakit) => "mynakit 側（ツールの不具合です。報告してください）",
        };
        let [a, b] = self.attempts;
        if self.how == How::Judging {
            return match lang {
                Lang::En => {
                    format!("flake: {whose}: attempts {a} and {b} did the same, judged differently")
                }
                Lang::Ja => {
                    format!("不安定の原因: {whose}: 試行 {a} と {b} は同じ動作で判定だけが違う")
                }
            };
        }
        let act = |i: usize| self.acts[i].as_deref().unwrap_or("-").to_owned();
        let event = self
            .event
            .map(|e| format!(" (timeline event {e})"))
            .unwrap_or_default();
        let how = how_word(self.how);
        let (lead, attempt) = match lang {
            Lang::En => ("flake", "attempt"),
            Lang::Ja => ("不安定の原因", "試行"),
        };
        format!(
            "{lead}: {whose}, {how}{event}: {attempt} {a} `{}`, {attempt} {b} `{}`",
            act(0),
            act(1)
        )
    }
}

/// How the attempts part, as the line says it (the field's value in report.json).
fn how_word(how: How) -> &'static str {
    match how {
        How::Content => "content",
        How::Order => "order",
        How::Timing => "timing",
        How::Missing => "missing",
        How::Judging => "judging",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
