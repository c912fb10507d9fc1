//! The same-day import of 居宅 and オンライン診療 consents into the レセコン
//! (`docs/kyotaku.md`, "The same-day import"; `docs/online-shinryo.md`).
//!
//! 厚生労働省保険局「訪問看護等におけるオンライン資格確認の仕組み案（概要）」(p.15): the eligibility
//! data goes into the レセコン the same day, when staff are back at the facility. The
//! 資格確認端末's consent queries do it: an upload (`OQSmuhvq01` for 訪問診療等,
//! `OQSmuonq01` for オンライン診療等) naming the day, answered with a `ReceptionNumber`, then
//! downloads (`OQSmuhvq02` / `OQSmuonq02`) with that number until one is no longer 処理中. Each
//! unit of the final answer is one patient whose consent names this institution, was given
//! that day and is still in force: each is shown once, nothing else is.
//!
//! The request shape (`QualificationConfirmSearchInfo` with `ConsentDateFrom`/`To` or
//! `ExaminationDateFrom`/`To` and `MedicalTreatmentFlag`) follows one public client's request
//! builder (YUKI-ENT/OQSDrug2); the answer's unit shape is not public (`docs/terminal.md`).

use std::io::{BufRead, Write};

use mynakit_oqs::{ElementName, CONSENT_GROUPS};
use mynakit_protocol::Outcome;

use super::{element, header_xml, message_xml, terminal_error, Exchange};
use crate::care::ConsentKind;
use crate::defects::Defect;
use crate::results::{normal_segment, screen_of};
use crate::screen::{Screen, Stop};

/// What one consent import asks for: the message prefixes, the range's element names and the
/// `MedicalTreatmentFlag` (OQS code list OQSCD028: 2 訪問診療等, 3 オンライン診療等).
struct Query {
    upload: &'static str,
    download: &'static str,
    from: &'static str,
    to: &'static str,
    flag: &'static str,
    what: &'static str,
}

impl Query {
    fn of(kind: ConsentKind) -> Query {
        match kind {
            ConsentKind::HomeVisit => Query {
                upload: "OQSmuhvq01",
                download: "OQSmuhvq02",
                from: ElementName::ConsentDateFrom.as_str(),
                to: ElementName::ConsentDateTo.as_str(),
                flag: "2",
                what: "居宅同意取得型の同意",
            },
            // An オンライン診療 consent is given at the visit: its examination date is its day.
            ConsentKind::OnlineVisit => Query {
                upload: "OQSmuonq01",
                download: "OQSmuonq02",
                from: ElementName::ExaminationDateFrom.as_str(),
                to: ElementName::ExaminationDateTo.as_str(),
                flag: "3",
                what: "オンライン診療等の同意",
            },
        }
    }
}

/// "Today" as `yyyyMMdd` in JST: the scenario clock's date (`MYNAKIT_CLOCK`), else the system
/// clock's, in JST — never the UTC date, which is the day before until 09:00 JST.
pub(super) fn today(env: &crate::env::ClientEnv) -> String {
    env.today.clone().unwrap_or_else(|| {
        mynakit_oqs::dates::ymd(
            time::OffsetDateTime::now_utc()
                .to_offset(mynakit_oqs::clock::JST)
                .date(),
        )
    })
}

/// Whether an import's unit carries the user's consent to share their information (any
/// `*ConsFlg` of 1, in the unit or its qualification record).
fn consented(unit: &crate::oqs::OqsMessage) -> bool {
    CONSENT_GROUPS.iter().any(|[flag, _, _]| {
        let flag = flag.as_str();
        unit.record()
            .and_then(|r| r.get(flag))
            .map(String::as_str)
            .or_else(|| unit.body(flag))
            .map(str::trim)
            == Some("1")
    })
}

impl<R: BufRead, W: Write> Exchange<'_, R, W> {
    /// A station's レセコン (flows `visiting-nursing` and `claim-file`): the day's users with a
    /// valid qualification, or a 医療扶助 record, claimed in `RECEIPTH.UKE`
    /// (`crate::station_claim`); nothing elsewhere.
    fn station_claim(
        &mut self,
        units: &[crate::oqs::OqsMessage],
        screens: &[Screen],
        day: &str,
    ) -> Result<(), Stop> {
        let (Some(dir), Some(mynakit_protocol::Flow::VisitingNursing)) =
            (&self.env.claim_dir, self.env.care_setting)
        else {
            return Ok(());
        };
        let users: Vec<crate::station_claim::User<'_>> = units
            .iter()
            .zip(screens)
            .filter_map(|(unit, screen)| {
                let covered = matches!(
                    screen.outcome,
                    Some(Outcome::Eligible | Outcome::MedicalAssistance)
                );
                // The defect `station-claim-ineligible`: an uncovered unit claimed from its
                // record, as the screen shows none of it.
                let fields = match (covered, unit.record()) {
                    (true, _) => &screen.fields,
                    (false, Some(record))
                        if self.defects.has(Defect::StationClaimIneligible)
                            && record.contains_key(ElementName::InsurerNumber.as_str()) =>
                    {
                        record
                    }
                    (false, _) => return None,
                };
                Some(crate::station_claim::User {
                    fields,
                    consented: consented(unit),
                })
            })
            .collect();
        let code = self.env.facility_code.as_deref().unwrap_or_default();
        let prices = crate::station_claim::prices(self.env.station_prices.as_deref())
            .map_err(terminal_error)?;
        crate::station_claim::write(
            dir,
            (code, &prices),
            day,
            &users,
            (self.defects, &self.env.variants),
        )
        .map_err(terminal_error)
    }

    /// The `consent-import-wrong-patient` defect: each unit shown with its own outcome but the
    /// first unit's patient (a row loop that keeps the first patient's identity).
    fn show_units_as_first(
        &mut self,
        units: &[crate::oqs::OqsMessage],
    ) -> Result<Vec<Screen>, Stop> {
        let mut screens: Vec<Screen> = units
            .iter()
            .map(|unit| screen_of(unit, false, self.defects))
            .collect();
        if let Some(first) = screens.first().cloned() {
            for screen in screens.iter_mut().skip(1) {
                for element in ElementName::IDENTITY {
                    let name = element.as_str();
                    match first.fields.get(name) {
                        Some(value) => screen.fields.insert(name.to_owned(), value.clone()),
                        None => screen.fields.remove(name),
                    };
                }
            }
        }
        for screen in &screens {
            self.talk.display(screen)?;
        }
        Ok(screens)
    }

    /// The day's import of `kind`'s consents: upload, `ReceptionNumber`, downloads until the
    /// answer is final; each patient shown with a `display`; the result is the first patient's
    /// screen with the count, or, with none, `ineligible` "nothing to import" (no patient's
    /// eligibility was confirmed).
    pub(super) fn consent_import(&mut self, kind: ConsentKind) -> Result<Screen, Stop> {
        let query = Query::of(kind);
        let day = match self.defects.has(Defect::ImportUtcDay) {
            // The defect `import-utc-day`: the scenario clock's date in UTC.
            true => {
                mynakit_oqs::dates::ymd(self.env.clock.now().to_offset(time::UtcOffset::UTC).date())
            }
            false => today(self.env),
        };
        self.talk
            .progress(&format!("本日（{day}）の{}を取り込みます", query.what))?;
        let suffix = self.free_suffix().map_err(terminal_error)?;
        let search = [
            element(query.from, &day),
            element(query.to, &day),
            element(ElementName::MedicalTreatmentFlag.as_str(), query.flag),
        ]
        .concat();
        let upload = message_xml(
            &header_xml(self.env, &suffix),
            &format!(
                "    <QualificationConfirmSearchInfo>\n{search}    </QualificationConfirmSearchInfo>\n"
            ),
        );
        let name = format!("{}req_{suffix}.xml", query.upload);
        self.send_request(&name, &upload)?;
        let accepted_at = self
            .root
            .join("res")
            .join(format!("{}res_{suffix}.xml", query.upload));
        let accepted = self.wait_for_result(&accepted_at)?;
        let reception = match accepted.body(ElementName::ReceptionNumber.as_str()) {
            Some(number) if normal_segment(&accepted) => number.to_owned(),
            _ => return Ok(screen_of(&accepted, false, self.defects)),
        };
        let first_is_final = self.defects.has(Defect::ImportProcessingAsFinal);
        let (message, units) =
            self.download(query.download, &suffix, &reception, first_is_final)?;
        if !normal_segment(&message) && units.is_empty() && !first_is_final {
            return Ok(screen_of(&message, false, self.defects));
        }
        let screens = if self.defects.has(Defect::ConsentImportWrongPatient) {
            self.show_units_as_first(&units)?
        } else {
            self.show_units(&units, false)?
        };
        if kind == ConsentKind::HomeVisit {
            self.station_claim(&units, &screens, &day)?;
        }
        let count = screens.len();
        Ok(match screens.into_iter().next() {
            Some(mut first) => {
                first.text = Some(format!("本日の{}を{count}件取り込みました", query.what));
                first
            }
            None => Screen::outcome(
                Outcome::Ineligible,
                format!("本日取り込む{}はありません（0件）", query.what),
            ),
        })
    }
}
