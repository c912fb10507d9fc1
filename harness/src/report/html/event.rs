//! One timeline event as a line of the HTML report: APDUs named from their decoded command, with
//! spaced hex and the status word's meaning; HTTP exchanges with folded bodies; protocol lines,
//! file events and notes (docs/reports.md, "The HTML report").

use std::fmt;

use mynakit_apdu::{Application, BinaryRef, Instruction, SelectBy, Sw};
use mynakit_conformance::{Apdu, Step};
use mynakit_timeline::{Event, EventKind, Source};

use super::certificate::body_html;
use super::claim_line::line_anchor;
use super::ms3;
use crate::report::lang::msg::timeline as words;
use crate::report::lang::notes;
use crate::report::lang::Lang;
use crate::report::text::printable;

pub(super) fn event_kind(kind: &EventKind) -> &'static str {
    match kind {
        EventKind::Apdu { .. } => "apdu",
        EventKind::Reader { .. } => "reader",
        EventKind::Http { .. } => "http",
        EventKind::File { .. } => "file",
        EventKind::Message { .. } => "message",
        EventKind::Note { .. } => "note",
        EventKind::Content { .. } => "content",
        EventKind::Kept { .. } => "kept",
        EventKind::Exited { .. } => "exited",
        EventKind::ClaimFile { .. } => "claim-file",
    }
}

/// What an event's row says, by kind (`templates/event.html`).
enum Cells<'a> {
    Apdu {
        name: String,
        /// In Japanese, what the instruction does.
        label: String,
        command: Hex,
        data: Option<Hex>,
        sw: &'a str,
        meaning: Option<String>,
        reader: &'a str,
        duration_us: u64,
    },
    Reader {
        action: &'a str,
        reader: &'a str,
        detail: Option<String>,
    },
    Http {
        method: &'a str,
        path: String,
        class: &'static str,
        status: u16,
        ms: String,
        /// Each body: its line and its HTML.
        bodies: Vec<(String, String)>,
    },
    File {
        action: &'a str,
        path: String,
    },
    Message {
        arrow: &'a str,
        line: String,
    },
    Note(String),
    Content {
        path: String,
        encoding: &'a str,
        fields: String,
        substituted: Option<String>,
    },
    /// What the client kept: the files searched, each value found (the words before its path,
    /// the path, the words after), and what it declared it keeps on purpose.
    Kept {
        label: &'a str,
        searched: String,
        found: Vec<(String, String, String)>,
        declared: Option<(&'a str, String)>,
    },
    /// A claim file read (HTML: `templates/claim_file.html`).
    Html(String),
    Exited {
        label: &'a str,
        text: String,
    },
}

/// Hex as spaced bytes: the bytes shown in the line and, when cut, how many there are and all
/// of them (behind a `<details>`).
struct Hex {
    shown: String,
    all: Option<(usize, String)>,
}

/// One timeline row's cells (`templates/event.html`).
#[derive(askama::Template)]
#[template(path = "event.html")]
struct EventCells<'a> {
    ms: String,
    source: &'a str,
    source_word: &'a str,
    cells: Cells<'a>,
}

/// One timeline row: the event as recorded, named from its decoded step. `row` is the row's
/// anchor in the timeline (none in a finding's cited events, which repeat it): a claim file's RE
/// lines get anchors of their own under it, which `UKE-` findings link to.
pub(super) fn write_event(
    out: &mut String,
    event: &Event,
    step: &Step<'_>,
    lang: Lang,
    row: Option<&str>,
) -> fmt::Result {
    let cells = match &event.kind {
        EventKind::Apdu {
            reader,
            command,
            response,
            duration_us,
        } => apdu(step, lang, reader, command, response, *duration_us),
        EventKind::Reader {
            reader,
            action,
            detail,
        } => Cells::Reader {
            action: action.as_str(),
            reader,
            detail: (!detail.is_empty())
                .then(|| printable(&words::reader_detail(lang, action, detail))),
        },
        EventKind::Http {
            method,
            path,
            status,
            duration_us,
            request_body,
            response_body,
            ..
        } => Cells::Http {
            method,
            path: printable(path),
            class: if *status < 400 { "http-ok" } else { "http-err" },
            status: *status,
            ms: ms3(*duration_us),
            bodies: [(true, request_body), (false, response_body)]
                .into_iter()
                .filter_map(|(request, body)| {
                    let body = body.as_ref()?;
                    Some((
                        words::body(lang, request, body.len()),
                        body_html(&pretty_json(body)),
                    ))
                })
                .collect(),
        },
        EventKind::File { path, action } => Cells::File {
            action: action.as_str(),
            path: printable(path),
        },
        EventKind::Message { line } => Cells::Message {
            arrow: match event.source {
                Source::Operator => lang.t(words::TO_CLIENT),
                Source::Client => lang.t(words::FROM_CLIENT),
                _ => "",
            },
            line: printable(line),
        },
        EventKind::Note { text } => Cells::Note(printable(&notes::note(lang, text))),
        EventKind::Content {
            path,
            encoding,
            fields,
            substituted,
            ..
        } => {
            let fields: Vec<String> = fields.iter().map(|(k, v)| format!("{k}={v}")).collect();
            let names: Vec<&str> = substituted.iter().map(|e| e.as_str()).collect();
            Cells::Content {
                path: printable(path),
                encoding,
                fields: printable(&fields.join(" ")),
                substituted: (!names.is_empty()).then(|| names.join(", ")),
            }
        }
        EventKind::Kept {
            folders,
            files,
            found,
            declared,
        } => kept(lang, folders, *files, found, declared),
        EventKind::ClaimFile { path, file } => {
            let mut html = String::new();
            write_claim_file(&mut html, lang, path, file, row)?;
            Cells::Html(html)
        }
        EventKind::Exited { code, signal } => Cells::Exited {
            label: lang.t(words::EXITED),
            text: words::exited(lang, *code, *signal),
        },
    };
    let cells = EventCells {
        ms: ms3(event.t_us),
        source: event.source.name(),
        source_word: words::source(lang, event.source),
        cells,
    };
    super::render(out, &cells)
}

/// An APDU: its name (and in Japanese what the instruction does), the command and response in
/// spaced hex, the status word and its meaning, the reader and how long it took.
fn apdu<'a>(
    step: &Step<'_>,
    lang: Lang,
    reader: &'a str,
    command: &str,
    response: &'a str,
    duration_us: u64,
) -> Cells<'a> {
    let name = match step {
        Step::Apdu(a) => apdu_name(a, lang),
        _ => None,
    }
    .unwrap_or_else(|| "APDU".to_owned());
    // In Japanese, what the instruction does beside its ISO name.
    let label = match (lang, step) {
        (Lang::Ja, Step::Apdu(a)) => crate::report::lang::apdu::instruction_ja(a.instruction)
            .map_or_else(String::new, |ja| format!("（{ja}）")),
        _ => String::new(),
    };
    let (data, sw) = split_sw(response);
    Cells::Apdu {
        name,
        label,
        command: hex(command),
        data: (!data.is_empty()).then(|| hex(data)),
        sw,
        meaning: sw_meaning(sw, lang),
        reader,
        duration_us,
    }
}

/// What the client kept: the files searched, each value found where (the words around its
/// path, and the path), and what it declared it keeps on purpose.
fn kept<'a>(
    lang: Lang,
    folders: &[String],
    files: u64,
    found: &[mynakit_timeline::KeptValue],
    declared: &[String],
) -> Cells<'a> {
    Cells::Kept {
        label: lang.t(words::KEPT),
        searched: words::files_searched(lang, files, &folders.join(", ")),
        found: found
            .iter()
            .map(|v| {
                let (before, after) = words::found_at(lang, &v.value, v.offset, &v.encoding);
                (before, printable(&v.path), after)
            })
            .collect(),
        declared: (!declared.is_empty()).then(|| {
            (
                lang.t(words::KEPT_ON_PURPOSE),
                printable(&declared.join(", ")),
            )
        }),
    }
}

/// A claim's RE record as its line shows it.
struct ClaimLine<'a> {
    /// Its anchor under the row, when the row has one.
    anchor: Option<String>,
    number: String,
    on_line: String,
    kind: &'a str,
    month: &'a str,
    /// The insurer of its HO record (control characters shown).
    insurer: Option<String>,
    /// The codes of its SI records (control characters shown).
    procedures: Option<String>,
}

/// A claim file read (`templates/claim_file.html`).
#[derive(askama::Template)]
#[template(path = "claim_file.html")]
struct ClaimFileCells<'a> {
    label: &'a str,
    path: String,
    count: String,
    omitted: Option<String>,
    claims: Vec<ClaimLine<'a>>,
    error: Option<String>,
}

/// A claim file read: how many claims, each RE record on its line with its kind, month,
/// insurer and procedures (anchored under `row`, when given), and why the rest could not be read.
fn write_claim_file(
    out: &mut String,
    lang: Lang,
    path: &str,
    file: &mynakit_timeline::ClaimFile,
    row: Option<&str>,
) -> fmt::Result {
    let claims = file
        .claims
        .iter()
        .map(|claim| {
            let codes: Vec<&str> = claim.procedures.iter().map(|c| c.code.as_str()).collect();
            ClaimLine {
                anchor: row.map(|row| line_anchor(row, claim.file.as_deref(), claim.line)),
                number: claim.number.to_string(),
                on_line: words::on_line(lang, claim.line),
                kind: &claim.kind,
                month: &claim.month,
                insurer: claim.insurer.as_ref().map(|ho| printable(&ho.insurer)),
                procedures: (!codes.is_empty()).then(|| printable(&codes.join(" "))),
            }
        })
        .collect();
    let cells = ClaimFileCells {
        label: lang.t(words::CLAIM_FILE),
        path: printable(path),
        count: words::claims(lang, file.count()),
        omitted: (file.omitted > 0).then(|| words::claims_omitted(lang, file.omitted)),
        claims,
        error: file
            .error
            .as_ref()
            .map(|error| words::claim_file_error(lang, file.missing, error).into_owned()),
    };
    super::render(out, &cells)
}

/// A JSON body indented for reading; anything else (XML, text) as it is.
fn pretty_json(body: &str) -> String {
    let trimmed = body.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        if let Ok(value) = serde_json::from_str::<serde_json::Value>(body) {
            if let Ok(text) = serde_json::to_string_pretty(&value) {
                return text;
            }
        }
    }
    body.to_owned()
}

/// Hex above this many characters is cut in the line, the whole in a `<details>`.
const HEX_SHOWN: usize = 96;

/// Hex as spaced bytes; long hex shortened, with the whole behind a `<details>`.
fn hex(hex: &str) -> Hex {
    let spaced = |hex: &str| {
        hex.as_bytes()
            .chunks(2)
            .map(|pair| String::from_utf8_lossy(pair).into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    };
    if hex.len() <= HEX_SHOWN {
        return Hex {
            shown: spaced(hex),
            all: None,
        };
    }
    let cut = hex.get(..HEX_SHOWN).unwrap_or(hex);
    Hex {
        shown: spaced(cut),
        all: Some((hex.len() / 2, spaced(hex))),
    }
}

/// The response data and its status word (the last two bytes).
fn split_sw(response: &str) -> (&str, &str) {
    match response.len().checked_sub(4) {
        Some(at) if response.is_char_boundary(at) => response.split_at(at),
        _ => ("", response),
    }
}

/// A short name for a command, where easy: `SELECT JPKI AP`, `SELECT EF 0018`, `READ BINARY`,
/// `VERIFY`, `VERIFY (empty: tries)`, `SIGN (80 2A)`, `GET CHALLENGE`, …. The command is the one
/// the conformance [`Run`] decoded; instruction and application names are `mynakit-apdu`'s.
/// In Japanese the words around them are (`READ BINARY (オフセット 4)`, `VERIFY (データなし:
/// 残り回数)`); the names stay.
fn apdu_name(a: &Apdu<'_>, lang: Lang) -> Option<String> {
    Some(match a.instruction {
        Instruction::Select => {
            // Data is named only when the lengths are right: a cut APDU names nothing.
            let data = if a.well_formed {
                a.data.as_slice()
            } else {
                &[]
            };
            match (SelectBy::from_p1(a.p1), data) {
                (SelectBy::DfName, []) => "SELECT DF".to_owned(),
                (SelectBy::DfName, aid) => match Application::by_aid(aid) {
                    Some(app) => format!("SELECT {}", app.title()),
                    None => format!("SELECT DF {}", hex::encode_upper(aid)),
                },
                (_, [hi, lo]) => format!("SELECT EF {:04X}", u16::from_be_bytes([*hi, *lo])),
                _ => "SELECT".to_owned(),
            }
        }
        Instruction::ReadBinary => match BinaryRef::from_p1p2(a.p1, a.p2) {
            BinaryRef::Short { sfi, .. } => format!("READ BINARY (SFI {sfi})"),
            BinaryRef::Current { offset: 0 } => "READ BINARY".to_owned(),
            BinaryRef::Current { offset } => match lang {
                Lang::En => format!("READ BINARY at {offset}"),
                Lang::Ja => format!("READ BINARY (オフセット {offset})"),
            },
        },
        Instruction::Verify if a.data.is_empty() => match lang {
            Lang::En => "VERIFY (empty: tries)".to_owned(),
            Lang::Ja => "VERIFY (データなし: 残り回数)".to_owned(),
        },
        other => other.name()?.to_owned(),
    })
}

/// What a status word (as hex) means, where it is common: `mynakit-apdu`'s one table, and its
/// Japanese labels under `--lang ja` (`lang::apdu::sw_meaning_ja`).
fn sw_meaning(sw: &str, lang: Lang) -> Option<String> {
    if sw.len() != 4 {
        return None;
    }
    let sw = Sw::from(u16::from_str_radix(sw, 16).ok()?);
    match lang {
        Lang::Ja => crate::report::lang::apdu::sw_meaning_ja(sw),
        Lang::En => sw.meaning(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use mynakit_conformance::Run;

    use super::*;
    use mynakit_timeline::Event;

    /// The name the page gives one command, decoded as the report decodes it.
    fn name(command: &str) -> Option<String> {
        name_in(command, Lang::En)
    }

    fn name_in(command: &str, lang: Lang) -> Option<String> {
        let events = [Event {
            v: 1,
            t_us: 0,
            run: None,
            source: Source::Card,
            kind: EventKind::Apdu {
                reader: "r".into(),
                command: command.into(),
                response: "9000".into(),
                duration_us: 0,
            },
        }];
        match &Run::new(&events).steps[0] {
            Step::Apdu(a) => apdu_name(a, lang),
            _ => None,
        }
    }

    #[test]
    fn apdu_names_and_status_words() {
        assert_eq!(name("00B0000000").as_deref(), Some("READ BINARY"));
        assert_eq!(name("00B0010000").as_deref(), Some("READ BINARY at 256"));
        assert_eq!(name("00A4040C0A01020304").as_deref(), Some("SELECT DF"));
        assert_eq!(
            name("00A4040C03A00000").as_deref(),
            Some("SELECT DF A00000")
        );
        assert_eq!(name("00A4020C020018").as_deref(), Some("SELECT EF 0018"));
        let kenhojo = format!(
            "00A4040C0A{}",
            hex::encode_upper(Application::Kenhojo.aid())
        );
        assert_eq!(name(&kenhojo).as_deref(), Some("SELECT 券面事項入力補助AP"));
        assert_eq!(name("802A00800200FF00").as_deref(), Some("SIGN (80 2A)"));
        assert_eq!(name("00200080").as_deref(), Some("VERIFY (empty: tries)"));
        assert_eq!(
            name_in("00200080", Lang::Ja).as_deref(),
            Some("VERIFY (データなし: 残り回数)")
        );
        assert_eq!(
            name_in("00B0010000", Lang::Ja).as_deref(),
            Some("READ BINARY (オフセット 256)")
        );
        assert_eq!(sw_meaning("63C2", Lang::Ja).as_deref(), Some("残り 2 回"));
        assert_eq!(name("00FF0000"), None);
        assert_eq!(name("00"), None);
        assert_eq!(name("zz**"), None);
        assert_eq!(sw_meaning("63c1", Lang::En).as_deref(), Some("1 try left"));
        assert_eq!(
            sw_meaning("6A82", Lang::En).as_deref(),
            Some("file not found")
        );
        assert_eq!(sw_meaning("6F00", Lang::En), None);
        assert_eq!(split_sw("9000"), ("", "9000"));
        assert_eq!(split_sw("90"), ("", "90"));
        assert_eq!(split_sw("AB9000"), ("AB", "9000"));
        assert_eq!(super::super::fragment("pin-lockout"), "pin-lockout");
        assert_eq!(super::super::fragment("a b/ü"), "a%20b%2F%C3%BC");
    }
}
