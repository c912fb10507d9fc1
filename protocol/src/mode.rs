//! The modes: how the card holder is identified, the staff's choice at the counter.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How the card holder is identified (the staff's choice at the counter).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// 暗証番号: the auth PIN, then a card signature over the service's challenge.
    Pin,
    /// 目視確認: staff compare the photo; certificate only, no PIN.
    Visual,
    /// 顔認証: a face-recognition reader; certificate only, no PIN. For a レセコン (the
    /// terminal role), the patient uses the face reader and the result arrives in `face`.
    Face,
    /// レセコン only: the staff key in the insurance card's 記号・番号 and the client sends a
    /// single check (`OQSsiquc01`) through the terminal folder; the data comes from an
    /// `insurance-card` ask.
    InsuranceCard,
    /// レセコン only: 一括照会, the staff send the insurance card data of several patients at
    /// once (the day's appointments) as one bulk upload (`OQSmuquc01`), then poll the bulk
    /// download (`OQSmuquc02`) while it answers 処理中; the data comes from an
    /// `insurance-cards` ask. Never among a role's default modes: a client claims it.
    Bulk,
    /// レセコン only: 薬剤情報, the staff key in the insurance card and the client asks the
    /// terminal for the patient's drug history (`YZKsiquc01`, as XML and as PDF); the data
    /// comes from an `insurance-card` ask. Never among a role's default modes: a client claims
    /// it (docs/terminal.md, "薬剤情報 and 特定健診情報").
    DrugInfo,
    /// レセコン only: 特定健診情報, the staff key in the insurance card and the client asks the
    /// terminal for the patient's health-check history (`TKKsiquc01`, as XML and as PDF); the
    /// data comes from an `insurance-card` ask. Like `drug-info`, given only with the patient's
    /// consent to sharing, and never among a role's default modes: a client claims it
    /// (docs/terminal.md, "薬剤情報 and 特定健診情報").
    CheckupInfo,
    /// レセコン only: 診療情報, the staff key in the insurance card and the client asks the
    /// terminal for the patient's treatment history (`SRKsiquc01`, mynakit's model of a request
    /// whose file name is not public; as XML and as PDF); the data comes from an
    /// `insurance-card` ask. Given only with the patient's consent to sharing
    /// (`DiagnosisInfoConsFlg`), and never among a role's default modes: a client claims it
    /// (docs/terminal.md, "診療情報").
    DiagnosisInfo,
}

impl Mode {
    /// Every mode, in declaration order.
    pub const ALL: [Mode; 8] = [
        Mode::Pin,
        Mode::Visual,
        Mode::Face,
        Mode::InsuranceCard,
        Mode::Bulk,
        Mode::DrugInfo,
        Mode::CheckupInfo,
        Mode::DiagnosisInfo,
    ];

    /// The mode as scenario files, capabilities and reports write it (`pin`, `visual`,
    /// `insurance-card`, …): its serde name.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Pin => "pin",
            Mode::Visual => "visual",
            Mode::Face => "face",
            Mode::InsuranceCard => "insurance-card",
            Mode::Bulk => "bulk",
            Mode::DrugInfo => "drug-info",
            Mode::CheckupInfo => "checkup-info",
            Mode::DiagnosisInfo => "diagnosis-info",
        }
    }
}
