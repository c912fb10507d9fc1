//! The synthetic sample files of `tests/data` (テスト patients only) read whole, claim by claim,
//! and written back byte for byte.
#![allow(clippy::unwrap_used)]

use mynakit_uke::{
    Claims, Confirmation, Date, Layout, Payer, PayerKind, Reader, Record, ScoreTable, Sex, Writer,
    YearMonth,
};

fn data(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data")
            .join(name),
    )
    .unwrap()
}

#[test]
fn a_medical_file_reads_claim_by_claim() {
    let bytes = data("medical.UKE");
    let mut claims = Claims::new(Reader::new(&bytes[..])).unwrap();
    assert_eq!(claims.layout(), Layout::Medical);
    let header = claims.header().clone();
    assert_eq!(header.payer, Payer::Ssk);
    assert_eq!(header.table, ScoreTable::Medical);
    assert_eq!(header.name.as_deref(), Some("テスト医院"));
    assert_eq!(
        header.billing,
        YearMonth {
            year: 2024,
            month: 6
        }
    );

    let all: Vec<_> = claims.by_ref().collect::<Result<_, _>>().unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(
        claims.trailer().map(|go| (go.claims, go.points)),
        Some((3, 583))
    );

    let first = &all[0];
    assert_eq!(first.line, 2);
    assert_eq!(first.re.name, "テスト 太郎");
    assert_eq!(first.re.sex, Sex::Male);
    assert_eq!(first.re.kana.as_deref(), Some("テストタロウ"));
    assert_eq!(first.re.chart_number.as_deref(), Some("K0001"));
    let ids: Vec<&str> = first.records.iter().map(Record::id).collect();
    assert_eq!(
        ids,
        ["HO", "SN", "JD", "MF", "SY", "SI", "SI", "IY", "TO", "CO", "GR"]
    );
    let Record::Ho(ho) = &first.records[0] else {
        panic!()
    };
    assert_eq!(
        (ho.insurer.as_str(), ho.number.as_deref()),
        ("06139999", Some("12345"))
    );
    assert_eq!(
        (ho.days, ho.points, ho.burden),
        (Some(2), Some(388), Some(1160))
    );
    let Record::Sn(sn) = &first.records[1] else {
        panic!()
    };
    assert_eq!(
        (sn.payer_kind, sn.confirmation),
        (PayerKind::Insurance, Confirmation::Counter)
    );
    assert_eq!(sn.branch.as_deref(), Some("01"));
    let Record::Jd(jd) = &first.records[2] else {
        panic!()
    };
    assert_eq!(
        (jd.day(3), jd.day(4), jd.day(17)),
        (Some("1"), None, Some("1"))
    );
    let Record::Si(si) = &first.records[5] else {
        panic!()
    };
    assert_eq!(
        (si.code.as_str(), si.points, si.count),
        ("111000110", Some(291), Some(1))
    );
    assert_eq!(si.day(3), Some("1"));
    let Record::To(to) = &first.records[8] else {
        panic!()
    };
    assert_eq!(
        to.day(3),
        Some("1"),
        "TO's days start after its product name and comments"
    );
    assert!(matches!(&first.records[10], Record::Other { id, .. } if id == "GR"));

    let second = &all[1];
    assert_eq!(second.re.benefit_ratio, Some(80));
    let Record::Ho(ho) = &second.records[0] else {
        panic!()
    };
    assert_eq!(
        ho.insurer, "  139999",
        "a 国保 number keeps its leading spaces"
    );
    let Record::Ko(ko) = &second.records[1] else {
        panic!()
    };
    assert_eq!(
        (ko.payer.as_str(), ko.recipient.as_deref()),
        ("54139999", Some("1234566"))
    );

    let third = &all[2];
    assert_eq!(
        third.re.month,
        YearMonth {
            year: 2024,
            month: 6
        },
        "50606 is 令和6年6月"
    );
    assert_eq!(
        third.re.birth,
        Date {
            year: 1980,
            month: 5,
            day: 5
        },
        "3550505 is 昭和55年"
    );
}

#[test]
fn a_pharmacy_file_reads_its_own_layout() {
    let bytes = data("pharmacy.UKE");
    let records: Vec<Record> = Reader::new(&bytes[..]).collect::<Result<_, _>>().unwrap();
    let ids: Vec<&str> = records.iter().map(Record::id).collect();
    assert_eq!(
        ids,
        ["YK", "RE", "HO", "SN", "SH", "CZ", "IY", "TO", "CO", "TK", "KI", "GO"]
    );
    let Record::Yk(yk) = &records[0] else {
        panic!()
    };
    assert_eq!(
        (yk.institution_code.as_str(), yk.name.as_deref()),
        ("4399999", Some("テスト薬局"))
    );
    let Record::Re(re) = &records[1] else {
        panic!()
    };
    assert_eq!(re.chart_number.as_deref(), Some("C0001"));
    assert_eq!(re.kana.as_deref(), Some("テストタロウ"));
    let Record::Ho(ho) = &records[2] else {
        panic!()
    };
    assert_eq!(
        (ho.days, ho.points, ho.burden),
        (Some(1), Some(120), Some(360))
    );
    let Record::Cz(cz) = &records[5] else {
        panic!()
    };
    assert_eq!(cz.dispensed.as_deref(), Some("0603"));
    let Record::Iy(iy) = &records[6] else {
        panic!()
    };
    assert_eq!(
        (iy.code.as_str(), iy.quantity.as_deref(), iy.points),
        ("620000001", Some("3"), None)
    );
    let Record::Tk(tk) = &records[9] else {
        panic!()
    };
    assert_eq!(tk.text.as_deref(), Some("テスト摘要"));
}

#[test]
fn the_samples_write_back_byte_for_byte() {
    for name in ["medical.UKE", "pharmacy.UKE"] {
        let bytes = data(name);
        let mut writer = Writer::new(Vec::new());
        for record in Reader::new(&bytes[..]) {
            writer.write(&record.unwrap()).unwrap();
        }
        assert_eq!(writer.finish().unwrap(), bytes, "{name}");
    }
}
