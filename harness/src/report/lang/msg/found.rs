//! The harness's own words about a scenario, worded from the facts it found
//! (`report::facts`): why the client does not claim it, its note, and each expectation's
//! reason. The English is what report.json holds, byte for byte as before; the Japanese is
//! written from the same facts, never translated from the English.

use super::Lang;

/// A list of what a client claims, in the capabilities' own words, or "none".
pub(super) fn claimed(lang: Lang, items: &[String]) -> String {
    match (lang, items.is_empty()) {
        (Lang::En, true) => "none".to_owned(),
        (Lang::Ja, true) => "なし".to_owned(),
        (_, false) => items.join(", "),
    }
}

/// Why a scenario is NOT-APPLICABLE to a client: `the scenario needs the mode `pin` (the
/// client claims visual)` (report.json's note, in English), or `このシナリオには次が必要です:
/// モード `pin` (クライアントの宣言: visual)`.
pub fn unclaimed(lang: Lang, unclaimed: &crate::scenario::needs::Unclaimed) -> String {
    use crate::scenario::needs::{Need, NeedKind};
    let need = |need: &Need| {
        let (value, claims) = (&need.needs, claimed(lang, &need.claims));
        match (lang, need.kind) {
            (Lang::En, NeedKind::Role) => {
                format!("the role `{value}` (the client claims {claims})")
            }
            (Lang::Ja, NeedKind::Role) => format!("役割 `{value}` (クライアントの宣言: {claims})"),
            (Lang::En, NeedKind::Mode) => {
                format!("the mode `{value}` (the client claims {claims})")
            }
            (Lang::Ja, NeedKind::Mode) => {
                format!("モード `{value}` (クライアントの宣言: {claims})")
            }
            (Lang::En, NeedKind::Flow) => {
                format!("the flow `{value}` (the client claims {claims})")
            }
            (Lang::Ja, NeedKind::Flow) => {
                format!("業務フロー `{value}` (クライアントの宣言: {claims})")
            }
            (Lang::En, NeedKind::Transport) => {
                format!("the transport `{value}` (the client claims {claims})")
            }
            (Lang::Ja, NeedKind::Transport) => {
                format!("カードの接続 `{value}` (クライアントの宣言: {claims})")
            }
            (Lang::En, NeedKind::Platform) => {
                format!("the phone platform `{value}` (the client ships {claims})")
            }
            (Lang::Ja, NeedKind::Platform) => {
                format!("スマートフォンのプラットフォーム `{value}` (クライアントの提供: {claims})")
            }
            (Lang::En, NeedKind::Rules) => {
                format!("the rules of {value} (the client follows {claims})")
            }
            (Lang::Ja, NeedKind::Rules) => {
                format!("規則の版 {value} (クライアントが従う版: {claims})")
            }
            (Lang::En, NeedKind::RunRules) => {
                format!("the rules of {value} (the run's `--rules`; the client follows {claims})")
            }
            (Lang::Ja, NeedKind::RunRules) => format!(
                "規則の版 {value} (実行時の --rules で指定。クライアントが従う版: {claims})"
            ),
        }
    };
    let needs: Vec<String> = unclaimed.needs.iter().map(need).collect();
    match (lang, unclaimed.undeclared) {
        (Lang::En, false) => format!("the scenario needs {}", needs.join("; ")),
        (Lang::En, true) => format!(
            "the scenario needs {}; the client declares no capabilities, so it is judged as a \
             card app with the pin, visual and face modes",
            needs.join("; ")
        ),
        (Lang::Ja, false) => format!("このシナリオには次が必要です: {}", needs.join("、")),
        (Lang::Ja, true) => format!(
            "このシナリオには次が必要です: {}。クライアントが機能を宣言していないため、pin・visual・face のモードを持つカードアプリとして判定しました",
            needs.join("、")
        ),
    }
}

/// A scenario's note from the facts it was written from ([`crate::report::facts::NoteFacts`]).
pub fn note(lang: Lang, facts: &crate::report::facts::NoteFacts) -> String {
    use crate::report::facts::NoteFacts;
    match (lang, facts) {
        (_, NoteFacts::Unclaimed(u)) => unclaimed(lang, u),
        (Lang::En, NoteFacts::Interrupted) => {
            "interrupted: the run was stopped before the client finished; not judged".to_owned()
        }
        (Lang::Ja, NoteFacts::Interrupted) => {
            "中断: クライアントが終わる前に実行が止められたため、判定していません".to_owned()
        }
        (Lang::En, NoteFacts::WorldNotSetUp(cause)) => {
            format!("the scenario's world could not be set up: {cause}")
        }
        (Lang::Ja, NoteFacts::WorldNotSetUp(cause)) => {
            format!("シナリオの環境を用意できませんでした: {cause}")
        }
        (Lang::En, NoteFacts::ClientNotStarted(cause)) => {
            format!("the client could not be started: {cause}")
        }
        (Lang::Ja, NoteFacts::ClientNotStarted(cause)) => {
            format!("クライアントを起動できませんでした: {cause}")
        }
        (Lang::En, NoteFacts::ManualEarlierVisits) => {
            "not run by hand: the scenario's earlier visits (given.earlier_visits) need the \
             harness to start the client once per visit"
                .to_owned()
        }
        (Lang::En, NoteFacts::SetupFailure) => {
            "not judged: the client command could not run (the run's set-up failure, at the \
             top of the report)"
                .to_owned()
        }
        (Lang::Ja, NoteFacts::SetupFailure) => {
            "判定していません: クライアントのコマンドを実行できませんでした (実行の準備の誤り。\
             レポートの冒頭を参照)"
                .to_owned()
        }
        (Lang::En, NoteFacts::NewInSuite { added, suite }) => format!(
            "not applicable: new in {added}, after the suite of {suite} the run judges by \
             (mynakit docs suites)"
        ),
        (Lang::Ja, NoteFacts::NewInSuite { added, suite }) => format!(
            "該当しません: {added} に追加されたシナリオで、実行が判定に用いる {suite} のスイートより後のものです \
             (`mynakit docs suites`)"
        ),
        (_, NoteFacts::NotYet(n)) => not_yet(lang, n),
        (Lang::En, NoteFacts::NoFaceAtLimitedType(flow)) => format!(
            "not applicable: `{flow}` is a 資格確認限定型 setting, whose app confirms identity by \
             暗証番号 or 目視確認 only; the 顔認証付きカードリーダー (`face`) is a 既存型 institution's \
             (mynakit docs scope, \"Kinds of facility\")"
        ),
        (Lang::Ja, NoteFacts::NoFaceAtLimitedType(flow)) => format!(
            "該当しません: `{flow}` は資格確認限定型の利用場面で、そのアプリの本人確認は暗証番号入力か目視確認のみです。\
             顔認証付きカードリーダー (`face`) は既存型の医療機関のものです (`mynakit docs scope`「Kinds of facility」)"
        ),
        (Lang::En, NoteFacts::CannotShow(c)) => format!(
            "not applicable over {}: it cannot show the stack fault `{}`: {} (mynakit docs reader, \"{}\")",
            c.link.name(),
            c.fault,
            crate::scenario::stack_faults::why_en(c.why),
            c.section
        ),
        (Lang::Ja, NoteFacts::CannotShow(c)) => format!(
            "{}では該当しません: 読取機側の障害 `{}` を再現できません。{} (`mynakit docs reader`「{}」)",
            c.link.name_ja(),
            c.fault,
            crate::scenario::stack_faults::why_ja(c.why),
            c.section
        ),
        (Lang::Ja, NoteFacts::ManualEarlierVisits) => {
            "手動では実行しません: このシナリオの過去の来院 (given.earlier_visits) は、\
             来院ごとにハーネスがクライアントを起動する必要があります"
                .to_owned()
        }
    }
}

/// The note of a scenario NOT-APPLICABLE by a dated start ([`NotYet`]): declared by the client,
/// about the days before it, moved by the run, or resting on it before its own day.
///
/// [`NotYet`]: crate::scenario::began::NotYet
fn not_yet(lang: Lang, n: &crate::scenario::began::NotYet) -> String {
    match lang {
        Lang::En if n.declared => format!(
            "not applicable on {}: the client declares it plays {} {} (capabilities `began`), and \
             the scenario {} (mynakit docs rules, \"Starts a client declares\")",
            n.day,
            n.began.name(),
            declared_from(&n.first_day),
            if n.after {
                "is about the days before it"
            } else {
                "rests on it, not yet in force on its day for this client"
            }
        ),
        Lang::Ja if n.declared => format!(
            "{} には該当しません: クライアントは {} を{}実装すると宣言しており (capabilities の `began`)、\
             このシナリオは{} (`mynakit docs rules`「Starts a client declares」)",
            n.day,
            n.began.name_ja(),
            declared_from_ja(&n.first_day),
            if n.after {
                "その前の日についてのものです"
            } else {
                "それを前提としますが、このクライアントではその日にまだ始まっていません"
            }
        ),
        Lang::En if n.after => format!(
            "not applicable on {}: the scenario is about the days before {}, which began on {}{} \
             (mynakit docs rules, \"Setting a start's day\")",
            n.day,
            n.began.name(),
            n.first_day,
            if n.set_by_run {
                format!(" as the run's `--began {}={}` sets it", n.began.key(), n.first_day)
            } else {
                String::new()
            }
        ),
        Lang::Ja if n.after => format!(
            "{} には該当しません: このシナリオは {} より前の日についてのものですが、それは {}{} から\
             始まっています (`mynakit docs rules`「Setting a start's day」)",
            n.day,
            n.began.name_ja(),
            if n.set_by_run {
                format!("実行時の `--began {}={}` の指定により ", n.began.key(), n.first_day)
            } else {
                String::new()
            },
            n.first_day
        ),
        Lang::En if n.set_by_run => format!(
            "not applicable on {}: the scenario rests on {}, which began on {} as the run's \
             `--began {}={}` sets it (its own day: {}; mynakit docs rules, \"Setting a start's \
             day\")",
            n.day,
            n.began.name(),
            n.first_day,
            n.began.key(),
            n.first_day,
            n.began.first_day()
        ),
        Lang::Ja if n.set_by_run => format!(
            "{} には該当しません: このシナリオは {} を前提としますが、それは実行時の `--began {}={}` \
             の指定により {} から始まります (本来の日: {}。`mynakit docs rules`「Setting a start's day」)",
            n.day,
            n.began.name_ja(),
            n.began.key(),
            n.first_day,
            n.first_day,
            n.began.first_day()
        ),
        Lang::En => format!(
            "not applicable on {}: the scenario rests on {}, which began on {} ({}; mynakit docs \
             rules, \"What began when\")",
            n.day,
            n.began.name(),
            n.first_day,
            n.began.source()
        ),
        Lang::Ja => format!(
            "{} には該当しません: このシナリオは {} を前提としますが、それは {} から始まりました ({}。\
             `mynakit docs rules`「What began when」)",
            n.day,
            n.began.name_ja(),
            n.first_day,
            n.began.source_ja()
        ),
    }
}

/// An expectation's reason from its facts: the English of report.json (`expected `eligible`,
/// the client reported `ineligible``), or its Japanese.
pub fn judged(lang: Lang, judged: &crate::report::facts::Judged) -> String {
    use crate::report::facts::Judged;
    match judged {
        Judged::Outcome {
            expected,
            reported,
            alternative,
        } => outcome(lang, expected, reported, *alternative),
        Judged::ShownOutcomes { displayed, missing } => shown_outcomes(lang, displayed, missing),
        Judged::AskShownOutcomes(outcomes) => ask_shown_outcomes(lang, outcomes),
        Judged::ExitCode { expected, ended } => exit_code(lang, *expected, ended),
        Judged::Field { expected, shown } => field(lang, expected, shown.as_deref()),
        Judged::Shown(shown) => screen(lang, shown.as_deref(), false),
        Judged::Hidden(shown) => screen(lang, shown.as_deref(), true),
        Judged::Inserted { expected, inserted } => card_inserted(lang, *expected, *inserted),
        Judged::Stale {
            check,
            found,
            in_file,
            reason,
        } => stale(lang, check, *found, *in_file, reason),
        Judged::QuarantineEnded { until, reason } => quarantine_ended(lang, until, reason),
        Judged::Contradictory(contradiction) => contradictory(lang, contradiction),
        Judged::Unfired { fault, when } => unfired(lang, fault, when),
        Judged::TriesLeft { expected, left } => tries_left(lang, *expected, *left),
    }
}

/// A value quoted as reasons quote the screen's values.
fn quoted(value: &str) -> String {
    mynakit_protocol::Quoted(value).to_string()
}

/// `expect.outcome`: the outcome expected and the one reported.
fn outcome(lang: Lang, expected: &str, reported: &str, alternative: bool) -> String {
    match lang {
        Lang::En => {
            let accepted = if alternative {
                ", accepted by `outcome_or`"
            } else {
                ""
            };
            format!("expected `{expected}`, the client reported `{reported}`{accepted}")
        }
        Lang::Ja => {
            let accepted = if alternative {
                " (`outcome_or` により許容)"
            } else {
                ""
            };
            format!("期待する結果は `{expected}`、クライアントの結果は `{reported}`{accepted}")
        }
    }
}

/// `expect.shown_outcomes`: what the app displayed along the way, and what it missed.
fn shown_outcomes(lang: Lang, displayed: &[String], missing: &[String]) -> String {
    match lang {
        Lang::En => format!(
            "displayed [{}]; {}",
            displayed.join(", "),
            if missing.is_empty() {
                "every expected outcome in order".to_owned()
            } else {
                format!("missing in order: {}", missing.join(", "))
            }
        ),
        Lang::Ja => format!(
            "表示した結果 [{}]。{}",
            displayed.join(", "),
            if missing.is_empty() {
                "期待する結果をすべて順に表示".to_owned()
            } else {
                format!("順に表示されなかった結果: {}", missing.join(", "))
            }
        ),
    }
}

/// `expect.shown_outcomes` in manual mode: the question a person answers.
fn ask_shown_outcomes(lang: Lang, outcomes: &[String]) -> String {
    match lang {
        Lang::En => format!(
            "manual mode: did the app show {} along the way?",
            outcomes.join(", then ")
        ),
        Lang::Ja => format!(
            "手動モード: アプリは途中で {} の順に表示しましたか?",
            outcomes.join("、")
        ),
    }
}

/// `expect.exit_code`: the status expected and how the client ended.
fn exit_code(lang: Lang, expected: i32, ended: &crate::report::facts::Ended) -> String {
    use crate::report::facts::Ended;
    match lang {
        Lang::En => match ended {
            Ended::Code(code) => {
                format!("expected exit status {expected}, the client exited with {code}")
            }
            Ended::Signal(signal) => {
                format!("expected exit status {expected}, but it was killed by signal {signal}")
            }
            Ended::Unknown => {
                format!("expected exit status {expected}, but its exit status is unknown")
            }
            Ended::Running(ms) => {
                format!("expected exit status {expected}, but it was still running after {ms} ms")
            }
            Ended::Other(how) => {
                format!("expected exit status {expected}, but it ended as {how}")
            }
        },
        Lang::Ja => {
            let how = match ended {
                Ended::Code(code) => format!("クライアントの終了コードは {code}"),
                Ended::Signal(signal) => format!("シグナル {signal} で強制終了"),
                Ended::Unknown => "終了コードは不明".to_owned(),
                Ended::Running(ms) => format!("{ms} ms 後も実行中"),
                Ended::Other(how) => format!("終了の仕方は {how}"),
            };
            format!("期待する終了コードは {expected}、{how}")
        }
    }
}

/// `expect.fields.Name`: the value expected and the one shown.
fn field(lang: Lang, expected: &str, shown: Option<&str>) -> String {
    match (lang, shown) {
        (Lang::En, Some(shown)) => {
            format!("expected {}, shown {}", quoted(expected), quoted(shown))
        }
        (Lang::En, None) => format!("expected {}, not shown", quoted(expected)),
        (Lang::Ja, Some(shown)) => format!("期待値 {}、表示 {}", quoted(expected), quoted(shown)),
        (Lang::Ja, None) => format!("期待値 {}、表示なし", quoted(expected)),
    }
}

/// `expect.shown.Name` and `expect.hidden.Name` (`hidden`): what the screen showed of it.
fn screen(lang: Lang, shown: Option<&str>, hidden: bool) -> String {
    match (lang, shown, hidden) {
        (Lang::En, None, _) => "not shown".to_owned(),
        (Lang::Ja, None, _) => "表示なし".to_owned(),
        (Lang::En, Some(shown), false) => format!("shown {}", quoted(shown)),
        (Lang::Ja, Some(shown), false) => format!("表示 {}", quoted(shown)),
        (Lang::En, Some(shown), true) => format!("must not be shown, but shown {}", quoted(shown)),
        (Lang::Ja, Some(shown), true) => format!("表示してはならない項目を表示 {}", quoted(shown)),
    }
}

/// `expect.cards.<card>.inserted`: where the card was expected and where it is.
fn card_inserted(lang: Lang, expected: bool, inserted: bool) -> String {
    match lang {
        Lang::En => {
            let place = |inside: bool| if inside { "in its reader" } else { "removed" };
            format!(
                "expected {}, the card is {}",
                place(expected),
                place(inserted)
            )
        }
        Lang::Ja => {
            let place = |inside: bool| {
                if inside {
                    "リーダーに挿入されている"
                } else {
                    "取り出されている"
                }
            };
            format!(
                "期待はカードが{}こと、実際はカードが{}",
                place(expected),
                place(inserted)
            )
        }
    }
}

/// `expect.cards.<card>.pins.<pin>`: the tries left expected and the card's.
fn tries_left(lang: Lang, expected: u32, left: Option<u32>) -> String {
    match (lang, left) {
        (Lang::En, Some(left)) => format!("expected {expected} tries left, the card has {left}"),
        (Lang::En, None) => {
            format!("expected {expected} tries left, but the card or the PIN is not there to read")
        }
        (Lang::Ja, Some(left)) => {
            format!("期待する残り回数は {expected}、カードの残り回数は {left}")
        }
        (Lang::Ja, None) => {
            format!("期待する残り回数は {expected}、しかしカードまたはその暗証番号を読めません")
        }
    }
}

/// A stale waiver: the check it waives did not fail, so the waiver (the scenario's, or the
/// expected-failures file's: `in_file`) should go.
fn stale(
    lang: Lang,
    check: &str,
    found: Option<mynakit_conformance::Level>,
    in_file: bool,
    reason: &str,
) -> String {
    match lang {
        Lang::En => {
            let why = match found {
                Some(level) => format!("{check} {}", lang.level(level)),
                None => format!("{check} was not judged in this run"),
            };
            let from = if in_file {
                "the expected-failures file lists it"
            } else {
                "the scenario waives it"
            };
            format!("stale: {why}, but {from} ({reason}); remove the waiver")
        }
        Lang::Ja => {
            let why = match found {
                Some(level) => format!("{check} は{}です", lang.level(level)),
                None => format!("{check} はこの実行で判定されていません"),
            };
            let from = if in_file {
                "既知の不合格のファイルに載っています"
            } else {
                "シナリオが免除しています"
            };
            format!("古い免除: {why}が、{from} (免除の理由: {reason})。免除を取り除いてください")
        }
    }
}

/// The expected-failures file's quarantine of a flaky scenario that has ended.
fn quarantine_ended(lang: Lang, until: &str, reason: &str) -> String {
    match lang {
        Lang::En => format!(
            "the expected-failures file's quarantine of this flaky scenario ended on {until} \
             ({reason}): its failures count again; fix the flake or renew the quarantine"
        ),
        Lang::Ja => format!(
            "既知の不合格のファイルによる不安定なシナリオの隔離は {until} で終わりました (理由: {reason})。不合格は再び数えられます。不安定さを直すか、隔離を更新してください"
        ),
    }
}

/// A client's declaration that breaks a rule of the capabilities.
fn contradictory(lang: Lang, contradiction: &mynakit_protocol::DeclarationError) -> String {
    use mynakit_protocol::DeclarationError;
    match (lang, contradiction) {
        (Lang::En, contradiction) => contradiction.to_string(),
        (
            Lang::Ja,
            DeclarationError::LimitedWithInstitution {
                limited,
                institution,
            },
        ) => format!(
            "宣言が規則 `{}` に反しています: `{limited}` は資格確認限定型 (健康・医療情報を閲覧しないアプリ)、`{institution}` は医療機関の資格確認端末だけが持つもので、一つのアプリが併せ持つことはできません。複数の製品として、シナリオごとにその要件で判定しました。直すには、アプリごとに宣言を分けるか、すべての役割を演じるテスト用クライアントなら両方の役割 `card-app` と `receipt-computer` を宣言してください。このような宣言は今後のプロトコルの版で拒否されることがあります (`mynakit docs client-protocol`、\"Capabilities\")",
            DeclarationError::LIMITED_WITHOUT_INSTITUTION
        ),
        (Lang::Ja, DeclarationError::LimitedWithFace { limited }) => format!(
            "宣言が規則 `{}` に反しています: `{limited}` は資格確認限定型 (本人確認は暗証番号入力か目視確認のみのアプリ)、`face` は既存型の医療機関の顔認証付きカードリーダーのもので、一つのアプリが併せ持つことはできません。複数の製品として、シナリオごとにその要件で判定し、資格確認限定型のシナリオの `face` の実行は該当なしとしました。直すには、アプリごとに宣言を分けるか、すべての役割を演じるテスト用クライアントなら両方の役割 `card-app` と `receipt-computer` を宣言してください。このような宣言は今後のプロトコルの版で拒否されることがあります (`mynakit docs client-protocol`、\"Capabilities\")",
            DeclarationError::LIMITED_WITHOUT_FACE
        ),
    }
}

/// A card fault that never fired, so nothing of it was judged.
fn unfired(lang: Lang, fault: &str, when: &str) -> String {
    match lang {
        Lang::En => format!(
            "the `{fault}` fault ({when}) never fired: the card never did what it waits for, so \
             nothing of it was judged"
        ),
        Lang::Ja => format!(
            "カードの障害 `{fault}` ({when}) は一度も発生しませんでした。カードが発生の条件に達しなかったため、この障害については何も判定していません"
        ),
    }
}

/// A declared start's first day in words: every day (`NAME` alone), or from its day.
fn declared_from(first_day: &str) -> String {
    if first_day == mynakit_protocol::Starts::EVERY_DAY {
        "on every day".to_owned()
    } else {
        format!("from {first_day}")
    }
}

/// [`declared_from`] in Japanese.
fn declared_from_ja(first_day: &str) -> String {
    if first_day == mynakit_protocol::Starts::EVERY_DAY {
        "日付によらず".to_owned()
    } else {
        format!("{first_day} から")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expectations_are_worded_as_before_in_english_and_in_japanese_from_the_same_facts() {
        use crate::report::facts::{Ended, Judged};
        let field = Judged::Field {
            expected: "20261001".into(),
            shown: None,
        };
        let cases = [
            (
                Judged::Outcome {
                    expected: "ineligible".into(),
                    reported: "eligible".into(),
                    alternative: true,
                },
                "expected `ineligible`, the client reported `eligible`, accepted by `outcome_or`",
                "期待する結果は `ineligible`、クライアントの結果は `eligible` (`outcome_or` により許容)",
            ),
            (
                field,
                "expected \"20261001\", not shown",
                "期待値 \"20261001\"、表示なし",
            ),
            (
                Judged::Hidden(Some("x".into())),
                "must not be shown, but shown \"x\"",
                "表示してはならない項目を表示 \"x\"",
            ),
            (Judged::Shown(None), "not shown", "表示なし"),
            (
                Judged::Unfired {
                    fault: "remove".into(),
                    when: "at command 3".into(),
                },
                "the `remove` fault (at command 3) never fired: the card never did what it waits \
                 for, so nothing of it was judged",
                "カードの障害 `remove` (at command 3) は一度も発生しませんでした。カードが発生の条件に達しなかったため、この障害については何も判定していません",
            ),
            (
                Judged::ExitCode {
                    expected: 0,
                    ended: Ended::Signal(9),
                },
                "expected exit status 0, but it was killed by signal 9",
                "期待する終了コードは 0、シグナル 9 で強制終了",
            ),
            (
                Judged::TriesLeft {
                    expected: 3,
                    left: Some(2),
                },
                "expected 3 tries left, the card has 2",
                "期待する残り回数は 3、カードの残り回数は 2",
            ),
            (
                Judged::Inserted {
                    expected: false,
                    inserted: true,
                },
                "expected removed, the card is in its reader",
                "期待はカードが取り出されていること、実際はカードがリーダーに挿入されている",
            ),
        ];
        for (facts, en, ja) in cases {
            assert_eq!(judged(Lang::En, &facts), en);
            assert_eq!(judged(Lang::Ja, &facts), ja);
        }
    }

    #[test]
    fn a_reason_the_client_does_not_claim_a_scenario_reads_in_each_language() {
        use crate::scenario::needs::{Need, NeedKind, Unclaimed};
        let u = Unclaimed {
            needs: vec![
                Need::new(NeedKind::Role, "receipt-computer", vec!["card-app".into()]),
                Need::new(NeedKind::Flow, "kenshin", vec![]),
            ],
            undeclared: false,
        };
        assert_eq!(
            unclaimed(Lang::En, &u),
            "the scenario needs the role `receipt-computer` (the client claims card-app); the \
             flow `kenshin` (the client claims none)"
        );
        assert_eq!(
            unclaimed(Lang::Ja, &u),
            "このシナリオには次が必要です: 役割 `receipt-computer` (クライアントの宣言: card-app)、業務フロー `kenshin` (クライアントの宣言: なし)"
        );
        // A client that declared nothing, under the run's `--rules`.
        let u = Unclaimed {
            needs: vec![Need::new(
                NeedKind::RunRules,
                "2021-04-01",
                vec!["2025-05-21".into()],
            )],
            undeclared: true,
        };
        assert_eq!(
            unclaimed(Lang::En, &u),
            "the scenario needs the rules of 2021-04-01 (the run's `--rules`; the client follows \
             2025-05-21); the client declares no capabilities, so it is judged as a card app with \
             the pin, visual and face modes"
        );
        assert_eq!(
            unclaimed(Lang::Ja, &u),
            "このシナリオには次が必要です: 規則の版 2021-04-01 (実行時の --rules で指定。クライアントが従う版: 2025-05-21)。クライアントが機能を宣言していないため、pin・visual・face のモードを持つカードアプリとして判定しました"
        );
    }

    #[test]
    fn notes_read_as_before_in_english_with_the_cause_kept_in_japanese() {
        use crate::report::facts::NoteFacts;
        let cases = [
            (
                NoteFacts::Interrupted,
                "interrupted: the run was stopped before the client finished; not judged",
                "中断: クライアントが終わる前に実行が止められたため、判定していません",
            ),
            (
                NoteFacts::WorldNotSetUp("no reader".into()),
                "the scenario's world could not be set up: no reader",
                "シナリオの環境を用意できませんでした: no reader",
            ),
            (
                NoteFacts::ClientNotStarted("no sh".into()),
                "the client could not be started: no sh",
                "クライアントを起動できませんでした: no sh",
            ),
            (
                NoteFacts::ManualEarlierVisits,
                "not run by hand: the scenario's earlier visits (given.earlier_visits) need the \
                 harness to start the client once per visit",
                "手動では実行しません: このシナリオの過去の来院 (given.earlier_visits) は、\
                 来院ごとにハーネスがクライアントを起動する必要があります",
            ),
        ];
        for (facts, en, ja) in cases {
            assert_eq!(note(Lang::En, &facts), en);
            assert_eq!(note(Lang::Ja, &facts), ja);
        }
    }

    /// A start not in force, in each of its three notes, names the start and its source in
    /// Japanese: no English sentence in the Japanese note, the start's day and key kept.
    #[test]
    fn a_start_not_yet_in_force_is_named_in_japanese() {
        use crate::report::facts::NoteFacts;
        use crate::report::lang::english::says_in_english;
        use crate::scenario::began::NotYet;
        use mynakit_protocol::Began;
        for began in Began::ALL {
            for (set_by_run, after) in [(false, false), (true, false), (false, true)] {
                let facts = NoteFacts::NotYet(NotYet {
                    began,
                    day: "2020-01-01".to_owned(),
                    first_day: began.first_day().to_owned(),
                    set_by_run,
                    after,
                    declared: false,
                });
                let ja = note(Lang::Ja, &facts);
                assert!(!says_in_english(&ja), "{ja}");
                assert!(ja.contains(began.name_ja()), "{ja}");
                assert!(ja.contains(began.first_day()), "{ja}");
                assert!(note(Lang::En, &facts).contains(began.name()));
            }
        }
    }
}
