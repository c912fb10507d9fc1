//! The workflow's comments in Japanese (`mynakit init --lang ja`, docs/ci.md): the templates
//! are written once, in English, and a Japanese workflow is the same file with each comment
//! said in Japanese, so the YAML a CI reads is byte for byte the same in both.

use mynakit_harness::report::Lang;

/// Each comment of the workflow templates as its English lines (without indentation and `# `)
/// and its Japanese lines. A comment is matched line by line, the longest first, so two
/// comments that follow one another in a file are each found.
const COMMENTS: &[(&[&str], &[&str])] = &[
    (
        &["mynakit: conformance of our app for オンライン資格確認 on every push (docs/ci.md)."],
        &["mynakit: プッシュのたびに、このアプリのオンライン資格確認の適合性を確かめます (docs/ci.md)。"],
    ),
    (
        &[
            "mynakit: conformance of our app for オンライン資格確認 on every push (docs/ci.md), in",
            "mynakit's container image (docs/install.md, \"The container image\"): nothing to install.",
        ],
        &[
            "mynakit: プッシュのたびに、このアプリのオンライン資格確認の適合性を mynakit のコンテナー",
            "イメージで確かめます (docs/ci.md、docs/install.md「The container image」)。インストールは不要です。",
        ],
    ),
    (
        &[
            "mynakit: conformance of our Windows app for オンライン資格確認 on every push, under Wine on",
            "a Linux runner (docs/windows.md, docs/ci.md).",
        ],
        &[
            "mynakit: プッシュのたびに、この Windows アプリのオンライン資格確認の適合性を Linux の",
            "ランナー上の Wine で確かめます (docs/windows.md、docs/ci.md)。",
        ],
    ),
    (
        &[
            "Without installing mynakit: `mynakit init --ci gitlab --image NAME` writes the job for its",
            "container image pushed to your registry (docs/install.md, \"The container image\").",
        ],
        &[
            "mynakit をインストールしない場合: `mynakit init --ci gitlab --image NAME` は、自分のレジストリに",
            "置いたコンテナーイメージを使うジョブを書きます (docs/install.md「The container image」)。",
        ],
    ),
    (
        &["One run per change: a push to the default branch, and a pull request (not its branch's push too)."],
        &["変更ごとに 1 回実行: 既定のブランチへのプッシュと、プルリクエスト (そのブランチへのプッシュでは重ねて実行しない)。"],
    ),
    (
        &["Least privilege: the job reads the repository and nothing else."],
        &["最小権限: ジョブはリポジトリを読むだけです。"],
    ),
    (
        &["A newer push to the same branch or pull request cancels the run it replaces."],
        &["同じブランチやプルリクエストへの新しいプッシュは、置き換えられる実行を取り消します。"],
    ),
    (
        &["The job needs no git credentials after the checkout."],
        &["チェックアウトの後、ジョブに git の認証情報は不要です。"],
    ),
    (
        &["Build your app here, so that the client command below can run it."],
        &["ここでアプリをビルドし、下のクライアントのコマンドで実行できるようにします。"],
    ),
    (
        &[
            "Build your app here as a 64-bit Windows program (x86_64-w64-mingw32: Wine's winscard",
            "has no 32-bit side), or fetch the .exe your Windows build made.",
        ],
        &[
            "ここでアプリを 64 ビットの Windows プログラムとしてビルドするか (x86_64-w64-mingw32: Wine の",
            "winscard に 32 ビット側はありません)、Windows のビルドが作った .exe を取得します。",
        ],
    ),
    (
        &["Build your app here, so that MYNAKIT_CLIENT can run it."],
        &["ここでアプリをビルドし、MYNAKIT_CLIENT で実行できるようにします。"],
    ),
    (
        &["The command that starts your app, speaking docs/client-protocol.md."],
        &["アプリを起動するコマンド (docs/client-protocol.md で話すもの)。"],
    ),
    (
        &[
            "The program, speaking docs/client-protocol.md on stdin/stdout. The Action's steps",
            "\"The Wine root's cache key\" and \"Cache the Wine root\" (actions/cache, keyed on the",
            "SHA-256 of windows/wine-root.sh and windows/wine-run) build the Wine root once",
            "(about 2 minutes) and restore it on later runs.",
        ],
        &[
            "プログラム (stdin/stdout で docs/client-protocol.md を話すもの)。Action のステップ",
            "\"The Wine root's cache key\" と \"Cache the Wine root\" (actions/cache、キーは",
            "windows/wine-root.sh と windows/wine-run の SHA-256) が Wine のルートを一度だけ作り",
            "(約 2 分)、以後の実行ではそれを復元します。",
        ],
    ),
    (
        &["The bundled scenarios and yours."],
        &["同梱のシナリオと自分のシナリオ。"],
    ),
    (
        &["The mynakit release to run: its prebuilt binary, verified before use."],
        &["実行する mynakit のリリース: ビルド済みのバイナリを、使う前に検証します。"],
    ),
    (
        &["The SHA-256 of its tarball: only the tarball checked is trusted."],
        &["その tarball の SHA-256: 照合した tarball だけを信頼します。"],
    ),
    (
        &[
            "sha256: the SHA-256 of its tarball (its .sha256 file); without it the",
            ".sha256 published beside the release is trusted.",
        ],
        &[
            "sha256: その tarball の SHA-256 (.sha256 ファイルの値)。指定しないときは、",
            "リリースと一緒に公開された .sha256 を信頼します。",
        ],
    ),
    (
        &[
            "MYNAKIT_SHA256: the SHA-256 of its tarball (its .sha256 file); without it",
            "the .sha256 published beside the release is trusted.",
        ],
        &[
            "MYNAKIT_SHA256: その tarball の SHA-256 (.sha256 ファイルの値)。指定しないときは、",
            "リリースと一緒に公開された .sha256 を信頼します。",
        ],
    ),
    (
        &[
            "Rust's image: mynakit is built from its source at MYNAKIT_REF (about 8 minutes on a",
            "small runner), then cached.",
        ],
        &[
            "Rust のイメージ: mynakit を MYNAKIT_REF のソースからビルドし (小さなランナーで約 8 分)、",
            "キャッシュします。",
        ],
    ),
    (
        &["The mynakit tag to clone and build (pin the version you tested with)."],
        &["クローンしてビルドする mynakit のタグ (試験したバージョンに固定してください)。"],
    ),
    (
        &["The release's prebuilt binary is downloaded and verified: no Rust, no build."],
        &["リリースのビルド済みバイナリをダウンロードして検証します: Rust もビルドも不要です。"],
    ),
    (
        &["The mynakit release to run (action/steps.sh install verifies it)."],
        &["実行する mynakit のリリース (action/steps.sh install が検証します)。"],
    ),
    (
        &["Where mynakit is published (docs/ci.md, \"Where mynakit is published\")."],
        &["mynakit の公開場所 (docs/ci.md「Where mynakit is published」)。"],
    ),
    (
        &[
            "The image has no compiler: build the app in an earlier job and hand it over as an",
            "artifact.",
        ],
        &["イメージにコンパイラーはありません: 前のジョブでアプリをビルドし、成果物として渡してください。"],
    ),
    (
        &["The image's pcscd, started below as the container's root."],
        &["イメージの pcscd (下でコンテナーの root として起動します)。"],
    ),
];

/// A whole-line comment: the line and what it says after `# `.
fn comment(line: &str) -> Option<(&str, &str)> {
    line.trim_start().strip_prefix("# ").map(|c| (line, c))
}

/// The workflow `text` with its whole-line comments in `lang`: as written in English; in
/// Japanese each comment of [`COMMENTS`] replaced, at its indentation, and any other line
/// (YAML, a comment at the end of a line) as it is.
pub(super) fn localised(text: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return text.to_owned();
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::new();
    let mut at = 0;
    while at < lines.len() {
        let found = comment(lines[at]).and_then(|(line, _)| {
            let indent = &line[..line.len() - line.trim_start().len()];
            COMMENTS
                .iter()
                .filter(|(en, _)| {
                    en.iter().enumerate().all(|(i, e)| {
                        lines
                            .get(at + i)
                            .and_then(|l| comment(l))
                            .is_some_and(|(_, c)| c == *e)
                    })
                })
                .max_by_key(|(en, _)| en.len())
                .map(|(en, ja)| (indent, en.len(), ja))
        });
        match found {
            Some((indent, taken, ja)) => {
                for line in *ja {
                    out.push_str(&format!("{indent}# {line}\n"));
                }
                at += taken;
            }
            None => {
                out.push_str(lines[at]);
                out.push('\n');
                at += 1;
            }
        }
    }
    if !text.ends_with('\n') {
        out.pop();
    }
    out
}
