//! The frame of a claim file (encoding, line ends, end mark, record order) and what the reader
//! says when it is broken: an error naming the place, never a panic or a hang.
#![allow(clippy::unwrap_used)]

use mynakit_uke::{Claims, Options, Reader, Record, UkeError};

const IR: &[u8] = b"IR,1,13,1,1234567,,,202406,00\r\n";
const RE: &[u8] = b"RE,1,1112,202406,,1,19800101\r\n";
const GO: &[u8] = b"GO,1,0,99\r\n";

fn file(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

/// The first error of reading `bytes`, or `None`.
fn first_error(bytes: &[u8], options: Options) -> Option<UkeError> {
    Reader::with_options(bytes, options).find_map(Result::err)
}

fn error(bytes: &[u8]) -> UkeError {
    first_error(bytes, Options::default()).expect("an error")
}

#[test]
fn a_well_formed_file_reads_and_the_reader_stops() {
    let bytes = file(&[IR, RE, GO, b"\x1a"]);
    let mut reader = Reader::new(&bytes[..]);
    assert_eq!(reader.by_ref().count(), 3);
    assert!(reader.next().is_none());
}

#[test]
fn bytes_that_are_not_windows_31j_name_their_offset() {
    // 0x82 0x20: a lead byte without its trail byte, in the RE name (byte 17 of line 2).
    let bytes = file(&[IR, b"RE,1,1112,202406,\x82 ,1,19800101\r\n", GO, b"\x1a"]);
    let e = error(&bytes);
    assert!(
        matches!(e, UkeError::NotWindows31J { line: 2, offset } if offset == (IR.len() + 17) as u64),
        "{e:?}"
    );
}

#[test]
fn a_file_of_cr_line_ends_is_named_at_its_first_cr() {
    // CR alone after each record: the first line holds the whole file, and its first CR (the
    // end of the IR, at IR's length less 2) is the fault, not the end mark at the file's end.
    let cr_only: Vec<u8> = [IR, b"RE,1,1112,202406,,1,19800101\r\n", GO]
        .concat()
        .into_iter()
        .filter(|b| *b != b'\n')
        .chain([0x1a])
        .collect();
    let e = error(&cr_only);
    assert!(
        matches!(e, UkeError::BareCr { line: 1, offset } if offset == (IR.len() - 2) as u64),
        "{e:?}"
    );
    assert_eq!(
        e.to_string(),
        format!(
            "line 1: CR at byte {} without LF (records end with CR LF)",
            IR.len() - 2
        )
    );
    // The same beyond the line's bound: the CR is named, not the length.
    let long: Vec<u8> = std::iter::repeat_n(&cr_only[..cr_only.len() - 1], 3000)
        .flatten()
        .copied()
        .collect();
    let e = error(&long);
    assert!(
        matches!(e, UkeError::BareCr { line: 1, offset } if offset == (IR.len() - 2) as u64),
        "{e:?}"
    );
}

#[test]
fn line_ends_and_the_end_mark_are_checked() {
    let e = error(&file(&[IR, b"RE,1,1112,202406,,1,19800101\n", GO, b"\x1a"]));
    assert!(matches!(e, UkeError::BareLf { line: 2, .. }), "{e:?}");
    let relaxed = Options {
        accept_bare_lf: true,
        ..Options::default()
    };
    assert!(first_error(
        &file(&[IR, b"RE,1,1112,202406,,1,19800101\n", GO, b"\x1a"]),
        relaxed
    )
    .is_none());

    let e = error(&file(&[
        IR,
        b"RE,1,1112,2024\r06,,1,19800101\r\n",
        GO,
        b"\x1a",
    ]));
    assert!(matches!(e, UkeError::StrayCr { line: 2, .. }), "{e:?}");

    let e = error(&file(&[IR, RE, GO]));
    assert!(matches!(e, UkeError::MissingEndMark { .. }), "{e:?}");
    let lenient = Options {
        require_end_mark: false,
        ..Options::default()
    };
    assert!(first_error(&file(&[IR, RE, GO]), lenient).is_none());

    let e = error(&file(&[IR, RE, GO, b"\x1a\r\n"]));
    assert!(
        matches!(e, UkeError::DataAfterEndMark { offset } if offset == (IR.len() + RE.len() + GO.len() + 1) as u64),
        "{e:?}"
    );

    let e = error(&file(&[IR, RE, b"GO,1,0,99\x1a"]));
    assert!(
        matches!(e, UkeError::EndMarkInsideRecord { line: 3, .. }),
        "{e:?}"
    );

    let e = error(&file(&[IR, RE, b"GO,1,0,99"]));
    assert!(
        matches!(e, UkeError::UnterminatedRecord { line: 3, .. }),
        "{e:?}"
    );

    let e = error(&file(&[IR, b"\r\n", RE, GO, b"\x1a"]));
    assert!(matches!(e, UkeError::EmptyRecord { line: 2 }), "{e:?}");
}

#[test]
fn a_long_line_is_refused_without_reading_it_all() {
    let mut bytes = IR.to_vec();
    bytes.extend(std::iter::repeat_n(b'A', 1 << 20));
    let small = Options {
        max_line: 1000,
        ..Options::default()
    };
    let e = first_error(&bytes, small).unwrap();
    assert!(
        matches!(e, UkeError::LineTooLong { line: 2, limit: 1000, offset } if offset == IR.len() as u64),
        "{e:?}"
    );
    // The default bound is 64 KiB.
    let e = error(&bytes);
    assert!(
        matches!(e, UkeError::LineTooLong { limit: 65536, .. }),
        "{e:?}"
    );
}

#[test]
fn the_record_order_is_header_claims_trailer() {
    assert!(matches!(error(b""), UkeError::Empty));
    assert!(matches!(error(b"\x1a"), UkeError::Empty));
    let e = error(&file(&[RE, GO, b"\x1a"]));
    assert!(
        matches!(&e, UkeError::MissingHeader { line: 1, id } if id == "RE"),
        "{e:?}"
    );
    let e = error(&file(&[IR, b"HO,06139999,,1,1,100\r\n", RE, GO, b"\x1a"]));
    assert!(
        matches!(&e, UkeError::RecordOutsideClaim { line: 2, id } if id == "HO"),
        "{e:?}"
    );
    let e = error(&file(&[IR, RE, IR, GO, b"\x1a"]));
    assert!(
        matches!(&e, UkeError::RecordOutsideClaim { line: 3, id } if id == "IR"),
        "{e:?}"
    );
    let e = error(&file(&[IR, RE, b"\x1a"]));
    assert!(matches!(e, UkeError::MissingTrailer { line: 2 }), "{e:?}");
    let e = error(&file(&[IR, RE, GO, RE, b"\x1a"]));
    assert!(
        matches!(&e, UkeError::RecordAfterTrailer { line: 4, id } if id == "RE"),
        "{e:?}"
    );
    // A file without claims is still a file.
    assert!(first_error(&file(&[IR, GO, b"\x1a"]), Options::default()).is_none());
}

#[test]
fn an_unknown_record_is_kept_not_refused() {
    let bytes = file(&[IR, RE, b"ZZ,a,b\r\n", GO, b"\x1a"]);
    let records: Vec<Record> = Reader::new(&bytes[..]).collect::<Result<_, _>>().unwrap();
    assert_eq!(
        records[2],
        Record::Other {
            id: "ZZ".into(),
            fields: vec!["ZZ".into(), "a".into(), "b".into()]
        }
    );
}

#[test]
fn claims_stop_at_the_first_error() {
    let bytes = file(&[IR, RE, b"SN,1,99,,,,,,\r\n", GO, b"\x1a"]);
    let mut claims = Claims::new(Reader::new(&bytes[..])).unwrap();
    assert!(matches!(
        claims.next(),
        Some(Err(UkeError::NotInCodeList { line: 3, .. }))
    ));
    assert!(claims.next().is_none());
    assert!(claims.trailer().is_none());
    assert!(matches!(
        Claims::new(Reader::new(&b"\x1a"[..])),
        Err(UkeError::Empty)
    ));
}
