//! Writer then reader: any record of text the format can carry comes back field for field.
#![allow(clippy::unwrap_used)]

use mynakit_uke::{Reader, Record, UkeError, Writer};
use proptest::prelude::*;

/// Characters that survive Windows-31J both ways: ASCII without the separator, half-width
/// カナ, and some of JIS X 0208 (kana, kanji, the ideographic space).
fn field() -> impl Strategy<Value = String> {
    let chars: Vec<char> = (' '..='~')
        .filter(|c| *c != ',')
        .chain('ｱ'..='ﾝ')
        .chain("テスト太郎花子医院薬局　ー（）".chars())
        .collect();
    proptest::collection::vec(proptest::sample::select(chars), 0..12)
        .prop_map(|cs| cs.into_iter().collect())
}

fn file(middle: &[Vec<String>]) -> Vec<u8> {
    let mut writer = Writer::new(Vec::new());
    let ir = "IR,1,13,1,1234567,,,202406,00"
        .split(',')
        .map(String::from)
        .collect::<Vec<_>>();
    writer.write_fields(&ir).unwrap();
    writer
        .write_fields(&["RE", "1", "1112", "202406", "", "1", "19800101"].map(String::from))
        .unwrap();
    for fields in middle {
        writer.write_fields(fields).unwrap();
    }
    writer
        .write_fields(&["GO", "1", "0", "99"].map(String::from))
        .unwrap();
    writer.finish().unwrap()
}

proptest! {
    #[test]
    fn other_records_come_back_field_for_field(
        records in proptest::collection::vec(proptest::collection::vec(field(), 0..40), 0..8)
    ) {
        // An id no layout types, so any fields are a record.
        let records: Vec<Vec<String>> = records
            .into_iter()
            .map(|fields| std::iter::once("ZZ".to_owned()).chain(fields).collect())
            .collect();
        let bytes = file(&records);
        let read: Vec<Record> = Reader::new(&bytes[..]).collect::<Result<_, _>>().unwrap();
        prop_assert_eq!(read.len(), records.len() + 3);
        for (record, fields) in read[2..].iter().zip(&records) {
            prop_assert_eq!(record.fields(), &fields[..]);
        }
    }

    #[test]
    fn typed_records_come_back_with_their_values(
        name in field(), symbol in field(), branch in "[0-9]{2}", points in 0u64..100_000_000,
    ) {
        let sn = vec!["SN".into(), "1".into(), "01".into(), String::new(), symbol.clone(), String::new(), branch.clone(), String::new(), String::new()];
        let ho = vec!["HO".into(), "06139999".into(), symbol.clone(), name.clone(), "1".into(), points.to_string()];
        let bytes = file(&[ho, sn]);
        let read: Vec<Record> = Reader::new(&bytes[..]).collect::<Result<_, _>>().unwrap();
        let Record::Ho(ho) = &read[2] else { panic!("HO") };
        prop_assert_eq!(ho.points, Some(points));
        prop_assert_eq!(ho.number.as_deref().unwrap_or_default(), name.as_str());
        let Record::Sn(sn) = &read[3] else { panic!("SN") };
        prop_assert_eq!(sn.branch.as_deref(), Some(branch.as_str()));
        prop_assert_eq!(sn.symbol.as_deref().unwrap_or_default(), symbol.as_str());
    }
}

#[test]
fn the_writer_refuses_what_the_format_cannot_carry() {
    let mut writer = Writer::new(Vec::new());
    for (field, why) in [
        ("a,b", "','"),
        ("a\r\n", "'\\r'"),
        ("\u{1a}", "'\\u{1a}'"),
        ("🙂", "no Windows-31J code"),
    ] {
        let e = writer
            .write_fields(&["CO".into(), field.into()])
            .unwrap_err();
        assert!(
            matches!(&e, UkeError::Unwritable { field: 2, reason, .. } if reason.contains(why)),
            "{e:?}"
        );
    }
    assert_eq!(
        writer.finish().unwrap(),
        b"\x1a",
        "nothing of a refused record is written"
    );
}
