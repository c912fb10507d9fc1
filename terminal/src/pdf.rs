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
        assert!(pdf.ends_with(b"%%EOF\n"));
        let text = String::from_utf8_lossy(&pdf);
        let start: usize = text
            .rsplit("startxref\n")
            .next()
            .and_then(|t| t.lines().next())
            .and_then(|n| n.parse().ok())
            .expect("startxref");
        assert!(pdf[start..].starts_with(b"xref\n0 "));
        // Offsets are bytes: the binary comment of line 2 is not UTF-8.
        let table = String::from_utf8_lossy(&pdf[start..]).into_owned();
        let count: usize = table.lines().nth(1).unwrap()[2..].parse().unwrap();
        assert_eq!(count, 6 + 2 * 2 + 1, "2 pages");
        for (i, line) in table.lines().skip(3).take(count - 1).enumerate() {
            let off: usize = line[..10].parse().unwrap();
            let head = format!("{} 0 obj\n", i + 1);
            assert!(pdf[off..].starts_with(head.as_bytes()), "object {}", i + 1);
        }
        assert!(text.contains("/Count 2"));
    }

    #[test]
    fn text_is_utf16_hex() {
        assert_eq!(utf16_hex("A試", false), "00418A66");
        assert_eq!(utf16_hex("𠮷", false), "3013");
    }
}
