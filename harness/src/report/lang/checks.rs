//! Each conformance check's rule in Japanese, keyed by check id: what a Japanese report shows
//! above a finding's reason. A rule here is the gist of the English rule of the catalogue
//! (`docs/conformance.md`, which stays the full statement); the checks themselves live in
//! `mynakit_conformance` and are not touched by a translation.
//!
//! A new check needs its line here: the test below fails for a check without one, and for a
//! line whose check does not exist (a renamed or removed check).

/// `(check id, its rule in Japanese)`, in the order of `mynakit_conformance::CHECKS`' families.
const RULES: &[(&str, &str)] = &[
    // 暗証番号 (PIN)
    ("PIN-one-verify", "操作者が入力した暗証番号1回につき、データ付きVERIFYは求められた暗証番号へ1回まで。入力のない暗証番号でVERIFYを送らない。"),
    ("PIN-no-auto-retry", "VERIFYが63Cx (x > 0) で応答された後は、操作者が新しい暗証番号を入力するまでデータ付きVERIFYを送らない。"),
    ("PIN-blocked-stop", "ロックされた暗証番号 (63C0・6984、残り回数0、開始時からロック) にはデータ付きVERIFYを送らない。暗証番号モードではロック (pin-locked) を表示する。"),
    ("PIN-tries-shown", "暗証番号を尋ねる前にカードから残り回数を読み、その回数を表示する。ロックされた暗証番号は尋ねずにロックを伝える。"),
    ("PIN-not-in-visual", "目視確認・顔認証モードではデータ付きVERIFYを送らない (顔認証での券面事項確認APの照合番号Bのみ例外)。"),
    ("PIN-not-reused", "あるカードに入力された暗証番号を、差し替えたカードや別のリーダーのカードへ送らない。"),
    ("PIN-format", "データ付きVERIFYの値は暗証番号の長さどおり (4桁の暗証番号は4バイト、署名用パスワードは6〜16バイト)。"),
    ("PIN-not-kept", "実行の後、クライアントのホーム・一時フォルダ・作業フォルダのどのファイルにも、操作者が入力した暗証番号を残さない: 平文の独立した語として (UTF-8、Shift_JIS、UTF-16。英数字の続きの一部ではないもの: 暗証番号の数字を含む日付や金額は暗証番号ではない) も、VERIFY データの 16 進としても。保存すると宣言したファイル (`keeps`) でも同じ。"),
    ("PIN-not-logged", "クライアント自身の出力 (stderrのログ、プロトコルの行) に、入力された暗証番号を平文でもVERIFYデータの16進でも含めない。"),
    // APDU・カード
    ("APDU-select-first", "アプリケーション (JPKI APなど) は、そのEFを選択・読取・照合・署名に使う前にAIDで選択する。EFは 00 A4 02 0C <FID> で選択し、パスでは選択しない。"),
    ("APDU-cert-complete", "利用者証明用電子証明書はDERの全長まで読み、エラーのステータスを無視しない。サービスへ送る証明書は完全なDERオブジェクト1つ。"),
    ("APDU-sign-after-verify", "暗証番号で保護された鍵による署名 (80 2A) は、同じカード・同じアプリケーションでその暗証番号のVERIFYが成功した後にだけ送る。"),
    ("APDU-efficiency", "実行のAPDU数・バイト数・カード時間を、モードの最小値と比べて報告する (情報のみで、不合格にはならない)。"),
    ("APDU-removal", "使用中にカードが抜かれたりリーダーが外されたりして読み直していないときは、結果を card-error とする (固まらず、古い結果や推測の結果を出さない)。"),
    ("APDU-release", "カードへの最後のコマンドの後、結果を返す前にカードを解放する (SCARD_UNPOWER_CARDで切断する、またはカードがリーダーから離れている)。"),
    ("APDU-empty-answer", "ステータスワードのない応答 (空のR-APDU) は失敗として扱い、読み直さない限り、そのカードの内容で資格確認や登録を送らず、資格を示す結果を出さない。"),
    ("APDU-no-61xx", "61xx の応答の次はGET RESPONSE (00 C0 00 00 xx)、6Cxx の次は Le = xx で同じコマンドを送る。成功したものとして先へ進めない。"),
    ("APDU-unrecorded-command", "記録したカードの現地ログにないコマンドを、仮想カードの応答とログ中の最も近いコマンドとともに示す。再現できているかは人が判断する。"),
    ("APDU-no-my-number", "個人番号を読まない (券面事項入力補助APのEF 0001・券面事項確認APのEF 0005 のREAD BINARY、照合番号AによるVERIFYをしない)。"),
    ("APDU-one-presentation", "結果を返した後はどのカードにもコマンドを送らない (カードの提示は1回で完結する)。"),
    ("APDU-phone-fallback", "トークンがスマートフォンと分かったら、券面APがなくてもJPKI APで続け、card-errorで終えず、個人の項目 (氏名、カナ氏名、生年月日、性別、住所) を空で表示しない。"),
    ("APDU-short-fallback", "そのリーダーが拡張長APDUを通さないと分かった後は拡張長のコマンドを送らず、短いコマンドを試さずに card-error や crashed で終えない。"),
    ("APDU-select-identifiers", "iOSとして読むアプリ (hello の platform ios と select_identifiers) は、その一覧にないAIDをSELECTしない。"),
    ("APDU-tag-lost-honest", "カードが離れた後は、それ以前に読んだ内容を使わない。資格確認や患者の表示は、カードが戻ってから最初から読み直した証明書に基づく。読み直さないなら card-error で終え、暗証番号の誤りとは表示しない。"),
    ("APDU-timeout-honest", "コマンドが応答なしでタイムアウトした後は、アプリケーションを選び直して残り回数を確かめるまで暗証番号のVERIFYを送らず、再送して応答を得るまで資格確認も患者の表示もしない。再試行しないなら card-error で終える。"),
    ("APDU-transport-error-honest", "コマンドが転送中に失敗した (transport-error、PC/SC の SCARD_E_NOT_TRANSACTED、応答なし) 後は、暗証番号付きの VERIFY だったなら、アプリケーションを選び直してデータなしの VERIFY で残り回数を確かめるまで、その読取機に暗証番号付きの VERIFY を送らない。失敗したコマンドを再送して応答を得るまで資格確認を送らない (READ BINARY なら同じオフセットか 0 から読み直す)。再送しないなら、期限内に card-error で終える。pin-incorrect にはしない。"),
    ("APDU-patient-reader", "シナリオの読取機が 2 台以上のときは、カードへのコマンドを MYNAKIT_READER の読取機 (患者のカードが入っているもの) にだけ送る。最初に列挙された読取機やカードの入っている読取機だからといって別の読取機に送らない。その読取機にコマンドを送らないまま、患者のカードが入っているのに card-error で終えない。"),
    ("APDU-latency-patience", "読取機がコマンドごとに遅延を加える (latency、リモートデスクトップ経由のように 1 コマンドあたり 60〜200 ms) だけで、カードや読取機に他の異常がないときは、カードが 9000 と応答した直後に同じコマンドを再送しない。カードの最後の応答が続行できるもの (9000、または残り回数のある 63Cx) だったのに card-error で終えない。カードはすべてに応答しており、クライアント自身のタイムアウトで確認を終えてはならない。"),
    ("APDU-pin-pad-used", "読取機に PIN パッド (テンキー) があるとき (CM_IOCTL_GET_FEATURE_REQUEST の答えに FEATURE_VERIFY_PIN_DIRECT がある)、その読取機に送る暗証番号付きの VERIFY はすべて PIN パッドで入力させ (PIN_VERIFY_STRUCTURE を付けた SCardControl)、画面で暗証番号を尋ねない。PIN パッドのない読取機では適用しない。"),
    ("APDU-reader-held-honest", "他のプログラムが読取機を排他的に使用した (reader-held、クライアントの SCardConnect に PC/SC の SCARD_E_SHARING_VIOLATION) 後は、(1) そのプログラムが読取機を解放した (reader-released) 後にカードへコマンドを送らないクライアントは card-error で終え、カードや患者についての結果を示さない。(2) 読取機が解放されたときまだ確認中のクライアントは、2 秒以内にコマンドを送るか終了する: カードが置かれているのに、カードの挿入を待ち続けない。(3) そのプログラムが代わりに自身の接続でトランザクションを保持した (詳細が transaction の reader-held: クライアントの次のコマンドはその終了まで待たされる) ときは、待たされたコマンドの応答を得たクライアントはその応答で続ける (次のコマンドか結果) か、2 秒以内に card-error で終える。待ち時間をカードの取り外しと取り違えて cancelled で終えない。"),
    ("APDU-reader-unavailable-honest", "コマンドの途中で読取機が応答しなくなった (reader-unavailable、PC/SC の SCARD_E_READER_UNAVAILABLE、応答なし) 後は、暗証番号付きの VERIFY だったなら、アプリケーションを選び直してデータなしの VERIFY で残り回数を確かめるまで、その読取機に暗証番号付きの VERIFY を送らない。失われたコマンドを再送して応答を得るまで資格確認を送らない。再送しないなら、期限内に card-error で終える。pin-incorrect にはしない。読取機が戻った (reader-available) 後の最初のコマンドはアプリケーションの SELECT にする (カードは電源を入れ直されている)。"),
    ("APDU-stack-restart-honest", "コマンドの途中で PC/SC サービス (pcscd) が停止した (pcscd-stopped、応答なし、以後それ以前のコンテキストとハンドルはすべて SCARD_E_NO_SERVICE) 後は、暗証番号付きの VERIFY だったなら、アプリケーションを選び直してデータなしの VERIFY で残り回数を確かめるまで、その読取機に暗証番号付きの VERIFY を送らない。失われたコマンドを再送して応答を得るまで資格確認を送らない。再送しないなら、期限内に card-error で終える。cancelled (カードがないと判断) や pin-incorrect など他の結果にはしない。サービスが戻った (pcscd-started) 後の最初のコマンドはアプリケーションの SELECT にする (カードは電源を入れ直され、接続は新しい)。"),
    // データの扱い
    ("DATA-nothing-kept", "実行後 (本人確認記録を法により保存する署名検証者の実行を除く)、クライアントのホーム・一時フォルダ・作業フォルダのファイルに患者の値 (氏名、生年月日、保険者番号・被保険者番号、住所、個人番号、証明書のシリアル番号など) を残さない (保存すると宣言したファイルを除く)。"),
    ("DATA-nothing-logged", "ハーネスが起動したクライアント (クライアントソケットのアプリを除く) の実行では、stderr に出すログ (先頭の 64 KiB) のどの行にも患者の値 (氏名、カナ氏名、生年月日、保険者番号・被保険者番号、住所、個人番号、証明書のシリアル番号。数字や日付はそれだけで一語の 6 文字以上のもの、氏名や住所は行のどこにあっても) を出さない。署名検証者も同じで、本人確認記録はログではなく記録に保存する。myna-kyukyu の利用場面のタブレットのログは DATA-ambulance-kept が判定する。"),
    ("DATA-ambulance-kept", "myna-kyukyu の利用場面では、実行後、クライアントのホーム・一時フォルダ・作業フォルダのどのファイルにも傷病者の値 (氏名、カナ氏名、生年月日、保険者番号・被保険者番号、住所、個人番号、証明書のシリアル番号) を UTF-8・Shift_JIS・UTF-16 で残さない。保存すると宣言したファイル (keeps) も例外ではない。stderr に出すログのどの行にも傷病者の値を出さない (数字や日付はそれだけで一語のもの、氏名や住所は行のどこにあっても)。"),
    ("DATA-read-aloud", "read-aloud を宣言したクライアントは読み上げごとに spoken 行を送る。資格の結果では結果の語と表示した氏名を読み、表示しなかった患者の値、暗証番号、個人番号は読み上げない。"),
    ("DATA-app-login", "app-login または nfc を宣言したクライアント (モバイルアプリ) は、カードへの最初のコマンドの前に、生体認証かパスコードによる app-login 行を送る。"),
    // サービス (資格確認)
    ("SVC-fresh-challenge", "暗証番号モードの資格確認・登録には、先に POST /v1/challenges で発行され、まだ使われていない challenge_id を付ける。"),
    ("SVC-tls-validated", "サービスの証明書が MYNAKIT_CA_FILE に連鎖しないときはリクエストを送らず、結果を service-error とする。"),
    ("SVC-invalid-shown", "最後の応答が有効な資格を確認していない (QualificationValidity 2・3・4、または処理の失敗) ときは eligible・medical-assistance としない。2・3・4 では QualificationValidity と、応答にあれば DisqualificationDate・ReasonOfLoss を表示する。"),
    ("SVC-unanswered-not-eligible", "資格確認 (POST /v1/confirmations) に結果の応答が一つもない (障害、5xx、無応答など) ときは、資格を示す結果を出さず、QualificationValidity を表示しない。"),
    ("SVC-result-rests-on-answer", "表示する資格は、この実行で自分のリクエストに対して表示前に受けた応答に基づく。eligible・medical-assistance は資格ありの応答に、氏名・生年月日は応答の値に基づき、カードアプリはこの実行でカードから読んだ証明書を送る。"),
    ("SVC-medical-assistance", "最後の応答が有効な医療扶助の記録 (InsuredCardClassification A1) なら、結果を medical-assistance とし、福祉事務所名 (InsurerName)、カナ氏名、氏名、生年月日、性別、InsuredCardClassification を受け取った値で表示する。"),
    ("SVC-fallback-papers-dated", "fallback 行で案内する書類は、シナリオの日に有効なものに限る (健康保険証は2025-12-01まで、資格確認書と資格情報のお知らせ付きマイナ保険証は2024-12-02から、被保険者資格申立書は2023-07-10から、期限切れの健康保険証 (または資格情報のお知らせのみ) の番号でのオンライン資格確認 (暫定的な取扱い) は2025-06-27から2026-03-31まで)。後期高齢者 (法別39の保険者番号) には、その人が持つ書類を案内する: 2025-08-01から2026-07-31までは資格確認書 (暫定運用)、2026-08-01からは同日85歳以上なら資格確認書、それ未満でマイナ保険証を持つ人には資格情報のお知らせとマイナ保険証。"),
    ("SVC-medical-ticket-prompt", "応答が QualificationValidity 6 (有効・未登録) の医療扶助の記録なら、結果の前に medical-ticket (紙の医療券の確認、福祉事務所への問い合わせ) を案内する fallback 行を送る。"),
    ("SVC-unregistered-flow", "資格確認が「未登録」と答えたら登録を提案し、承諾と利用規約への同意を得てからカードで署名し直して登録し、登録後に資格を確認し直す。承諾・同意がなければ何も登録しない。アプリに保険証利用登録が加わる前 (2025-04-15、docs/rules.md「What began when」) の日は何も提案も登録もせず、未登録と示す。"),
    ("SVC-limit-consent", "2021-03-04 の規則では、限度額の項目の表示と同意フラグの送信は患者が同意した後に限る。2025-05-21 の規則では同意を省略できるが、尋ねて断られたら送信も表示もしない。複数の受診がある実行では受診ごとに判定し、患者の回答はその受診にだけ及ぶ。"),
    ("SVC-warning-shown", "成功した応答に ProcessingResultCode や ProcessingResultMessage (証明書の期限が近いなど) があれば、それを表示する。"),
    ("SVC-retry-backoff", "リクエストが失敗したとき (5xx、接続のリセット、途中で切れた本文、10秒の無応答)、操作者の指示なしに繰り返すのは3回まで、試行の間を200 ms以上空ける。"),
    ("SVC-device-signed", "端末の有効化 (POST /v1/activations) の成功後、サービスへのリクエストには RFC 9421 の署名 (Signature-Input、Signature) と Content-Digest を付ける。"),
    ("SVC-login-stop", "サービスが POST /v1/activations を拒否したら (4xx)、サービスへそれ以上送らず、カードにも触れず、結果を service-error とする (パスワード誤りの後に職員が入力したパスワードでログインし直す場合を除く)。"),
    ("SVC-device-invalidated-stop", "ログイン後、端末の無効化を理由に拒否されたら (403 device-invalidated)、サービスへそれ以上送らず、カードにも触れず、結果を service-error とする。"),
    ("SVC-terms-current", "利用規約の改定を理由に登録が拒否されたら、規約を取り直して表示し、その版への同意を得てから、その版で登録し直す。"),
    ("SVC-registration-pending", "登録に成功してもその後の資格確認がまだ「未登録」と答えるときは、カードを登録し直さず、結果を registered とする (後で確認し直すよう案内する)。"),
    ("SVC-welfare-screen", "医療扶助の記録では応答の裏面記載情報 (NameOfOtherKana、NameOfOther、Sex2) を表示する。資格喪失 (QualificationValidity 2) なら ineligible とし、福祉事務所名や DisqualificationDate なども表示する。改修 (2025-04-15、docs/rules.md「What began when」) より前の日は改修前の画面が正しい: 裏面記載情報は表示せず、資格喪失は ineligible とする。"),
    ("SVC-registration-pin-mode", "目視確認・顔認証モードでは登録 (POST /v1/registrations) を送らない。「未登録」の応答には not-registered を結果とする (暗証番号モードで読み直した場合を除く)。"),
    ("SVC-history-hand-off", "過去の資格確認の引き継ぎ (GET /v1/confirmations/{id}) は、この実行の閲覧履歴が返したidに限り、引き継いだ記録の値を受け取ったとおりに表示する。アプリに閲覧機能と API連携が加わる前 (2024-10-01、予定の月。docs/rules.md「What began when」) の日は閲覧履歴も引き継ぎも求めない。"),
    ("SVC-hand-off-confirmed", "過去の資格確認の引き継ぎは、そのidを示した hand-off の確認に職員が「はい」と答えた後に、1件ずつ行う。"),
    ("SVC-hand-off-own-entry", "引き継ぐ記録は、この端末 (device_id) の閲覧履歴にあり、この実行の資格確認と同じ患者のもの。"),
    ("SVC-role-respected", "一般利用者のアカウントの端末は医療情報を求めず、特定疾病の項目を表示しない。医療情報閲覧のアカウントで求めたときは、受け取った特定疾病の項目を表示する。"),
    ("SVC-kenshin-eligibility-only", "健診・巡回健診では資格確認を purpose kenshin (資格確認限定型) で送り、限度額や医療情報の同意を求めず、医療情報を求めも表示もしない。資格を確認できなければ結果の前に代わりの書類を案内する。"),
    ("SVC-kenshin-facility-identity", "健診機関の識別 (MYNAKIT_CHECKUP_INSTITUTION_NUMBER または MYNAKIT_INSURER_ONLINE_CODE) を与えられたら、purpose kenshin の資格確認はその識別だけを、与えられた値で名乗る (医療機関コードは使わない)。"),
    ("SVC-network-loss-honest", "巡回健診で応答を失ったリクエストの後は、challenge_id や署名を再送せず、後の資格確認が成功しない限り資格を示す結果を出さず、結果の前に代わりの手段を案内する。"),
    ("SVC-disaster-designated", "災害時の閲覧 (POST /v1/disaster-views) は、医療機関が指定されていると確認し、患者が医療情報の提供に同意した後に限る。医療情報は応答のあった閲覧からのみ表示する。"),
    ("SVC-emergency-consent", "救急時医療情報閲覧 (POST /v1/emergency-views) は、職員が patient-can-consent に「いいえ」(患者は同意できない) と答えた後に限り、patient_can_consent false を送る。同意できる患者は通常時どおりカードと本人の同意で確認する。"),
    ("SVC-emergency-role", "救急時医療情報閲覧は、GET /v1/emergency-viewing が利用可能 (権限があり開始日以降) と答えた後に限り求め、開始前や権限なしで拒否されることはない。利用できないときは結果の前に代わりの手段 (fallback) を伝える。"),
    ("SVC-emergency-scope", "救急時医療情報閲覧は drug, diagnosis, checkup 以外を求めず、その実行では特定疾病・限度額の項目 (SpecificDiseases…, LimitApplication…) を表示しない。医療情報は応答のあった閲覧からのみ表示する。"),
    ("SVC-ambulance-consent", "myna-kyukyu の利用場面では、閲覧 (POST /v1/emergency-views) は隊員の patient-can-consent への答えの後に限る。「はい」の後は、その後に傷病者の同意 (consent medical-information に同意) を得て、patient_can_consent true と patient_consented true を送る。「いいえ」の後は patient_can_consent false を送る。同意しなかった傷病者は閲覧しない。"),
    ("SVC-ambulance-photo", "myna-kyukyu の利用場面では、閲覧 (POST /v1/emergency-views) はカードを読んだ後に隊員が confirm photo-match に「はい」と答えた後に限る。「いいえ」の後は何も閲覧しない。"),
    ("SVC-ambulance-unread", "myna-kyukyu の利用場面で傷病者が同意しなかったとき (consent medical-information への実行中最後の答えが「いいえ」)、その実行ではカードのデータを読むコマンド (READ BINARY、READ RECORD、GET DATA) を、同意を求める前にも後にもカードに送らない。SELECT やカードが置かれているかの確認は読み取りではない。傷病者が同意した実行、同意できなかった実行は対象外。"),
    ("SVC-home-consent-scope", "居宅の同意は、暗証番号モードで資格確認の同意を得てから登録し、医療情報は同意を得たときだけ含める。同意の撤回は職員が確認した後に送る。カードなしの確認が拒否されたら資格を示さない。"),
    ("SVC-online-consent-per-visit", "オンライン診療での確認 (POST /v1/care-checks) は、この実行で暗証番号モードにより登録した同意の consent_id を示す。応答がなければ資格を示す結果を出さない。"),
    ("SVC-treatment-ticket-shown", "柔整・あはき施術所で患者が医療扶助なら、結果の前に施術券の確認 (treatment-ticket) を案内する fallback 行を送る。"),
    ("SVC-subsidy-asked", "カードアプリは、医療費助成の受給者証を使うかどうかを患者に尋ねて (medical-subsidy の consent) から、その項目 (MedicalSubsidyScheme・…PayerNumber・…RecipientNumber・…SelfPayLimit など、.n 付きも) を display や結果に表示する。どのモードでも同じ。"),
    ("SVC-subsidy-declined", "患者が medical-subsidy の consent で断った (または操作者が取り消した) ら、その後、改めて尋ねられて「はい」と答えるまで、display と結果に医療費助成の項目 (MedicalSubsidy…) を表示しない。どのモードでも同じ。患者は公費なしで支払うか、紙の受給者証を示す。"),
    ("SVC-subsidy-shown", "患者が medical-subsidy の consent に最後に「はい」と答え (またはアプリがそれでも受給者証を取り、結果に表示し)、結果が eligible なら、確認日 (QualificationConfirmationDate) に有効期間が及ぶ回答の医療費助成すべてを、同じ番号 n の MedicalSubsidyPayerNumber.n・MedicalSubsidyScheme.n・MedicalSubsidyRecipientNumber.n・MedicalSubsidySelfPayLimit.n として回答どおりに表示する。"),
    ("SVC-subsidy-valid", "カードアプリが表示する医療費助成 (同じ番号 n の MedicalSubsidy… 項目) は、結果の根拠となる回答 (結果前の最後の POST /v1/confirmations) の受給者証 (公費負担者番号と、表示するなら受給者番号が同じもの) で、その有効期間が回答の確認日を含む (両端を含む。終了日なし: 終わりなし)。期限切れやまだ始まらない受給者証も回答には来るが、使えるものとして表示しない。PMH に未参加の自治体は何も送らず、紙の受給者証は職員が確認する。"),
    ("SVC-paper-claims-eligibility-only", "紙レセプトの医療機関・薬局 (資格確認限定型) では、医療情報 (薬剤情報・特定健診等情報・診療情報) への同意を求めず、要求せず、DrugInformation・SpecificHealthCheckupsInformation を表示しない。限度額と特定疾病はこの検査の対象外。"),
    ("SVC-dock-purpose", "人間ドックでは、職員が受診目的の確認 (checkup-purpose) に答えるまで資格確認を送らず、「いいえ」なら送らない。その場合は資格を示さず、カードによる本人確認 (identity-by-card) を案内する。"),
    ("SVC-limit-shown", "最後の応答が有効な資格と限度額の情報を持ち、患者が同意を断っていなければ、適用区分 (LimitApplicationCertificateClassificationFlag) を応答の値で表示し、表示する他の限度額の項目も応答の値とする。"),
    ("SVC-elderly-shown", "最後の応答が有効な資格と高齢受給者証の情報を持つなら、負担割合 (ElderlyRecipientContributionRatio) を応答の値で表示し、表示する他の項目も応答の値とする。"),
    ("SVC-specific-disease-shown", "最後の応答が有効な資格と特定疾病療養受療証の情報を持つなら、疾病区分と自己負担限度額を応答の値で表示し、表示する他の項目も応答の値とする。"),
    ("SVC-transcription-fields", "柔整・あはき施術所で医療扶助でない有効な資格を確認したら、保険者番号・記号・番号・枝番・本人家族の別・負担割合を、応答のとおり (半角のまま、枝番の先頭の0も含めて) 表示する。"),
    ("SVC-error-shown", "資格確認の応答が SegmentOfResult 1 以外 (電文全体のエラー) なら、そのエラーを表示する (ErrorCode を示す service-error・card-error、または職員による取消)。資格や not-registered を示さない。"),
    ("SVC-activation-code-string", "POST /v1/activations の activation_code は、MYNAKIT_ACTIVATION_CODE のとおりのASCII数字のJSON文字列で送る (数値、区切り、空白、全角数字にしない)。"),
    ("SVC-pre-tour-check", "巡回健診で pre-tour-check を宣言したクライアントは、最初の資格確認の前に device-check 行を送る。service: true は health の応答 200 の後に限り、passed: true は service と reader がともに true のときに限る。"),
    ("SVC-portal-login", "ポータルで登録した端末は、カードやサービスの他のリクエストより前に portal_account と医療機関コードで POST /v1/activations によりログインし、拒否されたら理由を職員に表示する。"),
    // 資格確認端末 (XML)
    ("XML-status-both", "成功とするのは SegmentOfResult 1 かつ ProcessingResultStatus 1 のときだけ。端末がエラー (SegmentOfResult 9) を返したら、その ErrorCode を示すエラーか職員の取消で終え、資格を示さず、応答の後に待ち続けない。"),
    ("XML-request-accepted", "req に書く要求はすべて端末に受け付けられる (既知の接頭辞、.xml、XML宣言の文字コードどおりのバイト、整形式のXML、必須の要素)。"),
    ("XML-atomic-write", "要求は完全な形で req に現れる (一時的な名前や別のフォルダに書いてから名前を変える)。"),
    ("XML-partial-read", "端末がクライアントの要求を書きかけのまま読むことがない。"),
    ("XML-request-kept", "req に置いた要求は、端末が取り込むまで削除・改名・移動しない。"),
    ("XML-match-by-name", "自分の要求の名前に対応する応答 (req → res) を表示し、res にある他の端末の応答を表示しない。"),
    ("XML-insurer-padding", "送る保険者番号は8文字 (8桁の数字、または6桁の国保の番号を右詰めにして空白2つ)。"),
    ("XML-encoding", "結果や通知は、XML宣言の文字コード (UTF-8 または Shift_JIS) で読み、ファイルどおりの文字を表示する。"),
    ("XML-face-consume", "読んだ・表示した顔認証の通知 (face/OQSsiquc01res_face_*.xml) は face から取り出すか下のフォルダへ移し、face で読むのは1回まで。"),
    ("XML-gaiji", "表示する応答の項目に ● (外字) があれば、結果の前にその項目を名指しする warning 行で職員に知らせる。"),
    ("XML-processing-poll", "SegmentOfResult 2 (処理中) の応答の後は1秒以上空けて問い合わせ直し、処理中を最終の応答とせず、処理中が続くときも自分の結果で終える。"),
    ("XML-consent-import", "同意の一括取込は端末の日を含む範囲を求め、処理中でなくなった応答の各単位を1件ずつ、その単位の患者として表示する (欠けも追加もない)。"),
    ("XML-complete-read", "分けて届く結果は、完全になってから読み取る (書きかけの読み取りを使わない)。"),
    ("XML-claim-record", "レセコンの請求の記録は、受診日に有効な加算の規則どおり (マイナ保険証の利用の有無、初診・再診、算定の頻度、施設の届出に応じた区分) に記録する。同じ実行の過去の来院 (given.earlier_visits) で算定した区分は、その頻度 (月1回、3月に1回) の間は再び請求しない。薬局の記録 (fee_schedule pharmacy) は調剤の加算の行 (初診・再診なし) で判定する。"),
    ("XML-sharing-consent", "患者が薬剤情報・特定健診情報・診療情報の提供を断った後は、その要求 (YZKsiquc01、TKKsiquc01、mynakit のモデルの SRKsiquc01) を送らず、取得したものとして表示しない (顔認証端末で答え直した場合を除く)。"),
    ("XML-info-pdf", "薬剤情報モードで薬剤情報を取得したと表示するのは、PDFで求め (FileCategory が奇数の YZKsiquc01)、端末が書いたPDFを読んだ後に限る。"),
    ("XML-viewing-needs-card", "災害時を除き、同意のないまま端末が返した薬剤情報・特定健診情報・診療情報 (ResultCode 1 でその同意フラグ 1 がない: マイナンバーカードで本人確認していない患者に、規則に反する設定の端末が返したもの) を取得したものとして表示しない (その情報を求めるモードで outcome eligible、または画面に ResultCode 1)。また、カードと同意がないとして端末が拒否した後は、患者が顔認証付きカードリーダーで答え直すまで求め直さない。一度求めて拒否を表示するのは正しい。"),
    ("XML-reference-number", "照会番号を入力したら、その番号と保険証の被保険者番号で登録の要求を書き、応答を読んで、登録か拒否 (ProcessingResultCode) を表示する。複数のカードではそれぞれの番号を自分のカードに登録する。"),
    ("XML-medical-assistance-import", "医療扶助の月次取込では、端末の日の月を MedicalTreatmentMonth とする要求を書き、最終の応答の各単位の結果を表示する。"),
    ("XML-share-writes", "端末のSMB共有では、req に一時的な名前で書いてから改名し、res・face に書かず、削除・移動するのは自分のファイルだけ。"),
    ("XML-kenshin-eligibility-only", "健診・人間ドックでは、レセコンは資格確認端末に薬剤情報・特定健診情報の照会 (YZKsiquc01, TKKsiquc01) も限度額の同意フラグ 1 の照会も書かず、限度額・医療情報の同意を求めず、特定疾病・限度額などの医療情報を表示せず、請求のための記録 (claim-record) もしない。"),
    ("XML-dock-purpose", "人間ドックでは、レセコンは職員が受診目的の確認 (checkup-purpose) に答えるまで資格確認端末に照会を書かず、「いいえ」なら書かない。その場合は資格を示さず、カードによる本人確認 (identity-by-card) を案内する。"),
    // 目視確認
    ("VIS-photo-before-result", "目視確認モードでは、カードを読んだ後、患者について何か表示する前に、カードの写真と本人の照合を職員に求めて「はい」を得る。「いいえ」なら何も表示せず cancelled とする。"),
    ("VIS-no-pin", "目視確認・顔認証モードでは、職員が暗証番号モードを選ぶまで暗証番号を尋ねず、暗証番号モードのリクエストを送らない。"),
    ("VIS-card-read", "目視確認モードで資格を表示するのは、この実行でカードから読んだ証明書による資格確認に応答があった後に限る。"),
    // レセプト (UKE)
    ("UKE-file-reads", "レセコンの請求ファイルは記録条件仕様どおりに最後まで読める (Windows-31J、CR LF、ヘッダ・レセプト・GO の順、各項目の形式 (実在する日付、コード表の値)、最後の CR LF の直後に EOF (0x1A) があり、その後に何もない)。各レセプトに請求先 (HO か KO) があり、GO の総件数はレセプトの件数、総合計点数はレセプトの合計点数 (HO の、HO がなければ最初の KO の) の和。訪問看護のファイル (RECEIPTH.UKE) では、各レセプトの KA の算定日が JD の日でかつ HJ の指示期間内にあり、HO の合計金額は医療保険が負担する KA の金額の和で、各 KA の負担区分 (別表22) はレセプトにある負担者だけを指す (医療保険は HO があるとき、第n公費は n 番目の KO があるとき)。`mynakit claim check` が拒むファイルはここでも不合格。"),
    ("UKE-insurer", "レセコンの請求ファイルは、資格のある受診を応答の保険者へ請求する (HO の保険者番号・記号・番号、枝番、本人・家族の別、RE の生年月日が応答どおりで、和暦の元号の誤りも別の日として不一致。RE の診療年月は受診日の月)。RE のレセプト種別はファイルの点数表 (1 桁目) とレコードの負担者 (2・3 桁目: 医保単独、医保と公費の併用、公費単独) のとおりで、併用は HO の後に KO を記す。資格のない受診は請求しない (その患者のレセプトの JD にその日を記さない)。施設の点数表で請求する (薬局は調剤用の様式、YK)。月の受診はそれぞれ自身の回答で判定する。"),
    ("UKE-public-expense", "資格のある医療扶助の受診は、応答の公費負担者番号 (法別12) と受給者番号を持つ KO レコードで請求する (受給者番号のない KO にしない)。"),
    ("UKE-subsidy", "請求ファイルを書くレセコン (claim-file) は、資格のある受診の医療費助成 (公費) を、公費負担者番号と受給者番号がその受診の回答の一つの MedicalSubsidyCertificateInfo のものである KO レコードで請求する: 回答が持たない公費 (患者が顔認証付きカードリーダーで利用を断ったもの、紙だけの自治体のもの、別の患者や別の日のもの) や、ある受給者証の公費負担者番号と別の受給者証の受給者番号の組は請求しない。"),
    ("UKE-subsidy-valid", "請求ファイルを書くレセコン (claim-file) は、医療費助成 (公費) を、回答が示す受給者証の有効期間 (MedicalSubsidyValidStartDate から MedicalSubsidyValidEndDate まで、両日を含む。終了日がなければ終わりはない) 内の受診にだけ請求する: 受診の前に期限が切れた、または受診の後に始まる受給者証も回答には来るが、請求しない。"),
    ("UKE-subsidy-cap", "請求ファイルを書くレセコン (claim-file) は、医療費助成の KO の負担金額 (医科 KO の項番 7、調剤 KO の一部負担金額) を、記すときは、KO が請求する受診の回答の受給者証の MedicalSubsidySelfPayLimit を超えない額にする: その公費で患者が月に払う額で、上限額 (月額) が上限。上限額が 0 なら 0。月の受診が上限額に達したら、その後の受診は何も加えない。"),
    ("UKE-subsidy-days", "請求ファイルを書くレセコン (claim-file) は、医療費助成の KO の診療実日数 (調剤は処方箋受付回数) に、その公費を使った月の日、すなわちその負担者種別 (第n公費は n+1) の受診日等レコード (JD) が記す日を数え、レセプトのすべての日を数えない: 月の途中で切れた受給者証や、後の受診で患者が断った公費は自身の日だけを数える。両方を記すレセプトで判定する。"),
    ("UKE-addition", "資格確認の方法に依存する加算は、受診日に有効な行の、確認方法と初診・再診に応じたコードだけを請求し、同じレセプトで算定回数 (月1回、3月に1回) の内に前の受診日に請求したものは再び請求しない。複数の受診の月のファイルでは、各受診をその日の規則と回答で判定する。薬局の調剤レセプトは調剤の行で判定し、医科の加算コードを請求しない。その行と併算定できないコード (電子的診療情報連携体制整備加算と明細書発行体制等加算 112015770) を同じ日に請求せず、複数日のレセプトの加算の行には算定日を記録する。"),
    ("UKE-share", "医療保険の受診の負担は応答のとおりに記す (70歳以上で負担割合があれば高齢受給者のレセプト種別、給付割合は100から応答の負担を引いた値)。"),
    ("UKE-income-class", "70歳以上の患者のレセプトは、RE のレセプト特記事項に高額療養費の所得区分を一つ記載する (回答が支える区分: 3割で限度額区分なし 26 区ア、あり 27 区イ・28 区ウ、2割・1割で区分なし 29 区エ、あり 30 区オ)。"),
    ("UKE-visits", "月の請求ファイルには、その月に確認した受診を漏れなく記す。同じ患者・同じ保険者の受診は一つのレセプトにまとめて受診日 (JD) に各日を記し、月の途中で保険が変わったときは各受診をその日の保険者に請求する。各受診はその月 (RE の診療年月) のレセプトに記す。患者は保険者・記号・番号・枝番・生年月日 (公費単独は公費負担者番号・受給者番号・生年月日) で一人とし、記号・番号を共有する本人と家族は別のレセプト、世帯を一つにまとめたレセプトは不可。訪問看護ステーションの RECEIPTH.UKE では (2026-11-29 から)、居宅同意の取り込み (OQSmuhvq02) の資格のある利用者で、取り込みの月のレセプトがファイルにある者は、そのレセプトの JD に取り込みの日を記す (同意はその日の訪問で登録された)。"),
    ("UKE-station-dx-addition", "訪問看護ステーションのレセコンの請求ファイル (RECEIPTH.UKE) は、訪問看護医療ＤＸ情報活用加算 (KA 550002270) を、その月の居宅同意取得型の確認 (請求の月の訪問看護ステーションの同意の取り込み OQSmuhvq02 の単位、保険者・記号・番号・枝番・生年月日が同じ) にいる利用者には、そのいずれかに情報提供の同意 (*ConsFlg が 1) があるときにだけ算定し、2024年6月より前の月には算定しない。誰にも算定しないこと、および請求の月のどの取り込みにもいない利用者への算定は判定しない (ステーションは実行が持つ取り込みの外で、訪問時のアプリの再照会により確認しうる)。"),
    ("UKE-station-insurer", "訪問看護ステーションのレセコンの請求ファイル (RECEIPTH.UKE) は、居宅同意取得型の確認 (訪問看護ステーションの同意の取り込み OQSmuhvq02 の単位) の各利用者を、UKE-insurer が医科の請求を受診の回答と比べるとおりに請求する: HO の保険者番号はその単位の InsurerNumber を 8 桁にしたもの、HO の記号・番号はその単位のもの、その単位の枝番は負担者種別 1 の SN にあり、確認区分は 01 (訪問時等)、記録するならその単位の保険者番号・記号・番号; 医療扶助の単位の SN は 01 と、記録するなら公費負担者番号・受給者番号; RE の生年月日はその単位の Birthdate; 資格がないと分かった利用者 (その単位に QualificationValidity があるとき) は請求しない。利用者の請求は保険者と番号で、なければ生年月日とその番号または保険者で、取り込みの他の利用者の請求でないものを見つける (以前の保険者への請求もその利用者の請求)。確認した利用者を請求しないことは判定しない。"),
    ("UKE-station-public-expense", "訪問看護ステーションのレセコンの請求ファイル (RECEIPTH.UKE) は、居宅同意取得型の確認 (訪問看護ステーションの同意の取り込み OQSmuhvq02 の単位のうち InsuredCardClassification が A1 のもの) の医療扶助の各利用者を、UKE-public-expense が医科の請求を受診の回答と比べるとおりに請求する: KO レコードの負担者番号はその単位の InsurerNumber (公費負担者番号、法別12)、受給者番号はその単位の InsuredIdentificationNumber であり、受給者番号のない KO は書かない。利用者の請求は UKE-station-insurer と同じく見つけ、その請求が記す各日を、その日に効力をもつ利用者の取り込みで UKE-station-insurer と同じく判定する (2026-11-29 から: 月の途中で終わった医療扶助は、終わる前の日について照らす)。請求ファイルが請求しない利用者と医療保険の利用者は判定しない。"),
    ("UKE-station-amounts", "訪問看護ステーションのレセコンの請求ファイル (RECEIPTH.UKE) は、各 KA を、その算定年月日の日付のルールが価格を定めるコードについては、その日の価格 × 数量データ (記録がなければ 1) で算定する (2024-06 の価格は 2026-05-31 まで。2026-06-01 (令和8年度改定) 以降の訪問は実行に与えられたベンダーの価格表だけが価格を定める。ルールも実行に与えられたベンダーの価格表も価格を定めないコード、および金額 0 の KA (割合による加算) と同じ日の KA は価格と照合しない)。HO には医療保険が負担する KA 金額の合計を、各 KO にはその公費が負担する KA 金額の合計を、各 KA の負担区分 (別表22) に従って記録する。"),
    ("RP-revoked-refused", "署名検証者の実行で、カードの署名用電子証明書が失効情報サービスで失効 (一時保留を含む) している場合、クライアントは `accepted` で終わらない。"),
    ("RP-ocsp-verified", "署名検証者の実行で、失効情報 (OCSP 応答と CRL のどちらも) が問い合わせた証明書の CA (署名用 CA。当人認証とかざしでは利用者証明用 CA) で検証できない (失効情報の障害 `unsigned` または `wrong-signer`) 場合、クライアントは `accepted` で終わらない。"),
    ("RP-revocation-fails-closed", "署名検証者の実行で、失効情報サービスが何も応答しない (失効情報の障害 `down`: OCSP 応答者も CRL の所在もすべての接続を切る) 場合、クライアントは `accepted` で終わらない。"),
    ("RP-revoked-answer-refused", "署名検証者は、この実行で失効情報サービスが、検証した証明書 (カードの署名用電子証明書、当人認証とかざしでは利用者証明用電子証明書) について失効していると言う応答 (OCSP の `revoked`、またはその証明書を載せたその CA の CRL) で、その CA が署名し有効期間内のものを返していたなら、ほかにどんな応答を受けていても `accepted` で終わらない。"),
    ("RP-answered-before-accepted", "`accepted` で終わる署名検証者は、その `result` より前に、検証した証明書 (カードの署名用電子証明書、当人認証とかざしでは利用者証明用電子証明書) について good と言う失効情報 (OCSP の `good`、またはその証明書を載せていないその CA の CRL) で、その CA が署名し有効期間内のものを少なくとも 1 つ受け取っている。実行のタイムラインで、失効情報サービスのその応答の記録がクライアントの `result` より前にあることで判定する。"),
    ("RP-chain-to-test-ca", "`accepted` で終わる署名検証者は、この実行でカードから、その種類のテスト CA (クライアントに信頼点としてファイルを渡した CA) の公開鍵で検証できる証明書を受け取っている: 身元確認では署名用電子証明書を署名用 CA の鍵で、当人認証とかざしでは利用者証明用電子証明書を利用者証明用 CA の鍵で検証する (tbsCertificate のハッシュ値の `DigestInfo` に対する RSASSA-PKCS1-v1_5 署名)。検証できない証明書で `accepted` で終わらないクライアントは合格する。"),
    ("RP-signature-digest-strong", "署名検証者の身元確認 (flow `identity-by-signature`) または当人認証 (flow `authentication-by-nonce`) が `accepted` で終わるなら、この実行でカードが JPKI の鍵でした署名 (`80 2A`、`9000`) のうち少なくとも 1 つが SHA-256 以上のハッシュ値に対するものである: AlgorithmIdentifier が SHA-256・SHA-384・SHA-512 を示す `DigestInfo`、またはカードが自ら SHA-256 でハッシュするデータ (P1 `01`〜`05`)。SHA-1・SHA-224・不明なハッシュ関数の `DigestInfo` への署名は数えない。`DigestInfo` のないハッシュ値はハッシュ関数を示さず、そのような署名だけの実行は判定しない。"),
    ("RP-status-untrusted-suspended", "現況確認 (flow `status-check`) では、`MYNAKIT_RP_ACCOUNTS` の登録のうち署名用電子証明書のあるものはそれぞれ `suspend` と報告する。ただし、この実行で失効情報サービスがその証明書について、その CA が署名し有効期間内 (作られた時点が thisUpdate と nextUpdate の間) で、対応が読み取る状態を言う応答を返したときは別: `keep` には good (OCSP の `good`、またはその証明書を載せていないその CA の CRL)、`re-identify`・`renew`・`unlink`・`hold` には revoked (OCSP の `revoked`、またはその証明書を載せた CRL)。実行の失効情報サービスが応答したものの記録で判定する。有効期間の終わった証明書 (利用者情報ファイルの notAfter による) は、応答がなくても `re-identify` と報告してよい: その notAfter が決める。"),
    ("RP-accepted-on-good-answer", "`accepted` で終わる署名検証者は、この実行で、検証した証明書 (カードの署名用電子証明書、当人認証では利用者証明用電子証明書) について good と言う失効情報 (OCSP の `good`、またはその証明書を載せていないその CA の CRL) で、その CA が署名し、有効期間内 (作られた時点が thisUpdate と nextUpdate の間) で、クライアント自身の問いへの答えであるもの (CertID がその証明書を指し、要求が nonce を持っていればその nonce を返す OCSP 応答、またはその CA 自身の CRL) を少なくとも 1 つ受け取っている。実行の失効情報サービスが応答したものの記録で判定する。"),
    ("RP-fields-from-certificate", "`accepted` で終わる署名検証者は、この実行でカードから読んだ署名用電子証明書の基本4情報 (`Name`・`Birthdate`・`Sex1`・`Address`) を示す。いずれも欠かさず、SubjectAltName の値と同じである (`Birthdate` は元号の数字を除く)。"),
    ("RP-nonce-fresh", "当人認証 (flow `authentication-by-nonce`) が `accepted` で終わるなら、この実行でカードが利用者証明用の鍵 (EF `0017`) で署名しており、その署名はいずれも実行のナンス発行サービス (`MYNAKIT_NONCE_URL`) が発行したナンスに対するもので、同じナンスに二度署名しておらず、そのうち一つはこの実行でカードが返した年齢レコード (そのAPの EF `0001`) の鍵で検証できる: コマンドのデータに対する RSASSA-PKCS1-v1_5 (2026-11-29 から厳格化)。"),
    ("RP-auth-revoked-refused", "当人認証 (flow `authentication-by-nonce`) またはかざし (flow `pin-less`) で、カードの利用者証明用電子証明書が失効情報サービスで失効 (一時保留を含む) している場合、クライアントは `accepted` で終わらない。"),
    ("RP-sign-expired-refused", "身元確認 (flow `identity-by-signature`) で、クライアントの起動時にカードの署名用電子証明書が有効期間外 (期限切れまたは有効期間の開始前) である場合、クライアントは `accepted` で終わらない。"),
    ("RP-auth-expired-refused", "当人認証 (flow `authentication-by-nonce`) またはかざし (flow `pin-less`) で、クライアントの起動時にカードの利用者証明用電子証明書が有効期間外 (期限切れまたは有効期間の開始前) である場合、クライアントは `accepted` で終わらない。"),
    ("RP-pin-less-first-use-refused", "かざし (flow `pin-less`) で、カードの持ち主に署名検証者のサーバの登録がない (`MYNAKIT_RP_ACCOUNTS` にカードの利用者証明用電子証明書と紐付いた登録がない) 場合、クライアントは `accepted` で終わらない。"),
    ("RP-pin-less-card-proven", "かざし (flow `pin-less`) が `accepted` で終わるなら、この実行でカードが券面事項確認APの鍵 (そのAPでの `80 2A 00 00`) で署名しており、その署名はいずれも実行のナンス発行サービス (`MYNAKIT_NONCE_URL`) が発行したナンスに対するもので、同じナンスに二度署名していない。"),
    ("RP-birth-date-tries", "かざし (flow `pin-less`) で、カードが券面事項確認APの鍵への VERIFY に不一致 (`63Cx`) またはロック (`63C0`・`6984`) と答えたあとは、クライアントは結果までその鍵へデータ付きの VERIFY を送らない。"),
    ("RP-signature-verified", "署名検証者の身元確認 (flow `identity-by-signature`) が `accepted` で終わるなら、この実行でカードが返した署名 (`80 2A`) のうち少なくとも 1 つが、カードが示した署名用電子証明書の公開鍵で検証できる: コマンドのデータ (`DigestInfo`、ハッシュ値、またはカードが SHA-2 でハッシュするデータ) に対する RSASSA-PKCS1-v1_5 のブロックである。"),
    ("RP-auth-signature-verified", "利用者証明検証者の当人認証 (flow `authentication-by-nonce`) が `accepted` で終わるなら、この実行でカードが返した署名 (`80 2A`) のうち少なくとも 1 つが、カードが示した利用者証明用電子証明書の公開鍵で検証できる: コマンドのデータ (`DigestInfo`、ハッシュ値、またはカードが SHA-2 でハッシュするデータ) に対する RSASSA-PKCS1-v1_5 のブロックである。"),
    ("RP-status-reason-mapped", "現況確認 (flow `status-check`) で、結果は `MYNAKIT_RP_ACCOUNTS` の署名用電子証明書のある登録それぞれについて、失効情報サービスでのその証明書の状態に従う対応 (`Decision.<シリアル番号>`) を示す: 有効なら `keep` (ただし有効期間が終わっていれば `re-identify`: 失効リストはもう載せない)、失効なら RFC 5280 の失効理由により `suspend` (keyCompromise・unspecified)、`re-identify` (affiliationChanged)、`renew` (superseded)、`unlink` (cessationOfOperation)、`hold` (certificateHold)、サービスが知らない証明書なら `suspend`。失効情報サービスの障害のもとでは、サービスがクライアントにその証明書について CA が署名し有効期間内の応答で有効または失効と答えた登録のうち、クライアントが停止しなかったものだけを判定する (障害のもとでは停止は常に正しく、信頼できる応答のない登録は停止が正しい: `RP-status-untrusted-suspended` が判定する)。"),
    ("RP-status-expired-not-kept", "現況確認 (flow `status-check`) で、署名用電子証明書の有効期間が実行の時計で終わっている (利用者情報ファイルが `sign_certificate_not_after` として示す notAfter を過ぎた) 登録は、失効情報サービスが何と言おうと、いずれも対応が示され、`keep` (そのまま) とされない。"),
    ("RP-status-revoked-not-kept", "現況確認 (flow `status-check`) で、署名用電子証明書が失効情報サービスで失効 (一時保留を含む) または不明の登録は、いずれも対応が示され、`keep` (そのまま) とされない。"),
    ("RP-renewed-same-person", "現況確認 (flow `status-check`) で、署名用電子証明書が更新 (superseded) で失効した登録は同じ利用者のままである: 結果の `User.<シリアル番号>` はその登録の `user` である。失効情報サービスの障害のもとでは、サービスがクライアントにその証明書について CA が署名し有効期間内の応答で有効または失効と答えた登録のうち、クライアントが停止しなかったものだけを判定する (障害のもとでは停止は常に正しく、信頼できる応答のない登録は停止が正しい: `RP-status-untrusted-suspended` が判定する)。"),
    ("RP-no-sign-certificate-refused", "署名検証者の身元確認 (flow `identity-by-signature`) で、カードが署名用電子証明書を持たない (15 歳未満で発行されたカード、顔認証カード: EF `0008` にその `8F` がない) なら、カードが他に何を持っていても、クライアントは `accepted` で終わらない。"),
    ("RP-unlinked-no-user", "現況確認 (flow `status-check`) で、署名用電子証明書が cessationOfOperation で失効した登録 (対応 `unlink`) には利用者を示さない: 結果にその `User.<シリアル番号>` がない。失効情報サービスの障害のもとでは、サービスがクライアントにその証明書について CA が署名し有効期間内の応答で有効または失効と答えた登録のうち、クライアントが停止しなかったものだけを判定する (障害のもとでは停止は常に正しく、信頼できる応答のない登録は停止が正しい: `RP-status-untrusted-suspended` が判定する)。"),
    ("RP-login-shows-no-person", "当人認証 (flow `authentication-by-nonce`) またはかざし (flow `pin-less`) が `accepted` で終わるとき、結果は基本4情報の項目 (`Name`、`Birthdate`、`Sex1`、`Address`) をどれも示さない。"),
    ("RP-password-not-kept", "署名用パスワードが入力された身元確認 (flow `identity-by-signature`) の後、クライアントのホーム・一時フォルダ・作業フォルダのどのファイルにも、そのパスワードを (UTF-8、Shift_JIS、UTF-16 で) 残さない。保存すると宣言したファイル (`keeps`) でも同じ。"),
    ("RP-birth-date-not-logged", "サーバーに登録のある持ち主のかざし (flow `pin-less`) で、クライアント自身の出力 (stderr のログ、結果を含むプロトコルの行) に、その登録の生年月日を `YYYYMMDD`・`YYYY-MM-DD`・`YYYY/MM/DD`・券面事項確認APのキー (和暦の `YYMMDD`) のどの形でも、平文でも VERIFY データの 16 進でも含めない (`PIN-not-logged` が暗証番号を数えるとおりに数える)。"),
    ("RP-counter-face-refused", "カードの顔写真が本人か職員に尋ね (confirm の topic photo-match)、いいえ (または取消) と答えられた署名検証者は `accepted` で終わらない。"),
    ("RP-counter-signature-refused", "窓口での読み取り (flow `counter-read`) で、カードの券面事項が、クライアントに渡された券面APのテスト用 CV ルート (`MYNAKIT_KENKAKU_CV_ROOT_FILE`、`MYNAKIT_KENHOJO_CV_ROOT_FILE`) で検証できない (券面の DF28 または基本4情報の完全性レコード `0003` が各APの EF `0004` の証明書の示す鍵で作られていない、またはその証明書がルートで作られていない: 同じ鍵IDの別の署名者、署名の後の書き換え) なら、クライアントは `accepted` で終わらない。"),
    ("RP-counter-record-only", "窓口での読み取り (flow `counter-read`) の後、クライアントのホーム・一時フォルダ・作業フォルダのどのファイルにも、確認記録に含まれないカードのデータ (mynakit のモデルでは、氏名・住居・生年月日・カードの有効期限とセキュリティコードが確認記録。シナリオの `given.relying_party.record_items` があればそれ) を残さない: 券面の顔写真 (読み取ったバイト列、または base64)、職員が入力した照合番号B、シナリオが除いたときの氏名・住居・生年月日。保存すると宣言したファイル (`keeps`) でも同じ。"),
    ("RP-counter-expired-refused", "窓口での読み取り (flow `counter-read`) で、カードが券面事項確認APの有効期限 (券面の DF29。その日までは有効) をクライアントの開始時のシナリオの時計で過ぎているなら、クライアントは `accepted` で終わらない。"),
];

/// The Japanese rule of the check `id`; `None` for an id that is no check.
pub(super) fn rule_ja(id: &str) -> Option<&'static str> {
    RULES
        .iter()
        .find(|(check, _)| *check == id)
        .map(|(_, rule)| *rule)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_check_has_its_rule_in_japanese_and_every_rule_a_check() {
        let missing: Vec<&str> = mynakit_conformance::CHECKS
            .iter()
            .map(|c| c.id())
            .filter(|id| rule_ja(id).is_none())
            .collect();
        assert!(
            missing.is_empty(),
            "no Japanese rule in lang/checks.rs for {missing:?}"
        );
        let unknown: Vec<&str> = RULES
            .iter()
            .map(|(id, _)| *id)
            .filter(|id| mynakit_conformance::find(id).is_none())
            .collect();
        assert!(
            unknown.is_empty(),
            "lang/checks.rs names no check: {unknown:?}"
        );
        let mut ids: Vec<&str> = RULES.iter().map(|(id, _)| *id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len(), "a check is named twice");
        for (id, rule) in RULES {
            assert!(
                rule.ends_with('。'),
                "{id}: a rule is one sentence or more, ending 。"
            );
        }
    }
}
