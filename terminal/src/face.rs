//! Face pushes: the unsolicited `OQSsiquc01res_face_*.xml` the terminal writes into `face` after a
//! patient confirms at the 顔認証付きカードリーダー (sanox.org road13, road18; `YUKI-ENT/OQSDrug2`
//! `QualificationFaceExporter`).
//!
//! The body has the single-result layout with `ReferenceClassification` 1 (card), the consent
//! group the patient answered at the reader, `PrescriptionIssueSelect`, and a registered
//! 照会番号. The file name has the shape the ReceptionAgent spec §20 quotes
//! (`OQSsiquc01res_face_<institution code><20 hex>_<yyyyMMddHHmmss>.xml`), dated by the wall
//! clock by default since ReceptionAgent skips files not dated today. The card's certificate
//! is checked as the service checks it (revoked, expired past grace and not re-linked cards get
//! no push; a grace or expiring card gets a warning `ProcessingResultCode`). How the reader proves PIN or face/visual verification is not
//! public either, so the mode only decides whether the card can be used (a PIN that is not set
//! or blocked stops a PIN-mode confirmation) and is recorded in the timeline.

use mynakit_oqs::ElementName;
use mynakit_timeline::FileAction;
use std::path::PathBuf;

use mynakit_oqs::codes::{PrescriptionIssueSelect, QualificationValidity};
use mynakit_oqs::dates::{ymd, ymdhms};

use crate::drift::{FaceFailure, FaceName};
use crate::error::TerminalError;
use crate::folder::FACE;
use crate::render::{self, Consents, RecordExtras, Reference, Segment};
use crate::request::Header;
use crate::source::CardCheck;
use crate::terminal::{qualification_validity, Terminal};
use mynakit_oqs::tree::Element;

/// How the patient was verified at the reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConfirmationMode {
    /// 暗証番号 (the 利用者証明用 PIN).
    Pin,
    /// 顔認証.
    Face,
    /// 目視確認 by staff.
    Visual,
}

impl ConfirmationMode {
    fn word(self) -> &'static str {
        match self {
            ConfirmationMode::Pin => "pin",
            ConfirmationMode::Face => "face",
            ConfirmationMode::Visual => "visual",
        }
    }
}

/// `PrescriptionIssueSelect` (OQSCD017), chosen by the patient at the reader.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum PrescriptionIssue {
    /// `1` 電子処方箋.
    Electronic,
    /// `2` 紙の処方箋.
    Paper,
}

/// What the patient answered at the reader.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FaceOptions {
    /// Consent to 限度額 information.
    pub limit_consent: bool,
    /// Consent to sharing 健診 / 薬剤 / 診療 / 手術 information.
    pub medical_information_consent: bool,
    /// The prescription form chosen, if asked.
    pub prescription: Option<PrescriptionIssue>,
    /// The patient answers no when the reader asks whether to use their 医療費助成 受給者証
    /// (`docs/subsidies.md`, "The patient's choice"): the face result then carries
    /// `MedicalSubsidyConsFlg` 0 and none of them. Asked only of a patient with an entry that
    /// comes through PMH on the day.
    pub decline_subsidies: bool,
}

/// Why no face result was written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FaceError {
    /// No persona with that id.
    #[error("unknown persona {0:?}")]
    UnknownPersona(String),
    /// The person has no card (terminal-data persons).
    #[error("{0:?} has no card")]
    NoCard(String),
    /// The card is not registered for insurance use: the reader shows its registration screen.
    #[error("{0:?}'s card is not registered for insurance use (保険証利用登録)")]
    NotRegistered(String),
    /// PIN mode on a card without a 利用者証明用 PIN (顔認証マイナンバーカード).
    #[error("{0:?}'s card has no PIN set; use face or visual mode")]
    PinNotSet(String),
    /// PIN mode with the 利用者証明用 PIN blocked.
    #[error("{0:?}'s PIN is blocked; use face or visual mode")]
    PinBlocked(String),
    /// The card's 利用者証明用電子証明書 cannot be used (revoked, expired past the grace period,
    /// not yet valid, a renewed card not re-linked yet): the reader shows an error and pushes
    /// nothing.
    #[error("{persona:?}'s card cannot be used: {code} {message}")]
    CardRefused {
        /// The persona.
        persona: String,
        /// The service's code for it (`MOCK-E113`, …).
        code: String,
        /// Its message.
        message: String,
    },
    /// The result could not be built or written.
    #[error(transparent)]
    Terminal(#[from] TerminalError),
    /// The record could not be rendered.
    #[error("cannot render the result: {0}")]
    Render(crate::render::RenderError),
}

impl Terminal {
    /// The patient `persona_id` confirmed at the face reader in `mode`: writes a face result
    /// into `face` (named by the `face_name` setting, appearing as `result_write` says) and
    /// returns its path.
    ///
    /// # Errors
    ///
    /// [`FaceError`]: unknown persona, no card, card not registered, certificate unusable, PIN
    /// unusable in PIN mode, or the file could not be written.
    pub fn confirm_at_face_reader(
        &self,
        persona_id: &str,
        mode: ConfirmationMode,
        options: &FaceOptions,
    ) -> Result<PathBuf, FaceError> {
        let people = self.people();
        let person = people
            .get(persona_id)
            .ok_or_else(|| FaceError::UnknownPersona(persona_id.to_owned()))?;
        let persona = person
            .persona
            .as_ref()
            .ok_or_else(|| FaceError::NoCard(persona_id.to_owned()))?;
        let now = self.now();
        let warning = match self.card_check(persona, now) {
            CardCheck::Refused(outcome) => {
                let (code, message) = outcome.default_text();
                if self.data().face_failure == FaceFailure::Push {
                    self.push_failure(persona_id, now, code, message)?;
                }
                return Err(FaceError::CardRefused {
                    persona: persona_id.to_owned(),
                    code: code.to_owned(),
                    message: message.to_owned(),
                });
            }
            CardCheck::Warning(outcome) => Some(outcome.default_text()),
            CardCheck::Valid => None,
        };
        if !self.registered(persona, now) {
            return Err(FaceError::NotRegistered(persona_id.to_owned()));
        }
        if mode == ConfirmationMode::Pin {
            match &persona.card.pins.auth {
                None => return Err(FaceError::PinNotSet(persona_id.to_owned())),
                Some(pin) if pin.tries_left == Some(0) => {
                    return Err(FaceError::PinBlocked(persona_id.to_owned()))
                }
                Some(_) => {}
            }
        }
        let day = now.date();
        let push = self.start_push(persona_id, now);
        let mut body = Element::new(ElementName::MessageBody.as_str());
        body.children.extend(render::status(None));
        if let Some((code, message)) = warning {
            // Success with side information (`hangilc/myclinic-ts` `MessageBody.ts`).
            body.children.push(Element::leaf(
                ElementName::ProcessingResultCode.as_str(),
                code,
            ));
            body.children.push(Element::leaf(
                ElementName::ProcessingResultMessage.as_str(),
                message,
            ));
        }
        match &person.current {
            None => body.children.push(Element::leaf(
                ElementName::QualificationValidity.as_str(),
                QualificationValidity::NoQualification.code(),
            )),
            Some(ins) => {
                body.children.push(Element::leaf(
                    ElementName::QualificationValidity.as_str(),
                    qualification_validity(ins, day).code(),
                ));
                if let Some(p) = options.prescription {
                    body.children.push(Element::leaf(
                        ElementName::PrescriptionIssueSelect.as_str(),
                        match p {
                            PrescriptionIssue::Electronic => PrescriptionIssueSelect::Electronic,
                            PrescriptionIssue::Paper => PrescriptionIssueSelect::Paper,
                        }
                        .code(),
                    ));
                }
                let extras = RecordExtras {
                    limit_consent: options.limit_consent.then_some(now),
                    consents: Some(Consents {
                        at: now,
                        medical_information: options.medical_information_consent,
                    }),
                    institution: Some(push.institution.clone()),
                    day: Some(day),
                };
                let mut rec =
                    render::record(person, ins, &extras, self.data()).map_err(FaceError::Render)?;
                subsidy_choice(&mut rec, options.decline_subsidies);
                rec.children.push(Element::leaf(
                    ElementName::QualificationConfirmationKey.as_str(),
                    push.ids.confirmation_key.clone(),
                ));
                rec.children.extend(
                    self.reference_for(&push.institution, ins)
                        .map(|r| Element::leaf(ElementName::ReferenceNumber.as_str(), r)),
                );
                body.children
                    .push(Element::new(ElementName::ResultList.as_str()).with(rec));
            }
        }
        let path = self.write_push(persona_id, push, now, (day, body))?;
        // The patient answered the sharing question at the reader: 薬剤情報 / 特定健診情報
        // follow it (`crate::sharing`).
        self.record_sharing_consent(persona_id, now, options.medical_information_consent);
        self.rec().note(&format!(
            "face reader: {persona_id} confirmed by {}",
            mode.word()
        ));
        Ok(path)
    }

    /// A new push of `persona_id` at `now`: the terminal's institution, the next sequence, the
    /// identifiers derived from them, and the header that names them. A confirmation and a
    /// refusal start the same way.
    fn start_push(&self, persona_id: &str, now: time::OffsetDateTime) -> Push {
        let institution = self.data().medical_institution_code.clone();
        let seq = self.next_sequence();
        let ids = FaceIds::new(&institution, seq, now, persona_id);
        let header = Header {
            medical_institution_code: Some(institution.clone()),
            arbitrary_file_identifier: Some(ids.file_identifier.clone()),
            ..Header::default()
        };
        Push {
            institution,
            seq,
            ids,
            header,
        }
    }

    /// Writes the push of `persona_id` into `face` (never over a file already there): the
    /// message of `body` under the push's card-reference header of `day`; records it and
    /// returns its path.
    fn write_push(
        &self,
        persona_id: &str,
        push: Push,
        now: time::OffsetDateTime,
        (day, body): (time::Date, Element),
    ) -> Result<PathBuf, FaceError> {
        let Push {
            institution,
            seq,
            ids,
            header,
        } = push;
        let institution = institution.as_str();
        let header = &header;
        let root = Element::new(ElementName::XmlMsg.as_str())
            .with(render::header(
                now,
                &ymd(day),
                header,
                Reference::Card,
                Segment::Normal,
                Vec::new(),
                None,
            ))
            .with(body);
        let rendered = render::finish(root, None, self.data());
        let bytes = &rendered.bytes;
        let dir = self
            .folder(FACE)
            .map_err(TerminalError::io(&self.root().join(FACE)))?;
        let stamp = ymdhms(self.data().stamp_time.face_time(now));
        // Never overwrite a file already in `face` (an unread push of an earlier run): a new
        // sequence gives a new name.
        let mut ids = ids;
        let mut seq = seq;
        // The push and its records, as one (`crate::publish`): a client that takes it at once
        // and reports is recorded after its `face-written`.
        let publishing = self.publisher().begin();
        let name = loop {
            let name = match self.data().face_name {
                FaceName::Institution => format!(
                    "OQSsiquc01res_face_{institution}{}_{stamp}.xml",
                    ids.name_hex
                ),
                FaceName::Sequence => format!("OQSsiquc01res_face_{seq:012}_{stamp}.xml"),
            };
            match dir.write(
                std::ffi::OsStr::new(&name),
                bytes,
                self.data().result_write,
                false,
            ) {
                Ok(()) => break name,
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    seq = self.next_sequence();
                    ids = FaceIds::new(institution, seq, now, persona_id);
                }
                Err(e) => return Err(TerminalError::io(&dir.display(name.as_ref()))(e).into()),
            }
        };
        self.face_pickups().wrote(&name);
        self.rec().keep(format!("{FACE}/{name}"), bytes);
        self.rec()
            .event(&format!("{FACE}/{name}"), FileAction::FaceWritten);
        if self.rec().has_timeline() {
            self.rec()
                .content(rendered.content(&format!("{FACE}/{name}")));
        }
        drop(publishing);
        Ok(dir.display(name.as_ref()))
    }
}

impl Terminal {
    /// `face_failure: push`: the reader's own check refused the card, and the terminal pushes
    /// the failure: `ProcessingResultStatus` 2 with the refusal's `ProcessingResultCode` and
    /// `ProcessingResultMessage`, no qualification (`docs/terminal.md`, "Face push").
    fn push_failure(
        &self,
        persona_id: &str,
        now: time::OffsetDateTime,
        code: &str,
        message: &str,
    ) -> Result<PathBuf, FaceError> {
        let push = self.start_push(persona_id, now);
        let body = Element::new(ElementName::MessageBody.as_str())
            .with(Element::leaf(
                ElementName::ProcessingResultStatus.as_str(),
                mynakit_oqs::ProcessingResultStatus::Error.code(),
            ))
            .with(Element::leaf(
                ElementName::ProcessingResultCode.as_str(),
                code,
            ))
            .with(Element::leaf(
                ElementName::ProcessingResultMessage.as_str(),
                message,
            ));
        let path = self.write_push(persona_id, push, now, (now.date(), body))?;
        self.rec().note(&format!(
            "face reader: {persona_id}'s card refused ({code}); the failure is pushed"
        ));
        Ok(path)
    }
}

/// One face push as it starts ([`Terminal::start_push`]).
struct Push {
    institution: String,
    seq: u64,
    ids: FaceIds,
    header: Header,
}

/// The identifiers of one face push, derived from what it is (institution, sequence, time,
/// person) so that a run's pushes are reproducible and distinct.
struct FaceIds {
    /// 20 lowercase hex characters after the institution code in the name (ReceptionAgent §20).
    name_hex: String,
    /// `ArbitraryFileIdentifier`: 16 base64 characters, as in the public sample
    /// (`hangilc/myclinic-ts` `onshi-face.test.ts`).
    file_identifier: String,
    /// `QualificationConfirmationKey` (ReceptionAgent §17; the real format is not public).
    confirmation_key: String,
}

impl FaceIds {
    fn new(institution: &str, seq: u64, now: time::OffsetDateTime, persona: &str) -> FaceIds {
        use base64::Engine as _;
        use sha2::Digest as _;
        let digest = sha2::Sha256::digest(format!("{institution}|{seq}|{}|{persona}", ymdhms(now)));
        let hex = |bytes: &[u8]| bytes.iter().map(|b| format!("{b:02x}")).collect::<String>();
        FaceIds {
            name_hex: hex(digest.get(..10).unwrap_or_default()),
            file_identifier: base64::engine::general_purpose::STANDARD
                .encode(digest.get(10..21).unwrap_or_default()),
            confirmation_key: hex(digest.get(21..32).unwrap_or_default()),
        }
    }
}

/// The patient's answer to the reader's question whether to use their 医療費助成 受給者証
/// (湖西市, city.kosai.shizuoka.jp page 18149; the element is **mynakit's model**,
/// `docs/subsidies.md`): a record with entries gets `MedicalSubsidyConsFlg` before them, `1`
/// with the entries, `0` in their place. A record without entries is not asked and stays as
/// it was.
fn subsidy_choice(rec: &mut Element, declined: bool) {
    let list = ElementName::MedicalSubsidyCertificateList.as_str();
    let Some(at) = rec.children.iter().position(|c| c.name == list) else {
        return;
    };
    let flag = Element::leaf(
        ElementName::MedicalSubsidyConsFlg.as_str(),
        mynakit_oqs::ConsentFlag::of(!declined).code(),
    );
    if declined {
        rec.children[at] = flag;
    } else {
        rec.children.insert(at, flag);
    }
}
