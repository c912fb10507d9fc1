//! The OQS codes the checks read, as enums (`docs/service.md`, "Result shape"; OQS code list
//! OQSCD006 for `QualificationValidity`). A value this version does not know is kept as written,
//! so a verdict can still quote it. These are the judge's names for the codes; the mock service
//! writes them from its own model.

use mynakit_fixtures::string_enum;

string_enum! {
    /// `SegmentOfResult` of the `MessageHeader`.
    SegmentOfResult {
        /// `1`: the message was processed.
        Normal = "1",
        /// `9`: the whole message failed (`ErrorCode` in the header).
        Failed = "9",
    }
}

string_enum! {
    /// `ProcessingResultStatus` of the `MessageBody`.
    ProcessingResultStatus {
        /// `1`: the person's result is there (maybe with a warning code).
        Normal = "1",
        /// `2`: the person's result failed (`ProcessingResultCode`).
        Failed = "2",
    }
}

string_enum! {
    /// `QualificationValidity` (OQSCD006).
    QualificationValidity {
        /// `1`: valid.
        Valid = "1",
        /// `2`: lost (資格喪失).
        Lost = "2",
        /// `3`: invalid, a newer qualification exists.
        Superseded = "3",
        /// `4`: no qualification.
        None = "4",
        /// `5`: several people match.
        Ambiguous = "5",
        /// `6`: 医療扶助, not registered.
        MedicalAssistanceUnregistered = "6",
    }
}

impl QualificationValidity {
    /// Whether the patient is not covered: lost, superseded or none (`2`, `3`, `4`).
    pub fn is_invalid(&self) -> bool {
        matches!(
            self,
            QualificationValidity::Lost
                | QualificationValidity::Superseded
                | QualificationValidity::None
        )
    }
}

string_enum! {
    /// `InsuredCardClassification`: which kind of insurance record.
    InsuredCardClassification {
        /// `A1`: 医療扶助 (public medical assistance).
        MedicalAssistance = "A1",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back_as_written() {
        assert_eq!(SegmentOfResult::parse("9"), SegmentOfResult::Failed);
        assert_eq!(QualificationValidity::parse("7").as_str(), "7");
        assert!(QualificationValidity::parse("3").is_invalid());
        assert!(!QualificationValidity::parse("6").is_invalid());
    }
}
