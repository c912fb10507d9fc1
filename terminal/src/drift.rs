//! Layout switches for what public sources leave uncertain, each defaulting to the best public
//! evidence (the request and record layouts of `hangilc/myclinic-ts` `packages/onshi-result`,
//! the bulk models of `Sotatek-ChinhVu/smart-test` `UseCase/XmlDTD/QCBI*` and
//! `YUKI-ENT/OQSDrug2` `BulkQualificationService.cs`, the request samples of sanox.org
//! "オンライン資格確認 導入記" road12/road26; `docs/terminal.md`, "Encodings and drift").

use serde::{Deserialize, Serialize};

/// The shape of an `OQSmuquc02res` / `OQSmutic02res` body and header.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
            InsurerNumberForm::Padded => mynakit_oqs::padded_insurer_number(printed),
            InsurerNumberForm::AsPrinted => printed.to_owned(),
        }
    }
}

/// Which results are written zipped (`…res….zip` wrapping `…res….xml`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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

/// Which failed messages (`SegmentOfResult` 9) also get the `.err` path: the request moved
/// into `res` under its own name with `<request base>.err` beside it, holding the problem as
/// one line of text, besides the usual error result. `Sotatek-ChinhVu/smart-test` waits for
/// exactly that for a failed bulk request; whether the real terminal does it for other
/// messages is not public.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum ErrorFiles {
    /// Bulk messages (`OQSmu…`) only.
    #[default]
    Bulk,
    /// Every message, and files with an unknown prefix.
    All,
    /// None: error results only (this project's behaviour before).
    Off,
}

impl ErrorFiles {
    /// Whether a failed message of `kind` (`None`: unknown prefix) gets the `.err` path.
    pub fn covers(self, kind: Option<mynakit_oqs::MessageKind>) -> bool {
        use mynakit_oqs::MessageKind as K;
        match self {
            ErrorFiles::Off => false,
            ErrorFiles::All => true,
            ErrorFiles::Bulk => matches!(
                kind,
                Some(
                    K::BulkUpload
                        | K::BulkDownload
                        | K::AssistanceUpload
                        | K::AssistanceDownload
                        | K::ReferenceBulkUpload
                        | K::ReferenceBulkDownload
                        | K::HomeVisitUpload
                        | K::HomeVisitDownload
                        | K::OnlineUpload
                        | K::OnlineDownload
                )
            ),
        }
    }
}

/// Which clock stamps `ProcessExecutionTime` and face file names.
///
/// On a frozen scenario clock every result said the frozen time, and face files carried the
/// scenario date, which `ReceptionAgent` skips when it is not the PC's date (public-clients
/// §2.4). The wall clock is the real time in JST.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum StampTime {
    /// Face file names use the wall clock; `ProcessExecutionTime` uses it when the request
    /// asks for the wall-clock date while the scenario is on another day, else the scenario
    /// clock.
    #[default]
    Auto,
    /// Always the scenario clock (byte-for-byte reproducible results).
    Scenario,
    /// Always the wall clock.
    Wall,
}

impl StampTime {
    /// The wall-clock time in JST.
    pub fn wall_now() -> time::OffsetDateTime {
        time::OffsetDateTime::now_utc().to_offset(time::macros::offset!(+9))
    }

    /// The `ProcessExecutionTime` of a result at scenario time `scenario` for the
    /// `QualificationConfirmationDate` `confirmation` (yyyyMMdd).
    pub fn process_time(
        self,
        scenario: time::OffsetDateTime,
        confirmation: Option<&str>,
    ) -> time::OffsetDateTime {
        match self {
            StampTime::Scenario => scenario,
            StampTime::Wall => StampTime::wall_now(),
            StampTime::Auto => {
                let wall = StampTime::wall_now();
                let today = mynakit_oqs::dates::ymd(wall.date());
                let scenario_day = mynakit_oqs::dates::ymd(scenario.date());
                if confirmation == Some(today.as_str()) && today != scenario_day {
                    wall
                } else {
                    scenario
                }
            }
        }
    }

    /// The time in a face file's name.
    pub fn face_time(self, scenario: time::OffsetDateTime) -> time::OffsetDateTime {
        match self {
            StampTime::Scenario => scenario,
            StampTime::Auto | StampTime::Wall => StampTime::wall_now(),
        }
    }
}

/// The face file name.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum FaceName {
    /// `OQSsiquc01res_face_<10-digit institution code><20 lowercase hex>_<yyyyMMddHHmmss>.xml`,
    /// the shape of the real name quoted in the ReceptionAgent spec §20 (the split of the 30
    /// characters is inferred).
    #[default]
    Institution,
    /// `OQSsiquc01res_face_<12-digit sequence>_<yyyyMMddHHmmss>.xml` (this project's earlier
    /// model).
    Sequence,
}

/// What a zero-padded 6-digit insurer number (`00139998` for the printed `139998`) finds.
/// Whether OQS accepts it is not established: `hangilc/myclinic-ts` pads with zeros (through
/// its own proxy), sanox.org road26 says 8 digits or leading spaces (public-clients §2.6).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum ZeroPaddedInsurer {
    /// Nobody: `QualificationValidity` 4, the trap a client should avoid (the default, as
    /// before).
    #[default]
    NoMatch,
    /// The same qualification as the space-padded form.
    Match,
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

/// What the face reader does when its own check of the card's certificate refuses it (revoked,
/// expired past the grace period, not yet valid, not re-linked): `none` pushes nothing (the
/// reader shows the error), `push` pushes the failure into `face` (`ProcessingResultStatus` 2 with
/// the code). Whether a real terminal pushes such a failure is not public; public parsers of face
/// results read `ProcessingResultStatus` 2 with `ProcessingResultCode` (`hangilc/myclinic-ts`
/// `MessageBody.ts`). `docs/terminal.md`, "Face push".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum FaceFailure {
    /// No push (the reader shows the error).
    #[default]
    None,
    /// A failure push.
    Push,
}
