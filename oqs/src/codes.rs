//! The OQS code lists the messages carry, as enums with their public meanings.
//!
//! Each list names its code (`OQSCD…`) as the public parsers of OQS results spell it
//! (`hangilc/myclinic-ts` `packages/onshi-result`, `YUKI-ENT/OQSDrug2`; summarised in
//! `docs/service.md`, "Result shape", and `docs/terminal.md`, "Result codes"). The service, the
//! terminal, the conformance checks and the reference client all read and write codes through
//! these types, so a judge and the thing it judges never disagree about what `9` means.

/// One code list: its values and their wire codes.
pub trait CodeList: Sized + Copy + 'static {
    /// Every value, in code order.
    const ALL: &'static [Self];

    /// The code as it appears in the message (`"1"`, `"9"`, …).
    fn code(self) -> &'static str;

    /// The value of `code`, or `None` for a code this list does not have.
    fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.code() == code)
    }
}

macro_rules! code_list {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $code:literal,)+ }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant,)+
        }

        impl CodeList for $name {
            const ALL: &'static [Self] = &[$($name::$variant,)+];

            fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)+
                }
            }
        }

        impl $name {
            /// The code as it appears in the message.
            pub fn code(self) -> &'static str {
                CodeList::code(self)
            }

            /// The value of `code`, or `None` for a code this list does not have.
            pub fn from_code(code: &str) -> Option<Self> {
                <Self as CodeList>::from_code(code)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

code_list! {
    /// `SegmentOfResult` (OQSCD003): how the whole message ended.
    SegmentOfResult {
        /// `1` 正常終了: the message was processed.
        Normal = "1",
        /// `2` 処理中: not finished yet (a bulk request being worked on); ask again later.
        Processing = "2",
        /// `9` 異常終了: the whole message failed (header `ErrorCode` / `ErrorMessage`, no
        /// eligibility at all).
        Failed = "9",
    }
}

code_list! {
    /// `ProcessingResultStatus` (OQSCD004): how one person's result ended.
    ProcessingResultStatus {
        /// `1` 正常終了 (possibly with a warning `ProcessingResultCode`).
        Normal = "1",
        /// `2` 異常終了: the person could not be confirmed (`ProcessingResultCode` says why).
        Error = "2",
    }
}

code_list! {
    /// `ReferenceClassification`: what the confirmation was made with.
    ReferenceClassification {
        /// `1` マイナンバーカード.
        Card = "1",
        /// `2` 被保険者証 (insurance card data typed in by staff).
        InsuranceCard = "2",
    }
}

code_list! {
    /// `QualificationValidity` (OQSCD006): the qualification on the confirmation day.
    QualificationValidity {
        /// `1` 有効: covered on the day.
        Valid = "1",
        /// `2` 無効: lost (`DisqualificationDate` on or before the day).
        Invalid = "2",
        /// `3` 有効（新しい資格あり）: the matched qualification is a former one; the person has a
        /// newer valid one.
        NewerExists = "3",
        /// `4` 該当資格なし: no qualification (no insurance record, or one that starts later).
        NoQualification = "4",
        /// `5` 複数該当: the search data matched several people.
        Several = "5",
        /// `6` 有効・未登録: valid 医療扶助 without a 医療券 for the month.
        ValidUnregistered = "6",
    }
}

impl QualificationValidity {
    /// Whether the qualification is lost or absent (`2`, `3`, `4`): what a client must never show
    /// as covered.
    pub fn lost_or_none(self) -> bool {
        matches!(
            self,
            QualificationValidity::Invalid
                | QualificationValidity::NewerExists
                | QualificationValidity::NoQualification
        )
    }

    /// Whether the person is covered on the day (`1`, or `6` for 医療扶助).
    pub fn covered(self) -> bool {
        matches!(
            self,
            QualificationValidity::Valid | QualificationValidity::ValidUnregistered
        )
    }
}

code_list! {
    /// `Sex1` / `Sex2`: the recorded sex.
    Sex1 {
        /// `1` 男.
        Male = "1",
        /// `2` 女.
        Female = "2",
        /// `3` 未設定.
        Unset = "3",
    }
}

code_list! {
    /// `PersonalFamilyClassification`: whether the person is the insured (本人) or a dependant
    /// (家族). A claim's RE レセプト種別 says the same (`mynakit_uke::Insured`), so a claim is
    /// judged against it (`docs/uke.md`, "The claim file in a run").
    PersonalFamily {
        /// `1` 本人.
        Principal = "1",
        /// `2` 家族.
        Family = "2",
    }
}

code_list! {
    /// A consent flag (OQSCD001 for `LimitApplicationCertificateRelatedConsFlg`; the same `0`/`1`
    /// for the other consents).
    ConsentFlag {
        /// `0` 同意なし.
        NotGiven = "0",
        /// `1` 同意あり.
        Given = "1",
    }
}

impl ConsentFlag {
    /// `Given` when `given`.
    pub fn of(given: bool) -> Self {
        if given {
            ConsentFlag::Given
        } else {
            ConsentFlag::NotGiven
        }
    }
}

code_list! {
    /// `PrescriptionIssueSelect`: the prescription the patient chose at the face reader.
    PrescriptionIssueSelect {
        /// `1` 電子処方箋.
        Electronic = "1",
        /// `2` 紙の処方箋.
        Paper = "2",
    }
}

code_list! {
    /// `ConsistencyFlag` (OQSCD022) of a 医療券 / 調剤券 (`MedicalTicketInfo`). The public list
    /// has one code: a ticket that agrees with the qualification has no `ConsistencyFlag`
    /// element, never a `0` (`docs/terminal.md`, "医療券 fields").
    ConsistencyFlag {
        /// `1` 不整合あり: the ticket and the qualification disagree.
        Inconsistent = "1",
    }
}

code_list! {
    /// `DesignatedMedicalInstitutionFlag` (指定医療機関確認フラグ) of a 医療券 / 調剤券: whether
    /// the ticket's `DesignatedMedicalInstitutionCode` is the institution that asks (public field
    /// lists: `YUKI-ENT/OQSDrug2`'s importer; "0 一致 / 1 不一致"). The terminal computes it from the
    /// asking institution (`docs/terminal.md`, "医療券 fields").
    DesignatedInstitutionFlag {
        /// `0`: the ticket names the asking institution.
        Matches = "0",
        /// `1`: it names another institution.
        Differs = "1",
    }
}

impl DesignatedInstitutionFlag {
    /// The flag of a ticket naming `designated` when `asking` asks. Codes are compared as the
    /// 10-digit 医療機関コード, surrounding spaces ignored.
    pub fn of(designated: &str, asking: &str) -> Self {
        if designated.trim() == asking.trim() {
            DesignatedInstitutionFlag::Matches
        } else {
            DesignatedInstitutionFlag::Differs
        }
    }
}

impl ConsistencyFlag {
    /// The element's value for a persona's ticket: `Some` only when it disagrees.
    pub fn of(ticket: Option<mynakit_persona::TicketConsistency>) -> Option<Self> {
        ticket.map(|t| match t {
            mynakit_persona::TicketConsistency::Inconsistent => ConsistencyFlag::Inconsistent,
        })
    }
}

/// `InsuredCardClassification` (OQSCD010) of 医療扶助 records.
pub const MEDICAL_ASSISTANCE_CARD: &str = "A1";

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip<T: CodeList + std::fmt::Debug + PartialEq>() {
        for v in T::ALL {
            assert_eq!(T::from_code(v.code()), Some(*v));
        }
        assert_eq!(T::from_code("x"), None);
    }

    #[test]
    fn every_code_reads_back() {
        round_trip::<SegmentOfResult>();
        round_trip::<ProcessingResultStatus>();
        round_trip::<ReferenceClassification>();
        round_trip::<QualificationValidity>();
        round_trip::<Sex1>();
        round_trip::<PersonalFamily>();
        round_trip::<ConsentFlag>();
        round_trip::<PrescriptionIssueSelect>();
        round_trip::<ConsistencyFlag>();
        round_trip::<DesignatedInstitutionFlag>();
    }

    /// OQSCD022 has only `1`: a ticket that agrees has no element, never `0`.
    #[test]
    fn a_consistency_flag_is_1_or_absent() {
        assert_eq!(ConsistencyFlag::of(None), None);
        let flag = ConsistencyFlag::of(Some(mynakit_persona::TicketConsistency::Inconsistent));
        assert_eq!(flag.map(ConsistencyFlag::code), Some("1"));
        assert_eq!(ConsistencyFlag::from_code("0"), None);
    }

    #[test]
    fn covered_means_one_or_six() {
        let covered: Vec<_> = QualificationValidity::ALL
            .iter()
            .filter(|v| v.covered())
            .map(|v| v.code())
            .collect();
        assert_eq!(covered, ["1", "6"]);
    }
}
