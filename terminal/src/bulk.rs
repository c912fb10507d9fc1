//! The two-phase bulk messages: an upload (`OQSmuquc01`, `OQSmutic01`) returns a
//! `ReceptionNumber`; a download (`OQSmuquc02`, `OQSmutic02`) with that number answers
//! `SegmentOfResult` 2 (処理中) until the delay has passed, then one `BulkConfirmUnit` per person
//! (reference §1.3, §1.7; `Sotatek-ChinhVu/smart-test` `QCBI*`; `YUKI-ENT/OQSDrug2`
//! `BulkQualificationService`).
//!
//! The delay counts in real time **or** on the scenario clock, whichever passes first: standalone
//! on a frozen scenario clock a vendor still sees the result after `bulk_delay_secs`, and a test
//! can skip the wait by moving the clock. A reception with a delay answers 処理中 to its first
//! download whenever it comes, so a slow client meets the 処理中 its scenario judges as a fast one
//! does. The layout follows [`BulkLayout`].

use mynakit_oqs::ElementName;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use mynakit_oqs::codes::MEDICAL_ASSISTANCE_CARD;
use mynakit_oqs::dates::{parse_ymd, ymd, ymdhms};
use time::{Date, OffsetDateTime};

use crate::drift::BulkLayout;
use crate::reception::{Job, Reception};
use crate::render::{self, RecordExtras, Reference, Segment};
use crate::request::Header;
use crate::terminal::{msg, normal_message, qualification_validity, Checked, Failure, Terminal};
use mynakit_oqs::tree::{self, Element};
use mynakit_oqs::TerminalCode;

/// The bulk messages of one terminal: its receptions (`reception::Receptions`) and the
/// searches they run (`Terminal::check_one`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Bulk<'a> {
    pub(crate) terminal: &'a Terminal,
}

impl Bulk<'_> {
    /// Accepts an upload: stores the job and answers its `ReceptionNumber` (yyyyMMddHHmmss + a
    /// 6-digit sequence; the real format is not public).
    pub(crate) fn receive(&self, h: Header, job: Job, day: Date, now: OffsetDateTime) -> Element {
        let seq = self.terminal.next_sequence();
        let number = format!("{}{:06}", ymdhms(now), seq);
        let delay = self.terminal.data().bulk_delay_secs;
        let mut stored = h.clone();
        stored.qualification_confirmation_date = Some(ymd(day));
        self.terminal.receptions().insert(
            number.clone(),
            Reception {
                header: stored,
                job,
                ready_at: now.saturating_add(time::Duration::seconds(
                    i64::try_from(delay).unwrap_or(i64::MAX),
                )),
                ready_instant: Instant::now()
                    .checked_add(Duration::from_secs(delay))
                    .unwrap_or_else(|| Instant::now() + Duration::from_secs(86_400 * 365)),
                processing_owed: delay > 0,
            },
        );
        let mut body = Element::new(ElementName::MessageBody.as_str());
        body.children.extend(render::status(None));
        body.children
            .push(Element::leaf(ElementName::ReceptionNumber.as_str(), number));
        body.children.push(Element::leaf(
            ElementName::ReceptionDateTime.as_str(),
            ymdhms(now),
        ));
        normal_message(now, day, &h, body)
    }

    /// Answers a download: 処理中, or the units.
    pub(crate) fn download(
        &self,
        h: &Header,
        number: &str,
        now: OffsetDateTime,
        stop: &AtomicBool,
    ) -> Result<Element, Failure> {
        let (reception, ready) = self
            .terminal
            .receptions()
            .poll(number, now)
            .ok_or_else(|| {
                Failure::new(
                    TerminalCode::UnknownReception,
                    format!("unknown ReceptionNumber {number:?}"),
                )
            })?;
        let day = reception
            .header
            .qualification_confirmation_date
            .as_deref()
            .and_then(parse_ymd)
            .unwrap_or(now.date());
        let layout = self.terminal.data().bulk_layout;
        if !ready {
            return Ok(msg(
                bulk_header(layout, now, day, h, number, Segment::Processing, None),
                None,
            ));
        }
        // The upload's institution asks (its 照会番号 are the ones shown).
        let institution = match &reception.header.medical_institution_code {
            Some(code) => code.clone(),
            None => self.terminal.institution(h).to_owned(),
        };
        let internal =
            |e: crate::render::RenderError| Failure::new(TerminalCode::BadMessage, e.to_string());
        let mut units: Vec<Checked> = Vec::new();
        match &reception.job {
            Job::Check(infos) => {
                for info in infos {
                    if stop.load(Ordering::Relaxed) {
                        // The caller discards the answer; the request stays for the next run.
                        return Err(Failure::new(TerminalCode::BadMessage, tree::STOPPED));
                    }
                    units.push(
                        self.terminal
                            .check_one(info, &institution, day, now)
                            .map_err(internal)?,
                    );
                }
            }
            Job::References(regs) => {
                // A model (the real unit shape is not public): one unit per registration with
                // its status and the registration echoed.
                for reg in regs {
                    units.push(Checked {
                        error: self.terminal.register_reference(&institution, reg),
                        echo: Some(reg.element.clone()),
                        ..Checked::default()
                    });
                }
            }
            Job::Assistance(month) => {
                for person in self.terminal.people().iter() {
                    let Some(ins) = &person.current else { continue };
                    let tickets: Vec<_> = ins
                        .medical_tickets
                        .iter()
                        .filter(|t| &t.medical_treatment_month == month)
                        .cloned()
                        .collect();
                    if ins.insured_card_classification != MEDICAL_ASSISTANCE_CARD
                        || tickets.is_empty()
                    {
                        continue;
                    }
                    let mut only_month = ins.clone();
                    only_month.medical_tickets = tickets;
                    units.push(
                        self.record_unit(person, &only_month, ins, &institution, day, None)
                            .map_err(internal)?,
                    );
                }
            }
            Job::Consented(query) => {
                // One unit per consent of the kind, naming this institution, dated in the
                // range and not withdrawn by now: the patients the institution may check
                // without the card (`docs/care-settings.md`; the result shape is not public,
                // so the units are those of the other bulk answers).
                let people = self.terminal.people();
                for consent in self.terminal.consents() {
                    if consent.flag != query.flag
                        || consent.medical_institution_code != institution
                        || consent.consented_on < query.from
                        || consent.consented_on > query.to
                        || consent.withdrawn_at.is_some_and(|w| w <= now)
                    {
                        continue;
                    }
                    let Some(person) = people.iter().find(|p| p.id == consent.person) else {
                        continue;
                    };
                    let Some(ins) = &person.current else {
                        units.push(Checked {
                            validity: Some(
                                mynakit_oqs::codes::QualificationValidity::NoQualification,
                            ),
                            ..Checked::default()
                        });
                        continue;
                    };
                    // The consent group of the unit, as a face result carries it: the flags
                    // 1 with their times when the person consented to share, else 0.
                    let consents = crate::render::Consents {
                        at: consent.information_consent.unwrap_or(now),
                        medical_information: consent.information_consent.is_some(),
                    };
                    units.push(
                        self.record_unit(person, ins, ins, &institution, day, Some(consents))
                            .map_err(internal)?,
                    );
                }
            }
        }
        let total = units.len();
        let normal = units.iter().filter(|u| u.is_normal()).count();
        let mut body = Element::new(ElementName::MessageBody.as_str());
        for unit in units {
            body.children.push(Element {
                name: ElementName::BulkConfirmUnit.as_str().into(),
                children: match layout {
                    BulkLayout::Unit => unit_children(unit),
                    BulkLayout::ResultList => unit.single_body(),
                },
                ..Element::default()
            });
        }
        Ok(msg(
            bulk_header(
                layout,
                now,
                day,
                h,
                number,
                Segment::Normal,
                Some((total, normal)),
            ),
            Some(body),
        ))
    }
}

impl Bulk<'_> {
    /// A unit of a listing (no search echo): `shown` rendered as the record (with the consent
    /// group `consents`, a consent import's), the validity and 照会番号 of the person's
    /// qualification `ins` on `day`.
    fn record_unit(
        &self,
        person: &crate::people::Person,
        shown: &mynakit_persona::Insurance,
        ins: &mynakit_persona::Insurance,
        institution: &str,
        day: Date,
        consents: Option<crate::render::Consents>,
    ) -> Result<Checked, crate::render::RenderError> {
        Ok(Checked {
            validity: Some(qualification_validity(ins, day)),
            record: Some(render::record(
                person,
                shown,
                &RecordExtras {
                    institution: Some(institution.to_owned()),
                    day: Some(day),
                    consents,
                    ..RecordExtras::default()
                },
                self.terminal.data(),
            )?),
            reference: self.terminal.reference_for(institution, ins),
            ..Checked::default()
        })
    }
}

/// A `BulkConfirmUnit` as `Sotatek-ChinhVu/smart-test` models it: the search echo, the status,
/// `QualificationValidity`, the record itself, and `ReferenceNumber`.
fn unit_children(unit: Checked) -> Vec<Element> {
    let mut out: Vec<Element> = unit.echo.into_iter().collect();
    out.extend(render::status(unit.error));
    out.extend(
        unit.validity
            .map(|v| Element::leaf(ElementName::QualificationValidity.as_str(), v.code())),
    );
    out.extend(unit.record);
    out.extend(
        unit.reference
            .map(|r| Element::leaf(ElementName::ReferenceNumber.as_str(), r)),
    );
    out
}

/// The download header. `counts` = (processed, normal) once done.
fn bulk_header(
    layout: BulkLayout,
    now: OffsetDateTime,
    day: Date,
    h: &Header,
    number: &str,
    segment: Segment,
    counts: Option<(usize, usize)>,
) -> Element {
    let count_elements = |(total, normal): (usize, usize)| {
        vec![
            Element::leaf(
                ElementName::NumberOfProcessingResult.as_str(),
                total.to_string(),
            ),
            Element::leaf(
                ElementName::NumberOfNormalProcessing.as_str(),
                normal.to_string(),
            ),
            Element::leaf(
                ElementName::NumberOfError.as_str(),
                (total - normal).to_string(),
            ),
        ]
    };
    match layout {
        BulkLayout::Unit => render::bulk_header(
            now,
            &ymd(day),
            h,
            number,
            segment,
            counts.map(count_elements),
        ),
        BulkLayout::ResultList => {
            let mut extra = vec![Element::leaf(ElementName::ReceptionNumber.as_str(), number)];
            extra.extend(counts.map(count_elements).unwrap_or_default());
            render::header(
                now,
                &ymd(day),
                h,
                Reference::InsuranceCard,
                segment,
                extra,
                None,
            )
        }
    }
}
