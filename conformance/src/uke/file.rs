//! `UKE-file-reads`: the claim file the client wrote reads whole and agrees with itself, as
//! `mynakit claim check` judges it (`docs/uke.md`, "Checking a claim file"): the run's reading
//! ([`mynakit_timeline::ClaimFile::read`]) and the command's ([`mynakit_uke::check`]) use the
//! one reader with the same options and the same tally, so the same bytes get the same verdict.

use super::any_visit;
use super::words::file as words;
use crate::check::{Evidence, Verdict};
use crate::run::Run;

check! {
    /// `UKE-file-reads`: RECEIPTC.UKE reads to its end mark, and GO's totals are its own.
    FileReads {
        id: "UKE-file-reads",
        severity: Failed,
        rule: "A レセコン that writes the claim file (claim-file) writes one that reads whole by \
               the 記録条件仕様: Windows-31J records ending in CR LF, the header (IR or YK), the \
               claims and the GO trailer in order, every field of its kind (a date that exists, a \
               code of its list), the end mark 0x1A right after the last CR LF and nothing after \
               it; every claim names its payer (HO or KO), and GO's 総件数 is the number of \
               claims and its 総合計点数 the sum of their 合計点数 (each claim's HO, or its first \
               KO without HO). In a 訪問看護 file (RECEIPTH.UKE) each claim's KA days are its JD \
               days and within its HJ 指示期間, its HO 合計金額 is the sum of the KA the 医療保険 \
               bears, and each KA's 負担区分 (別表22) names only payers the claim has (the \
               医療保険 with an HO, the n-th 公費 with an n-th KO); each HO's and KO's 実日数 \
               is the number of days its payer's JD counts (別表25 code 1), and each claim's \
               指定訪問看護年月 is before HM's 請求年月, and no user is claimed twice to one \
               payer in one month (the same RE 指定訪問看護年月 and 生年月日, HO 保険者番号, 記号, \
               番号 and SN 枝番, or KO 負担者番号 and 受給者番号: a 重複請求), and each KO \
               受給者番号 is seven digits, zero-filled from the left (since 2026-11-29). \
               The same bytes that \
               `mynakit claim check` refuses fail here.",
        rationale: "The 審査支払機関 reads the file before any claim in it: a file that does not \
                    read is refused whole (every claim of the month comes back), and a GO \
                    whose totals are not the claims' is a 請求書 that does not match its \
                    レセプト. A run that judged only the claims it could read would pass a file \
                    the office refuses.",
        reference: "厚生労働省「オンライン又は光ディスク等による請求に係る記録条件仕様」(医科用, \
                     調剤用: 第1章 記録形式, GO 診療報酬請求書レコード 総件数・総合計点数); \
                     docs/uke.md#checking-a-claim-file",
        roles: [ReceiptComputer],
        evaluate: file_reads,
    }
}

fn file_reads(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let visit = match any_visit(e, run) {
        Ok(visit) => visit,
        Err(verdict) => return verdict,
    };
    let file = visit.file;
    if file.missing {
        // No file to read: whether the visit needed one is the other `UKE-` checks' word.
        return Verdict::NotApplicable(words::not_written(visit.path));
    }
    if let Some(error) = &file.error {
        return Verdict::Fail(words::unreadable(visit.path, error));
    }
    if !file.problems.is_empty() {
        return Verdict::Fail(words::inconsistent(
            visit.path,
            &file.problems,
            &file.problem_kinds,
        ));
    }
    Verdict::Pass(words::reads(visit.path, file.count()))
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;

    use super::*;
    use crate::testkit::*;

    const PUSH: &str = "face/OQSsiquc01res_face_1_20261101090000.xml";

    const GOOD: &str = "IR,1,13,1,1234567,,,202611,00\r\nRE,1,1112,202611,,1,19800101\r\n\
        HO,06139992,,345,1,291\r\nSN,1,01,,,,00\r\nGO,1,291,99\r\n\x1a";

    /// The verdict's level word and reason of `UKE-file-reads` on `file`.
    fn judged(file: &[u8]) -> (bool, String) {
        let tl = Tl::new()
            .file(PUSH, "face-written")
            .content(
                PUSH,
                "UTF-8",
                &[
                    ("QualificationValidity", "1"),
                    ("InsurerNumber", "06139992"),
                ],
                &[],
            )
            .result("eligible")
            .claim_file_bytes(file);
        let r = result(Outcome::Eligible, &[]);
        let e = evidence(&tl.events, &r);
        match judge(&FileReads, &e) {
            Verdict::Pass(reason) => (true, reason.en().to_owned()),
            Verdict::Fail(reason) => (false, reason.en().to_owned()),
            other => panic!("{other:?}"),
        }
    }

    fn with(from: &str, to: &str) -> Vec<u8> {
        GOOD.replacen(from, to, 1).into_bytes()
    }

    #[test]
    fn a_whole_file_passes_and_every_way_to_break_it_fails_naming_the_place() {
        let (passed, reason) = judged(GOOD.as_bytes());
        assert!(passed, "{reason}");
        assert!(reason.contains("reads whole: 1 claim"), "{reason}");

        let cases: [(Vec<u8>, &str); 7] = [
            (with("\x1a", ""), "without the end mark"),
            (with("\x1a", "\x1ax"), "after the end mark"),
            (
                with("GO,1,", "GO,2,"),
                "GO says 2 claim(s), the file holds 1",
            ),
            (with("GO,1,291", "GO,1,300"), "GO says 300 point(s) in all"),
            (with("19800101", "19800230"), "line 2"),
            (with("HO,06139992,,345,1,291\r\n", ""), "neither HO nor KO"),
            (with("GO,1,291,99\r\n\x1a", "GO,1,29"), "ends without CR LF"),
        ];
        for (bytes, named) in cases {
            let (passed, reason) = judged(&bytes);
            assert!(!passed, "{named}: {reason}");
            assert!(reason.contains(named), "{named}: {reason}");
        }
    }

    /// A station's file that cannot be read as far as its header (a broken first record) is
    /// one finding, `UKE-file-reads`'s: the 医科 checks, which read a claim against the answer,
    /// are NOT-APPLICABLE rather than blamed for it. A 医科 file so broken is still theirs.
    /// A 国保 user's claim in the 支払基金's station file is returned as the office's error, in
    /// its own words, not as a 請求書 (GO) that does not match; another problem of the file
    /// (HO 実日数 not the JD's days) is said in the common words beside it.
    #[test]
    fn a_claim_of_another_payer_s_file_is_said_as_that_error() {
        let file = |days: &str| {
            format!(
                "HM,1,13,6,9999999,,202612,\r\nRE,1,6112,202611,,,1,19800101\r\n\
                 HO,138222,,345,{days},5550\r\nSN,1,01\r\nJD,1,,,1\r\n\
                 KA,20261103,1,510000110,,5550,01\r\nGO\r\n\x1a"
            )
        };
        let judged = |bytes: String| {
            let tl = Tl::new()
                .file(PUSH, "face-written")
                .content(PUSH, "UTF-8", &[("QualificationValidity", "1")], &[])
                .result("eligible")
                .claim_file_bytes_of(bytes.as_bytes(), "6");
            let r = result(Outcome::Eligible, &[]);
            judge(&FileReads, &evidence(&tl.events, &r))
        };
        let judged_go = judged(file("1"));
        let Verdict::Fail(reason) = judged_go else {
            panic!("a claim in another payer's file: {judged_go:?}")
        };
        let (en, ja) = (reason.en(), reason.ja().unwrap());
        assert!(en.contains("返戻: 審査支払機関の誤り"), "{en}");
        assert!(!en.contains("請求書 (GO)"), "{en}");
        assert!(ja.contains("返戻: 審査支払機関の誤り"), "{ja}");
        assert!(!ja.contains("請求書 (GO)"), "{ja}");
        let judged_go = judged(file("2"));
        let Verdict::Fail(reason) = judged_go else {
            panic!("and HO 実日数 2: {judged_go:?}")
        };
        let en = reason.en();
        assert!(
            en.contains("審査支払機関の誤り") && en.contains("実日数の誤り"),
            "{en}"
        );
        assert!(!en.contains("請求書 (GO)"), "{en}");
    }

    /// Each problem of a station's file is returned in its own words, in both languages, with
    /// the public rule it rests on; a problem of another kind, or of a report that keeps no
    /// kinds, in the common words of a 請求書 (GO) that does not match.
    #[test]
    fn each_station_problem_is_returned_in_its_own_words() {
        use mynakit_timeline::Coded;
        for (kind, en_said, ja_said, rule) in [
            ("days-counted", "実日数の誤り", "実日数の誤り", "別表25"),
            (
                "claimed-before-month-ends",
                "請求年月の誤り",
                "請求年月の誤り",
                "平成4年厚生省令第5号",
            ),
            (
                "recipient-width",
                "公費受給者番号の誤り",
                "公費受給者番号の誤り",
                "公費レコード",
            ),
            (
                "duplicate-claim",
                "重複請求",
                "重複請求",
                "記録条件仕様（訪問看護用）",
            ),
        ] {
            let reason = super::words::inconsistent(
                "RECEIPTH.UKE",
                &["line 3: …".to_owned()],
                &[Coded::read(kind)],
            );
            let (en, ja) = (reason.en(), reason.ja().unwrap());
            assert!(en.contains(&format!("返戻: {en_said}")), "{kind}: {en}");
            assert!(
                en.contains(rule) && ja.contains(rule),
                "{kind}: {en} / {ja}"
            );
            assert!(ja.contains(&format!("返戻: {ja_said}")), "{kind}: {ja}");
            assert!(
                !en.contains("請求書 (GO)") && !ja.contains("請求書 (GO)"),
                "{en}"
            );
        }
        let reason = super::words::inconsistent(
            "RECEIPTH.UKE",
            &["a".to_owned(), "b".to_owned()],
            &[Coded::read("duplicate-claim"), Coded::read("total-amount")],
        );
        let en = reason.en();
        assert!(
            en.contains("重複請求") && en.contains("請求書 (GO)"),
            "{en}"
        );
        let reason = super::words::inconsistent("RECEIPTH.UKE", &["a".to_owned()], &[]);
        assert!(
            reason.en().contains("返戻: a 請求書 (GO)"),
            "{}",
            reason.en()
        );
    }

    #[test]
    fn an_unreadable_station_file_is_one_finding_of_this_check() {
        let broken = b"HM\xff,2,13\r\nRE,1\r\n\x1a";
        let judged = |table: &str| {
            let tl = Tl::new()
                .file(PUSH, "face-written")
                .content(
                    PUSH,
                    "UTF-8",
                    &[
                        ("QualificationValidity", "1"),
                        ("InsurerNumber", "06139992"),
                    ],
                    &[],
                )
                .result("eligible")
                .claim_file_bytes_of(broken, table);
            let r = result(Outcome::Eligible, &[]);
            let e = evidence(&tl.events, &r);
            let checks: [&dyn crate::check::Check; 4] = [
                &FileReads,
                &crate::uke::insurer::Insurer,
                &crate::uke::share::Share,
                &crate::uke::addition::Addition,
            ];
            checks.map(|c| judge(c, &e))
        };
        let [reads, insurer, share, addition] = judged("6");
        assert!(matches!(reads, Verdict::Fail(_)), "{reads:?}");
        for verdict in [insurer, share, addition] {
            match verdict {
                Verdict::NotApplicable(reason) => assert!(
                    reason
                        .en()
                        .contains("could not be read: UKE-file-reads says why"),
                    "{reason:?}"
                ),
                other => panic!("{other:?}"),
            }
        }
        let [reads, insurer, ..] = judged("1");
        assert!(matches!(reads, Verdict::Fail(_)), "{reads:?}");
        assert!(!matches!(insurer, Verdict::NotApplicable(_)), "{insurer:?}");
    }
}
