//! Synthetic values cut or grown to the length of the value they replace, keeping its encoding:
//! a record's lengths, offset table and every READ BINARY of a replay stay as the log had them.

/// `source`'s characters, repeated, as UTF-8 of exactly `len` bytes. When the next character
/// does not fit the bytes left, ASCII space fills them (a name or address of full-width
/// characters is 3 bytes a character, so this happens only with a mixed original).
pub(crate) fn text(source: &str, len: usize) -> Vec<u8> {
    let chars: Vec<char> = if source.is_empty() {
        vec!['X']
    } else {
        source.chars().collect()
    };
    let mut out = Vec::with_capacity(len);
    let mut index = 0;
    while out.len() < len {
        let c = chars[index % chars.len()];
        let mut buffer = [0u8; 4];
        let encoded = c.encode_utf8(&mut buffer).as_bytes();
        if out.len() + encoded.len() <= len {
            out.extend_from_slice(encoded);
        } else {
            out.push(b' ');
        }
        index += 1;
    }
    out
}

/// ASCII digits of exactly `len` bytes: `digits` when it has that length, else its digits
/// repeated.
pub(crate) fn digits(digits: &str, len: usize) -> Vec<u8> {
    let source: Vec<u8> = digits.bytes().filter(u8::is_ascii_digit).collect();
    if source.is_empty() {
        return vec![b'0'; len];
    }
    (0..len).map(|i| source[i % source.len()]).collect()
}

/// `image` (the persona's PNG or JPEG 2000) grown to exactly `len` bytes with a chunk or box
/// decoders skip, or `None` when it does not fit (the caller writes the persona's bytes cut to
/// the length, no longer an image, and says so).
pub(crate) fn image(image: &[u8], len: usize) -> Option<Vec<u8>> {
    use std::cmp::Ordering;
    match image.len().cmp(&len) {
        Ordering::Equal => Some(image.to_vec()),
        Ordering::Greater => None,
        Ordering::Less if image.starts_with(PNG_SIGNATURE) => png_padded(image, len),
        Ordering::Less if image.starts_with(JP2_SIGNATURE) => jp2_padded(image, len),
        Ordering::Less => None,
    }
}

const PNG_SIGNATURE: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
const JP2_SIGNATURE: &[u8] = &[0, 0, 0, 0x0C, b'j', b'P', b' ', b' '];

/// A PNG with a private ancillary chunk (`skIp`: lower-case first letter, ancillary; lower-case
/// second, private; PNG specification §5.4) of zeros before `IEND`, which every decoder skips.
fn png_padded(image: &[u8], len: usize) -> Option<Vec<u8>> {
    let extra = len - image.len();
    // length (4) + type (4) + CRC (4): a chunk is at least 12 bytes.
    if extra < 12 || image.len() < 12 {
        return None;
    }
    let iend = image.len() - 12;
    if &image[iend + 4..iend + 8] != b"IEND" {
        return None;
    }
    let data = vec![0u8; extra - 12];
    let mut chunk = Vec::with_capacity(extra);
    chunk.extend_from_slice(&(data.len() as u32).to_be_bytes());
    chunk.extend_from_slice(b"skIp");
    chunk.extend_from_slice(&data);
    let crc = crc32fast::hash(&chunk[4..]);
    chunk.extend_from_slice(&crc.to_be_bytes());
    Some([&image[..iend], &chunk, &image[iend..]].concat())
}

/// A JP2 file with a `free` box of zeros after its last box: ISO/IEC 15444-1 Annex I.4 has
/// readers ignore a box type they do not know.
fn jp2_padded(image: &[u8], len: usize) -> Option<Vec<u8>> {
    let extra = len - image.len();
    if extra < 8 {
        return None;
    }
    let mut out = image.to_vec();
    out.extend_from_slice(&(extra as u32).to_be_bytes());
    out.extend_from_slice(b"free");
    out.resize(len, 0);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_keeps_the_byte_length() {
        for len in 0..40 {
            let out = text("試験　直子", len);
            assert_eq!(out.len(), len);
            assert!(std::str::from_utf8(&out).is_ok());
        }
        assert_eq!(text("試験　直子", 15), "試験　直子".as_bytes());
        assert_eq!(text("ab", 5), b"ababa");
    }

    #[test]
    fn digits_keep_the_length() {
        assert_eq!(digits("19820808", 8), b"19820808");
        assert_eq!(digits("12", 5), b"12121");
    }

    #[test]
    fn images_grow_to_the_length_or_refuse() {
        let png = [
            PNG_SIGNATURE,
            &[0, 0, 0, 0],
            b"IEND",
            &crc32fast::hash(b"IEND").to_be_bytes(),
        ]
        .concat();
        let grown = image(&png, png.len() + 20).unwrap();
        assert_eq!(grown.len(), png.len() + 20);
        assert!(grown.ends_with(&png[8..]));
        assert_eq!(&grown[12..16], b"skIp");
        assert!(image(&png, png.len() + 5).is_none());
        assert!(image(&png, 4).is_none());
        let jp2 = [JP2_SIGNATURE, &[0; 4]].concat();
        let grown = image(&jp2, 30).unwrap();
        assert_eq!(&grown[12..20], &[0, 0, 0, 18, b'f', b'r', b'e', b'e']);
    }
}
