//! `--help` in Japanese (`--lang ja`, or a Japanese locale): the top-level command's, `run`'s
//! and other subcommands' texts, said once here beside the other messages. The command line is
//! defined once, in English (clap's derive); `mynakit`'s CLI swaps these in where Japanese
//! exists, and a text without Japanese stays English (docs/reports.md, "Japanese").

/// The command's own about.
pub const ABOUT: &str = "オンライン資格確認のクライアントを試験し、適合性を判定するツールキット";

/// clap's help template with its headings in Japanese (clap's own `{usage-heading}` is English).
pub const TEMPLATE: &str =
    "{before-help}{about-with-newline}\n使い方: {usage}\n\n{all-args}{after-help}";

/// The headings: the subcommands', the flags' without a group of their own, the positional
/// arguments'.
pub const COMMANDS: &str = "コマンド";
/// The heading of the flags without a group.
pub const OPTIONS: &str = "オプション";
/// The heading of the positional arguments.
pub const ARGUMENTS: &str = "引数";

/// clap's own flags and subcommand: `-h`, `-V`, `help`.
pub const HELP_FLAG: &str = "ヘルプを表示します (`-h` は要約、`--help` は全文)";
/// `-V`, `--version`.
pub const VERSION_FLAG: &str = "バージョンを表示します";
/// The `help` subcommand.
pub const HELP_COMMAND: &str = "このヘルプ、または指定したサブコマンドのヘルプを表示します";

/// Each subcommand's about, by name.
pub const SUBCOMMANDS: &[(&str, &str)] = &[
    ("card", "仮想カードを直接操作します"),
    ("serve", "ペルソナのカードを入れた仮想読取機を実際の pcscd の後ろで動かします (Ctrl-C か SIGTERM まで)。--pin-pad で PIN パッド付き読取機、--driver でスタックの障害 (`mynakit reader`)"),
    ("service", "模擬の資格確認サービス (カード確認 API と管理 API) を Ctrl-C まで動かします"),
    ("terminal", "資格確認端末を模擬します: `ROOT/req` の OQS XML 要求に `ROOT/res` で答えます (Ctrl-C まで)"),
    ("run", "シナリオをクライアントに対して実行し判定します (既定: 同梱のシナリオをリファレンスクライアントに対して)。レポートは target/mynakit-report/ に出力します"),
    ("certify", "アプリを認証します: プロファイルの必須の実行 (`mynakit profiles`) を行い、署名付きのパッケージを書きます (`mynakit docs certification`)。`run` のフラグを取り、--evidence と --evidence-key が必要です"),
    ("profiles", "認証プロファイル (アプリの種類ごとに一つ)。NAME を指定すると、その必須の実行を表示します (`mynakit docs certification`)"),
    ("fuzz", "カードの応答をシードから変異させながらクライアントをシナリオで動かします。失敗はそれぞれ最小化してシナリオファイルに書きます (`mynakit docs fuzz`)"),
    ("reference-client", "リファレンスクライアントを、stdin/stdout でクライアントプロトコルを話すプログラムとして動かします (`mynakit docs reference-client`)"),
    ("scenario", "シナリオファイルを検査するか、その JSON Schema を出力します"),
    ("reader", "動作中の `mynakit serve` を操作します (カードの挿入・取り出し、PIN パッド、スタックの障害)。各コマンドは応答を最大 --timeout 秒 (10) 待ちます (`restart` はさらに --for-ms と pcscd の 25 秒)"),
    ("report", "`mynakit run` のレポートを扱います (`mynakit docs reports`)"),
    ("evidence", "`mynakit run --evidence` の証跡バンドルを検査します (`mynakit docs evidence`)"),
    ("claim", "レセコンの請求ファイル (RECEIPTC.UKE) を読み、検査します (`mynakit docs uke`)"),
    ("cards", "HTTP で署名する仮想カード。サーバーの負荷試験用です (`mynakit docs performance`)"),
    ("completions", "シェルの補完スクリプトを出力します: `mynakit completions bash > /etc/bash_completion.d/mynakit`"),
    ("man", "このコマンドラインから生成したマニュアルページ (roff) を出力します: `mynakit man | man -l -`。`--dir DIR` でサブコマンドごとのページを DIR に書きます"),
    ("init", "ベンダーのリポジトリを始めます: mynakit/capabilities.yaml、自分のシナリオ一つ、シナリオのスキーマ、CI の設定を書きます。上書きはしません (`mynakit docs ci`)"),
    ("import", "現場のログ (pcscd のデバッグログ、pcsc-spy の出力) を、カードがそれを再生するシナリオにします。暗証番号は伏せます (`mynakit docs import`)"),
    ("record", "PC/SC クライアントを mynakit の仮想読取機経由で実際の読取機のカードにつなぎ、やり取りを記録します (暗証番号は伏せます。Ctrl-C か SIGTERM まで; `mynakit docs import`)"),
    ("windows", "Wine の下の Windows カードアプリ (`mynakit docs windows`): キャッシュする Wine のルートを作るか、`run --windows` と同じく検査します"),
    ("checks", "適合性チェックの一覧、または一つの説明: 重大度、判定するロールとモード、規則、根拠と出典、失敗を示すリファレンスクライアントの欠陥 (`mynakit checks PIN-one-verify`)"),
    ("ledger", "要件台帳 (`mynakit docs ledger`): 通知とチェックが引く出典の規範的な文すべてと、それを判定するチェック"),
    ("changes", "各日のスイートが追加した、または厳しくしたもの (チェックごと、シナリオごと; `mynakit docs suites`)"),
    ("docs", "このバイナリが持つ文書ページの一覧、または一ページを Markdown で出力します (`mynakit docs reports`)"),
    ("fixtures", "ペルソナのファイルから試験用 PKI を作り直します (バイト単位で再現可能)"),
    // The nested subcommands, by their path below the top.
    ("card run", "APDU スクリプトをペルソナのカード、または PC/SC の読取機のカードに対して実行し、APDU ごとに一行を出力します"),
    ("card compare", "APDU スクリプトを PC/SC の読取機の実カードとペルソナの仮想カードに対して実行し、応答の違うコマンドをすべて表示します (違いがあれば終了コード 1)"),
    ("scenario check", "シナリオを読み込んで検査します (既定: 同梱の `scenarios/`)。エラーは file:line:col を示します"),
    ("scenario schema", "シナリオの形式の JSON Schema を出力します。エディターとツール向けです (`mynakit docs scenarios`)"),
    ("reader status", "すべての読取機を表示します: ペルソナ、ATR、暗証番号の残り回数"),
    ("reader insert", "ペルソナのカードを挿入します (入っているカードとは入れ替えます)"),
    ("reader remove", "カードを取り出します"),
    ("reader reset", "カードをその場で電源を入れ直します (照合済みの暗証番号は失われます)"),
    ("reader unplug", "読取機そのものをカードごと抜きます (`mynakit docs reader`「Unplugged readers」)"),
    ("reader replug", "抜いた読取機を空のまま差し直します"),
    ("reader confirm", "患者が仮想の顔認証付きカードリーダーでカードを確認します: `serve --terminal` が顔認証の結果 (OQSsiquc01res_face_*.xml) を書きます"),
    ("reader pad", "患者が PIN パッド付き読取機で次に入力する暗証番号を順に指定します。尽きたら取消を押します (`serve --pin-pad`)"),
    ("reader transport-error", "読取機への次のコマンドが伝送で失敗します: `SCardTransmit` が SCARD_E_NOT_TRANSACTED を返します (`serve --driver` か `--pin-pad`)"),
    ("reader unavailable", "読取機が応答しなくなります。カードは入ったままです (`serve --driver` か `--pin-pad`)"),
    ("reader available", "読取機が再び応答します。カードの電源は入れ直されます"),
    ("reader restart", "pcscd を止めて再び起動します (`serve --driver` か `--pin-pad`)。PC/SC が再び読取機を一覧したら戻ります"),
    ("reader pin", "暗証番号の残り回数を設定します (0 で閉塞)"),
    ("report merge", "`mynakit run --shard I/N` のジョブのレポートを一つのレポート (JSON、JUnit、HTML) にまとめます。どれかでシナリオが FAILED なら終了コード 1"),
    ("report diff", "二つの実行のレポートを比べます: 新しい失敗、直った失敗、判定の変わった実行、増えた・減ったシナリオ。新たに FAILED になった判定がなければ終了コード 0、あれば 1、レポートが読めなければ 2 (`mynakit docs reports`「Comparing two runs」)"),
    ("report schema", "report.json の JSON Schema を出力します。インストールした mynakit だけでレポートを検証できます (`mynakit docs reports`)"),
    ("report rejudge", "記録した実行をそのタイムラインから別のスイートで判定し直し、判定か所見が変わる実行を一覧します。変わるものがなければ終了コード 0、あれば 1 (`mynakit docs certification`「Re-judged, not read」)"),
    ("evidence verify", "証跡バンドルを検査します: ベンダーの公開鍵によるマニフェストの署名、各ファイルの SHA-256、一覧にないファイルがないこと。無傷なら終了コード 0、そうでなければ問題を挙げて 1"),
    ("evidence answer", "認証パッケージの REVIEW の実行に人の回答を加えます。回答は単独で署名するので、パッケージの署名は有効なままです (`mynakit docs certification`「Answering a REVIEW」)"),
    ("claim check", "請求ファイル (RECEIPTC.UKE: 医科・歯科・調剤。RECEIPTH.UKE: 訪問看護、HM レコードで判別) を読み、ファイル自身と照合します: すべてのレコードが読めること、各請求が支払者を示すこと、GO が請求を数えること。整合していれば終了コード 0、問題があればそれぞれを挙げて 1、読めなければ 2"),
    ("claim scrub", "請求ファイルの患者を合成のペルソナに置き換えた写しを作ります (氏名、生年月日、記号・番号・受給者番号、カルテ番号、傷病名、コメント)。構造はそのままなので、現場の請求をベンダーと共有できます (`mynakit docs uke`「Sharing a field claim」)。置き換えたものは件数だけを出力し、値は出しません"),
    ("cards serve", "仮想カードを HTTP で Ctrl-C まで提供します: カード i の証明書と、チャレンジに対するカード i の署名 (Locust などの負荷試験エンジン向け; `mynakit docs performance`)"),
    ("import pcscd-log", "pcscd のデバッグログ (`pcscd -f -a -d`、pcsc-lite 1.9): その `APDU:` と `SW:` の行"),
    ("import pcsc-spy", "pcsc-spy の出力 (pcsc-lite の PC/SC 呼び出しトレーサー。Debian のパッケージ libpcsclite-dev)"),
    ("windows setup", "Wine のルートを一度作り (root で。debootstrap と Debian のミラーが必要)、そのパスを出力します: `$MYNAKIT_WINE_ROOT`、なければ ~/.cache/mynakit-ci/wine-root。完成したルートはパスを出力するだけです"),
    ("windows check", "`run --windows` がシナリオの前に確かめることを確かめます: ルートが完成していること、プログラムが読み込む pcsc-lite のクライアントがホストの pcscd のプロトコルを話すこと"),
    ("ledger show", "項目一つを表示します: 出典と文、証拠の種類、チェックとシナリオ"),
    ("ledger drift", "保持している出典を、その新しい本文 (再発行された通知) と比べます: 文が移った、言い換えられた、削除された項目すべてと、それに拠るチェックとシナリオ。終了ステータス 0: 変化なし、1: 変化した項目あり、2: エラー (その出典を保持していない、ファイルがない)"),
];

/// The top-level flags, by argument id.
pub const TOP_FLAGS: &[(&str, &str)] = &[
    ("fixtures", "フィクスチャのフォルダー (ペルソナと試験用 PKI)。既定: 同梱のもの、または $MYNAKIT_FIXTURES"),
    ("color", "判定の色付け: `auto` (端末のとき。NO_COLOR か TERM=dumb なら付けない)、`always`、`never`"),
    ("lang", "結果の表、report.html、mynakit のメッセージとヘルプの言語: `en` か `ja` (日本語)。既定: ロケール (LC_ALL、LC_MESSAGES、LANG)。チェック ID、report.json、report.xml はどちらでも同じです (`mynakit docs reports`「Japanese」)"),
];

/// `run`'s groups of flags, by their English heading.
pub const RUN_HEADINGS: &[(&str, &str)] = &[
    ("The client under test", "試験するクライアント"),
    ("Cards and readers", "カードと読取機"),
    ("Choosing scenarios", "シナリオの選択"),
    ("Rules and days", "規則と日付"),
    ("Judging", "判定"),
    ("Reports", "レポート"),
];

/// The groups of flags of `serve` and `terminal`, by their English heading.
pub const HEADINGS: &[(&str, &str)] = &[
    (
        "資格確認端末 (with --terminal)",
        "資格確認端末 (--terminal のとき)",
    ),
    (
        "SMB share (with --terminal)",
        "SMB の共有 (--terminal のとき)",
    ),
    ("SMB share", "SMB の共有"),
];

/// `run`'s flags and arguments, by argument id.
pub const RUN_FLAGS: &[(&str, &str)] = &[
    ("paths", "シナリオのファイルかフォルダー (既定: 同梱のシナリオ)。`bundled` は同梱のシナリオを表すので、`run bundled mine/` は両方を実行します"),
    ("client", "試験するクライアント。`sh -c` で実行するコマンドです (既定: 組み込みのリファレンスクライアント)。`mynakit docs client-protocol` の MYNAKIT_* 変数を受け取り、シナリオごとのフォルダーで動くので、スクリプトは絶対パスで指定します (`python3 $PWD/client.py`)"),
    ("windows", "Wine の下で判定する Windows プログラム (64 ビット、WinSCard)。pcscd 経由でシナリオの読取機に対して動かします (`mynakit docs windows`)。Wine のルートが必要です (`mynakit windows setup`)"),
    ("windows_arg", "--windows のプログラムに渡す引数一つ (パスの後)。複数は繰り返して順に指定します (`mynakit docs windows`)"),
    ("windows_state", "--windows のとき `SCardStatus` が返す状態: `wine` (pcsc-lite のフラグ) か `windows` (Windows の値一つ; `mynakit docs windows`)"),
    ("defects", "リファレンスクライアントの意図的な欠陥 (`mynakit docs reference-client`)。繰り返し指定できます"),
    ("manual", "手動モード: プロトコルに対応しない画面のあるアプリ向けに、pcscd 上で各シナリオの世界を用意し、操作手順を表示して、アプリが何を表示したかを尋ねます"),
    ("relay", "各シナリオの患者のカードを、スマートフォンが読むように NFC リレーの後ろに置きます (`mynakit docs mobile`)。127.0.0.1 か ADDR で待ち受けます"),
    ("client_socket", "クライアントは、シナリオの実行ごとに TCP で接続してクライアントプロトコルを話すアプリです (スマートフォンのアプリなど; `mynakit docs mobile`)。ADDR: 待ち受けるアドレス (既定 127.0.0.1:0)"),
    ("client_socket_wait", "--client-socket でアプリの接続を待つ秒数 (シナリオの実行ごと)"),
    ("terminal_share", "シナリオの資格確認端末のフォルダー (req、res、face) をクライアントに渡す方法: `none` (ローカルのフォルダー) か `smb` (ループバックの SMB 共有も; `mynakit docs terminal`)"),
    ("transport", "クライアントがカードに届く経路: `auto` (組み込みのリファレンスクライアントはプロセス内で速く、何も要りません。クライアントのコマンドは PC/SC でしかカードに届かないので専用の pcscd)、`pcscd` (vsmartcard-vpcd を使う pcscd。既定は専用のもので、ユーザー名前空間が使えれば root は不要。システムのものは `--pcscd system`。クライアントは任意の PC/SC のプログラム)、`in-process` (pcscd なし: 組み込みのリファレンスクライアントがこのプロセスの中でカードと話します)"),
    ("pcscd", "PC/SC の経路で読取機を担う pcscd: `auto` (動かせれば専用のもの、だめならシステムのもの)、`managed` (専用の名前空間の中の専用の pcscd。root、またはユーザー名前空間が使えれば一般ユーザー。ホストで何も待ち受けません)、`system` (Debian の vpcd 設定で動いているシステムの pcscd。読取機二台)、`none` (PC/SC なし: 端末の顔認証用の読取機だけ)"),
    ("filter", "ID にこの文字列を含むシナリオ、またはこのタグを持つシナリオだけ (`tag:mission`)。`,` でつないだ条件はすべて満たし、`!` は否定します。繰り返し指定できます (どれかに合えばよい)"),
    ("exclude", "このフィルターに合うシナリオを除きます (--filter と同じ形)。繰り返し指定できます"),
    ("list", "実行するシナリオを一覧して終了します"),
    ("format", "--list の出力形式: `text` (シナリオごとに一行) か `json` (ツール向けの一つの文書; `mynakit docs scenarios`)"),
    ("rerun_failed", "--report-dir の前回のレポートで FAILED になったシナリオだけを実行し、その結果をレポートで置き換えます"),
    ("watch", "選んだシナリオを実行した後、ファイルを監視し、変わったファイルのシナリオを実行し直します。Ctrl-C で終わります (`mynakit docs scenarios`)"),
    ("shard", "選んだシナリオの I/N 番目の分割だけ (例 `2/4`)。CI のジョブを並べるためのもので、`mynakit report merge` がレポートをまとめます"),
    ("rules", "規則セットを指定しないシナリオの規則セットを日付で指定します (`mynakit docs rules`)。既定: クライアントが宣言する最新、なければ最新"),
    ("as_of", "すべてのシナリオをこの日 (YYYY-MM-DD、日本時間) に実行します (`mynakit docs rules`「Running on another day」): 時計、世界 (ペルソナ、証明書、日付)、規則セットがその日に移ります"),
    ("began", "この実行での開始日を NAME=YYYY-MM-DD で指定します (`mynakit docs rules`「Setting a start's day」)。繰り返し指定できます"),
    ("station_prices", "公開資料から分からない訪問看護療養費の価格の表 (令和8年度改定のコード、2026-06-01 に変わった価格) を、1 行に code<TAB>from<TAB>yen で指定します (`mynakit docs rules`「Setting a station's prices」)。日付つきの価格を加えるだけで公開資料の価格は変えられず、この表で照合した KA はその旨が報告されます。自身の価格表 (`given.station_prices`) を持つシナリオはその表で判定します"),
    ("suite", "この日のスイートで判定します (`mynakit docs suites`)。その後に追加されたチェックとシナリオは除かれるので、その日に認証されたクライアントが後の追加で FAILED になることはありません"),
    ("capabilities", "クライアントが宣言する能力: ロール、モード、フロー、規則セット (JSON か YAML; `mynakit docs client-protocol`「Capabilities」)。宣言しないシナリオは NOT-APPLICABLE です"),
    ("expected_failures", "アプリの横に置く免除 (waiver): シナリオ ID からチェックと理由の一覧への YAML の対応表 (`mynakit docs reports`)"),
    ("strict_waivers", "古くなった免除 (そのチェックがもう失敗しない) を WARNING ではなく、そのシナリオの FAILED にします"),
    ("jobs", "同時に実行するシナリオの数 (既定: CPU の数、最低 8)"),
    ("timeout", "独自の制限を持たないシナリオの制限時間 (秒)"),
    ("max_failures", "シナリオの実行が N 回 FAILED になったら止めます (実行中のものは終わらせます; `mynakit docs reports`)。終了ステータスは 1"),
    ("repeat", "選んだシナリオを N 回ずつ実行します: シナリオごとの合格率と、試行の結果が違えば FLAKY (`mynakit docs reports`)。最大 100"),
    ("ci_log", "CI 向けのログ: NOT-APPLICABLE のシナリオを表で一行の件数にまとめ、進行の行を出しません (レポートにはすべて残ります; `mynakit docs ci`)"),
    ("html_detail", "report.html の詳しさ: `problems` は読むべき実行だけを全文で、`all` はすべての実行を全文で載せます (`mynakit docs reports`「Sizes」)"),
    ("json_detail", "report.json の詳しさ: `all` は完全なもの (ツールが読む契約。SKIPPED の所見はそれぞれ一度だけ書く)、`problems` は Action がアップロードする小さな形 (`mynakit docs reports`「Sizes」)"),
    ("junit_classname", "report.xml のテストケースの classname: `scenarios`、`file`、`tag` (`mynakit docs reports`)"),
    ("evidence", "署名付きの自己完結した証跡バンドルを DIR に書きます (`mynakit docs evidence`)"),
    ("evidence_key", "証跡のマニフェストに署名するベンダーの秘密鍵: Ed25519 か ECDSA P-256 の PKCS#8 PEM (暗号化なし)"),
    ("report_dir", "レポートの出力先"),
];

/// `init`'s flags and argument, by argument id.
pub const INIT_FLAGS: &[(&str, &str)] = &[
    ("dir", "リポジトリのフォルダー (なければ作ります)"),
    ("windows", "アプリは Windows のプログラムです: ワークフローは Linux のランナーで Wine の下で判定します (Action の `windows-app`。Wine のルートを作ってキャッシュします; `mynakit docs windows`)"),
    ("ci", "ワークフローを書く CI: `github` (.github/workflows/mynakit.yml、Action を使う) か `gitlab` (.gitlab-ci.yml、Action の手順をスクリプトとして)"),
    ("release", "ワークフローが使う mynakit のリリース (`v0.1.0` のようなタグ): ビルド済みのバイナリをダウンロードして検証し、ビルドはしません。既定: このバイナリがリリースならそのリリース、そうでなければソースからビルドします (`mynakit docs ci`「Pinning the release」)"),
    ("sha256", "そのリリースの tarball の SHA-256 (`.sha256` ファイルの最初の語)。バージョンの横に書き、ワークフローは確かめた tarball だけを信頼します"),
    ("image", "(`--ci gitlab`) ジョブを、自社のレジストリにこの名前で push した mynakit のコンテナイメージで動かします (`mynakit docs install`「The container image」): 何もインストールもビルドもしません"),
    ("starter", "同梱のシナリオに合格するスターターのクライアントをこの言語で書き、ワークフローのクライアントのコマンドにします (`mynakit docs quick-start`): `python` (Python 3.11、標準ライブラリだけ。PC/SC は libpcsclite を ctypes で)、`c` (C11、`make` でビルド。gcc、pkg-config と libpcsclite、libcurl、Jansson、libcrypto が必要)、`node` (Node.js 18 以上。PC/SC は npm パッケージ @pokusew/pcsclite で、npm ci がビルド)、`relying-party` (署名検証者: eKYC アプリとサーバ、窓口アプリ。Python 3.11 と python3-cryptography。宣言する手順の実行に合格し、capabilities.yaml もその役割で書きます)。自社のカード、HTTP、画面のコードを入れる場所には `YOUR APP:` の印があります"),
];

/// `certify`'s own flags (it takes `run`'s too).
pub const CERTIFY_FLAGS: &[(&str, &str)] = &[
    ("profile", "認証するアプリの種類 (`mynakit profiles` が一覧します): その必須の実行を行い、パッケージはそのどれを持つかを書きます"),
    ("client_files", "SHA-256 をパッケージに入れるクライアントのファイル (プログラム、ライブラリ、設定)。繰り返し指定できます。それぞれ実行の前に読みます"),
];

/// `docs`'s argument and flag.
pub const DOCS_FLAGS: &[(&str, &str)] = &[
    ("page", "ページ (`reports`。ファイル名 `reports.md` もフォルダーの有無にかかわらず使えます)。省略すると一覧"),
    ("format", "`text` (一覧、またはページの Markdown) か `json` (名前、題、大きさ。ページならその本文も)"),
];

/// `checks`'s argument and flag.
pub const CHECKS_FLAGS: &[(&str, &str)] = &[
    ("id", "チェック ID (`PIN-one-verify`) か系統 (`PIN`、`APDU`、`DATA`、`SVC`、`XML`、`VIS`、`UKE`)。省略するとすべてのチェック"),
    ("format", "`text` (人が読む形) か `json` (すべてのチェックのすべての項目、ツール向け)"),
];

/// `changes`'s argument and flags.
pub const CHANGES_FLAGS: &[(&str, &str)] = &[
    ("day", "日付 (YYYY-MM-DD): その日のスイートの変更だけ。省略するとすべての日"),
    ("format", "`text` (人が読む形) か `json` (ツール向け)"),
    ("freeze", "DAY のスイートを凍結する行を出力します。リリースが conformance/src/suite/frozen.tsv に追記するためのものです (`mynakit docs suites`「Frozen suites」)"),
];

/// `profiles`'s argument and flags.
pub const PROFILES_FLAGS: &[(&str, &str)] = &[
    ("name", "プロファイルの名前"),
    (
        "suite",
        "実行を一覧するスイート (`mynakit docs suites`)。既定: 最新",
    ),
    ("format", "`text` (人が読む形) か `json` (ツール向け)"),
];

/// `completions`'s argument.
pub const COMPLETIONS_FLAGS: &[(&str, &str)] = &[(
    "shell",
    "シェル: `bash`、`elvish`、`fish`、`powershell`、`zsh`",
)];

/// `man`'s flag.
pub const MAN_FLAGS: &[(&str, &str)] = &[("dir", "ページを書くフォルダー (なければ作ります)")];

/// `fixtures`'s flags.
pub const FIXTURES_FLAGS: &[(&str, &str)] = &[
    ("check", "比較だけします: 作り直すとファイルが一つでも変わるなら終了コード 1"),
    ("list", "ペルソナを一覧して終了します"),
    ("path", "フィクスチャ (ペルソナ、試験用 PKI) と同梱のシナリオの場所を、このバイナリが見つけるとおりに出力して終了します (インストールしたバイナリは初回に展開します)"),
];

/// `service`'s flags (the mock service's settings).
pub const SERVICE_FLAGS: &[(&str, &str)] = &[
    ("port", "公開 API のポート (127.0.0.1。0 は空いているポート)"),
    ("admin_port", "管理 API (平文の HTTP) のポート (127.0.0.1。0 は空いているポート)"),
    ("plain_http", "公開 API を HTTPS ではなく平文の HTTP で提供します"),
    ("clock", "シナリオの時計の開始時刻 (RFC 3339。既定 2026-11-01T09:00:00+09:00)"),
    ("freeze_clock", "シナリオの時計を止めます: 管理 API でだけ進みます"),
    ("challenge_ttl_secs", "チャレンジの有効期間 (シナリオの時計の秒)"),
    ("relink_lag_secs", "更新したカードの新しい証明書が、最初に使われてから再び紐付くまでの時間 (秒)"),
    ("registration_delay_secs", "保険証利用登録から登録が有効になるまでの時間 (秒)"),
    ("non_jis", "氏名と住所の JIS X 0208 外の文字の扱い: `substitute` (どれも `●` (U+25CF) に置き換える。OQS が髙にしたとおり)、`pass-through` (そのまま通す。OQS が德にしたとおり)、`observed` (JIS X 0213 の文字は通し (OQS が第3水準の德にしたとおり)、それ以外は `●` に置き換える)"),
    ("terms_version", "登録で同意を求める利用規約の版"),
    ("seed", "障害注入のランダムな遅延のシード"),
    ("run_header", "ジャーナルに記録するシナリオ・実行の ID を運ぶ要求ヘッダー"),
    ("data", "サービスのデータ (YAML): 人、保険、登録、失効、時計、障害、アカウント、アクティベーションコード、設定 (`mynakit docs service`「Service data」)"),
    ("allow_unsigned", "端末の署名 (RFC 9421) のない公開要求を受け付けます。既定では受け付けません: ヘルス、OpenAPI 文書、アクティベーション以外の公開要求は、アクティベーション済みの端末の署名が必要です。署名のある要求は常に検証します"),
    ("signature_window_secs", "端末の署名の `created` とシステムの時計の許容差 (秒)"),
    ("activation_delay_secs", "アクティベーションコードが発行から使えるようになるまでの時間 (秒。マニュアルでは約 10 分)"),
    ("journal_cap", "保持するジャーナルの件数。超えると古いものから捨てます (捨てた数は数えます)"),
    ("history_cap", "履歴に保持する確認の件数。超えると古いものから捨てます"),
    ("rules", "有効な規則の日付 (`mynakit docs rules`): `2025-05-21` (既定、最新) はクライアントが拒まない限り患者の同意なしに限度額情報を出し、`2021-03-04` は `limit_application_consent: true` のときだけ出します"),
    ("header_timeout_secs", "要求の先頭 (要求行とヘッダー) 全体の期限 (秒)。最初のバイトを待ち始めてから数え、ヘッダー行で延びません。過ぎると接続を閉じます"),
    ("body_timeout_secs", "先頭のあとの要求本体全体の期限 (秒)。遅い本体には 408 problem+json で答え、接続を閉じます"),
    ("max_connections", "リスナー (公開と管理それぞれ) ごとに開いておく接続の数。超えた新しい接続は、どれかが閉じるまで受け付けを待ちます"),
    ("disaster_lookup", "災害時の画面がカードのない患者を探す方法 (`mynakit docs disaster`「Lookup」): `insurance-card` (患者が告げる保険の情報 (保険者番号・記号・番号・枝番・生年月日) で、被保険者証の情報による単一照会として。要求の `insurance_card`。既定)、`name-birth-date` (氏名 (漢字かカナ) と生年月日で。要求の `patient`。同じ氏名と生年月日の二人は推測せず拒みます (`several-patients`))、`any` (要求が与える方)。出典は述べていないため切り替えにしています"),
];

/// `reference-client`'s argument.
pub const REFERENCE_CLIENT_FLAGS: &[(&str, &str)] = &[(
    "args",
    "リファレンスクライアント自身のフラグ (`--defect NAME`、`--help`)",
)];

/// `card`'s subcommands' flags and arguments.
pub const CARD_FLAGS: &[(&str, &str)] = &[
    ("persona", "カードを作るペルソナ (`mynakit fixtures --list` が一覧します)"),
    ("reader", "代わりに、この PC/SC の読取機のカード (名前か、PC/SC の一覧での番号)。スクリプトの `**` の行は端末で暗証番号を尋ねます"),
    ("format", "出力形式: `text` (一行に `C-APDU -> R-APDU`) か `jsonl` (一行に `{\"c\":\"<hex>\",\"r\":\"<hex>\"}`)"),
    ("file", "スクリプト: 一行に一つの 16 進の C-APDU。`#` はコメント、`=> [DATA] SW` で期待を書けます"),
    ("scripts", "スクリプト (既定: 同梱の fixtures/apdu/compare.apdu)。`**` の行は端末でカードの暗証番号を尋ねます。仮想カードにはそのペルソナのものを使います"),
];

/// `card compare`'s own texts (`reader` and `persona` say what they are compared with).
pub const CARD_COMPARE_FLAGS: &[(&str, &str)] = &[
    ("reader", "PC/SC の読取機 (名前か、PC/SC の一覧での番号)"),
    ("persona", "比べる仮想カードのペルソナ"),
];

/// The 資格確認端末's settings, `serve`'s (with `--terminal`) and `terminal`'s.
pub const TERMINAL_FLAGS: &[(&str, &str)] = &[
    ("scenario", "端末のデータ、時計、施設、ペルソナを --data ではなくシナリオの `given` から取ります (同梱の例の上に `given.terminal`、それに `given.service`)"),
    ("data", "端末のデータ (YAML): 時計、遅延、文字コード、ずれ、追加の人。既定: 同梱の例 (`terminal/data/example.yaml`)"),
    ("pickup_delay_ms", "要求が現れてからこのミリ秒後に取り込みます (データより優先)"),
    ("poll_interval_ms", "`req` をこのミリ秒ごとに調べます (データより優先)"),
    ("settle_ms", "要求はこの時間変わらなくなってから読みます (データより優先)"),
    ("bulk_delay_secs", "一括ダウンロードを、アップロードの後この秒数だけ処理中にしておきます (データより優先)"),
    ("encoding", "結果の文字コード (データより優先): `utf-8` (公開されている結果の例のとおり)、`shift-jis` (Shift_JIS)、`as-request` (要求の文字コード。顔認証の結果は UTF-8)"),
    ("character_code", "`CharacterCodeIdentifier` の解釈 (データより優先): `zero-based` (`0` が UTF-8、`1` が Shift_JIS。OQSCD005 の多数派の読み方)、`one-based` (`1` が UTF-8、`2` が Shift_JIS。もう一つの公開されたデコーダー)"),
    ("profile", "同意のグループの要素名 (データより優先): `standard` (`PharmacistsInfo*`、`*AvailableTime`。`hangilc/myclinic-ts`、`Sotatek-ChinhVu/smart-test`)、`pharmaceutical-info` (`PharmaceuticalInfo*`、`*AcquisitionTime`。`YUKI-ENT/OQSDrug2` の顔認証の結果の書き方)"),
    ("bulk_layout", "一括ダウンロードの結果の構成 (データより優先): `unit` (各 `BulkConfirmUnit` が `ResultOfQualificationConfirmation` を直接持ち、`ReferenceNumber` は単位の階層。ヘッダーは `SegmentOfResult` の前に `ReceptionNumber` を持ち、`ReferenceClassification` はない。`Sotatek-ChinhVu/smart-test` の `QCBIDXmlMsgResponse`。`YUKI-ENT/OQSDrug2` は `ReferenceNumber` を単位から読む)、`result-list` (各単位が単一照会の本体の形 (`ResultList` → `ResultOfQualificationConfirmation`、`ReferenceNumber` はレコードの中) で、ヘッダーは単一照会のヘッダーの `SegmentOfResult` の後に一括の項目。このプロジェクトの以前のモデルで、それに合わせて書かれたクライアント向け)"),
    ("result_insurer_number", "結果のレコードの `InsurerNumber` (データより優先): `padded` (8 文字。6 桁の番号を空白で右寄せ。`hangilc/myclinic-ts` の公開された顔認証の結果の例の `\"  123456\"`)、`as-printed` (カードの印字どおり `\"123456\"`。模擬サービスの JSON のとおり)"),
    ("zip_results", "zip で書く結果 (データより優先): `off` (なし。zip の要求には zip で答えます)、`bulk` (一括ダウンロード `OQSmuquc02res`、`OQSmutic02res`。`YUKI-ENT/OQSDrug2` がそうありうると見込むとおり)、`all` (`res` のすべての結果)"),
    ("result_write", "結果と顔認証の結果の現れ方 (データより優先): `create` (既定。最終の名前で完成した状態で作る: 無名のファイル (`O_TMPFILE`、なければ隠れた乱数の名前) に書いてからリンクする。監視は作成を一度だけ見て (inotify `IN_CREATE`、.NET `FileSystemWatcher.Created`、chokidar `add`)、読み手は書きかけのファイルを見ない。実際の端末に合わせて書かれた公開のクライアントが待つもの)、`in-place` (排他の `flock` を持ったまま最終の名前を付け、書いて閉じる。監視は作成の後に変更を見る (chokidar `add` の後 `change`)。ロックを取らない読み手は、共有モードなしで読む Windows の端末のように書きかけのファイルを見ることがある。共有の `flock` を取る読み手はファイル全体を待つ (`Folder::write_in_place`))、`rename` (隠れた乱数の名前で書いて名前を変える (inotify `IN_MOVED_TO`、.NET `Renamed`)。`create` が既定になる前のこのプロジェクトの動作)"),
    ("slow_result_ms", "`res` の各結果をその場でゆっくり書きます: まず名前、次にこのミリ秒をかけて 4 回に分けて、ロックなしで (データの `slow_result` より優先; `mynakit docs terminal`「A result written slowly」)"),
    ("error_files", "失敗した電文のうち `.err` のパスにも書くもの (データより優先): `bulk` (一括の電文 `OQSmu…` だけ)、`all` (すべての電文と、接頭辞の分からないファイル)、`off` (なし: エラーの結果だけ。このプロジェクトの以前の動作)"),
    ("stamp_time", "ProcessExecutionTime と顔認証の結果のファイル名に使う時計 (データより優先): `auto` (ファイル名は実時間の時計。`ProcessExecutionTime` は、シナリオが別の日にあるのに要求が実時間の日付を求めるときは実時間、それ以外はシナリオの時計)、`scenario` (常にシナリオの時計。結果はバイト単位で再現可能)、`wall` (常に実時間の時計)"),
    ("face_name", "顔認証の結果のファイル名の形 (データより優先): `institution` (`OQSsiquc01res_face_<10 桁の医療機関コード><小文字の 16 進 20 字>_<yyyyMMddHHmmss>.xml`。ReceptionAgent の仕様 §20 が引く実際の名前の形。30 字の分け方は推定)、`sequence` (`OQSsiquc01res_face_<12 桁の連番>_<yyyyMMddHHmmss>.xml`。このプロジェクトの以前のモデル)"),
    ("zero_padded_insurer", "ゼロで埋めた 6 桁の保険者番号で見つかるもの (データより優先): `no-match` (誰も見つからない: `QualificationValidity` 4。クライアントが避けるべき落とし穴で、以前からの既定)、`match` (空白で埋めた形と同じ資格)"),
    ("diagnosis_info_prefix", "診療情報を求めるファイル名の接頭辞 (既定 `SRKsiquc01`。実際の名前は公開されていないため mynakit のモデル; `mynakit docs terminal`「診療情報」)。データより優先"),
    ("smb", "端末のフォルダーを非公開の smbd (Debian の samba) で \\\\HOST\\oqs として共有します。ループバックの空いている高いポートで待ち受け、ユーザーとパスワードの読み方を出力します"),
    ("smb_listen", "共有をこのマシンのこのアドレスのポート 445 で提供します。そのネットワークにある (VM の) Windows のレセコン向けで、--smb を含みます。root と空いているポート 445 が必要です"),
];

/// `serve`'s own flags (with the terminal's settings, [`TERMINAL_FLAGS`]).
pub const SERVE_FLAGS: &[(&str, &str)] = &[
    ("personas", "挿入するペルソナ。読取機ごとに一つ、順に (繰り返し指定します)"),
    ("slots", "読取機の数 (既定: ペルソナごとに一台、最低一台)"),
    ("pcscd", "使う pcscd: `auto` (動かせれば専用のもの (root、またはユーザー名前空間が使えるとき)、だめならシステムのもの)、`managed` (専用の名前空間の中の専用の pcscd。ユーザー名前空間が使えれば sudo は不要で、ホストで何も待ち受けません)、`system` (Debian の vpcd 設定で動くシステムの pcscd)、`none` (PC/SC なし: 端末の顔認証用の読取機だけ)"),
    ("contactless", "カードを非接触の読取機のプロファイルで提示します"),
    ("contactless_atr", "非接触の読取機の ATR を既定の代わりに 16 進で (--contactless を含みます)。例 \"3B 88 80 01 00 00 00 00 00 81 81 00 09\"。1 バイトずつ検査します"),
    ("pin_pad", "すべての読取機を PIN パッド付き読取機にします (PC/SC Part 10 の FEATURE_VERIFY_PIN_DIRECT と FEATURE_MODIFY_PIN_DIRECT)。シナリオの `profile: pin-pad` と同じ読取機で、専用の pcscd の後ろの mynakit の読取機ドライバーを通します (--driver を含みます)。患者は `mynakit reader pad SLOT PIN…` が並べた暗証番号を入力し、尽きたら取消を押します"),
    ("driver", "読取機を vpcd ではなく、専用の pcscd の後ろの mynakit の読取機ドライバーで提供します。クライアントの動作中にスタックの障害を与えられます: `mynakit reader transport-error`、`unavailable`、`available`、`restart` (`mynakit docs reader`)"),
    ("latency", "カードを実物と同じ遅さにします (署名 0.7 秒)"),
    ("control", "制御のエンドポイント (ループバックだけ)"),
    ("config", "上のフラグの代わりの TOML の設定ファイル"),
    ("trace", "終了時に実行のトレース (JSON lines) をここに書きます"),
    ("terminal", "このフォルダーで資格確認端末も動かします。`mynakit reader confirm` が顔認証の結果を書きます"),
    ("vpcd", "ローカルの pcscd ではなく、別のホストの vpcd ドライバーに読取機をつなぎます。例えば VM の中の vsmartcard の Windows の仮想読取機 (ポート 35963)。繰り返し指定でき、一つにつき読取機一台 (`mynakit docs reader`「A vpcd on another host」)"),
    ("relay", "各カードをモバイルアプリ向けの NFC リレーでも提供します (`mynakit docs mobile`)。127.0.0.1 の一時ポート、または ADDR で待ち受けます (例えば LAN のスマートフォン向けに 0.0.0.0:7360。読取機 i はポート + i)。起動時の行がアドレスとトークンを示します"),
    ("ocsp", "試験用 CA の失効情報も提供します: http://ADDR/ocsp の OCSP (RFC 6960) と、http://ADDR/crl/sign-ca.crl と auth-ca.crl の CRL。ペルソナから作ります (ループバックだけ; `mynakit docs revocation`)。応答の日時はこのマシンの時計で、シナリオの時計ではありません (`mynakit run` は本人確認側のシナリオそれぞれにシナリオの時計のサービスを与えます)"),
    ("ocsp_fault", "失効情報サービスの障害 (--ocsp とともに。繰り返し指定できます): `unsigned` (応答の署名がゼロ: 誰も署名していない)、`wrong-signer` (もう一方の試験用 CA の鍵で署名)、`expired` (thisUpdate が 2 日前、nextUpdate が 1 日前: 有効期間を過ぎた応答)、`not-yet-valid` (thisUpdate と producedAt が 1 日先: まだ有効でない応答)、`unknown-serial` (すべての証明書に `unknown`)、`try-later` (本体のない `tryLater (3)`。RFC 6960 §2.3)、`slow` (OCSP の応答と CRL がすべて遅れる)、`down` (応答せずに接続を切る: 止まったレスポンダーのように)、`crl-stale` (CRL の nextUpdate が 1 日過ぎている: 誰も更新しなかった CRL)、`crl-behind` (CRL がしばらく前の発行: 失効の直後の、失効したばかりの証明書がまだ載っていない期間。JPKI の CRL ファイルの更新には 5〜10 分かかる)、`revoked-after-first-answer` (レスポンダーが最初の問い合わせに答えた瞬間に証明書を失効させる (keyCompromise): その応答は good、後の応答はすべて revoked で、CRL にもその時から載る。署名と本人確認側の検証の間にカードをなくした場合で、証明書を読んだときに問い合わせ、その応答を検証時にも信じる本人確認側は失効した証明書を受け入れる。`mynakit docs revocation`「Faults」)、`other-certificate` (各 OCSP の SingleResponse が、その CertID で、問い合わせと同じ CA の別の証明書 (サービスが good と答えるもの) をその状態とともに示す: CA が署名した現在の応答だが、別の証明書についてのもの。応答の CertID を問い合わせたものと照合しないクライアントは自分のものと取り違える。RFC 6960 §3.2 の 1、§4.2.2.3)、`other-request` (各 OCSP の応答が別の要求に対するもの: ナンス付きの要求には別のナンス (問い合わせの最後のバイトを変えたもの) を返し、ナンスなしの要求には誰も送っていないナンスを付ける。以前のやり取りから再送された応答のように。CA が署名した現在の応答で、ナンスを送ったクライアントはそれを返さない応答を拒む (RFC 8954 §2.1、RFC 6960 §4.4.1)。送らなかったクライアントは見分けられず、その必要もない)、`crl-other-ca` (各 CA の CRL のアドレスが、もう一方の試験用 CA の CRL を返す。完全で現在の、その CA が署名したもの: 読んだ CRL を問い合わせる証明書の CA (発行者名と署名) と照合するクライアントは拒み、どの試験用 CA の CRL も信じるクライアントは自分の証明書をどこにも見つけない。RFC 5280 §6.3.3 の (b)、(f))"),
];

/// `terminal`'s own flags (with the terminal's settings, [`TERMINAL_FLAGS`]).
pub const TERMINAL_OWN_FLAGS: &[(&str, &str)] = &[
    ("root", "`req`、`res`、`face` を持つルートのフォルダー (なければ作ります)"),
    ("trace", "終了時に実行のトレース (JSON lines: 端末とクライアントのファイルのイベント) をここに書きます"),
];

/// `fuzz`'s flags and arguments.
pub const FUZZ_FLAGS: &[(&str, &str)] = &[
    ("paths", "クライアントを動かすシナリオのファイルかフォルダー (既定: 同梱の scenarios/visual-mode.yaml)"),
    ("client", "試験するクライアント。`sh -c` で実行するコマンドです (既定: 組み込みのリファレンスクライアント)。`mynakit run` と同じ"),
    ("defects", "リファレンスクライアントの意図的な欠陥 (`mynakit docs reference-client`)。繰り返し指定できます"),
    ("seed", "すべての変異を引くシード: 同じシード、シナリオ、クライアントは同じ実行になります"),
    ("runs", "変異させた実行の数。シナリオに順に割り振ります"),
    ("out", "再現用のシナリオ (`*.yaml`) とまとめ (`fuzz.json`) の出力先"),
    ("max_failures", "異なる失敗がこの数になったら止めます (既定: --runs をすべて実行)"),
    ("max_mutations", "実行ごとの変異の最大数"),
    ("max_delay_ms", "`slow` の変異が加える最長の遅延 (ミリ秒。読取機の実際の待ち)"),
    ("transport", "クライアントがカードに届く経路: `auto` (組み込みのリファレンスクライアントはプロセス内で速く、何も要りません。クライアントのコマンドは PC/SC でしかカードに届かないので専用の pcscd)、`pcscd` (vsmartcard-vpcd を使う pcscd。既定は専用のもので、ユーザー名前空間が使えれば root は不要。システムのものは `--pcscd system`。クライアントは任意の PC/SC のプログラム)、`in-process` (pcscd なし: 組み込みのリファレンスクライアントがこのプロセスの中でカードと話します)"),
    ("pcscd", "PC/SC の経路で読取機を担う pcscd (`mynakit run` と同じ): `auto` (動かせれば専用のもの、だめならシステムのもの)、`managed` (専用の名前空間の中の専用の pcscd。ホストで何も待ち受けません)、`system` (Debian の vpcd 設定で動くシステムの pcscd)、`none` (PC/SC なし: 端末の顔認証用の読取機だけ)"),
    ("timeout", "実行ごとの制限時間 (秒): それまでに報告しないクライアントは止まっているとみなします"),
];

/// `scenario`'s subcommands' flags and arguments.
pub const SCENARIO_FLAGS: &[(&str, &str)] = &[
    ("paths", "シナリオのファイルかフォルダー"),
    (
        "format",
        "`text` (シナリオかエラーごとに一行) か `json` (一つの文書: `mynakit docs scenarios`)",
    ),
];

/// `reader`'s flags and its subcommands' arguments.
pub const READER_FLAGS: &[(&str, &str)] = &[
    ("control", "`mynakit serve` の制御のエンドポイント"),
    ("timeout", "コマンドが応答を待つ最長の秒数 (`restart` はさらに --for-ms と pcscd の 25 秒)。過ぎるとその旨を述べて失敗します"),
    ("slot", "スロットの番号か読取機の名前"),
    ("persona", "ペルソナ"),
    ("mode", "患者の確認の方法: `pin` (暗証番号)、`face` (顔認証)、`visual` (目視確認)"),
    ("limit_consent", "患者は限度額情報の提供に同意した"),
    ("medical_information_consent", "患者は健診・薬剤・診療・手術の情報の提供に同意した"),
    ("prescription", "患者が読取機で選んだ処方箋の形: `electronic` (`1` 電子処方箋) か `paper` (`2` 紙の処方箋)"),
    ("pins", "暗証番号。パッドでの入力一回につき一つ (なし: 患者は取消を押します)"),
    ("for_ms", "pcscd が止まっている時間 (ミリ秒)"),
    ("name", "pcscd が再起動の後に読取機を一覧する名前 (` 00 00` を加えます)"),
    ("app", "アプリケーション: jpki、kenhojo、kenkaku、common、juki"),
    ("fid", "暗証番号の FID。例 0018"),
    ("tries", "残り回数"),
];

/// `report`'s subcommands' flags and arguments.
pub const REPORT_FLAGS: &[(&str, &str)] = &[
    ("inputs", "分割の各レポートのフォルダー (またはその report.json)"),
    ("out", "まとめたレポートの出力先"),
    ("old", "前の実行のレポートのフォルダー (またはその report.json)"),
    ("new", "後の実行のレポートのフォルダー (またはその report.json)"),
    ("format", "出力の形: `table` (人が読む表)、`json` (ツール向けの一つの JSON 文書)、`markdown` (CI のステップの要約 (`$GITHUB_STEP_SUMMARY`) やマージリクエストのコメント向けの Markdown)"),
    ("run_dir", "実行のレポートのフォルダー (またはその report.json)"),
    ("suite", "判定に使うスイート (`YYYY-MM-DD`、`mynakit changes`)"),
];

/// `evidence verify`'s flags and argument.
pub const EVIDENCE_VERIFY_FLAGS: &[(&str, &str)] = &[
    ("dir", "バンドルのフォルダー (`mynakit run --evidence DIR`)"),
    ("key", "ベンダーの公開鍵 (PEM、Ed25519 か ECDSA P-256)。バンドルからではなくベンダーから入手したもの"),
    ("complete", "認証パッケージ (`mynakit certify`) が完全であることも確かめます: そのスイートのプロファイルの必須の実行 (この mynakit が導くもの) がすべて判定され、REVIEW がすべて回答されていること (`mynakit docs certification`)"),
    ("client_files", "`--complete` とともに: パッケージの `client_files` と (SHA-256 で) 照合するクライアントのファイル。繰り返し指定できます。パッケージが一覧しないファイルや、別のダイジェストで一覧するファイルは名前を挙げます"),
];

/// `evidence answer`'s flags and argument.
pub const EVIDENCE_ANSWER_FLAGS: &[(&str, &str)] = &[
    ("dir", "パッケージのフォルダー"),
    (
        "run",
        "回答する REVIEW の実行 (レポートでの名前: `id` か `id[mode]`)",
    ),
    (
        "answer",
        "人が確かめた結果: `passed` (アプリの表示は正しかった) か `failed` (正しくなかった)",
    ),
    ("by", "確かめた人 (名前か役割。患者の名前は決して書かない)"),
    ("note", "見たこと、その人の言葉で"),
    (
        "screenshot",
        "アプリの表示のスクリーンショット (最大 64 MiB)",
    ),
    ("key", "回答に署名する秘密鍵 (PEM。`--evidence-key` と同じ)"),
];

/// `claim`'s subcommands' flags and arguments.
pub const CLAIM_FLAGS: &[(&str, &str)] = &[
    ("file", "請求ファイル"),
    ("run", "受診を確認した実行のレポート (report.json、またはそれを持つフォルダー): ファイルをその実行の応答とも `UKE-` のチェックで照合します。フロー claim-file の実行と同じです"),
    ("scenario", "`--run` とともに: ファイルが請求する受診のシナリオ (その判定の ID)。レポートに複数あるときに必要です"),
    ("station_prices", "`--run` とともに: 公開資料から mynakit に分からない訪問看護療養費の価格の表。`mynakit run --station-prices` と同じ形です (`mynakit docs rules`「Setting a station's prices」)。自身の価格表 (`given.station_prices`) を持つシナリオは、レポートから読み戻したその表で判定します"),
    ("output", "置き換えた写しの出力先。既にあるファイルは --force なしには上書きせず、シンボリックリンクは決して上書きしません"),
    ("scrub_persona", "すべての患者の名前の代わりにする同梱のペルソナ"),
    ("force", "出力先があれば上書きします"),
];

/// `cards serve`'s flags.
pub const CARDS_FLAGS: &[(&str, &str)] = &[
    ("count", "生成するカードの数 (決定的な JPKI-TEST の PKI。--persona がなければ既定 100)"),
    ("keys", "生成したカードが共有する異なる RSA-2048 の鍵の数 (カードはそれぞれ自分の証明書とシリアル番号を持ちます)。鍵一つの導出に十分の数秒かかります"),
    ("template", "生成するカードがデータを写すペルソナ"),
    ("personas", "生成したカードの代わりに、このフィクスチャのペルソナ自身のカードを提供します (繰り返し指定します)"),
    ("listen", "待ち受けるアドレス。既定はループバックです。ほかのアドレスではそのネットワークがカードに署名させられるので、すべての要求に起動時に表示するトークンが必要です (`Authorization: Bearer <token>`; `mynakit docs security`)"),
    ("service_data", "すべてのカードの持ち主を挙げたサービスのデータをここに書きます。`mynakit service --data FILE` 用です (負荷試験の対象はカードのシリアル番号を知っている必要があります)"),
];

/// The flags `import`'s subcommands and `record` share (a recorded card's scenario).
pub const RECORDED_FLAGS: &[(&str, &str)] = &[
    ("force", "既にあるファイルを上書きします"),
    ("scrub_persona", "カードの持ち主の値 (氏名、住所、生年月日、性別、個人番号、顔写真、証明書) を置き換える同梱のペルソナ"),
    ("synthetic_number", "ログの中の合成の 12 桁の番号 (試験用カードのもの)。個人番号として検査数字が正しくても書いてよいものです。複数なら繰り返します"),
];

/// `import`'s subcommands' own flags and arguments.
pub const IMPORT_FLAGS: &[(&str, &str)] = &[
    ("file", "ログ"),
    ("output", "書くシナリオ。ファイル名 (`.yaml` を除く) がシナリオ ID になります"),
    ("script", "最初の読取機の APDU スクリプトも `=> SW` の期待付きで書きます。`mynakit card run` 用です (暗証番号のデータは伏せ、実行時に尋ねます)"),
    ("unseen", "ログにないコマンドに強制する状態語。既定では、記録したカードは仮想カードと同じように答えます (`mynakit docs import`)"),
    ("outcome", "クライアントはクライアントプロトコルを話し、この結果を報告しなければなりません。既定では、シナリオは通常の PC/SC のプログラム (`pkcs15-tool -D`) が `--exit-code` で終わることを期待します"),
    ("exit_code", "通常の PC/SC のプログラムが終わるべき終了ステータス"),
];

/// `record`'s own flags.
pub const RECORD_FLAGS: &[(&str, &str)] = &[
    ("reader", "実際の読取機 (PC/SC の名前か、PC/SC の一覧での番号)。システムの pcscd (または PCSCLITE_CSOCK_NAME が示すもの) を通して使います"),
    ("output", "記録を止めたとき、記録したカードのシナリオをここに書きます"),
    ("trace", "記録を止めたとき、タイムライン (JSON lines、`mynakit docs timeline`。暗証番号は伏せます) をここに書きます"),
    ("unseen", "書いたシナリオのカードが、記録にないコマンドに答える状態語。既定では仮想カード自身が答えます (`mynakit docs import`)"),
];

/// `ledger`'s flags and its subcommands' arguments.
pub const LEDGER_FLAGS: &[(&str, &str)] = &[
    ("uncovered", "どのチェックも判定しない項目だけ (宣言、レビュー、対象外)"),
    ("source", "この出典の項目だけ (`SEED002`、`ISO7816`。出典は `mynakit ledger --format json` が一覧します)"),
    ("evidence", "この証拠の種類の項目だけ: `judged`、`declared`、`review`、`out-of-scope`"),
    ("check", "このチェックが判定する項目だけ (`VIS-no-pin`)"),
    ("format", "`text` (人が読む形) か `json` (すべての項目、出典、網羅の状況。ツール向け)"),
    ("id", "項目の ID (`SEED002-003`)"),
    ("text", "新しい本文 (UTF-8)"),
];

/// `ledger drift`'s own texts.
pub const LEDGER_DRIFT_FLAGS: &[(&str, &str)] = &[("source", "保持している出典 (`SEED002`)")];

/// Each subcommand's own flags, by the subcommand's path below the top (`reader`, `evidence
/// verify`). A subcommand may have several tables (`certify` takes `run`'s flags); a nested
/// subcommand also takes its parents' (`reader status` has `reader`'s `--control`), its own
/// first.
pub const SUBCOMMAND_FLAGS: &[(&str, &[(&str, &str)])] = &[
    ("run", RUN_FLAGS),
    ("init", INIT_FLAGS),
    ("certify", CERTIFY_FLAGS),
    ("certify", RUN_FLAGS),
    ("docs", DOCS_FLAGS),
    ("checks", CHECKS_FLAGS),
    ("changes", CHANGES_FLAGS),
    ("profiles", PROFILES_FLAGS),
    ("completions", COMPLETIONS_FLAGS),
    ("man", MAN_FLAGS),
    ("fixtures", FIXTURES_FLAGS),
    ("service", SERVICE_FLAGS),
    ("reference-client", REFERENCE_CLIENT_FLAGS),
    ("card", CARD_FLAGS),
    ("card compare", CARD_COMPARE_FLAGS),
    ("serve", SERVE_FLAGS),
    ("serve", TERMINAL_FLAGS),
    ("terminal", TERMINAL_OWN_FLAGS),
    ("terminal", TERMINAL_FLAGS),
    ("fuzz", FUZZ_FLAGS),
    ("scenario", SCENARIO_FLAGS),
    ("reader", READER_FLAGS),
    ("report", REPORT_FLAGS),
    ("evidence verify", EVIDENCE_VERIFY_FLAGS),
    ("evidence answer", EVIDENCE_ANSWER_FLAGS),
    ("claim", CLAIM_FLAGS),
    ("cards", CARDS_FLAGS),
    ("import", IMPORT_FLAGS),
    ("import", RECORDED_FLAGS),
    ("record", RECORD_FLAGS),
    ("record", RECORDED_FLAGS),
    ("ledger", LEDGER_FLAGS),
    ("ledger drift", LEDGER_DRIFT_FLAGS),
];

/// The Japanese of `id` in `table`, if it has one.
pub fn find(table: &'static [(&'static str, &'static str)], id: &str) -> Option<&'static str> {
    table.iter().find(|(key, _)| *key == id).map(|(_, ja)| *ja)
}
