//! An insurance card's data as the staff key it in at the counter (modes `insurance-card`
//! and `bulk`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// An insurance card's data as keyed in at the counter, named like the `OQSsiquc01` request
/// elements (`docs/terminal.md`). Values are as printed on the card: the client pads
/// `InsurerNumber` to 8 characters itself.
// The field names, in PascalCase, are the OQS element names (`mynakit_oqs::ElementName`; a test
// ties them, since this crate sits below `oqs`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct InsuranceCardData {
    /// 保険者番号 (6 or 8 digits).
    pub insurer_number: String,
    /// 記号 (may be empty).
    #[serde(default)]
    pub insured_card_symbol: String,
    /// 番号.
    pub insured_identification_number: String,
    /// 枝番 (2 digits; may be empty).
    #[serde(default)]
    pub insured_branch_number: String,
    /// 生年月日, `yyyyMMdd`.
    pub birthdate: String,
    /// 照会番号: the clinic's own number for the patient (its 診察券 number, up to 50
    /// characters), keyed in with the card when the staff register it (flow `reference-number`,
    /// `OQSsiimm01`; `docs/client-protocol.md`, "照会番号 registration"). Absent: nothing to
    /// register.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_number: Option<String>,
}
