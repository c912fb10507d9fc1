//! What the client's asks are about: which PIN a `pin` ask is for, the topic of a `consent`
//! or a `confirm` ask.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Which PIN a `pin` ask is for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PinRef {
    /// 利用者証明用暗証番号 (JPKI `0018`, 4 digits): the one eligibility checks use.
    #[default]
    Auth,
    /// 署名用パスワード (JPKI `001B`).
    Sign,
    /// 照合番号B (the 券面事項確認AP's `0012`, the 券面事項入力補助AP's `0015`): 14 digits, the
    /// birth date as the era's `YYMMDD`, the card's expiry year `YYYY` and the 4-digit security
    /// code, all printed on the card face; typed by the staff of a counter (flow `counter-read`,
    /// `docs/counter-read.md`). Added without a protocol version: only a client that plays that
    /// flow asks for it.
    CollationB,
}

/// What a `consent` ask is about.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum ConsentTopic {
    /// The terms of 保険証利用登録 (the client sends `terms_version`).
    Terms,
    /// Showing 限度額 data (`LimitApplicationCertificateRelatedConsFlg`).
    LimitApplication,
    /// Sharing medical information (診療・薬剤情報 etc.).
    MedicalInformation,
    /// 資格確認への同意 where the card is not checked at each visit: the 居宅同意取得型 consent
    /// registered at the first visit, and the オンライン診療等 consent of each visit
    /// (`docs/care-settings.md`).
    QualificationCheck,
    /// Using the patient's 医療費助成 受給者証 that came with the answer through PMH (a card
    /// app asks once the answer carries at least one; `docs/subsidies.md`, "The card app"):
    /// declined, none is taken. Added 2026-11-29 without a protocol version: only a client that
    /// plays the flow `subsidy` asks it.
    MedicalSubsidy,
}

/// What a `confirm` ask is about.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum ConfirmTopic {
    /// Start the 保険証利用登録 flow for an unregistered card.
    Register,
    /// Try again after an error (card or service).
    Retry,
    /// Anything else that needs a yes or no to go on (`text` says what).
    Proceed,
    /// Open 閲覧履歴, the list of past confirmations (flow `history`, `docs/history.md`). The
    /// operator's default answer is no.
    History,
    /// Hand the past confirmation the `text` names to the レセコン (flow `history`). The
    /// operator's default answer is no.
    HandOff,
    /// 居宅同意取得型: is this the first visit (read the card and register the consent: yes)
    /// or a later one (check within the consent, without the card: no)?
    /// (`docs/care-settings.md`)
    FirstVisit,
    /// 居宅同意取得型: after this visit's check, does the patient withdraw the consent (the
    /// staff pass their word on; `docs/kyotaku.md#withdrawal`)? The operator's default answer is
    /// no.
    WithdrawConsent,
    /// 目視確認 (visual mode): the staff compare the photo on the patient's card with the
    /// patient (「マイナンバーカードの顔写真と患者の顔が同一であることを医療関係者等が目視により
    /// 確認」, MHLW 事務連絡 2025-05-21). Asked after the card is read and before the result is
    /// shown; no (or cancel) ends the confirmation as `cancelled`
    /// (`docs/client-protocol.md#目視確認-visual-mode`). The operator's default answer is yes.
    PhotoMatch,
    /// 人間ドック (flow `ningen-dock`): is the check to confirm that the examinee belongs to the
    /// insurer the contract names (yes: the online check may be used), or only to confirm who the
    /// examinee is (no: it may not; the card is looked at instead)? Asked before the card is read;
    /// the operator's default answer is yes (`docs/kenshin.md`, "人間ドック").
    CheckupPurpose,
    /// 救急時医療情報閲覧 (flow `emergency`): can the patient give consent (conscious, able to
    /// answer)? Yes: the 通常時 rule, the card and the patient's consent; no (unconscious, in an
    /// emergency): the view without consent may be asked (`docs/emergency.md`). Asked before the
    /// card is read; the operator answers it from the scenario's `operator.patient_can_consent`
    /// (default yes).
    PatientCanConsent,
}
