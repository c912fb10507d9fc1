//! The two file encodings seen in the folder exchange, UTF-8 and Shift_JIS, each with a matching
//! XML declaration, and the `CharacterCodeIdentifier` conventions.
//!
//! Requests arrive as UTF-8 (sanox.org road12) or Shift_JIS (`YUKI-ENT/OQSDrug2`) with
//! `standalone="no"`; results say which they are in `CharacterCodeIdentifier`, whose values the
//! public sources disagree on (OQSCD005: `0`/`1` in `hangilc/myclinic-ts`, `1`/`2` in another
//! public client). `docs/terminal.md`, "Encodings", records both.

use std::borrow::Cow;

use encoding_rs::{DecoderResult, EncoderResult, Encoding, SHIFT_JIS, UTF_8};
use serde::{Deserialize, Serialize};

/// A file encoding the terminal reads and writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileEncoding {
    /// UTF-8.
    Utf8,
    /// Shift_JIS (WHATWG, i.e. Windows-31J).
    ShiftJis,
}

impl FileEncoding {
    /// The name in the XML declaration.
    pub fn label(self) -> &'static str {
        match self {
            FileEncoding::Utf8 => "UTF-8",
            FileEncoding::ShiftJis => "Shift_JIS",
        }
    }

    fn encoding(self) -> &'static Encoding {
        match self {
            FileEncoding::Utf8 => UTF_8,
            FileEncoding::ShiftJis => SHIFT_JIS,
        }
    }

    /// The XML declaration of a result in this encoding.
    pub fn declaration(self) -> String {
        format!(
            r#"<?xml version="1.0" encoding="{}" standalone="no"?>"#,
            self.label()
        )
    }
}

/// Which encoding results are written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum ResultEncoding {
    /// UTF-8, as in the public sample results.
    #[default]
    #[serde(rename = "utf-8")]
    #[value(name = "utf-8")]
    Utf8,
    /// Shift_JIS.
    ShiftJis,
    /// The encoding of the request (UTF-8 for face pushes).
    AsRequest,
}

impl ResultEncoding {
    /// The encoding of a result answering a request in `request` (`None` for a face push).
    pub fn resolve(self, request: Option<FileEncoding>) -> FileEncoding {
        match self {
            ResultEncoding::Utf8 => FileEncoding::Utf8,
            ResultEncoding::ShiftJis => FileEncoding::ShiftJis,
            ResultEncoding::AsRequest => request.unwrap_or(FileEncoding::Utf8),
        }
    }
}

/// What `CharacterCodeIdentifier` says for each encoding.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum CodeConvention {
    /// `0` UTF-8, `1` Shift_JIS (the majority reading of OQSCD005).
    #[default]
    ZeroBased,
    /// `1` UTF-8, `2` Shift_JIS (the other public decoder).
    OneBased,
}

impl CodeConvention {
    /// The `CharacterCodeIdentifier` of a file in `encoding`.
    pub fn identifier(self, encoding: FileEncoding) -> &'static str {
        match (self, encoding) {
            (CodeConvention::ZeroBased, FileEncoding::Utf8) => "0",
            (CodeConvention::ZeroBased, FileEncoding::ShiftJis) => "1",
            (CodeConvention::OneBased, FileEncoding::Utf8) => "1",
            (CodeConvention::OneBased, FileEncoding::ShiftJis) => "2",
        }
    }
}

/// Why a request's bytes could not be turned into text.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The declaration names an encoding the terminal does not read.
    #[error("unsupported encoding {label:?} in the XML declaration")]
    Unsupported {
        /// The label as written.
        label: String,
    },
    /// A byte sequence is invalid in the declared encoding.
    #[error("byte {offset}: invalid {encoding} byte sequence")]
    Malformed {
        /// The encoding.
        encoding: &'static str,
        /// Offset of the first bad byte in the file.
        offset: usize,
    },
}

/// The encoding label in the XML declaration at the start of `bytes`, as written, if any: the
/// one reader of the declaration, for decoding and for the timeline's content event.
pub(crate) fn declared_label(bytes: &[u8]) -> Option<String> {
    if !bytes.starts_with(b"<?xml") {
        return None;
    }
    let end = bytes.windows(2).position(|w| w == b"?>")?;
    let decl = String::from_utf8_lossy(bytes.get(..end)?).into_owned();
    let at = decl.find("encoding")?;
    let rest = decl.get(at + "encoding".len()..)?.trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|q| *q == '"' || *q == '\'')?;
    let value = rest.get(1..)?;
    let close = value.find(quote)?;
    Some(value.get(..close)?.to_owned())
}

/// The encoding a declaration label names: the WHATWG labels, plus the Windows code-page
/// names of Shift_JIS that WHATWG leaves out (`CP932`, `Windows-932`, `x-ms-cp932`,
/// `IBM-943`), which `docs/terminal.md` promises and Windows clients write.
fn for_label(label: &str) -> Option<&'static Encoding> {
    let label = label.trim();
    let windows = ["cp932", "windows-932", "x-ms-cp932", "ibm-943", "ibm943"];
    if windows.iter().any(|w| label.eq_ignore_ascii_case(w)) {
        return Some(SHIFT_JIS);
    }
    Encoding::for_label(label.as_bytes())
}

/// Decodes a request: a UTF-8 BOM, else the declaration's encoding, else UTF-8.
///
/// # Errors
///
/// [`DecodeError`] for an encoding other than UTF-8 / Shift_JIS, or bytes invalid in it.
pub fn decode(bytes: &[u8]) -> Result<(String, FileEncoding), DecodeError> {
    decode_declared(bytes).map(|d| (d.text, d.encoding))
}

/// A request's text, decoded once (`decode_declared`).
#[derive(Debug)]
pub(crate) struct Decoded {
    pub(crate) text: String,
    pub(crate) encoding: FileEncoding,
    /// The encoding label of the XML declaration, as written (`None` after a UTF-8 BOM, which
    /// decides the encoding before any declaration).
    pub(crate) declared: Option<String>,
}

/// [`decode`], also giving the declaration's label as written (the timeline's content event
/// records it).
pub(crate) fn decode_declared(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let (encoding, body, skipped, declared) =
        if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
            (FileEncoding::Utf8, rest, 3, None)
        } else {
            let declared = declared_label(bytes);
            let encoding = match &declared {
                None => FileEncoding::Utf8,
                Some(label) => match for_label(label) {
                    Some(e) if e == UTF_8 => FileEncoding::Utf8,
                    Some(e) if e == SHIFT_JIS => FileEncoding::ShiftJis,
                    _ => {
                        return Err(DecodeError::Unsupported {
                            label: label.clone(),
                        })
                    }
                },
            };
            (encoding, bytes, 0, declared)
        };
    let mut decoder = encoding.encoding().new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(body.len())
        .unwrap_or(body.len() * 3 + 16);
    let mut text = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(body, &mut text, true);
    match result {
        DecoderResult::InputEmpty => Ok(Decoded {
            text,
            encoding,
            declared,
        }),
        DecoderResult::Malformed(bad, after) => Err(DecodeError::Malformed {
            encoding: encoding.label(),
            offset: skipped + read - usize::from(bad) - usize::from(after),
        }),
        DecoderResult::OutputFull => Err(DecodeError::Malformed {
            encoding: encoding.label(),
            offset: skipped + read,
        }),
    }
}

/// Encodes a whole document (declaration included) into `encoding`. Characters Shift_JIS cannot
/// hold become XML character references (`&#134071;`), so the file stays well-formed.
pub fn encode(text: &str, encoding: FileEncoding) -> Vec<u8> {
    match encoding {
        FileEncoding::Utf8 => text.as_bytes().to_vec(),
        FileEncoding::ShiftJis => SHIFT_JIS.encode(text).0.into_owned(),
    }
}

/// `text` as a reader gets it back from a file written in `encoding` ([`encode`], then decoded
/// and its character references resolved): the same, except the few characters WHATWG
/// Shift_JIS writes as other ones (`¥` as `\`, `‾` as `~`, `−` as `－`). The timeline's content
/// event of a result says what the file says, and is taken from the tree it was written from.
pub(crate) fn read_back(text: &str, encoding: FileEncoding) -> Cow<'_, str> {
    if encoding == FileEncoding::Utf8 || text.is_ascii() {
        return Cow::Borrowed(text);
    }
    let mut encoder = SHIFT_JIS.new_encoder();
    let mut out = String::with_capacity(text.len());
    let mut bytes = Vec::new();
    let mut rest = text;
    loop {
        bytes.reserve(
            encoder
                .max_buffer_length_from_utf8_without_replacement(rest.len())
                .unwrap_or(rest.len() * 2 + 16),
        );
        let (result, read) =
            encoder.encode_from_utf8_to_vec_without_replacement(rest, &mut bytes, true);
        rest = rest.get(read..).unwrap_or_default();
        out.push_str(&SHIFT_JIS.decode_without_bom_handling(&bytes).0);
        bytes.clear();
        match result {
            EncoderResult::InputEmpty => break,
            // Written as a character reference, which the parser resolves back.
            EncoderResult::Unmappable(c) => out.push(c),
            EncoderResult::OutputFull => {}
        }
    }
    if out == text {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shift_jis_round_trips_with_its_declaration() {
        let doc = format!(
            "{}\n<XmlMsg><Name>試験　太郎</Name></XmlMsg>\n",
            FileEncoding::ShiftJis.declaration()
        );
        let bytes = encode(&doc, FileEncoding::ShiftJis);
        assert_ne!(bytes, doc.as_bytes());
        let (back, enc) = decode(&bytes).unwrap();
        assert_eq!(enc, FileEncoding::ShiftJis);
        assert_eq!(back, doc);
    }

    #[test]
    fn labels_bom_and_errors() {
        assert_eq!(decode(b"<a/>").unwrap().1, FileEncoding::Utf8);
        assert_eq!(
            decode(b"<?xml version='1.0' encoding='windows-31j'?><a/>")
                .unwrap()
                .1,
            FileEncoding::ShiftJis
        );
        assert_eq!(decode(b"\xEF\xBB\xBF<a/>").unwrap().0, "<a/>");
        for label in ["CP932", "cp932", "Windows-31J", "MS932", "x-sjis"] {
            let doc = format!("<?xml version=\"1.0\" encoding=\"{label}\"?><a/>");
            assert_eq!(
                decode(doc.as_bytes()).unwrap().1,
                FileEncoding::ShiftJis,
                "{label}"
            );
        }
        assert!(matches!(
            decode(b"<?xml version=\"1.0\" encoding=\"EUC-JP\"?><a/>"),
            Err(DecodeError::Unsupported { .. })
        ));
        assert_eq!(
            decode(b"<a>\xFF</a>"),
            Err(DecodeError::Malformed {
                encoding: "UTF-8",
                offset: 3
            })
        );
        let sjis_in_utf8 = encode("<a>試験</a>", FileEncoding::ShiftJis);
        assert!(matches!(
            decode(&sjis_in_utf8),
            Err(DecodeError::Malformed { offset: 3, .. })
        ));
    }

    #[test]
    fn unmappable_characters_become_references() {
        let bytes = encode("<a>𠮷</a>", FileEncoding::ShiftJis);
        assert_eq!(bytes, b"<a>&#134071;</a>");
    }

    #[test]
    fn read_back_is_what_a_reader_of_the_file_gets() {
        for text in ["試験　太郎", "abc", "𠮷田", "¥100 ‾ 1−2", "～〜"] {
            for enc in [FileEncoding::Utf8, FileEncoding::ShiftJis] {
                let doc = format!("{}<a>{text}</a>", enc.declaration());
                let bytes = encode(&doc, enc);
                let (decoded, _) = decode(&bytes).unwrap();
                let parsed = mynakit_oqs::tree::parse(&decoded).unwrap();
                assert_eq!(parsed.text, read_back(text, enc), "{text:?} in {enc:?}");
            }
        }
        assert_eq!(
            read_back("¥100", FileEncoding::ShiftJis),
            Cow::<str>::Owned("\\100".to_owned())
        );
        assert!(matches!(
            read_back("試験", FileEncoding::ShiftJis),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn conventions() {
        assert_eq!(
            CodeConvention::ZeroBased.identifier(FileEncoding::Utf8),
            "0"
        );
        assert_eq!(
            CodeConvention::OneBased.identifier(FileEncoding::ShiftJis),
            "2"
        );
    }
}
