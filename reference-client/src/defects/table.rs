//! The table of every deliberate defect: one row each, its doc, its name on the command line
//! (`--defect NAME`: never rename one) and its one-line description (`docs/reference-client.md`,
//! "Defects"). The macro that reads it is in the parent module.

defects! {
    /// reports `QualificationValidity` 2, 3 or 4 as `eligible` — the
    /// 過誤請求 (wrongly billed claim) the expired-eligibility scenario exists to catch.
    ShowLostAsValid = "show-lost-as-valid", "reports QualificationValidity 2/3/4 as eligible";
    /// after a wrong PIN (`63Cx`) re-sends the same PIN once by itself before
    /// asking again, costing the patient a try they did not spend.
    AutoRetryPin = "auto-retry-pin", "re-sends a wrong PIN once by itself before asking again";
    /// for a 医療扶助 (`A1`) result reports the outcome but drops
    /// `InsurerName` (福祉事務所名), `NameKana` and `Sex1` from what screen E-05-A must show.
    DropMedicalAssistanceFields = "drop-medical-assistance-fields",
        "drops InsurerName, NameKana and Sex1 from a medical-assistance result";
    /// for an unregistered card never offers 保険証利用登録; reports
    /// `not-registered` at once.
    SkipRegistration = "skip-registration",
        "never offers the registration flow to an unregistered card";
    /// accepts any server certificate, so eligibility data would go to
    /// whoever answers.
    TrustAnyServer = "trust-any-server", "accepts any server certificate";
    /// keeps the first challenge and signs it again for every later
    /// confirmation or registration (the service refuses a replayed challenge).
    ReuseChallenge = "reuse-challenge", "reuses the first challenge for later confirmations";
    /// sends a VERIFY with data (a placeholder PIN, `0000`) to the auth PIN
    /// in visual and face mode, where no PIN was typed and none may be spent.
    VerifyInVisual = "verify-in-visual",
        "sends a VERIFY with a placeholder PIN in visual and face mode";
    /// never asks for the 限度額 consent, sends no
    /// `limit_application_consent`, and shows the 限度額 data it receives — the
    /// マイナ資格確認アプリ since 2025-05-21. Correct under those rules (the default); under the
    /// rules of 2021-04-01 the service releases no 限度額 data to it (`docs/rules.md`).
    OmitLimitConsent = "omit-limit-consent",
        "never asks for the 限度額 consent and shows the 限度額 data it receives \
        (correct under the rules of 2025-05-21)";
    /// logs every command APDU it sends as hex on stderr, the VERIFY that carries
    /// the typed PIN included (a debugging aid left on in production).
    LogApdus = "log-apdus", "logs every APDU it sends as hex, the typed PIN included";
    /// when the card leaves during the VERIFY of a typed PIN, reconnects to
    /// whatever card is in the reader and sends the PIN it still holds to that card — the next
    /// patient's card at a busy counter (`PIN-not-reused`).
    PinToNextCard = "pin-to-next-card",
        "after the card leaves during a VERIFY, sends the typed PIN to the next card \
        in the reader";
    /// sends whatever the operator typed to the card, a PIN of the wrong
    /// length included, instead of refusing it before any VERIFY (`PIN-format`).
    SkipPinFormat = "skip-pin-format", "sends a PIN of the wrong length to the card";
    /// never releases the card: it stays powered and connected, with the
    /// patient's PIN verified, after the result (`APDU-release`).
    KeepCardPowered = "keep-card-powered", "never releases the card (left powered, PIN verified)";
    /// asks for the PIN without the tries left it read from the card
    /// (`tries_left: null`): the patient is not told that one more mistake locks the card
    /// (`PIN-tries-shown`).
    HideTriesLeft = "hide-tries-left", "asks for the PIN without showing the tries left";
    /// when the card says the auth PIN is blocked, asks for the PIN anyway
    /// and sends what is typed, instead of reporting the lock (`PIN-blocked-stop`).
    VerifyBlockedPin = "verify-blocked-pin", "asks for and sends a PIN the card reports blocked";
    /// selects the JPKI AP's EFs without selecting the AP by name first, as
    /// if the card were already there (`APDU-select-first`).
    SkipApSelect = "skip-ap-select", "selects EFs without selecting the JPKI AP first";
    /// in PIN mode signs first and verifies the PIN only when the card
    /// answers 6982 (a "lazy PIN" that relies on the card's refusal: `APDU-sign-after-verify`).
    SignBeforeVerify = "sign-before-verify",
        "signs before the PIN is verified (verifies after 6982)";
    /// a READ BINARY answered with an error ends the certificate read:
    /// whatever was read so far is sent as the certificate (`APDU-cert-complete`).
    StopAtReadError = "stop-at-read-error",
        "ends the certificate read at an error status and sends what it read";
    /// reads the certificate after its first 4 bytes with one extended-length
    /// READ BINARY, which a reader of short APDUs only refuses (scenario `short-apdu-reader`).
    ExtendedRead = "extended-read", "reads the certificate with one extended-length READ BINARY";
    /// does not wait for a card when the reader is empty at the start, and ends
    /// in a card error although the patient is placing it (scenario `card-inserted-late`).
    NoCardWait = "no-card-wait", "gives up at once when the reader is empty at the start";
    /// reports a card that failed or left as `service-error`
    /// (one generic error screen for everything: `APDU-removal`).
    CardErrorAsServiceError = "card-error-as-service-error",
        "reports a card failure as service-error";
    /// drops `ProcessingResultCode` and `ProcessingResultMessage` from a
    /// successful result, so a warning such as "the certificate expires soon" is never shown
    /// (`SVC-warning-shown`).
    HideWarning = "hide-warning", "drops ProcessingResultCode/Message from a successful result";
    /// after a failed service request tries again at once, up to 6
    /// times, with no pause (`SVC-retry-backoff`).
    RetryWithoutBackoff = "retry-without-backoff",
        "retries a failed service request 6 times with no pause";
    /// writes the 資格確認端末 request with its root closed as `</XmlMSG>`
    /// (a typo in hand-built XML): not well-formed, so the terminal rejects it
    /// (`XML-request-accepted`).
    MalformedRequest = "malformed-request", "writes terminal requests with a misspelt closing tag";
    /// sends the VERIFY and the signature to the card in the last reader
    /// of `MYNAKIT_READERS` instead of `MYNAKIT_READER` (a new connection opened on "the reader
    /// with a card" for the PIN step): another patient's card when two readers hold cards
    /// (`PIN-not-reused`).
    PinToOtherReader = "pin-to-other-reader",
        "sends the VERIFY and the signature to the last reader of MYNAKIT_READERS";
    /// asks for the 限度額 consent, but sends
    /// `limit_application_consent: true` and shows the 限度額 data whatever the patient answered
    /// (`SVC-limit-consent`).
    IgnoreLimitRefusal = "ignore-limit-refusal",
        "sends and shows 限度額 consent even when the patient refused it";
    /// a result that arrived is taken as a confirmation: a message
    /// that failed as a whole (`SegmentOfResult` 9, no eligibility in it) is shown as `eligible`
    /// (`XML-status-both`).
    ResultFileIsSuccess = "result-file-is-success",
        "shows a failed message (SegmentOfResult 9) as eligible";
    /// an empty R-APDU (no status word: the card was pulled mid-command) is
    /// taken as `9000` with no data, so an empty signature goes to the service
    /// (`APDU-empty-answer`). In-process only: [`crate::PcscCard`] turns an empty answer into
    /// [`crate::CardError::Removed`] before the session sees it.
    EmptyAnswerOk = "empty-answer-ok", "takes an empty R-APDU as 9000 with no data";
    /// takes the body of a `6Cxx` answer ("wrong Le, ask again with Le =
    /// xx") as the command's data, as if the card had answered `9000`, instead of sending the
    /// command again (`APDU-no-61xx`; found by `mynakit fuzz`, `docs/fuzz.md`).
    Accept6CxxAsData = "accept-6cxx-as-data",
        "takes the body of a 6Cxx answer as the data instead of resending with Le = xx";
    /// a card pulled or a reader unplugged mid-check (PC/SC
    /// `SCARD_W_REMOVED_CARD`, `SCARD_E_READER_UNAVAILABLE`) ends as `cancelled`, as if the
    /// staff had chosen to stop, instead of a card error (`APDU-removal`, scenario
    /// `reader-unplugged-mid-flow`).
    CardLossAsCancel = "card-loss-as-cancel",
        "reports a card or reader that went away mid-check as cancelled by the staff";
    /// writes the 資格確認端末 request under its final name in `req`, in two
    /// parts half a second apart, instead of renaming a complete file in (`XML-atomic-write`).
    WriteInPlace = "write-in-place", "writes terminal requests in place, in two parts";
    /// sends `InsurerNumber` as printed (a 6-digit 国保 number stays 6
    /// characters) instead of right-aligning it to 8 (`XML-insurer-padding`).
    UnpaddedInsurer = "unpadded-insurer", "sends InsurerNumber unpadded (6 characters for 国保)";
    /// pads a 6-digit 国保 `InsurerNumber` to 8 characters with zeros
    /// (`00139998`) instead of spaces; the terminal finds nobody by default
    /// (`zero_padded_insurer: no-match`, `XML-insurer-padding`).
    ZeroPaddedInsurer = "zero-padded-insurer",
        "pads a 6-digit InsurerNumber with zeros (00139998) instead of spaces";
    /// takes the first new file that appears in `res` after writing the
    /// request as the answer, instead of the file named after the request
    /// (`XML-match-by-name`).
    NewestResult = "newest-result", "takes the first new file in res as its answer";
    /// takes its answer in `res` from the first read after the name appears,
    /// and shows what that read held (an error when it does not parse), instead of reading
    /// again until the document is complete (`XML-complete-read`, scenario
    /// `terminal-slow-result`; under `--terminal-share smb` judged by smbd's record of the
    /// read, `harness/tests/external/terminal_share_run.rs`).
    EarlyRead = "early-read", "takes its answer from the first read, complete or not";
    /// reads every result and push as UTF-8 whatever its declaration says
    /// (a Shift_JIS name becomes 文字化け: `XML-encoding`).
    ResultsAsUtf8 = "results-as-utf8", "reads terminal results as UTF-8 whatever they declare";
    /// reads a face push where it is and leaves it in `face`
    /// (`XML-face-consume`).
    LeaveFaceFile = "leave-face-file", "reads a face push in place and leaves it in face";
    /// sends no `warning` for a field holding `●` (外字: `XML-gaiji`).
    IgnoreGaiji = "ignore-gaiji", "sends no warning for a field holding ● (外字)";
    /// asks for a bulk download again as soon as one is answered 処理中,
    /// in a tight loop (`XML-processing-poll`).
    PollWithoutPause = "poll-without-pause", "polls a 処理中 bulk download again with no pause";
    /// takes the first bulk download answer (`OQSmuquc02`) as the
    /// final one even when it says 処理中 (`SegmentOfResult` 2): never asks again, and reports
    /// the unfinished job as its outcome (`XML-processing-poll`).
    BulkProcessingAsFinal = "bulk-processing-as-final",
        "takes a 処理中 bulk download as final and never asks again";
    /// logs the device in (activation) but signs none of its later requests,
    /// as if the signing step were left out of a build (`SVC-device-signed`).
    UnsignedRequests = "unsigned-requests",
        "activates the device but sends every later request unsigned";
    /// when the service refuses the login (a wrong password, a used code), sends the
    /// same activation twice more by itself, as an "auto-retry" would: each wrong password brings the
    /// account nearer to its lockout (`SVC-login-stop`).
    RetryLogin = "retry-login", "sends a refused login twice more by itself";
    /// when the service refuses a registration because the terms were
    /// revised meanwhile (terms outdated), sends it again with the old version, without showing the
    /// new terms or asking the patient again (`SVC-registration-consent`).
    ReuseOutdatedTerms = "reuse-outdated-terms",
        "resends a registration refused as terms-outdated with the old terms, without asking again";
    /// when the check after a successful registration still says "not registered"
    /// (the registration takes effect later), registers the card a second time instead of telling the
    /// staff to check again later (`SVC-registration-pending`).
    RegisterAgain = "register-again",
        "registers again when the re-check after a registration still says not registered";
    /// shows the 医療扶助 screen E-05-A without its 裏面記載情報 (`NameOfOther`,
    /// `NameOfOtherKana`, `Sex2`), and a lost 医療扶助 record as a bare "ineligible" without the
    /// recipient and the 福祉事務所 (the screen before the 2025-04-15 update; `SVC-welfare-screen`).
    DropBackOfCard = "drop-back-of-card",
        "drops the 裏面記載情報 and the recipient fields of a lost 医療扶助 record from screen E-05-A";
    /// shows screen E-05-A of the 2025-04-15 update (the 裏面記載情報, a lost 医療扶助 record's
    /// recipient and 福祉事務所) on every day, also before the update, when the screen said only
    /// 「医療扶助対象者です」 (`SVC-welfare-screen` on such a day; `docs/rules.md`, "What began when").
    WelfareScreenEarly = "welfare-screen-early",
        "shows the 2025-04-15 医療扶助 screen E-05-A (with 裏面記載情報) also on days before that update";
    /// offers 保険証利用登録 for an unregistered card on every day, also before the
    /// マイナ資格確認アプリ had it (2025-04-15), when the app only said the card was not
    /// registered (`SVC-unregistered-flow` on such a day; `docs/rules.md`, "What began when").
    RegistrationEarly = "registration-early",
        "offers 保険証利用登録 also on days before the app had it (2025-04-15)";
    /// offers 閲覧履歴 and the hand-off to a レセコン on every day, also before the app's 転記
    /// functions (2024-10-01, a planned month), when it kept nothing to look up or hand off
    /// (`SVC-history-hand-off` on such a day; `docs/rules.md`, "What began when").
    HistoryEarly = "history-early",
        "offers 閲覧履歴 and the hand-off to a レセコン also on days before the app had them (2024-10-01)";
    /// dates 医療扶助 online eligibility from 2024-04-01 (the month many vendors announced)
    /// instead of 2024-03-01, and before that day shows a valid 医療扶助 record as "ineligible",
    /// as an app did before the start (`SVC-medical-assistance` in 2024-03; `docs/rules.md`,
    /// "What began when").
    MedicalAssistanceLate = "medical-assistance-late",
        "shows a valid 医療扶助 record as ineligible before 2024-04-01, a month after online 医療扶助 began";
    /// hands off the confirmation `1` (a guessed id, as a client that counts
    /// its own checks would) instead of the id 閲覧履歴 listed (`SVC-history-hand-off`).
    HandOffGuessedId = "hand-off-guessed-id",
        "hands off a guessed confirmation id instead of the one the history listed";
    /// hands the entry to the レセコン without asking the staff
    /// (`SVC-hand-off-confirmed`).
    HandOffUnconfirmed = "hand-off-unconfirmed",
        "hands a past confirmation to the レセコン without the staff's yes";
    /// hands off the oldest entry of 閲覧履歴, whoever it is and whichever
    /// device made it, instead of this patient's own from this device (`SVC-hand-off-own-entry`).
    HandOffOtherEntry = "hand-off-other-entry",
        "hands off the oldest 閲覧履歴 entry, another patient's or another device's";
    /// at a 柔整・あはき 施術所 shows a 医療扶助 result without telling the
    /// staff to check the 施術券 (`SVC-treatment-ticket-shown`).
    SkipTreatmentTicket = "skip-treatment-ticket",
        "shows 医療扶助 at a 柔整・あはき 施術所 without telling the staff to check the 施術券";
    /// as a card app, shows the 医療費助成 entries the answer carries without asking the patient
    /// whether to use them, as an app written before PMH that shows every block of the answer
    /// does (`SVC-subsidy-asked`).
    SubsidyUnasked = "subsidy-unasked",
        "shows the 医療費助成 entries without asking the patient whether to use them";
    /// as a card app, asks the patient whether to use the 医療費助成 entries and shows them
    /// whatever the answer, as an app that asks only for the record does (`SVC-subsidy-declined`).
    SubsidyDeclineIgnored = "subsidy-decline-ignored",
        "shows the 医療費助成 entries after the patient declined them";
    /// as a card app, shows only the first 医療費助成 entry of the answer, as a reader that keeps
    /// the first occurrence of each element name does (`SVC-subsidy-shown`).
    SubsidyFirstOnly = "subsidy-first-only",
        "shows only the first 医療費助成 entry of the answer";
    /// as a card app, shows every 医療費助成 entry of the answer, also one whose 有効期間 does not
    /// hold the day (`SVC-subsidy-valid`).
    SubsidyExpiredShown = "subsidy-expired-shown",
        "shows a 医療費助成 entry whose 受給者証 is not valid on the day";
    /// at a 紙レセプト 医療機関・薬局 (資格確認限定型) asks the patient's consent to medical
    /// information after the check, as a 既存型 counter does (`SVC-paper-claims-eligibility-only`).
    PaperClaimsMedicalConsent = "paper-claims-medical-consent",
        "asks the consent to medical information at a 紙レセプト facility, whose 資格確認限定型 carries eligibility only";
    /// asks for medical information (`include_medical_information: true`) whatever
    /// the role of its account, 一般利用者 included (`SVC-role-respected`).
    IgnoreRole = "ignore-role", "asks for medical information whatever the account role";
    /// drops the 特定疾病 fields (`SpecificDiseases*`) it received from
    /// the screen, though its 医療情報閲覧 account asked for them (`SVC-role-respected`).
    HideMedicalInformation = "hide-medical-information",
        "drops the 特定疾病 fields a 医療情報閲覧 account asked for";
    /// in a 特定健診 setting (`MYNAKIT_CARE_SETTING` `kenshin` or
    /// `bus-kenshin`) runs the counter's check: asks for the 限度額 consent, sends no
    /// `purpose: kenshin`, and shows the 特定疾病 and 限度額 data it gets
    /// (`SVC-kenshin-eligibility-only`).
    KenshinAsCounter = "kenshin-as-counter",
        "runs the counter's check in a 特定健診 setting (限度額 consent, no purpose, \
        特定疾病 and 限度額 data shown)";
    /// after a request whose answer was lost, sends the very same
    /// confirmation again — the old challenge and signature — instead of a fresh proof
    /// (`SVC-network-loss-honest`).
    ReplayAfterNetworkLoss = "replay-after-network-loss",
        "re-sends the same confirmation (old challenge and signature) after a lost answer";
    /// in the 災害時 setting asks for the view without checking
    /// that a designation covers the institution now (`SVC-disaster-designated`).
    DisasterSkipDesignation = "disaster-skip-designation",
        "asks for the 災害時 view without checking the designation";
    /// in the 救急時医療情報閲覧 setting, asks for the view
    /// without consent although the patient can consent, telling the service they cannot
    /// (`SVC-emergency-consent`).
    EmergencyViewDespiteConsent = "emergency-view-despite-consent",
        "views without consent (救急時医療情報閲覧) a patient who can consent";
    /// in the 救急時医療情報閲覧 setting, asks for the view
    /// without asking whether the institution holds the role now (`SVC-emergency-role`).
    EmergencySkipRole = "emergency-skip-role",
        "asks for the 救急時医療情報閲覧 view without checking the role";
    /// in the 救急時医療情報閲覧 setting, asks for the 特定疾病
    /// data too, beyond 薬剤・診療・特定健診 information (`SVC-emergency-scope`).
    EmergencyBeyondScope = "emergency-beyond-scope",
        "asks the 救急時医療情報閲覧 view for 特定疾病 data beyond its scope";
    /// in the 救急時医療情報閲覧 and マイナ救急 settings, shows every
    /// field of the view's qualification, the 特定疾病 and 限度額 ones too when the answer holds
    /// them (`SVC-emergency-scope`).
    EmergencyShowsWholeAnswer = "emergency-shows-whole-answer",
        "shows a 救急 view's 特定疾病 and 限度額 fields when the answer holds them";
    /// in the マイナ救急 setting, views a patient who can consent
    /// without asking for their consent, telling the service they cannot
    /// (`SVC-ambulance-consent`).
    AmbulanceViewWithoutConsent = "ambulance-view-without-consent",
        "views (マイナ救急) a patient who can consent without asking them";
    /// in the マイナ救急 setting, asks for the view after the team
    /// said the card's photo is not the patient (`SVC-ambulance-photo`).
    AmbulanceIgnorePhotoMismatch = "ambulance-ignore-photo-mismatch",
        "views (マイナ救急) after the team said the photo is not the patient";
    /// keeps the fields it showed (the patient's identity and 救急
    /// information) in a file under `HOME`, "for the transfer report" (`DATA-ambulance-kept`;
    /// `DATA-nothing-kept` too, as the file is not declared).
    AmbulanceKeepsSummary = "ambulance-keeps-summary",
        "keeps what the マイナ救急 view showed in a file under HOME";
    /// in the マイナ救急 setting, reads the card (the mode ask, the
    /// 利用者証明用 certificate) before asking whether the patient can consent and consents, so a
    /// patient who refuses has had their card read (`SVC-ambulance-unread`).
    AmbulanceReadCardFirst = "ambulance-read-card-first",
        "reads the card (マイナ救急) before the patient is asked for consent";
    /// in the マイナ救急 setting, writes the fields it showed (the
    /// patient's identity and 救急 information) to its log on stderr "for the transfer report"
    /// (`DATA-ambulance-kept`).
    AmbulanceLogsSummary = "ambulance-logs-summary",
        "writes what the マイナ救急 view showed to its log on stderr";
    /// writes the patient's name and birth date from the result it shows to its
    /// log on stderr, one `patient Name=value` line each, in any setting and role (a debugging
    /// aid left on): `DATA-nothing-logged` (at マイナ救急, `DATA-ambulance-kept`).
    LogPatient = "log-patient",
        "writes the patient's name and birth date to its log on stderr";
    /// in the 居宅 setting, when the check within the consent is
    /// refused (withdrawn, another institution's), shows the qualification recorded at the
    /// first visit as `eligible` instead (`SVC-home-consent-scope`).
    HomeVisitCachedResult = "home-visit-cached-result",
        "shows the first visit's qualification when the check within the 居宅 consent is refused";
    /// offers the 健康保険証 in a fallback on any day, also after
    /// 2025-12-01 when it no longer proves a qualification (`SVC-fallback-papers-dated`).
    FallbackExpiredPaper = "fallback-expired-paper",
        "offers the 健康保険証 in a fallback on any day, also after 2025-12-01";
    /// offers the 暫定的な取扱い (an expired 健康保険証's numbers, or
    /// the お知らせ's alone, keyed in for an online check) on any day, also after 2026-03-31
    /// when it has ended (`SVC-fallback-papers-dated`).
    FallbackExpiredCardNumbers = "fallback-expired-card-numbers",
        "offers keying in an expired 健康保険証's numbers for an online check on any day, also after 2026-03-31";
    /// tells the staff of a 後期高齢者 the 資格確認書 and not the
    /// 資格情報のお知らせ on any day, the 暫定運用's rule: wrong from 2026-08-01 for a member under
    /// 85 who holds a マイナ保険証 (`SVC-fallback-papers-dated`).
    LaterElderlyCertificateOnly = "later-elderly-certificate-only",
        "tells a 後期高齢者's staff the 資格確認書, not the お知らせ, on any day (the 暫定運用's rule)";
    /// tells the staff of a 後期高齢者 the 資格情報のお知らせ and not the
    /// 資格確認書 on any day, the rule of 2026-08-01 without its age split: wrong under the
    /// 暫定運用 (to 2026-07-31) and for a member aged 85 or over (`SVC-fallback-papers-dated`).
    LaterElderlyNoticeOnly = "later-elderly-notice-only",
        "tells a 後期高齢者's staff the お知らせ, not the 資格確認書, on any day (2026-08's rule without the age split)";
    /// shows a 医療扶助 record awaiting this month's 医療券
    /// (QualificationValidity 6) without telling the staff to check the paper one
    /// (`SVC-medical-ticket-prompt`).
    SkipMedicalTicketPrompt = "skip-medical-ticket-prompt",
        "shows a 医療扶助 record awaiting this month's 医療券 without the prompt to check the paper one";
    /// in the オンライン診療 setting, when the patient does not consent
    /// this visit, checks eligibility anyway on an earlier visit's consent
    /// (`SVC-online-consent-per-visit`).
    ReuseOnlineConsent = "reuse-online-consent",
        "checks an オンライン診療 visit on an earlier visit's consent when the patient does not consent";
    /// in the same-day import of 居宅 / オンライン診療 consents
    /// (`OQSmuhvq02`, `OQSmuonq02`), takes the first download answer as the final one even when
    /// it says 処理中, and imports its empty list as "no consents today" (`XML-consent-import`).
    ImportProcessingAsFinal = "import-processing-as-final",
        "imports a 処理中 consent download's empty list as the day's consents";
    /// at a later 居宅 visit, asks whether the patient withdraws the
    /// consent and, on yes, tells the staff it is withdrawn without sending the withdrawal to the
    /// service (`SVC-home-consent-scope`).
    WithdrawalNotSent = "withdrawal-not-sent",
        "tells the staff a 居宅 consent is withdrawn without sending the withdrawal";
    /// in visual (目視確認) or face mode offers 保険証利用登録 as in PIN
    /// mode, asks the terms consent and posts the registration in that mode, without a card
    /// signature — the service refuses it (`MOCK-E214`, PIN mode needed) and the staff are never
    /// told to read the card again in PIN mode (`SVC-registration-pin-mode`).
    RegisterInVisual = "register-in-visual",
        "posts 保険証利用登録 in visual or face mode (refused: PIN mode needed) instead of asking for PIN mode";
    /// when a signed request is refused because the device was
    /// invalidated (「無効化する」, 403 `device-invalidated`), logs in again by itself with the
    /// activation code it still holds and goes on, instead of stopping and sending the staff to
    /// the administrator (`SVC-device-invalidated-stop`).
    ReactivateAfterInvalidation = "reactivate-after-invalidation",
        "logs in again with the old activation code after its device was invalidated mid-session";
    /// when the staff type the account password (a `password`
    /// ask) and the service answers that the account is locked, asks for the password again and
    /// logs in again, as if it were one more wrong password, until the staff cancel — instead
    /// of stopping and sending them to the administrator (`SVC-login-stop`).
    AskPasswordAfterLockout = "ask-password-after-lockout",
        "asks for the account password again (and logs in again) after the account is locked";
    /// in visual mode (目視確認) reads the card and shows the result without
    /// asking the staff to compare the card's photo with the patient (no `photo-match` ask):
    /// nothing but the staff's look ties the card to the person in that mode
    /// (`VIS-photo-before-result`).
    SkipPhotoMatch = "skip-photo-match",
        "in visual mode shows the result without asking the staff to compare the card's photo";
    /// in visual mode shows the result first and asks the staff to
    /// compare the photo afterwards, when the result is already on the screen
    /// (`VIS-photo-before-result`).
    PhotoMatchAfterResult = "photo-match-after-result",
        "in visual mode asks the staff to compare the card's photo only after showing the result";
    /// in visual mode still shows the PIN screen of PIN mode: asks the
    /// patient for the PIN (a `pin` ask) after the card is read (`VIS-no-pin`).
    AskPinInVisual = "ask-pin-in-visual", "in visual mode asks the patient for the PIN";
    /// in visual mode sends the check as a PIN-mode request
    /// (`"mode": "pin"`, without a signature: no PIN was typed), which the service refuses
    /// (`VIS-no-pin`).
    PinRequestInVisual = "pin-request-in-visual",
        "in visual mode sends the check as a PIN-mode request (no signature)";
    /// in visual mode never reads the card: the result screen still
    /// holds the previous patient's confirmation (the newest of today's 閲覧履歴), shown as this
    /// patient's (`VIS-card-read`).
    ShowPreviousResult = "show-previous-result",
        "in visual mode reads no card and shows the previous patient's confirmation";
    /// in visual mode, a card pulled while its certificate is read
    /// leaves the previous patient's confirmation (the newest of today's 閲覧履歴) on the screen
    /// as the result, instead of a card error (`APDU-removal`).
    StaleResultOnCardLoss = "stale-result-on-card-loss",
        "in visual mode shows the previous patient's confirmation when the card is pulled mid-read";
    /// in visual mode, a check the service never answered (an outage,
    /// no answer) ends as `eligible` — "the staff saw the card" — instead of `service-error`
    /// (`SVC-unanswered-not-eligible`).
    OutageAsEligible = "outage-as-eligible",
        "in visual mode shows a check the service never answered as eligible";
    /// before the certificate, selects the 券面事項入力補助AP and reads its
    /// 個人番号 record (EF `0001` by SFI; the card refuses it without the PIN) — an app that
    /// "just fills in the form" from the card (`APDU-no-my-number`).
    ReadMyNumber = "read-my-number",
        "reads the 個人番号 record of the 券面事項入力補助AP before the certificate";
    /// 0.2 s after its result, connects to the card in the reader again and
    /// selects the JPKI AP (a "was the card left in?" poll): the confirmation does not end with
    /// the result (`APDU-one-presentation`).
    AskCardAgain = "ask-card-again",
        "connects to the card again and selects the JPKI AP after its result";
    /// writes the fields of its result to `last-result.csv` in its
    /// temporary folder (`TMPDIR`), in Shift_JIS, and leaves it there — a "recent patients"
    /// cache the design forbids (`DATA-nothing-kept`).
    KeepPatientData = "keep-patient-data",
        "leaves its result's fields in a Shift_JIS file in its temporary folder";
    /// writes each PIN typed to `.mynakit-reference/last-pin` under its `HOME`
    /// and leaves it there, to offer it at the next visit — a PIN kept on the disk
    /// (`PIN-not-kept`).
    KeepPin = "keep-pin", "leaves the PIN typed in a file under its home folder";
    /// shows the patient as `eligible` (a display) as soon as the check is
    /// sent — the card app's card check, the レセコン's request in `req` — before the answer
    /// came; the result that follows is the answer's (`SVC-result-rests-on-answer`).
    ShowBeforeAnswer = "show-before-answer",
        "shows the patient as eligible when the check is sent, before its answer came";
    /// in face mode (顔認証) still asks the patient for the PIN (a `pin` ask)
    /// after the card is read; nothing typed is sent, no VERIFY (`VIS-no-pin`).
    AskPinInFace = "ask-pin-in-face", "in face mode asks the patient for the PIN";
    /// takes a terminal answer with `SegmentOfResult` 9 (the message failed)
    /// as "not yet", like 処理中, and keeps waiting for another answer until its own deadline:
    /// the terminal's error is never shown (`XML-status-both`).
    WaitPastError = "wait-past-error",
        "takes a terminal answer with SegmentOfResult 9 as not yet and waits on";
    /// a single check whose request is still in `req` 600 ms after
    /// it was written (the terminal has not picked it up yet) is removed from `req` and given up
    /// as `service-error`, as a client with a too-short "no answer" timer does
    /// (`XML-request-kept`).
    WithdrawUnansweredRequest = "withdraw-unanswered-request",
        "removes a request the terminal has not picked up after 600 ms and gives up";
    /// when the staff type the account password (a `password`
    /// ask), takes every refused login for a wrong password — an account before its 利用開始年月日,
    /// one that never logged in to the terminal — and asks for the password again, instead of
    /// telling the staff the reason only the administrator can act on (`SVC-login-stop`).
    AskPasswordAfterAnyRefusal = "ask-password-after-any-refusal",
        "asks for the account password again after any refused login, as if every \
        refusal were a wrong password";
    /// when it reads the result aloud (flow `read-aloud`), reads the PIN the
    /// patient typed as well ("暗証番号 1234 で確認しました") — a reading built from the
    /// session's state rather than the screen (`DATA-read-aloud`).
    SpeakPin = "speak-pin", "reads the typed PIN aloud with the result";
    /// as a mobile app with its own login (flow `app-login`), reads the card
    /// without unlocking itself first: no `app-login` line before the first command to the card
    /// (`DATA-app-login`).
    SkipAppLogin = "skip-app-login", "reads the card without unlocking itself at its own login";
    /// at a 人間ドック (flow `ningen-dock`) checks the card online without
    /// asking the staff what the check is for (`SVC-dock-purpose`).
    DockSkipPurpose = "dock-skip-purpose",
        "checks the card online at a 人間ドック without asking what the check is for";
    /// at a 人間ドック asks the purpose, and checks the card online even
    /// when the staff answer that it is for identity only (`SVC-dock-purpose`).
    DockIgnorePurpose = "dock-ignore-purpose",
        "checks the card online at a 人間ドック when the check is for identity only";
    /// shows a lost qualification as ineligible but without its
    /// `DisqualificationDate` and `ReasonOfLoss`, which staff need to ask for the new insurance
    /// (`SVC-invalid-shown`).
    DropLossDate = "drop-loss-date",
        "drops DisqualificationDate and ReasonOfLoss from a lost qualification";
    /// reads OQSCD007 backwards and shows `Sex1` 1 (男) as 2 and 2 (女) as 1
    /// (`SVC-medical-assistance`: screen E-05-A's 性別).
    SwapSexCode = "swap-sex-code", "shows Sex1 1 as 2 and 2 as 1";
    /// shows the 限度額 data the patient consented to without its 適用区分
    /// (`LimitApplicationCertificateClassificationFlag`), as a screen built before the element
    /// existed (`SVC-limit-shown`).
    DropLimitClass = "drop-limit-class", "drops the 限度額 適用区分 it was allowed to show";
    /// drops the 高齢受給者証 fields (`ElderlyRecipient…`, the
    /// 負担割合 among them) from an eligible result (`SVC-elderly-shown`).
    DropElderlyCertificate = "drop-elderly-certificate",
        "drops the 高齢受給者証 fields (負担割合) from the result";
    /// in visual and face mode (no signature ties the certificate to the
    /// card), sends a certificate kept from an earlier read instead of the one just read: the
    /// developer's test card (persona `employee`) left in the build. The service answers for
    /// that card, not the patient's (`SVC-result-rests-on-answer`).
    ReplayCertificate = "replay-certificate",
        "sends a certificate kept from an earlier read (a test card's) in visual and face mode";
    /// shows a failed message (`SegmentOfResult` 9) as a bare error, without
    /// the answer's `ErrorCode` the staff act on (`SVC-error-shown`, `XML-status-both`).
    HideErrorCode = "hide-error-code", "shows a failed message without its ErrorCode";
    /// before the certificate, selects the 券面事項入力補助AP, as an app
    /// written for the card alone (to fill in the 基本4情報), and ends the check as a card
    /// error when it is not there: a smartphone has none (`6A82`), so a phone is never
    /// confirmed (`APDU-phone-fallback`).
    RequireKenhojo = "require-kenhojo",
        "selects the 券面事項入力補助AP before the certificate and stops with a card error \
        without it (a smartphone)";
    /// takes the service's certificate-expired refusal
    /// (`MOCK-E113`) for the card's three-month grace and shows the patient as eligible; a
    /// phone's certificate has no grace (支払基金 KB0012286; `SVC-invalid-shown`).
    GraceForExpiredPhone = "grace-for-expired-phone",
        "shows a certificate refused as expired (MOCK-E113) as eligible, as if in the \
        card's three-month grace";
    /// reads the activation code as a number and sends it as a
    /// JSON number, so a leading 0 is lost (`SVC-activation-code-string`).
    ActivationCodeAsNumber = "activation-code-as-number",
        "sends the activation code as a JSON number, losing a leading 0";
    /// records every visit as confirmed with the マイナ保険証 and its
    /// information as obtained through オンライン資格確認 (`claim-record`), whether the patient's
    /// card was used or the staff keyed in the insurance card: a claim for the 加算 the visit
    /// did not earn (`XML-claim-record`).
    ClaimCardUsedAlways = "claim-card-used-always",
        "records every visit's claim as confirmed with the マイナ保険証, whatever was used";
    /// claims the 加算 of the period before the one in force on the
    /// visit's day (`mynakit_protocol::ClaimAddition::previous`): on 2024-06-01 the
    /// 医療情報・システム基盤整備体制充実加算 of 2024-01, on 2026-06-01 the abolished
    /// 医療情報取得加算 — a レセコン whose 点数マスター was not updated (`XML-claim-record`).
    ClaimPreviousPeriod = "claim-previous-period",
        "claims the 加算 of the period before the one in force on the visit's day";
    /// claims a 加算 tier again at a visit within its frequency
    /// (月1回, 3月に1回) although its own records show it taken at an earlier visit, as a
    /// レセコン that does not look at the patient's history does (`XML-claim-record`).
    ClaimFrequencyIgnored = "claim-frequency-ignored",
        "claims a 加算 tier again within its frequency, its own records notwithstanding";
    /// claims a child before school age (PreschoolClassification
    /// 1, 2割) with the 家族 kind (…6) and 3割's 給付割合, as a レセコン that takes 本人家族
    /// alone does (`UKE-share`).
    ClaimFilePreschoolAsFamily = "claim-file-preschool-as-family",
        "claims a child before school age as a 家族, at 3割";
    /// writes RECEIPTC.UKE anew for each visit, so the month's
    /// file holds its last visit alone and the earlier ones are never claimed (`UKE-visits`).
    ClaimFileLastVisitOnly = "claim-file-last-visit-only",
        "writes the claim file anew for each visit: the month's earlier visits are lost";
    /// claims all of a patient's visits of the month to the
    /// insurer of the newest, as a レセコン that keeps one insurance per patient and month does;
    /// after a change of insurance the visits before it go to an insurer that did not cover
    /// them (`UKE-visits`).
    ClaimFileOneInsurerPerMonth = "claim-file-one-insurer-per-month",
        "claims a patient's visits of the month to the newest visit's insurer";
    /// keys the month's claims on the insurer and 記号・番号 alone, so a
    /// household's 本人 and 家族 sharing them are merged into one claim (`UKE-visits`; one
    /// patient is insurer + 記号・番号 + 枝番 + 生年月日, docs/uke.md "One patient").
    ClaimFileHouseholdOneClaim = "claim-file-household-one-claim",
        "merges a household sharing 記号・番号 into one claim of the month";
    /// writes SN's 枝番 in full-width digits (`０１`), as a
    /// レセコン that copies a 全角 patient master does; 枝番 is a half-width field of 2 bytes, so
    /// the file is refused at reception (`UKE-insurer`).
    ClaimFileBranchFullWidth = "claim-file-branch-full-width",
        "writes the claim file's SN 枝番 in full-width digits";
    /// writes the claim file's SN without the 枝番 the answer
    /// gave, as a レセコン whose patient master has no 枝番 column does (the 電子カルテ情報共有
    /// サービス model project found the 枝番 lost between systems; `UKE-insurer`).
    ClaimFileBranchDropped = "claim-file-branch-dropped",
        "writes the claim file's SN without the 枝番";
    /// writes a 医療扶助 claim's KO with the 公費負担者番号 and no
    /// 受給者番号 (`UKE-public-expense`).
    ClaimFileNoRecipient = "claim-file-no-recipient", "writes a 医療扶助 claim's KO without the 受給者番号";
    /// writes each 医療費助成 KO with the 公費負担者番号 of its entry and
    /// the 受給者番号 of the next entry of the answer, as a レセコン that imports the entries'
    /// two columns separately does (`UKE-subsidy`).
    ClaimSubsidyCrossedNumbers = "claim-subsidy-crossed-numbers",
        "writes a 医療費助成 KO with the 受給者番号 of another entry";
    /// takes every 医療費助成 entry of the answer into the claim, also one
    /// whose 有効期間 does not hold the visit's day (`UKE-subsidy-valid`).
    ClaimSubsidyExpiredTaken = "claim-subsidy-expired-taken",
        "claims a 医療費助成 whose 受給者証 is not valid on the visit's day";
    /// writes the 医療費助成 KO records before HO (`UKE-insurer`: a 併用
    /// claim lists HO before its KO).
    ClaimSubsidyBeforeInsurance = "claim-subsidy-before-insurance",
        "writes a 医療費助成 KO before the claim's HO";
    /// writes each 医療費助成 KO's 負担金額 as the patient's share of the
    /// month's points, without the entry's 自己負担上限額 (`UKE-subsidy-cap`).
    ClaimSubsidyCapIgnored = "claim-subsidy-cap-ignored",
        "writes a 医療費助成 KO's 負担金額 above the entry's 自己負担上限額";
    /// when the day's answer carries no 医療費助成 (the patient declined
    /// at the face reader), takes the KO of the patient's claim in the claim file it wrote last
    /// (last month's), as a レセコン that keeps the 公費 in its patient master does
    /// (`UKE-subsidy`).
    ClaimSubsidyFromMaster = "claim-subsidy-from-master",
        "claims last month's 医療費助成 from the patient master when the answer carries none";
    /// counts every day of the patient's month claim in each 医療費助成
    /// KO's 診療実日数 and 合計点数, as HO counts them, also a day the 公費 was not used (its
    /// 受給者証 ended, the patient declined it), though each 公費's JD marks its own days
    /// (`UKE-subsidy-days`).
    ClaimSubsidyDaysOfInsurance = "claim-subsidy-days-of-insurance",
        "counts the insurance's days in a 医療費助成 KO's 診療実日数";
    /// reads a 受給者証's 有効期間 as ending the day before its
    /// MedicalSubsidyValidEndDate, so a 受給者証 on its last valid day is left out of the
    /// claim though the answer carries it and the patient chose to use it (`UKE-subsidy`).
    ClaimSubsidyLastDayDropped = "claim-subsidy-last-day-dropped",
        "leaves a 医療費助成 on its last valid day out of the claim";
    /// writes each 医療費助成 KO's 合計点数 as HO's, the points of every
    /// day of the patient's month claim, though the KO's 診療実日数 and JD count only the days
    /// its 公費 was used (`UKE-subsidy-days`).
    ClaimSubsidyPointsOfInsurance = "claim-subsidy-points-of-insurance",
        "copies HO's 合計点数 into a 医療費助成 KO used on fewer days";
    /// bills the 訪問看護医療ＤＸ情報活用加算 (KA 550002270) in a
    /// station's RECEIPTH.UKE for every user of the day's import, also one whose confirmation
    /// carries no consent to share their information (`UKE-station-dx-addition`).
    StationDxAdditionWithoutConsent = "station-dx-addition-without-consent",
        "bills the station's 訪問看護医療ＤＸ情報活用加算 to a user without the consent";
    /// claims each user in a station's RECEIPTH.UKE to the insurer
    /// of its own user master, a former one (`06139984`, or `06139992` for a user of that
    /// one), not the insurer the day's 居宅 confirmation answered, as a station レセコン that
    /// does not take the import's insurer into its master does (`UKE-station-insurer`).
    StationClaimFormerInsurer = "station-claim-former-insurer",
        "claims a station's users to a former insurer, not the confirmation's";
    /// writes a station's 医療扶助 claim in RECEIPTH.UKE with the
    /// KO of the 公費負担者番号 and no 受給者番号, as a station レセコン whose user master keeps
    /// the 福祉事務所 but not the 医療券等's number does (`UKE-station-public-expense`).
    StationClaimNoRecipient = "station-claim-no-recipient",
        "writes a station's 医療扶助 claim's KO without the 受給者番号";
    /// writes each KA 金額 of a station's RECEIPTH.UKE at twice
    /// its code's price with no 数量データ (one 数量 too many), its HO 合計金額 their sum, as a
    /// レセコン that adds a visit's items twice does (`UKE-station-amounts`).
    StationClaimAmountTwice = "station-claim-amount-twice",
        "writes a station's KA 金額 at twice the code's price";
    /// writes every KA of a station's RECEIPTH.UKE with 負担区分
    /// `1` (医保単独, 別表22), a 医療扶助 user's 公費単独 claim too, which has no HO: the item is
    /// billed to no one, as the public station writer that writes `1` for every item does
    /// (`UKE-file-reads`).
    StationClaimBurdenInsurance = "station-claim-burden-insurance",
        "writes every station KA with 負担区分 1, a 公費単独 claim's too";
    /// leaves a station claim's HO (or KO) 実日数 at the first
    /// day's `1` when a later day of the month is added to it (its JD marking both days), as a
    /// レセコン that counts the 実日数 once, when it opens the claim, does (`UKE-file-reads`).
    StationClaimDaysFirstVisit = "station-claim-days-first-visit",
        "leaves a station claim's 実日数 at 1 when later days are added";
    /// writes a station's RECEIPTH.UKE with the 請求年月 (HM) of
    /// the visits' own month, not the month after, as a レセコン that takes the 請求年月 from
    /// the day it writes the file does (`UKE-file-reads`).
    StationClaimBillingVisitMonth = "station-claim-billing-visit-month",
        "writes a station file's HM 請求年月 as the visits' own month";
    /// writes a station's 後期高齢者医療 user's claim with a 医保
    /// レセプト種別 (`6118`, `6110`), not the 後期 kind of the 訪問看護 別表4 (`6318`, `6310`),
    /// as a station レセコン whose kind list is the 医科 one does (`UKE-share`).
    StationClaimLateElderlyAsInsurance = "station-claim-late-elderly-as-insurance",
        "writes a station's 後期高齢者 claim with a 医保 レセプト種別 (6118), not 6318";
    /// takes "today" of a consent import as the UTC date of the scenario's clock, not the
    /// JST one: before 09:00 JST it asks the terminal for the day before (`XML-consent-import`).
    ImportUtcDay = "import-utc-day",
        "asks a consent import for the UTC date, the day before until 09:00 JST";
    /// bills the station's 訪問看護医療ＤＸ情報活用加算 at every visit of the month, not once a
    /// month (月1回), as a レセコン that adds the day's items to the month's claim unchecked does
    /// (`UKE-station-dx-addition`).
    StationDxAdditionEveryVisit = "station-dx-addition-every-visit",
        "bills the station's 訪問看護医療ＤＸ情報活用加算 at every visit, not once a month";
    /// writes a claim of its own for each import of a station's user, so a user imported on
    /// several days of the month is claimed several times in one RECEIPTH.UKE (a 重複請求,
    /// `UKE-file-reads`).
    StationClaimEachImport = "station-claim-each-import",
        "claims a station's user once per import, so twice or more in one file";
    /// claims every user of a station's import, also one whose unit says the qualification is
    /// not valid that day, from the unit's record (`UKE-station-insurer`).
    StationClaimIneligible = "station-claim-ineligible",
        "claims a station's user whose unit says the qualification is not valid";
    /// writes a station's 医療扶助 claim's KO 受給者番号 as the unit gives it, without the
    /// zeros that fill it to the seven digits the layout requires
    /// (`UKE-station-public-expense`).
    StationClaimRecipientUnpadded = "station-claim-recipient-unpadded",
        "writes a station's KO 受給者番号 without filling it to seven digits";
    /// writes a station's month in one RECEIPTH.UKE for the 支払基金 (HM 審査支払機関 `1`),
    /// its 国保 and 後期 users' claims too, which go to the 国保連 in a file of its own
    /// (`UKE-file-reads`, `PayerOfInsurer`).
    StationClaimOnePayerFile = "station-claim-one-payer-file",
        "writes a station's 国保 and 後期 users' claims into the 支払基金's file";
    /// claims each user of a station's consent import as visited on the day after the import
    /// (JD and KA of that day, the file agreeing with itself), where the consent imported was
    /// registered at a visit on the import's own day (`UKE-visits`).
    StationClaimDayAfterImport = "station-claim-day-after-import",
        "claims a station's imported users on the day after the import, not the import's day";
    /// prices each KA of a station's RECEIPTH.UKE by the public prices alone, ignoring the
    /// vendor's dated rows the run gives (`MYNAKIT_STATION_PRICES`): a visit after a row's first
    /// day billed at the price before it, as a レセコン whose 訪問看護療養費マスター was not
    /// updated for a revision does (`UKE-station-amounts`).
    StationClaimPriceStaleMaster = "station-claim-price-stale-master",
        "bills a station's visit after a price revision at the price before it";
    /// prices each KA of a station's RECEIPTH.UKE by the newest row of each code, public or of
    /// the run's table (`MYNAKIT_STATION_PRICES`), whatever the visit's day: a visit before a
    /// row's first day billed at its price, as a レセコン that applies a revision's master the
    /// day it is loaded does (`UKE-station-amounts`).
    StationClaimPriceNewestRow = "station-claim-price-newest-row",
        "bills a station's visit before a price revision at the revised price";
    /// claims a visit the answer does not cover (the qualification
    /// lost) to the insurer the answer names, the old one (`UKE-insurer`).
    ClaimFileAfterLoss = "claim-file-after-loss",
        "claims a visit after the qualification's loss to the old insurer";
    /// claims a 高齢受給者 or 後期高齢者 as 本人 or 家族
    /// with a 国保 給付割合 of 70, as a レセコン that claims from its own patient master, not
    /// from the answer's share, does (`UKE-share`).
    ClaimFileElderlyShareIgnored = "claim-file-elderly-share-ignored",
        "claims a 高齢受給者 or 後期高齢者 as 本人 or 家族 with the 3割 給付割合";
    /// in a 薬局's 調剤 claim, bills the 医科 加算 codes of the
    /// visit's day (医療情報取得加算 111703270, …) as 調剤基本料加算 in KI, as a レセコン whose
    /// 点数マスター is the 医科 one does (`UKE-addition`).
    ClaimFileMedicalAdditions = "claim-file-medical-additions",
        "bills the 医科 加算 codes in a 薬局's 調剤 claim";
    /// at a 薬局, sends its claim record as a 薬局's (`fee_schedule`
    /// `pharmacy`) but claims in it the 医科 加算 of the visit's day (医療情報取得加算２（初診） on
    /// 2024-06-01, 電子的診療情報連携体制整備加算２ on 2026-06-01), as a レセコン whose 点数マスター
    /// is the 医科 one does (`XML-claim-record`).
    ClaimRecordMedicalAdditions = "claim-record-medical-additions",
        "at a 薬局, claims the 医科 加算 in its claim record";
    /// bills 明細書発行体制等加算 (112015770) beside the visit's 加算, which
    /// the master excludes with 電子的診療情報連携体制整備加算 from 2026-06-01: a レセコン that
    /// keeps its old standing 加算 after the 令和8年度 revision (`UKE-addition`).
    ClaimFileStatementAddition = "claim-file-statement-addition",
        "bills 明細書発行体制等加算 beside 電子的診療情報連携体制整備加算";
    /// writes the 加算 lines of a 医科 claim without their 算定日, which the
    /// 記録条件仕様 requires: in a month's claim of several visits no line can be put on its
    /// visit (`UKE-addition`).
    ClaimFileAdditionWithoutDay = "claim-file-addition-without-day",
        "writes a 医科 claim's 加算 lines without their 算定日";
    /// at a 薬局, writes the claim in the 医科 layout (IR, 点数表
    /// 1, レセプト種別 1xxx), as a レセコン built for clinics does (`UKE-insurer`).
    ClaimFileMedicalLayout = "claim-file-medical-layout",
        "writes a 薬局's claim in the 医科 layout (IR)";
    /// writes RECEIPTC.UKE without the 0x1A end mark after its last CR LF, as a レセコン that
    /// writes its records with a text library does: the claims read, the file does not
    /// (`UKE-file-reads`).
    ClaimFileNoEndMark = "claim-file-no-end-mark",
        "writes RECEIPTC.UKE without the 0x1A end mark";
    /// claims a 本人 as a 家族 and a 家族 as a 本人 (RE
    /// レセプト種別 …6 for PersonalFamilyClassification 1, …2 for 2), as a レセコン that takes
    /// 本人家族 from its own patient master, not from the answer, does (`UKE-insurer`).
    ClaimFileWrongFamilyKind = "claim-file-wrong-family-kind",
        "claims a 本人 as a 家族 and a 家族 as a 本人 in RE レセプト種別";
    /// writes RE 生年月日 in the 和暦 spelling under the wrong
    /// 元号 where that era has the day (昭和21 as 平成21, 平成4 as 昭和4): a plausible day that is
    /// not the patient's, as a レセコン whose 元号 field was keyed wrong does (`UKE-insurer`). A
    /// birth year no other era has (昭和60) is written right.
    ClaimFileWrongBirthEra = "claim-file-wrong-birth-era",
        "writes RE 生年月日 in 和暦 under the wrong 元号 where that era has the day";
    /// writes RE 診療年月 as the month after the visit's
    /// (the 請求年月 the claim is sent in), as a レセコン that fills 診療年月 from the batch's month
    /// does (`UKE-insurer`; with earlier visits `UKE-visits`).
    ClaimFileWrongMonth = "claim-file-wrong-month",
        "writes RE 診療年月 as the month after the visit's";
    /// bills a patient's 初診 of the month with the 加算
    /// of the period before the one in force (`ClaimAddition::previous`), its 再診 rightly, as a
    /// レセコン whose 初診 rows of the 点数マスター were not updated does: only the earlier visit
    /// of a month's file is wrong (`UKE-addition`, each visit by the rules of its own day).
    ClaimFileFirstVisitPreviousPeriod = "claim-file-first-visit-previous-period",
        "bills a 初診's 加算 of the period before the one in force, its 再診 rightly";
    /// at a 健診 facility known by its own identity (flow
    /// `checkup-facility`), names the facility by the 医療機関コード in its 健診 checks, as an
    /// app built for clinics does (`SVC-kenshin-facility-identity`).
    KenshinFacilityCode = "kenshin-facility-code",
        "names a 健診 facility by the 医療機関コード, not by its own 健診 identity";
    /// at a 柔整・あはき 施術所 shows 記号, 番号 and 枝番 in 全角
    /// digits, as an app that formats them for a printed form does, so they are transcribed so
    /// (`SVC-transcription-fields`).
    TranscriptionFullWidth = "transcription-full-width",
        "at a 柔整・あはき 施術所 shows 記号, 番号 and 枝番 in 全角 digits";
    /// in 薬剤情報 (or 特定健診情報) mode, takes the terminal's refusal
    /// for want of the patient's consent to sharing (`ResultCode` 2 with
    /// `PharmacistsInfoConsFlg` / `SpecificHealthCheckupsInfoConsFlg` / `DiagnosisInfoConsFlg` 0)
    /// for an empty history and shows "no drugs on record" (no checkup, no treatment on record)
    /// as obtained (`XML-sharing-consent`).
    IgnoreSharingConsent = "ignore-sharing-consent",
        "shows a 薬剤情報 / 特定健診情報 / 診療情報 refusal for want of consent as an empty history, \
        obtained";
    /// in 薬剤情報 (or 特定健診情報, 診療情報) mode, takes the terminal's refusal
    /// for want of the card and the patient's consent for a passing failure and asks once more
    /// under a new name before it shows the refusal (`XML-viewing-needs-card`).
    AskInfoAgainWithoutCard = "ask-info-again-without-card",
        "asks for a 薬剤情報 / 特定健診情報 / 診療情報 once more after the refusal for want of the \
        card and consent";
    /// in 薬剤情報 mode, shows the history from the XML answer as obtained
    /// without ever asking for the PDF (`XML-info-pdf`).
    SkipDrugPdf = "skip-drug-pdf", "shows the 薬剤情報 as obtained without asking for the PDF";
    /// in the same-day consent import, shows each unit with its
    /// own outcome but the first unit's patient (card data, name, birth date): the right count,
    /// the wrong people (`XML-consent-import`).
    ConsentImportWrongPatient = "consent-import-wrong-patient",
        "shows every unit of a consent import with the first unit's patient";
    /// in face mode, takes any face push for a confirmation and
    /// shows `eligible` without reading its `ProcessingResultStatus`, so the reader's pushed
    /// failure (a revoked card) shows as a qualification (`SVC-invalid-shown`).
    FaceFailureAsConfirmed = "face-failure-as-confirmed",
        "shows any face push as eligible without reading its ProcessingResultStatus";
    /// when the card leaves mid-read of the certificate (an NFC
    /// tag lost, or a card pulled from a PC/SC reader), waits for a card, selects the AP and the
    /// EF again and reads on from the offset where it stopped, keeping the bytes read before the
    /// loss: a certificate pieced together across two sessions, perhaps of two cards
    /// (`APDU-tag-lost-honest`).
    ResumeReadAfterCardLoss = "resume-read-after-card-loss",
        "after the card left mid-read, reads on where it stopped on the card presented \
        again, keeping the bytes read before";
    /// when the card leaves during the VERIFY of a typed PIN, shows
    /// 「暗証番号が違います」 (`pin-incorrect`, one try fewer) as if the card had refused the PIN,
    /// then ends in a card error: the patient believes a try is gone (`APDU-tag-lost-honest`).
    CardLossAsWrongPin = "card-loss-as-wrong-pin",
        "shows a card that left during the VERIFY as a wrong PIN (one try fewer)";
    /// when a VERIFY of a typed PIN gets no answer in time (the phone's
    /// transceive timeout) or fails in transit (PC/SC's `SCARD_E_NOT_TRANSACTED`), sends the
    /// same VERIFY again at once, without selecting the application and asking the tries left
    /// first: the lost one may already have spent a try (`APDU-timeout-honest`,
    /// `APDU-transport-error-honest`).
    BlindVerifyRetry = "blind-verify-retry",
        "sends a timed-out VERIFY again at once, without asking the tries left first";
    /// when the reader stops answering during the VERIFY of a
    /// typed PIN (PC/SC's `SCARD_E_READER_UNAVAILABLE` or `SCARD_E_NOT_TRANSACTED`), waits for
    /// it to come back, connects again and sends the same PIN, without asking the tries left
    /// first: the VERIFY in flight may already have spent a try (`APDU-reader-unavailable-honest`).
    VerifyAgainAfterOutage = "verify-again-after-outage",
        "after the reader was unavailable during the VERIFY, sends the PIN again once it is \
        back, without asking the tries left first";
    /// when the PC/SC service stops under a command
    /// (`SCARD_F_COMM_ERROR`, then `SCARD_E_NO_SERVICE`), never establishes a new context: it
    /// tries the handle from before for a while and takes its failures for an empty reader,
    /// ending as cancelled (`APDU-stack-restart-honest`).
    StaleContextAfterRestart = "stale-context-after-restart",
        "after the PC/SC service restarted, keeps using the old handle and takes its failures \
        for an empty reader";
    /// when the PC/SC service stops under a command, connects
    /// again by the reader name it had (`MYNAKIT_READER`) instead of listing the readers: a
    /// reader that came back under another name is taken for an empty one, ending as cancelled
    /// (`APDU-stack-restart-honest`, `reader-renamed-*`).
    ReaderNameCached = "reader-name-cached",
        "after the PC/SC service restarted, connects by the reader name it had, without \
        listing the readers again";
    /// takes another program's exclusive hold on the reader (PC/SC's
    /// `SCARD_E_SHARING_VIOLATION` at connecting) for an empty reader: tells the staff to place
    /// the card and waits for one to be put in, which never comes (the card was there all
    /// along), then ends as `card-error` saying there is no card (`APDU-reader-held-honest`).
    BusyReaderAsNoCard = "busy-reader-as-no-card",
        "takes a reader another program holds for an empty one: waits for a card to be put \
        in and ends saying there is none";
    /// on a 健診 bus (flow `pre-tour-check`), starts the tour's first
    /// card check without checking its devices: no `device-check` line (`SVC-pre-tour-check`).
    SkipPreTourCheck = "skip-pre-tour-check",
        "starts a 健診 bus tour's first card check without checking its devices";
    /// on a 健診 bus, asks the service's health endpoint but
    /// reports the device check passed whatever it answered (`SVC-pre-tour-check`).
    PreTourCheckAlwaysOk = "pre-tour-check-always-ok",
        "reports a 健診 bus's device check passed whatever the service answered";
    /// writes the 照会番号 registration (`OQSsiimm01`, or in bulk
    /// `OQSmuimm01`) and never reads its answer (in bulk: never downloads `OQSmuimm02`): the
    /// number keyed in is shown as the patient's `ReferenceNumber`, even when the terminal
    /// refused to register it (`XML-reference-number`).
    ReferenceNumberUnchecked = "reference-number-unchecked",
        "shows the 照会番号 keyed in as registered without reading the registration's answer";
    /// in the month's 医療扶助 import asks for the month before the
    /// day's (the レセプト month a claim batch at the start of a month works on), so this
    /// month's 医療券 never come in (`XML-medical-assistance-import`).
    AssistanceClaimMonth = "assistance-claim-month",
        "imports the 医療扶助 of the month before the day's (the claim month)";
    /// on a device registered through the portal (a facility with
    /// no 資格確認端末), logs in the terminal's way — the device account as a `user_id`, with an
    /// (empty) `activation_code` — as an app that knows only seed 003's set-up would
    /// (`SVC-portal-login`).
    PortalLoginAsTerminal = "portal-login-as-terminal",
        "logs a portal-registered device in the terminal's way (user id and activation \
        code)";
    /// when the portal login of a device is refused (the application
    /// still under review, rejected, …), ends with `service-error` and no word of why: the
    /// staff cannot tell a pending review from a broken app (`SVC-portal-login`).
    SilentLoginRefusal = "silent-login-refusal",
        "ends a refused portal login with service-error and no reason shown";
    /// asks for 診療情報 under mynakit's model name `SRKsiquc01`
    /// written into its code, whatever the terminal's name for it
    /// (`MYNAKIT_DIAGNOSIS_INFO_PREFIX`): at a terminal set otherwise the request is one it
    /// does not know (scenario `terminal-diagnosis-info-prefix`).
    DiagnosisInfoModelName = "diagnosis-info-model-name",
        "asks for 診療情報 as SRKsiquc01 whatever the terminal calls it";
    /// writes no 高額療養費 income class (26 区ア … 30 区オ) in RE's
    /// レセプト特記事項 of a patient of 70 or over, as a レセコン made before 2018-08 did
    /// (`UKE-income-class`).
    ClaimFileNoIncomeClass = "claim-file-no-income-class",
        "claims a patient of 70 or over without the income class in 特記事項";
    /// `auto-retry-pin` at random: after each `63Cx`, one time in two, re-sends the same PIN
    /// once by itself. A planted client race, so that `mynakit run --repeat N` has a flake of
    /// the client's to trace (docs/reports.md, "Whose flake").
    RacyPinRetry = "racy-pin-retry",
        "at random (one time in two) re-sends a wrong PIN once by itself";
    /// reads the card in the first reader of `MYNAKIT_READERS`
    /// instead of `MYNAKIT_READER`, as an app that takes "the first reader listed" does: with
    /// two readers it waits at an empty one, or reads another patient's card
    /// (`APDU-patient-reader`).
    FirstReaderListed = "first-reader-listed",
        "reads the card in the first reader of MYNAKIT_READERS, not MYNAKIT_READER";
    /// gives up on a card command whose answer takes more than 50 ms
    /// (a per-command deadline set for a reader on the desk) and ends with `card-error`: over a
    /// remote desktop, where every command takes 60 to 200 ms more, no card can be read
    /// (`APDU-latency-patience`).
    ShortCardTimeout = "short-card-timeout",
        "gives up on a card command not answered within 50 ms and ends card-error";
    /// asks for the PIN on screen and sends it in its own VERIFY though the
    /// reader lists a PIN pad (`FEATURE_VERIFY_PIN_DIRECT`), as an app written for readers
    /// without one does: the PIN crosses the computer the pad exists to keep it off
    /// (`APDU-pin-pad-used`).
    PinOnScreenWithPad = "pin-on-screen-with-pad",
        "asks for the PIN on screen though the reader has a PIN pad";
    /// takes a card command whose answer came more than 1 s after it
    /// was sent for the card gone: drops the answer and ends as cancelled saying no card was
    /// found. A command that waited for another program's PC/SC transaction is one
    /// (`APDU-reader-held-honest`, `reader-held-transaction-while-reading`).
    SlowAnswerAsNoCard = "slow-answer-as-no-card",
        "takes a card answer that came after more than 1 s for the card gone and ends saying \
        no card was found";
    /// as a relying party (flows `identity-by-signature` and
    /// `authentication-by-nonce`) reads the OCSP answer's status as good whatever it says,
    /// `revoked` included (`RP-revoked-refused`, `RP-auth-revoked-refused`).
    RelyingAcceptRevoked = "relying-accept-revoked",
        "as a relying party accepts a person whose certificate the OCSP answer says is revoked";
    /// as a relying party believes the OCSP answer without verifying its
    /// signature against the 署名用 CA: an unsigned `good` is good (`RP-ocsp-verified`).
    RelyingTrustUnsignedOcsp = "relying-trust-unsigned-ocsp",
        "as a relying party believes an OCSP answer without verifying who signed it";
    /// as a relying party takes a revocation check that got no answer (the
    /// responder unreachable, the connection dropped, a timeout) for good: soft-fail
    /// (`RP-revocation-fails-closed`).
    RelyingSoftFail = "relying-soft-fail",
        "as a relying party accepts a person when the OCSP responder does not answer";
    /// as a relying party shows the SubjectAltName's 代替文字 entries
    /// (`.2` 氏名代替文字, `.6` 住所代替文字) as the name and address, the wrong OIDs
    /// (`RP-fields-from-certificate`).
    RelyingSubstituteNames = "relying-substitute-names",
        "as a relying party shows the certificate's 代替文字 entries as the name and address";
    /// as a relying party in a 当人認証 (flow `authentication-by-nonce`)
    /// has the card sign a nonce the app made, and its server takes it instead of one it
    /// issued (`RP-nonce-fresh`).
    RelyingOwnNonce = "relying-own-nonce",
        "as a relying party has the card sign a nonce made on the client, which its server takes";
    /// as a relying party verifies the signature and the revocation but
    /// not the certificate's chain and validity: an expired certificate is taken
    /// (`RP-auth-expired-refused`, `RP-sign-expired-refused`).
    RelyingSkipChain = "relying-skip-chain",
        "as a relying party never verifies the certificate's chain and validity";
    /// as a relying party reads an OCSP `unknown` as good: the responder not
    /// knowing the certificate is taken for its not being revoked
    /// (`RP-accepted-on-good-answer`).
    RelyingUnknownIsGood = "relying-unknown-is-good",
        "as a relying party takes an OCSP answer of unknown for good";
    /// as a relying party never compares the OCSP answer's thisUpdate and
    /// nextUpdate with its clock: an answer past its validity, or dated ahead, is believed
    /// (`RP-accepted-on-good-answer`).
    RelyingIgnoreTimes = "relying-ignore-times",
        "as a relying party believes an OCSP answer whatever its thisUpdate and nextUpdate";
    /// as a relying party in a かざし (flow `pin-less`) takes a card whose 利用者証明用
    /// certificate no account holds as a new holder and accepts it on that certificate alone
    /// (`RP-pin-less-first-use-refused`).
    RelyingPinLessFirstUse = "relying-pin-less-first-use",
        "as a relying party accepts a かざし by a card no account knows, on its certificate alone";
    /// as a relying party in a かざし (flow `pin-less`) accepts once the 利用者証明用
    /// certificate verifies and its account is found, without the 券面事項確認AP signing the
    /// server's nonce (`RP-pin-less-card-proven`).
    RelyingPinLessNoCardProof = "relying-pin-less-no-card-proof",
        "as a relying party accepts a かざし on the certificate it read, without the card proving itself";
    /// as a relying party in a 身元確認 (flow `identity-by-signature`) verifies the 署名用
    /// certificate's chain and revocation and takes its 基本4情報 without the card signing
    /// anything (`RP-signature-verified`).
    RelyingCertificateOnly = "relying-certificate-only",
        "as a relying party accepts a person on the 署名用 certificate alone, without the card signing";
    /// as a relying party at a counter (flow `counter-read`) accepts the customer though the
    /// staff answered that the card's photo is not the person's (`RP-counter-face-refused`).
    CounterIgnoreFace = "counter-ignore-face",
        "at a counter accepts the customer whose face the staff said does not match the card";
    /// as a relying party at a counter (flow `counter-read`) never compares the card's expiry
    /// read from the 券面事項確認AP with the day (`RP-counter-expired-refused`).
    CounterIgnoreExpiry = "counter-ignore-expiry",
        "at a counter accepts a card whose expiry date has passed";
    /// as a relying party at a counter (flow `counter-read`) shows the 券面 records it read
    /// without verifying their signatures against the test CV roots
    /// (`RP-counter-signature-refused`).
    CounterSkipSignature = "counter-skip-signature",
        "at a counter accepts a card whose 券面 records a look-alike signed or someone altered";
    /// as a relying party at a counter (flow `counter-read`) verifies the 券面 records with
    /// the keys the card's own EF `0004` certificates name, never checking those certificates
    /// against the test CV roots (`RP-counter-signature-refused`).
    CounterTrustCardCertificate = "counter-trust-card-certificate",
        "at a counter believes the 券面 records' certificates on the card without the CV roots";
    /// as a relying party at a counter (flow `counter-read`) saves the card face's photo in
    /// its home "for the 確認記録", which keeps no photo (`RP-counter-record-only`).
    CounterKeepPhoto = "counter-keep-photo",
        "at a counter keeps the card's face photo in its files beyond the 確認記録";
    /// as a relying party in a かざし (flow `pin-less`) sends the account's
    /// birth date to the 券面事項確認AP's birth-date key a second time when the card answered the
    /// first VERIFY with a mismatch (`63Cx`): each try costs one of the key's tries, and the
    /// same date cannot do better (`RP-birth-date-tries`).
    RelyingBirthDateRetry = "relying-birth-date-retry",
        "as a relying party in a かざし sends the birth date again after the card answered a mismatch";
    /// as a relying party never verifies the card's signature over the
    /// server's data or nonce with the certificate's key, nor in a かざし the 券面事項確認AP's
    /// signature with the age record's key: a broken signature is taken
    /// (`RP-signature-verified`, `RP-auth-signature-verified`, `RP-pin-less-card-proven`).
    RelyingSkipSignature = "relying-skip-signature",
        "as a relying party never verifies the card's signature with the certificate's key";
    /// as a relying party in a 現況確認 (flow `status-check`) suspends every account
    /// whose 署名用 certificate is revoked, whatever the reason: a renewed, a moved or a given-up
    /// certificate is treated like a compromised one (`RP-status-reason-mapped`).
    RelyingStatusReasonIgnored = "relying-status-reason-ignored",
        "as a relying party suspends every revoked account in a 現況確認, whatever the reason";
    /// as a relying party in a 現況確認 keeps an account whose 署名用 certificate is
    /// on hold (certificateHold, 一時保留) as if it were good (`RP-status-revoked-not-kept`).
    RelyingStatusKeepsHeld = "relying-status-keeps-held",
        "as a relying party keeps an account whose 署名用 certificate is on hold in a 現況確認";
    /// as a relying party in a 現況確認 keeps every account whose 署名用 certificate
    /// the CRL does not name, one whose validity has ended too (the accounts file's
    /// `sign_certificate_not_after` unread): JPKI's CRL no longer names an expired certificate
    /// (`RP-status-expired-not-kept`).
    RelyingStatusKeepExpired = "relying-status-keep-expired",
        "as a relying party keeps an account whose 署名用 certificate has expired in a 現況確認";
    /// as a relying party in a 現況確認 looks each account's serial up in the 署名用 CA's CRL
    /// without comparing the account's issuer (`sign_certificate_issuer`) with the list's: a
    /// certificate another CA issued, which the list does not speak for, reads good by its
    /// number (`RP-status-reason-mapped`, `RP-status-revoked-not-kept`).
    RelyingStatusSkipIssuerCompare = "relying-status-skip-issuer-compare",
        "as a relying party decides a 現況確認 by serial alone, whatever CA issued the account's certificate";
    /// as a relying party in a 現況確認 gives the holder of a superseded (renewed)
    /// 署名用 certificate a new user, as if the renewed certificate were a new person
    /// (`RP-renewed-same-person`).
    RelyingRenewedNewPerson = "relying-renewed-new-person",
        "as a relying party makes a new user for a renewed certificate in a 現況確認";
    /// as a relying party in a 身元確認 (flow `identity-by-signature`) on a card
    /// that holds no 署名用 certificate (EF `0008`) falls back to the 利用者証明用 certificate,
    /// which needs no PIN to read, and accepts the person once its chain and revocation verify
    /// (`RP-no-sign-certificate-refused`).
    RelyingIdentityByAuthCertificate = "relying-identity-by-auth-certificate",
        "as a relying party identifies a card without a 署名用 certificate by its 利用者証明用 one";
    /// as a relying party in a 現況確認 (flow `status-check`) still names the
    /// account's user for a 署名用 certificate revoked for cessationOfOperation, whose link it
    /// decides to end (`RP-unlinked-no-user`).
    RelyingUnlinkKeepsUser = "relying-unlink-keeps-user",
        "as a relying party still names the user of an account it unlinks in a 現況確認";
    /// as a relying party in a かざし (flow `pin-less`) shows the account's birth
    /// date as the result's `Birthdate`, as if the login had verified it
    /// (`RP-login-shows-no-person`).
    RelyingFieldsFromAccount = "relying-fields-from-account",
        "as a relying party shows the account's birth date in the result of a かざし";
    /// as a relying party saves the typed 署名用 password (or 利用者証明用
    /// PIN) in a file in its home, `.relying-party/last-password`, "for next time"
    /// (`RP-password-not-kept`).
    RelyingKeepPassword = "relying-keep-password",
        "as a relying party saves the typed password in a file in its home";
    /// as a relying party in a かざし (flow `pin-less`) writes the birth-date key
    /// it opens the 券面事項確認AP with to its log, as a debugging line
    /// (`RP-birth-date-not-logged`).
    RelyingLogBirthDate = "relying-log-birth-date",
        "as a relying party logs the birth date it opens the 券面事項確認AP with in a かざし";
    /// as a relying party in a 身元確認, a 当人認証 or a かざし asks the OCSP
    /// responder about the card's certificate when it reads it from the card, asks again when it
    /// verifies, and keeps the first answer: a certificate revoked between the two is accepted
    /// (`RP-revoked-answer-refused`).
    RelyingFirstAnswerKept = "relying-first-answer-kept",
        "as a relying party keeps the OCSP answer it got when it read the certificate over a later one";
    /// as a relying party in a 身元確認 reports the person accepted before it asks the OCSP
    /// responder about the card's 署名用 certificate, and asks only afterwards, the answer
    /// changing nothing (`RP-answered-before-accepted`).
    RelyingAcceptThenAsk = "relying-accept-then-ask",
        "as a relying party accepts first and asks the OCSP responder afterwards";
    /// as a relying party in a 身元確認 or a 当人認証 has the card sign a `DigestInfo` of
    /// SHA-1 over the server's data or nonce, and verifies the signature as SHA-1
    /// (`RP-signature-digest-strong`).
    RelyingSha1Digest = "relying-sha1-digest",
        "as a relying party has the card sign a SHA-1 DigestInfo";
    /// as a relying party in a 現況確認 (flow `status-check`) believes the 署名用 CA's CRL
    /// without checking its signature or its nextUpdate: under a CRL signed by nobody or by
    /// another key, or past its nextUpdate, it keeps, renews and re-links accounts as the list
    /// says instead of suspending them all (`RP-status-untrusted-suspended`).
    RelyingStatusTrustUnsigned = "relying-status-trust-unsigned",
        "as a relying party believes an unsigned or stale CRL in a 現況確認";
    /// as a relying party reads an OCSP answer that holds no SingleResponse about
    /// the certificate it asked about by its first SingleResponse, whichever certificate that
    /// one's CertID names: a `good` about another certificate is taken for its own
    /// (`RP-accepted-on-good-answer`).
    RelyingAnySingleResponse = "relying-any-single-response",
        "as a relying party reads an OCSP answer about another certificate as its own";
    /// as a relying party sends a nonce in each OCSP request but never compares
    /// the one the answer echoes: an answer made for another request, replayed, is believed
    /// (`RP-accepted-on-good-answer`).
    RelyingNonceUnchecked = "relying-nonce-unchecked",
        "as a relying party sends an OCSP nonce but never compares the one echoed";
    /// as a relying party keeps one trust store of both test CAs: an OCSP answer
    /// about a 利用者証明用 certificate signed by the 署名用 CA's key is believed (and back), and
    /// in a 現況確認 a CRL signed by either, the 利用者証明用 CA's own list at the 署名用 CA's
    /// address too (`RP-ocsp-verified`, `RP-status-untrusted-suspended`).
    RelyingOneTrustStore = "relying-one-trust-store",
        "as a relying party trusts either test CA's signature on any answer or CRL";
    /// as a relying party takes the card's signature over the server's data or
    /// nonce on its form alone: an answer as long as the certificate's modulus is believed,
    /// never verified with the certificate's key. A broken (shortened) signature is still
    /// refused, but a card that signs with its own key while giving another card's certificate
    /// is believed (`RP-signature-verified`, `RP-auth-signature-verified`).
    RelyingSignatureLengthOnly = "relying-signature-length-only",
        "as a relying party checks the card's signature's length, not that the certificate's key made it";
}
