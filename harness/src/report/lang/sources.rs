//! Each conformance check's sources in Japanese, keyed by check id: what a Japanese report and
//! `mynakit checks ID --lang ja` show after 出典. The citations themselves stay as they are (page
//! paths, anchors, section numbers, titles, identifiers); only the English words that say what a
//! source shows are said in Japanese. A check whose English sources hold no such words (they are
//! citations only, or already Japanese) has no line and is shown as the catalogue words it.
//!
//! The tests below hold every line to its English: each page, anchor, URL and section number
//! the English cites is in the Japanese too, and a line names an existing check.

/// `(check id, its sources in Japanese)`, in the order of `mynakit_conformance::CHECKS`.
const SOURCES: &[(&str, &str)] = &[
    ("PIN-one-verify", "docs/card.md#pins (回数の扱い: myna-card, OpenSC card-jpki.c); jpki.go.jp FAQ (3 回まで。リセットは市区町村の窓口のみ)"),
    ("PIN-no-auto-retry", "docs/card.md#pins; TBS NEWS DIG が伝えた MHLW の案内 (暗証番号を 3 回誤るとカードがロックされ、目視確認に切り替えてもリセットされない)"),
    ("PIN-blocked-stop", "docs/card.md#pins (使い切る試行では 63C0、その後は 6984: myna-card, OpenSC card-jpki.c); docs/client-protocol.md#outcomes"),
    ("PIN-tries-shown", "docs/card.md#pins (空の VERIFY: OpenSC #959, myna `pin status`); docs/client-protocol.md (`pin` の問い合わせ); TBS NEWS DIG が伝えた MHLW の案内"),
    ("PIN-not-in-visual", "MHLW 事務連絡 2025-05-21 (マイナ資格確認アプリ: 目視確認では暗証番号 (PIN) は不要); MHLW 「オンライン資格確認（資格確認限定型）の導入が始まります」 (目視確認又は暗証番号); docs/service.md#public-api (visual と face は証明書のみ)"),
    ("PIN-not-reused", "docs/card.md#pins (回数はカードごとで、回復しない); docs/reader.md (差し替え・挿入のイベント)"),
    ("PIN-format", "docs/card.md#pins (形式; `verify_wrong_format`); jpki.go.jp FAQ (4 桁の利用者証明用暗証番号、6〜16 文字の署名用パスワード)"),
    ("PIN-not-kept", "JPKI 利用者クライアントソフトの案内 (暗証番号は保存も記録もしない); OWASP「Password Storage Cheat Sheet」(パスワードを平文で保存しない); docs/client-protocol.md#the-clients-folders"),
    ("PIN-not-logged", "docs/reports.md#secrets; JPKI 利用者クライアントソフトの案内 (暗証番号は保存も記録もしない); OWASP「Logging Cheat Sheet」(パスワードをログに残さない)"),
    ("APDU-select-first", "docs/card.md#select と #power-on-state-mf-level (OpenSC #801: パスでの選択は失敗する; myna-card: MF レベルでの動作)"),
    ("APDU-cert-complete", "docs/card.md#read-binary (OpenSC, jpki-rs, myna, mnbcard の読み方); docs/card.md#status-words"),
    ("APDU-sign-after-verify", "docs/card.md#signature-80-2a と #security-state (myna-card、JICSAP 5.1.3 を引用)"),
    ("APDU-efficiency", "docs/card.md#read-binary (拡張長の読み取り: nfcpy, jsapdu); docs/reader.md (遅延のモデル); docs/performance.md"),
    ("APDU-removal", "docs/reader.md (抜去・取り外しのイベント); USEN-ALMEX マイナタッチ FAQ 70299 (スリーブに入れたカードは検知されない); オンライン資格確認.com ?p=320 (カードリーダーのエラー一覧)"),
    ("APDU-release", "docs/card.md#security-state (照合済みの暗証番号はウォームリセット後も残り、電源断で消える: myna-card, JICSAP 5.1.3); PC/SC Part 5 SCardDisconnect の切断方法 (pcsc-lite); docs/reader.md (電源のイベント)"),
    ("APDU-empty-answer", "ISO/IEC 7816-4 §5.1 (応答は必ず SW1-SW2 で終わる); docs/reader.md (既知の制限: 抜かれたカードへのコマンドに vpcd が返す空の応答; vsmartcard の IFDHTransmitToICC); docs/scenarios.md (`remove` の `empty_answer`)"),
    ("APDU-no-61xx", "ISO/IEC 7816-4 §5.1.3 (61xx, 6Cxx) と ISO/IEC 7816-3 §10.3.3 (T=0 の手続きバイト); docs/card.md#status-words (カードは送らない。扱わないクライアント: myna, jpki-rs, nfcpy のサンプル)"),
    ("APDU-unrecorded-command", "docs/import.md#the-recorded-card; ISO/IEC 7816-4 §5.6 (6A82, 6D00 などのステータスワード)"),
    ("APDU-no-my-number", "厚生労働省「オンライン資格確認の導入について」(「マイナンバーは用いず、マイナンバーカードのICチップ内の電子証明書を用いる」); 行政手続における特定の個人を識別するための番号の利用等に関する法律 第19条・第20条 (提供・収集の制限); EF の識別子: myna (jpki/myna), myna-card `ap/text.rs`, `ap/surface.rs`, docs/card.md"),
    ("APDU-one-presentation", "厚生労働省保険局 2021-04-01「オンライン資格確認（資格確認限定型）の導入が始まります」(令和5年11月時点更新: 読み取り画面・資格確認結果画面「マイナンバーカードは預からないようにする」); docs/conformance.md (APDU-release)"),
    ("APDU-phone-fallback", "ITmedia 2023-05 (Android スマホ用電子証明書: 券面事項入力補助AP・券面事項確認AP はない); jpki/myna `src/jpki.rs`, `src/cli.rs` (トークンのラベル JPKIAPGPSETOKEN、PIN の後の利用者証明用証明書); 厚生労働省 スマートフォンのマイナ保険証 (2025-09-19); docs/card.md#phone-profiles"),
    ("APDU-short-fallback", "ISO/IEC 7816-4 §5.1 (短い長さと拡張長の長さのフィールド; 6700 長さの誤り); Android IsoDep.isExtendedLengthApduSupported() と getMaxTransceiveLength(); docs/mobile.md (tag-discovered: extended_length, max_transceive); docs/reader.md"),
    ("APDU-select-identifiers", "Apple 開発者向け文書: NFCISO7816Tag, com.apple.developer.nfc.readersession.iso7816.select-identifiers, NFCReaderError.readerErrorSecurityViolation; docs/mobile.md (タグ: iOS)"),
    ("APDU-tag-lost-honest", "Android TagLostException (developer.android.com/reference/android/nfc/TagLostException; その後の Tag オブジェクトは使えない) と IsoDep.transceive; iOS Core NFC NFCReaderError.readerTransceiveErrorTagConnectionLost (100); PC/SC SCARD_W_REMOVED_CARD (pcsc-lite, PC/SC Part 5); docs/mobile.md (tag-lost、NFC 越しに見える読取機の障害); docs/reader.md"),
    ("APDU-timeout-honest", "Android IsoDep.setTimeout / transceive (developer.android.com/reference/android/nfc/tech/IsoDep: タイムアウトで IOException); AOSP NCI NfcTag.cpp (ISO-DEP の既定 618 ms); iOS Core NFC NFCReaderError 101 readerTransceiveErrorRetryExceeded, 102 readerTransceiveErrorTagResponseError と 60 秒の読み取りセッション (WWDC19 715); ISO/IEC 7816-4 §11.5.6 (データなしの VERIFY: 残り回数を返し、回数を使わない); docs/mobile.md (transceive-error の timeout)"),
    ("APDU-transport-error-honest", "pcsc-lite SCardTransmit (SCARD_E_NOT_TRANSACTED), ifdhandler.h IFD_COMMUNICATION_ERROR; ISO/IEC 7816-4 §11.5.6 (データなしの VERIFY: 残り回数を返し、回数を使わない); docs/reader.md#the-mynakit-reader-driver; docs/client-protocol.md#outcomes"),
    ("APDU-patient-reader", "PC/SC SCardListReaders (一覧の順はスタックの順で、机上の並びではない); docs/client-protocol.md (MYNAKIT_READER); docs/reader.md#a-second-reader"),
    ("APDU-latency-patience", "[MS-RDPESC]「Remote Desktop Protocol: Smart Card Virtual Channel Extension」§1.3 (SCard の呼び出しごとに、RDP のデバイスリダイレクトのチャネルで呼び出しのパケットと戻りのパケットが 1 往復する); Citrix CTX115271 (往復が 40 ms を超えるリモートセッションでのスマートカードの遅延); PC/SC Part 5 SCardTransmit (タイムアウトはない); docs/reader.md#latency-and-jitter-as-over-a-remote-desktop; docs/client-protocol.md#outcomes"),
    ("APDU-reader-unavailable-honest", "pcsc-lite src/eventhandler.c (EHStatusHandlerThread: IFDHICCPresence が失敗すると読取機は SCARD_UNKNOWN になる), src/winscard.c (SCARD_E_READER_UNAVAILABLE); ISO/IEC 7816-4 §11.5.6 (データなしの VERIFY); docs/reader.md#a-reader-unavailable-for-a-while; docs/client-protocol.md#outcomes"),
    ("APDU-stack-restart-honest", "pcsc-lite 1.9.9 src/winscard_msg.c (MessageReceiveTimeout: デーモンがソケットを閉じると SCARD_F_COMM_ERROR; MessageSend: SCARD_E_NO_SERVICE), src/winscard_clnt.c (SCardEstablishContext: SCardCheckDaemonAvailability, デーモンが止まっている間は SCARD_E_NO_SERVICE); docs/reader.md#pcscd-stops-and-starts-again; docs/client-protocol.md#when-the-pcsc-service-restarts"),
    ("APDU-reader-held-honest", "pcsc-lite src/winscard.c (SCardConnect: 別のハンドルが SCARD_SHARE_EXCLUSIVE で読取機を保持している間は SCARD_E_SHARING_VIOLATION; 別のハンドルがトランザクションを保持している間は RFCheckSharing) と src/winscard_clnt.c (SCardTransmit は PCSCLITE_LOCK_POLL_RATE ごとに再試行する); Microsoft SCardConnect (SCARD_E_SHARING_VIOLATION) と SCardBeginTransaction (トランザクションの間、他のアプリケーションは待たされる); docs/reader.md#another-program-holds-the-reader; docs/client-protocol.md#outcomes"),
    ("SVC-fresh-challenge", "docs/service.md#the-card-check (challenge は 1 回限り); RFC 4949 (リプレイ攻撃)"),
    ("RP-ocsp-verified", "RFC 6960 §3.2 (応答を受け入れる前に、その署名と署名者 (CA またはその指定した応答者) を確かめる); RFC 5280 §6.3.3 (CRL を使う前にその署名を確かめる); docs/relying-party.md, docs/revocation.md"),
    ("RP-revocation-fails-closed", "RFC 6960 §2.2 (肯定的な応答は `good` の状態だけ); RFC 5280 §6.3.3 (CRL を取得できなければ状態は決まらない); 犯罪収益移転防止法施行規則 第6条第1項第1号 (2025-06-24 改正); docs/relying-party.md, docs/revocation.md"),
    ("RP-nonce-fresh", "RFC 4949 (nonce: 「A random or non-repeating value that is included in data exchanged by a protocol, ... thus detecting and protecting against replay attacks」: リプレイ攻撃を防ぐための、使い回さない値); PocketSign Verify, docs.p8n.app challenge-response (ナンスはサーバが作り、クライアントでは作らず、再利用しない); docs/relying-party.md"),
    ("RP-auth-revoked-refused", "RFC 6960 §2.2 (`revoked` の状態。certificateHold を含む); RFC 5280 §6.3; 電子署名等に係る地方公共団体情報システム機構の認証業務に関する法律 (利用者証明用電子証明書の失効); docs/relying-party.md"),
    ("RP-sign-expired-refused", "RFC 5280 §6.1.3 (a)(2) (証明書の有効期間が現在の時刻を含む); RFC 5280 §3.3 (CA は有効期間を過ぎた証明書の失効情報を保持しなくてよい); 犯罪収益移転防止法施行規則 第6条第1項第1号 (2025-06-24 改正: 有効な電子証明書); docs/relying-party.md, docs/revocation.md"),
    ("RP-auth-expired-refused", "RFC 5280 §6.1.3 (a)(2) (証明書の有効期間が現在の時刻を含む); RFC 5280 §3.3 (CA は有効期間を過ぎた証明書の失効情報を保持しなくてよい); docs/relying-party.md, docs/revocation.md"),
    ("RP-revoked-answer-refused", "RFC 6960 §2.2 (`revoked` の状態)、§2.4 (thisUpdate: 状態が正しいと分かっている最新の時刻); RFC 5280 §6.3 (CRL の処理); 犯罪収益移転防止法施行規則 第6条第1項第1号 (2025-06-24 改正); docs/relying-party.md, docs/revocation.md"),
    ("RP-answered-before-accepted", "RFC 5280 §6 (証明書を信頼する前に、失効の状態を含めてパスを検証する)、§6.3; RFC 6960 §2.2 (肯定的な応答は `good` の状態だけ); 犯罪収益移転防止法施行規則 第6条第1項第1号 (2025-06-24 改正); docs/relying-party.md"),
    ("RP-chain-to-test-ca", "RFC 5280 §6.1.3 (a)(1) (各証明書の署名を作業中の公開鍵で検証する)、§6.1.1 (d) (トラストアンカーの公開鍵); RFC 8017 §8.2.2 (RSASSA-PKCS1-v1_5 の検証); 犯罪収益移転防止法施行規則 第6条第1項第1号 (2025-06-24 改正); docs/relying-party.md"),
    ("RP-signature-digest-strong", "CRYPTREC 電子政府推奨暗号リスト (SHA-1 は新たな電子署名の生成に使わない); NIST SP 800-131A Rev. 2 §9 (SHA-1 による電子署名の生成は不可); RFC 8017 §9.2 (DigestInfo); docs/card.md (署名 `80 2A`); docs/relying-party.md"),
    ("RP-status-untrusted-suspended", "RFC 6960 §2.2 (肯定的な応答は `good` の状態だけ)、§3.2 (応答を受け入れる前に署名者と thisUpdate・nextUpdate を確かめる); RFC 5280 §6.3.3 (CRL は有効期間内で検証したものだけを使う); 犯罪収益移転防止法施行規則 第6条第1項第1号 (2025-06-24 改正); docs/relying-party.md, docs/revocation.md"),
    ("RP-accepted-on-good-answer", "RFC 6960 §2.2 (肯定的な応答は `good` の状態だけ; `unknown`)、§2.3 (tryLater)、§3.2 (応答が指す証明書は問うたもの; 応答を受け入れる前に署名者と thisUpdate・nextUpdate を確かめる)、§4.4.1 と RFC 8954 §2.1 (nonce が応答を要求に結び付ける); RFC 5280 §6.3.3 (CRL は有効期間内で検証したものだけを使う); 犯罪収益移転防止法施行規則 第6条第1項第1号 (2025-06-24 改正); docs/relying-party.md, docs/revocation.md"),
    ("RP-pin-less-first-use-refused", "PocketSign Verify, docs.p8n.app pin-less/sequence (かざしは2回目以降の利用: 生年月日は初回利用時に署名用電子証明書で登録したもの); docs/relying-party.md"),
    ("RP-pin-less-card-proven", "PocketSign Verify, docs.p8n.app pin-less/sequence (生年月日による券面事項確認APの内部認証); RFC 4949 (nonce); RFC 8017 §8.2.2 (RSASSA-PKCS1-v1_5 の検証); docs/card.md (券面事項確認AP); docs/card-records.md (年齢レコード); docs/relying-party.md"),
    ("RP-birth-date-tries", "PocketSign Verify, docs.p8n.app pin-less/sequence・pin-less/parse-date-of-birth (初回利用時に登録した生年月日で券面事項確認APを開く); ISO/IEC 7816-4 §11.5.6 (`63Cx`: 残り x 回); docs/card.md (券面事項確認AP); docs/relying-party.md"),
    ("RP-signature-verified", "犯罪収益移転防止法施行規則 第6条第1項第1号 (電子証明書及び当該電子証明書により確認される電子署名が行われた特定取引等に関する情報の送信を受ける方法、2025-06-24 改正); RFC 8017 §8.2.2 (RSASSA-PKCS1-v1_5 の検証)、§9.2 (EMSA-PKCS1-v1_5); docs/card.md (署名 `80 2A`); docs/relying-party.md"),
    ("RP-auth-signature-verified", "RFC 8017 §8.2.2 (RSASSA-PKCS1-v1_5 の検証)、§9.2 (EMSA-PKCS1-v1_5); RFC 4949 (nonce); docs/card.md (署名 `80 2A`); docs/relying-party.md"),
    ("RP-status-reason-mapped", "RFC 5280 §5.3.1 (CRLReason); J-LIS (地方公共団体情報システム機構) 署名用認証局運用規程 4.9.9 (失効事由: 記載内容の変更・更新・必要性がなくなった・秘密鍵の危殆化・一時保留。PocketSign Verify, docs.p8n.app verify/guide/api/revocation-reason の一覧による); docs/relying-party.md (mynakit の対応表)"),
    ("RP-status-expired-not-kept", "RFC 5280 §4.1.2.5 (有効期間)、§3.3 と §5.1.2.6 (有効期間の終わった証明書は CRL から外れうる); 犯罪収益移転防止法施行規則 第6条第1項第1号 (2025-06-24 改正); docs/relying-party.md"),
    ("RP-status-revoked-not-kept", "RFC 6960 §2.2 (`revoked` の状態。certificateHold による一時的な失効を含む); RFC 5280 §5.3.1; 犯罪収益移転防止法施行規則 第6条第1項第1号 (2025-06-24 改正); docs/relying-party.md"),
    ("RP-renewed-same-person", "RFC 5280 §5.3.1 (superseded); J-LIS (地方公共団体情報システム機構) 署名用認証局運用規程 4.9.9 (superseded: 証明書を更新した。PocketSign Verify, docs.p8n.app verify/guide/api/revocation-reason の一覧による); docs/relying-party.md"),
    ("RP-no-sign-certificate-refused", "犯罪収益移転防止法施行規則 第6条第1項第1号ワ (電子署名等に係る地方公共団体情報システム機構の認証業務に関する法律第3条第6項に規定する機構が発行した署名用電子証明書、2025-06-24 改正); J-LIS 公的個人認証サービス (署名用電子証明書は15歳未満には原則として発行されない); docs/relying-party.md"),
    ("RP-unlinked-no-user", "RFC 5280 §5.3.1 (cessationOfOperation); J-LIS (地方公共団体情報システム機構) 署名用認証局運用規程 4.9.9 (cessationOfOperation: 証明書の必要性がなくなった。PocketSign Verify, docs.p8n.app verify/guide/api/revocation-reason の一覧による); docs/relying-party.md (mynakit の対応表: `unlink`、その後の利用者なし)"),
    ("RP-login-shows-no-person", "J-LIS 公的個人認証サービス (利用者証明用電子証明書には基本4情報が記載されない); 犯罪収益移転防止法施行規則 第6条第1項第1号 (基本4情報は署名用電子証明書による); docs/relying-party.md"),
    ("RP-password-not-kept", "J-LIS 公的個人認証サービス (暗証番号・パスワードは他人に知られないよう管理する); OWASP「Password Storage Cheat Sheet」(パスワードを平文で保存しない); docs/relying-party.md, docs/client-protocol.md#the-clients-folders"),
    ("RP-birth-date-not-logged", "PocketSign Verify, docs.p8n.app pin-less/sequence・pin-less/parse-date-of-birth (生年月日で券面事項確認APを開く); OWASP「Logging Cheat Sheet」(アクセストークン・パスワード・機微な個人データをログに残さない); docs/relying-party.md"),
    ("RP-counter-face-refused", "犯罪収益移転防止法施行規則 第6条第1項第1号 (2025-06-24 改正、2027-04-01 施行: 提示された書類の IC チップを読み取り、その内容を表示する); デジタル庁 マイナンバーカード対面確認アプリ (2024-08-20: 職員が見比べる顔写真を表示する); docs/counter-read.md"),
    ("RP-counter-signature-refused", "犯罪収益移転防止法施行規則 第6条第1項第1号 (2025-06-24 改正、2027-04-01 施行: 書類の IC チップを読み取る); デジタル庁 マイナンバーカード対面確認アプリ (2024-08-20: IC チップでカードが真正か確かめる); myna-card `ap/surface.rs`・`ap/text.rs`・`data.rs` (DF28、EF 0003、カード検証用証明書); docs/card-records.md; docs/counter-read.md"),
    ("RP-counter-expired-refused", "犯罪収益移転防止法施行規則 第7条 (本人確認書類: 有効期間のあるものは有効なもの); docs/card-records.md (DF29、カードの有効期限); docs/counter-read.md"),
    ("SVC-tls-validated", "RFC 5280 §6 (証明書パスの検証); RFC 9110 §4.3.4 (https の証明書の検証); docs/client-protocol.md (MYNAKIT_CA_FILE: この CA だけを信頼する)"),
    ("SVC-invalid-shown", "MHLW オンライン資格確認の概要 (期限切れの保険証による受診で発生する過誤請求); MHLW 保発0710第1号 (2023-07-10, 被保険者資格申立書); OQS コード表 OQSCD006 (hangilc/myclinic-ts packages/onshi-result); docs/service.md#the-card-check"),
    ("SVC-unanswered-not-eligible", "MHLW オンライン資格確認の概要 (期限切れの保険証による受診で発生する過誤請求); 医療機関等向け総合ポータルのお知らせ (NTT東日本の障害 2025-02-13: 資格確認書での確認に切り替える); docs/client-protocol.md#from-the-answer-to-the-outcome (HTTP の失敗は service-error)"),
    ("SVC-medical-assistance", "MHLW 事務連絡 2025-04-15 (マイナ資格確認アプリの機能追加: 画面 E-05-A); docs/service.md#result-shape (医療扶助: InsurerName は福祉事務所名); YUKI-ENT/OQSDrug2 (医療扶助の項目)"),
    ("SVC-fallback-papers-dated", "令和5年法律第48号 (施行 2024-12-02) とその経過措置 (健康保険証は遅くとも 2025-12-01 まで有効); 健康保険法 第51条の3, 施行規則 第47条, 第51条の3 (資格確認書, 資格情報通知書); 保発0710第1号 (2023-07-10, 被保険者資格申立書); 事務連絡 2025-06-27「健康保険証の有効期限切れに伴う暫定的な取扱いについて」と 2025-11-12 (2026-03-31 まで); docs/rules.md"),
    ("SVC-medical-ticket-prompt", "OQSCD006 (QualificationValidity 6 有効（未登録）、医療扶助のみ); 各市の医療扶助のオンライン資格確認のお知らせ (医療券は毎月登録され、それまでは「未委託・未登録」); docs/service.md#the-card-check"),
    ("SVC-unregistered-flow", "MHLW 事務連絡 2025-04-15 (画面 C-04-01-A から F-01-A); マイナポータル利用規約 (健康保険証利用登録); docs/service.md#registration-保険証利用登録"),
    ("SVC-limit-consent", "OQS コード表 OQSCD001 (限度額の同意) と LimitApplicationCertificateRelated* の要素 (hangilc/myclinic-ts packages/onshi-result); MHLW 事務連絡 2025-05-21 (マイナ資格確認アプリ: 限度額の同意の省略); docs/rules.md; docs/service.md#result-shape"),
    ("SVC-warning-shown", "OQS MessageBody (成功時の ProcessingResultCode/Message: hangilc/myclinic-ts packages/onshi-result); city.iwaki と ctcg-kenpo のページ (期限切れの電子証明書の猶予期間); docs/service.md#result-codes"),
    ("SVC-retry-backoff", "RFC 9110 §15.6.4 (503, Retry-After); AWS「Architecture Blog」\"Exponential Backoff and Jitter\"; 医療機関等向け総合ポータルのお知らせ (NTT東日本の障害 2025-02-13、JPKI の保守 2024-12-15)"),
    ("SVC-login-stop", "MHLW 事務連絡 2025-05-21 別添「マイナ資格確認アプリ」の利用の事前準備 (コードは 1 回限り、「無効化する」、「10分程度経過してから利用してください」、施設の切り替え; 手順③: 利用開始年月日、「一度もアカウントにログインしていないと、アプリを利用することができない」); 厚生労働省保険局 2021-04-01 (ログイン画面); 厚生労働省保険局 事務連絡「特定健診・保健指導に係るオンライン資格確認（資格確認限定型）の導入等について（周知）」第2の1 (オンライン資格確認廃止届); docs/device-setup.md"),
    ("SVC-terms-current", "MHLW 事務連絡 2025-04-15「マイナ資格確認アプリにおける機能追加について」, 別紙 (画面 C-04-01-A, F-01-A); docs/registration-branches.md"),
    ("SVC-registration-pending", "MHLW 事務連絡 2025-04-15, 別紙 (画面 C-04-01-A: 「少しお時間をいただきます」, F-01-A: 「保険証利用登録が完了しました。再度、資格確認を行ってください」); docs/registration-branches.md"),
    ("SVC-welfare-screen", "MHLW 事務連絡 2025-04-15「マイナ資格確認アプリにおける機能追加について」, 別紙 「医療扶助表示画面の改修」 (画面 E-05-A: 資格情報と裏面記載情報; 「受給資格の喪失後、新しい資格を取得するまでの間を含む」); docs/registration-branches.md"),
    ("SVC-registration-pin-mode", "MHLW 事務連絡 2025-04-15「マイナ資格確認アプリにおける機能追加について」, 別紙 (画面 C-04-01-A, F-01-A); 厚生労働省保険局 2021-04-01「オンライン資格確認（資格確認限定型）の導入が始まります」 (目視確認又は暗証番号); docs/registration-branches.md"),
    ("SVC-kenshin-eligibility-only", "厚生労働省保険局 事務連絡「特定健診・保健指導に係るオンライン資格確認（資格確認限定型）の導入等について（周知）」第1の1 (資格確認限定型: 健康・医療情報はない), 第2の2 (マイナポータルの資格情報画面, 資格確認書); docs/kenshin.md"),
    ("SVC-kenshin-facility-identity", "厚生労働省保険局 事務連絡「特定健診・保健指導に係るオンライン資格確認（資格確認限定型）の導入等について（周知）」第2の1 (「健診・保健指導機関番号を用います」; オンライン資格確認導入届（保険者）とそのオンライン資格確認用コード); docs/kenshin.md#facility-identities"),
    ("SVC-network-loss-honest", "厚生労働省保険局 事務連絡「特定健診・保健指導に係るオンライン資格確認（資格確認限定型）の導入等について（周知）」第2の3 バス健診対応, 第2の2; docs/service.md (challenge は 1 回限り); docs/bus-kenshin.md"),
    ("SVC-home-consent-scope", "厚生労働省保険局の説明資料「訪問看護等におけるオンライン資格確認の仕組み案（概要）」(居宅同意取得型: 初回はモバイル端末で PIN と同意、2回目以降は医療機関等で資格の確認); docs/kyotaku.md"),
    ("SVC-subsidy-asked", "湖西市 (city.kosai.shizuoka.jp, page 18149: 顔認証付きカードリーダーで、受給者証を使うかどうかを患者に尋ねる); デジタル庁 PMH (20240325_policies_health_outline_01); docs/subsidies.md#the-card-app"),
    ("SVC-subsidy-shown", "デジタル庁 PMH (20240325_policies_health_outline_01: 公費負担者番号・受給者番号・有効期間・自己負担上限額が医療機関に届く); docs/subsidies.md#the-card-app"),
    ("SVC-subsidy-valid", "デジタル庁 PMH (20240325_policies_health_outline_01); 市民タイムス 2025-10 (shimintimes.co.jp, post-4774: 準備のできていない施設では紙の受給者証); docs/subsidies.md#the-card-app"),
    ("SVC-limit-shown", "OQS コード表 OQSCD011, OQSCD012 と LimitApplicationCertificateRelatedInfo の要素 (hangilc/myclinic-ts packages/onshi-result, LimitApplicationCertificateRelatedInfo.ts); MHLW オンライン資格確認の概要 (限度額適用認定証等の情報の取得); docs/service.md#result-shape"),
    ("SVC-elderly-shown", "OQS ElderlyRecipientCertificateInfo と ElderlyRecipientContributionRatio (hangilc/myclinic-ts packages/onshi-result, ElderlyRecipientCertificateInfo.ts); MHLW オンライン資格確認の概要 (資格情報の取得); docs/service.md#result-shape"),
    ("SVC-specific-disease-shown", "OQS SpecificDiseasesCertificateInfo とコード表 OQSCD013 (hangilc/myclinic-ts packages/onshi-result, SpecificDiseasesCertificateInfo.ts); docs/service.md#result-shape"),
    ("SVC-transcription-fields", "厚生労働省保険局 2021-04-01「オンライン資格確認（資格確認限定型）の導入が始まります」, 資格確認限定型における資格情報の確認・閲覧について (療養費の支給申請書の作成等において資格情報を転記できる機能); 柔道整復とあはきの療養費支給申請書の様式 (保険者番号, 記号・番号（枝番）, 本人・家族, 負担割合); docs/care-settings.md#jusei-ahaki-柔整あはき-施術所"),
    ("SVC-error-shown", "OQS コード表 OQSCD003 (SegmentOfResult 9 異常終了) と MessageHeader ErrorCode (hangilc/myclinic-ts packages/onshi-result); docs/service.md#result-codes; docs/client-protocol.md#from-the-answer-to-the-outcome"),
    ("SVC-activation-code-string", "MHLW 事務連絡 2025-05-21 別添「マイナ資格確認アプリ」の利用の事前準備, 手順② (コード 95660891443 と 606544757014 が並べて記載); docs/device-setup.md#activation-codes-11-or-12-digits-a-string"),
    ("XML-status-both", "ReceptionAgent 単患者照会番号登録仕様 §17 (成功には両方が必要); OQS コード表 OQSCD003/OQSCD004 (hangilc/myclinic-ts packages/onshi-result); Sotatek-ChinhVu/smart-test (移動された要求の隣の .err ファイル); docs/terminal.md#result-codes と #error-answers; docs/client-protocol.md#from-the-answer-to-the-outcome (ErrorCode を表示)"),
    ("XML-request-accepted", "docs/terminal.md#encodings-and-drift と #result-codes; sanox.org オンライン資格確認 導入記 road12/road13 (要求の例); YUKI-ENT/OQSDrug2 (Shift_JIS の要求)"),
    ("XML-atomic-write", "ReceptionAgent 単患者照会番号登録仕様 §19–20 (書き込んでから要求フォルダへ移動する); sanox.org オンライン資格確認 導入記 road13 (数秒以内に取り込まれる); docs/terminal.md#terminal-behaviour (request-growing)"),
    ("XML-partial-read", "ReceptionAgent 単患者照会番号登録仕様 §19–20 (書き込んでから要求フォルダへ移動する); sanox.org オンライン資格確認 導入記 road13 (数秒以内に取り込まれる); docs/terminal.md#terminal-behaviour (request-incomplete)"),
    ("XML-request-kept", "ReceptionAgent 単患者照会番号登録仕様 §19–21 (端末は要求をフォルダから取り出す); sanox.org オンライン資格確認 導入記 road13 (数秒以内に取り込まれる); docs/terminal.md#terminal-behaviour (request-vanished)"),
    ("XML-match-by-name", "YUKI-ENT/OQSDrug2 FindExpectedResultFile (要求の名前から結果の名前を決める); sanox.org オンライン資格確認 導入記 road13; docs/terminal.md (別の端末)"),
    ("XML-insurer-padding", "sanox.org オンライン資格確認 導入記 road26 (8 桁、または先頭の空白); hangilc/myclinic-ts packages/onshi-result の公開された結果の例 (\"  138057\"); docs/terminal.md#validity と zero_padded_insurer"),
    ("XML-encoding", "hangilc/myclinic-ts (linkSysCharCd, OQSCD005); YUKI-ENT/OQSDrug2 (Shift_JIS の結果); docs/terminal.md#encodings-and-drift"),
    ("XML-face-consume", "ReceptionAgent 単患者照会番号登録仕様 §20 (顔認証の結果: 取り込んでから移動または削除する); 公開されている Node の ResWatcher (顔認証のファイルを転送して削除する); docs/terminal.md#face-push"),
    ("XML-gaiji", "sanox.org オンライン資格確認 導入記 road19 (髙 が ● で返る); docs/service.md#result-shape (non_jis); docs/client-protocol.md (warning)"),
    ("XML-processing-poll", "OQS コード表 OQSCD003 (SegmentOfResult 2 処理中: hangilc/myclinic-ts packages/onshi-result); Sotatek-ChinhVu/smart-test (一括取得のポーリング); YUKI-ENT/OQSDrug2 BulkQualificationService; docs/terminal.md#messages"),
    ("XML-consent-import", "厚生労働省保険局「訪問看護等におけるオンライン資格確認の仕組み案（概要）」 (p.15: 当日中に資格情報をレセコンに取込); 「オンライン診療等における…仕組み案（概要）」 (p.16); YUKI-ENT/OQSDrug2 (OQSmuhvq01 の要求); docs/kyotaku.md"),
    ("XML-complete-read", "ReceptionAgent 単患者照会番号登録仕様 §21 (まだ読めない結果は読み直す); .NET FileSystemWatcher.Created は書き込みの前、ファイルの作成時に発生する; Samba vfs_full_audit (クライアントの読み取りの共有側の記録); docs/terminal.md (ゆっくり書かれる結果; 実行中の共有)"),
    ("XML-sharing-consent", "OQS の結果の同意の項目 (PharmacistsInfoConsFlg, SpecificHealthCheckupsInfoConsFlg, DiagnosisInfoConsFlg とそれぞれの …AvailableTime; コード表 OQSCD016: hangilc/myclinic-ts packages/onshi-result); YUKI-ENT/OQSDrug2 (YZK/TKKsiquc01 の要求, ResultCode / MessageContents); マイナ在宅受付Web 「すべての同意を取消す」; docs/terminal.md"),
    ("XML-info-pdf", "YUKI-ENT/OQSDrug2 (PDF の FileCategory 1/3); Sotatek-ChinhVu/smart-test (res の YZKsiquc01res_*.pdf を待つ); docs/terminal.md"),
    ("XML-viewing-needs-card", "厚生労働省保険局「オンライン資格確認（マイナンバーカードの保険証利用）の概要」, 「メリット：災害時における薬剤情報・特定健診等情報の閲覧」 (p.3: 「通常時は、薬剤情報・特定健診等情報を閲覧するには、本人がマイナンバーカードによる本人確認をした上で同意した場合に限られます」); docs/terminal.md; docs/disaster.md"),
    ("XML-reference-number", "ReceptionAgent 単患者照会番号登録仕様 (OQSsiimm01, ReferenceNumberRegistrationInfo); OQS 外部インターフェイス仕様書のメッセージ名 OQSmuimm01/02 (一括照会番号登録); sanox.org オンライン資格確認 導入記 road18, road26; docs/client-protocol.md; docs/terminal.md"),
    ("XML-medical-assistance-import", "YUKI-ENT/OQSDrug2 BulkQualificationService (OQSmutic01 と MedicalTreatmentMonth yyyyMM); 生活保護法 医療扶助 医療券（月単位）; docs/client-protocol.md; docs/terminal.md#messages"),
    ("XML-share-writes", "ReceptionAgent 単患者照会番号登録仕様 §19–20 (書き込んでから要求フォルダへ移動する); sanox.org オンライン資格確認 導入記 road12/13 (共有の req/res/face フォルダ、数秒以内に取り込まれる); Samba vfs_full_audit (共有側の記録); docs/terminal.md#the-share-in-a-run"),
    ("XML-kenshin-eligibility-only", "厚生労働省保険局 事務連絡「特定健診・保健指導に係るオンライン資格確認（資格確認限定型）の導入等について（周知）」第1の1 (健康・医療情報はない), 注2 (既存型の機関は特定健診でもオンライン資格確認を続ける); docs/kenshin.md#at-the-資格確認端末"),
    ("VIS-no-pin", "MHLW 事務連絡 2025-05-21 (目視確認: 暗証番号の入力が不要); 厚生労働省保険局「オンライン資格確認（資格確認限定型）の導入が始まります」 (A:目視確認 B:４桁の暗証番号入力、いずれか一方); docs/service.md#public-api (visual と face は証明書のみ)"),
    ("VIS-card-read", "厚生労働省保険局「オンライン資格確認（資格確認限定型）の導入が始まります」 (本人確認の後にマイナンバーカードを読み取る; 資格情報の確認); docs/client-protocol.md#目視確認-visual-mode; docs/service.md#the-card-check (証明書のシリアル番号が本人を識別する)"),
];

/// The Japanese sources of the check `id`, if its English ones need words in Japanese.
pub(super) fn sources_ja(id: &str) -> Option<&'static str> {
    SOURCES.iter().find(|(c, _)| *c == id).map(|(_, s)| *s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::lang::english::{citations, says_in_english};
    use mynakit_conformance::CHECKS;

    /// A check whose English sources say something in English has its Japanese line: the
    /// Japanese report shows no English prose after 出典.
    #[test]
    fn every_check_whose_sources_say_something_in_english_has_a_line() {
        let missing: Vec<&str> = CHECKS
            .iter()
            .filter(|c| says_in_english(c.reference()) && sources_ja(c.id()).is_none())
            .map(|c| c.id())
            .collect();
        assert!(missing.is_empty(), "no Japanese sources: {missing:?}");
        assert!(says_in_english("x (the listed codes: 1)"));
        assert!(!says_in_english(
            "AWS \"Exponential Backoff and Jitter\"; docs/a.md"
        ));
    }

    #[test]
    fn every_line_names_a_check_once_and_keeps_what_its_english_cites() {
        let mut seen = std::collections::BTreeSet::new();
        for (id, ja) in SOURCES {
            assert!(seen.insert(*id), "{id} twice");
            let check = CHECKS
                .iter()
                .find(|c| c.id() == *id)
                .unwrap_or_else(|| panic!("no check {id}"));
            for cited in citations(check.reference()) {
                assert!(ja.contains(&cited), "{id}: {cited:?} is not in {ja:?}");
            }
        }
    }
}
