//! The 訪問看護ステーション's RECEIPTH.UKE (`docs/uke.md`, "訪問看護"): the synthetic sample of
//! `tests/data/station.UKE` (テスト users only) read claim by claim and written back byte for
//! byte, and the header, frame and station records refused where they are wrong, each error
//! naming its line, record and field.
#![allow(clippy::unwrap_used)]

use mynakit_uke::{
    check, scrub, Claims, Confirmation, Date, Layout, OrderKind, Payer, Reader, Record, ScoreTable,
    StandIn, UkeError, Writer, YearMonth,
};

fn sample() -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data")
            .join("station.UKE"),
    )
    .unwrap()
}

/// `lines` as a claim file: Windows-31J, CR LF, the end mark.
fn file(lines: &[&str]) -> Vec<u8> {
    let mut bytes = Vec::new();
    for line in lines {
        bytes.extend_from_slice(&encoding_rs::SHIFT_JIS.encode(line).0);
        bytes.extend_from_slice(b"\r\n");
    }
    bytes.push(0x1a);
    bytes
}

const HM: &str = "HM,1,13,6,1399999,テスト訪問看護ステーション,202407,03-0000-0000";
const RE: &str = "RE,1,6112,202406,テスト 花子,テストハナコ,2,19600101,,,,,,H0001,";
const HO: &str = "HO,06139999,テスト,12345,1,5550,,,,,,";

fn read_error(lines: &[&str]) -> UkeError {
    check(Reader::new(&file(lines)[..])).unwrap_err()
}

fn date(year: u16, month: u8, day: u8) -> Date {
    Date { year, month, day }
}

#[test]
fn a_station_file_reads_claim_by_claim_in_its_own_layout() {
    let bytes = sample();
    let mut claims = Claims::new(Reader::new(&bytes[..])).unwrap();
    assert_eq!(claims.layout(), Layout::Nursing);
    let header = claims.header().clone();
    assert_eq!(
        (header.payer, header.table, header.institution_code.as_str()),
        (Payer::Ssk, ScoreTable::Nursing, "1399999")
    );
    assert_eq!(header.name.as_deref(), Some("テスト訪問看護ステーション"));
    assert_eq!(
        header.billing,
        YearMonth {
            year: 2024,
            month: 7
        }
    );
    assert_eq!(header.volume, "", "HM has no マルチボリューム識別情報");

    let all: Vec<_> = claims.by_ref().collect::<Result<_, _>>().unwrap();
    assert_eq!(all.len(), 2);
    assert!(claims.problems().is_empty(), "{:?}", claims.problems());
    assert!(claims.trailer().is_none(), "the station's GO is bare");

    let first = &all[0];
    assert_eq!(
        first.re.month,
        YearMonth {
            year: 2024,
            month: 6
        }
    );
    assert_eq!(
        first.re.kana.as_deref(),
        Some("テストハナコ"),
        "カタカナ at 項番 6"
    );
    assert_eq!(first.re.birth, date(1960, 1, 1));
    assert_eq!(first.re.chart_number.as_deref(), Some("H0001"));
    let ids: Vec<&str> = first.records.iter().map(Record::id).collect();
    assert_eq!(
        ids,
        ["HO", "SN", "JD", "IH", "HJ", "JS", "SY", "RJ", "KA", "KA", "KA"],
        "the last claim ends at GO"
    );
    let Record::Ho(ho) = &first.records[0] else {
        panic!()
    };
    assert_eq!(
        (ho.days, ho.points, ho.amount, ho.burden),
        (Some(2), None, Some(11150), Some(3345)),
        "合計金額 in yen where 医科 has 合計点数"
    );
    let Record::Sn(sn) = &first.records[1] else {
        panic!()
    };
    assert_eq!(sn.confirmation, Confirmation::Counter, "別表24 01 訪問時等");
    let Record::Ih(ih) = &first.records[3] else {
        panic!()
    };
    assert_eq!(ih.institution_code, "1399998");
    assert_eq!(ih.reported, Some(date(2024, 5, 20)));
    let Record::Hj(hj) = &first.records[4] else {
        panic!()
    };
    assert_eq!(hj.kind, OrderKind::Regular);
    assert!(hj.covers(date(2024, 6, 15)) && !hj.covers(date(2024, 11, 1)));
    let Record::Sy(sy) = &first.records[6] else {
        panic!()
    };
    assert_eq!(
        (sy.code.as_str(), sy.name.as_deref()),
        ("0000999", Some("テスト傷病"))
    );
    let Record::Rj(rj) = &first.records[7] else {
        panic!()
    };
    assert_eq!(rj.start, Some(date(2024, 5, 1)));
    let kas: Vec<_> = first
        .records
        .iter()
        .filter_map(|r| match r {
            Record::Ka(ka) => Some((ka.day.day, ka.code.as_str(), ka.amount)),
            _ => None,
        })
        .collect();
    assert_eq!(
        kas,
        [
            (3, "510000110", 5550),
            (3, "550002270", 50),
            (15, "510000110", 5550)
        ]
    );

    let second = &all[1];
    let Record::Ko(ko) = &second.records[1] else {
        panic!()
    };
    assert_eq!(
        (ko.payer.as_str(), ko.amount, ko.points),
        ("54139998", Some(5550), None)
    );
    let Record::Sn(sn) = &second.records[2] else {
        panic!()
    };
    assert_eq!(sn.branch.as_deref(), Some("02"));

    let found = check(Reader::new(&bytes[..])).unwrap();
    assert_eq!(
        (found.layout, found.claims, found.records),
        (Layout::Nursing, 2, 27)
    );
    assert!(found.problems.is_empty(), "{:?}", found.problems);
}

#[test]
fn the_station_sample_writes_back_byte_for_byte() {
    let bytes = sample();
    let mut writer = Writer::new(Vec::new());
    for record in Reader::new(&bytes[..]) {
        writer.write(&record.unwrap()).unwrap();
    }
    assert_eq!(writer.finish().unwrap(), bytes);
}

#[test]
fn a_bad_score_table_is_refused_naming_the_field() {
    for hm in [
        "HM,1,13,1,1399999,テスト,202407,",
        "HM,1,13,4,1399999,テスト,202407,",
    ] {
        let e = read_error(&[hm, RE, HO, "GO"]);
        assert!(
            matches!(&e, UkeError::NotInCodeList { line: 1, id, field: 4, name: "点数表", .. } if id == "HM"),
            "{e:?}"
        );
        assert!(e.to_string().contains("`HM` field 4 (点数表)"), "{e}");
    }
    // 6 belongs to HM alone: a 医科 or 調剤 header with it has no layout.
    let e = read_error(&["IR,1,13,6,1234567,,,202406,00", "GO,0,0,99"]);
    assert!(
        matches!(&e, UkeError::NotInCodeList { field: 4, .. }),
        "{e:?}"
    );
    let e = read_error(&["YK,1,13,6,4399999,テスト薬局,202406,00,", "GO,0,0,99"]);
    assert!(
        matches!(&e, UkeError::NotInCodeList { field: 4, .. }),
        "{e:?}"
    );
}

#[test]
fn a_station_file_without_the_end_mark_is_refused_at_its_end() {
    let mut bytes = sample();
    assert_eq!(bytes.pop(), Some(0x1a));
    let e = check(Reader::new(&bytes[..])).unwrap_err();
    let end = bytes.len() as u64;
    assert!(
        matches!(e, UkeError::MissingEndMark { offset } if offset == end),
        "{e:?}"
    );
    assert!(e.to_string().contains("without the end mark 0x1A"), "{e}");
}

#[test]
fn go_may_follow_the_header_or_end_the_file_but_not_be_missing() {
    // The two places public station writers put GO: right after HM, or last.
    let early = check(Reader::new(&file(&[HM, "GO", RE, HO])[..])).unwrap();
    let late = check(Reader::new(&file(&[HM, RE, HO, "GO"])[..])).unwrap();
    assert_eq!((early.claims, late.claims), (1, 1));
    let early_file = file(&[HM, "GO", RE, HO]);
    let claims = Claims::new(Reader::new(&early_file[..])).unwrap();
    assert_eq!(claims.map(Result::unwrap).count(), 1);
    let e = read_error(&[HM, RE, HO]);
    assert!(matches!(e, UkeError::MissingTrailer { line: 3 }), "{e:?}");
    // A 医科 file's GO still comes last only.
    let e = read_error(&["IR,1,13,1,1234567,,,202406,00", "GO,0,0,99", RE]);
    assert!(
        matches!(e, UkeError::RecordAfterTrailer { line: 3, .. }),
        "{e:?}"
    );
}

#[test]
fn station_records_are_refused_naming_their_field() {
    // KA 算定年月日 outside the claim's 指定訪問看護年月.
    let e = read_error(&[HM, RE, HO, "KA,20240701,1,510000110,,5550,01,,", "GO"]);
    assert!(
        matches!(&e, UkeError::DayOutsideMonth { line: 4, id, field: 2, name: "算定年月日", .. } if id == "KA"),
        "{e:?}"
    );
    // KA's code is nine digits; its 金額 is required.
    let e = read_error(&[HM, RE, HO, "KA,20240603,1,51000011,,5550,01,,", "GO"]);
    assert!(
        matches!(
            &e,
            UkeError::NotANumber {
                field: 4,
                name: "訪問看護療養費コード",
                ..
            }
        ),
        "{e:?}"
    );
    let e = read_error(&[HM, RE, HO, "KA,20240603,1,510000110,,,01,,", "GO"]);
    assert!(
        matches!(
            &e,
            UkeError::MissingField {
                field: 6,
                name: "金額",
                ..
            }
        ),
        "{e:?}"
    );
    // HJ: 指示区分 of 別表12, a 指示期間 that does not end before it starts.
    let e = read_error(&[HM, RE, HO, "HJ,07,20240501,20241031", "GO"]);
    assert!(
        matches!(
            &e,
            UkeError::NotInCodeList {
                field: 2,
                name: "指示区分",
                ..
            }
        ),
        "{e:?}"
    );
    let e = read_error(&[HM, RE, HO, "HJ,01,20240601,20240531", "GO"]);
    assert!(
        matches!(
            &e,
            UkeError::PeriodEndsBeforeStart {
                line: 4,
                field: 4,
                start_field: 3,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(!e.to_string().contains("2024"), "no patient data: {e}");
    // RE needs its fields through 生年月日, which is at 項番 8 here.
    let e = read_error(&[HM, "RE,1,6112,202406,テスト 花子,テストハナコ,2", "GO"]);
    assert!(matches!(e, UkeError::TooShort { required: 8, .. }), "{e:?}");
}

#[test]
fn a_scrubbed_station_file_keeps_no_user_and_still_reads() {
    let bytes = sample();
    let stand_in = StandIn {
        name: "試験 次郎".to_owned(),
        kana: "シケンジロウ".to_owned(),
        kana_half: "ｼｹﾝｼﾞﾛｳ".to_owned(),
    };
    let mut out = Vec::new();
    let done = scrub(Reader::new(&bytes[..]), &mut out, &stand_in).unwrap();
    assert_eq!(done.claims, 2);
    let text = encoding_rs::SHIFT_JIS.decode(&out).0;
    for secret in [
        "テスト 花子",
        "テストハナコ",
        "テスト 次郎",
        "12345",
        "テスト用の記載",
        "テスト 一郎",
        "テスト傷病",
        "19900202",
    ] {
        assert!(!text.contains(secret), "{secret} left in {text}");
    }
    assert_eq!(check(Reader::new(&out[..])).unwrap().claims, 2);
}

/// The problems `claim check` and a claim-by-claim reading find in `lines`, which both read.
fn problems(lines: &[&str]) -> Vec<mynakit_uke::Problem> {
    let bytes = file(lines);
    let checked = check(Reader::new(&bytes[..])).unwrap().problems;
    let mut claims = Claims::new(Reader::new(&bytes[..])).unwrap();
    for claim in &mut claims {
        claim.unwrap();
    }
    assert_eq!(
        claims.problems(),
        &checked[..],
        "a run finds what check finds"
    );
    checked
}

#[test]
fn a_claims_visits_agree_with_its_days_its_orders_and_its_total() {
    use mynakit_uke::Problem;
    let jd = |days: &[usize]| {
        let marks: Vec<&str> = (1..=31)
            .map(|d| if days.contains(&d) { "1" } else { "" })
            .collect();
        format!("JD,1,{}", marks.join(","))
    };
    let (jd_3_15, jd_3) = (jd(&[3, 15]), jd(&[3]));
    let hj = "HJ,01,20240501,20240610";
    let ka3 = "KA,20240603,1,510000110,,5550,01,,";
    let ka15 = "KA,20240615,1,510000110,,5550,01,,";
    let dx = "KA,20240603,1,550002270,,50,,,";
    let ho = "HO,06139999,テスト,12345,2,11150,,,,,,";
    let all = |middle: &[&str]| {
        let mut lines = vec![HM, RE];
        lines.extend_from_slice(middle);
        lines.push("GO");
        problems(&lines)
    };
    // The sample agrees with itself, and so does a claim without JD or HJ.
    let hj_all = "HJ,01,20240501,20241031";
    assert_eq!(all(&[ho, &jd_3_15, hj_all, ka3, dx, ka15]), vec![]);
    assert_eq!(all(&[ho, ka3, dx, ka15]), vec![]);
    // KA on the 15th, which JD does not mark; and a JD day without KA.
    let ho_1_day = "HO,06139999,テスト,12345,1,11150,,,,,,";
    assert_eq!(
        all(&[ho_1_day, &jd_3, hj_all, ka3, dx, ka15]),
        vec![Problem::VisitNotInJd {
            line: 8,
            number: 1,
            days: 1
        }]
    );
    assert_eq!(
        all(&["HO,06139999,テスト,12345,2,5600,,,,,,", &jd_3_15, ka3, dx]),
        vec![Problem::JdDayWithoutVisit {
            line: 4,
            number: 1,
            days: 1
        }]
    );
    // The 15th is past the 指示期間 that ends on the 10th.
    assert_eq!(
        all(&[ho, &jd_3_15, hj, ka3, dx, ka15]),
        vec![Problem::VisitOutsideOrder {
            line: 8,
            number: 1,
            days: 1
        }]
    );
    // 負担区分 `B` (別表22: the 第3公費 alone) reads, and the insurance bears none of it.
    let (ko1, ko2, ko3) = (
        "KO,54139998,0000001,,1,0,0,",
        "KO,21139998,0000002,,1,0,0,",
        "KO,51139998,0000003,,1,50,0,",
    );
    let third = "KA,20240603,B,550002270,,50,,,";
    let ho_11100 = "HO,06139999,テスト,12345,2,11100,,,,,,";
    assert_eq!(all(&[ho_11100, ko1, ko2, ko3, ka3, third, ka15]), vec![]);
    // A 負担区分 naming a payer the claim lacks: the 第3公費 with two KO, the insurance in a
    // claim of 公費 alone (what a writer that writes `1` everywhere bills).
    assert_eq!(
        all(&[ho_11100, ko1, ko2, ka3, third, ka15]),
        vec![Problem::BurdenWithoutPayer {
            line: 7,
            number: 1,
            burden: "B",
            payer: "KO",
            nth: 3
        }]
    );
    assert_eq!(
        all(&["KO,12019998,1234566,,1,5550,0,", ka3]),
        vec![Problem::BurdenWithoutPayer {
            line: 4,
            number: 1,
            burden: "1",
            payer: "HO",
            nth: 0
        }]
    );
    assert_eq!(
        all(&[
            "KO,12019998,1234566,,1,5550,0,",
            "KA,20240603,5,510000110,,5550,01,,"
        ]),
        vec![]
    );
    // HO's 合計金額 is not its items' sum.
    assert_eq!(
        all(&["HO,06139999,テスト,12345,2,11100,,,,,,", ka3, dx, ka15]),
        vec![Problem::TotalAmount {
            line: 3,
            number: 1,
            said: 11100,
            read: 11150
        }]
    );
    // Each claim on its own: the first claim's problem is found before the second begins.
    let re2 = "RE,2,6112,202406,テスト 次郎,テストジロウ,1,19900202,,,,,,H0002,";
    let found = problems(&[
        HM,
        RE,
        "HO,06139999,テスト,12345,1,1,,,,,,",
        ka3,
        re2,
        "HO,06139999,テスト,12346,1,5550,,,,,,",
        ka3,
        "GO",
    ]);
    assert_eq!(
        found,
        vec![Problem::TotalAmount {
            line: 3,
            number: 1,
            said: 1,
            read: 5550
        }]
    );
}

#[test]
fn a_claims_days_are_its_jd_days_and_its_month_is_before_the_billing() {
    use mynakit_uke::Problem;
    let ka3 = "KA,20240603,1,510000110,,5550,01,,";
    let ka15 = "KA,20240615,1,510000110,,5550,01,,";
    let jd = "JD,1,,,1,,,,,,,,,,,,1,,,,,,,,,,,,,,,,";
    let claim = |hm: &str, ho: &str, more: &[&str]| {
        let mut lines = vec![hm, RE, ho, jd];
        lines.extend_from_slice(more);
        lines.extend_from_slice(&[ka3, ka15, "GO"]);
        problems(&lines)
    };
    let ho = |days: u32| format!("HO,06139999,テスト,12345,{days},11100,,,,,,");
    // Two days visited, two counted: the claim agrees with itself.
    assert_eq!(claim(HM, &ho(2), &[]), vec![]);
    // 実日数 left at the first visit's 1, or counting the KA items (3 with the 加算).
    for said in [1, 3] {
        assert_eq!(
            claim(HM, &ho(said), &[]),
            vec![Problem::DaysCounted {
                line: 3,
                number: 1,
                record: "HO",
                said,
                read: 2
            }]
        );
    }
    // A day of code 2 (別表25 「計上しない」) is marked, not counted.
    let jd_2 = "JD,1,,,1,,,,,,,,,,,,2,,,,,,,,,,,,,,,,";
    let lines = [HM, RE, &ho(1), jd_2, ka3, ka15, "GO"];
    assert_eq!(problems(&lines), vec![]);
    // A KO's 実日数 against the JD of its own 負担者種別 (2, the 第1公費).
    let ko = |days: u32| format!("KO,54139998,0000001,,{days},0,0,");
    let jd_public = "JD,2,,,1,,,,,,,,,,,,,,,,,,,,,,,,,,,,";
    assert_eq!(claim(HM, &ho(2), &[&ko(1), jd_public]), vec![]);
    assert_eq!(
        claim(HM, &ho(2), &[&ko(2), jd_public]),
        vec![Problem::DaysCounted {
            line: 5,
            number: 1,
            record: "KO",
            said: 2,
            read: 1
        }]
    );
    // 請求年月 202406, the month of the visits: claimed before the month has ended.
    let june = "HM,1,13,6,1399999,テスト訪問看護ステーション,202406,";
    assert_eq!(
        claim(june, &ho(2), &[]),
        vec![Problem::ClaimedBeforeMonthEnds {
            line: 2,
            number: 1,
            month: YearMonth {
                year: 2024,
                month: 6
            },
            billing: YearMonth {
                year: 2024,
                month: 6
            },
        }]
    );
    // A 月遅れ claim of an earlier month in July's file is not.
    let august = "HM,1,13,6,1399999,テスト訪問看護ステーション,202408,";
    assert_eq!(claim(august, &ho(2), &[]), vec![]);
}

/// One claim per user, payer and month: the same user claimed twice (an import a claim) is a
/// 重複請求; a 家族 of the same 記号・番号 (another 枝番), the user in another month or to another
/// insurer, and a 公費単独 user of another 受給者番号 are not.
#[test]
fn a_user_claimed_twice_in_one_file_is_a_duplicate() {
    use mynakit_uke::Problem;
    let claim = |n: u32, birth: &str, ho: &str, branch: &str, day: &str| {
        [
            format!("RE,{n},6112,202406,テスト 花子,テストハナコ,2,{birth},,,,,,H0001,"),
            ho.to_owned(),
            format!("SN,1,01,,,,{branch}"),
            format!(
                "JD,1,{}",
                (1..=31)
                    .map(|d| if d.to_string() == day { "1" } else { "" })
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            format!("KA,202406{day:0>2},1,510000110,,5550,01,,"),
        ]
    };
    let run = |claims: &[[String; 5]]| {
        let mut lines: Vec<&str> = vec![HM];
        lines.extend(claims.iter().flatten().map(String::as_str));
        lines.push("GO");
        problems(&lines)
    };
    let ho = "HO,06139999,テスト,12345,1,5550,,,,,,";
    let first = claim(1, "19600101", ho, "00", "3");
    assert_eq!(run(std::slice::from_ref(&first)), vec![]);
    // The same user again, another day: a second claim.
    assert_eq!(
        run(&[first.clone(), claim(2, "19600101", ho, "00", "15")]),
        vec![Problem::DuplicateClaim {
            line: 7,
            number: 2,
            first_line: 2,
            first: 1
        }]
    );
    // 記号・番号 written with spaces either side is the same user.
    let spaced = "HO,06139999,テスト, 12345,1,5550,,,,,,";
    assert_eq!(
        run(&[first.clone(), claim(2, "19600101", spaced, "00", "15")]).len(),
        1
    );
    // Another 枝番 (a 家族), another birth day, another insurer: other claims.
    let other_insurer = "HO,06139992,テスト,12345,1,5550,,,,,,";
    assert_eq!(
        run(&[
            first.clone(),
            claim(2, "19600101", ho, "01", "15"),
            claim(3, "19610101", ho, "00", "15"),
            claim(4, "19600101", other_insurer, "00", "15"),
        ]),
        vec![]
    );
}

/// A KO's 受給者番号 is seven digits, zero-filled from the left: six digits, or a letter, is
/// the file's own problem; none written (a 公費 without one) is not.
#[test]
fn a_recipient_number_is_seven_digits() {
    use mynakit_uke::Problem;
    let claim = |ko: &str| {
        problems(&[
            HM,
            "RE,1,6212,202406,テスト 花子,テストハナコ,2,19600101,,,,,,H0001,",
            ko,
            "SN,2,01",
            "JD,2,,,1,,,,,,,,,,,,,,,,,,,,,,,,,,,,",
            "KA,20240603,5,510000110,,5550,01,,",
            "GO",
        ])
    };
    assert_eq!(claim("KO,12019998,0234566,,1,5550,0,"), vec![]);
    assert_eq!(claim("KO,12019998,,,1,5550,0,"), vec![]);
    for (ko, width) in [
        ("KO,12019998,234566,,1,5550,0,", 6),
        ("KO,12019998,023456A,,1,5550,0,", 7),
    ] {
        assert_eq!(
            claim(ko),
            vec![Problem::RecipientWidth {
                line: 3,
                number: 1,
                width
            }]
        );
    }
}

/// A file is for one 審査支払機関 (HM): a 国保 (six digits) or 後期 (法別 39) user's claim goes
/// to the 国保連's file, a 健保組合's to the 支払基金's; a claim in the other's file is the
/// file's own problem, a 公費単独 claim (no HO) is not judged.
#[test]
fn a_file_holds_the_claims_of_its_own_payer() {
    use mynakit_uke::{Payer, Problem};
    assert_eq!(Payer::of_insurer("  138222"), Some(Payer::Kokuho));
    assert_eq!(Payer::of_insurer("39131234"), Some(Payer::Kokuho));
    assert_eq!(Payer::of_insurer("06139999"), Some(Payer::Ssk));
    assert_eq!(Payer::of_insurer("1234"), None);
    let claim = |hm: &str, ho: &str| {
        problems(&[
            hm,
            RE,
            ho,
            "SN,1,01,,,,,,",
            "JD,1,,,1,,,,,,,,,,,,,,,,,,,,,,,,,,,,",
            "KA,20240603,1,510000110,,5550,01,,",
            "GO",
        ])
    };
    let kokuho_hm = "HM,2,13,6,1399999,テスト訪問看護ステーション,202407,03-0000-0000";
    let kokuho_ho = "HO,  138222,テスト,12345,1,5550,,,,,,";
    assert_eq!(claim(HM, HO), vec![]);
    assert_eq!(claim(kokuho_hm, kokuho_ho), vec![]);
    let wrong = claim(HM, kokuho_ho);
    assert!(
        matches!(
            wrong.as_slice(),
            [Problem::PayerOfInsurer {
                line: 3,
                number: 1,
                belongs_code: "2",
                said_code: "1",
                ..
            }]
        ),
        "{wrong:?}"
    );
    assert_eq!(claim(kokuho_hm, HO).len(), 1);
}
