//! What a result must show: for each outcome and role, the fields the screen shows from the
//! answer, and what judges each. One table, printed into `docs/client-protocol.md` ("Which
//! `fields` to show") by [`screen_table`]; a test holds the page equal to it, another holds the
//! checks' own field lists to it, and the harness's `scenario_fields_follow_the_screen_table`
//! holds every bundled scenario's `expect.fields` / `expect.shown` to it ([`allows`]).

use mynakit_oqs::ElementName;
use mynakit_protocol::{Outcome, Role, DECISION_FIELD, USER_FIELD};

/// A field of a result screen: one OQS element, or every element whose name starts so.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// One element.
    Element(ElementName),
    /// Every element whose name starts with this (`ElderlyRecipient`, written `ElderlyRecipient…`).
    Prefix(&'static str),
    /// A field named so that is not an element of the OQS result (the care settings'
    /// `DrugInformation`, `docs/client-protocol.md`, "Care settings").
    Name(&'static str),
}

impl Field {
    /// Whether `name` is this field.
    pub fn matches(self, name: &str) -> bool {
        match self {
            Field::Element(e) => e.as_str() == name,
            Field::Prefix(p) => name.starts_with(p),
            Field::Name(n) => n == name,
        }
    }

    fn shown(self) -> String {
        match self {
            Field::Element(e) => format!("`{}`", e.as_str()),
            Field::Prefix(p) => format!("`{p}…`"),
            Field::Name(n) => format!("`{n}`"),
        }
    }
}

/// One row: when the answer is so, a result of one of `outcomes` in one of `roles` shows
/// `fields` (those the answer holds, with the answer's values).
#[derive(Clone, Copy, Debug)]
pub struct ScreenRow {
    /// The outcomes the row is about.
    pub outcomes: &'static [Outcome],
    /// The roles it applies to.
    pub roles: &'static [Role],
    /// What the answer holds.
    pub answer: &'static str,
    /// The fields shown.
    pub fields: &'static [Field],
    /// The checks that judge it, or the scenarios' `expect` alone; and the public source.
    pub judged_by: &'static str,
}

use ElementName as E;
use Field::{Element as F, Prefix as P};
use Outcome as O;

mod words;

pub use words::screen_table;

const BOTH: &[Role] = &[Role::CardApp, Role::ReceiptComputer];
const CARD_APP: &[Role] = &[Role::CardApp];
const RECON: &[Role] = &[Role::ReceiptComputer];

/// The 裏面記載情報 of screen E-05-A (`SVC-welfare-screen`): [`ElementName::BACK_OF_CARD`], each
/// with its label.
pub(crate) const BACK_FIELDS: [(ElementName, &str); 3] = {
    let [kana, name, sex] = E::BACK_OF_CARD;
    [
        (kana, "裏面記載情報 氏名カナ"),
        (name, "裏面記載情報 氏名"),
        (sex, "裏面記載情報 性別"),
    ]
};

/// [`ElementName::BACK_OF_CARD`] as the fields of screen E-05-A's row.
const BACK_ROW: [Field; 3] = {
    let [kana, name, sex] = E::BACK_OF_CARD;
    [F(kana), F(name), F(sex)]
};

/// The fields screen E-05-A shows for 医療扶助, with their labels (`SVC-medical-assistance`,
/// and `SVC-welfare-screen` for a lost record).
pub(crate) const MEDICAL_ASSISTANCE_FIELDS: [(ElementName, &str); 6] = [
    (E::InsurerName, "福祉事務所名"),
    (E::NameKana, "氏名カナ"),
    (E::Name, "氏名"),
    (E::Birthdate, "生年月日"),
    (E::Sex1, "性別"),
    (E::InsuredCardClassification, "証区分"),
];

/// What `SVC-invalid-shown` compares for a lost or missing qualification.
pub(crate) const INVALID_FIELDS: [ElementName; 3] = [
    E::QualificationValidity,
    E::DisqualificationDate,
    E::ReasonOfLoss,
];

/// The table, in the order the page shows it.
pub const SCREEN: &[ScreenRow] = &[
    ScreenRow {
        outcomes: &[O::Eligible],
        roles: BOTH,
        answer: "a valid qualification (`QualificationValidity` 1)",
        fields: &[
            F(E::QualificationValidity),
            F(E::Name),
            F(E::NameKana),
            F(E::Birthdate),
            F(E::InsurerNumber),
            F(E::PersonalFamilyClassification),
            F(E::InsuredPartialContributionRatio),
        ],
        judged_by: "the scenarios' `expect.fields` (the 資格情報 every result screen shows)",
    },
    ScreenRow {
        outcomes: &[O::Eligible],
        roles: CARD_APP,
        answer: "a qualification at a 柔整・あはき 施術所 (the `jusei-ahaki` setting), not 医療扶助: what the 療養費支給申請書 takes",
        fields: &[
            F(E::InsuredCardSymbol),
            F(E::InsuredIdentificationNumber),
            F(E::InsuredBranchNumber),
        ],
        judged_by: "`SVC-transcription-fields` (with the fields above, exactly as answered)",
    },
    ScreenRow {
        outcomes: &[O::Eligible],
        roles: BOTH,
        answer: "a 高齢受給者証 (`ElderlyRecipientCertificateInfo`)",
        fields: &[P("ElderlyRecipient")],
        judged_by: "`SVC-elderly-shown` (`…ContributionRatio` always; the dates when shown)",
    },
    ScreenRow {
        outcomes: &[O::Eligible],
        roles: BOTH,
        answer: "a 特定疾病療養受療証, for an account whose role may see it",
        fields: &[P("SpecificDiseases")],
        judged_by: "`SVC-specific-disease-shown`; a 一般利用者 account shows none (`SVC-role-respected`)",
    },
    ScreenRow {
        outcomes: &[O::Eligible],
        roles: BOTH,
        answer: "限度額 data the patient did not refuse (and, under the rules of 2021-03-04, consented to)",
        fields: &[P("LimitApplicationCertificate")],
        judged_by: "`SVC-limit-shown` (`…ClassificationFlag` always), `SVC-limit-consent`",
    },
    ScreenRow {
        outcomes: &[O::Eligible],
        roles: BOTH,
        answer: "a warning (`ProcessingResultCode` on a success: the certificate expires soon, or is in its grace period)",
        fields: &[F(E::ProcessingResultCode)],
        judged_by: "`SVC-warning-shown` (or `ProcessingResultMessage`, or the text)",
    },
    ScreenRow {
        outcomes: &[O::Eligible],
        roles: CARD_APP,
        answer: "the medical subsidies (PMH) valid on the day that the patient chose to use (flow `subsidy`)",
        fields: &[P("MedicalSubsidy")],
        judged_by: "`SVC-subsidy-shown` (each entry's `MedicalSubsidyScheme.n`, `…PayerNumber.n`, `…RecipientNumber.n`, `…SelfPayLimit.n`); none before the `medical-subsidy` ask (`SVC-subsidy-asked`), after a no (`SVC-subsidy-declined`), or outside its validity (`SVC-subsidy-valid`)",
    },
    ScreenRow {
        outcomes: &[O::Eligible],
        roles: CARD_APP,
        answer: "medical information (居宅, オンライン診療, 災害時)",
        fields: &[Field::Name("DrugInformation")],
        judged_by: "the scenarios' `expect.fields`; shown only from an answer that carried it (`SVC-disaster-designated`, `SVC-home-consent-scope`, `SVC-online-consent-per-visit`)",
    },
    ScreenRow {
        outcomes: &[O::Eligible],
        roles: RECON,
        answer: "a 薬剤情報 / 特定健診情報 answer",
        fields: &[F(E::ResultCode)],
        judged_by: "`XML-sharing-consent`",
    },
    ScreenRow {
        outcomes: &[O::Eligible],
        roles: RECON,
        answer: "a consent import's unit (居宅, オンライン診療)",
        fields: &[F(E::InsuredBranchNumber)],
        judged_by: "`XML-consent-import` (the card data as the unit holds it)",
    },
    ScreenRow {
        outcomes: &[O::Eligible],
        roles: RECON,
        answer: "a 照会番号 registration",
        fields: &[F(E::ReferenceNumber)],
        judged_by: "`XML-reference-number`",
    },
    ScreenRow {
        outcomes: &[O::MedicalAssistance],
        roles: BOTH,
        answer: "a valid 医療扶助 record (`InsuredCardClassification` A1, `QualificationValidity` 1 or 6)",
        fields: &[
            F(E::InsuredCardClassification),
            F(E::InsurerName),
            F(E::NameKana),
            F(E::Name),
            F(E::Birthdate),
            F(E::Sex1),
            F(E::InsurerNumber),
            F(E::InsuredIdentificationNumber),
            F(E::QualificationValidity),
        ],
        judged_by: "`SVC-medical-assistance` (the first six: screen E-05-A, MHLW 事務連絡 2025-04-15); the scenarios' `expect.fields` (公費負担者番号, 受給者番号, validity)",
    },
    ScreenRow {
        outcomes: &[O::MedicalAssistance, O::Ineligible],
        roles: CARD_APP,
        answer: "a 医療扶助 record with 裏面記載情報",
        fields: &BACK_ROW,
        judged_by: "`SVC-welfare-screen` (screen E-05-A, MHLW 事務連絡 2025-04-15 別紙「医療扶助表示画面の改修」)",
    },
    ScreenRow {
        outcomes: &[O::Ineligible],
        roles: BOTH,
        answer: "no valid qualification (`QualificationValidity` 2, 3, 4)",
        fields: &[
            F(E::QualificationValidity),
            F(E::DisqualificationDate),
            F(E::ReasonOfLoss),
        ],
        judged_by: "`SVC-invalid-shown`",
    },
    ScreenRow {
        outcomes: &[O::Ineligible],
        roles: CARD_APP,
        answer: "a lost 医療扶助 record (`InsuredCardClassification` A1, `QualificationValidity` 2)",
        fields: &[
            F(E::InsurerName),
            F(E::NameKana),
            F(E::Name),
            F(E::Birthdate),
            F(E::Sex1),
            F(E::InsuredCardClassification),
            F(E::DisqualificationDate),
        ],
        judged_by: "`SVC-welfare-screen`: the app's screen E-05-A shows them 「受給資格の喪失後、新しい資格を取得するまでの間を含む」 (MHLW 事務連絡 2025-04-15 別紙「医療扶助表示画面の改修」); a レセコン's screen has no such source, so only the row above applies to it",
    },
    ScreenRow {
        outcomes: &[O::Ineligible],
        roles: BOTH,
        answer: "the person not confirmed (`ProcessingResultStatus` 2 other than not registered: a renewed card not re-linked, a revoked certificate in a face push)",
        fields: &[F(E::ProcessingResultCode)],
        judged_by: "the scenarios' `expect.fields`",
    },
    ScreenRow {
        outcomes: &[O::NotRegistered],
        roles: BOTH,
        answer: "not registered (`ProcessingResultStatus` 2 with `MOCK-E201`)",
        fields: &[F(E::ProcessingResultCode)],
        judged_by: "the scenarios' `expect.fields` (none asks it today)",
    },
    ScreenRow {
        outcomes: &[O::CardError, O::ServiceError],
        roles: CARD_APP,
        answer: "the service's answer failed as a whole (`SegmentOfResult` ≠ 1)",
        fields: &[F(E::ErrorCode)],
        judged_by: "`SVC-error-shown`",
    },
    ScreenRow {
        outcomes: &[O::CardError, O::ServiceError],
        roles: RECON,
        answer: "the terminal's error result (`SegmentOfResult` 9)",
        fields: &[F(E::ErrorCode)],
        judged_by: "`XML-status-both`",
    },
    ScreenRow {
        outcomes: &[O::ServiceError],
        roles: RECON,
        answer: "a 薬剤情報 / 特定健診情報 request refused for want of consent",
        fields: &[F(E::ResultCode)],
        judged_by: "`XML-sharing-consent`",
    },
    ScreenRow {
        outcomes: &[O::Accepted],
        roles: &[Role::RelyingParty],
        answer: "the 署名用 certificate verified (signature, chain, OCSP `good`): its \
                 SubjectAltName's 基本4情報 (docs/relying-party.md)",
        fields: &[
            F(E::Name),
            F(E::Birthdate),
            F(E::Sex1),
            F(E::Address),
        ],
        judged_by: "`RP-fields-from-certificate`; 犯罪収益移転防止法施行規則 第6条第1項第1号",
    },
    ScreenRow {
        outcomes: &[O::Accepted],
        roles: &[Role::RelyingParty],
        answer: "a 現況確認 (flow `status-check`): each account's 署名用 certificate's status and \
                 reason at the revocation service, by its serial (docs/relying-party.md)",
        fields: &[P(DECISION_FIELD), P(USER_FIELD)],
        judged_by: "`RP-status-reason-mapped`, `RP-status-revoked-not-kept`, \
                    `RP-renewed-same-person`; RFC 5280 §5.3.1",
    },
];

/// Whether the table requires `field` on a result of `outcome` in `role` (under some answer).
pub fn allows(outcome: Outcome, role: Role, field: &str) -> bool {
    SCREEN.iter().any(|row| {
        row.outcomes.contains(&outcome)
            && row.roles.contains(&role)
            && row.fields.iter().any(|f| f.matches(field))
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    const BEGIN: &str = "<!-- screen-fields: begin -->\n";
    const END: &str = "<!-- screen-fields: end -->";

    /// docs/client-protocol.md prints the table as the code has it.
    #[test]
    fn the_docs_show_the_screen_table() {
        let docs = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/client-protocol.md"),
        )
        .unwrap();
        let start = docs.find(BEGIN).unwrap() + BEGIN.len();
        let end = docs.find(END).unwrap();
        assert_eq!(
            &docs[start..end],
            screen_table(),
            "docs/client-protocol.md (\"Which `fields` to show\") is out of date; paste \
             `mynakit_conformance::screen::screen_table()`:\n{}",
            screen_table()
        );
    }

    /// Every check a row names exists, and the checks' own field lists are rows of the table.
    #[test]
    fn the_checks_lists_are_the_table_s() {
        for row in SCREEN {
            for word in row.judged_by.split('`') {
                if word.starts_with("SVC-") || word.starts_with("XML-") {
                    assert!(crate::find(word).is_some(), "{word}: no such check");
                }
            }
        }
        let row = |owner: &str, answer: &str, outcome: Outcome, role: Role| {
            SCREEN
                .iter()
                .find(|r| {
                    r.judged_by.starts_with(owner)
                        && r.answer.starts_with(answer)
                        && r.outcomes.contains(&outcome)
                        && r.roles.contains(&role)
                })
                .unwrap()
        };
        let has = |r: &ScreenRow, e: ElementName| r.fields.contains(&F(e));
        for role in [Role::CardApp, Role::ReceiptComputer] {
            let valid = row(
                "`SVC-medical-assistance`",
                "a valid",
                O::MedicalAssistance,
                role,
            );
            for (e, _) in MEDICAL_ASSISTANCE_FIELDS {
                assert!(has(valid, e), "{e:?}");
            }
            let invalid = row("`SVC-invalid-shown`", "no valid", O::Ineligible, role);
            for e in INVALID_FIELDS {
                assert!(has(invalid, e), "{e:?}");
            }
        }
        let lost = row(
            "`SVC-welfare-screen`",
            "a lost",
            O::Ineligible,
            Role::CardApp,
        );
        for (e, _) in MEDICAL_ASSISTANCE_FIELDS {
            assert!(has(lost, e), "{e:?}");
        }
        assert!(has(lost, E::DisqualificationDate));
        let back = row(
            "`SVC-welfare-screen`",
            "a 医療扶助 record with",
            O::MedicalAssistance,
            Role::CardApp,
        );
        for (e, _) in BACK_FIELDS {
            assert!(has(back, e), "{e:?}");
        }
        // A lost 医療扶助 record asks a レセコン for no more than any invalid result.
        assert!(!allows(
            O::Ineligible,
            Role::ReceiptComputer,
            "InsuredCardClassification"
        ));
        assert!(allows(
            O::Ineligible,
            Role::CardApp,
            "InsuredCardClassification"
        ));
        assert!(allows(
            O::Eligible,
            Role::CardApp,
            "ElderlyRecipientValidEndDate"
        ));
    }
}
