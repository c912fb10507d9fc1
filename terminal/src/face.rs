//! Face pushes: the unsolicited `OQSsiquc01res_face_*.xml` the terminal writes into `face` after a
//! patient confirms at the 顔認証付きカードリーダー (sanox.org road13, road18; `YUKI-ENT/OQSDrug2`
//! `QualificationFaceExporter`).
//!
//! The body has the single-result layout with `ReferenceClassification` 1 (card), the consent
//! group the patient answered at the reader, `PrescriptionIssueSelect`, and a registered
//! 照会番号. The file name pattern is the one clients assume (`…res_face_…_yyyyMMddHHmmss.xml`);
//! the real one is not public. How the reader proves PIN or face/visual verification is not
//! public either, so the mode only decides whether the card can be used (a PIN that is not set
//! or blocked stops a PIN-mode confirmation) and is recorded in the timeline.

use std::path::PathBuf;

use mynakit_service::eligibility::ymd;

use crate::error::TerminalError;
use crate::render::{self, Consents, RecordExtras, Reference, Segment};
use crate::request::Header;
use crate::terminal::{qualification_validity, Terminal};
use crate::watcher::{write_atomic, FACE};
use crate::xml::Element;

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
    /// The result could not be built or written.
    #[error(transparent)]
    Terminal(#[from] TerminalError),
    /// The record could not be rendered.
    #[error("cannot render the result: {0}")]
    Render(String),
}

impl Terminal {
    /// The patient `persona_id` confirmed at the face reader in `mode`: writes
    /// `face/OQSsiquc01res_face_<12 digits>_<yyyyMMddHHmmss>.xml` atomically and returns its path.
    ///
    /// # Errors
    ///
    /// [`FaceError`]: unknown persona, no card, card not registered, PIN unusable in PIN mode,
    /// or the file could not be written.
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
        let institution = self.data().medical_institution_code.clone();
        let header = Header {
            medical_institution_code: Some(institution.clone()),
            ..Header::default()
        };
        let mut body = Element::new("MessageBody");
        body.children.extend(render::status(None));
        match &person.current {
            None => body
                .children
                .push(Element::leaf("QualificationValidity", "4")),
            Some(ins) => {
                body.children.push(Element::leaf(
                    "QualificationValidity",
                    qualification_validity(ins, day),
                ));
                if let Some(p) = options.prescription {
                    body.children.push(Element::leaf(
                        "PrescriptionIssueSelect",
                        match p {
                            PrescriptionIssue::Electronic => "1",
                            PrescriptionIssue::Paper => "2",
                        },
                    ));
                }
                let extras = RecordExtras {
                    limit_consent: options.limit_consent.then_some(now),
                    consents: Some(Consents {
                        at: now,
                        medical_information: options.medical_information_consent,
                    }),
                };
                let mut rec =
                    render::record(person, ins, &extras, self.data()).map_err(FaceError::Render)?;
                rec.children.extend(
                    self.reference_for(&institution, ins)
                        .map(|r| Element::leaf("ReferenceNumber", r)),
                );
                body.children.push(Element::new("ResultList").with(rec));
            }
        }
        let root = Element::new("XmlMsg")
            .with(render::header(
                now,
                &ymd(day),
                &header,
                Reference::Card,
                Segment::Normal,
                Vec::new(),
                None,
            ))
            .with(body);
        let bytes = render::finish(root, None, self.data());
        let dir = self.root().join(FACE);
        std::fs::create_dir_all(&dir).map_err(TerminalError::io(&dir))?;
        // The sequence restarts with each run and a frozen clock repeats the time: skip names
        // already in `face` so an unread push of an earlier run is never overwritten.
        let name = loop {
            let name = format!(
                "OQSsiquc01res_face_{:012}_{}.xml",
                self.next_sequence(),
                mynakit_service::eligibility::ymdhms(now)
            );
            if !dir.join(&name).exists() {
                break name;
            }
        };
        let path = write_atomic(&dir, &name, &bytes)?;
        self.state().observed.wrote_face(&name);
        self.note(&format!(
            "face reader: {persona_id} confirmed by {}",
            mode.word()
        ));
        self.event(&format!("{FACE}/{name}"), "face-written");
        Ok(path)
    }
}
