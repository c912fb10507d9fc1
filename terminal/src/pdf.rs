//! A minimal PDF 1.4 writer for the 薬剤情報 / 特定健診情報 results (`YZKsiquc01`, `TKKsiquc01`
//! with a PDF `FileCategory`): one A4 page per 40 lines of text, nothing else.
//!
//! Why hand-written: the terminal needs a handful of text lines on a page, in Japanese. The
//! predefined CJK font `HeiseiKakuGo-W5` with the `UniJIS-UCS2-H` CMap (ISO 32000-1 §9.7.5.2,
//! Table 118; Adobe-Japan1) needs no embedded font, so a valid file is ~60 lines of code, where
//! a PDF crate would add a font-embedding dependency tree for the same page. Text is written
//! as UTF-16BE hex strings, with a `ToUnicode` CMap so text extraction (what
//! `Sotatek-ChinhVu/smart-test` does with these files) gives the characters back. Characters
//! outside the BMP are replaced by `〓` (UCS-2 has no surrogate pairs).

use std::fmt::Write as _;

/// Lines per page.
const LINES_PER_PAGE: usize = 40;

/// The PDF holding `lines` (a title first, then text), `title` also in the document info.
pub fn document(title: &str, lines: &[String]) -> Vec<u8> {
    let pages: Vec<&[String]> = if lines.is_empty() {
        vec![&[][..]]
    } else {
        lines.chunks(LINES_PER_PAGE).collect()
    };
    // Objects: 1 catalog, 2 pages, 3 font, 4 CID font, 5 ToUnicode, 6 info, then per page
    // (page, contents).
    let mut objects: Vec<Vec<u8>> = Vec::new();
    let first_page = 7;
    let kids: Vec<String> = (0..pages.len())
        .map(|i| format!("{} 0 R", first_page + 2 * i))
        .collect();
    objects.push(b"<< /Type /Catalog /Pages 2 0 R >>".to_vec());
    objects.push(
        format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kids.join(" "),
            pages.len()
        )
        .into_bytes(),
    );
    objects.push(
        b"<< /Type /Font /Subtype /Type0 /BaseFont /HeiseiKakuGo-W5 /Encoding /UniJIS-UCS2-H \
/DescendantFonts [4 0 R] /ToUnicode 5 0 R >>"
            .to_vec(),
    );
    objects.push(
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /HeiseiKakuGo-W5 \
/CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 2 >> \
/FontDescriptor << /Type /FontDescriptor /FontName /HeiseiKakuGo-W5 /Flags 4 \
/FontBBox [-92 -250 1010 922] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 737 \
/StemV 114 >> /DW 1000 >>"
            .to_vec(),
    );
    objects.push(stream(TO_UNICODE.as_bytes()));
    objects.push(
        format!(
            "<< /Title <{}> /Producer (mynakit) >>",
            utf16_hex(title, true)
        )
        .into_bytes(),
    );
    for chunk in &pages {
        // This page is object `objects.len() + 1`, its contents the next one.
        let contents = objects.len() + 2;
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
/Resources << /Font << /F1 3 0 R >> >> /Contents {contents} 0 R >>"
            )
            .into_bytes(),
        );
        objects.push(stream(page_text(chunk).as_bytes()));
    }
    let mut out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for off in offsets {
        let _ = writeln!(table, "{off:010} 00000 n ");
    }
    let _ = write!(
        table,
        "trailer\n<< /Size {} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    );
    out.extend_from_slice(table.as_bytes());
    out
}

/// Checks a PDF's structure the way a reader starts: the `%PDF-` header, `startxref` pointing
/// at the cross-reference table, every in-use entry at its `N 0 obj`, a trailer with `/Root`,
/// and `%%EOF`. Returns the number of objects. For tests and for clients that want to know a
/// result is whole before they move it.
///
/// # Errors
///
/// [`PdfError`]: what is wrong, with the byte offset where it applies.
pub fn verify(pdf: &[u8]) -> Result<usize, PdfError> {
    if !pdf.starts_with(b"%PDF-") {
        return Err(PdfError::NoHeader);
    }
    let tail = pdf.len().saturating_sub(64);
    let end = String::from_utf8_lossy(&pdf[tail..]);
    if !end.trim_end().ends_with("%%EOF") {
        return Err(PdfError::NoEof { len: pdf.len() });
    }
    let start: usize = end
        .rsplit("startxref")
        .next()
        .and_then(|t| t.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .ok_or(PdfError::NoStartxref { near: tail })?;
    // Offsets are bytes: line 2 is a binary comment, so the table is read from its own bytes.
    let table = String::from_utf8_lossy(
        pdf.get(start..)
            .ok_or(PdfError::StartxrefPastEnd { start })?,
    )
    .into_owned();
    let mut lines = table.lines();
    if lines.next() != Some("xref") {
        return Err(PdfError::NoXrefTable { start });
    }
    let count: usize = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .ok_or(PdfError::BadSubsection { start })?;
    for (n, line) in lines.by_ref().take(count).enumerate() {
        if !line.ends_with("n ") && !line.ends_with('n') {
            continue;
        }
        let off: usize =
            line.get(..10)
                .and_then(|o| o.parse().ok())
                .ok_or_else(|| PdfError::BadEntry {
                    entry: n,
                    line: line.to_owned(),
                })?;
        if !pdf
            .get(off..)
            .is_some_and(|o| o.starts_with(format!("{n} 0 obj").as_bytes()))
        {
            return Err(PdfError::Misplaced {
                entry: n,
                offset: off,
            });
        }
    }
    if !table.contains("trailer") || !table.contains("/Root ") {
        return Err(PdfError::NoTrailer { start });
    }
    Ok(count)
}

/// Why [`verify`] finds a PDF not whole, with the byte offset where it applies.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PdfError {
    /// The file does not start with `%PDF-`.
    #[error("no %PDF- header at byte 0")]
    NoHeader,
    /// The last 64 bytes hold no `%%EOF`.
    #[error("no %%EOF at the end (byte {len})")]
    NoEof {
        /// The file's length.
        len: usize,
    },
    /// No `startxref` with an offset in the last 64 bytes.
    #[error("no startxref offset near byte {near}")]
    NoStartxref {
        /// Where the last 64 bytes begin.
        near: usize,
    },
    /// `startxref` names an offset past the end of the file.
    #[error("startxref past the end")]
    StartxrefPastEnd {
        /// The offset `startxref` gives.
        start: usize,
    },
    /// No `xref` where `startxref` points.
    #[error("startxref {start} does not point at an xref table")]
    NoXrefTable {
        /// The offset `startxref` gives.
        start: usize,
    },
    /// The table's subsection header (`0 N`) cannot be read.
    #[error("bad xref subsection header at byte {start}")]
    BadSubsection {
        /// The table's offset.
        start: usize,
    },
    /// An in-use entry without a 10-digit offset.
    #[error("bad xref entry {entry}: {line:?}")]
    BadEntry {
        /// The entry's object number.
        entry: usize,
        /// The entry's line.
        line: String,
    },
    /// An entry's offset is not where its object begins.
    #[error("xref entry {entry} points at byte {offset}, not at object {entry}")]
    Misplaced {
        /// The entry's object number.
        entry: usize,
        /// The offset it gives.
        offset: usize,
    },
    /// No trailer naming `/Root` after the table.
    #[error("no trailer with /Root after byte {start}")]
    NoTrailer {
        /// The table's offset.
        start: usize,
    },
}

/// One page's content stream: the lines top-down, 10.5 pt, 18 pt apart.
fn page_text(lines: &[String]) -> String {
    let mut s = String::from("BT\n/F1 10.5 Tf\n18 TL\n50 790 Td\n");
    for line in lines {
        let _ = writeln!(s, "<{}> Tj T*", utf16_hex(line, false));
    }
    s.push_str("ET\n");
    s
}

/// `text` as UTF-16BE hex (with a byte-order mark for text strings such as `/Title`).
fn utf16_hex(text: &str, bom: bool) -> String {
    let mut s = String::from(if bom { "FEFF" } else { "" });
    for c in text.chars() {
        let unit = u16::try_from(u32::from(c)).unwrap_or(0x3013);
        let _ = write!(s, "{unit:04X}");
    }
    s
}

fn stream(data: &[u8]) -> Vec<u8> {
    let mut v = format!("<< /Length {} >>\nstream\n", data.len()).into_bytes();
    v.extend_from_slice(data);
    v.extend_from_slice(b"\nendstream");
    v
}

/// Identity ToUnicode CMap: each 2-byte code is its own UTF-16 code unit (which it is, under
/// `UniJIS-UCS2-H`).
const TO_UNICODE: &str = "/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
1 beginbfrange
<0000> <FFFF> <0000>
endbfrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end";

#[cfg(test)]
mod tests {
    use super::*;

    /// The cross-reference table points at each object, and `startxref` at the table.
    #[test]
    fn xref_offsets_point_at_their_objects() {
        let lines: Vec<String> = (0..45).map(|i| format!("行 {i} 試験薬Ａ錠")).collect();
        let pdf = document("薬剤情報", &lines);
        assert!(pdf.starts_with(b"%PDF-1.4\n"));
        assert_eq!(verify(&pdf), Ok(6 + 2 * 2 + 1), "2 pages");
        assert!(String::from_utf8_lossy(&pdf).contains("/Count 2"));
    }

    #[test]
    fn verify_finds_a_broken_offset_and_a_cut_file() {
        let pdf = document("x", &["a".to_owned()]);
        // Object 1 starts at byte 15 (after the header and the binary comment); say 16.
        let at = pdf
            .windows(18)
            .rposition(|w| w == b"0000000015 00000 n")
            .unwrap();
        let mut moved = pdf.clone();
        moved[at + 9] = b'6';
        assert_eq!(
            verify(&moved).unwrap_err().to_string(),
            "xref entry 1 points at byte 16, not at object 1"
        );
        let mut shifted = pdf.clone();
        shifted.insert(9, b' ');
        assert!(matches!(
            verify(&shifted),
            Err(PdfError::NoXrefTable { .. })
        ));
        assert_eq!(
            verify(&pdf[..pdf.len() - 10]).unwrap_err().to_string(),
            format!("no %%EOF at the end (byte {})", pdf.len() - 10)
        );
        assert!(verify(b"hello").is_err());
    }

    #[test]
    fn text_is_utf16_hex() {
        assert_eq!(utf16_hex("A試", false), "00418A66");
        assert_eq!(utf16_hex("𠮷", false), "3013");
    }
}
