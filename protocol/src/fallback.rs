//! The fallbacks a client tells the staff about when the online check cannot confirm
//! eligibility (`docs/care-settings.md`, "Fallbacks").

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What the staff can do instead when the online check cannot confirm eligibility
/// (`docs/care-settings.md`, "Fallbacks"): the client tells them with a `fallback` line.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Fallback {
    /// 資格確認書: the patient shows the certificate issued to people without a registered card
    /// (from 2024-12-02: [`Fallback::on`]).
    QualificationCertificate,
    /// 健康保険証: the patient shows the insurance card itself (valid to 2025-12-01 at the
    /// latest: [`Fallback::on`]).
    HealthInsuranceCard,
    /// 資格情報のお知らせ shown **with** the マイナ保険証, when the reader or the network fails
    /// (from 2024-12-02). The お知らせ alone proves nothing, so there is no value for it.
    CardWithNotice,
    /// 被保険者資格申立書: the patient declares the qualification in writing when nothing else can
    /// confirm it, and pays the usual share, not 10割 (from 2023-07-10).
    SelfDeclaration,
    /// 受診券・利用券 checked against the 資格確認書 or マイナポータル's 資格情報 screen (特定健診).
    CheckupTicket,
    /// マイナポータルの資格情報画面 shown by the patient.
    MynaPortal,
    /// Check again later with the card, once the network or service is back.
    LaterCardCheck,
    /// 医療券: a valid 医療扶助 record whose 医療券 for the month the 福祉事務所 has not registered
    /// yet (QualificationValidity 6, 「未委託・未登録」, usual before the 15th–20th): the staff
    /// check the paper 医療券 or ask the 福祉事務所; a normal state, not an error.
    MedicalTicket,
    /// 施術券: at a 柔整・あはき 施術所 the result does not say whether the 施術所 is 委託 or
    /// 未委託 for a 医療扶助 patient, so the staff check the 施術券 as before (flow `jusei-ahaki`).
    TreatmentTicket,
    /// 本人確認 by the マイナンバーカード itself, shown to the staff (the photo and the printed
    /// name), not by the online check: at a 人間ドック whose only purpose is identity, 「オンライン
    /// 資格確認を利用することはできませんが、マイナンバーカードの提示により本人確認が可能です」 (flow
    /// `ningen-dock`, `docs/kenshin.md`).
    IdentityByCard,
    /// 暫定的な取扱い (事務連絡 2025-06-27, 2025-11-12): the numbers of an **expired** 健康保険証,
    /// or of a 資格情報のお知らせ brought without the card, keyed in for an online check
    /// (被保険者番号等による照会); the visit is covered at the usual share only if that check
    /// confirms the qualification. Neither paper proves anything by itself; the handling ends
    /// on 2026-03-31 ([`Fallback::on`]).
    ExpiredCardNumbers,
}

impl Fallback {
    /// Every fallback, in the order of the enum.
    pub const ALL: [Fallback; 11] = [
        Fallback::QualificationCertificate,
        Fallback::HealthInsuranceCard,
        Fallback::CardWithNotice,
        Fallback::SelfDeclaration,
        Fallback::CheckupTicket,
        Fallback::MynaPortal,
        Fallback::LaterCardCheck,
        Fallback::MedicalTicket,
        Fallback::TreatmentTicket,
        Fallback::IdentityByCard,
        Fallback::ExpiredCardNumbers,
    ];

    /// The fallback as written on the wire (`qualification-certificate`).
    pub fn as_str(self) -> &'static str {
        match self {
            Fallback::QualificationCertificate => "qualification-certificate",
            Fallback::HealthInsuranceCard => "health-insurance-card",
            Fallback::CardWithNotice => "card-with-notice",
            Fallback::SelfDeclaration => "self-declaration",
            Fallback::CheckupTicket => "checkup-ticket",
            Fallback::MynaPortal => "myna-portal",
            Fallback::LaterCardCheck => "later-card-check",
            Fallback::MedicalTicket => "medical-ticket",
            Fallback::TreatmentTicket => "treatment-ticket",
            Fallback::IdentityByCard => "identity-by-card",
            Fallback::ExpiredCardNumbers => "expired-card-numbers",
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// docs/client-protocol.md names one vocabulary of fallbacks: the `fallback` line's row in
    /// "Client → harness" lists every value in the enum's order, and the table of "Fallbacks"
    /// has one row for each, no other.
    #[test]
    fn the_protocol_page_lists_every_fallback_once() {
        let docs = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/client-protocol.md"),
        )
        .unwrap();
        let wire: Vec<&str> = Fallback::ALL.iter().map(|f| f.as_str()).collect();
        let row = docs
            .lines()
            .find(|l| l.starts_with("| `fallback` |"))
            .unwrap();
        let listed = wire
            .iter()
            .map(|w| format!("`{w}`"))
            .collect::<Vec<_>>()
            .join(", ");
        assert!(
            row.contains(&listed),
            "the `fallback` row of \"Client → harness\" lists, in this order: {listed}"
        );
        let table: Vec<&str> = docs
            .split("\n## Fallbacks\n")
            .nth(1)
            .unwrap()
            .lines()
            .skip_while(|l| !l.starts_with("| `offered` value |"))
            .skip(2)
            .take_while(|l| l.starts_with("| `"))
            .filter_map(|l| l.strip_prefix("| `")?.split('`').next())
            .collect();
        let mut sorted = table.clone();
        sorted.sort_unstable();
        let mut expected = wire.clone();
        expected.sort_unstable();
        assert_eq!(sorted, expected, "the table of \"Fallbacks\": {table:?}");
    }
}
