//! The detection matrix: how each check is proven end to end. For every check id, a bundled
//! scenario where mynakit's reference client passes the check, and a deliberate defect of that
//! client (`mynakit run --defect NAME`, `docs/reference-client.md`, "Defects") that fails the
//! same scenario on the same check. A check that cannot fail by design says why instead.
//!
//! The harness's test `detection` runs every row both ways in-process, and the conformance tests
//! fail when a check of [`crate::catalogue::CHECKS`] has no row here or the table in `docs/conformance.md`
//! ("Detection matrix") differs from [`detection_matrix`].

mod relying_party;
mod row;
mod subsidy;

pub use relying_party::RELYING_PARTY;
pub use row::{Detection, Proof};
pub use subsidy::SUBSIDY;

use row::caught;

/// The rows of every family before the relying party's ([`RELYING_PARTY`]) but the 医療費助成
/// checks' ([`SUBSIDY`]), in catalogue order
/// (a check may have several); [`all`] gives every row.
pub static DETECTION: &[Detection] = &[
    caught("PIN-one-verify", "pin-lockout", "auto-retry-pin"),
    caught("PIN-no-auto-retry", "pin-lockout", "auto-retry-pin"),
    caught(
        "PIN-blocked-stop",
        "pin-already-locked",
        "verify-blocked-pin",
    ),
    caught("PIN-tries-shown", "pin-one-try-left", "hide-tries-left"),
    caught("PIN-not-in-visual", "visual-mode", "verify-in-visual"),
    caught(
        "PIN-not-reused",
        "card-swapped-after-pin",
        "pin-to-next-card",
    ),
    caught(
        "PIN-not-reused",
        "second-card-in-other-reader",
        "pin-to-other-reader",
    ),
    caught("PIN-format", "pin-wrong-length", "skip-pin-format"),
    caught("PIN-not-logged", "pin-lockout", "log-apdus"),
    caught("PIN-not-kept", "pin-lockout", "keep-pin"),
    caught("APDU-select-first", "dependent", "skip-ap-select"),
    caught(
        "APDU-cert-complete",
        "card-read-error-mid-certificate",
        "stop-at-read-error",
    ),
    caught("APDU-sign-after-verify", "dependent", "sign-before-verify"),
    Detection {
        check: "APDU-efficiency",
        proof: Proof::ByDesign(
            "a REVIEW figure (APDU count, bytes, card time against the mode's minimum): it \
             informs and never fails, so no defect can fail it",
        ),
    },
    caught(
        "APDU-removal",
        "card-removed-at-signature",
        "card-error-as-service-error",
    ),
    caught(
        "APDU-removal",
        "reader-unplugged-mid-flow",
        "card-loss-as-cancel",
    ),
    caught("APDU-release", "dependent", "keep-card-powered"),
    caught(
        "APDU-empty-answer",
        "card-pulled-mid-signature",
        "empty-answer-ok",
    ),
    caught("APDU-no-61xx", "card-t0-answers", "accept-6cxx-as-data"),
    Detection {
        check: "APDU-unrecorded-command",
        proof: Proof::ByDesign(
            "a REVIEW finding (the commands a recorded card's log never saw, each with the \
             nearest recorded one): it informs a person and never fails, so no defect can fail it",
        ),
    },
    caught("APDU-no-my-number", "dependent", "read-my-number"),
    caught("APDU-one-presentation", "dependent", "ask-card-again"),
    caught(
        "APDU-phone-fallback",
        "smartphone-card-app-reads-kenmen",
        "require-kenhojo",
    ),
    caught("APDU-short-fallback", "short-apdu-reader", "extended-read"),
    caught(
        "APDU-pin-pad-used",
        "pin-pad-reader",
        "pin-on-screen-with-pad",
    ),
    caught(
        "APDU-select-identifiers",
        "mobile-ios-select-identifiers",
        "read-my-number",
    ),
    caught(
        "APDU-tag-lost-honest",
        "card-removed-mid-read-put-back",
        "resume-read-after-card-loss",
    ),
    caught(
        "APDU-tag-lost-honest",
        "mobile-card-moved-off-mid-read",
        "resume-read-after-card-loss",
    ),
    caught(
        "APDU-tag-lost-honest",
        "card-swapped-after-pin",
        "card-loss-as-wrong-pin",
    ),
    caught(
        "APDU-timeout-honest",
        "mobile-verify-timeout",
        "blind-verify-retry",
    ),
    caught(
        "APDU-transport-error-honest",
        "reader-transport-error-at-verify",
        "blind-verify-retry",
    ),
    caught(
        "APDU-patient-reader",
        "second-reader-empty-first",
        "first-reader-listed",
    ),
    caught(
        "APDU-patient-reader",
        "second-reader-other-card-first",
        "first-reader-listed",
    ),
    caught(
        "APDU-latency-patience",
        "reader-remote-desktop",
        "short-card-timeout",
    ),
    caught(
        "APDU-latency-patience",
        "reader-remote-desktop-wrong-pin",
        "short-card-timeout",
    ),
    caught(
        "APDU-reader-unavailable-honest",
        "reader-unavailable-at-verify",
        "verify-again-after-outage",
    ),
    caught(
        "APDU-stack-restart-honest",
        "pcscd-restart-at-verify",
        "stale-context-after-restart",
    ),
    caught(
        "APDU-stack-restart-honest",
        "reader-renamed-at-verify",
        "reader-name-cached",
    ),
    caught(
        "APDU-reader-held-honest",
        "reader-held-at-start",
        "busy-reader-as-no-card",
    ),
    caught(
        "APDU-reader-held-honest",
        "reader-held-transaction-while-reading",
        "slow-answer-as-no-card",
    ),
    caught("DATA-nothing-kept", "dependent", "keep-patient-data"),
    caught(
        "DATA-nothing-kept",
        "terminal-diagnosis-info-consent-given",
        "keep-patient-data",
    ),
    caught("DATA-nothing-logged", "dependent", "log-patient"),
    // The hospital's side of an emergency view: its log is searched as a counter's is.
    caught(
        "DATA-nothing-logged",
        "emergency-unconscious-view",
        "log-patient",
    ),
    caught(
        "DATA-ambulance-kept",
        "myna-kyukyu-unconscious-view",
        "ambulance-keeps-summary",
    ),
    caught(
        "DATA-ambulance-kept",
        "myna-kyukyu-consented-view",
        "ambulance-logs-summary",
    ),
    caught("DATA-read-aloud", "read-aloud", "speak-pin"),
    caught(
        "SVC-fresh-challenge",
        "unregistered-registration",
        "reuse-challenge",
    ),
    caught("SVC-tls-validated", "wrong-server-ca", "trust-any-server"),
    caught(
        "SVC-invalid-shown",
        "expired-eligibility",
        "show-lost-as-valid",
    ),
    // A phone's certificate has no grace (支払基金 KB0012286): the refusal is a failed message,
    // which SVC-invalid-shown already owns; no check of its own.
    caught(
        "SVC-invalid-shown",
        "smartphone-card-certificate-expired",
        "grace-for-expired-phone",
    ),
    caught(
        "SVC-medical-assistance",
        "medical-assistance",
        "drop-medical-assistance-fields",
    ),
    caught(
        "SVC-unregistered-flow",
        "unregistered-registration",
        "skip-registration",
    ),
    caught(
        "SVC-limit-consent",
        "limit-consent-refused",
        "ignore-limit-refusal",
    ),
    caught("SVC-warning-shown", "auth-expires-soon", "hide-warning"),
    caught("SVC-retry-backoff", "service-503", "retry-without-backoff"),
    caught(
        "SVC-device-signed",
        "device-setup-login",
        "unsigned-requests",
    ),
    caught("SVC-login-stop", "device-account-lockout", "retry-login"),
    caught(
        "SVC-login-stop",
        "device-password-lockout",
        "ask-password-after-lockout",
    ),
    caught(
        "SVC-device-invalidated-stop",
        "device-invalidated-mid-session",
        "reactivate-after-invalidation",
    ),
    caught(
        "SVC-login-stop",
        "device-account-not-started",
        "ask-password-after-any-refusal",
    ),
    caught(
        "SVC-login-stop",
        "device-account-never-logged-in",
        "ask-password-after-any-refusal",
    ),
    caught(
        "SVC-login-stop",
        "device-admin-account",
        "ask-password-after-any-refusal",
    ),
    caught("SVC-login-stop", "device-facility-withdrawn", "retry-login"),
    caught(
        "SVC-transcription-fields",
        "jusei-ahaki-transcription",
        "transcription-full-width",
    ),
    caught(
        "SVC-kenshin-facility-identity",
        "kenshin-checkup-institution-number",
        "kenshin-facility-code",
    ),
    caught(
        "SVC-kenshin-facility-identity",
        "kenshin-insurer-online-code",
        "kenshin-facility-code",
    ),
    caught(
        "SVC-login-stop",
        "device-account-id-never-issued",
        "retry-login",
    ),
    caught(
        "SVC-login-stop",
        "portal-application-under-review",
        "retry-login",
    ),
    caught(
        "SVC-terms-current",
        "registration-terms-revised",
        "reuse-outdated-terms",
    ),
    caught(
        "SVC-registration-pending",
        "registration-delayed",
        "register-again",
    ),
    caught(
        "SVC-welfare-screen",
        "medical-assistance-after-loss",
        "drop-back-of-card",
    ),
    caught(
        "SVC-registration-pin-mode",
        "registration-in-visual-accepted",
        "register-in-visual",
    ),
    // The other side of each dated start (docs/rules.md, "What began when"): a client that
    // follows the rule of the day after it on the day before.
    caught(
        "SVC-welfare-screen",
        "medical-assistance-before-e05a",
        "welfare-screen-early",
    ),
    caught(
        "SVC-unregistered-flow",
        "registration-before-app",
        "registration-early",
    ),
    caught(
        "SVC-history-hand-off",
        "history-before-app",
        "history-early",
    ),
    caught(
        "SVC-medical-assistance",
        "medical-assistance-online-first-day",
        "medical-assistance-late",
    ),
    caught(
        "SVC-history-hand-off",
        "history-hand-off",
        "hand-off-guessed-id",
    ),
    caught(
        "SVC-history-hand-off",
        "history-past-confirmations",
        "hand-off-guessed-id",
    ),
    caught(
        "SVC-hand-off-confirmed",
        "history-hand-off-own-entry",
        "hand-off-unconfirmed",
    ),
    caught(
        "SVC-hand-off-own-entry",
        "history-hand-off-own-entry",
        "hand-off-other-entry",
    ),
    caught(
        "SVC-role-respected",
        "viewing-medical-information-role",
        "hide-medical-information",
    ),
    caught("SVC-role-respected", "viewing-general-role", "ignore-role"),
    caught(
        "SVC-kenshin-eligibility-only",
        "kenshin-checkup-ticket",
        "kenshin-as-counter",
    ),
    caught(
        "SVC-network-loss-honest",
        "bus-kenshin-network-returns",
        "replay-after-network-loss",
    ),
    caught(
        "SVC-medical-ticket-prompt",
        "medical-assistance-before-ticket-registered",
        "skip-medical-ticket-prompt",
    ),
    caught(
        "SVC-fallback-papers-dated",
        "bus-kenshin-network-lost-2025-12-02",
        "fallback-expired-paper",
    ),
    caught(
        "SVC-fallback-papers-dated",
        "bus-kenshin-network-lost-2026-04-01",
        "fallback-expired-card-numbers",
    ),
    caught(
        "SVC-fallback-papers-dated",
        "kyotaku-consent-withdrawn-late-elderly-2026-08-01",
        "later-elderly-certificate-only",
    ),
    caught(
        "SVC-fallback-papers-dated",
        "kyotaku-consent-withdrawn-late-elderly-2026-07-31",
        "later-elderly-notice-only",
    ),
    caught(
        "SVC-fallback-papers-dated",
        "kyotaku-consent-withdrawn-late-elderly-85-2026-08-01",
        "later-elderly-notice-only",
    ),
    caught(
        "SVC-disaster-designated",
        "disaster-not-designated",
        "disaster-skip-designation",
    ),
    caught(
        "SVC-emergency-consent",
        "emergency-patient-can-consent",
        "emergency-view-despite-consent",
    ),
    caught(
        "SVC-emergency-role",
        "emergency-no-role",
        "emergency-skip-role",
    ),
    caught(
        "SVC-emergency-scope",
        "emergency-unconscious-view",
        "emergency-beyond-scope",
    ),
    caught(
        "SVC-emergency-scope",
        "myna-kyukyu-full-answer",
        "emergency-shows-whole-answer",
    ),
    caught(
        "SVC-ambulance-consent",
        "myna-kyukyu-consent-refused",
        "ambulance-view-without-consent",
    ),
    caught(
        "SVC-ambulance-consent",
        "myna-kyukyu-consented-view",
        "ambulance-view-without-consent",
    ),
    caught(
        "SVC-ambulance-photo",
        "myna-kyukyu-photo-mismatch",
        "ambulance-ignore-photo-mismatch",
    ),
    caught(
        "SVC-ambulance-unread",
        "myna-kyukyu-consent-refused",
        "ambulance-read-card-first",
    ),
    caught(
        "SVC-home-consent-scope",
        "kyotaku-consent-withdrawn",
        "home-visit-cached-result",
    ),
    caught(
        "SVC-home-consent-scope",
        "kyotaku-withdraw-at-visit",
        "withdrawal-not-sent",
    ),
    caught(
        "SVC-online-consent-per-visit",
        "online-shinryo-no-fresh-consent",
        "reuse-online-consent",
    ),
    caught(
        "SVC-treatment-ticket-shown",
        "jusei-ahaki-medical-assistance",
        "skip-treatment-ticket",
    ),
    // 医療費助成 at a card app (docs/subsidies.md, "The card app").
    caught("SVC-subsidy-asked", "subsidy-child", "subsidy-unasked"),
    caught(
        "SVC-subsidy-declined",
        "subsidy-declined",
        "subsidy-decline-ignored",
    ),
    caught("SVC-subsidy-shown", "subsidy-child", "subsidy-first-only"),
    caught("SVC-subsidy-shown", "subsidy-adult", "subsidy-first-only"),
    // After a lost answer (docs/subsidies.md, "After a network loss").
    caught(
        "SVC-subsidy-shown",
        "subsidy-child-network-loss",
        "subsidy-first-only",
    ),
    caught(
        "SVC-subsidy-declined",
        "subsidy-adult-declined-network-loss",
        "subsidy-decline-ignored",
    ),
    caught(
        "SVC-fresh-challenge",
        "subsidy-child-network-loss",
        "replay-after-network-loss",
    ),
    caught(
        "SVC-subsidy-valid",
        "subsidy-adult",
        "subsidy-expired-shown",
    ),
    caught(
        "SVC-subsidy-valid",
        "subsidy-adult-2026-07",
        "subsidy-expired-shown",
    ),
    caught(
        "SVC-subsidy-valid",
        "subsidy-child-2027-01",
        "subsidy-expired-shown",
    ),
    caught(
        "SVC-paper-claims-eligibility-only",
        "paper-claims-insured",
        "paper-claims-medical-consent",
    ),
    caught(
        "SVC-dock-purpose",
        "ningen-dock-identity-only",
        "dock-ignore-purpose",
    ),
    caught(
        "SVC-dock-purpose",
        "ningen-dock-insurer-check",
        "dock-skip-purpose",
    ),
    caught(
        "XML-kenshin-eligibility-only",
        "terminal-kenshin-eligibility-only",
        "kenshin-as-counter",
    ),
    caught(
        "XML-dock-purpose",
        "terminal-ningen-dock-identity-only",
        "dock-ignore-purpose",
    ),
    caught(
        "XML-dock-purpose",
        "terminal-ningen-dock-insurer-check",
        "dock-skip-purpose",
    ),
    caught(
        "XML-status-both",
        "terminal-center-outage",
        "result-file-is-success",
    ),
    caught(
        "XML-status-both",
        "terminal-bulk-center-outage",
        "wait-past-error",
    ),
    caught(
        "XML-request-accepted",
        "terminal-single-check",
        "malformed-request",
    ),
    caught(
        "XML-request-accepted",
        "terminal-diagnosis-info-prefix",
        "diagnosis-info-model-name",
    ),
    caught(
        "XML-atomic-write",
        "terminal-kokuho-insurer",
        "write-in-place",
    ),
    caught("XML-partial-read", "terminal-bulk-check", "write-in-place"),
    caught(
        "XML-request-kept",
        "terminal-single-check",
        "withdraw-unanswered-request",
    ),
    caught(
        "XML-match-by-name",
        "terminal-two-in-flight",
        "newest-result",
    ),
    caught(
        "XML-match-by-name",
        "terminal-diagnosis-info-two-in-flight",
        "newest-result",
    ),
    caught("XML-complete-read", "terminal-slow-result", "early-read"),
    caught(
        "XML-insurer-padding",
        "terminal-kokuho-insurer",
        "unpadded-insurer",
    ),
    caught(
        "XML-insurer-padding",
        "terminal-kokuho-insurer",
        "zero-padded-insurer",
    ),
    caught("XML-encoding", "terminal-shift-jis", "results-as-utf8"),
    caught("XML-face-consume", "terminal-face-push", "leave-face-file"),
    caught("XML-gaiji", "terminal-face-gaiji", "ignore-gaiji"),
    caught(
        "XML-processing-poll",
        "terminal-bulk-check",
        "poll-without-pause",
    ),
    caught(
        "XML-processing-poll",
        "terminal-bulk-check",
        "bulk-processing-as-final",
    ),
    caught(
        "XML-consent-import",
        "terminal-kyotaku-import",
        "import-processing-as-final",
    ),
    // 目視確認 (visual mode): defects a PIN-less app ships, each failed in visual mode by the
    // check that owns its concern (docs/client-protocol.md, "目視確認 (visual mode)").
    caught(
        "SVC-invalid-shown",
        "visual-expired-eligibility",
        "show-lost-as-valid",
    ),
    caught(
        "SVC-medical-assistance",
        "visual-medical-assistance",
        "drop-medical-assistance-fields",
    ),
    caught(
        "SVC-unanswered-not-eligible",
        "visual-service-outage",
        "outage-as-eligible",
    ),
    caught(
        "APDU-removal",
        "visual-card-removed-while-reading",
        "stale-result-on-card-loss",
    ),
    caught("VIS-photo-before-result", "visual-mode", "skip-photo-match"),
    caught(
        "VIS-photo-before-result",
        "visual-mode",
        "photo-match-after-result",
    ),
    caught("VIS-no-pin", "visual-mode", "ask-pin-in-visual"),
    caught("VIS-no-pin", "visual-mode", "pin-request-in-visual"),
    caught("VIS-no-pin", "face-auth-card", "ask-pin-in-face"),
    caught(
        "VIS-card-read",
        "visual-previous-patient",
        "show-previous-result",
    ),
    // Both roles: the checks about what is shown for an eligibility outcome judge a レセコン
    // against the terminal's answer as they judge a card app against the service's, and a
    // shown result rests on this run's answer (docs/conformance.md, "Roles").
    caught(
        "SVC-result-rests-on-answer",
        "dependent",
        "show-before-answer",
    ),
    caught(
        "SVC-result-rests-on-answer",
        "terminal-single-check",
        "show-before-answer",
    ),
    caught(
        "SVC-result-rests-on-answer",
        "visual-previous-patient",
        "show-previous-result",
    ),
    caught(
        "SVC-limit-consent",
        "terminal-limit-consent-refused",
        "ignore-limit-refusal",
    ),
    caught(
        "SVC-invalid-shown",
        "terminal-face-lost-eligibility",
        "show-lost-as-valid",
    ),
    caught(
        "SVC-medical-assistance",
        "terminal-face-medical-assistance",
        "drop-medical-assistance-fields",
    ),
    caught("DATA-app-login", "dependent", "skip-app-login"),
    // What the answer says the patient is and pays, shown as answered in both roles: the loss
    // date, the sex code, the 限度額 class, the 高齢受給者証 and the 特定疾病療養受療証
    // (docs/conformance.md, "Roles").
    caught("SVC-invalid-shown", "expired-eligibility", "drop-loss-date"),
    caught(
        "SVC-invalid-shown",
        "terminal-single-check",
        "drop-loss-date",
    ),
    caught(
        "SVC-invalid-shown",
        "terminal-face-lost-eligibility",
        "drop-loss-date",
    ),
    caught(
        "SVC-medical-assistance",
        "medical-assistance",
        "swap-sex-code",
    ),
    caught(
        "SVC-medical-assistance",
        "terminal-face-medical-assistance",
        "swap-sex-code",
    ),
    caught("SVC-limit-shown", "limit-consent-given", "drop-limit-class"),
    caught(
        "SVC-limit-shown",
        "terminal-limit-consent-given",
        "drop-limit-class",
    ),
    caught(
        "SVC-limit-shown",
        "terminal-face-limit-consent",
        "drop-limit-class",
    ),
    caught(
        "SVC-elderly-shown",
        "elderly-70",
        "drop-elderly-certificate",
    ),
    caught(
        "SVC-elderly-shown",
        "terminal-elderly-70",
        "drop-elderly-certificate",
    ),
    caught(
        "SVC-elderly-shown",
        "terminal-face-elderly-70",
        "drop-elderly-certificate",
    ),
    caught(
        "SVC-specific-disease-shown",
        "specific-disease",
        "hide-medical-information",
    ),
    caught(
        "SVC-specific-disease-shown",
        "terminal-specific-disease",
        "hide-medical-information",
    ),
    // A card check carries the certificate read from the card in this run.
    caught(
        "SVC-result-rests-on-answer",
        "visual-expired-eligibility",
        "replay-certificate",
    ),
    // A card app shows the service's error answer as that error (the レセコン's twin:
    // XML-status-both).
    caught(
        "SVC-error-shown",
        "jlis-maintenance",
        "result-file-is-success",
    ),
    caught("SVC-error-shown", "jlis-maintenance", "hide-error-code"),
    // The activation code goes out as the string of digits given: its leading 0 kept.
    caught(
        "SVC-activation-code-string",
        "device-code-leading-zero",
        "activation-code-as-number",
    ),
    caught(
        "XML-status-both",
        "terminal-center-outage",
        "hide-error-code",
    ),
    caught(
        "XML-claim-record",
        "terminal-claim-record-insurance-card",
        "claim-card-used-always",
    ),
    // The 加算 of the visit's day, not the period before (issue 52): on both boundaries.
    caught(
        "XML-claim-record",
        "terminal-claim-record-2024-06-01",
        "claim-previous-period",
    ),
    caught(
        "XML-claim-record",
        "terminal-claim-record-2026-06-01",
        "claim-previous-period",
    ),
    caught(
        "UKE-share",
        "terminal-claim-file-preschool",
        "claim-file-preschool-as-family",
    ),
    caught(
        "UKE-income-class",
        "terminal-claim-file-elderly-70",
        "claim-file-no-income-class",
    ),
    // 枝番 in full width: a half-width field, so the file is refused at reception.
    caught(
        "UKE-insurer",
        "terminal-claim-file-dependent",
        "claim-file-branch-full-width",
    ),
    // A month's claim billing a tier again within its frequency.
    caught(
        "UKE-addition",
        "terminal-claim-file-month-visits-2025-03",
        "claim-frequency-ignored",
    ),
    // The month's file: the earlier visits lost, or claimed to the newest insurer.
    caught(
        "UKE-visits",
        "terminal-claim-file-month-visits",
        "claim-file-last-visit-only",
    ),
    caught(
        "UKE-visits",
        "terminal-claim-file-insurance-changed",
        "claim-file-last-visit-only",
    ),
    caught(
        "UKE-visits",
        "terminal-claim-file-insurance-changed",
        "claim-file-one-insurer-per-month",
    ),
    // One patient is insurer + 記号・番号 + 枝番 + 生年月日: a household merged into one claim;
    // and every claim of the month is judged, the child's too when the 本人's visit is judged.
    caught(
        "UKE-visits",
        "terminal-claim-file-household",
        "claim-file-household-one-claim",
    ),
    // The station's claim file (issue 88): the 訪問看護医療ＤＸ情報活用加算 against the consent.
    caught(
        "UKE-station-dx-addition",
        "terminal-visiting-nursing-claim-file",
        "station-dx-addition-without-consent",
    ),
    // The station's claims against the users' 居宅 confirmations: a former insurer billed.
    caught(
        "UKE-station-insurer",
        "terminal-visiting-nursing-claim-file",
        "station-claim-former-insurer",
    ),
    // A station's 医療扶助 user claimed with the KO of the 公費 but without the 受給者番号.
    caught(
        "UKE-station-public-expense",
        "terminal-visiting-nursing-medical-assistance-claim",
        "station-claim-no-recipient",
    ),
    // The station's amounts: each KA at twice its code's price.
    caught(
        "UKE-station-amounts",
        "terminal-visiting-nursing-claim-file",
        "station-claim-amount-twice",
    ),
    // A station's KA of 負担区分 1 (医保) in a 公費単独 claim, which has no HO.
    caught(
        "UKE-file-reads",
        "terminal-visiting-nursing-medical-assistance-claim",
        "station-claim-burden-insurance",
    ),
    // A station claim's 実日数 left at the first day's when later days are added (its JD
    // marking them): HO 実日数 against the JD's counted days.
    caught(
        "UKE-file-reads",
        "terminal-visiting-nursing-month",
        "station-claim-days-first-visit",
    ),
    // A station's 後期高齢者 claimed with a 医保 レセプト種別 (6118), not the 訪問看護 別表4's
    // 後期 kind (6318).
    caught(
        "UKE-share",
        "terminal-visiting-nursing-late-elderly-claim",
        "station-claim-late-elderly-as-insurance",
    ),
    // A station's 未就学者 claimed as a 家族 (6116, not 6114).
    caught(
        "UKE-share",
        "terminal-visiting-nursing-preschool-claim",
        "claim-file-preschool-as-family",
    ),
    // A station file's 請求年月 (HM) the visits' own month.
    caught(
        "UKE-file-reads",
        "terminal-visiting-nursing-claim-file",
        "station-claim-billing-visit-month",
    ),
    // The station's 加算 billed at every visit of the month, not once (月1回).
    caught(
        "UKE-station-dx-addition",
        "terminal-visiting-nursing-days-claim",
        "station-dx-addition-every-visit",
    ),
    // A station's user claimed once per import: two claims of one user, payer and month (重複請求).
    caught(
        "UKE-file-reads",
        "terminal-visiting-nursing-days-claim",
        "station-claim-each-import",
    ),
    // A station's user claimed whom the import's unit finds without a valid qualification.
    caught(
        "UKE-station-insurer",
        "terminal-visiting-nursing-lost-eligibility-claim",
        "station-claim-ineligible",
    ),
    // A station's user claimed for a day after a later import of the month found the
    // qualification lost (the days before it, covered, are rightly claimed).
    caught(
        "UKE-station-insurer",
        "terminal-visiting-nursing-loss-mid-month",
        "station-claim-ineligible",
    ),
    // A station's KO 受給者番号 of six digits, not zero-filled to the layout's seven.
    caught(
        "UKE-file-reads",
        "terminal-visiting-nursing-short-recipient-claim",
        "station-claim-recipient-unpadded",
    ),
    // A station's 国保 and 後期 users claimed in the 支払基金's file (HM 審査支払機関 1).
    caught(
        "UKE-file-reads",
        "terminal-visiting-nursing-two-payers-month",
        "station-claim-one-payer-file",
    ),
    // A station's imported users claimed on the day after their import, JD and KA agreeing.
    caught(
        "UKE-visits",
        "terminal-visiting-nursing-days-claim",
        "station-claim-day-after-import",
    ),
    // A 医療扶助 that ends within the month: the claim of the days before it, judged by the
    // import in force on them, carries a KO without the 受給者番号.
    caught(
        "UKE-station-public-expense",
        "terminal-visiting-nursing-assistance-ends-mid-month",
        "station-claim-no-recipient",
    ),
    // A visit after the scenario's price row billed at the price before it (a master not
    // updated for the revision).
    caught(
        "UKE-station-amounts",
        "terminal-visiting-nursing-price-revision-claim",
        "station-claim-price-stale-master",
    ),
    // A visit before the scenario's price row billed at the row's price (a revision's master
    // applied the day it is loaded).
    caught(
        "UKE-station-amounts",
        "terminal-visiting-nursing-price-before-revision-claim",
        "station-claim-price-newest-row",
    ),
    // The day of a consent import taken in UTC: at 08:30 JST it asks for the day before.
    caught(
        "XML-consent-import",
        "terminal-visiting-nursing-early-morning-claim",
        "import-utc-day",
    ),
    caught(
        "UKE-share",
        "terminal-claim-file-household",
        "claim-file-preschool-as-family",
    ),
    // A tier an earlier visit of the run took, claimed again within its frequency.
    caught(
        "XML-claim-record",
        "terminal-claim-record-earlier-visits",
        "claim-frequency-ignored",
    ),
    caught(
        "XML-claim-record",
        "terminal-claim-record-within-three-months",
        "claim-frequency-ignored",
    ),
    // The claim file (issue 53): each record against the answer, on both 加算 boundaries.
    caught(
        "UKE-insurer",
        "terminal-claim-file-dependent",
        "claim-file-branch-dropped",
    ),
    caught(
        "UKE-insurer",
        "terminal-claim-file-lost-eligibility",
        "claim-file-after-loss",
    ),
    caught(
        "UKE-public-expense",
        "terminal-claim-file-medical-assistance",
        "claim-file-no-recipient",
    ),
    // 医療費助成 through PMH (docs/subsidies.md): the KO after HO; each KO against the entries of
    // the day's answer is in [`SUBSIDY`].
    caught(
        "UKE-insurer",
        "terminal-claim-file-subsidy-child",
        "claim-subsidy-before-insurance",
    ),
    caught(
        "UKE-share",
        "terminal-claim-file-elderly-70",
        "claim-file-elderly-share-ignored",
    ),
    caught(
        "UKE-share",
        "terminal-claim-file-late-elderly",
        "claim-file-elderly-share-ignored",
    ),
    caught(
        "UKE-addition",
        "terminal-claim-file-2024-06-01",
        "claim-previous-period",
    ),
    caught(
        "UKE-addition",
        "terminal-claim-file-2026-06-01",
        "claim-previous-period",
    ),
    // The file itself: one the reader refuses fails the run as `claim check` refuses it.
    caught(
        "UKE-file-reads",
        "terminal-claim-file-dependent",
        "claim-file-no-end-mark",
    ),
    // A 薬局's claim (調剤 layout): the 医科 layout, the 医科 加算.
    caught(
        "UKE-insurer",
        "terminal-claim-file-pharmacy",
        "claim-file-medical-layout",
    ),
    caught(
        "UKE-addition",
        "terminal-claim-file-pharmacy-2024-06-01",
        "claim-file-medical-additions",
    ),
    caught(
        "UKE-addition",
        "terminal-claim-file-insurance-card",
        "claim-card-used-always",
    ),
    // 薬剤情報 by the patient's consent to sharing (issue 33): a refusal shown as "no drugs".
    caught(
        "XML-sharing-consent",
        "terminal-drug-info-consent-refused",
        "ignore-sharing-consent",
    ),
    caught(
        "XML-sharing-consent",
        "terminal-drug-info-consent-withdrawn",
        "ignore-sharing-consent",
    ),
    // 特定健診情報 by the same consent: a refusal shown as "no checkup on record".
    caught(
        "XML-sharing-consent",
        "terminal-checkup-info-consent-refused",
        "ignore-sharing-consent",
    ),
    // 診療情報 (mynakit's model, SRKsiquc01) by the same consent: refused, withdrawn, or none
    // on record at a terminal set to refuse, shown as "nothing on record".
    caught(
        "XML-sharing-consent",
        "terminal-diagnosis-info-consent-refused",
        "ignore-sharing-consent",
    ),
    caught(
        "XML-sharing-consent",
        "terminal-diagnosis-info-consent-withdrawn",
        "ignore-sharing-consent",
    ),
    caught(
        "XML-sharing-consent",
        "terminal-diagnosis-info-consent-none",
        "ignore-sharing-consent",
    ),
    // The 薬剤情報 PDF is asked for and picked up, not assumed.
    caught(
        "XML-info-pdf",
        "terminal-drug-info-consent-given",
        "skip-drug-pdf",
    ),
    // 通常時, no history viewed without the card and consent: a patient keyed in from a 保険証
    // is refused by default, and the client does not ask again.
    caught(
        "XML-viewing-needs-card",
        "terminal-drug-info",
        "ask-info-again-without-card",
    ),
    // The consent import judged per unit's patient, not by count alone.
    caught(
        "XML-consent-import",
        "terminal-kyotaku-import",
        "consent-import-wrong-patient",
    ),
    // The face reader's own confirmation failed: the pushed failure is not shown as covered.
    caught(
        "SVC-invalid-shown",
        "terminal-face-card-revoked",
        "face-failure-as-confirmed",
    ),
    // The 健診 bus's devices checked before the tour's first card check, and reported as found.
    caught(
        "SVC-pre-tour-check",
        "bus-kenshin-pre-tour-check",
        "skip-pre-tour-check",
    ),
    caught(
        "SVC-pre-tour-check",
        "bus-kenshin-pre-tour-service-down",
        "pre-tour-check-always-ok",
    ),
    // A device registered through the portal logs in with its device account (issue 32, item 5).
    caught(
        "SVC-portal-login",
        "portal-device-setup",
        "portal-login-as-terminal",
    ),
    caught(
        "SVC-portal-login",
        "portal-application-under-review",
        "silent-login-refusal",
    ),
    // 照会番号 registration (issue 33): a refused registration is not shown as registered.
    caught(
        "XML-reference-number",
        "terminal-reference-number-refused",
        "reference-number-unchecked",
    ),
    // 照会番号 registered in bulk (OQSmuimm01/02): each unit's outcome read, a refused one not
    // shown as registered.
    caught(
        "XML-reference-number",
        "terminal-reference-number-bulk",
        "reference-number-unchecked",
    ),
    // The month's 医療扶助 import (issue 33): this month's 医療券, not the claim month's.
    caught(
        "XML-medical-assistance-import",
        "terminal-medical-assistance-import",
        "assistance-claim-month",
    ),
    // What the client does through the SMB share, by smbd's own record: a request written
    // under the name the terminal reads, which the terminal's own look at req cannot tell from
    // one renamed in when it arrives in one piece.
    Detection {
        check: "XML-share-writes",
        proof: Proof::CaughtOverShare {
            scenario: "terminal-single-check",
            defect: "write-in-place",
        },
    },
    // A result read through the share while the terminal was still writing it, by smbd's own
    // record of the client's reads (`share-read`) against the terminal's `result-complete`.
    Detection {
        check: "XML-complete-read",
        proof: Proof::CaughtOverShare {
            scenario: "terminal-slow-result",
            defect: "early-read",
        },
    },
];

/// Every row, in catalogue order: [`DETECTION`], [`SUBSIDY`], then [`RELYING_PARTY`].
pub fn all() -> impl Iterator<Item = &'static Detection> {
    DETECTION.iter().chain(SUBSIDY).chain(RELYING_PARTY)
}

/// The rows proven over the SMB share ([`Proof::CaughtOverShare`]): (check, scenario, defect).
pub fn over_share() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    all().filter_map(|d| match d.proof {
        Proof::CaughtOverShare { scenario, defect } => Some((d.check, scenario, defect)),
        _ => None,
    })
}

/// The rows of `check`.
pub fn rows(check: &str) -> impl Iterator<Item = &'static Detection> + '_ {
    all().filter(move |d| d.check == check)
}

/// The matrix as the Markdown table of `docs/conformance.md`: check, scenario, defect, and
/// what the defect gives; checks in catalogue order.
pub fn detection_matrix() -> String {
    let mut out = String::from(
        "| check | scenario (the correct client passes) | defect (fails it there) | level with the defect |\n\
         |---|---|---|---|\n",
    );
    for check in crate::catalogue::CHECKS {
        for row in rows(check.id()) {
            match row.proof {
                Proof::Caught { scenario, defect } => out.push_str(&format!(
                    "| `{}` | `{scenario}` | `{defect}` | {} |\n",
                    row.check,
                    check.severity()
                )),
                Proof::CaughtOverShare { scenario, defect } => out.push_str(&format!(
                    "| `{}` | `{scenario}` (over `--terminal-share smb`) | `{defect}` | {} |\n",
                    row.check,
                    check.severity()
                )),
                Proof::ByDesign(why) => out.push_str(&format!(
                    "| `{}` | — | — | never fails by design: {} |\n",
                    row.check,
                    why.replace('|', "\\|")
                )),
            }
        }
    }
    out
}
