//! The lines of the tool subcommands in each language (`serve`, `record`, `fuzz`, `service`,
//! `terminal`, `cards`, `init`, `import`, `windows`, `evidence`, `card`, `reader`, `fixtures`):
//! status lines, what was written, summaries, the PIN prompt and warnings (docs/reports.md,
//! "Japanese"). Data for programs (JSON, hex, lists of ids) is printed as it is, not from here.
//! Terms: 待ち受け (listening), 読み取り機 (reader), 資格確認端末 (terminal), 停止 (stop).

use mynakit_fixtures::{CheckReport, GenerateReport};

use super::{m, Lang, Msg};

/// Ends the start-up lines of a daemon that stops on Ctrl-C alone.
pub const CTRL_C_TO_STOP: Msg = m("Ctrl-C to stop", "Ctrl-C で停止します");
/// Ends the start-up lines of a daemon that stops on Ctrl-C or SIGTERM.
pub const CTRL_C_OR_SIGTERM_TO_STOP: Msg = m(
    "Ctrl-C (or SIGTERM) to stop",
    "Ctrl-C (または SIGTERM) で停止します",
);
/// Ends the start-up lines of `mynakit record`.
pub const CTRL_C_TO_STOP_AND_WRITE: Msg = m(
    "Ctrl-C (or SIGTERM) to stop and write what was recorded",
    "Ctrl-C (または SIGTERM) で停止し、記録したものを書き込みます",
);
/// `mynakit service` without `--allow-unsigned`.
pub const SIGNATURES_REQUIRED: Msg = m(
    "device signatures: required (RFC 9421; --allow-unsigned for plain curl)",
    "端末の署名: 必須 (RFC 9421。署名のない curl には --allow-unsigned)",
);
/// `mynakit service --allow-unsigned`.
pub const SIGNATURES_OPTIONAL: Msg = m(
    "device signatures: optional (--allow-unsigned)",
    "端末の署名: 任意 (--allow-unsigned)",
);
/// `mynakit fuzz` stopped by a signal.
pub const FUZZ_INTERRUPTED: Msg = m(
    "mynakit fuzz: interrupted; the summary holds the runs that finished",
    "mynakit fuzz: 中断しました。概要には終わった実行だけがあります",
);
/// `mynakit card run` with neither a persona nor a reader.
pub const PERSONA_OR_READER: Msg = m(
    "--persona or --reader is needed",
    "--persona または --reader が必要です",
);
/// What `init` wrote for a CI, in that CI's own words: GitHub's "workflow", GitLab's
/// "pipeline" and "job" (`gitlab`).
pub fn ci_file(lang: Lang, gitlab: bool) -> &'static str {
    match (lang, gitlab) {
        (Lang::En, false) => "the workflow",
        (Lang::En, true) => "the pipeline's job",
        (Lang::Ja, false) => "ワークフロー",
        (Lang::Ja, true) => "パイプラインのジョブ",
    }
}

/// A file written (`init`, `record`).
pub fn wrote(lang: Lang, path: &str) -> String {
    match lang {
        Lang::En => format!("wrote {path}"),
        Lang::Ja => format!("{path} を書き込みました"),
    }
}

/// The environment a PC/SC client needs to reach mynakit's pcscd (`serve`, `record`).
pub fn pcsc_env(lang: Lang, key: &str, value: &str) -> String {
    match lang {
        Lang::En => format!("PC/SC clients: export {key}={value}"),
        Lang::Ja => format!("PC/SC クライアント用: export {key}={value}"),
    }
}

/// What `record` and `import` replaced (`replaced` as the scrubber words it).
pub fn replaced_personal_data(lang: Lang, replaced: &str) -> String {
    match lang {
        Lang::En => format!("replaced personal data: {replaced}"),
        Lang::Ja => format!("置き換えた個人情報: {replaced}"),
    }
}

/// `serve`'s warning for a vpcd driver beyond loopback (no authentication, no encryption).
pub fn vpcd_exposed(lang: Lang, addr: &str) -> String {
    match lang {
        Lang::En => format!(
            "warning: --vpcd {addr} is not a loopback address: the vpcd protocol has no \
             authentication or encryption, so anyone who reaches that port drives this card; \
             prefer an SSH tunnel to 127.0.0.1 (`mynakit docs windows`)"
        ),
        Lang::Ja => format!(
            "警告: --vpcd {addr} はループバックアドレスではありません。vpcd のプロトコルには認証も\
             暗号化もないため、このポートに届く人は誰でもこのカードを操作できます。127.0.0.1 への \
             SSH トンネルを使ってください (`mynakit docs windows`)"
        ),
    }
}

/// `serve`'s line of one NFC relay: the one place its token is shown (docs/mobile.md).
pub fn relay_line(lang: Lang, reader: &str, addr: &str, token: &str) -> String {
    match lang {
        Lang::En => format!("relay: {reader} at {addr} token {token} (required in every hello)"),
        Lang::Ja => {
            format!("中継: {reader} を {addr} で待ち受け、トークン {token} (hello ごとに必要です)")
        }
    }
}

/// `serve`'s warning for an NFC relay beyond loopback.
pub fn relay_exposed(lang: Lang, addr: &str) -> String {
    match lang {
        Lang::En => format!(
            "mynakit serve: WARNING: the NFC relay listens on {addr}, beyond loopback: whoever \
             reaches it and holds the token drives this card; the token is required in \
             every hello (`mynakit docs mobile`)"
        ),
        Lang::Ja => format!(
            "mynakit serve: 警告: NFC の中継がループバックの外の {addr} で待ち受けています。そこに\
             届きトークンを持つ人は誰でもこのカードを操作できます。トークンは hello ごとに必要です \
             (`mynakit docs mobile`)"
        ),
    }
}

/// `serve`'s line of a reader with no card.
pub fn reader_empty(lang: Lang, reader: &str) -> String {
    match lang {
        Lang::En => format!("{reader}: empty"),
        Lang::Ja => format!("{reader}: カードなし"),
    }
}

/// `serve --pin-pad`'s line for a reader that is a PIN pad (docs/reader.md, "Stack faults and
/// the PIN pad from `mynakit serve`").
pub fn reader_pin_pad(lang: Lang, reader: &str) -> String {
    match lang {
        Lang::En => format!(
            "{reader}: a PIN pad (FEATURE_VERIFY_PIN_DIRECT); `mynakit reader pad` queues the PINs the patient types"
        ),
        Lang::Ja => format!(
            "{reader}: PIN パッド (FEATURE_VERIFY_PIN_DIRECT)。患者が打つ暗証番号は `mynakit reader pad` で指定します"
        ),
    }
}

/// `serve`'s line of the emulated 資格確認端末 and its folder.
pub fn terminal_served(lang: Lang, root: &str) -> String {
    match lang {
        Lang::En => format!("terminal: {root} (req → res; face pushes into face)"),
        Lang::Ja => format!("資格確認端末: {root} (req → res、顔認証の通知は face へ)"),
    }
}

/// `serve`'s control endpoint, for `mynakit reader`.
pub fn control_line(lang: Lang, addr: &str, commands: &[&str]) -> String {
    let commands = commands.join("|");
    match lang {
        Lang::En => format!("control: http://{addr} (mynakit reader {commands})"),
        Lang::Ja => format!("操作の待ち受け: http://{addr} (mynakit reader {commands})"),
    }
}

/// `terminal`'s start-up line.
pub fn terminal_watching(lang: Lang, root: &str) -> String {
    match lang {
        Lang::En => {
            format!("mynakit terminal: watching {root} (req → res, face pushes into face)")
        }
        Lang::Ja => {
            format!("mynakit terminal: {root} を監視しています (req → res、顔認証の通知は face へ)")
        }
    }
}

/// `terminal --trace`'s last line.
pub fn trace_written(lang: Lang, path: &str) -> String {
    match lang {
        Lang::En => format!("mynakit terminal: trace written to {path}"),
        Lang::Ja => format!("mynakit terminal: トレースを {path} に書き込みました"),
    }
}

/// `record`'s start-up line: the virtual reader relaying to the real one (names quoted).
pub fn recording(lang: Lang, virtual_reader: &str, real: &str, atr: &str) -> String {
    match lang {
        Lang::En => format!("recording: {virtual_reader:?} relays to {real:?} (ATR {atr})"),
        Lang::Ja => {
            format!("記録中: 読み取り機 {virtual_reader:?} から {real:?} へ中継します (ATR {atr})")
        }
    }
}

/// `record`'s count of what it recorded.
pub fn recorded_apdus(lang: Lang, apdus: usize) -> String {
    match lang {
        Lang::En => format!("recorded {apdus} APDUs"),
        Lang::Ja => format!("APDU を {apdus} 件記録しました"),
    }
}

/// `import`'s scenario written: the APDUs of `readers` readers, each a recorded card.
pub fn imported(lang: Lang, path: &str, apdus: usize, readers: usize) -> String {
    match lang {
        Lang::En => format!(
            "wrote {path}: {apdus} APDUs of {readers} reader(s) as {readers} recorded card(s)"
        ),
        Lang::Ja => format!(
            "{path} を書き込みました: 読み取り機 {readers} 台の APDU {apdus} 件を、記録したカード \
             {readers} 枚として"
        ),
    }
}

/// `import`'s readers that saw no APDU (`readers` quoted and joined).
pub fn not_imported(lang: Lang, readers: &str) -> String {
    match lang {
        Lang::En => format!("not written: {readers} (no APDU in the log)"),
        Lang::Ja => format!("書き込まなかった読み取り機: {readers} (ログに APDU がない)"),
    }
}

/// `import --script`'s file written.
pub fn wrote_script(lang: Lang, path: &str, reader: &str) -> String {
    match lang {
        Lang::En => format!("wrote {path}: the APDU script of {reader:?}"),
        Lang::Ja => format!("{path} を書き込みました: {reader:?} の APDU スクリプト"),
    }
}

/// `fuzz`'s first line (stderr).
pub fn fuzz_start(
    lang: Lang,
    (scenarios, runs, seed): (usize, u64, u64),
    client: &str,
    transport: &str,
) -> String {
    match lang {
        Lang::En => format!(
            "mynakit fuzz: {scenarios} scenario(s), {runs} run(s), seed {seed}, client: {client}, \
             transport: {transport}"
        ),
        Lang::Ja => format!(
            "mynakit fuzz: シナリオ {scenarios} 件、実行 {runs} 回、シード {seed}、クライアント: \
             {client}、カードの接続: {transport}"
        ),
    }
}

/// `fuzz` found nothing to run in `paths`.
pub fn nothing_to_fuzz(lang: Lang, paths: &str) -> String {
    match lang {
        Lang::En => format!("no scenario to fuzz in {paths}"),
        Lang::Ja => format!("{paths} にファジングするシナリオがありません"),
    }
}

/// One failure `fuzz` found, minimised into `file`.
pub fn fuzz_failed(lang: Lang, scenario: &str, run: u64, file: &str) -> String {
    match lang {
        Lang::En => format!("FAILED {scenario} (run {run}): {file}"),
        Lang::Ja => format!("不合格 {scenario} (実行 {run}): {file}"),
    }
}

/// `fuzz`'s last line: runs and time, the extra runs, failures and the summary's file.
pub fn fuzz_summary(
    lang: Lang,
    (runs, seconds, ms_per_run): (u64, f64, u64),
    (minimise, baseline): (u64, u64),
    failures: usize,
    summary: &str,
) -> String {
    match lang {
        Lang::En => format!(
            "{runs} run(s) in {seconds:.1} s: {ms_per_run} ms per run ({minimise} more to \
             minimise, {baseline} unmutated); {failures} failure(s); summary: {summary}"
        ),
        Lang::Ja => format!(
            "{runs} 回の実行に {seconds:.1} 秒: 1 回 {ms_per_run} ms (ほかに最小化 {minimise} 回、\
             変異なし {baseline} 回)。不合格 {failures} 件。概要: {summary}"
        ),
    }
}

/// `service`'s two endpoints (two lines).
pub fn service_endpoints(lang: Lang, public: &str, admin: &str) -> String {
    match lang {
        Lang::En => format!("card-check API: {public}\nadmin API:      {admin}"),
        Lang::Ja => format!("カード確認 API: {public}\n管理 API:       {admin}"),
    }
}

/// `cards serve`'s start-up line.
pub fn cards_listening(lang: Lang, addr: &str, cards: usize) -> String {
    match lang {
        Lang::En => format!("cards: http://{addr} ({cards} cards)"),
        Lang::Ja => format!("カード: http://{addr} で待ち受け ({cards} 枚)"),
    }
}

/// `cards serve`'s warning for an address beyond loopback.
pub fn cards_exposed(lang: Lang, addr: &str) -> String {
    match lang {
        Lang::En => format!(
            "mynakit cards serve: WARNING: listening on {addr}, beyond loopback: whoever \
             reaches it and holds the token can have these cards sign (`mynakit docs security`)"
        ),
        Lang::Ja => format!(
            "mynakit cards serve: 警告: ループバックの外の {addr} で待ち受けています。そこに届き\
             トークンを持つ人は誰でもこれらのカードに署名させられます (`mynakit docs security`)"
        ),
    }
}

/// `cards serve`'s token: the one place it is shown.
pub fn cards_token(lang: Lang, token: &str) -> String {
    match lang {
        Lang::En => {
            format!("token: {token} (send `Authorization: Bearer <token>` with every request)")
        }
        Lang::Ja => format!(
            "トークン: {token} (すべてのリクエストに `Authorization: Bearer <token>` を付けてください)"
        ),
    }
}

/// `cards serve --service-data`'s file, for the mock service.
pub fn service_data(lang: Lang, path: &str) -> String {
    match lang {
        Lang::En => format!("service data: {path}"),
        Lang::Ja => format!("モックサービス用のデータ: {path}"),
    }
}

/// How `init`'s workflow gets mynakit: a release `tag` (with its SHA-256 or not), or, with
/// `None`, a build from source.
pub fn init_pinned(lang: Lang, release: Option<(&str, bool)>, gitlab: bool) -> String {
    let file = ci_file(lang, gitlab);
    match (lang, release) {
        (Lang::En, None) => format!(
            "this mynakit is no release build: {file} builds mynakit from source; \
             pin a release with --release TAG --sha256 HEX (`mynakit docs ci`, \"Pinning the release\")"
        ),
        (Lang::Ja, None) => format!(
            "この mynakit はリリース版ではありません: {file}は mynakit をソースからビルドします。\
             リリースを固定するには --release TAG --sha256 HEX を使います (`mynakit docs ci`, \"Pinning the release\")"
        ),
        (Lang::En, Some((tag, false))) => format!(
            "pinned mynakit {tag} without its SHA-256: {file} trusts the .sha256 published \
             beside the release; pin it with `mynakit init --release {tag} --sha256 HEX` \
             (`mynakit docs ci`, \"Pinning the release\")"
        ),
        (Lang::Ja, Some((tag, false))) => format!(
            "mynakit {tag} を SHA-256 なしで固定しました: {file}はリリースの横に公開された \
             .sha256 を信頼します。`mynakit init --release {tag} --sha256 HEX` で固定してください \
             (`mynakit docs ci`, \"Pinning the release\")"
        ),
        (Lang::En, Some((tag, true))) => {
            format!("pinned mynakit {tag} and the SHA-256 of its tarball")
        }
        (Lang::Ja, Some((tag, true))) => {
            format!("mynakit {tag} とその tarball の SHA-256 を固定しました")
        }
    }
}

/// `init`'s last line: what to edit in `workflow` (the Windows build step or the client).
pub fn init_next(lang: Lang, windows: bool, workflow: &str) -> String {
    let check = "`mynakit scenario check mynakit/scenarios`";
    match (lang, windows) {
        (Lang::En, _) => {
            let what = if windows {
                "the build step and `windows-app`"
            } else {
                "the client command"
            };
            format!("next: edit mynakit/capabilities.yaml and {what} in {workflow}; {check}")
        }
        (Lang::Ja, _) => {
            let what = if windows {
                "ビルドのステップと `windows-app`"
            } else {
                "クライアントのコマンド"
            };
            format!(
                "次に: mynakit/capabilities.yaml と {workflow} の{what}を編集し、{check} を\
                 実行してください"
            )
        }
    }
}

/// `init --starter`'s last line: the starter runs as written, locally with `command`; the
/// workflow at `workflow` already runs it.
pub fn init_next_starter(lang: Lang, command: &str, workflow: &str) -> String {
    let run = format!(
        "mynakit run bundled mynakit/scenarios --client \"{command}\" --capabilities mynakit/capabilities.yaml"
    );
    match lang {
        Lang::En => format!(
            "next: run the starter here: {run}\n{workflow} runs it too; grow it into your app where it says `YOUR APP:`"
        ),
        Lang::Ja => format!(
            "次に: ここでスターターを実行します: {run}\n{workflow} も同じものを実行します。`YOUR APP:` の箇所からアプリに育ててください"
        ),
    }
}

/// `init --starter`'s line before the next steps, for a starter with a set-up to run once
/// (the C starter's build, the Node starter's package): the command, run from the
/// repository's root, and the Debian/Ubuntu packages it needs.
pub fn init_starter_setup(lang: Lang, command: &str, packages: &str) -> String {
    match lang {
        Lang::En => format!("first, once, here: {command} (it needs: apt-get install {packages})"),
        Lang::Ja => format!(
            "最初に一度だけ、ここで実行します: {command}（必要なパッケージ: apt-get install {packages}）"
        ),
    }
}

/// `windows check`'s first line.
pub fn wine_root(lang: Lang, root: &str, versions: &str) -> String {
    match lang {
        Lang::En => format!("Wine root: {root} ({versions})"),
        Lang::Ja => format!("Wine のルート: {root} ({versions})"),
    }
}

/// `evidence verify` of an intact bundle.
pub fn evidence_intact(lang: Lang, dir: &str, files: usize, algorithm: &str, key: &str) -> String {
    match lang {
        Lang::En => {
            format!(
                "OK {dir}: {files} files match the manifest signed by the {algorithm} key {key}"
            )
        }
        Lang::Ja => format!(
            "OK {dir}: {files} 個のファイルが、{algorithm} の鍵 {key} で署名されたマニフェストと\
             一致します"
        ),
    }
}

/// `evidence verify`'s last line (stderr) for a bundle with problems.
pub fn evidence_not_intact(lang: Lang, dir: &str, problems: usize) -> String {
    match lang {
        Lang::En => format!("mynakit evidence verify: {dir}: NOT intact ({problems} problem(s))"),
        Lang::Ja => format!(
            "mynakit evidence verify: {dir}: 証拠が改変されているか欠けています (問題 {problems} 件)"
        ),
    }
}

/// The PIN prompt of a `**` script line (`card run`, `card compare`), on stderr.
pub fn pin_prompt(lang: Lang, line: usize, key: &str, whom: &str) -> String {
    match lang {
        Lang::En => {
            format!("line {line}: {key} — type the PIN for {whom} (not shown; empty to skip): ")
        }
        Lang::Ja => format!(
            "{line} 行目: {key} — {whom}の PIN を入力してください (表示されません。空なら飛ばします): "
        ),
    }
}

/// Whose PIN is asked: a persona's virtual card, or the card in a reader (quoted).
pub fn pin_card(lang: Lang, persona: Option<&str>, reader: &str) -> String {
    match (lang, persona) {
        (Lang::En, Some(id)) => format!("the virtual card of {id}"),
        (Lang::Ja, Some(id)) => format!("{id} の仮想カード"),
        (Lang::En, None) => format!("the card in {reader:?}"),
        (Lang::Ja, None) => format!("読み取り機 {reader:?} のカード"),
    }
}

/// What follows a failed step of `card run`'s text output, with the expectation if it had one.
pub fn step_failed(lang: Lang, line: usize, expected: Option<&str>) -> String {
    match (lang, expected) {
        (Lang::En, Some(expect)) => format!("   FAILED at line {line}: expected {expect}"),
        (Lang::En, None) => format!("   FAILED at line {line}"),
        (Lang::Ja, Some(expect)) => format!("   不合格 ({line} 行目): 期待値 {expect}"),
        (Lang::Ja, None) => format!("   不合格 ({line} 行目)"),
    }
}

/// `card run`'s last line (stderr): failed expectations, or failed steps without any.
pub fn card_failed(lang: Lang, failed: usize, of: usize, expectations: bool) -> String {
    match (lang, expectations) {
        (Lang::En, true) => format!("{failed} of {of} expectations failed"),
        (Lang::En, false) => format!("{failed} of {of} steps failed"),
        (Lang::Ja, true) => format!("期待値 {of} 件中 {failed} 件が外れました"),
        (Lang::Ja, false) => format!("{of} ステップ中 {failed} ステップが失敗しました"),
    }
}

/// `card compare`: a `**` line left unsent for want of a PIN (`typed`: an empty line was typed,
/// else stdin was no terminal).
pub fn not_sent(lang: Lang, place: &str, typed: bool) -> String {
    match lang {
        Lang::En => {
            let why = if typed {
                "an empty line was typed"
            } else {
                "stdin is not a terminal and gave no line"
            };
            format!(
                "NOT SENT {place}: no PIN was typed for this `**` line ({why}), so it was sent \
                 to neither card; a later step that needs the PIN may differ for that reason"
            )
        }
        Lang::Ja => {
            let why = if typed {
                "空の行が入力された"
            } else {
                "stdin が端末ではなく、行もなかった"
            };
            format!(
                "未送信 {place}: この `**` 行の PIN が入力されなかったため ({why})、どちらの\
                 カードにも送っていません。PIN が必要な後のステップはそのために異なることがあります"
            )
        }
    }
}

/// `card compare`: one step whose answers differ (`what` differs), and both answers.
pub fn step_differs(
    lang: Lang,
    place: &str,
    command: &str,
    what: &str,
    answers: (&str, &str),
) -> String {
    let (card, virtual_card) = answers;
    match lang {
        Lang::En => format!(
            "DIFF {place} {command} ({what} differs)\n  card:    {card}\n  virtual: {virtual_card}"
        ),
        Lang::Ja => format!(
            "差異 {place} {command} ({what} が異なる)\n  カード:     {card}\n  仮想カード: {virtual_card}"
        ),
    }
}

/// `card compare`'s last line.
pub fn compare_total(
    lang: Lang,
    differ: usize,
    steps: usize,
    reader: &str,
    persona: &str,
) -> String {
    match lang {
        Lang::En => format!(
            "{differ} of {steps} steps differ between {reader:?} and the virtual card of {persona}"
        ),
        Lang::Ja => format!(
            "{steps} ステップ中 {differ} ステップで、{reader:?} と {persona} の仮想カードの応答が\
             異なります"
        ),
    }
}

/// `reader confirm`'s answer.
pub fn face_result(lang: Lang, face: &str) -> String {
    match lang {
        Lang::En => format!("face result: {face}"),
        Lang::Ja => format!("顔認証の結果: {face}"),
    }
}

/// A reader's state in `reader status` where it holds no persona.
pub fn reader_state(lang: Lang, unplugged: bool) -> &'static str {
    match (lang, unplugged) {
        (Lang::En, true) => "(unplugged)",
        (Lang::En, false) => "(empty)",
        (Lang::Ja, true) => "(抜かれている)",
        (Lang::Ja, false) => "(カードなし)",
    }
}

/// The context of a failed call to `mynakit serve`'s control endpoint.
pub fn serve_running(lang: Lang, url: &str) -> String {
    match lang {
        Lang::En => format!("is `mynakit serve` running? {url}"),
        Lang::Ja => format!("`mynakit serve` は動いていますか? {url}"),
    }
}

/// `mynakit reader`: the control endpoint gave no answer within the command's wait.
pub fn no_answer_within(lang: Lang, url: &str, secs: u64) -> String {
    match lang {
        Lang::En => format!("no answer from `mynakit serve` within {secs} s (--timeout): {url}"),
        Lang::Ja => {
            format!("`mynakit serve` から {secs} 秒以内に応答がありません (--timeout): {url}")
        }
    }
}

/// `fixtures`: the test PKI regenerated.
pub fn fixtures_generated(lang: Lang, report: &GenerateReport) -> String {
    match lang {
        Lang::En => report.to_string(),
        Lang::Ja => format!(
            "{} に {} 人のペルソナのファイル {} 個を生成しました ({:.1} 秒。書き込み {}、変更なし {}、削除 {})",
            report.out_dir.display(),
            report.personas,
            report.files.len(),
            report.elapsed.as_secs_f64(),
            report.written.len(),
            report.files.len() - report.written.len(),
            report.removed.len()
        ),
    }
}

/// `fixtures --check`: the test PKI compared with its regeneration, each file that differs on
/// a line of its own.
pub fn fixtures_checked(lang: Lang, report: &CheckReport) -> String {
    let dir = report.pki_dir.display();
    match lang {
        Lang::En => report.to_string(),
        Lang::Ja if report.is_clean() => format!(
            "{dir}: {} 個のファイルがすべて再生成と一致します ({:.1} 秒)",
            report.expected,
            report.elapsed.as_secs_f64()
        ),
        Lang::Ja => {
            let mut text = format!(
                "{dir}: 再生成と異なります。`mynakit fixtures` を実行して結果をコミットしてください\n"
            );
            for (label, paths) in [
                ("ない", &report.missing),
                ("異なる", &report.differing),
                ("余分", &report.extra),
            ] {
                for path in paths {
                    text.push_str(&format!("  {label}: {}\n", path.display()));
                }
            }
            text
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_up_lines_read_in_each_language() {
        assert_eq!(
            relay_line(Lang::En, "NFC 0", "127.0.0.1:7351", "t0k"),
            "relay: NFC 0 at 127.0.0.1:7351 token t0k (required in every hello)"
        );
        assert_eq!(
            relay_line(Lang::Ja, "NFC 0", "127.0.0.1:7351", "t0k"),
            "中継: NFC 0 を 127.0.0.1:7351 で待ち受け、トークン t0k (hello ごとに必要です)"
        );
        assert_eq!(
            control_line(Lang::Ja, "127.0.0.1:7350", &["status", "insert"]),
            "操作の待ち受け: http://127.0.0.1:7350 (mynakit reader status|insert)"
        );
        assert_eq!(Lang::En.t(CTRL_C_TO_STOP), "Ctrl-C to stop");
        assert_eq!(Lang::Ja.t(CTRL_C_TO_STOP), "Ctrl-C で停止します");
        assert_eq!(
            service_endpoints(Lang::En, "https://a", "http://b"),
            "card-check API: https://a\nadmin API:      http://b"
        );
    }

    #[test]
    fn written_files_and_summaries_read_in_each_language() {
        assert_eq!(wrote(Lang::En, "a/b.yaml"), "wrote a/b.yaml");
        assert_eq!(wrote(Lang::Ja, "a/b.yaml"), "a/b.yaml を書き込みました");
        assert_eq!(
            imported(Lang::En, "x.yaml", 12, 1),
            "wrote x.yaml: 12 APDUs of 1 reader(s) as 1 recorded card(s)"
        );
        assert_eq!(
            fuzz_summary(Lang::En, (10, 2.04, 204), (3, 1), 0, "out/summary.json"),
            "10 run(s) in 2.0 s: 204 ms per run (3 more to minimise, 1 unmutated); 0 failure(s); \
             summary: out/summary.json"
        );
        assert_eq!(
            fuzz_summary(Lang::Ja, (10, 2.04, 204), (3, 1), 0, "out/summary.json"),
            "10 回の実行に 2.0 秒: 1 回 204 ms (ほかに最小化 3 回、変異なし 1 回)。不合格 0 件。\
             概要: out/summary.json"
        );
        assert!(init_pinned(Lang::Ja, None, false)
            .starts_with("この mynakit はリリース版ではありません"));
        assert!(init_pinned(Lang::En, None, true).contains(": the pipeline's job builds mynakit"));
        assert!(init_pinned(Lang::Ja, None, true).contains("パイプラインのジョブは mynakit"));
        assert!(init_pinned(Lang::En, Some(("v1", false)), false).contains("the workflow trusts"));
        assert_eq!(
            init_next(Lang::Ja, false, ".github/workflows/mynakit.yml"),
            "次に: mynakit/capabilities.yaml と .github/workflows/mynakit.yml のクライアントのコマンドを\
             編集し、`mynakit scenario check mynakit/scenarios` を実行してください"
        );
    }

    #[test]
    fn card_lines_read_in_each_language() {
        assert_eq!(
            card_failed(Lang::En, 1, 3, true),
            "1 of 3 expectations failed"
        );
        assert_eq!(
            card_failed(Lang::Ja, 1, 3, false),
            "3 ステップ中 1 ステップが失敗しました"
        );
        assert_eq!(
            step_failed(Lang::Ja, 4, Some("9000")),
            "   不合格 (4 行目): 期待値 9000"
        );
        assert_eq!(
            pin_prompt(Lang::En, 7, "**", &pin_card(Lang::En, None, "ACS 00")),
            "line 7: ** — type the PIN for the card in \"ACS 00\" (not shown; empty to skip): "
        );
        assert_eq!(
            pin_prompt(Lang::Ja, 7, "**", &pin_card(Lang::Ja, Some("taro"), "")),
            "7 行目: ** — taro の仮想カードの PIN を入力してください (表示されません。空なら飛ばします): "
        );
        assert_eq!(reader_state(Lang::Ja, true), "(抜かれている)");
    }

    #[test]
    fn a_fixtures_check_lists_each_differing_file_in_japanese() {
        let report = CheckReport {
            pki_dir: "pki".into(),
            expected: 3,
            missing: vec!["ca/root.pem".into()],
            differing: vec![],
            extra: vec!["x".into()],
            elapsed: std::time::Duration::from_millis(100),
        };
        assert_eq!(
            fixtures_checked(Lang::Ja, &report),
            "pki: 再生成と異なります。`mynakit fixtures` を実行して結果をコミットしてください\n  \
             ない: ca/root.pem\n  余分: x\n"
        );
        assert_eq!(fixtures_checked(Lang::En, &report), report.to_string());
    }
}
