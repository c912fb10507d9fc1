//! A person's qualification on a day, as an OQS `ResultOfQualificationConfirmation`.
//!
//! `QualificationValidity` (OQSCD006): `1` valid; `2` lost (`DisqualificationDate` on or before the
//! day, 資格喪失日 being the first day without cover); `4` no qualification (no insurance record, or
//! one that starts later). 医療扶助 (`A1`) records carry the 福祉事務所 as `InsurerName` and the
//! medical tickets as `PublicExpenseResultList` (`docs/service.md`, "Result shape"). The 限度額
//! block appears only with the patient's consent (OQSCD001); 特定疾病 whenever the person has one;
//! a 医療費助成 受給者証 from its 自治体's day of joining PMH (`crate::subsidy`,
//! `docs/subsidies.md`).

use mynakit_persona::{
    Identity, Insurance, LimitApplication, MedicalTicket, Persona, Sex, SpecificDisease, Subsidy,
};
use time::{Date, OffsetDateTime};

use crate::codes::{ConsentFlag, QualificationValidity, Sex1, MEDICAL_ASSISTANCE_CARD};
use crate::dates::{ym, ymd, ymdhms};
use crate::jis::{self, NonJisMode};
use crate::kana;
use crate::medical_ticket;
use crate::message::{
    ElderlyRecipientCertificateInfo, LimitApplicationCertificateRelatedInfo,
    MedicalSubsidyCertificateInfo, MedicalSubsidyCertificateList, PublicExpenseResultList,
    ResultOfQualificationConfirmation, SpecificDiseasesCertificateInfo,
    SpecificDiseasesCertificateList,
};
use crate::subsidy;

/// How to render names and consents.
#[derive(Clone, Copy, Debug)]
pub struct RenderOptions {
    /// Characters outside JIS X 0208.
    pub non_jis: NonJisMode,
    /// When the patient consented to 限度額 information, if they did.
    pub limit_consent: Option<OffsetDateTime>,
    /// The day of the check: a 医療券 the 福祉事務所 registers later is not in the record yet
    /// ([`MedicalTicket::registered_by`]). `None`: every ticket.
    pub day: Option<Date>,
}

/// `QualificationValidity` of a card check or a 被保険者証 query on `day`: [`validity`], plus `6`
/// 有効（未登録） for a valid 医療扶助 (`A1`) record without a 医療券 / 調剤券 for the month of
/// `day`, or with one the 福祉事務所 registers only after `day`. OQSCD006 lists `6` for 医療扶助
/// only; its exact trigger is not public, so "no registered ticket for the month" is this
/// project's model (docs/service.md, "The card check"; docs/terminal.md).
pub fn qualification_validity(insurance: Option<&Insurance>, day: Date) -> QualificationValidity {
    let v = validity(insurance, day);
    let month = ym(day);
    match insurance {
        Some(ins)
            if v == QualificationValidity::Valid
                && ins.insured_card_classification == MEDICAL_ASSISTANCE_CARD
                && !ins
                    .medical_tickets
                    .iter()
                    .any(|t| t.medical_treatment_month == month && t.registered_by(day)) =>
        {
            QualificationValidity::ValidUnregistered
        }
        _ => v,
    }
}

/// `QualificationValidity` of `insurance` on `today` (`1`, `2` or `4`; without the 医療扶助 `6`).
pub fn validity(insurance: Option<&Insurance>, today: Date) -> QualificationValidity {
    match insurance {
        None => QualificationValidity::NoQualification,
        Some(ins) if ins.qualification_date > today => QualificationValidity::NoQualification,
        Some(ins) if ins.disqualification_date.is_some_and(|d| d <= today) => {
            QualificationValidity::Invalid
        }
        Some(_) => QualificationValidity::Valid,
    }
}

/// `Sex1` of the persona's sex.
pub fn sex1(sex: Sex) -> Sex1 {
    match sex {
        Sex::Male => Sex1::Male,
        Sex::Female => Sex1::Female,
        Sex::NotApplicable | Sex::Unknown => Sex1::Unset,
    }
}

/// The eligibility record of `persona`, or `None` without an insurance record.
pub fn record(
    persona: &Persona,
    options: RenderOptions,
) -> Option<ResultOfQualificationConfirmation> {
    let ins = persona.insurance.as_ref()?;
    Some(record_with_certificates(
        &persona.identity,
        ins,
        persona.limit_application.as_ref(),
        &persona.specific_diseases,
        &persona.subsidies,
        options,
    ))
}

/// The full eligibility record of a person under `ins`, with their 限度額 (shown only with
/// the patient's consent) and 特定疾病 blocks: what [`record`] gives for a persona, for a person
/// stated some other way (the 資格確認端末's card-less persons, `docs/terminal.md`, "Settings").
pub fn record_with_certificates(
    identity: &Identity,
    ins: &Insurance,
    limit_application: Option<&LimitApplication>,
    specific_diseases: &[SpecificDisease],
    subsidies: &[Subsidy],
    options: RenderOptions,
) -> ResultOfQualificationConfirmation {
    let mut record = record_of(identity, ins, options);
    if options.limit_consent.is_some() {
        record.limit_application_certificate_related_info = limit_application.map(limit_info);
    }
    record.specific_diseases_certificate_list =
        (!specific_diseases.is_empty()).then(|| SpecificDiseasesCertificateList {
            specific_diseases_certificate_info: specific_diseases
                .iter()
                .map(|d| SpecificDiseasesCertificateInfo {
                    specific_diseases_disease_category: d.disease_category.clone(),
                    specific_diseases_certificate_date: ymd(d.certificate_date),
                    specific_diseases_valid_start_date: ymd(d.valid_start_date),
                    specific_diseases_valid_end_date: d.valid_end_date.map(ymd),
                    specific_diseases_self_pay: d.self_pay.to_string(),
                })
                .collect(),
        });
    record.medical_subsidy_certificate_list = subsidy_list(subsidies, options.day);
    record
}

/// The 医療費助成 受給者証 that come through PMH on `day` (`None`: every one whose 自治体 has
/// joined), in the persona's order; `None` when none does.
fn subsidy_list(subsidies: &[Subsidy], day: Option<Date>) -> Option<MedicalSubsidyCertificateList> {
    let info: Vec<MedicalSubsidyCertificateInfo> = subsidies
        .iter()
        .filter_map(|s| {
            let joined = subsidy::pmh_from(s)?;
            day.is_none_or(|day| subsidy::through_pmh(s, day)).then(|| {
                MedicalSubsidyCertificateInfo {
                    medical_subsidy_scheme: subsidy::subsidy_scheme_code(s.scheme).to_owned(),
                    medical_subsidy_payer_number: s.payer_number.clone(),
                    medical_subsidy_recipient_number: s.recipient_number.clone(),
                    medical_subsidy_valid_start_date: ymd(s.valid_start_date),
                    medical_subsidy_valid_end_date: s.valid_end_date.map(ymd),
                    medical_subsidy_self_pay_limit: s.self_pay_limit.to_string(),
                    medical_subsidy_municipality_code: s.municipality_code.clone(),
                    medical_subsidy_join_date: ymd(joined),
                }
            })
        })
        .collect();
    (!info.is_empty()).then_some(MedicalSubsidyCertificateList {
        medical_subsidy_certificate_info: info,
    })
}

/// The 限度額 block of `limit` (shown only with the patient's consent).
fn limit_info(limit: &LimitApplication) -> LimitApplicationCertificateRelatedInfo {
    LimitApplicationCertificateRelatedInfo {
        limit_application_certificate_classification: limit.classification.clone(),
        limit_application_certificate_classification_flag: limit.classification_flag.clone(),
        limit_application_certificate_date: ymd(limit.certificate_date),
        limit_application_certificate_valid_start_date: ymd(limit.valid_start_date),
        limit_application_certificate_valid_end_date: limit.valid_end_date.map(ymd),
        limit_application_certificate_long_term_date: limit.long_term_date.map(ymd),
    }
}

/// The eligibility record of `id` under insurance `ins` (a person without a card, or a former
/// qualification, as the 資格確認端末 emulation needs).
pub fn record_of(
    id: &Identity,
    ins: &Insurance,
    options: RenderOptions,
) -> ResultOfQualificationConfirmation {
    let text = |s: &str| jis::apply(s, options.non_jis);
    let tickets: Vec<MedicalTicket> = ins
        .medical_tickets
        .iter()
        .filter(|t| options.day.is_none_or(|day| t.registered_by(day)))
        .map(|t| {
            let mut t = medical_ticket::with_policy(t, options.non_jis);
            t.registered_on = None;
            t
        })
        .collect();
    ResultOfQualificationConfirmation {
        insured_card_classification: ins.insured_card_classification.clone(),
        insurer_number: ins.insurer_number.clone(),
        insured_card_symbol: ins.insured_card_symbol.as_deref().map(text),
        insured_identification_number: ins.insured_identification_number.clone(),
        insured_branch_number: ins.insured_branch_number.clone(),
        personal_family_classification: ins.personal_family_classification.clone(),
        insured_name: ins.insured_name.as_deref().map(text),
        name: text(&id.name),
        name_kana: kana::to_half_width(&id.name_kana),
        name_of_other: ins.name_of_other.as_deref().map(text),
        name_of_other_kana: ins.name_of_other_kana.as_deref().map(kana::to_half_width),
        sex1: sex1(id.sex).code().to_owned(),
        sex2: ins.sex2.clone(),
        birthdate: ymd(id.birth_date),
        address: Some(text(&id.address)),
        post_number: ins.post_number.clone(),
        qualification_date: ymd(ins.qualification_date),
        disqualification_date: ins.disqualification_date.map(ymd),
        insured_certificate_issuance_date: ins.insured_certificate_issuance_date.map(ymd),
        insured_card_valid_date: ins.insured_card_valid_date.map(ymd),
        insured_card_expiration_date: ins.insured_card_expiration_date.map(ymd),
        insured_partial_contribution_ratio: ins.insured_partial_contribution_ratio.clone(),
        preschool_classification: ins.preschool_classification.clone(),
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
            ConsentFlag::of(options.limit_consent.is_some())
                .code()
                .to_owned(),
        ),
        limit_application_certificate_related_cons_time: options.limit_consent.map(ymdhms),
        limit_application_certificate_related_info: None,
        specific_diseases_certificate_list: None,
        public_expense_result_list: (!tickets.is_empty()).then_some(PublicExpenseResultList {
            medical_ticket_info: tickets,
        }),
        medical_subsidy_certificate_list: None,
    }
}
