//! Each typed record from its fields: what it reads, and the error naming the field that does not
//! fit (fields count as the spec's 項番: the record id is field 1).
#![allow(clippy::unwrap_used)]

use mynakit_uke::{Confirmation, Layout, PayerKind, Record, Sex, UkeError};

fn parse(layout: Layout, line: &str) -> Result<Record, UkeError> {
    Record::from_fields(layout, line.split(',').map(str::to_owned).collect())
}

fn medical(line: &str) -> Record {
    parse(Layout::Medical, line).unwrap()
}

fn medical_err(line: &str) -> UkeError {
    parse(Layout::Medical, line).unwrap_err()
}

#[test]
fn ir_and_yk() {
    let Record::Ir(ir) = medical("IR,2,27,1,2799999,,テスト医院,202406,00,") else {
        panic!()
    };
    assert_eq!(
        (ir.prefecture.as_str(), ir.layout()),
        ("27", Layout::Medical)
    );
    let Record::Ir(ir) = medical("IR,2,27,3,2799999,,テスト歯科,202406,00,") else {
        panic!()
    };
    assert_eq!(ir.layout(), Layout::Dental);
    let e = medical_err("IR,3,27,1,2799999,,,202406,00");
    assert!(
        matches!(
            e,
            UkeError::NotInCodeList {
                field: 2,
                name: "審査支払機関",
                ..
            }
        ),
        "{e:?}"
    );
    let e = medical_err("IR,1,27,9,2799999,,,202406,00");
    assert!(
        matches!(e, UkeError::NotInCodeList { field: 4, .. }),
        "{e:?}"
    );
    let e = medical_err("IR,1,27,1,2799999,,,2024-6,00");
    assert!(matches!(e, UkeError::NotADate { field: 8, .. }), "{e:?}");
    let Record::Yk(yk) =
        parse(Layout::Pharmacy, "YK,1,13,4,4399999,テスト薬局,202406,00,").unwrap()
    else {
        panic!()
    };
    assert_eq!(yk.billing.month, 6);
}

#[test]
fn re() {
    let Record::Re(re) = medical("RE,12,1112,202406,テスト 太郎,2,20000229,70,,,3,0102,,K9")
    else {
        panic!()
    };
    assert_eq!(
        (re.number, re.kind.as_str(), re.sex),
        (12, "1112", Sex::Female)
    );
    assert_eq!(
        (re.benefit_ratio, re.burden_class.as_deref()),
        (Some(70), Some("3"))
    );
    assert_eq!(
        (re.special_notes.as_deref(), re.chart_number.as_deref()),
        (Some("0102"), Some("K9"))
    );
    assert_eq!(
        re.kana, None,
        "a record may stop before its optional fields"
    );
    let e = medical_err("RE,1,1112,202406,テスト 太郎,3,19800101");
    assert!(
        matches!(&e, UkeError::NotInCodeList { field: 6, name: "男女区分", value, .. } if value == "3"),
        "{e:?}"
    );
    let e = medical_err("RE,1,1112,202406,テスト 太郎,1");
    assert!(
        matches!(&e, UkeError::TooShort { found: 6, required: 7, id, .. } if id == "RE"),
        "{e:?}"
    );
    let e = medical_err("RE,x,1112,202406,,1,19800101");
    assert!(matches!(e, UkeError::NotANumber { field: 2, .. }), "{e:?}");
    let e = medical_err("RE,1,111,202406,,1,19800101");
    assert!(
        matches!(
            e,
            UkeError::NotANumber {
                field: 3,
                name: "レセプト種別",
                ..
            }
        ),
        "{e:?}"
    );
    let e = medical_err("RE,1,1112,202406,,1,19800230");
    assert!(matches!(e, UkeError::NotADate { field: 7, .. }), "{e:?}");
    // 平成60年 would be 2048: 平成 ended on 2019-04-30. Named as such, its value not shown.
    let e = medical_err("RE,1,1112,202406,,1,4600101");
    assert!(
        matches!(
            e,
            UkeError::OutsideEra {
                field: 7,
                name: "生年月日",
                ..
            }
        ),
        "{e:?}"
    );
    assert!(
        e.to_string()
            .contains("`RE` field 7 (生年月日) is a 和暦 date outside its era")
            && !e.to_string().contains("4600101"),
        "{e}"
    );
    // A birth after the claim's month, in either spelling.
    for birth in ["20480101", "20240701", "5060701"] {
        let e = medical_err(&format!("RE,1,1112,202406,,1,{birth}"));
        assert!(
            matches!(
                e,
                UkeError::BornAfterMonth {
                    field: 7,
                    month_field: 4,
                    ..
                }
            ),
            "{birth}: {e:?}"
        );
        assert!(!e.to_string().contains(birth), "{e}");
    }
    // Born in the month claimed: a newborn's first visit.
    assert!(matches!(
        medical("RE,1,1112,202406,,1,20240630"),
        Record::Re(_)
    ));
    let e = medical_err("RE,,1112,202406,,1,19800101");
    assert!(
        matches!(e, UkeError::MissingField { field: 2, .. }),
        "{e:?}"
    );
    let e = medical_err("RE,99999999999,1112,202406,,1,19800101");
    assert!(
        matches!(e, UkeError::NotANumber { field: 2, .. }),
        "too large for u32: {e:?}"
    );
}

#[test]
fn ho_and_ko() {
    let Record::Ho(ho) = medical("HO,  139999,,98765,3,450,,,,,,900,,,") else {
        panic!()
    };
    assert_eq!(
        (ho.insurer.as_str(), ho.symbol.as_deref()),
        ("  139999", None)
    );
    assert_eq!(
        (ho.days, ho.points, ho.burden),
        (Some(3), Some(450), Some(900))
    );
    let e = medical_err("HO,06139999,,1,1");
    assert!(
        matches!(
            e,
            UkeError::TooShort {
                found: 5,
                required: 6,
                ..
            }
        ),
        "{e:?}"
    );
    let e = medical_err("HO,06139999,,1,一,100");
    assert!(
        matches!(
            e,
            UkeError::NotANumber {
                field: 5,
                name: "診療実日数",
                ..
            }
        ),
        "{e:?}"
    );
    let Record::Ko(ko) = medical("KO,12139999,0000001,,1,75,0,,,,,") else {
        panic!()
    };
    assert_eq!(
        (ko.recipient.as_deref(), ko.burden),
        (Some("0000001"), Some(0))
    );
    let Record::Ko(ko) = parse(Layout::Pharmacy, "KO,12139999,0000001,,1,75,,30,,").unwrap() else {
        panic!()
    };
    assert_eq!(
        ko.burden,
        Some(30),
        "調剤 writes its 一部負担金額 at 項番 8"
    );
}

#[test]
fn sn_jd_mf() {
    let Record::Sn(sn) = medical("SN,2,09,,,,,1234566,") else {
        panic!()
    };
    assert_eq!(
        (sn.payer_kind, sn.confirmation),
        (PayerKind::Public1, Confirmation::ReviewBranch)
    );
    assert_eq!(sn.recipient.as_deref(), Some("1234566"));
    let e = medical_err("SN,1,10,,,,,,");
    assert!(
        matches!(&e, UkeError::NotInCodeList { field: 3, name: "確認区分", value, .. } if value == "10"),
        "{e:?}"
    );
    let e = medical_err("SN,6,01");
    assert!(
        matches!(
            e,
            UkeError::NotInCodeList {
                field: 2,
                name: "負担者種別",
                ..
            }
        ),
        "{e:?}"
    );
    let e = medical_err("SN,1,");
    assert!(
        matches!(e, UkeError::MissingField { field: 3, .. }),
        "{e:?}"
    );
    let Record::Jd(jd) = medical("JD,1,1,,2") else {
        panic!()
    };
    assert_eq!(
        (jd.day(1), jd.day(2), jd.day(3), jd.day(31), jd.day(0)),
        (Some("1"), None, Some("2"), None, None)
    );
    let e = medical_err("JD,1,1,x");
    assert!(matches!(e, UkeError::NotANumber { field: 4, .. }), "{e:?}");
    let Record::Mf(mf) = medical("MF,00") else {
        panic!()
    };
    assert_eq!(mf.class, "00");
}

#[test]
fn sy_si_iy_to_co() {
    let Record::Sy(sy) = medical("SY,0000999,20240601,1,,テスト病,01,") else {
        panic!()
    };
    assert_eq!(
        (sy.start.map(|d| d.day), sy.name.as_deref()),
        (Some(1), Some("テスト病"))
    );
    let Record::Si(si) = medical("SI,,1,160000310,1.5,,") else {
        panic!()
    };
    assert_eq!(
        (si.category, si.quantity.as_deref(), si.points),
        (None, Some("1.5"), None)
    );
    let e = medical_err("SI,11,1,11100011,,291,1");
    assert!(
        matches!(
            e,
            UkeError::NotANumber {
                field: 4,
                name: "診療行為コード",
                ..
            }
        ),
        "eight digits: {e:?}"
    );
    let e = medical_err("SI,11,1,111000110,1.2.3,291,1");
    assert!(matches!(e, UkeError::NotANumber { field: 5, .. }), "{e:?}");
    let Record::Iy(iy) = medical("IY,21,1,620000001,3,22,7") else {
        panic!()
    };
    assert_eq!(iy.count, Some(7));
    let Record::To(to) = medical("TO,40,1,700000000,1,10,1") else {
        panic!()
    };
    assert_eq!(to.points, Some(10));
    let Record::Co(co) = medical("CO,11,1,810000001,テスト") else {
        panic!()
    };
    assert_eq!(
        (co.code.as_str(), co.text.as_deref()),
        ("810000001", Some("テスト"))
    );
}

#[test]
fn pharmacy_records_and_what_a_layout_does_not_type() {
    let Record::Sh(sh) = parse(Layout::Pharmacy, "SH,2,1,,").unwrap() else {
        panic!()
    };
    assert_eq!((sh.number, sh.form.as_deref()), (2, Some("1")));
    let Record::Cz(cz) = parse(Layout::Pharmacy, "CZ,1,0603,0603,1,14").unwrap() else {
        panic!()
    };
    assert_eq!(cz.quantity.as_deref(), Some("14"));
    let Record::Co(co) = parse(Layout::Pharmacy, "CO,830000001,テスト").unwrap() else {
        panic!()
    };
    assert_eq!(co.category, None);
    // KI: the 調剤基本料 (field 5), a 薬学管理料 (field 9) and a 調剤基本料加算 (field 71).
    let mut ki = vec![String::new(); 74];
    ki[0] = "KI".into();
    ki[1] = "20260601".into();
    ki[2] = "1".into();
    ki[4] = "410000110".into();
    ki[8] = "440000110".into();
    ki[70] = "410000270".into();
    let Record::Ki(read) = parse(Layout::Pharmacy, &ki.join(",")).unwrap() else {
        panic!()
    };
    assert_eq!(read.codes, ["410000110", "440000110", "410000270"]);
    assert_eq!(read.day.as_deref(), Some("20260601"));
    ki[70] = "4100002".into();
    let e = parse(Layout::Pharmacy, &ki.join(",")).unwrap_err();
    assert!(matches!(e, UkeError::NotANumber { field: 71, .. }), "{e:?}");
    // KI is 調剤's: in a 医科 file it is kept as it is.
    assert!(matches!(medical("KI,1,"), Record::Other { .. }));
    // SH is 調剤's; in a 医科 file it is some other record, kept.
    assert!(matches!(medical("SH,2,1"), Record::Other { .. }));
    // 歯科's SI is not modelled: kept whole.
    assert!(matches!(
        parse(Layout::Dental, "SI,11,1,301000110").unwrap(),
        Record::Other { .. }
    ));
    let Record::Go(go) = medical("GO,2,300,99") else {
        panic!()
    };
    assert_eq!((go.claims, go.points, go.volume.as_str()), (2, 300, "99"));
    let e = medical_err("GO,2,300");
    assert!(matches!(e, UkeError::TooShort { required: 4, .. }), "{e:?}");
}

#[test]
fn errors_read_as_sentences_naming_the_place() {
    let e = medical_err("SN,1,10,,,,,,").to_string();
    assert_eq!(
        e,
        "line 0: `SN` field 3 (確認区分) is not in its code list (its value is not shown: the \
         record holds patient data)"
    );
    // A record that holds no patient shows the value.
    let e = medical_err("GO,x,300,99").to_string();
    assert_eq!(e, "line 0: `GO` field 2 (総件数) is not a number: `x`");
}

/// 保険者番号, 公費負担者番号, 受給者番号 and 枝番 are half-width fields of 8, 8, 7 and 2 bytes: a
/// full-width digit or one byte too many is refused, naming the field, never the value.
#[test]
fn half_width_fields_keep_their_mode_and_width() {
    // A 6-digit 国保 number right-aligned in 8 with its spaces is within the width.
    assert!(matches!(medical("HO,  138156,12,345,1,291"), Record::Ho(_)));
    assert!(matches!(
        medical("SN,1,01,06139992,1001,2345,01,"),
        Record::Sn(_)
    ));
    let e = medical_err("SN,1,01,06139992,1001,2345,０１,");
    assert!(
        matches!(
            e,
            UkeError::WrongWidth {
                field: 7,
                name: "枝番",
                width: 2,
                full_width: true,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(!e.to_string().contains('０'), "{e}");
    let e = medical_err("KO,12019998,12345678,,1,291");
    assert!(
        matches!(
            e,
            UkeError::WrongWidth {
                field: 3,
                width: 7,
                full_width: false,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(!e.to_string().contains("12345678"), "{e}");
    let e = medical_err("HO,０６１３９９９２,12,345,1,291");
    assert!(
        matches!(
            e,
            UkeError::WrongWidth {
                field: 2,
                width: 8,
                ..
            }
        ),
        "{e:?}"
    );
}

/// docs/subsidies.md ("The 受給者番号's width") quotes the error a KO 受給者番号 wider than the
/// claim's 7 digits gets (a PMH number is passed on as it is, never cut): the record and field
/// named, never the value.
#[test]
fn the_subsidy_docs_quote_the_recipient_width_error() {
    let e = medical_err("KO,52190014,123456789012,,1,291").to_string();
    let message = e.strip_prefix("line 0: ").unwrap();
    assert!(
        message.contains("`KO` field 3 (公費受給者番号)"),
        "{message}"
    );
    assert!(message.contains("at most 7 bytes"), "{message}");
    assert!(!message.contains("123456789012"), "{message}");
    let docs =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/subsidies.md"))
            .unwrap();
    let docs = docs.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        docs.contains(message),
        "docs/subsidies.md should quote: {message}"
    );
}
