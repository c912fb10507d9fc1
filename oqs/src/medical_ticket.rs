//! The 医療券 / 調剤券 element, `MedicalTicketInfo`, written from and read into the persona
//! schema's [`MedicalTicket`]: one model of the record, two forms of its text. The persona file
//! keys the two dates `ValidDate` / `ExpirationDate` and holds them as dates, the amount as a
//! number and the consistency flag as [`TicketConsistency`]; the element names them
//! `MedicalTicketValidDate` / `MedicalTicketExpirationDate`, in yyyyMMdd, the amount in digits
//! and the flag as its OQSCD022 code, its 26 children in the order `YUKI-ENT/OQSDrug2` imports
//! and re-emits them (`docs/terminal.md`, "医療券 fields").
//!
//! The 外字 policy is not part of the form: it is applied to the ticket's names where a record
//! becomes a result ([`with_policy`], from `eligibility`), so what the element carries is what
//! the ticket in the message holds.

use std::fmt;

use mynakit_persona::{MedicalTicket, NotAConsistencyCode, TicketConsistency};
use serde::de::{self, IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::Date;

use crate::codes::ConsistencyFlag;
use crate::dates::{parse_ymd, ymd};
use crate::jis::{self, NonJisMode};
use crate::ElementName;

/// One child of `MedicalTicketInfo`: its name, whether every ticket has it, and how its text is
/// taken from and put into the ticket.
struct Child {
    name: ElementName,
    required: bool,
    get: fn(&MedicalTicket) -> Option<String>,
    set: fn(&mut MedicalTicket, String) -> Result<(), ChildError>,
}

/// Why a child's text does not fit the ticket; the reader puts the child's name before it
/// (`MedicalTicketValidDate: "2024-04-01" is not a yyyyMMdd date`).
#[derive(Debug, thiserror::Error)]
enum ChildError {
    #[error("{text:?} is not a yyyyMMdd date")]
    NotADate { text: String },
    #[error("{text:?} is not an amount in yen (digits)")]
    NotAnAmount { text: String },
    #[error(transparent)]
    Consistency(#[from] NotAConsistencyCode),
}

/// A text child every ticket has.
macro_rules! text {
    ($name:ident, $field:ident) => {
        Child {
            name: ElementName::$name,
            required: true,
            get: |t| Some(t.$field.clone()),
            set: |t, v| {
                t.$field = v;
                Ok(())
            },
        }
    };
}

/// A text child a ticket may leave out.
macro_rules! optional {
    ($name:ident, $field:ident) => {
        Child {
            name: ElementName::$name,
            required: false,
            get: |t| t.$field.clone(),
            set: |t, v| {
                t.$field = Some(v);
                Ok(())
            },
        }
    };
}

/// The children in the element's order.
const CHILDREN: [Child; 26] = [
    text!(TicketType, ticket_type),
    Child {
        name: ElementName::MedicalTicketValidDate,
        required: true,
        get: |t| Some(ymd(t.valid_date)),
        set: |t, v| {
            t.valid_date = date(&v)?;
            Ok(())
        },
    },
    Child {
        name: ElementName::MedicalTicketExpirationDate,
        required: true,
        get: |t| Some(ymd(t.expiration_date)),
        set: |t, v| {
            t.expiration_date = date(&v)?;
            Ok(())
        },
    },
    text!(IssueNumber, issue_number),
    text!(MedicalTreatmentMonth, medical_treatment_month),
    optional!(
        DesignatedMedicalInstitutionCode,
        designated_medical_institution_code
    ),
    optional!(
        DesignatedMedicalInstitutionFlag,
        designated_medical_institution_flag
    ),
    optional!(
        DesignatedMedicalInstitutionName,
        designated_medical_institution_name
    ),
    optional!(
        PrescriptionIssuerMedicalInstitutionCode,
        prescription_issuer_medical_institution_code
    ),
    optional!(
        PrescriptionIssuerMedicalInstitutionName,
        prescription_issuer_medical_institution_name
    ),
    optional!(InjuryName1, injury_name1),
    optional!(InjuryName2, injury_name2),
    optional!(InjuryName3, injury_name3),
    text!(MedicalTreatmentType, medical_treatment_type),
    Child {
        name: ElementName::SelfPayAmount,
        required: false,
        get: |t| t.self_pay_amount.map(|a| a.to_string()),
        set: |t, v| {
            let digits = !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit());
            let amount = v.parse().ok().filter(|_| digits);
            t.self_pay_amount = Some(amount.ok_or(ChildError::NotAnAmount { text: v })?);
            Ok(())
        },
    },
    optional!(DistrictContactName, district_contact_name),
    optional!(HandlingContactName, handling_contact_name),
    optional!(SingleOrCombinedUse, single_or_combined_use),
    optional!(StatusOfSocialInsurance, status_of_social_insurance),
    Child {
        name: ElementName::ConsistencyFlag,
        required: false,
        get: |t| ConsistencyFlag::of(t.consistency_flag).map(|c| c.code().to_owned()),
        set: |t, v| {
            t.consistency_flag = Some(TicketConsistency::try_from(v)?);
            Ok(())
        },
    },
    optional!(StatusOfInfecton, status_of_infecton),
    optional!(StatusOfElderlyMedicalCare, status_of_elderly_medical_care),
    optional!(StatusOfPrefecturalExpenses, status_of_prefectural_expenses),
    optional!(Remarks1, remarks1),
    optional!(Remarks2, remarks2),
    optional!(Remarks3, remarks3),
];

fn date(text: &str) -> Result<Date, ChildError> {
    parse_ymd(text).ok_or_else(|| ChildError::NotADate {
        text: text.to_owned(),
    })
}

/// `ticket` as a result carries it: its names (institutions, injuries, contacts, remarks)
/// through the 外字 policy `non_jis`; codes, numbers and dates as they are.
pub(crate) fn with_policy(ticket: &MedicalTicket, non_jis: NonJisMode) -> MedicalTicket {
    let mut t = ticket.clone();
    for name in [
        &mut t.designated_medical_institution_name,
        &mut t.prescription_issuer_medical_institution_name,
        &mut t.injury_name1,
        &mut t.injury_name2,
        &mut t.injury_name3,
        &mut t.district_contact_name,
        &mut t.handling_contact_name,
        &mut t.remarks1,
        &mut t.remarks2,
        &mut t.remarks3,
    ]
    .into_iter()
    .flatten()
    {
        *name = jis::apply(name, non_jis);
    }
    t
}

/// A ticket as its `MedicalTicketInfo` element.
struct Written<'a>(&'a MedicalTicket);

impl Serialize for Written<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let texts: Vec<(ElementName, Option<String>)> = CHILDREN
            .iter()
            .map(|child| (child.name, (child.get)(self.0)))
            .collect();
        let present = texts.iter().filter(|(_, text)| text.is_some()).count();
        let mut element =
            serializer.serialize_struct(ElementName::MedicalTicketInfo.as_str(), present)?;
        for (name, text) in texts {
            match text {
                Some(text) => element.serialize_field(name.as_str(), &text)?,
                None => element.skip_field(name.as_str())?,
            }
        }
        element.end()
    }
}

/// A ticket read from its `MedicalTicketInfo` element; children it does not know are skipped,
/// as by every element of the message model.
struct Read(MedicalTicket);

impl<'de> Deserialize<'de> for Read {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Read, D::Error> {
        deserializer.deserialize_map(TicketVisitor)
    }
}

struct TicketVisitor;

impl<'de> Visitor<'de> for TicketVisitor {
    type Value = Read;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a MedicalTicketInfo element")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Read, A::Error> {
        let mut ticket = MedicalTicket::basic(
            String::new(),
            (Date::MIN, Date::MIN),
            String::new(),
            String::new(),
            String::new(),
            None,
        );
        let mut seen = [false; CHILDREN.len()];
        while let Some(key) = map.next_key::<String>()? {
            let Some(at) = CHILDREN.iter().position(|c| c.name.as_str() == key) else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            if seen[at] {
                return Err(de::Error::duplicate_field(CHILDREN[at].name.as_str()));
            }
            seen[at] = true;
            let text: String = map.next_value()?;
            (CHILDREN[at].set)(&mut ticket, text)
                .map_err(|e| de::Error::custom(format!("{key}: {e}")))?;
        }
        if let Some(missing) = CHILDREN
            .iter()
            .zip(seen)
            .find(|(child, seen)| child.required && !seen)
        {
            return Err(de::Error::missing_field(missing.0.name.as_str()));
        }
        Ok(Read(ticket))
    }
}

/// `#[serde(with)]` for the repeated `MedicalTicketInfo` of a `PublicExpenseResultList`.
pub(crate) mod elements {
    use super::{MedicalTicket, Read, Written};
    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(
        tickets: &[MedicalTicket],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(tickets.iter().map(Written))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<MedicalTicket>, D::Error> {
        Ok(Vec::<Read>::deserialize(deserializer)?
            .into_iter()
            .map(|read| read.0)
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    /// A ticket with every field set, so a field the element does not carry shows.
    fn full_ticket() -> MedicalTicket {
        let mut t = MedicalTicket::basic(
            "01".to_owned(),
            (date!(2026 - 11 - 01), date!(2026 - 11 - 30)),
            "1234567".to_owned(),
            "202611".to_owned(),
            "02".to_owned(),
            Some(1000),
        );
        let some = |s: &str| Some(s.to_owned());
        t.designated_medical_institution_code = some("1312345678");
        t.designated_medical_institution_flag = some("0");
        t.designated_medical_institution_name = some("架空クリニック");
        t.prescription_issuer_medical_institution_code = some("1312345679");
        t.prescription_issuer_medical_institution_name = some("架空病院");
        t.injury_name1 = some("感冒");
        t.injury_name2 = some("頭痛");
        t.injury_name3 = some("腰痛");
        t.district_contact_name = some("地区　担当");
        t.handling_contact_name = some("取扱　担当");
        t.single_or_combined_use = some("01");
        t.status_of_social_insurance = some("01");
        t.consistency_flag = Some(TicketConsistency::Inconsistent);
        t.status_of_infecton = some("1");
        t.status_of_elderly_medical_care = some("1");
        t.status_of_prefectural_expenses = some("1");
        t.remarks1 = some("備考一");
        t.remarks2 = some("備考二");
        t.remarks3 = some("備考三");
        t
    }

    /// The persona schema's fields, as its own serde names them: a persona file with an
    /// unknown key is refused with the list of the keys it takes.
    fn schema_keys() -> Vec<String> {
        let refused = serde_json::from_str::<MedicalTicket>(r#"{"?": 0}"#)
            .expect_err("unknown keys are refused")
            .to_string();
        let list = refused
            .split_once("expected one of ")
            .map(|(_, list)| list)
            .expect("the error lists the keys");
        list.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect()
    }

    /// Every field of the schema is a child of the element, in the schema's order: a field
    /// added to the persona's ticket and not here fails. `RegisteredOn` is mynakit's own (the
    /// day the 福祉事務所 registered the ticket), never written.
    #[test]
    fn every_ticket_field_is_a_child_of_the_element() {
        let children: Vec<String> = schema_keys()
            .into_iter()
            .filter(|k| k != "RegisteredOn")
            .map(|k| match k.as_str() {
                "ValidDate" | "ExpirationDate" => format!("MedicalTicket{k}"),
                _ => k,
            })
            .collect();
        let names: Vec<&str> = CHILDREN.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(children, names);
        let json = serde_json::to_string(&Written(&full_ticket())).expect("json");
        let at: Vec<Option<usize>> = names
            .iter()
            .map(|n| json.find(&format!("\"{n}\":")))
            .collect();
        assert!(at.iter().all(Option::is_some), "all 26 written: {json}");
        assert!(at.is_sorted(), "in the element's order: {json}");
    }

    #[test]
    fn the_element_reads_back_as_the_ticket_in_json_and_xml() {
        let ticket = full_ticket();
        let json = serde_json::to_string(&Written(&ticket)).expect("json");
        assert!(
            json.contains(r#""MedicalTicketValidDate":"20261101""#),
            "{json}"
        );
        assert!(json.contains(r#""SelfPayAmount":"1000""#), "{json}");
        assert!(json.contains(r#""ConsistencyFlag":"1""#), "{json}");
        let read: Read = serde_json::from_str(&json).expect("reads back");
        assert_eq!(read.0, ticket);
        let xml = quick_xml::se::to_string(&Written(&ticket)).expect("xml");
        assert!(
            xml.contains("<MedicalTicketExpirationDate>20261130</MedicalTicketExpirationDate>"),
            "{xml}"
        );
        let read: Read = quick_xml::de::from_str(&xml).expect("reads back");
        assert_eq!(read.0, ticket);
        let basic = MedicalTicket {
            self_pay_amount: None,
            ..MedicalTicket::basic(
                "02".to_owned(),
                (date!(2026 - 11 - 01), date!(2026 - 11 - 30)),
                "7".to_owned(),
                "202611".to_owned(),
                "01".to_owned(),
                None,
            )
        };
        let json = serde_json::to_value(Written(&basic)).expect("json");
        assert_eq!(json.as_object().map(|o| o.len()), Some(6), "{json}");
    }

    #[test]
    fn wrong_text_is_named_and_unknown_children_are_skipped() {
        let read = |json: &str| serde_json::from_str::<Read>(json).map(|r| r.0);
        let core = r#""TicketType":"01","MedicalTicketExpirationDate":"20261130","IssueNumber":"1","MedicalTreatmentMonth":"202611","MedicalTreatmentType":"01""#;
        let e = read(&format!(
            r#"{{{core},"MedicalTicketValidDate":"2026-11-01"}}"#
        ))
        .expect_err("not yyyyMMdd");
        assert!(e.to_string().contains("MedicalTicketValidDate"), "{e}");
        let e = read(&format!(
            r#"{{{core},"MedicalTicketValidDate":"20261101","SelfPayAmount":"+5"}}"#
        ))
        .expect_err("not digits");
        assert!(e.to_string().contains("SelfPayAmount"), "{e}");
        let e = read(&format!(
            r#"{{{core},"MedicalTicketValidDate":"20261101","ConsistencyFlag":"0"}}"#
        ))
        .expect_err("OQSCD022 has only 1");
        assert!(e.to_string().contains("OQSCD022"), "{e}");
        let e = read(&format!("{{{core}}}")).expect_err("a missing date");
        assert!(e.to_string().contains("MedicalTicketValidDate"), "{e}");
        let t = read(&format!(
            r#"{{{core},"MedicalTicketValidDate":"20261101","AFutureChild":{{"x":1}}}}"#
        ))
        .expect("an unknown child is skipped");
        assert_eq!(t.valid_date, date!(2026 - 11 - 01));
    }

    #[test]
    fn the_policy_touches_names_only() {
        let mut ticket = full_ticket();
        ticket.injury_name1 = Some("髙血圧".to_owned());
        ticket.issue_number = "髙1".to_owned();
        let substituted = with_policy(&ticket, NonJisMode::Substitute);
        assert_eq!(substituted.injury_name1.as_deref(), Some("●血圧"));
        assert_eq!(substituted.issue_number, "髙1", "a number is not a name");
        assert_eq!(with_policy(&ticket, NonJisMode::PassThrough), ticket);
    }
}
