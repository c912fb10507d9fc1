//! The レセコン's evidence in a report: each request the terminal read and each result and face
//! file it wrote, as text (`docs/reports.md`, "Terminal files"). Files are decoded as the
//! terminal decodes them (UTF-8 or Shift_JIS by the XML declaration; a ZIP archive's XML
//! entry), and scrubbed of the run's secrets like the rest of the report.

use mynakit_terminal::exchanges::ExchangedFile;
use serde::{Deserialize, Serialize};

/// One file of the folder exchange.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TerminalFile {
    /// The path relative to the terminal root, as in the timeline (`req/…`, `res/…`, `face/…`).
    pub path: String,
    /// How the bytes were read: `UTF-8`, `Shift_JIS`, `zip:<entry> UTF-8`, … or `bytes (hex)`
    /// when they are not text the terminal reads.
    pub encoding: String,
    /// The content as text (the XML), or the bytes as hex.
    pub text: String,
    /// The file's size in bytes.
    pub size: usize,
    /// Only the first 256 KiB were kept.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub truncated: bool,
}

impl TerminalFile {
    /// A kept file as text.
    pub fn from_exchanged(file: &ExchangedFile) -> TerminalFile {
        let (encoding, text) = decode(&file.path, &file.bytes, file.truncated());
        TerminalFile {
            path: file.path.clone(),
            encoding,
            text,
            size: file.size,
            truncated: file.truncated(),
        }
    }
}

fn decode(path: &str, bytes: &[u8], truncated: bool) -> (String, String) {
    use mynakit_terminal::encoding::{decode, FileEncoding};
    let label = |e: FileEncoding| match e {
        FileEncoding::Utf8 => "UTF-8",
        FileEncoding::ShiftJis => "Shift_JIS",
    };
    if bytes.starts_with(b"PK\x03\x04") && !truncated {
        let stem = path.rsplit('/').next().unwrap_or(path);
        if let Ok((entry, xml)) = mynakit_terminal::archive::unwrap(bytes, stem) {
            if let Ok((text, e)) = decode(&xml) {
                return (format!("zip:{entry} {}", label(e)), text);
            }
        }
    }
    match decode(bytes) {
        Ok((text, e)) => (label(e).to_owned(), text),
        // A cut file may end inside a character: show what decodes.
        Err(_) if truncated => (
            "UTF-8 (cut)".to_owned(),
            String::from_utf8_lossy(bytes).into_owned(),
        ),
        Err(_) => ("bytes (hex)".to_owned(), hex::encode(bytes)),
    }
}
