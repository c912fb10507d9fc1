//! A minimal PNG writer for the 券面 APs' rendered text: 1-bit greyscale, stored (uncompressed)
//! deflate blocks.
//!
//! Real cards store the rendered card-face fields as 1-bit greyscale PNGs (myna-card `data.rs`
//! `ImageFormat`). Stored blocks keep this writer to a few dozen lines with no dependency; the
//! images are a few hundred bytes. Format: PNG (ISO/IEC 15948), zlib (RFC 1950), deflate stored
//! blocks (RFC 1951 §3.2.4). See `docs/card-records.md`, "Images".

/// A black-on-white 1-bit image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Bitmap {
    width: u32,
    height: u32,
    /// Row-major; `true` is ink (black).
    ink: Vec<bool>,
}

impl Bitmap {
    /// A blank (white) image.
    pub(crate) fn new(width: u32, height: u32) -> Bitmap {
        Bitmap {
            width,
            height,
            ink: vec![false; width as usize * height as usize],
        }
    }

    /// Inks the pixel at (`x`, `y`); pixels outside the image are ignored.
    pub(crate) fn set(&mut self, x: u32, y: u32) {
        if x < self.width && y < self.height {
            if let Some(px) = self
                .ink
                .get_mut(y as usize * self.width as usize + x as usize)
            {
                *px = true;
            }
        }
    }

    /// Whether the pixel at (`x`, `y`) is inked.
    #[cfg(test)]
    pub(crate) fn get(&self, x: u32, y: u32) -> bool {
        x < self.width
            && self
                .ink
                .get(y as usize * self.width as usize + x as usize)
                .copied()
                .unwrap_or(false)
    }

    /// The image as a PNG file: greyscale, bit depth 1 (0 = black, 1 = white).
    pub(crate) fn to_png(&self) -> Vec<u8> {
        let row_bytes = (self.width as usize).div_ceil(8);
        let mut raw = Vec::with_capacity((1 + row_bytes) * self.height as usize);
        for row in self.ink.chunks(self.width.max(1) as usize) {
            raw.push(0); // filter type None
            let mut packed = vec![0xFFu8; row_bytes];
            for (x, _) in row.iter().enumerate().filter(|(_, ink)| **ink) {
                packed[x / 8] &= !(0x80 >> (x % 8));
            }
            raw.extend_from_slice(&packed);
        }

        let mut ihdr = Vec::with_capacity(13);
        ihdr.extend_from_slice(&self.width.to_be_bytes());
        ihdr.extend_from_slice(&self.height.to_be_bytes());
        // bit depth 1, colour type 0 (greyscale), compression 0, filter 0, no interlace
        ihdr.extend_from_slice(&[1, 0, 0, 0, 0]);

        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        push_chunk(&mut png, b"IHDR", &ihdr);
        push_chunk(&mut png, b"IDAT", &zlib_stored(&raw));
        push_chunk(&mut png, b"IEND", &[]);
        png
    }
}

fn push_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let start = out.len();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32(&out[start..]);
    out.extend_from_slice(&crc.to_be_bytes());
}

/// A zlib stream of stored deflate blocks.
fn zlib_stored(data: &[u8]) -> Vec<u8> {
    const MAX_BLOCK: usize = 0xFFFF;
    let mut out = vec![0x78, 0x01]; // deflate, 32K window, no dictionary, fastest
    let mut blocks = data.chunks(MAX_BLOCK).peekable();
    if blocks.peek().is_none() {
        out.extend_from_slice(&[0x01, 0x00, 0x00, 0xFF, 0xFF]); // one empty final block
    }
    while let Some(block) = blocks.next() {
        out.push(u8::from(blocks.peek().is_none())); // BFINAL, BTYPE = 00 (stored)
        let len = block.len() as u16;
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(block);
    }
    out.extend_from_slice(&adler32(data).to_be_bytes());
    out
}

/// CRC-32 (ISO 3309, reflected polynomial `EDB88320`), as PNG chunks use.
pub(crate) fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Adler-32 (RFC 1950 §8).
pub(crate) fn adler32(data: &[u8]) -> u32 {
    const MOD: u32 = 65_521;
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in data {
        a = (a + u32::from(byte)) % MOD;
        b = (b + a) % MOD;
    }
    (b << 16) | a
}

#[cfg(test)]
pub(crate) mod decode {
    //! Just enough PNG reading to check the writer: chunk CRCs, IHDR, stored blocks, Adler-32.

    use super::*;

    /// Decodes a PNG this module wrote, checking every checksum.
    pub(crate) fn decode(png: &[u8]) -> Bitmap {
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let mut pos = 8;
        let (mut width, mut height, mut idat) = (0, 0, Vec::new());
        let mut kinds = Vec::new();
        while pos < png.len() {
            let len = u32::from_be_bytes(png[pos..pos + 4].try_into().expect("valid test input"))
                as usize;
            let body = &png[pos + 4..pos + 8 + len];
            let crc = u32::from_be_bytes(
                png[pos + 8 + len..pos + 12 + len]
                    .try_into()
                    .expect("valid test input"),
            );
            assert_eq!(crc32(body), crc, "chunk CRC");
            let (kind, data) = body.split_at(4);
            kinds.push(kind.to_vec());
            match kind {
                b"IHDR" => {
                    width = u32::from_be_bytes(data[..4].try_into().expect("valid test input"));
                    height = u32::from_be_bytes(data[4..8].try_into().expect("valid test input"));
                    assert_eq!(&data[8..], [1, 0, 0, 0, 0]);
                }
                b"IDAT" => idat.extend_from_slice(data),
                _ => {}
            }
            pos += 12 + len;
        }
        assert_eq!(
            kinds,
            [b"IHDR".to_vec(), b"IDAT".to_vec(), b"IEND".to_vec()]
        );
        assert_eq!(
            (u16::from(idat[0]) << 8 | u16::from(idat[1])) % 31,
            0,
            "zlib header check"
        );

        let mut raw = Vec::new();
        let mut at = 2;
        loop {
            let last = idat[at] & 1 == 1;
            assert_eq!(idat[at] & 0b110, 0, "stored block");
            let len = u16::from_le_bytes([idat[at + 1], idat[at + 2]]);
            let nlen = u16::from_le_bytes([idat[at + 3], idat[at + 4]]);
            assert_eq!(len, !nlen);
            raw.extend_from_slice(&idat[at + 5..at + 5 + usize::from(len)]);
            at += 5 + usize::from(len);
            if last {
                break;
            }
        }
        assert_eq!(idat[at..], adler32(&raw).to_be_bytes());

        let row_bytes = (width as usize).div_ceil(8);
        assert_eq!(raw.len(), height as usize * (1 + row_bytes));
        let mut bitmap = Bitmap::new(width, height);
        for (y, row) in raw.chunks(1 + row_bytes).enumerate() {
            assert_eq!(row[0], 0, "filter None");
            for x in 0..width as usize {
                if row[1 + x / 8] & (0x80 >> (x % 8)) == 0 {
                    bitmap.set(x as u32, y as u32);
                }
            }
        }
        bitmap
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_match_their_standard_check_values() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(adler32(b"Wikipedia"), 0x11E6_0398);
    }

    #[test]
    fn round_trips_through_the_decoder() {
        let mut bitmap = Bitmap::new(13, 5);
        for (x, y) in [(0, 0), (12, 4), (7, 2), (8, 2), (3, 1)] {
            bitmap.set(x, y);
        }
        bitmap.set(13, 0); // outside: ignored
        let png = bitmap.to_png();
        assert_eq!(decode::decode(&png), bitmap);
        assert!(bitmap.get(12, 4) && !bitmap.get(11, 4));
    }

    #[test]
    fn splits_large_images_into_several_stored_blocks() {
        let mut bitmap = Bitmap::new(1024, 600);
        bitmap.set(1023, 599);
        assert_eq!(decode::decode(&bitmap.to_png()), bitmap);
    }
}
