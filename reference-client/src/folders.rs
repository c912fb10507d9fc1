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

use mynakit_oqs::{ConsentFlag, ElementName, SegmentOfResult};
use std::fs;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use mynakit_protocol::{ConsentTopic, InsuranceCardData, Mode, Outcome};

use crate::defects::{Defect, Defects};
use crate::env::ClientEnv;
use crate::oqs::OqsMessage;
use crate::results::screen_of;
use crate::screen::{Screen, Stop};
use crate::talk::Talk;
use crate::ClientError;

/// File-name prefix of a single check (`OQSsiquc01`) request.
const REQUEST_PREFIX: &str = "OQSsiquc01req_";
/// File-name prefix of its answer.
const RESULT_PREFIX: &str = "OQSsiquc01res_";
/// File-name prefix of a face push.
const FACE_PREFIX: &str = "OQSsiquc01res_face_";
/// Where taken face pushes go, inside `face`.
const FACE_DONE: &str = "done";

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
        match self
            .talk
            .mode(&[Mode::InsuranceCard, Mode::Face, Mode::Visual])?
        {
            Mode::InsuranceCard => self.single_check(),
            Mode::Face | Mode::Visual => self.face_push(),
            Mode::Pin => Err(ClientError::Protocol("mode `pin` was not offered".into()).into()),
        }
    }

    /// When to give up waiting for the terminal.
    fn wait_until(&self) -> Instant {
        let own = Instant::now() + self.env.timings.terminal_wait;
        self.deadline.map_or(own, |d| d.min(own))
    }

    fn single_check(&mut self) -> Result<Screen, Stop> {
        let card = self.talk.insurance_card()?;
        // The 限度額 consent travels in the request (LimitApplicationCertificateRelatedConsFlg).
        let consent = self.talk.consent(ConsentTopic::LimitApplication, None)?;
        let suffix = self.free_suffix().map_err(terminal_error)?;
        let mut request = request_xml(&card, consent, self.env, &suffix);
        if self.defects.has(Defect::MalformedRequest) {
            request = request.replace("</XmlMsg>", "</XmlMSG>");
        }
        let name = format!("{REQUEST_PREFIX}{suffix}.xml");
        write_then_rename(&self.root.join("req"), &name, request.as_bytes())
            .map_err(terminal_error)?;
        self.env.log(&format!("wrote req/{name}"));
        self.talk.progress("資格確認端末に照会しています")?;
        let result = self
            .root
            .join("res")
            .join(format!("{RESULT_PREFIX}{suffix}.xml"));
        let message = self.wait_for_result(&result)?;
        Ok(screen_of(&message, consent, self.defects))
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
        let until = self.wait_until();
        let mut last_problem = "no answer".to_owned();
        let mut told_processing = false;
        loop {
            match fs::read(path) {
                Ok(bytes) => match OqsMessage::from_xml(&bytes) {
                    Ok(message)
                        if message
                            .header(ElementName::SegmentOfResult.as_str())
                            .and_then(SegmentOfResult::from_code)
                            == Some(SegmentOfResult::Processing) =>
                    {
                        if !told_processing {
                            self.talk.progress("資格確認端末で処理中です")?;
                            told_processing = true;
                        }
                        last_problem = "still 処理中 (SegmentOfResult 2)".to_owned();
                    }
                    Ok(message) => return Ok(message),
                    // Perhaps still being written by a terminal that does not rename: look again.
                    Err(e) => last_problem = format!("{}: {e}", path.display()),
                },
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => last_problem = format!("{}: {e}", path.display()),
            }
            if Instant::now() >= until {
                return Err(terminal_error(format!("no result in time: {last_problem}")));
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
            if let Some(taken) = take_oldest_push(&face, &done).map_err(terminal_error)? {
                self.env
                    .log(&format!("took face/{FACE_DONE}/{}", file_name(&taken)));
                let bytes = fs::read(&taken).map_err(terminal_error)?;
                let message = OqsMessage::from_xml(&bytes).map_err(terminal_error)?;
                // The patient answered the 限度額 consent at the reader; the record says which.
                let consent = message
                    .record()
                    .and_then(|r| {
                        r.get(ElementName::LimitApplicationCertificateRelatedConsFlg.as_str())
                    })
                    .is_some_and(|flag| ConsentFlag::from_code(flag) == Some(ConsentFlag::Given));
                return Ok(screen_of(&message, consent, self.defects));
            }
            if Instant::now() >= until {
                return Err(terminal_error("no face result in time"));
            }
            std::thread::sleep(self.env.timings.poll_interval);
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Moves the oldest face push (by name: the names end in `yyyyMMddHHmmss`) from `face` into
/// `done` and returns its new path; `None` when there is none. Files still being written
/// (a leading `.`, a `.tmp` suffix) are not pushes yet.
fn take_oldest_push(face: &Path, done: &Path) -> std::io::Result<Option<PathBuf>> {
    let entries = match fs::read_dir(face) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(FACE_PREFIX) && n.ends_with(".xml"))
        .collect();
    names.sort();
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

/// Writes `bytes` as `dir/name.tmp`, flushes it to disk, then renames it to `dir/name`: the
/// terminal ignores `.tmp` names, so it sees the request whole or not at all.
fn write_then_rename(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    let temporary = dir.join(format!("{name}.tmp"));
    let mut file = fs::File::create(&temporary)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    fs::rename(&temporary, dir.join(name))
}

/// The `OQSsiquc01` request for `card` (UTF-8). `InsurerNumber` is right-aligned to 8
/// characters with spaces, as printed numbers of 6-digit insurers are sent (`docs/terminal.md`,
/// "Validity"); empty optional elements (記号, 枝番) are left out.
fn request_xml(card: &InsuranceCardData, consent: bool, env: &ClientEnv, suffix: &str) -> String {
    let element = |name: &str, value: &str| {
        format!(
            "      <{name}>{}</{name}>\n",
            quick_xml::escape::escape(value)
        )
    };
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
    let mut search = element(
        ElementName::InsurerNumber.as_str(),
        &format!("{:>8}", card.insurer_number.trim()),
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
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n\
         <XmlMsg>\n  <MessageHeader>\n{}  </MessageHeader>\n  <MessageBody>\n    \
         <QualificationConfirmSearchInfo>\n{}    </QualificationConfirmSearchInfo>\n  \
         </MessageBody>\n</XmlMsg>\n",
        header.replace("      <", "    <"),
        search
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
        };
        let xml = request_xml(&card, false, &env, "202611010001");
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
}
