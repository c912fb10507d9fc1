//! Layout switches for what public sources leave uncertain, each defaulting to the best public
//! evidence (`../shared/reference/oqs-interface.md` §1.4, §1.6, §1.7; `docs/terminal.md`,
//! "Encodings and drift").

use serde::{Deserialize, Serialize};

/// The shape of an `OQSmuquc02res` / `OQSmutic02res` body and header.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum BulkLayout {
    /// Each `BulkConfirmUnit` holds `ResultOfQualificationConfirmation` directly and
    /// `ReferenceNumber` at unit level; the header has `ReceptionNumber` before
    /// `SegmentOfResult` and no `ReferenceClassification` (`Sotatek-ChinhVu/smart-test`
    /// `QCBIDXmlMsgResponse`; `YUKI-ENT/OQSDrug2` reads `ReferenceNumber` from the unit).
    #[default]
    Unit,
    /// Each unit is shaped like a single-check body (`ResultList` →
    /// `ResultOfQualificationConfirmation`, `ReferenceNumber` inside the record), and the
    /// header is the single-check header with the bulk fields after `SegmentOfResult`
    /// (this project's earlier model, for clients written against it).
    ResultList,
}

/// How `InsurerNumber` is written in a result's `ResultOfQualificationConfirmation`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum InsurerNumberForm {
    /// 8 characters, a 6-digit number right-aligned with spaces (`"  123456"` in the public
    /// sample face result of `hangilc/myclinic-ts`).
    #[default]
    Padded,
    /// As printed on the card (`"123456"`), as the mock service's JSON has it.
    AsPrinted,
}

impl InsurerNumberForm {
    /// `printed` in this form.
    pub fn apply(self, printed: &str) -> String {
        match self {
            InsurerNumberForm::Padded => crate::people::padded_insurer_number(printed),
            InsurerNumberForm::AsPrinted => printed.to_owned(),
        }
    }
}

/// Which results are written zipped (`…res….zip` wrapping `…res….xml`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum ZipResults {
    /// None (a zipped request is still answered zipped).
    #[default]
    Off,
    /// Bulk downloads (`OQSmuquc02res`, `OQSmutic02res`), as `YUKI-ENT/OQSDrug2` expects they
    /// may be.
    Bulk,
    /// Every result in `res`.
    All,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insurer_number_forms() {
        assert_eq!(InsurerNumberForm::Padded.apply("139998"), "  139998");
        assert_eq!(InsurerNumberForm::Padded.apply("06139992"), "06139992");
        assert_eq!(InsurerNumberForm::AsPrinted.apply("139998"), "139998");
    }
}
