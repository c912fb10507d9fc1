//! The card-face images of the 券面事項確認AP: rendered text as PNG, the photo as JPEG 2000.
//!
//! Digits are drawn in 6×12 cells with a 5×7 font, which gives the sizes myna-card measured on a
//! card: 72×12 for the 個人番号 (EF `0005` `DF41`) and 24×12 for the security code (`DF2A`).
//! Other characters of 氏名 and 住所 become deterministic stroke patterns in 12×12 cells — a
//! stand-in, since nothing here carries a kanji font. The photo is a fixed synthetic silhouette,
//! `photo.jp2` (recipe in `docs/card-records.md`, "Images").

use super::png::Bitmap;

/// The synthetic face photo (48×60, 8-bit grey, JP2 container), the same for every persona.
pub(crate) const PHOTO_JP2: &[u8] = include_bytes!("photo.jp2");

/// Width of a half-width cell (digits of the 個人番号 and security code).
const DIGIT_CELL: u32 = 6;
/// Width and height of a full-width cell; also the line height.
const CELL: u32 = 12;
/// Full-width cells per line of the address image.
const ADDRESS_LINE_CHARS: usize = 32;
/// Most lines drawn for the address (a longer address is cut; the text record keeps it whole).
const ADDRESS_MAX_LINES: usize = 4;
/// Most characters drawn for the name.
const NAME_MAX_CHARS: usize = 40;

/// A 5×7 font for `0`–`9`; each row's low five bits, leftmost pixel first.
const DIGITS: [[u8; 7]; 10] = [
    [0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E],
    [0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E],
    [0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F],
    [0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E],
    [0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02],
    [0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E],
    [0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E],
    [0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08],
    [0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E],
    [0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C],
];

/// A row of digits in 6×12 cells, e.g. 72×12 for twelve. Non-digits leave their cell blank.
pub(crate) fn digits_png(digits: &str) -> Vec<u8> {
    let count = digits.chars().count() as u32;
    let mut bitmap = Bitmap::new(DIGIT_CELL * count.max(1), CELL);
    for (i, c) in digits.chars().enumerate() {
        if let Some(d) = c.to_digit(10) {
            draw_digit(&mut bitmap, DIGIT_CELL * i as u32, 3, d);
        }
    }
    bitmap.to_png()
}

/// 氏名 on one line of 12×12 cells.
pub(crate) fn name_png(name: &str) -> Vec<u8> {
    let chars: Vec<char> = name.chars().take(NAME_MAX_CHARS).collect();
    let mut bitmap = Bitmap::new(CELL * (chars.len() as u32).max(1), CELL);
    for (i, &c) in chars.iter().enumerate() {
        draw_char(&mut bitmap, CELL * i as u32, 0, c);
    }
    bitmap.to_png()
}

/// 住所 wrapped into lines of 32 cells.
pub(crate) fn address_png(address: &str) -> Vec<u8> {
    let chars: Vec<char> = address.chars().collect();
    let lines: Vec<&[char]> = chars
        .chunks(ADDRESS_LINE_CHARS)
        .take(ADDRESS_MAX_LINES)
        .collect();
    let width = lines.iter().map(|l| l.len()).max().unwrap_or(1).max(1) as u32;
    let mut bitmap = Bitmap::new(CELL * width, CELL * (lines.len() as u32).max(1));
    for (row, line) in lines.iter().enumerate() {
        for (col, &c) in line.iter().enumerate() {
            draw_char(&mut bitmap, CELL * col as u32, CELL * row as u32, c);
        }
    }
    bitmap.to_png()
}

fn draw_digit(bitmap: &mut Bitmap, x0: u32, y0: u32, digit: u32) {
    let Some(glyph) = DIGITS.get(digit as usize) else {
        return;
    };
    for (dy, bits) in glyph.iter().enumerate() {
        for dx in 0..5 {
            if bits & (0x10 >> dx) != 0 {
                bitmap.set(x0 + dx, y0 + dy as u32);
            }
        }
    }
}

/// One full-width cell: digits (ASCII or full-width) from the font, spaces blank, dashes a bar,
/// anything else a stroke pattern derived from the code point.
fn draw_char(bitmap: &mut Bitmap, x0: u32, y0: u32, c: char) {
    let digit = match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    };
    if let Some(d) = digit {
        draw_digit(bitmap, x0 + 3, y0 + 2, d);
        return;
    }
    if c.is_whitespace() {
        return;
    }
    if matches!(c, '-' | '－' | 'ー' | '‐') {
        for x in 2..10 {
            bitmap.set(x0 + x, y0 + 6);
        }
        return;
    }
    let mut state = (c as u32).wrapping_mul(0x9E37_79B9) | 1;
    let mut next = move |n: u32| {
        // xorshift32: deterministic per character, no table needed.
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        state % n
    };
    for _ in 0..2 + next(3) {
        let y = 2 + next(8);
        let (from, to) = (1 + next(3), 8 + next(3));
        for x in from..=to {
            bitmap.set(x0 + x, y0 + y);
        }
    }
    for _ in 0..1 + next(3) {
        let x = 2 + next(8);
        let (from, to) = (1 + next(3), 7 + next(4));
        for y in from..=to {
            bitmap.set(x0 + x, y0 + y);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::png::decode::decode;
    use super::*;

    fn size(png: &[u8]) -> (u32, u32) {
        let w = u32::from_be_bytes(png[16..20].try_into().expect("valid test input"));
        let h = u32::from_be_bytes(png[20..24].try_into().expect("valid test input"));
        (w, h)
    }

    #[test]
    fn renders_the_individual_number_at_72_by_12() {
        let png = digits_png("537686677188");
        assert_eq!(size(&png), (72, 12));
        assert!(png.len() < 300, "{} bytes", png.len());
        let bitmap = decode(&png);
        // The top bar of the "5" (row 0 of its glyph, at y = 3).
        assert!((0..5).all(|x| bitmap.get(x, 3)));
        assert!(!bitmap.get(5, 3), "cells keep a blank column");
    }

    #[test]
    fn renders_the_security_code_at_24_by_12() {
        assert_eq!(size(&digits_png("2285")), (24, 12));
    }

    #[test]
    fn renders_text_deterministically() {
        let name = name_png("黒桐　幹也");
        assert_eq!(size(&name), (60, 12));
        assert_eq!(name, name_png("黒桐　幹也"));
        assert_ne!(name, name_png("黒桐　幹夫"));
        let blank = decode(&name);
        assert!(
            (24..36).all(|x| (0..12).all(|y| !blank.get(x, y))),
            "U+3000 is blank"
        );

        let address = address_png(&"東京都清瀬市観布子南１２－７－２０２".repeat(3));
        assert_eq!(size(&address), (384, 24));
        decode(&address);
    }

    #[test]
    fn the_photo_is_a_jp2_file() {
        assert_eq!(&PHOTO_JP2[..12], b"\x00\x00\x00\x0CjP  \r\n\x87\n");
        assert_eq!(&PHOTO_JP2[20..24], b"jp2 ");
    }
}
