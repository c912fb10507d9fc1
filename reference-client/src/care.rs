//! The care settings beyond the counter (`docs/care-settings.md`), as this client plays them:
//!
//! - **特定健診 / バス健診** (`MYNAKIT_CARE_SETTING` `kenshin`, `bus-kenshin`): 資格確認限定型.
//!   The card check asks for eligibility only (`purpose: kenshin`, no 限度額 consent, PIN or
//!   目視確認), then the staff key in the 受診券・利用券 and the client compares its 保険者番号・
//!   記号・番号 with the qualification. Whenever eligibility is not confirmed the staff are told
//!   the fallbacks (資格確認書, 受診券 with マイナポータル, a later check with the card). A lost
//!   answer on the bus's mobile network is never replayed: each attempt is a fresh challenge
//!   signed by the card (`card_check`).
//! - **災害時** (`disaster`): no card. `GET /v1/disaster-designation` first; only inside a
//!   designation, and only with the patient's consent (`consent` topic `medical-information`),
//!   the insurance data the patient gives goes to `POST /v1/disaster-views`.

use std::io::{BufRead, Write};

use mynakit_oqs::ElementName as E;
use mynakit_protocol::service_paths::HEALTH;
use mynakit_protocol::{ConfirmTopic, ConsentTopic, Fallback, Flow, InsuranceCardData, Outcome};
use serde_json::Value;

use crate::defects::{Defect, Defects};
use crate::env::ClientEnv;
use crate::oqs::OqsMessage;
use crate::results::{screen_of, service_error};
use crate::screen::{Screen, Stop};
use crate::service::{HttpFailure, Service};
use crate::talk::Talk;
use crate::ClientError;

/// What a consent is for, as the service names it (`docs/care-settings.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ConsentKind {
    /// 居宅同意取得型.
    HomeVisit,
    /// オンライン診療等.
    OnlineVisit,
}

impl ConsentKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ConsentKind::HomeVisit => "home-visit",
            ConsentKind::OnlineVisit => "online-visit",
        }
    }
}

/// The screen of a care answer: `{"qualification": <OQS message>, "medical_information"?}`.
/// Medical information is shown only with an eligible qualification.
pub(crate) fn screen_of_answer(answer: &Value, defects: &Defects) -> Screen {
    let qualification = serde_json::to_vec(&answer["qualification"]).unwrap_or_default();
    let message = match OqsMessage::from_json(&qualification) {
        Ok(message) => message,
        Err(e) => {
            return service_error(&HttpFailure::Transient(format!(
                "no qualification in the answer: {e}"
            )))
        }
    };
    let mut screen = screen_of(&message, false, defects);
    if screen.outcome == Some(Outcome::Eligible) {
        for name in ["DrugInformation", "SpecificHealthCheckupsInformation"] {
            if let Some(value) = answer["medical_information"][name].as_str() {
                screen = screen.with_field(name, value);
            }
        }
    }
    screen
}

/// 居宅's later visits: the staff key in the insurance data recorded at the first visit and the
/// institution checks validity within the consent, without the card (「２回目以降は…医療機関等で
/// 資格の有効性確認を行う」). A refused check (withdrawn, another institution's, none) is told
/// to the staff with the fallback: register again with the card.
pub(crate) fn home_follow_up<R: BufRead, W: Write>(
    talk: &mut Talk<R, W>,
    service: Result<&Service, HttpFailure>,
    env: &ClientEnv,
    defects: &Defects,
) -> Result<Screen, Stop> {
    talk.progress("初回訪問時に確認した保険者番号・記号・番号・生年月日を入力してください")?;
    let (card, answer) =
        match check_by_insurance_card(talk, service.clone(), env, ConsentKind::HomeVisit)? {
            Ok(done) => done,
            Err(screen) => return Ok(screen),
        };
    match answer {
        Ok(answer) => {
            let screen = screen_of_answer(&answer, defects);
            match answer["consent_id"].as_str() {
                Some(id) if screen.outcome == Some(Outcome::Eligible) => {
                    withdraw_if_asked(talk, service, env, id, screen, defects)
                }
                _ => Ok(screen),
            }
        }
        Err(HttpFailure::Refused(_)) if defects.has(Defect::HomeVisitCachedResult) => Ok(
            Screen::outcome(Outcome::Eligible, "前回の資格情報を表示しています")
                .with_field(E::QualificationValidity.as_str(), "1")
                .with_field(E::InsurerNumber.as_str(), card.insurer_number.clone()),
        ),
        Err(HttpFailure::Refused(what)) => {
            let text = "居宅での同意が確認できません（取消・対象外など）";
            talk.fallback_for(
                &[Fallback::LaterCardCheck, Fallback::QualificationCertificate],
                &format!(
                    "{text}。カードと暗証番号で同意を登録し直すか、資格確認書で確認してください"
                ),
                &card.insurer_number,
            )?;
            Ok(Screen::outcome(
                Outcome::ServiceError,
                format!("{text} ({what})"),
            ))
        }
        Err(failure) => Ok(service_error(&failure)),
    }
}

/// After a later visit's check: does the patient withdraw the consent (`confirm`
/// `withdraw-consent`, the operator's default no)? Yes → `POST /v1/care-consents/{id}/withdraw`;
/// the visit's result stands, with the withdrawal told, and the next visit needs the card again
/// (`docs/kyotaku.md#withdrawal`). A withdrawal the service did not take is `service-error`: the
/// staff must not believe it done.
fn withdraw_if_asked<R: BufRead, W: Write>(
    talk: &mut Talk<R, W>,
    service: Result<&Service, HttpFailure>,
    env: &ClientEnv,
    consent_id: &str,
    screen: Screen,
    defects: &Defects,
) -> Result<Screen, Stop> {
    if !talk.confirm(
        ConfirmTopic::WithdrawConsent,
        "患者さんは居宅での同意（資格確認・薬剤情報等の提供）を取り消しますか",
    )? {
        return Ok(screen);
    }
    if defects.has(Defect::WithdrawalNotSent) {
        let mut screen = screen;
        screen.text = Some("同意を取り消しました".to_owned());
        return Ok(screen);
    }
    let Ok(service) = service else {
        return Ok(Screen::outcome(
            Outcome::ServiceError,
            "同意を取り消せませんでした（サービスに接続できません）",
        ));
    };
    let body = serde_json::json!({
        "medical_institution_code": env.facility_code.clone().unwrap_or_default(),
    });
    // The id comes from the service's own answer; it is sent as a path segment, escaped.
    let path = format!(
        "/v1/care-consents/{}/withdraw",
        consent_id
            .bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    );
    match service.post_json(&path, &body) {
        Ok(_) => {
            let mut screen = screen;
            screen.text = Some(
                "同意を取り消しました。次回の訪問からは、カードと暗証番号で改めて同意が必要です"
                    .to_owned(),
            );
            Ok(screen)
        }
        Err(failure) => Ok(Screen::outcome(
            Outcome::ServiceError,
            format!(
                "同意を取り消せませんでした（{}）。もう一度お試しください",
                failure.describe()
            ),
        )),
    }
}

/// Asks the staff for the insurance data and checks within the patient's consent of `kind`
/// (`POST /v1/care-checks`): the data and the answer, or the screen of an unusable service.
#[allow(clippy::type_complexity)]
fn check_by_insurance_card<R: BufRead, W: Write>(
    talk: &mut Talk<R, W>,
    service: Result<&Service, HttpFailure>,
    env: &ClientEnv,
    kind: ConsentKind,
) -> Result<Result<(InsuranceCardData, Result<Value, HttpFailure>), Screen>, Stop> {
    let service = match service {
        Ok(service) => service,
        Err(failure) => return Ok(Err(service_error(&failure))),
    };
    let card = talk.insurance_card()?;
    let body = serde_json::json!({
        "kind": kind.as_str(),
        "medical_institution_code": env.facility_code.clone().unwrap_or_default(),
        "insurance_card": card,
    });
    let answer = service.post_json("/v1/care-checks", &body);
    Ok(Ok((card, answer)))
}

/// The `reuse-online-consent` defect: the patient did not consent this visit, and the check is
/// made anyway on whatever consent the service still has.
pub(crate) fn online_on_old_consent<R: BufRead, W: Write>(
    talk: &mut Talk<R, W>,
    service: Result<&Service, HttpFailure>,
    env: &ClientEnv,
    defects: &Defects,
) -> Result<Screen, Stop> {
    Ok(
        match check_by_insurance_card(talk, service, env, ConsentKind::OnlineVisit)? {
            Ok((_, Ok(answer))) => screen_of_answer(&answer, defects),
            Ok((_, Err(failure))) => service_error(&failure),
            Err(screen) => screen,
        },
    )
}

/// バス健診 (`bus-kenshin`, flow `pre-tour-check`): before the tour's first card check the
/// devices are checked — the service answers `GET /v1/health`, and the reader can be watched
/// (`reader`, found by the caller) — and the staff are told what was found
/// (「巡回健診の実施前にあらかじめ機器の設置場所、動線や機器の動作について確認の上」,
/// 特定健診・保健指導に係るオンライン資格確認（資格確認限定型）の導入等について 第2の3;
/// `docs/bus-kenshin.md`). A failed check is advice, as the notice's is: the staff go on and
/// the card check's own errors follow.
pub(crate) fn pre_tour_check<R: BufRead, W: Write>(
    talk: &mut Talk<R, W>,
    service: Result<&Service, HttpFailure>,
    reader: bool,
    defects: &Defects,
) -> Result<(), Stop> {
    let answered = match service {
        Ok(service) => service.get_json(HEALTH).is_ok(),
        Err(_) => false,
    };
    let service_up = answered || defects.has(Defect::PreTourCheckAlwaysOk);
    let passed = (service_up && reader) || defects.has(Defect::PreTourCheckAlwaysOk);
    let text = match (service_up, reader) {
        (true, true) => "巡回前の機器確認: 資格確認サービスとカードリーダーの動作を確認しました",
        (false, true) => {
            "巡回前の機器確認: 資格確認サービスに接続できません（通信状況を確認してください）"
        }
        (_, false) => "巡回前の機器確認: カードリーダーが見つかりません",
    };
    talk.device_check(service_up, reader, passed, text)?;
    Ok(())
}

/// Whether the check is a 特定健診 one (資格確認限定型): the `kenshin`, `bus-kenshin` and
/// `ningen-dock` settings, unless the `kenshin-as-counter` defect ignores them. A 人間ドック
/// checks the examinee's insurer as a 健診 does, with 資格確認限定型 (seed: 「資格確認限定型のほか、
/// すでにオンライン資格確認を導入している医療機関においては導入済みのものを含む」).
pub(crate) fn checkup_setting(env: &ClientEnv, defects: &Defects) -> bool {
    matches!(
        env.care_setting,
        Some(Flow::Kenshin | Flow::BusKenshin | Flow::NingenDock)
    ) && !defects.has(Defect::KenshinAsCounter)
}

/// 人間ドック (`ningen-dock`): before the card is read, the staff say what the check is for
/// (confirm topic `checkup-purpose`). Only a check of the insurer the contract names may use
/// オンライン資格確認; for identity alone the card itself is looked at (「本人確認を目的とした場合
/// においてはオンライン資格確認を利用することはできませんが、マイナンバーカードの提示により本人確認が
/// 可能です」, 特定健診・保健指導に係るオンライン資格確認（資格確認限定型）の導入等について 第2の4).
/// Returns the screen that ends the visit when the online check may not be made.
pub(crate) fn dock_purpose<R: BufRead, W: Write>(
    talk: &mut Talk<R, W>,
    defects: &Defects,
) -> Result<Option<Screen>, Stop> {
    if defects.has(Defect::DockSkipPurpose) {
        return Ok(None);
    }
    let insurer = talk.confirm(
        ConfirmTopic::CheckupPurpose,
        "契約先の保険者の加入者であることの確認ですか（はい）、本人確認のみが目的ですか（いいえ）",
    )?;
    if insurer || defects.has(Defect::DockIgnorePurpose) {
        return Ok(None);
    }
    let text = "本人確認のみを目的としたオンライン資格確認はできません。マイナンバーカードの提示（顔写真・氏名）で本人確認してください";
    talk.fallback(&[Fallback::IdentityByCard], text)?;
    Ok(Some(Screen::outcome(Outcome::Cancelled, text)))
}

/// The 受診券・利用券 step after an eligible check: the staff key in what the ticket says and
/// it must name the same insurance (保険者番号, 記号, 番号) as the qualification found. Seed:
/// 「受診者が訪れた際に当該受診者が契約相手先の保険者の加入者であるか否かを判別」
/// (特定健診・保健指導に係るオンライン資格確認（資格確認限定型）の導入等について, 第1の2).
pub(crate) fn checkup_ticket<R: BufRead, W: Write>(
    talk: &mut Talk<R, W>,
    screen: Screen,
) -> Result<Screen, Stop> {
    talk.progress("受診券（利用券）の保険者番号・記号・番号を入力してください")?;
    let ticket = talk.insurance_card()?;
    let shown = |name: E| {
        screen
            .fields
            .get(name.as_str())
            .map(|v| v.trim().to_owned())
            .unwrap_or_default()
    };
    let same = shown(E::InsurerNumber) == ticket.insurer_number.trim()
        && shown(E::InsuredCardSymbol) == ticket.insured_card_symbol.trim()
        && shown(E::InsuredIdentificationNumber) == ticket.insured_identification_number.trim();
    if same {
        let mut screen = screen;
        screen.text = Some("受診券の保険者の加入者であることを確認しました".to_owned());
        return Ok(screen);
    }
    let mut mismatch = Screen::outcome(
        Outcome::Ineligible,
        "受診券の保険者・記号・番号が資格情報と一致しません（契約先の保険者の加入者であることを確認できません）",
    );
    for name in [E::InsurerNumber, E::InsurerName, E::QualificationValidity].map(E::as_str) {
        if let Some(value) = screen.fields.get(name) {
            mismatch = mismatch.with_field(name, value.clone());
        }
    }
    Ok(mismatch)
}

/// 医療扶助 before this month's 医療券 is registered (QualificationValidity 6, 「未委託・未登録」,
/// usual before the 15th–20th): covered, and the staff check the paper 医療券 or ask the 福祉事務所
/// (`SVC-medical-ticket-prompt`), in either role.
pub(crate) fn medical_ticket_prompt<R: BufRead, W: Write>(
    talk: &mut Talk<R, W>,
    screen: &Screen,
) -> Result<(), ClientError> {
    let unregistered = screen.outcome == Some(Outcome::MedicalAssistance)
        && screen
            .fields
            .get(E::QualificationValidity.as_str())
            .map(String::as_str)
            == Some(mynakit_oqs::codes::QualificationValidity::ValidUnregistered.code());
    if !unregistered {
        return Ok(());
    }
    talk.fallback(
        &[Fallback::MedicalTicket],
        "医療扶助の方です。今月の医療券はまだ登録されていません（未委託・未登録）。紙の医療券を確認するか、福祉事務所に確認してください",
    )
}

/// Tells the staff the fallbacks when a 特定健診 check did not confirm eligibility (seed 第2の2:
/// マイナポータルの資格情報画面, マイナ保険証と資格情報のお知らせ, 資格確認書), plus a later
/// check with the card when the network or service failed (バス健診).
pub(crate) fn tell_checkup_fallback<R: BufRead, W: Write>(
    talk: &mut Talk<R, W>,
    screen: &Screen,
) -> Result<(), ClientError> {
    let mut offered = match screen.outcome {
        Some(Outcome::Eligible | Outcome::Cancelled) | None => return Ok(()),
        _ => vec![
            Fallback::QualificationCertificate,
            Fallback::CheckupTicket,
            Fallback::MynaPortal,
        ],
    };
    let mut text = "オンラインで資格を確認できませんでした。資格確認書、またはマイナポータルの資格情報画面と受診券で確認してください".to_owned();
    if screen.outcome == Some(Outcome::ServiceError) {
        offered.push(Fallback::LaterCardCheck);
        text.push_str("。通信が回復したら、カードでもう一度確認できます（結果は表示していません）");
    }
    talk.fallback(&offered, &text)
}

/// The 災害時 flow: designation, consent, the patient's insurance data, the view.
pub(crate) fn disaster<R: BufRead, W: Write>(
    talk: &mut Talk<R, W>,
    service: &Result<Service, HttpFailure>,
    env: &ClientEnv,
    defects: &Defects,
) -> Result<Screen, Stop> {
    talk.progress("災害時の特別措置：マイナンバーカードによる本人確認なしで照会します")?;
    let service = match service {
        Ok(service) => service,
        Err(failure) => return Ok(service_error(failure)),
    };
    let code = env.facility_code.clone().unwrap_or_default();
    if !defects.has(Defect::DisasterSkipDesignation) {
        let answer = service.get_json(&format!(
            "/v1/disaster-designation?medical_institution_code={code}"
        ));
        match answer {
            Err(failure) => return Ok(service_error(&failure)),
            // The service looks patients up by name only (`disaster_lookup`, docs/disaster.md):
            // the client protocol has no ask for a name, so this client cannot key one in.
            Ok(v)
                if v.get("designated").and_then(serde_json::Value::as_bool) == Some(true)
                    && v.get("lookup").and_then(serde_json::Value::as_str)
                        == Some("name-birth-date") =>
            {
                let text = "この災害時照会は氏名・生年月日で行う設定ですが、このアプリは保険者番号等でのみ照会できます";
                talk.fallback(
                    &[Fallback::QualificationCertificate, Fallback::LaterCardCheck],
                    &format!("{text}。資格確認書またはマイナンバーカードで確認してください"),
                )?;
                return Ok(Screen::outcome(Outcome::ServiceError, text));
            }
            Ok(v) if v.get("designated").and_then(serde_json::Value::as_bool) == Some(true) => {}
            Ok(_) => {
                let text =
                    "この医療機関は現在、災害時の特別措置（カードなしの閲覧）の対象ではありません";
                talk.fallback(
                    &[Fallback::QualificationCertificate, Fallback::LaterCardCheck],
                    &format!("{text}。資格確認書またはマイナンバーカードで確認してください"),
                )?;
                return Ok(Screen::outcome(Outcome::ServiceError, text));
            }
        }
    }
    if !talk.consent(ConsentTopic::MedicalInformation, None)? {
        return Ok(Screen::outcome(
            Outcome::Cancelled,
            "患者の同意がないため、薬剤情報等は閲覧しません",
        ));
    }
    talk.progress("保険者番号・記号・番号・生年月日を患者に伺ってください")?;
    let card = talk.insurance_card()?;
    let body = serde_json::json!({
        "medical_institution_code": code,
        "insurance_card": card,
        "consent": true,
    });
    let view = match service.post_json("/v1/disaster-views", &body) {
        Ok(view) => view,
        Err(failure) => {
            talk.fallback(
                &[Fallback::QualificationCertificate, Fallback::LaterCardCheck],
                "災害時の照会ができませんでした",
            )?;
            return Ok(service_error(&failure));
        }
    };
    let screen = screen_of_answer(&view, defects);
    Ok(screen)
}
