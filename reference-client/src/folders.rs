//! The レセコン role: eligibility through the 資格確認端末's shared folders (`docs/terminal.md`).
//!
//! - **insurance-card mode**: the staff key in the 保険証's 記号・番号; the client writes an
//!   `OQSsiquc01` request into `req` (under a temporary name, then renamed, so the terminal never
//!   reads half a file) and waits for the answer of the same name, `req` → `res`, in `res`.
//!   A `SegmentOfResult` of `2` (処理中) means "not yet": it keeps waiting.
//! - **face / visual mode**: the patient confirms at the 顔認証付きカードリーダー (by face, or by
//!   staff's 目視確認 there) and the terminal pushes `face/OQSsiquc01res_face_*.xml` by itself.
//!   The client takes the oldest such file, moves it into `face/done/` first — so no file is ever
//!   reported twice, even by two clients sharing the folder — and then reads it.
//!
//! Results are decoded by their XML declaration (UTF-8 or Shift_JIS) and shown like the
//! service's (`results`).

use mynakit_oqs::{
    padded_insurer_number, ConsentFlag, ElementName, MessageKind, SegmentOfResult,
    INSURER_NUMBER_WIDTH,
};
use std::fs;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use mynakit_protocol::{ConsentTopic, Flow, InsuranceCardData, Mode, Outcome};

use crate::care::ConsentKind;
use crate::defects::{Defect, Defects};
use crate::env::ClientEnv;
use crate::oqs::{MessageError, OqsMessage};
use crate::results::{normal_segment, reference_refusal, screen_of};
use crate::screen::{Screen, Stop};
use crate::talk::Talk;
use crate::write_whole::write_then_rename;
use crate::ClientError;

/// File-name prefix of a single check (`OQSsiquc01`) request.
const REQUEST_PREFIX: &str = "OQSsiquc01req_";
/// File-name prefix of its answer.
const RESULT_PREFIX: &str = "OQSsiquc01res_";
/// File-name prefix of a face push.
const FACE_PREFIX: &str = "OQSsiquc01res_face_";
/// Where taken face pushes go, inside `face`.
const FACE_DONE: &str = "done";
/// The pause between a bulk download answered 処理中 and the next one: the terminal is not
/// asked in a tight loop (`XML-processing-poll` wants at least 1 s).
const BULK_POLL_GAP: std::time::Duration = std::time::Duration::from_millis(1500);

/// Runs the レセコン role over the terminal folder `root` to its result screen.
pub(crate) fn run<R: BufRead, W: Write>(
    talk: &mut Talk<R, W>,
    root: &Path,
    env: &ClientEnv,
    defects: &Defects,
    deadline: Option<Instant>,
) -> Result<Screen, ClientError> {
    let mut exchange = Exchange {
        talk,
        root,
        env,
        defects,
        deadline,
    };
    match exchange.run() {
        Ok(screen) | Err(Stop::Show(screen)) => Ok(screen),
        Err(Stop::Broken(e)) => Err(e),
    }
}

mod consent_import;
mod medical_assistance;
mod reference_bulk;

struct Exchange<'a, R, W> {
    talk: &'a mut Talk<R, W>,
    root: &'a Path,
    env: &'a ClientEnv,
    defects: &'a Defects,
    deadline: Option<Instant>,
}

/// The screen for a folder exchange that failed.
fn terminal_error(text: impl std::fmt::Display) -> Stop {
    Stop::Show(Screen::outcome(
        Outcome::ServiceError,
        format!("資格確認端末と連携できませんでした ({text})"),
    ))
}

impl<R: BufRead, W: Write> Exchange<'_, R, W> {
    fn run(&mut self) -> Result<Screen, Stop> {
        // 居宅 and オンライン診療: the day's consents come in as one import, no patient at the
        // counter (`docs/kyotaku.md`, "The same-day import").
        match self.env.care_setting {
            Some(Flow::Kyotaku | Flow::VisitingNursing) => {
                return self.consent_import(ConsentKind::HomeVisit)
            }
            Some(Flow::OnlineShinryo) => return self.consent_import(ConsentKind::OnlineVisit),
            // The month's 医療扶助 import, no patient at the counter either.
            Some(Flow::MedicalAssistanceImport) => return self.medical_assistance_import(),
            _ => {}
        }
        let mode = self.talk.mode(&[
            Mode::InsuranceCard,
            Mode::Bulk,
            Mode::Face,
            Mode::Visual,
            Mode::DrugInfo,
            Mode::CheckupInfo,
            Mode::DiagnosisInfo,
        ])?;
        // 健診 on 既存型 (docs/kenshin.md, "At the 資格確認端末"): at a 人間ドック the staff say
        // what the check is for before the terminal is asked, and a 健診 shows eligibility only.
        let checkup = crate::care::checkup_setting(self.env, self.defects);
        if checkup && self.env.care_setting == Some(Flow::NingenDock) {
            if let Some(screen) = crate::care::dock_purpose(self.talk, self.defects)? {
                return Ok(screen);
            }
        }
        let mut screen = self.counter(mode, checkup)?;
        if checkup {
            screen
                .fields
                .retain(|name, _| !ElementName::is_medical_field(name));
        }
        Ok(screen)
    }

    /// The counter's exchange in `mode`; `checkup`: at a 健診, eligibility only.
    fn counter(&mut self, mode: Mode, checkup: bool) -> Result<Screen, Stop> {
        match mode {
            Mode::InsuranceCard => {
                let screen = self.single_check(checkup)?;
                // A 健診 (特定健診, 人間ドック) is not a 保険診療 visit: nothing is claimed.
                if !checkup {
                    self.claim_record(&screen, false)?;
                }
                Ok(screen)
            }
            Mode::Bulk => self.bulk_check(),
            Mode::DrugInfo => self.patient_info(PatientInfo::Drug),
            Mode::CheckupInfo => self.patient_info(PatientInfo::Checkup),
            Mode::DiagnosisInfo => self.patient_info(PatientInfo::Diagnosis),
            Mode::Face | Mode::Visual => {
                let screen = self.face_push()?;
                if !checkup {
                    self.claim_record(&screen, true)?;
                }
                Ok(screen)
            }
            Mode::Pin => Err(ClientError::Protocol("mode `pin` was not offered".into()).into()),
        }
    }

    /// Records the visit for its claim (`claim-record`) once its qualification is shown: the
    /// card was used, and the information obtained through オンライン資格確認, exactly when the
    /// shown answer came from the patient's card at the 顔認証付きカードリーダー (`by_card`); a
    /// single check of keyed-in insurance-card data used neither (`docs/client-protocol.md`,
    /// "The claim record"). Only a visit the insurance pays is claimed: nothing is recorded for
    /// an invalid qualification or an error. The defect `claim-card-used-always` records the card as used every time;
    /// `claim-previous-period` claims the 加算 of the period before the visit's day. With
    /// `MYNAKIT_CLAIM_DIR` (flow `claim-file`) the visit is also written to `RECEIPTC.UKE`
    /// (`claim_file`); `claim-file-after-loss` writes it for a visit the answer does not cover.
    fn claim_record(&mut self, screen: &Screen, by_card: bool) -> Result<(), Stop> {
        let covered = matches!(
            screen.outcome,
            Some(Outcome::Eligible | Outcome::MedicalAssistance)
        );
        if !covered && !self.defects.has(Defect::ClaimFileAfterLoss) {
            return Ok(());
        }
        let used = by_card || self.defects.has(Defect::ClaimCardUsedAlways);
        let day = screen
            .fields
            .get(ElementName::QualificationConfirmationDate.as_str())
            .or(self.env.today.as_ref());
        let mut history = crate::claim_history::ClaimHistory::open(self.env.home.as_deref());
        let patient = crate::claim_history::patient_key(&screen.fields);
        let prior = crate::claim::Prior {
            history: &history,
            patient: &patient,
            ignore_taken: self.defects.has(Defect::ClaimFrequencyIgnored),
        };
        // `claim-file-first-visit-previous-period`: a 初診 (the patient not seen before) billed
        // from the previous period's rows.
        let stale_first =
            self.defects.has(Defect::ClaimFileFirstVisitPreviousPeriod) && !history.seen(&patient);
        // A 薬局 claims from the 調剤 rows and says so (`claim-record-medical-additions`: from
        // the 医科 ones).
        let schedule = crate::claim::schedule_of(self.env.facility_code.as_deref());
        let record_of = |medical_master| {
            crate::claim::record(
                day.map(String::as_str),
                used,
                self.defects.has(Defect::ClaimPreviousPeriod) || stale_first,
                Some(&prior),
                schedule,
                medical_master,
            )
        };
        let record = record_of(self.defects.has(Defect::ClaimRecordMedicalAdditions));
        // What the claim file bills: the record's 加算, but for `claim-file-medical-additions`,
        // which bills the 医科 ones (codes) in a 薬局's claim.
        let file_record = if self.defects.has(Defect::ClaimFileMedicalAdditions) {
            record_of(true)
        } else {
            record.clone()
        };
        if covered {
            self.talk.claim_record(&record)?;
            if let (mynakit_protocol::ClientMessage::ClaimRecord { claimed, .. }, Some(iso)) =
                (&record, day.and_then(|d| crate::claim::iso(d)))
            {
                history
                    .add(&patient, &iso, claimed.as_deref().unwrap_or_default())
                    .map_err(terminal_error)?;
            }
        }
        if let (Some(dir), Some(day)) = (&self.env.claim_dir, day) {
            let visit = crate::claim_file::Visit {
                fields: &screen.fields,
                record: &file_record,
                facility_code: self.env.facility_code.as_deref().unwrap_or_default(),
                day,
                subsidies: &screen.subsidies,
            };
            crate::claim_file::write(dir, &visit, (self.defects, &self.env.variants))
                .map_err(terminal_error)?;
        }
        Ok(())
    }

    /// The patient's answer to the 限度額 consent, as the request will carry it (the defect
    /// `ignore-limit-refusal` sends it as given whatever the answer).
    fn limit_consent(&mut self) -> Result<bool, Stop> {
        let answer = self.talk.consent(ConsentTopic::LimitApplication, None)?;
        Ok(answer || self.defects.has(Defect::IgnoreLimitRefusal))
    }

    /// When to give up waiting for the terminal.
    fn wait_until(&self) -> Instant {
        let own = Instant::now() + self.env.timings.terminal_wait;
        self.deadline.map_or(own, |d| d.min(own))
    }

    fn single_check(&mut self, checkup: bool) -> Result<Screen, Stop> {
        let card = self.talk.insurance_card()?;
        // The 限度額 consent travels in the request (LimitApplicationCertificateRelatedConsFlg);
        // a 健診 has no use for the 限度額 and does not ask.
        let consent = !checkup && self.limit_consent()?;
        let suffix = self.free_suffix().map_err(terminal_error)?;
        let keyed = reference_bulk::keyed_number(&card);
        if let Some(number) = keyed {
            self.register_reference(&card, number, &suffix)?;
        }
        let mut request = request_xml(&card, consent, self.env, &suffix, self.defects);
        if self.defects.has(Defect::MalformedRequest) {
            request = request.replace("</XmlMsg>", "</XmlMSG>");
        }
        let name = format!("{REQUEST_PREFIX}{suffix}.xml");
        let res = self.root.join("res");
        let before = names_in(&res);
        self.send_request(&name, &request)?;
        self.talk.progress("資格確認端末に照会しています")?;
        if self.defects.has(Defect::WithdrawUnansweredRequest) {
            self.withdraw_if_unanswered(&name)?;
        }
        if self.defects.has(Defect::ShowBeforeAnswer) {
            self.talk
                .display(&Screen::outcome(Outcome::Eligible, "資格が確認できました"))?;
        }
        let result = res.join(format!("{RESULT_PREFIX}{suffix}.xml"));
        let message = if self.defects.has(Defect::NewestResult) {
            self.wait_for_new_file(&res, &before)?
        } else {
            self.wait_for_result(&result)?
        };
        let screen = screen_of(&message, consent, self.defects);
        Ok(match keyed {
            // The defect's reading: the number keyed in is the number registered.
            Some(number) if self.defects.has(Defect::ReferenceNumberUnchecked) => {
                screen.with_field(ElementName::ReferenceNumber.as_str(), number)
            }
            _ => screen,
        })
    }

    /// 照会番号 registration (flow `reference-number`): one `OQSsiimm01` request naming the
    /// keyed-in card and the patient's number, written atomically; its answer decides. A refusal
    /// is shown as the result (with its `ProcessingResultCode`) and no check follows; a
    /// registration is shown with a `display` before the check, whose answer then carries the
    /// number as `ReferenceNumber` (`docs/client-protocol.md`, "照会番号 registration"). The
    /// defect `reference-number-unchecked` never reads the answer.
    fn register_reference(
        &mut self,
        card: &InsuranceCardData,
        number: &str,
        suffix: &str,
    ) -> Result<(), Stop> {
        let prefix = MessageKind::ReferenceRegistration.prefix();
        let request = message_xml(
            &header_xml(self.env, suffix),
            &registration_xml(card, number, self.defects),
        );
        self.send_request(&format!("{prefix}req_{suffix}.xml"), &request)?;
        if self.defects.has(Defect::ReferenceNumberUnchecked) {
            return Ok(());
        }
        self.talk.progress("照会番号を登録しています")?;
        let answer = self.wait_for_result(
            &self
                .root
                .join("res")
                .join(format!("{prefix}res_{suffix}.xml")),
        )?;
        if let Some(refusal) = reference_refusal(&answer) {
            return Err(Stop::Show(refusal));
        }
        self.talk.display(
            // Not an outcome: the qualification is not checked yet.
            &Screen::progress("照会番号を登録しました")
                .with_field(ElementName::ReferenceNumber.as_str(), number),
        )?;
        Ok(())
    }

    /// 薬剤情報 / 特定健診情報 / 診療情報: a `YZKsiquc01` / `TKKsiquc01` / 診療情報 (the prefix
    /// the terminal names, `MYNAKIT_DIAGNOSIS_INFO_PREFIX`) request for the keyed-in card asking
    /// for XML (`FileCategory` 2), then one asking for the PDF (`FileCategory` 1), both written
    /// atomically; the XML answer decides the screen (`ResultCode` 1 with the patient's `Name`
    /// from the answer, else `MessageContents`), and the PDF must arrive under its mirrored
    /// `.pdf` name and be a PDF (`docs/terminal.md`, "薬剤情報 and 特定健診情報"). A history
    /// given with no consent flag `1` (no card confirmation and consent) is not shown, and a
    /// refusal is not asked again (`docs/terminal.md`, "Consent to share information").
    fn patient_info(&mut self, info: PatientInfo) -> Result<Screen, Stop> {
        let card = self.talk.insurance_card()?;
        let suffix = self.free_suffix().map_err(terminal_error)?;
        let res = self.root.join("res");
        let prefix = if self.defects.has(Defect::DiagnosisInfoModelName) {
            info.kind().prefix().to_owned()
        } else {
            self.env.request_names.prefix(info.kind()).to_owned()
        };
        let what = info.what();
        let xml_name = format!("{prefix}req_02{suffix}.xml");
        let before = names_in(&res);
        self.send_request(
            &xml_name,
            &info_request_xml(info, &card, self.env, &suffix, "2", self.defects),
        )?;
        self.talk
            .progress(&format!("資格確認端末に{what}を照会しています"))?;
        let mut message = if self.defects.has(Defect::NewestResult) {
            self.wait_for_new_file(&res, &before)?
        } else {
            self.wait_for_result(&res.join(format!("{prefix}res_02{suffix}.xml")))?
        };
        let mut code = message
            .header(ElementName::ResultCode.as_str())
            .unwrap_or("")
            .to_owned();
        if code != "1" && self.defects.has(Defect::AskInfoAgainWithoutCard) {
            // The defect's reading: a refusal is a passing failure, worth one more try.
            let again = format!("{prefix}req_02{suffix}9.xml");
            self.send_request(
                &again,
                &info_request_xml(info, &card, self.env, &suffix, "2", self.defects),
            )?;
            message = self.wait_for_result(&res.join(format!("{prefix}res_02{suffix}9.xml")))?;
            code = message
                .header(ElementName::ResultCode.as_str())
                .unwrap_or("")
                .to_owned();
        }
        // Whose history it is, as the answer's patient block says (`QuaInf` /
        // `QualificationsInfo`): the staff see they have the right patient's.
        let whose = |screen: Screen| match message.header_deep(ElementName::Name.as_str()) {
            Some(name) => screen.with_field(ElementName::Name.as_str(), name),
            None => screen,
        };
        let code = code.as_str();
        if code != "1" && self.defects.has(Defect::IgnoreSharingConsent) {
            // The defect's reading: no history given means nothing on record.
            return Ok(
                Screen::outcome(Outcome::Eligible, format!("{what}はありません（0件）"))
                    .with_field(ElementName::ResultCode.as_str(), code),
            );
        }
        if code != "1" {
            let why = message
                .header(ElementName::MessageContents.as_str())
                .unwrap_or("MessageContents がありません");
            return Ok(Screen::outcome(
                Outcome::ServiceError,
                format!("{what}を取得できませんでした: {why}"),
            )
            .with_field(ElementName::ResultCode.as_str(), code));
        }
        if !info.consented(&message) {
            // 通常時 a history is viewed only after the patient confirmed with the card and
            // consented (docs/terminal.md, "Consent to share information"): one given with no
            // consent flag 1 is not shown, nor its PDF asked for.
            return Ok(Screen::outcome(
                Outcome::ServiceError,
                format!(
                    "{what}は表示しません: マイナンバーカードによる本人確認と同意が確認できません"
                ),
            ));
        }
        if info == PatientInfo::Drug && self.defects.has(Defect::SkipDrugPdf) {
            return Ok(whose(
                Screen::outcome(Outcome::Eligible, format!("{what}を取得しました"))
                    .with_field(ElementName::ResultCode.as_str(), code),
            ));
        }
        let pdf_name = format!("{prefix}req_01{suffix}.xml");
        self.send_request(
            &pdf_name,
            &info_request_xml(info, &card, self.env, &suffix, "1", self.defects),
        )?;
        let pdf_path = res.join(format!("{prefix}res_01{suffix}.pdf"));
        let until = self.wait_until();
        let pdf = loop {
            match fs::read(&pdf_path) {
                Ok(bytes) if bytes.starts_with(b"%PDF-") && bytes.ends_with(b"%%EOF\n") => {
                    break bytes
                }
                _ if Instant::now() >= until => {
                    return Err(terminal_error(format!("no PDF at {}", pdf_path.display())))
                }
                _ => std::thread::sleep(self.env.timings.poll_interval),
            }
        };
        self.env.log(&format!(
            "read res/{prefix}res_01{suffix}.pdf ({} bytes)",
            pdf.len()
        ));
        Ok(whose(
            Screen::outcome(Outcome::Eligible, format!("{what}を取得しました"))
                .with_field(ElementName::ResultCode.as_str(), code)
                .with_field(ElementName::FileCategory.as_str(), "1"),
        ))
    }

    /// 一括照会: one bulk upload (`OQSmuquc01`) of every card, then bulk downloads
    /// (`OQSmuquc02`) with its `ReceptionNumber` until one is no longer 処理中, at least
    /// [`BULK_POLL_GAP`] apart and never past the wait's deadline. Each patient's answer is
    /// shown with a `display`; the result is the first card's.
    fn bulk_check(&mut self) -> Result<Screen, Stop> {
        let cards = self.talk.insurance_cards()?;
        let consent = self.limit_consent()?;
        let suffix = self.free_suffix().map_err(terminal_error)?;
        // 照会番号 keyed in with the cards are registered first, in one bulk job of their own.
        self.register_references_in_bulk(&cards, &suffix)?;
        let searches: String = cards
            .iter()
            .map(|card| search_info(card, consent, self.defects))
            .collect();
        let upload = message_xml(&header_xml(self.env, &suffix), &searches);
        let name = format!("OQSmuquc01req_{suffix}.xml");
        self.send_request(&name, &upload)?;
        self.talk.progress("一括照会を送信しました")?;
        let res = self.root.join("res");
        let accepted = self.wait_for_result(&res.join(format!("OQSmuquc01res_{suffix}.xml")))?;
        let reception = match accepted.body(ElementName::ReceptionNumber.as_str()) {
            Some(number) if normal_segment(&accepted) => number.to_owned(),
            _ => return Ok(screen_of(&accepted, consent, self.defects)),
        };
        let as_final = self.defects.has(Defect::BulkProcessingAsFinal);
        let (message, units) = self.download("OQSmuquc02", &suffix, &reception, as_final)?;
        let screens = self.show_units(&units, consent)?;
        match screens.into_iter().next() {
            Some(first) => Ok(first),
            None => Ok(screen_of(&message, consent, self.defects)),
        }
    }

    /// Shows each unit of a bulk answer with a `display`, in order; returns their screens.
    fn show_units(&mut self, units: &[OqsMessage], consent: bool) -> Result<Vec<Screen>, Stop> {
        let screens: Vec<Screen> = units
            .iter()
            .map(|unit| screen_of(unit, consent, self.defects))
            .collect();
        for screen in &screens {
            self.talk.display(screen)?;
        }
        Ok(screens)
    }

    /// The downloads of a bulk job (`prefix`: `OQSmuquc02`, `OQSmuhvq02`, …) with its
    /// `ReceptionNumber` until one is no longer 処理中, at least [`BULK_POLL_GAP`] apart and
    /// never past the wait's deadline: that answer and its units. `first_is_final`: a defect's
    /// reading, the first answer taken as final even when 処理中.
    fn download(
        &mut self,
        prefix: &str,
        suffix: &str,
        reception: &str,
        first_is_final: bool,
    ) -> Result<(OqsMessage, Vec<OqsMessage>), Stop> {
        let res = self.root.join("res");
        let until = self.wait_until();
        let download = message_xml(
            &header_xml(self.env, suffix),
            &format!(
                "    <ReceptionNumber>{}</ReceptionNumber>\n",
                quick_xml::escape::escape(reception)
            ),
        );
        let answer_prefix = prefix.replacen("02", "02res", 1);
        for n in 1.. {
            let name = format!("{prefix}req_{suffix}_{n:03}.xml");
            self.send_request(&name, &download)?;
            let path = res.join(format!("{answer_prefix}_{suffix}_{n:03}.xml"));
            let (message, bytes) = self.wait_for_answer(&path)?;
            if !is_processing(&message) {
                let units = message.units(&bytes).map_err(terminal_error)?;
                return Ok((message, units));
            }
            if first_is_final {
                // The defect's reading: a 処理中 answer holds no units, so none were imported.
                return Ok((message, Vec::new()));
            }
            if n == 1 {
                self.talk.progress("資格確認端末で処理中です")?;
            }
            let gap = if self.defects.has(Defect::PollWithoutPause) {
                std::time::Duration::ZERO
            } else {
                BULK_POLL_GAP
            };
            if Instant::now() + gap >= until {
                return Err(terminal_error(
                    "the bulk job was still 処理中 (SegmentOfResult 2) at the deadline",
                ));
            }
            std::thread::sleep(gap);
        }
        unreachable!("the loop returns")
    }

    /// Writes a request into `req` (whole, renamed in; or as a defect says).
    fn send_request(&mut self, name: &str, xml: &str) -> Result<(), Stop> {
        let req = self.root.join("req");
        let written = if self.defects.has(Defect::WriteInPlace) {
            write_in_place(&req, name, xml.as_bytes())
        } else {
            write_then_rename(&req, name, xml.as_bytes())
        };
        written.map_err(terminal_error)?;
        self.env.log(&format!("wrote req/{name}"));
        Ok(())
    }

    /// The `withdraw-unanswered-request` defect: 600 ms after writing `req/name`, a request
    /// still there is removed and the check given up, though the terminal picks requests up
    /// only "within a few seconds".
    fn withdraw_if_unanswered(&mut self, name: &str) -> Result<(), Stop> {
        std::thread::sleep(std::time::Duration::from_millis(600));
        let request = self.root.join("req").join(name);
        if fs::remove_file(&request).is_ok() {
            self.env.log(&format!("removed req/{name}: no answer yet"));
            return Err(Stop::Show(Screen::outcome(
                Outcome::ServiceError,
                "資格確認端末から応答がありません",
            )));
        }
        Ok(())
    }

    /// Waits for the answer at `path`, 処理中 included (a bulk download's 処理中 is its answer).
    fn wait_for_answer(&mut self, path: &Path) -> Result<(OqsMessage, Vec<u8>), Stop> {
        self.poll_answer(path, true)
    }

    /// A request-name suffix no file in `req` or `res` uses yet: `yyyyMMdd` + 4 digits (the
    /// common 12-character form), or the Unix time when "today" is unknown.
    fn free_suffix(&self) -> std::io::Result<String> {
        let taken = |suffix: &str| {
            [
                self.root
                    .join("req")
                    .join(format!("{REQUEST_PREFIX}{suffix}.xml")),
                self.root
                    .join("req")
                    .join(format!("{REQUEST_PREFIX}{suffix}.xml.tmp")),
                self.root
                    .join("res")
                    .join(format!("{RESULT_PREFIX}{suffix}.xml")),
            ]
            .iter()
            .any(|p| p.exists())
        };
        let day = match &self.env.today {
            Some(day) => day.clone(),
            None => std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs().to_string())
                .unwrap_or_default(),
        };
        (1..=9999)
            .map(|n| format!("{day}{n:04}"))
            .find(|s| !taken(s))
            .ok_or_else(|| std::io::Error::other("no free request name left for today"))
    }

    /// Polls `path` until a final result is there (`SegmentOfResult` other than `2`).
    fn wait_for_result(&mut self, path: &Path) -> Result<OqsMessage, Stop> {
        self.poll_answer(path, false).map(|(message, _)| message)
    }

    /// Polls `path` until it holds a readable answer (with `processing_ends`, a 処理中 one
    /// too; otherwise 処理中 means "not yet"), up to the wait's deadline.
    fn poll_answer(
        &mut self,
        path: &Path,
        processing_ends: bool,
    ) -> Result<(OqsMessage, Vec<u8>), Stop> {
        let until = self.wait_until();
        let mut last_problem = "no answer".to_owned();
        let mut told_processing = false;
        // The `.err` path (docs/terminal.md, "Error answers"): `<request base>.err` beside the
        // request moved into `res`, then the error result. When the `.err` is there, the
        // error result is waited for [`ERR_GRACE`] more at most; then the `.err`'s line is
        // shown as the error.
        let err = err_beside(path);
        let mut err_seen: Option<(Instant, String)> = None;
        loop {
            match fs::read(path) {
                // The `early-read` defect: the first read is the answer, complete or not.
                Ok(bytes) if self.defects.has(Defect::EarlyRead) => {
                    return read_message(&bytes, self.defects)
                        .map(|message| (message, bytes))
                        .map_err(|e| terminal_error(format!("the result cannot be read: {e}")));
                }
                Ok(bytes) => match read_message(&bytes, self.defects) {
                    Ok(message) if !processing_ends && is_processing(&message) => {
                        if !told_processing {
                            self.talk.progress("資格確認端末で処理中です")?;
                            told_processing = true;
                        }
                        last_problem = "still 処理中 (SegmentOfResult 2)".to_owned();
                    }
                    Ok(message)
                        if self.defects.has(Defect::WaitPastError)
                            && !normal_segment(&message)
                            && !is_processing(&message) =>
                    {
                        // The defect's reading: a failed message is "not yet".
                        last_problem = "no answer but a failed message".to_owned();
                    }
                    Ok(message) => return Ok((message, bytes)),
                    // Perhaps still being written by a terminal that does not rename: look again.
                    Err(e) => last_problem = format!("{}: {e}", path.display()),
                },
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => last_problem = format!("{}: {e}", path.display()),
            }
            if err_seen.is_none() && !self.defects.has(Defect::WaitPastError) {
                if let Some(line) = err.as_deref().and_then(read_err_file) {
                    self.env
                        .log(&format!("read {}: {line}", display_name(err.as_deref())));
                    err_seen = Some((Instant::now(), line));
                }
            }
            if let Some((since, line)) = &err_seen {
                if since.elapsed() >= ERR_GRACE {
                    return Err(Stop::Show(Screen::outcome(
                        Outcome::ServiceError,
                        format!("資格確認端末がエラーを返しました: {line}"),
                    )));
                }
            }
            if Instant::now() >= until {
                return Err(terminal_error(format!("no result in time: {last_problem}")));
            }
            std::thread::sleep(self.env.timings.poll_interval);
        }
    }

    /// The `newest-result` defect: the first new file in `res` (not in `before`) with a final
    /// answer is taken as the answer, whatever its name.
    fn wait_for_new_file(&mut self, res: &Path, before: &[String]) -> Result<OqsMessage, Stop> {
        let until = self.wait_until();
        loop {
            for name in names_in(res).iter().filter(|n| !before.contains(n)) {
                let Ok(bytes) = fs::read(res.join(name)) else {
                    continue;
                };
                match read_message(&bytes, self.defects) {
                    Ok(message) if !is_processing(&message) => return Ok(message),
                    _ => {}
                }
            }
            if Instant::now() >= until {
                return Err(terminal_error("no result in time"));
            }
            std::thread::sleep(self.env.timings.poll_interval);
        }
    }

    /// Waits for a face push, takes it and shows it.
    fn face_push(&mut self) -> Result<Screen, Stop> {
        self.talk
            .progress("顔認証付きカードリーダーでの確認を待っています")?;
        let face = self.root.join("face");
        let done = face.join(FACE_DONE);
        let until = self.wait_until();
        loop {
            let taken = if self.defects.has(Defect::LeaveFaceFile) {
                oldest_push(&face).map_err(terminal_error)?
            } else {
                take_oldest_push(&face, &done).map_err(terminal_error)?
            };
            if let Some(taken) = taken {
                self.env.log(&format!("took {}", taken.display()));
                let bytes = fs::read(&taken).map_err(terminal_error)?;
                let message = read_message(&bytes, self.defects).map_err(terminal_error)?;
                // The patient answered the 限度額 consent at the reader; the record says which.
                let consent = message
                    .record()
                    .and_then(|r| {
                        r.get(ElementName::LimitApplicationCertificateRelatedConsFlg.as_str())
                    })
                    .is_some_and(|flag| ConsentFlag::from_code(flag) == Some(ConsentFlag::Given));
                if self.defects.has(Defect::FaceFailureAsConfirmed) {
                    // The defect's reading: a push means the patient was confirmed at the reader.
                    return Ok(Screen::outcome(
                        Outcome::Eligible,
                        "顔認証付きカードリーダーで確認しました",
                    ));
                }
                return Ok(screen_of(&message, consent, self.defects));
            }
            if Instant::now() >= until {
                return Err(terminal_error("no face result in time"));
            }
            std::thread::sleep(self.env.timings.poll_interval);
        }
    }
}

/// How long the error result is waited for once the `.err` file is there: the terminal writes
/// the `.err` first and the error result right after it.
const ERR_GRACE: std::time::Duration = std::time::Duration::from_secs(2);

/// The `.err` file the terminal writes beside a failed request moved into `res`, for the
/// answer at `result`: the request's name (the answer's with its first `res` made `req`) with
/// `.err` for its extension (`res/OQSmuquc01res_1.xml` → `res/OQSmuquc01req_1.err`).
fn err_beside(result: &Path) -> Option<PathBuf> {
    let name = result.file_name()?.to_str()?;
    let request = name.replacen("res", "req", 1);
    Some(result.with_file_name(request).with_extension("err"))
}

/// The first line of an `.err` file (the terminal's reason), if the file is there.
fn read_err_file(path: &Path) -> Option<String> {
    let bytes = fs::read(path).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    let line = text.lines().next().unwrap_or("").trim();
    Some(if line.is_empty() {
        "the request failed (.err)".to_owned()
    } else {
        line.to_owned()
    })
}

/// `res/<name>` for a log line.
fn display_name(path: Option<&Path>) -> String {
    path.and_then(Path::file_name)
        .map(|n| format!("res/{}", n.to_string_lossy()))
        .unwrap_or_default()
}

/// The plain files in `dir`, by name, without names of files still being written (a leading
/// `.`, a `.tmp` suffix); empty when it cannot be read.
fn names_in(dir: &Path) -> Vec<String> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.') && !n.ends_with(".tmp"))
        .collect();
    names.sort();
    names
}

/// The face pushes in `face`, oldest first (by name: the names end in `yyyyMMddHHmmss`).
fn pushes(face: &Path) -> Vec<String> {
    names_in(face)
        .into_iter()
        .filter(|n| n.starts_with(FACE_PREFIX) && n.ends_with(".xml"))
        .collect()
}

/// The `leave-face-file` defect: the oldest push, left where it is.
fn oldest_push(face: &Path) -> std::io::Result<Option<PathBuf>> {
    Ok(pushes(face).first().map(|n| face.join(n)))
}

/// Reads a result or push: decoded by its XML declaration (with the `results-as-utf8` defect,
/// as UTF-8 whatever it declares).
fn read_message(bytes: &[u8], defects: &Defects) -> Result<OqsMessage, MessageError> {
    if !defects.has(Defect::ResultsAsUtf8) {
        return OqsMessage::from_xml(bytes);
    }
    let text = String::from_utf8_lossy(bytes);
    let body = match (text.starts_with("<?xml"), text.find("?>")) {
        (true, Some(end)) => &text[end + 2..],
        _ => &text[..],
    };
    OqsMessage::from_xml(format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>{body}").as_bytes())
}

/// Moves the oldest face push from `face` into `done` and returns its new path; `None` when
/// there is none.
fn take_oldest_push(face: &Path, done: &Path) -> std::io::Result<Option<PathBuf>> {
    let names = pushes(face);
    if names.is_empty() {
        return Ok(None);
    }
    fs::create_dir_all(done)?;
    for name in names {
        let target = done.join(&name);
        match fs::rename(face.join(&name), &target) {
            Ok(()) => return Ok(Some(target)),
            // Taken by someone else in the meantime: try the next one.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    Ok(None)
}

/// The `write-in-place` defect: `dir/name` created under its final name and written in two
/// parts, half a second apart (a slow network write, or a client that writes as it builds).
fn write_in_place(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = fs::File::create(dir.join(name))?;
    let half = bytes.len() / 2;
    file.write_all(&bytes[..half])?;
    file.flush()?;
    std::thread::sleep(std::time::Duration::from_millis(500));
    file.write_all(&bytes[half..])?;
    file.sync_all()
}

/// Whether a terminal answer says 処理中 (`SegmentOfResult` 2): ask again later.
fn is_processing(message: &OqsMessage) -> bool {
    message
        .header(ElementName::SegmentOfResult.as_str())
        .and_then(SegmentOfResult::from_code)
        == Some(SegmentOfResult::Processing)
}

/// The `OQSsiquc01` request for `card` (UTF-8). `InsurerNumber` is right-aligned to 8
/// characters with spaces, as printed numbers of 6-digit insurers are sent (`docs/terminal.md`,
/// "Validity"); empty optional elements (記号, 枝番) are left out.
fn request_xml(
    card: &InsuranceCardData,
    consent: bool,
    env: &ClientEnv,
    suffix: &str,
    defects: &Defects,
) -> String {
    message_xml(
        &header_xml(env, suffix),
        &search_info(card, consent, defects),
    )
}

/// One `ReferenceNumberRegistrationInfo`: the number, then the card's data as keyed in (the
/// insurer number padded like a check's).
fn registration_xml(card: &InsuranceCardData, number: &str, defects: &Defects) -> String {
    let mut info = element(ElementName::ReferenceNumber.as_str(), number);
    info.push_str(&element(
        ElementName::InsurerNumber.as_str(),
        &insurer_number(card, defects),
    ));
    for (name, value) in [
        (ElementName::InsuredCardSymbol, &card.insured_card_symbol),
        (
            ElementName::InsuredIdentificationNumber,
            &card.insured_identification_number,
        ),
        (
            ElementName::InsuredBranchNumber,
            &card.insured_branch_number,
        ),
    ] {
        if !value.trim().is_empty() {
            info.push_str(&element(name.as_str(), value.trim()));
        }
    }
    format!(
        "    <{0}>\n{info}    </{0}>\n",
        ElementName::ReferenceNumberRegistrationInfo.as_str()
    )
}

fn element(name: &str, value: &str) -> String {
    format!(
        "      <{name}>{}</{name}>\n",
        quick_xml::escape::escape(value)
    )
}

/// The `MessageHeader` elements: today, the institution, and the suffix as the identifier.
fn header_xml(env: &ClientEnv, suffix: &str) -> String {
    let mut header = String::new();
    if let Some(today) = &env.today {
        header.push_str(&element(
            ElementName::QualificationConfirmationDate.as_str(),
            today,
        ));
    }
    if let Some(code) = &env.facility_code {
        header.push_str(&element(ElementName::MedicalInstitutionCode.as_str(), code));
    }
    header.push_str(&element(
        ElementName::ArbitraryFileIdentifier.as_str(),
        suffix,
    ));
    header.replace("      <", "    <")
}

/// One `QualificationConfirmSearchInfo` for `card`.
fn search_info(card: &InsuranceCardData, consent: bool, defects: &Defects) -> String {
    let mut search = element(
        ElementName::InsurerNumber.as_str(),
        &insurer_number(card, defects),
    );
    if !card.insured_card_symbol.trim().is_empty() {
        search.push_str(&element(
            ElementName::InsuredCardSymbol.as_str(),
            card.insured_card_symbol.trim(),
        ));
    }
    search.push_str(&element(
        ElementName::InsuredIdentificationNumber.as_str(),
        card.insured_identification_number.trim(),
    ));
    if !card.insured_branch_number.trim().is_empty() {
        search.push_str(&element(
            ElementName::InsuredBranchNumber.as_str(),
            card.insured_branch_number.trim(),
        ));
    }
    search.push_str(&element(
        ElementName::Birthdate.as_str(),
        card.birthdate.trim(),
    ));
    search.push_str(&element(
        ElementName::LimitApplicationCertificateRelatedConsFlg.as_str(),
        if consent { "1" } else { "0" },
    ));
    format!("    <QualificationConfirmSearchInfo>\n{search}    </QualificationConfirmSearchInfo>\n")
}

/// `InsurerNumber` as every request sends it: right-aligned to 8 characters with spaces
/// (unpadded under the seeded `unpadded-insurer` defect, padded with zeros under
/// `zero-padded-insurer`).
fn insurer_number(card: &InsuranceCardData, defects: &Defects) -> String {
    let printed = card.insurer_number.trim();
    if defects.has(Defect::UnpaddedInsurer) {
        printed.to_owned()
    } else if defects.has(Defect::ZeroPaddedInsurer) {
        format!("{printed:0>INSURER_NUMBER_WIDTH$}")
    } else {
        padded_insurer_number(printed)
    }
}

/// Which history a 薬剤情報 / 特定健診情報 / 診療情報 mode asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PatientInfo {
    /// 薬剤情報 (`YZKsiquc01`, mode `drug-info`).
    Drug,
    /// 特定健診情報 (`TKKsiquc01`, mode `checkup-info`).
    Checkup,
    /// 診療情報 (`SRKsiquc01`, mynakit's model; mode `diagnosis-info`).
    Diagnosis,
}

impl PatientInfo {
    fn kind(self) -> MessageKind {
        match self {
            PatientInfo::Drug => MessageKind::DrugInfo,
            PatientInfo::Checkup => MessageKind::HealthCheckInfo,
            PatientInfo::Diagnosis => MessageKind::DiagnosisInfo,
        }
    }

    /// Whether `answer` gave the history on the patient's consent in force: its consent flag
    /// for this history at `1` (both spellings of the drug one). A terminal set against the
    /// rule gives it naming none (`docs/terminal.md`, "Consent to share information").
    fn consented(self, answer: &OqsMessage) -> bool {
        let flags: &[ElementName] = match self {
            PatientInfo::Drug => &[
                ElementName::PharmacistsInfoConsFlg,
                ElementName::PharmaceuticalInfoConsFlg,
            ],
            PatientInfo::Checkup => &[ElementName::SpecificHealthCheckupsInfoConsFlg],
            PatientInfo::Diagnosis => &[ElementName::DiagnosisInfoConsFlg],
        };
        flags
            .iter()
            .any(|f| answer.header(f.as_str()).map(str::trim) == Some("1"))
    }

    /// The history's name on the screen.
    fn what(self) -> &'static str {
        match self {
            PatientInfo::Drug => "薬剤情報",
            PatientInfo::Checkup => "特定健診情報",
            PatientInfo::Diagnosis => "診療情報",
        }
    }
}

/// A `YZKsiquc01` / `TKKsiquc01` request as `YUKI-ENT/OQSDrug2` writes it: the card data in
/// `MessageHeader` under this message's own names, `FileCategory` in the body (and, for
/// 薬剤情報, `PrDiInfClassification`; 特定健診情報 has no period or classification).
fn info_request_xml(
    info: PatientInfo,
    card: &InsuranceCardData,
    env: &ClientEnv,
    suffix: &str,
    category: &str,
    defects: &Defects,
) -> String {
    let mut header = String::new();
    if let Some(code) = &env.facility_code {
        header.push_str(&element(ElementName::MedicalInstitutionCode.as_str(), code));
    }
    header.push_str(&element(
        ElementName::InsurerNumber.as_str(),
        &insurer_number(card, defects),
    ));
    header.push_str(&element(
        ElementName::InsuranceCardSymbol.as_str(),
        card.insured_card_symbol.trim(),
    ));
    header.push_str(&element(
        ElementName::InsuredPersonIdentificationNumber.as_str(),
        card.insured_identification_number.trim(),
    ));
    header.push_str(&element(
        ElementName::BranchNumber.as_str(),
        card.insured_branch_number.trim(),
    ));
    header.push_str(&element(
        ElementName::ArbitraryFileIdentifier.as_str(),
        suffix,
    ));
    let mut body = element(ElementName::FileCategory.as_str(), category);
    if info == PatientInfo::Drug {
        body.push_str(&element(ElementName::PrDiInfClassification.as_str(), "1"));
    }
    message_xml(
        &header.replace("      <", "    <"),
        &body.replace("      <", "    <"),
    )
}

/// A whole request: the declaration, the header elements and the body elements.
fn message_xml(header: &str, body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n\
         <XmlMsg>\n  <MessageHeader>\n{header}  </MessageHeader>\n  <MessageBody>\n{body}  \
         </MessageBody>\n</XmlMsg>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_request_pads_the_insurer_number_and_omits_empty_elements() {
        let env = ClientEnv::from_vars([
            ("MYNAKIT_CLOCK", "2026-11-01T09:00:00+09:00"),
            ("MYNAKIT_FACILITY_CODE", "1319999999"),
        ])
        .unwrap();
        let card = InsuranceCardData {
            insurer_number: "139998".into(),
            insured_card_symbol: "試験市".into(),
            insured_identification_number: "123456".into(),
            insured_branch_number: String::new(),
            birthdate: "19700707".into(),
            reference_number: None,
        };
        let xml = request_xml(&card, false, &env, "202611010001", &Defects::none());
        assert!(
            xml.contains("<InsurerNumber>  139998</InsurerNumber>"),
            "{xml}"
        );
        assert!(
            xml.contains("<QualificationConfirmationDate>20261101<"),
            "{xml}"
        );
        assert!(!xml.contains("InsuredBranchNumber"), "{xml}");
        assert!(
            xml.contains("<LimitApplicationCertificateRelatedConsFlg>0<"),
            "{xml}"
        );
    }

    #[test]
    fn a_bulk_upload_holds_one_search_per_card_and_parses_as_xml() {
        let env = ClientEnv::from_vars([("MYNAKIT_FACILITY_CODE", "1319999999")]).unwrap();
        let card = |number: &str| InsuranceCardData {
            insurer_number: "06139992".into(),
            insured_card_symbol: "1001".into(),
            insured_identification_number: number.into(),
            insured_branch_number: "00".into(),
            birthdate: "19850412".into(),
            reference_number: None,
        };
        let searches: String = [card("2345"), card("77")]
            .iter()
            .map(|c| search_info(c, false, &Defects::none()))
            .collect();
        let xml = message_xml(&header_xml(&env, "202611010001"), &searches);
        assert_eq!(
            xml.matches("<QualificationConfirmSearchInfo>").count(),
            2,
            "{xml}"
        );
        assert!(xml.contains("<MedicalInstitutionCode>1319999999<"), "{xml}");
        mynakit_oqs::tree::parse(&xml).expect("well-formed");
    }

    #[test]
    fn a_drug_request_carries_the_card_in_the_header_under_its_own_names() {
        let env = ClientEnv::from_vars([("MYNAKIT_FACILITY_CODE", "1319999999")]).unwrap();
        let card = InsuranceCardData {
            insurer_number: "139998".into(),
            insured_card_symbol: "試験市".into(),
            insured_identification_number: "123456".into(),
            insured_branch_number: "00".into(),
            birthdate: "19700707".into(),
            reference_number: None,
        };
        let xml = info_request_xml(
            PatientInfo::Drug,
            &card,
            &env,
            "202611010001",
            "1",
            &Defects::none(),
        );
        let root = mynakit_oqs::tree::parse(&xml).expect("well-formed");
        let header = root.child("MessageHeader").unwrap();
        let names: Vec<_> = header.children.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "MedicalInstitutionCode",
                "InsurerNumber",
                "InsuranceCardSymbol",
                "InsuredPersonIdentificationNumber",
                "BranchNumber",
                "ArbitraryFileIdentifier"
            ]
        );
        assert_eq!(header.child_text("InsurerNumber"), Some("  139998"));
        let body = root.child("MessageBody").unwrap();
        assert_eq!(body.child_text("FileCategory"), Some("1"));
        // 特定健診情報: the same header; no period or classification in the body.
        let xml = info_request_xml(
            PatientInfo::Checkup,
            &card,
            &env,
            "202611010001",
            "2",
            &Defects::none(),
        );
        let root = mynakit_oqs::tree::parse(&xml).expect("well-formed");
        let body = root.child("MessageBody").unwrap();
        let names: Vec<_> = body.children.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["FileCategory"]);
    }
}
