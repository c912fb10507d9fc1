//! The words of a run that stopped early: its client could not run (a set-up failure), or
//! `--max-failures` was reached (docs/client-protocol.md, "When the client cannot start").

use super::Lang;
use crate::report::setup_failure::{SetupFailure, SetupFailureKind};

/// A set-up failure as lines: what happened first, then the client's stderr, then the hint and
/// what the run did. Shown first on screen, at the top of report.html and in the JUnit
/// `<error>`.
pub fn setup_failure(lang: Lang, f: &SetupFailure) -> Vec<String> {
    let code = f.exit_code.map_or_else(String::new, |c| format!(" {c}"));
    let why = match (lang, f.kind) {
        (Lang::En, SetupFailureKind::CannotExecute) => format!(
            "the shell could not execute it (exit status{code}: 126 is not executable, 127 not found)"
        ),
        (Lang::En, SetupFailureKind::MissingArgument) => {
            "it cannot open a file one of its arguments names".to_owned()
        }
        (Lang::En, SetupFailureKind::SameQuietEnd) => format!(
            "its first runs all ended (exit status{code}) before any card, service, folder or \
             protocol activity, with the same stderr"
        ),
        (Lang::Ja, SetupFailureKind::CannotExecute) => format!(
            "シェルが実行できませんでした (終了コード{code}: 126 は実行できないファイル、127 は見つからないコマンド)"
        ),
        (Lang::Ja, SetupFailureKind::MissingArgument) => {
            "引数が指すファイルをクライアントが開けませんでした".to_owned()
        }
        (Lang::Ja, SetupFailureKind::SameQuietEnd) => format!(
            "最初の実行がすべて、カード・サービス・フォルダ・プロトコルのどれにも触れる前に同じ標準エラー出力で終わりました (終了コード{code})"
        ),
    };
    let mut lines = vec![match lang {
        Lang::En => format!(
            "mynakit run: set-up failure: the client command could not run: {why}; first seen in \
             {}, {} run(s) ended so, none judged",
            f.scenario, f.runs
        ),
        Lang::Ja => format!(
            "mynakit run: 実行の準備の誤り: クライアントのコマンドを実行できません: {why}。最初は {}、{} 回の実行がこのように終わり、どれも判定していません",
            f.scenario, f.runs
        ),
    }];
    let label = match lang {
        Lang::En => "client stderr",
        Lang::Ja => "クライアントの標準エラー出力",
    };
    if f.stderr.is_empty() {
        lines.push(match lang {
            Lang::En => format!("  {label}: (empty)"),
            Lang::Ja => format!("  {label}: (なし)"),
        });
    }
    for line in &f.stderr {
        lines.push(format!("  {label}: {line}"));
    }
    if let Some(m) = &f.misplaced_argument {
        lines.push(match lang {
            Lang::En => format!(
                "  hint: `{}` names {} from the folder mynakit run was started in, but the \
                 client runs in each scenario's own folder, where its relative arguments are \
                 looked up: write `$PWD/{}`",
                m.argument, m.path, m.argument
            ),
            Lang::Ja => format!(
                "  ヒント: `{}` は mynakit run を始めたフォルダの {} を指しますが、クライアントはシナリオごとのフォルダで動き、相対パスの引数はそこで探されます。`$PWD/{}` と書いてください",
                m.argument, m.path, m.argument
            ),
        });
    }
    lines.push(match lang {
        Lang::En => "  the run stopped; exit status 2 (`mynakit docs client-protocol`, \"When the \
                     client cannot start\")"
            .to_owned(),
        Lang::Ja => "  実行を止めました。終了コード 2 (`mynakit docs client-protocol`、\"When the client cannot start\")".to_owned(),
    });
    lines
}

/// `--max-failures N` was reached: the run started no more scenarios.
pub fn max_failures_reached(lang: Lang, max: u64) -> String {
    match lang {
        Lang::En => format!(
            "mynakit run: {max} scenario(s) FAILED (--max-failures {max}): no further scenario \
             was started; the report holds those that ran"
        ),
        Lang::Ja => format!(
            "mynakit run: {max} 件のシナリオが不合格になったため (--max-failures {max})、残りのシナリオは始めていません。レポートには実行したものだけがあります"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::setup_failure::MisplacedArgument;

    fn failure() -> SetupFailure {
        SetupFailure {
            kind: SetupFailureKind::MissingArgument,
            scenario: "pin-lockout".to_owned(),
            exit_code: Some(2),
            runs: 8,
            stderr: vec!["python3: can't open file 'client.py'".to_owned()],
            misplaced_argument: Some(MisplacedArgument {
                argument: "client.py".to_owned(),
                path: "/home/me/client.py".to_owned(),
            }),
        }
    }

    /// Both languages say what happened first, then each stderr line as written, the `$PWD`
    /// hint and the exit status.
    #[test]
    fn a_set_up_failure_reads_the_same_in_both_languages() {
        for lang in [Lang::En, Lang::Ja] {
            let lines = setup_failure(lang, &failure());
            assert_eq!(lines.len(), 4, "{lines:?}");
            assert!(lines[0].starts_with("mynakit run: "), "{lines:?}");
            assert!(lines[0].contains("pin-lockout") && lines[0].contains('8'));
            assert!(lines[1].ends_with("python3: can't open file 'client.py'"));
            assert!(lines[2].contains("`$PWD/client.py`") && lines[2].contains("/home/me"));
            assert!(lines[3].contains('2'));
        }
        let mut silent = failure();
        silent.stderr.clear();
        silent.misplaced_argument = None;
        let lines = setup_failure(Lang::En, &silent);
        assert_eq!(lines[1], "  client stderr: (empty)");
        assert_eq!(lines.len(), 3);
    }
}
