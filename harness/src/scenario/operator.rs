//! `operator`: what the staff and the patient do when the client asks — the mode they choose,
//! the PINs typed in order, consent and yes/no answers, and where they press cancel. The harness
//! answers the client's asks (`docs/client-protocol.md`) from this and nothing else.

use std::collections::{BTreeMap, BTreeSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::problem::Problems;
use crate::protocol::{ConfirmTopic, ConsentTopic, InsuranceCardData, Mode};
use mynakit_protocol::{Flow, Secret};

/// The operator's script.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Operator {
    /// The mode chosen when the client asks (`mode` ask). Default `pin`.
    #[serde(default = "default_mode")]
    pub mode: Mode,
    /// The PINs typed, one per `pin` ask, in order (quoted strings; never printed). When they
    /// run out, the operator cancels.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pins: Vec<Secret>,
    /// The account passwords the staff type, one per `password` ask, in order (quoted strings;
    /// never printed): for a login whose password the scenario does not give the client
    /// (`given.facility.account` without `password`; flow `password-ask`,
    /// `docs/device-setup.md`). When they run out, the operator cancels.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub passwords: Vec<Secret>,
    /// Consent answers by topic (`terms`, `limit-application`, `medical-information`,
    /// `qualification-check`, `medical-subsidy`). An unlisted topic is answered `false`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(extend("propertyNames" = {"enum": ["terms", "limit-application", "medical-information", "qualification-check", "medical-subsidy"]}))]
    pub consent: BTreeMap<ConsentTopic, bool>,
    /// Yes/no answers by topic (`register`, `retry`, `proceed`, `history`, `hand-off`,
    /// `first-visit`, `withdraw-consent`, `photo-match`, `checkup-purpose`, `patient-can-consent`).
    /// An unlisted topic is
    /// answered `false` for `retry`,
    /// `history`, `hand-off` and `withdraw-consent` (things the staff or the patient choose to
    /// do), `true` for the others.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(extend("propertyNames" = {"enum": ["register", "retry", "proceed", "history", "hand-off", "first-visit", "withdraw-consent", "photo-match", "checkup-purpose", "patient-can-consent"]}))]
    pub confirm: BTreeMap<ConfirmTopic, bool>,
    /// Whether the patient can give consent (conscious and able to answer); absent = yes. No:
    /// the patient is unconscious in an emergency, the one case 救急時医療情報閲覧 may view
    /// without consent (`docs/emergency.md`). The answer to the `confirm` ask
    /// `patient-can-consent` (`confirm.patient-can-consent` wins when both are given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patient_can_consent: Option<bool>,
    /// Press cancel at this ask instead of answering it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancel: Option<AskRef>,
    /// レセコン scenarios, mode `insurance-card`: the insurance card's data the staff key in
    /// (the answer to the `insurance-card` ask).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insurance_card: Option<InsuranceCardData>,
    /// レセコン scenarios, mode `bulk`: the insurance cards the staff send in one bulk check
    /// (the answer to the `insurance-cards` ask; without it, `insurance_card` alone).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub insurance_cards: Vec<InsuranceCardData>,
    /// レセコン scenarios, mode `face`: how the patient confirms at the face-recognition card
    /// reader. The harness makes that confirmation as soon as it has answered the `mode` ask,
    /// and the 資格確認端末 pushes the result into `face`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub face_reader: Option<FaceReader>,
}

/// The patient at the face-recognition card reader.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FaceReader {
    /// The card used (a card id of `given.cards`; default the first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<String>,
    /// How the reader confirms the patient: `face` (default), `pin` or `visual`.
    #[serde(default = "face_mode")]
    pub mode: Mode,
    /// Whether the patient consents to 限度額 data at the reader.
    #[serde(default)]
    pub limit_consent: bool,
    /// Whether the patient consents to sharing 健診 / 薬剤 / 診療 / 手術 information (the
    /// consent group of the face result).
    #[serde(default)]
    pub medical_information_consent: bool,
    /// The prescription form the patient chooses at the reader (`electronic` / `paper`;
    /// `PrescriptionIssueSelect`); not asked when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String", extend("enum" = ["electronic", "paper"]))]
    pub prescription: Option<mynakit_terminal::PrescriptionIssue>,
    /// Whether the patient answers no when the reader asks whether to use their 医療費助成
    /// 受給者証 (docs/subsidies.md, "The patient's choice"); default: they use them.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub decline_subsidies: bool,
}

impl FaceReader {
    /// What the patient answers at the reader, for the terminal's face push.
    pub fn options(&self) -> mynakit_terminal::FaceOptions {
        mynakit_terminal::FaceOptions {
            limit_consent: self.limit_consent,
            medical_information_consent: self.medical_information_consent,
            prescription: self.prescription,
            decline_subsidies: self.decline_subsidies,
        }
    }
}

fn face_mode() -> Mode {
    Mode::Face
}

impl Default for Operator {
    fn default() -> Self {
        Operator {
            mode: default_mode(),
            pins: Vec::new(),
            passwords: Vec::new(),
            consent: BTreeMap::new(),
            confirm: BTreeMap::new(),
            patient_can_consent: None,
            cancel: None,
            insurance_card: None,
            insurance_cards: Vec::new(),
            face_reader: None,
        }
    }
}

fn default_mode() -> Mode {
    Mode::Pin
}

impl Operator {
    /// The PINs typed in this run, one per `pin` ask: `pins` in PIN mode, none in any other
    /// (a scenario of several modes lists its PINs for its PIN-mode run; `docs/scenarios.md`,
    /// "Modes"). `pins` itself stays, so that reports and published copies still hide them.
    pub fn typed_pins(&self) -> &[Secret] {
        if self.mode == Mode::Pin {
            &self.pins
        } else {
            &[]
        }
    }

    /// The answer to a consent ask on `topic`.
    pub fn consents(&self, topic: ConsentTopic) -> bool {
        self.consent.get(&topic).copied().unwrap_or(false)
    }

    /// The answer to a confirm ask on `topic`.
    pub fn confirms(&self, topic: ConfirmTopic) -> bool {
        if topic == ConfirmTopic::PatientCanConsent && !self.confirm.contains_key(&topic) {
            return self.patient_can_consent.unwrap_or(true);
        }
        self.confirm
            .get(&topic)
            .copied()
            // History, hand-off and a withdrawal are things the staff or the patient choose to
            // do, never a default.
            .unwrap_or(!matches!(
                topic,
                ConfirmTopic::Retry
                    | ConfirmTopic::History
                    | ConfirmTopic::HandOff
                    | ConfirmTopic::WithdrawConsent
            ))
    }
}

/// The kinds of ask a client makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AskKind {
    /// A `pin` ask.
    Pin,
    /// A `consent` ask.
    Consent,
    /// A `mode` ask.
    Mode,
    /// A `confirm` ask.
    Confirm,
    /// An `insurance-card` ask.
    InsuranceCard,
    /// A `password` ask.
    Password,
}

/// The `nth` ask of a kind (counting from 1), e.g. `{ask: pin, nth: 2}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AskRef {
    /// Which kind of ask.
    pub ask: AskKind,
    /// Which one, from 1 (default 1).
    #[serde(default = "one")]
    #[schemars(range(min = 1))]
    pub nth: u32,
}

fn one() -> u32 {
    1
}

impl AskRef {
    /// What is wrong with it, at `path`: `nth` counts from 1.
    pub(crate) fn check(&self, path: &str, p: &mut Problems) {
        if self.nth == 0 {
            p.add(format!("{path}.nth"), "counts from 1", "1 から数える");
        }
    }
}

/// The modes that ask the 資格確認端末 for a patient's information from the insurance card
/// (薬剤情報, 特定健診情報, 診療情報; `docs/terminal.md`).
const INFO_MODES: [Mode; 3] = [Mode::DrugInfo, Mode::CheckupInfo, Mode::DiagnosisInfo];

impl Operator {
    /// The script against the rest of the scenario: the modes it is run in (`modes:`), its
    /// flows, whether it has a 資格確認端末 (`given.terminal`), and its cards' ids.
    pub(super) fn check(
        &self,
        modes: &[Mode],
        flows: &[Flow],
        terminal: bool,
        card_ids: &BTreeSet<String>,
        p: &mut Problems,
    ) {
        let o = self;
        // With `modes:` listing `pin`, the PINs are typed in the PIN-mode run only.
        if o.mode != Mode::Pin && !o.pins.is_empty() && !modes.contains(&Mode::Pin) {
            p.add(
                "operator.pins",
                format!(
                    "no PIN is typed in {} mode; remove the PINs or use `mode: pin`",
                    o.mode.as_str()
                ),
                format!(
                    "{} モードでは暗証番号を入力しない: 暗証番号を削除するか、`mode: pin` にする",
                    o.mode.as_str()
                ),
            );
        }
        if let Some(c) = &o.cancel {
            c.check("operator.cancel", p);
        }
        if o.mode == Mode::InsuranceCard && o.insurance_card.is_none() {
            p.add(
                "operator.insurance_card",
                "mode `insurance-card` needs the card's data here",
                "モード `insurance-card` では、ここに保険証のデータが必要だ",
            );
        }
        if o.mode == Mode::Bulk && o.insurance_cards.is_empty() && o.insurance_card.is_none() {
            p.add(
            "operator.insurance_cards",
            "mode `bulk` needs the cards' data here (or one card in `insurance_card`)",
            "モード `bulk` では、ここに保険証のデータが必要だ (または `insurance_card` に 1 枚)",
        );
        }
        // The 受診券 of a 健診 or 人間ドック and the insurance data a patient without a card gives in a disaster
        // are keyed in without a terminal (docs/care-settings.md).
        let keyed_in_care = flows.iter().any(|f| {
            matches!(
                f,
                Flow::Kenshin
                    | Flow::BusKenshin
                    | Flow::NingenDock
                    | Flow::Disaster
                    | Flow::Kyotaku
                    | Flow::OnlineShinryo
                    | Flow::VisitingNursing
            )
        });
        // A 照会番号 keyed in is registered only by a client of the flow `reference-number`
        // (docs/client-protocol.md, "照会番号 registration"): without the flow, a client that does
        // not register would be judged on it.
        let keyed_reference = o
            .insurance_card
            .iter()
            .chain(&o.insurance_cards)
            .any(|c| c.reference_number.is_some());
        if keyed_reference && !flows.contains(&Flow::ReferenceNumber) {
            p.add(
                "operator.insurance_card.ReferenceNumber",
                "a 照会番号 keyed in needs `flows: [reference-number]`",
                "照会番号を入力するには `flows: [reference-number]` が必要だ",
            );
        }
        if INFO_MODES.contains(&o.mode) && o.insurance_card.is_none() {
            p.add(
                "operator.insurance_card",
                format!("mode `{}` needs the card's data here", o.mode.as_str()),
                format!(
                    "モード `{}` では、ここに保険証のデータが必要だ",
                    o.mode.as_str()
                ),
            );
        }
        if (matches!(o.mode, Mode::InsuranceCard | Mode::Bulk)
            || INFO_MODES.contains(&o.mode)
            || (o.insurance_card.is_some() && !keyed_in_care)
            || !o.insurance_cards.is_empty()
            || o.face_reader.is_some())
            && !terminal
        {
            p.add(
            "operator.mode",
            "insurance-card data and the face reader need a 資格確認端末: add `given.terminal`",
            "保険証のデータと顔認証付きカードリーダーには資格確認端末が必要だ: `given.terminal` を追加する",
        );
        }
        if let Some(face) = &o.face_reader {
            if matches!(face.mode, Mode::InsuranceCard | Mode::Bulk)
                || INFO_MODES.contains(&face.mode)
            {
                p.add(
                    "operator.face_reader.mode",
                    "the face reader confirms by `face`, `pin` or `visual`",
                    "顔認証付きカードリーダーの確認は `face`、`pin`、`visual` のいずれかだ",
                );
            }
            if let Some(card) = &face.card {
                if !card_ids.contains(card) {
                    p.add(
                        "operator.face_reader.card",
                        format!("no card {card:?} in `given.cards`"),
                        format!("`given.cards` にカード {card:?} はない"),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_face_reader_answers_consents_and_the_prescription_form() {
        let face: FaceReader = serde_json::from_value(serde_json::json!({
            "medical_information_consent": true,
            "prescription": "paper"
        }))
        .unwrap_or_else(|e| panic!("{e}"));
        let options = face.options();
        assert_eq!(face.mode, Mode::Face);
        assert!(options.medical_information_consent && !options.limit_consent);
        assert_eq!(
            options.prescription,
            Some(mynakit_terminal::PrescriptionIssue::Paper)
        );
        assert!(
            serde_json::from_value::<FaceReader>(serde_json::json!({"prescription": "fax"}))
                .is_err()
        );
    }
}
