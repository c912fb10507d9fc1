//! A person's qualification on a day, as an OQS `ResultOfQualificationConfirmation`.
//!
//! `QualificationValidity` (OQSCD006): `1` valid; `2` lost (`DisqualificationDate` on or before the
//! day, 資格喪失日 being the first day without cover); `4` no qualification (no insurance record, or
//! one that starts later). 医療扶助 (`A1`) records carry the 福祉事務所 as `InsurerName` and the
//! medical tickets as `PublicExpenseResultList` (`docs/service.md`, "Result shape").

use mynakit_fixtures::{Insurance, Persona, Sex};
use time::{Date, OffsetDateTime};

use crate::jis::{self, NonJisMode};
use crate::kana;
use crate::oqs::{
    ElderlyRecipientCertificateInfo, MedicalTicketInfo, PublicExpenseResultList,
    ResultOfQualificationConfirmation,
};

/// How to render names and consents.
#[derive(Clone, Copy, Debug)]
pub struct RenderOptions {
    /// Characters outside JIS X 0208.
    pub non_jis: NonJisMode,
    /// When the patient consented to 限度額 information, if they did.
    pub limit_consent: Option<OffsetDateTime>,
}

/// yyyyMMdd.
pub fn ymd(date: Date) -> String {
    format!(
        "{:04}{:02}{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// yyyyMMddHHmmss.
pub fn ymdhms(t: OffsetDateTime) -> String {
    format!(
        "{}{:02}{:02}{:02}",
        ymd(t.date()),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// `QualificationValidity` of `insurance` on `today`.
pub fn validity(insurance: Option<&Insurance>, today: Date) -> &'static str {
    match insurance {
        None => "4",
        Some(ins) if ins.qualification_date > today => "4",
        Some(ins) if ins.disqualification_date.is_some_and(|d| d <= today) => "2",
        Some(_) => "1",
    }
}

fn sex1(sex: Sex) -> &'static str {
    match sex {
        Sex::Male => "1",
        Sex::Female => "2",
        Sex::NotApplicable | Sex::Unknown => "3",
    }
}

/// The eligibility record of `persona`, or `None` without an insurance record.
pub fn record(
    persona: &Persona,
    options: RenderOptions,
) -> Option<ResultOfQualificationConfirmation> {
    let ins = persona.insurance.as_ref()?;
    let id = &persona.identity;
    let text = |s: &str| jis::apply(s, options.non_jis);
    let tickets: Vec<MedicalTicketInfo> = ins
        .medical_tickets
        .iter()
        .map(|t| MedicalTicketInfo {
            ticket_type: t.ticket_type.clone(),
            medical_ticket_valid_date: ymd(t.valid_date),
            medical_ticket_expiration_date: ymd(t.expiration_date),
            issue_number: t.issue_number.clone(),
            medical_treatment_month: t.medical_treatment_month.clone(),
            medical_treatment_type: t.medical_treatment_type.clone(),
            self_pay_amount: t.self_pay_amount.map(|a| a.to_string()),
        })
        .collect();
    Some(ResultOfQualificationConfirmation {
        insured_card_classification: ins.insured_card_classification.clone(),
        insurer_number: ins.insurer_number.clone(),
        insured_card_symbol: ins.insured_card_symbol.as_deref().map(text),
        insured_identification_number: ins.insured_identification_number.clone(),
        insured_branch_number: ins.insured_branch_number.clone(),
        personal_family_classification: ins.personal_family_classification.clone(),
        name: text(&id.name),
        name_kana: kana::to_half_width(&id.name_kana),
        sex1: sex1(id.sex).to_owned(),
        birthdate: ymd(id.birth_date),
        address: Some(text(&id.address)),
        qualification_date: ymd(ins.qualification_date),
        disqualification_date: ins.disqualification_date.map(ymd),
        insured_partial_contribution_ratio: ins.insured_partial_contribution_ratio.clone(),
        reason_of_loss: ins.reason_of_loss.clone(),
        insurer_name: text(&ins.insurer_name),
        elderly_recipient_certificate_info: ins.elderly_recipient.as_ref().map(|e| {
            ElderlyRecipientCertificateInfo {
                elderly_recipient_certificate_date: ymd(e.certificate_date),
                elderly_recipient_valid_start_date: ymd(e.valid_start_date),
                elderly_recipient_valid_end_date: ymd(e.valid_end_date),
                elderly_recipient_contribution_ratio: e.contribution_ratio.clone(),
            }
        }),
        limit_application_certificate_related_cons_flg: Some(
            if options.limit_consent.is_some() {
                "1"
            } else {
                "0"
            }
            .to_owned(),
        ),
        limit_application_certificate_related_cons_time: options.limit_consent.map(ymdhms),
        public_expense_result_list: (!tickets.is_empty()).then_some(PublicExpenseResultList {
            medical_ticket_info: tickets,
        }),
    })
}
