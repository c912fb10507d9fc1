//! Request file names: which message a file is, and the name of its answer.
//!
//! A request is `<prefix>req<suffix>` (`OQSsiquc01req_202611010001.xml`); the answer has the same
//! name with `req` replaced by `res` (`YUKI-ENT/OQSDrug2` `FindExpectedResultFile`). The suffix is
//! not validated, as the real terminal does not appear to (clients use 12 characters,
//! `yyyyMMdd` + 4 digits, or 13 digits). Files whose names mark them as still being written
//! (`.tmp`, `.part`, `~`, leading `.`) are not requests yet.

// The message kinds are OQS vocabulary: the terminal answers them, the checks judge them.
use mynakit_oqs::{MessageKind, RequestNames};

/// What a file name in `req` says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RequestName {
    /// A request this terminal knows.
    Known {
        /// Which message.
        kind: MessageKind,
        /// The answer's file name.
        result: String,
    },
    /// A `…req…` name with a prefix the terminal does not know; answered with an error.
    UnknownPrefix {
        /// The part before `req`.
        prefix: String,
        /// The answer's file name.
        result: String,
    },
    /// No `req` in the name at all; answered with an error under a made-up name.
    NotARequestName {
        /// The answer's file name (`<name>.res.xml`).
        result: String,
    },
}

/// Whether `name` is a `.xml` file (any case).
pub fn is_xml(name: &str) -> bool {
    name.to_ascii_lowercase().ends_with(".xml")
}

/// Whether `name` is a `.zip` file (any case).
pub fn is_zip(name: &str) -> bool {
    name.to_ascii_lowercase().ends_with(".zip")
}

/// `name` with its `.xml` (or other) extension replaced by `.zip`; unchanged if already `.zip`.
pub fn zip_name(name: &str) -> String {
    swap_extension(name, is_zip(name), "zip")
}

/// `name` with its `.xml` or `.zip` extension replaced by `.pdf` (a 薬剤情報 / 特定健診情報
/// result asked for as PDF: `YZKsiquc01res_1.pdf`).
pub fn pdf_name(name: &str) -> String {
    swap_extension(name, name.to_ascii_lowercase().ends_with(".pdf"), "pdf")
}

/// `name` with its `.zip` (or other) extension replaced by `.xml`; unchanged if already `.xml`.
pub fn xml_name(name: &str) -> String {
    swap_extension(name, is_xml(name), "xml")
}

fn swap_extension(name: &str, already: bool, ext: &str) -> String {
    if already {
        return name.to_owned();
    }
    match name.rsplit_once('.') {
        Some((stem, old)) if old.eq_ignore_ascii_case("xml") || old.eq_ignore_ascii_case("zip") => {
            format!("{stem}.{ext}")
        }
        _ => format!("{name}.{ext}"),
    }
}

/// The answer's name: the first `req` replaced by `res` (`mynakit_oqs::file_names`).
pub fn mirror(name: &str) -> Option<String> {
    mynakit_oqs::file_names::mirror(name)
}

/// Classifies a request file name by the prefixes of `names` (the terminal's setting).
pub fn classify(name: &str, names: &RequestNames) -> RequestName {
    let Some(result) = mirror(name) else {
        return RequestName::NotARequestName {
            result: format!("{name}.res.xml"),
        };
    };
    let prefix = name.find("req").map_or("", |at| &name[..at]);
    match names.kind(prefix) {
        Some(kind) => RequestName::Known { kind, result },
        None => RequestName::UnknownPrefix {
            prefix: prefix.to_owned(),
            result,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mirrors_and_classifies() {
        assert_eq!(
            classify("OQSsiquc01req_202611010001.xml", &RequestNames::default()),
            RequestName::Known {
                kind: MessageKind::SingleCheck,
                result: "OQSsiquc01res_202611010001.xml".into()
            }
        );
        assert_eq!(
            classify("OQSmuquc02req_x.xml", &RequestNames::default()),
            RequestName::Known {
                kind: MessageKind::BulkDownload,
                result: "OQSmuquc02res_x.xml".into()
            }
        );
        assert_eq!(
            classify("OQSzzzz01req_1.xml", &RequestNames::default()),
            RequestName::UnknownPrefix {
                prefix: "OQSzzzz01".into(),
                result: "OQSzzzz01res_1.xml".into()
            }
        );
        assert_eq!(
            classify("hello.xml", &RequestNames::default()),
            RequestName::NotARequestName {
                result: "hello.xml.res.xml".into()
            }
        );
    }

    #[test]
    fn zip_and_xml_names() {
        assert_eq!(zip_name("OQSmuquc02res_1.xml"), "OQSmuquc02res_1.zip");
        assert_eq!(zip_name("OQSmuquc02res_1.ZIP"), "OQSmuquc02res_1.ZIP");
        assert_eq!(zip_name("notes.txt.res"), "notes.txt.res.zip");
        assert_eq!(xml_name("OQSsiquc01req_1.zip"), "OQSsiquc01req_1.xml");
        assert!(is_zip("a.Zip") && is_xml("a.XML") && !is_xml("a.zip"));
        assert_eq!(pdf_name("YZKsiquc01res_1.xml"), "YZKsiquc01res_1.pdf");
        assert_eq!(pdf_name("TKKsiquc01res_1.zip"), "TKKsiquc01res_1.pdf");
    }
}
