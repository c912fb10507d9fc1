//! Certificates inside an HTTP body, shown by what identifies them: their SHA-256 digest and
//! subject (docs/reports.md, "Printing"). A certifier checks which certificate was sent, not its
//! 1,500 characters of base64; the screen keeps the base64 (folded with the body), paper prints
//! only the digest and subject.

use base64::Engine;
use sha2::{Digest, Sha256};

use crate::report::text::printable;

/// Base64 shorter than this is left as it is: no certificate is that small.
const SHORTEST: usize = 400;

/// A part of a body: text as recorded, or a certificate in base64 and what identifies it
/// (control characters shown).
enum Part {
    Text(String),
    Certificate(String, String),
}

/// A body's parts (`templates/body.html`).
#[derive(askama::Template)]
#[template(path = "body.html")]
struct Body {
    parts: Vec<Part>,
}

/// A body (already indented for reading) as HTML: every JSON string that is a whole X.509
/// certificate in base64 followed by its digest and subject, the rest escaped as recorded.
pub(super) fn body_html(body: &str) -> String {
    let mut parts = Vec::new();
    let mut rest = body;
    while let Some((before, b64, after)) = next_base64(rest) {
        parts.push(Part::Text(printable(before)));
        parts.push(match identify(b64) {
            Some(id) => Part::Certificate(printable(b64), printable(&id)),
            None => Part::Text(printable(b64)),
        });
        rest = after;
    }
    parts.push(Part::Text(printable(rest)));
    // Rendering into a String cannot fail.
    askama::Template::render(&Body { parts }).expect("rendering into a String")
}

/// The next run of base64 characters at least [`SHORTEST`] long: the text before, the run,
/// the text after.
fn next_base64(text: &str) -> Option<(&str, &str, &str)> {
    let is_b64 = |b: u8| b.is_ascii_alphanumeric() || b"+/=".contains(&b);
    let bytes = text.as_bytes();
    let mut start = 0;
    while start < bytes.len() {
        if !is_b64(bytes[start]) {
            start += 1;
            continue;
        }
        let end = bytes[start..]
            .iter()
            .position(|&b| !is_b64(b))
            .map_or(bytes.len(), |n| start + n);
        if end - start >= SHORTEST {
            // ASCII bounds, so these are char boundaries.
            return Some((&text[..start], &text[start..end], &text[end..]));
        }
        start = end;
    }
    None
}

/// `certificate SHA-256 ab12…ef (subject: CN=…, C=JP)` when `b64` is a whole DER certificate.
fn identify(b64: &str) -> Option<String> {
    let der = base64::engine::general_purpose::STANDARD.decode(b64).ok()?;
    let (rest, cert) = x509_parser::parse_x509_certificate(&der).ok()?;
    if !rest.is_empty() {
        return None;
    }
    Some(format!(
        "certificate SHA-256 {} (subject: {})",
        hex::encode(Sha256::digest(&der)),
        cert.subject()
    ))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn a_certificate_is_named_by_digest_and_subject_and_other_text_stays() {
        // The bundled authentication CA, as the fixtures ship it.
        let der = include_bytes!("../../../../fixtures/pki/ca/auth-ca.der");
        let b64 = base64::engine::general_purpose::STANDARD.encode(der);
        let body = format!(r#"{{"cert": "{b64}", "note": "<a>"}}"#);
        let html = body_html(&body);
        let digest = hex::encode(Sha256::digest(der));
        assert!(
            html.contains(&format!("certificate SHA-256 {digest} (subject: ")),
            "{html}"
        );
        assert!(html.contains(&format!(r#"<span class="cert-b64">{b64}</span>"#)));
        assert!(html.contains("&lt;a&gt;"), "{html}");
        let long = "A".repeat(500);
        assert_eq!(body_html(&long), long);
        assert_eq!(body_html("plain"), "plain");
    }
}
