//! Records that open with a table of offsets to their fields (kenhojo and kenkaku EF `0002`).
//!
//! The table (`DF21`) holds one big-endian `u16` per following field: the position of that
//! field's tag counted from the **first byte of the file**, so the outer header is included
//! (myna-card `ap/text.rs` example `FF 20 65 DF 21 08 000E 0020 0059 0064`; `data.rs`
//! `check_offsets`). See `docs/card-records.md`, "Offset tables".

use crate::ber;

use super::RecordError;

/// `outer { table <offsets>, fields… }`, where each `fields` entry is one complete TLV.
pub(crate) fn indexed_record(
    outer: u16,
    table: u16,
    fields: &[Vec<u8>],
) -> Result<Vec<u8>, RecordError> {
    let table_len = 2 * fields.len();
    let table_tlv_len = ber::header_len(table, table_len)? + table_len;
    let body_len = table_tlv_len + fields.iter().map(Vec::len).sum::<usize>();
    // The outer header's size depends only on the body length, not on the offsets' values.
    let mut pos = ber::header_len(outer, body_len)? + table_tlv_len;

    let mut offsets = Vec::with_capacity(table_len);
    for field in fields {
        let at = u16::try_from(pos).map_err(|_| RecordError::TooLong {
            what: "an offset-table record",
            len: pos,
            max: usize::from(u16::MAX),
        })?;
        offsets.extend_from_slice(&at.to_be_bytes());
        pos += field.len();
    }

    let mut body = ber::tlv(table, &offsets)?;
    for field in fields {
        body.extend_from_slice(field);
    }
    Ok(ber::tlv(outer, &body)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_count_from_the_start_of_the_file() {
        let fields = vec![
            ber::tlv(0xDF22, b"ab").expect("valid test input"),
            ber::tlv(0xDF23, &[0; 200]).expect("valid test input"),
            ber::tlv(0xDF24, b"x").expect("valid test input"),
        ];
        let short = indexed_record(0xFF20, 0xDF21, &fields[..1]).expect("valid test input");
        // FF 20 0A | DF 21 02 00 08 | DF 22 02 'a' 'b'
        assert_eq!(
            short,
            [0xFF, 0x20, 0x0A, 0xDF, 0x21, 0x02, 0x00, 0x08, 0xDF, 0x22, 0x02, b'a', b'b']
        );

        let long = indexed_record(0xFF20, 0xDF21, &fields).expect("valid test input");
        assert_eq!(&long[..5], [0xFF, 0x20, 0x82, 0x00, 0xDF]);
        let table = &long[8..14];
        for (i, chunk) in table.chunks(2).enumerate() {
            let at = usize::from(u16::from_be_bytes([chunk[0], chunk[1]]));
            assert_eq!(&long[at..at + 2], &fields[i][..2]);
        }
    }
}
