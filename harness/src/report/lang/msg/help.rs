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

/// Each subcommand's own flags, by the subcommand's name: those a vendor reads first. A
/// subcommand may have several tables (`certify` takes `run`'s flags).
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
];

/// The Japanese of `id` in `table`, if it has one.
pub fn find(table: &'static [(&'static str, &'static str)], id: &str) -> Option<&'static str> {
    table.iter().find(|(key, _)| *key == id).map(|(_, ja)| *ja)
}
