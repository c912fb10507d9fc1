//! Synthetic timelines for tests: a builder that appends events 10 ms apart (or after a
//! `wait`), and evidence around them.

use mynakit_protocol::{Mode, Outcome, PinRef, ResultOrigin, RunResult};
pub(crate) use mynakit_timeline::Fact;
use mynakit_timeline::{ContentElement, Event, EventKind, Source};

pub(crate) use mynakit_apdu::Application;

use crate::{Check, Evidence, Run, Verdict};

pub(crate) const READER: &str = "mynakit A 00 00";

/// A timeline being built.
#[derive(Clone, Debug, Default)]
pub(crate) struct Tl {
    pub(crate) events: Vec<Event>,
    now: u64,
}

impl Tl {
    pub(crate) fn new() -> Tl {
        Tl::default()
    }

    fn push(mut self, source: Source, kind: EventKind) -> Tl {
        self.now += 10_000;
        self.events.push(Event {
            v: 1,
            t_us: self.now,
            run: None,
            source,
            kind,
        });
        self
    }

    /// The harness's search of the client's folders (`EventKind::Kept`): 3 files searched.
    pub(crate) fn kept(self, found: Vec<mynakit_timeline::KeptValue>, declared: Vec<String>) -> Tl {
        self.push(
            Source::Client,
            EventKind::Kept {
                folders: vec!["home".into(), "tmp".into(), "work".into()],
                files: 3,
                found,
                declared,
            },
        )
    }

    /// The claim file the client wrote (`EventKind::ClaimFile`): `lines` of a 医科 file after
    /// its IR header, written in Windows-31J with `mynakit_uke::Writer` and read as the harness
    /// reads it.
    pub(crate) fn claim_file(self, lines: &[&str]) -> Tl {
        self.claim_file_of("IR,1,13,1,9999999,,,202611,00", None, lines)
    }

    /// A claim file under `header` (IR or YK), written by a facility of 点数表
    /// `facility_table` when it is known.
    pub(crate) fn claim_file_of(
        self,
        header: &str,
        facility_table: Option<&str>,
        lines: &[&str],
    ) -> Tl {
        let mut writer = mynakit_uke::Writer::new(Vec::new());
        for line in std::iter::once(header).chain(lines.iter().copied()) {
            let fields: Vec<String> = line.split(',').map(str::to_owned).collect();
            writer.write_fields(&fields).expect("a writable record");
        }
        let bytes = writer.finish().expect("written");
        self.claim_file_read(&bytes, facility_table)
    }

    /// A claim file of these bytes as they are (a broken one too), read as a run reads it.
    pub(crate) fn claim_file_bytes(self, bytes: &[u8]) -> Tl {
        self.claim_file_read(bytes, None)
    }

    /// [`Tl::claim_file_bytes`], written by a facility of 点数表 `facility_table`.
    pub(crate) fn claim_file_bytes_of(self, bytes: &[u8], facility_table: &str) -> Tl {
        self.claim_file_read(bytes, Some(facility_table))
    }

    fn claim_file_read(self, bytes: &[u8], facility_table: Option<&str>) -> Tl {
        // The claims of the patients the run's answers name, as the harness keeps them.
        let interest = mynakit_timeline::ClaimInterest::of_events(&self.events);
        self.push(
            Source::Client,
            EventKind::ClaimFile {
                path: "RECEIPTC.UKE".into(),
                file: mynakit_timeline::ClaimFile {
                    facility_table: facility_table.map(Into::into),
                    ..mynakit_timeline::ClaimFile::read(bytes, &interest)
                },
            },
        )
    }

    /// Lets `ms` pass before the next event.
    pub(crate) fn wait(mut self, ms: u64) -> Tl {
        self.now += ms * 1_000;
        self
    }

    /// Sets the clock to `ms` (to record an event that started long before).
    pub(crate) fn clock(mut self, ms: u64) -> Tl {
        self.now = ms * 1_000;
        self
    }

    /// One APDU on the default reader.
    pub(crate) fn apdu(self, command: &str, response: &str) -> Tl {
        self.apdu_on(READER, command, response)
    }

    /// One APDU on the reader `reader`.
    pub(crate) fn apdu_on(self, reader: &str, command: &str, response: &str) -> Tl {
        self.push(
            Source::Card,
            EventKind::Apdu {
                reader: reader.into(),
                command: command.replace(' ', ""),
                response: response.replace(' ', ""),
                duration_us: 1_000,
            },
        )
    }

    /// A reader event on the default reader.
    pub(crate) fn reader(self, action: &str) -> Tl {
        self.reader_detail(action, "")
    }

    /// A reader event with a detail.
    pub(crate) fn reader_detail(self, action: &str, detail: &str) -> Tl {
        self.reader_on(READER, action, detail)
    }

    /// A reader event with a detail on the reader `reader`.
    pub(crate) fn reader_on(self, reader: &str, action: &str, detail: &str) -> Tl {
        self.push(
            Source::Reader,
            EventKind::Reader {
                reader: reader.into(),
                action: mynakit_timeline::ReaderAction::parse(action),
                detail: detail.into(),
            },
        )
    }

    /// A line from the client.
    pub(crate) fn client(self, line: &str) -> Tl {
        self.push(Source::Client, EventKind::Message { line: line.into() })
    }

    /// A line from the operator.
    pub(crate) fn operator(self, line: &str) -> Tl {
        self.push(Source::Operator, EventKind::Message { line: line.into() })
    }

    /// `pin` ask `id` with `tries_left`, answered with a PIN.
    pub(crate) fn pin(self, id: &str, tries_left: Option<u8>) -> Tl {
        let tries = tries_left.map_or_else(|| "null".to_owned(), |n| n.to_string());
        self.client(&format!(
            r#"{{"type":"pin","id":"{id}","pin":"auth","tries_left":{tries}}}"#
        ))
        .operator(&format!(
            r#"{{"type":"pin","id":"{id}","pin":"<redacted>"}}"#
        ))
    }

    /// A `display` of `outcome`.
    pub(crate) fn display(self, outcome: &str) -> Tl {
        self.client(&format!(r#"{{"type":"display","outcome":"{outcome}"}}"#))
    }

    /// The client lets the card go (`SCARD_UNPOWER_CARD`): a power-off on the default reader.
    pub(crate) fn released(self) -> Tl {
        self.reader("power-off")
    }

    /// The client ended: its process exited with code 0 (`EventKind::Exited`).
    pub(crate) fn exited(self) -> Tl {
        self.push(
            Source::Client,
            EventKind::Exited {
                code: Some(0),
                signal: None,
            },
        )
    }

    /// The client's `result` line (only the outcome; the evidence carries the fields).
    pub(crate) fn result(self, outcome: &str) -> Tl {
        self.client(&format!(r#"{{"type":"result","outcome":"{outcome}"}}"#))
    }

    /// One HTTP exchange taking `ms`.
    pub(crate) fn http(
        self,
        method: &str,
        path: &str,
        status: u16,
        ms: u64,
        request: Option<&str>,
        response: Option<&str>,
    ) -> Tl {
        let mut tl = self.wait(ms);
        tl.now = tl.now.saturating_sub(10_000);
        tl.push(
            Source::Service,
            EventKind::Http {
                method: method.into(),
                path: path.into(),
                status,
                duration_us: ms * 1_000,
                request_body: request.map(str::to_owned),
                response_body: response.map(str::to_owned),
                request_headers: Default::default(),
            },
        )
    }

    /// Gives the last HTTP exchange these device-signature headers (`docs/device-setup.md`).
    pub(crate) fn signed(mut self, headers: &[(&str, &str)]) -> Tl {
        if let Some(Event {
            kind: EventKind::Http {
                request_headers, ..
            },
            ..
        }) = self.events.last_mut()
        {
            for (name, value) in headers {
                request_headers.insert((*name).to_owned(), (*value).to_owned());
            }
        }
        self
    }

    /// `POST /v1/challenges` answered with challenge `id`.
    pub(crate) fn challenge(self, id: &str) -> Tl {
        self.http(
            "POST",
            "/v1/challenges",
            201,
            5,
            Some(""),
            Some(&format!(
                r#"{{"challenge_id":"{id}","challenge":"AAAA","expires_at":"2026-11-01T09:01:00+09:00","algorithm":"RSASSA-PKCS1-v1_5-SHA256"}}"#
            )),
        )
    }

    /// `POST /v1/confirmations` in PIN mode with challenge `id`, answered `200` with `body`.
    pub(crate) fn confirm(self, challenge: &str, body: &str) -> Tl {
        let cert = cert_b64();
        self.http(
            "POST",
            "/v1/confirmations",
            200,
            20,
            Some(&format!(
                r#"{{"mode":"pin","certificate":"{cert}","signature":"AAAA","challenge_id":"{challenge}"}}"#
            )),
            Some(body),
        )
    }

    /// A fact the harness records for the checks, as it records it (its note, from its source).
    pub(crate) fn fact(self, fact: Fact) -> Tl {
        self.push(fact.source(), EventKind::fact(&fact))
    }

    /// A fact's note as the client would write it: from the client, which states no fact.
    pub(crate) fn client_fact(self, fact: Fact) -> Tl {
        self.push(Source::Client, EventKind::fact(&fact))
    }

    /// The harness's note where a visit begins, its client started for it (a process of its
    /// own: `given.earlier_visits`).
    pub(crate) fn visit(self, start: mynakit_timeline::VisitStart) -> Tl {
        self.push(
            Source::Operator,
            EventKind::Note {
                text: start.to_string(),
            },
        )
    }

    /// The harness's care setting fact: the scenario's setting, by its flow name (`kenshin`).
    pub(crate) fn care_setting(self, name: &str) -> Tl {
        self.fact(Fact::CareSetting(name.into()))
    }

    /// A terminal file event.
    pub(crate) fn file(self, path: &str, action: &str) -> Tl {
        self.push(
            Source::Terminal,
            EventKind::File {
                path: path.into(),
                action: mynakit_timeline::FileAction::parse(action),
            },
        )
    }

    /// What a terminal file says: `fields` as `(element, value)` in clear (personal values are
    /// redacted here, as the terminal does), and the elements holding `●`.
    pub(crate) fn content(
        self,
        path: &str,
        encoding: &str,
        fields: &[(&str, &str)],
        substituted: &[&str],
    ) -> Tl {
        self.push(
            Source::Terminal,
            EventKind::Content {
                path: path.into(),
                encoding: encoding.into(),
                fields: fields
                    .iter()
                    .map(|(k, v)| match mynakit_oqs::ElementName::from_name(k) {
                        Some(known) => (known.into(), mynakit_timeline::content_value(known, v)),
                        None => (ContentElement::named(k), (*v).to_owned()),
                    })
                    .collect(),
                substituted: substituted
                    .iter()
                    .map(|s| ContentElement::named(s))
                    .collect(),
                units: Vec::new(),
                subsidies: Vec::new(),
            },
        )
    }

    /// What a consent import's download says: `fields` and, for each unit, who it names
    /// (`(element, value)` in clear, redacted here as the terminal does).
    pub(crate) fn content_with_units(
        self,
        path: &str,
        fields: &[(&str, &str)],
        units: &[&[(&str, &str)]],
    ) -> Tl {
        let kept = |pairs: &[(&str, &str)]| -> mynakit_timeline::ContentFields {
            pairs
                .iter()
                .filter_map(|(k, v)| {
                    let known = mynakit_oqs::ElementName::from_name(k)?;
                    Some((known, mynakit_timeline::content_value(known, v)))
                })
                .collect()
        };
        self.push(
            Source::Terminal,
            EventKind::Content {
                path: path.into(),
                encoding: "UTF-8".into(),
                fields: kept(fields),
                substituted: Vec::new(),
                units: units.iter().map(|u| kept(u)).collect(),
                subsidies: Vec::new(),
            },
        )
    }
}

/// A DER "certificate": a SEQUENCE of 300 content bytes (304 in all).
pub(crate) fn cert_der() -> Vec<u8> {
    let mut der = vec![0x30, 0x82, 0x01, 0x2C];
    der.extend((0..300).map(|i| (i % 251) as u8));
    der
}

/// Standard base64 with padding.
pub(crate) fn base64_encode(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The test certificate as base64, as a client sends it.
pub(crate) fn cert_b64() -> String {
    base64_encode(&cert_der())
}

/// The test certificate as hex, as the card returns it.
pub(crate) fn cert_hex() -> String {
    hex::encode_upper(cert_der())
}

/// A valid result body (`QualificationValidity` 1), with `extra` JSON members added to the
/// record (e.g. `"InsurerName":"…"`).
pub(crate) fn valid_body(extra: &str) -> String {
    body("1", "1", None, "1", extra)
}

/// An OQS JSON body.
pub(crate) fn body(
    segment: &str,
    status: &str,
    code: Option<(&str, &str)>,
    validity: &str,
    record: &str,
) -> String {
    let code = code.map_or_else(String::new, |(c, m)| {
        format!(r#","ProcessingResultCode":"{c}","ProcessingResultMessage":"{m}""#)
    });
    let record = if record.is_empty() {
        String::new()
    } else {
        format!(r#","ResultList":{{"ResultOfQualificationConfirmation":[{{{record}}}]}}"#)
    };
    format!(
        r#"{{"MessageHeader":{{"SegmentOfResult":"{segment}","CharacterCodeIdentifier":"0"}},"MessageBody":{{"ProcessingResultStatus":"{status}"{code},"QualificationValidity":"{validity}"{record}}}}}"#
    )
}

/// A client result.
pub(crate) fn result(outcome: Outcome, fields: &[(&str, &str)]) -> RunResult {
    RunResult {
        outcome,
        fields: fields
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        text: None,
        origin: ResultOrigin::Client,
    }
}

/// The 薬剤情報 request and result files of the information tests.
pub(crate) const DRUG_REQ: &str = "req/YZKsiquc01req_02202611010001.xml";
pub(crate) const DRUG_RES: &str = "res/YZKsiquc01res_02202611010001.xml";

/// An information request (`FileCategory` 2) read from `req` and answered in `res` by `answer`.
pub(crate) fn info_asked(req: &str, res: &str, answer: &[(&str, &str)]) -> Tl {
    Tl::new()
        .file(req, "request-read")
        .content(req, "UTF-8", &[("FileCategory", "2")], &[])
        .file(res, "result-written")
        .content(res, "UTF-8", answer, &[])
}

/// A 薬剤情報 request answered by `answer`.
pub(crate) fn drug_info_asked(answer: &[(&str, &str)]) -> Tl {
    info_asked(DRUG_REQ, DRUG_RES, answer)
}

/// Evidence with defaults: PIN mode, not manual, the right CA, nothing blocked.
pub(crate) fn evidence<'a>(events: &'a [Event], result: &'a RunResult) -> Evidence<'a> {
    Evidence {
        events,
        result,
        mode: Mode::Pin,
        manual: false,
        wrong_server_ca: false,
        blocked_at_start: &[],
        rules: mynakit_protocol::RuleSet::NEWEST,
        day: None,
        starts: mynakit_protocol::Starts::default(),
        checkup_identity: None,
        request_names: None,
        station_prices: &mynakit_protocol::NO_PRICE_TABLE,
    }
}

/// Evidence in another mode.
pub(crate) fn evidence_in<'a>(
    events: &'a [Event],
    result: &'a RunResult,
    mode: Mode,
) -> Evidence<'a> {
    Evidence {
        mode,
        ..evidence(events, result)
    }
}

/// Evidence in 薬剤情報 mode.
pub(crate) fn in_drug_mode<'a>(events: &'a [Event], result: &'a RunResult) -> Evidence<'a> {
    evidence_in(events, result, Mode::DrugInfo)
}

/// The auth PIN, blocked at the start.
pub(crate) static AUTH_BLOCKED: [PinRef; 1] = [PinRef::Auth];

/// Judges one run as [`crate::evaluate`] does: the timeline decoded once, then the check.
pub(crate) fn judge(check: &dyn Check, evidence: &Evidence<'_>) -> Verdict {
    check.evaluate(evidence, &Run::new(evidence.events))
}

/// `SELECT <application> by DF name` as timeline hex.
pub(crate) fn select(app: Application) -> String {
    format!("00A4040C0A{}", hex::encode_upper(app.aid()))
}

/// Asserts a pass and returns its text.
#[track_caller]
pub(crate) fn pass(check: &dyn Check, evidence: &Evidence<'_>) -> crate::Reason {
    match judge(check, evidence) {
        Verdict::Pass(text) => text,
        other => panic!("{}: expected a pass, got {other:?}", check.id()),
    }
}

/// Asserts a failure and returns its text.
#[track_caller]
pub(crate) fn fail(check: &dyn Check, evidence: &Evidence<'_>) -> crate::Reason {
    match judge(check, evidence) {
        Verdict::Fail(text) => text,
        other => panic!("{}: expected a failure, got {other:?}", check.id()),
    }
}

/// Asserts "not applicable" and returns its text.
#[track_caller]
pub(crate) fn not_applicable(check: &dyn Check, evidence: &Evidence<'_>) -> crate::Reason {
    match judge(check, evidence) {
        Verdict::NotApplicable(text) => text,
        other => panic!("{}: expected not applicable, got {other:?}", check.id()),
    }
}

/// Asserts "review" and returns its text.
#[track_caller]
pub(crate) fn review(check: &dyn Check, evidence: &Evidence<'_>) -> crate::Reason {
    match judge(check, evidence) {
        Verdict::Review(text) => text,
        other => panic!("{}: expected review, got {other:?}", check.id()),
    }
}

/// The card part of a correct PIN-mode flow up to the ask: select the AP, read the auth
/// certificate (304 bytes in two reads), select and query the auth PIN.
pub(crate) fn card_up_to_ask(tl: Tl, tries: u8) -> Tl {
    let cert = cert_hex();
    tl.apdu(&select(Application::Jpki), "9000")
        .apdu("00A4020C02000A", "9000")
        .apdu("00B0000000", &format!("{}9000", &cert[..512]))
        .apdu("00B0010030", &format!("{}9000", &cert[512..]))
        .apdu("00A4020C020018", "9000")
        .apdu("00200080", &format!("63C{tries:X}"))
}

/// The card part after a right PIN: VERIFY (the auth PIN EF is current), then the signature
/// with the auth key by SFI (`80 2A 00 97`), so the PIN EF stays current for a later VERIFY.
pub(crate) fn verify_and_sign(tl: Tl) -> Tl {
    tl.apdu("0020008004********", "9000").apdu(
        "802A009733 3031300D060960864801650304020105000420 0000000000000000000000000000000000000000000000000000000000000000 00",
        &format!("{}9000", "AB".repeat(256)),
    )
}

/// PIN mode up to a signed check of `challenge`, answered `body`.
pub(crate) fn checked(tl: Tl, challenge: &str, body: &str) -> Tl {
    verify_and_sign(card_up_to_ask(tl, 3).pin("p1", Some(3)))
        .challenge(challenge)
        .confirm(challenge, body)
}

/// The pin-lockout scenario as a correct client plays it.
pub(crate) fn lockout() -> Tl {
    card_up_to_ask(Tl::new().reader_detail("insert", "employee"), 3)
        .pin("p1", Some(3))
        .apdu("0020008004********", "63C2")
        .client(r#"{"type":"display","outcome":"pin-incorrect","tries_left":2}"#)
        .pin("p2", Some(2))
        .apdu("0020008004********", "63C1")
        .pin("p3", Some(1))
        .apdu("0020008004********", "63C0")
        .result("pin-locked")
}

/// A claim file's JD record of the insurance (負担者種別 1) marking `days` of the month.
pub(crate) fn jd(days: &[usize]) -> String {
    let marks: Vec<&str> = (1..=31)
        .map(|d| if days.contains(&d) { "1" } else { "" })
        .collect();
    format!("JD,1,{}", marks.join(","))
}

/// A station's day: the consent import of `day` (OQSmuhvq01 up, OQSmuhvq02 down with `units`,
/// one a user) and the month's RECEIPTH.UKE of `claims` (each a claim's lines; `GO` added), as
/// the station's checks read them.
pub(crate) fn station_import_and_claim(
    day: &str,
    units: &[&[(&str, &str)]],
    claims: &[Vec<String>],
) -> Tl {
    station_imports_and_claim(&[(day, units)], claims)
}

/// One unit of an import: a user's fields.
pub(crate) type Unit<'a> = &'a [(&'a str, &'a str)];

/// [`station_import_and_claim`] of several imports, each its day (`yyyyMMdd`) and its units, in
/// order: a month of imports (each day's upload, then its download).
pub(crate) fn station_imports_and_claim(
    imports: &[(&str, &[Unit<'_>])],
    claims: &[Vec<String>],
) -> Tl {
    const HM: &str = "HM,1,13,6,9999999,試験訪問看護ステーション,202612,";
    let mut lines: Vec<String> = claims.concat();
    lines.push("GO".to_owned());
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let mut tl = Tl::new();
    for (n, (day, units)) in imports.iter().enumerate() {
        let upload = format!("req/OQSmuhvq01req_{day}{n:04}.xml");
        let download = format!("res/OQSmuhvq02res_{day}{n:04}_001.xml");
        tl = tl
            .content(
                &upload,
                "UTF-8",
                &[("ConsentDateFrom", day), ("ConsentDateTo", day)],
                &[],
            )
            .file(&download, "result-written")
            .content_with_units(&download, &[("SegmentOfResult", "1")], units);
    }
    tl.result("eligible").claim_file_of(HM, Some("6"), &lines)
}
