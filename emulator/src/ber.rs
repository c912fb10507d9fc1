//! The BER-TLV dialect of the 券面 APs' transparent EFs, quirks included.
//!
//! The card writes tag numbers below 31 in the two-byte form (`FF 10`, `DF 21`), lengths below 128
//! in the short form, and lengths 128–255 as `82 00 LL` where DER would write `81 LL` (jpki/myna's
//! Go tree forked `encoding/asn1` to read it, commit f705d7a; myna-card `tlv/ber.rs`). The writer
//! reproduces exactly that; the reader accepts it and DER's `81 LL`. See `docs/card-records.md`.

/// The largest value length the card's two-byte long form (`82 HH LL`) can carry.
pub const MAX_VALUE_LEN: usize = 0xFFFF;

/// Why a TLV could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BerError {
    /// The object starting at `at` needs `needed` more bytes than the input holds.
    #[error("truncated TLV at byte {at}: {needed} more byte(s) needed")]
    Truncated {
        /// Offset of the first byte of the object.
        at: usize,
        /// How many bytes are missing.
        needed: usize,
    },
    /// A length byte `80` (indefinite form), which the card never writes.
    #[error("indefinite length at byte {at}")]
    IndefiniteLength {
        /// Offset of the length byte.
        at: usize,
    },
    /// A long-form length with more than two length bytes.
    #[error("length at byte {at} has {count} length bytes; at most 2 are supported")]
    LengthTooWide {
        /// Offset of the first length byte.
        at: usize,
        /// The number of length bytes announced.
        count: usize,
    },
    /// A tag longer than two bytes.
    #[error("tag at byte {at} is longer than two bytes")]
    TagTooLong {
        /// Offset of the tag.
        at: usize,
    },
}

/// Why a TLV could not be written: its value is too long for the two-byte length form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a value of {len} bytes does not fit the two-byte length form")]
pub struct ValueTooLong {
    /// The value's length.
    pub len: usize,
}

/// The number of bytes the tag and length of an object with this tag and value length take.
pub fn header_len(tag: u16, len: usize) -> Result<usize, ValueTooLong> {
    let tag_len = if tag > 0xFF { 2 } else { 1 };
    let len_len = match len {
        0..=0x7F => 1,
        0x80..=MAX_VALUE_LEN => 3,
        _ => return Err(ValueTooLong { len }),
    };
    Ok(tag_len + len_len)
}

/// Appends tag, length and value to `out`, in the card's form.
pub fn push_tlv(out: &mut Vec<u8>, tag: u16, value: &[u8]) -> Result<(), ValueTooLong> {
    let len = value.len();
    let [tag_hi, tag_lo] = tag.to_be_bytes();
    if tag_hi != 0 {
        out.push(tag_hi);
    }
    out.push(tag_lo);
    match len {
        0..=0x7F => out.push(len as u8),
        0x80..=MAX_VALUE_LEN => {
            let [.., hi, lo] = len.to_be_bytes();
            // `82 00 LL` for 128–255 as well: the card never writes `81 LL`.
            out.extend_from_slice(&[0x82, hi, lo]);
        }
        _ => return Err(ValueTooLong { len }),
    }
    out.extend_from_slice(value);
    Ok(())
}

/// One object: tag, length and value, in the card's form.
pub fn tlv(tag: u16, value: &[u8]) -> Result<Vec<u8>, ValueTooLong> {
    let mut out = Vec::with_capacity(header_len(tag, value.len())? + value.len());
    push_tlv(&mut out, tag, value)?;
    Ok(out)
}

/// One object as read, borrowing from the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tlv<'a> {
    /// The tag, one or two bytes (`0x90`, `0xDF21`).
    pub tag: u16,
    /// The value bytes.
    pub value: &'a [u8],
    /// The whole object, header included.
    pub raw: &'a [u8],
    /// Where the object starts, counted from the start of the outermost buffer read.
    pub offset: usize,
}

impl<'a> Tlv<'a> {
    /// The length of the tag and length fields.
    pub fn header_len(&self) -> usize {
        self.raw.len() - self.value.len()
    }

    /// A reader over the objects inside this one's value, reporting offsets in the same frame.
    pub fn children(&self) -> Reader<'a> {
        Reader {
            data: self.value,
            pos: 0,
            base: self.offset + self.header_len(),
        }
    }
}

/// Reads consecutive objects from a buffer; also an iterator that stops at the end or the first
/// error.
#[derive(Clone, Debug)]
pub struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    base: usize,
}

impl<'a> Reader<'a> {
    /// A reader over `data`, whose offsets count from its first byte.
    pub fn new(data: &'a [u8]) -> Reader<'a> {
        Reader {
            data,
            pos: 0,
            base: 0,
        }
    }

    /// The bytes not read yet (for a file, the filler after the last object).
    pub fn rest(&self) -> &'a [u8] {
        self.data.get(self.pos..).unwrap_or_default()
    }

    /// Reads the next object.
    pub fn read(&mut self) -> Result<Tlv<'a>, BerError> {
        let input = self.rest();
        let at = self.base + self.pos;
        let truncated = |needed: usize| BerError::Truncated { at, needed };

        let first = *input.first().ok_or(truncated(1))?;
        let (tag, tag_len) = if first & 0x1F == 0x1F {
            let second = *input.get(1).ok_or(truncated(1))?;
            if second & 0x80 != 0 {
                return Err(BerError::TagTooLong { at });
            }
            (u16::from_be_bytes([first, second]), 2)
        } else {
            (u16::from(first), 1)
        };

        let len_at = tag_len;
        let len_byte = *input.get(len_at).ok_or(truncated(1))?;
        let (len, len_len) = match len_byte {
            0x00..=0x7F => (usize::from(len_byte), 1),
            0x80 => return Err(BerError::IndefiniteLength { at: at + len_at }),
            0x81 | 0x82 => {
                let count = usize::from(len_byte & 0x7F);
                let bytes = input
                    .get(len_at + 1..len_at + 1 + count)
                    .ok_or_else(|| truncated(len_at + 1 + count - input.len()))?;
                let len = bytes
                    .iter()
                    .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
                (len, 1 + count)
            }
            _ => {
                return Err(BerError::LengthTooWide {
                    at: at + len_at,
                    count: usize::from(len_byte & 0x7F),
                })
            }
        };

        let header = tag_len + len_len;
        let total = header + len;
        let raw = input
            .get(..total)
            .ok_or_else(|| truncated(total - input.len()))?;
        self.pos += total;
        Ok(Tlv {
            tag,
            value: &raw[header..],
            raw,
            offset: at,
        })
    }
}

impl<'a> Iterator for Reader<'a> {
    type Item = Result<Tlv<'a>, BerError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.rest().is_empty() {
            return None;
        }
        let item = self.read();
        if item.is_err() {
            // Stop after the first error instead of re-reporting it.
            self.pos = self.data.len();
        }
        Some(item)
    }
}

/// Reads the one object at the start of `data`; anything after it (filler) is ignored.
pub fn read_one(data: &[u8]) -> Result<Tlv<'_>, BerError> {
    Reader::new(data).read()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn writes_the_cards_length_forms() {
        assert_eq!(
            tlv(0xFF10, b"123").expect("valid test input"),
            [0xFF, 0x10, 0x03, b'1', b'2', b'3']
        );
        let v127 = tlv(0xDF21, &[0; 127]).expect("valid test input");
        assert_eq!(&v127[..3], [0xDF, 0x21, 0x7F]);
        let v128 = tlv(0xDF43, &[0; 128]).expect("valid test input");
        assert_eq!(&v128[..5], [0xDF, 0x43, 0x82, 0x00, 0x80]);
        let v159 = tlv(0xFF40, &[0; 0x9F]).expect("valid test input");
        assert_eq!(&v159[..5], [0xFF, 0x40, 0x82, 0x00, 0x9F]);
        let v256 = tlv(0x91, &[0; 256]).expect("valid test input");
        assert_eq!(&v256[..4], [0x91, 0x82, 0x01, 0x00]);
        assert_eq!(
            tlv(0x90, &[0; MAX_VALUE_LEN + 1]),
            Err(ValueTooLong { len: 0x1_0000 })
        );
        assert_eq!(header_len(0xDF22, 200), Ok(5));
        assert_eq!(header_len(0xA1, 10), Ok(2));
    }

    #[test]
    fn reads_der_81_form_and_nested_offsets() {
        let mut data = vec![0xFF, 0x20, 0x81, 0x85, 0xDF, 0x22, 0x82, 0x00, 0x80];
        data.extend_from_slice(&[0xAA; 0x80]);
        data.extend_from_slice(&[0xFF, 0xFF]); // filler
        let outer = read_one(&data).expect("valid test input");
        assert_eq!(outer.tag, 0xFF20);
        assert_eq!(outer.header_len(), 4);
        let inner: Vec<_> = outer
            .children()
            .collect::<Result<_, _>>()
            .expect("valid test input");
        assert_eq!(inner.len(), 1);
        assert_eq!(inner[0].tag, 0xDF22);
        assert_eq!(inner[0].offset, 4);
        assert_eq!(inner[0].value.len(), 0x80);
    }

    #[test]
    fn names_the_offset_of_a_truncated_object() {
        // Second object claims 5 bytes but has 2.
        let data = [0x90, 0x01, 0x00, 0xDF, 0x21, 0x05, 0x01, 0x02];
        let mut reader = Reader::new(&data);
        assert!(reader.next().expect("valid test input").is_ok());
        assert_eq!(
            reader.next().expect("valid test input"),
            Err(BerError::Truncated { at: 3, needed: 3 })
        );
        assert_eq!(reader.next(), None);
        let err = BerError::Truncated { at: 3, needed: 3 };
        assert_eq!(
            err.to_string(),
            "truncated TLV at byte 3: 3 more byte(s) needed"
        );
    }

    #[test]
    fn rejects_forms_the_card_does_not_use() {
        assert_eq!(
            read_one(&[0x30, 0x80]),
            Err(BerError::IndefiniteLength { at: 1 })
        );
        assert_eq!(
            read_one(&[0x30, 0x83, 0, 0, 1, 0]),
            Err(BerError::LengthTooWide { at: 1, count: 3 })
        );
        assert_eq!(
            read_one(&[0xDF, 0x81, 0x01, 0x01]),
            Err(BerError::TagTooLong { at: 0 })
        );
        assert_eq!(read_one(&[]), Err(BerError::Truncated { at: 0, needed: 1 }));
        assert_eq!(
            read_one(&[0xDF]),
            Err(BerError::Truncated { at: 0, needed: 1 })
        );
        assert_eq!(
            read_one(&[0xFF, 0x30, 0x82, 0x01]),
            Err(BerError::Truncated { at: 0, needed: 1 })
        );
    }

    fn any_tag() -> impl Strategy<Value = u16> {
        prop_oneof![
            // One-byte tags: the low five bits must not be 1F.
            any::<u8>()
                .prop_filter("not a long-form lead", |b| b & 0x1F != 0x1F)
                .prop_map(u16::from),
            // Two-byte tags: a long-form lead, then a last byte with b8 clear.
            (any::<u8>(), 0u8..0x80).prop_map(|(hi, lo)| u16::from_be_bytes([hi | 0x1F, lo])),
        ]
    }

    proptest! {
        #[test]
        fn round_trips(tag in any_tag(), value in proptest::collection::vec(any::<u8>(), 0..700)) {
            let encoded = tlv(tag, &value).expect("valid test input");
            prop_assert_eq!(encoded.len(), header_len(tag, value.len()).expect("valid test input") + value.len());
            let read = read_one(&encoded).expect("valid test input");
            prop_assert_eq!(read.tag, tag);
            prop_assert_eq!(read.value, &value[..]);
            prop_assert_eq!(read.raw, &encoded[..]);
            let len_at = if tag > 0xFF { 2 } else { 1 };
            match value.len() {
                0..=0x7F => prop_assert_eq!(usize::from(encoded[len_at]), value.len()),
                _ => prop_assert_eq!(encoded[len_at], 0x82),
            }
            // Every proper prefix is reported as truncated at offset 0.
            for cut in 0..encoded.len() {
                let truncated = matches!(
                    read_one(&encoded[..cut]),
                    Err(BerError::Truncated { at: 0, .. })
                );
                prop_assert!(truncated);
            }
        }

        #[test]
        fn reading_never_panics(data in proptest::collection::vec(any::<u8>(), 0..64)) {
            for tlv in Reader::new(&data).flatten() {
                prop_assert!(tlv.offset + tlv.raw.len() <= data.len());
            }
        }
    }
}
