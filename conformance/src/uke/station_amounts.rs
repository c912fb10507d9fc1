//! `UKE-station-amounts`: a 訪問看護ステーション's claim file (RECEIPTH.UKE) prices each item as
//! the rules price its code, and totals each payer's share of them (`docs/uke.md`, "The
//! station's amounts"). A 返戻 prediction, as `UKE-visits` is: the 審査支払機関 returns a claim
//! whose amounts are wrong.
//!
//! - each KA's 金額 is its code's price on the KA's day × its 数量データ (1 when none is
//!   written), where the dated rules price the code ([`StationPrice`]); a code they do not price
//!   is not guessed, and the finding says so. The held 2024-06 prices end on 2026-05-31 (the
//!   令和8年度改定, [`mynakit_protocol::StationRevision`]): from 2026-06-01 a code is priced only
//!   by the vendor's table, and a KA it does not price is said, not judged. A price the run's vendor table gives
//!   (`mynakit run --station-prices`, `docs/rules.md`, "Setting a station's prices") is used
//!   as the dated rules' own, and the finding names the table's line as its source; A KA of 金額 0 is a 加算 priced as a rate, whose
//!   amount the spec adds into the item it raises (記録条件仕様（訪問看護用）, 訪問看護療養費
//!   レコード 「金額」 2), so the items of its day are not held to a price either;
//! - HO's 合計金額 is the sum of the KA 金額 the 医療保険 bears, and each KO's the sum of those
//!   its 公費 bears (負担区分, 別表22: [`mynakit_uke::Borne`]), whatever their prices.

use mynakit_protocol::{PriceSource, PriceTable, StationPrice};
use mynakit_timeline::{ClaimFile, ClaimSummary, ClaimedCode};
use mynakit_uke::Borne;

use super::words::station_addition::not_a_station_file;
use super::words::station_amounts as words;
use crate::check::{Evidence, Verdict};
use crate::reason::Reason;
use crate::run::Run;

check! {
    /// `UKE-station-amounts`: KA 金額 the code's price × 数量; HO/KO 合計金額 their sum.
    StationAmounts {
        id: "UKE-station-amounts",
        severity: Failed,
        rule: "A 訪問看護ステーション's レセコン that writes the claim file (claim-file, \
               RECEIPTH.UKE) bills each KA at its code's price on the KA's 算定年月日 times its \
               数量データ (1 when none is written), where the dated rules price the code (the \
               2024-06 prices hold to 2026-05-31; from 2026-06-01, the 令和8年度改定, only the \
               vendor's table the run was given prices a visit; a code they do not price, nor \
               that table, and the items of a day that also bills a KA of 金額 0, a 加算 by \
               rate, are not judged against a price); and writes in HO the sum of the KA 金額 \
               the 医療保険 bears and in each KO the sum of those its 公費 bears, by each KA's \
               負担区分 (別表22).",
        rationale: "A claim whose item is not priced as the 訪問看護療養費 is, or whose payer's \
                    合計金額 is not the sum of its items, is returned by the 審査支払機関 (返戻: \
                    金額の誤り) or corrected: the station is paid late or less, and the user's \
                    一部負担金 was computed from a wrong total.",
        reference: "厚生労働省「オンラインによる請求に係る記録条件仕様（訪問看護用）」令和6年6月版 \
                     (保険者レコード・公費レコード 合計金額; 訪問看護療養費レコード 金額, 数量データ; \
                     別表22 負担区分コード); 訪問看護療養費マスター; docs/uke.md#the-stations-amounts",
        roles: [ReceiptComputer],
        evaluate: station_amounts,
    }
}

/// What the claims' amounts said, gathered over the file.
#[derive(Default)]
struct Tally {
    failed: Vec<Reason>,
    notes: Vec<Reason>,
    unpriced: Vec<String>,
    /// The codes whose public price ended before their KA's day (a revision's first day),
    /// with that day, once each.
    ended: Vec<(String, &'static str)>,
    /// The KA of those codes.
    ended_items: usize,
    /// The table's rows that priced a KA: their code and line, once each.
    from_table: Vec<(String, usize)>,
    folded: usize,
    priced: usize,
    totals: usize,
}

fn station_amounts(evidence: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let (path, file) = match super::claim_file(run) {
        Ok(found) => found,
        Err(verdict) => return verdict,
    };
    if !file.is_station() {
        return Verdict::NotApplicable(not_a_station_file(path));
    }
    let billing: Vec<&ClaimSummary> = billing(file).collect();
    if billing.is_empty() {
        return Verdict::NotApplicable(words::nothing_billed(path, file.error.is_some()));
    }
    let mut tally = Tally::default();
    for claim in &billing {
        prices(path, claim, evidence.station_prices, &mut tally);
        totals(path, claim, &mut tally);
    }
    let mut notes = tally.notes;
    if !tally.from_table.is_empty() {
        notes.push(words::from_table(
            evidence.station_prices.name(),
            &tally.from_table,
        ));
    }
    if !tally.unpriced.is_empty() {
        notes.push(words::unpriced(&tally.unpriced));
    }
    if !tally.ended.is_empty() {
        notes.push(words::ended(tally.ended_items, &tally.ended));
    }
    if tally.folded > 0 {
        notes.push(words::folded(tally.folded));
    }
    // A station's claims are all kept but past the run's bound of entries: the rest are
    // counted, and the finding says it judged only those kept.
    if file.omitted > 0 {
        notes.push(words::cut(path, file.claims.len(), file.omitted));
    }
    let said = if tally.failed.is_empty() {
        words::agree(path, billing.len(), tally.priced, tally.totals)
    } else {
        words::each(&tally.failed.iter().collect::<Vec<&Reason>>())
    };
    let said = std::iter::once(&said)
        .chain(&notes)
        .collect::<Vec<&Reason>>();
    let reason = words::each(&said);
    if tally.failed.is_empty() {
        Verdict::Pass(reason)
    } else {
        Verdict::Fail(reason)
    }
}

/// The claims that bill a KA (whose amounts the file's reading kept).
fn billing(file: &ClaimFile) -> impl Iterator<Item = &ClaimSummary> {
    file.claims
        .iter()
        .filter(|c| c.procedures.iter().any(|p| p.amount.is_some()))
}

/// The claim's KA, each with its 金額.
fn items(claim: &ClaimSummary) -> impl Iterator<Item = (&ClaimedCode, u64)> {
    claim
        .procedures
        .iter()
        .filter_map(|p| p.amount.map(|amount| (p, amount)))
}

/// Each KA's 金額 against its code's price × 数量 on its day.
fn prices(path: &str, claim: &ClaimSummary, table: &PriceTable, tally: &mut Tally) {
    let month = claim.month.as_str();
    // The days of the month with a KA of 金額 0: a 加算 by rate, added into another item.
    let folded: Vec<u8> = items(claim)
        .filter(|(_, amount)| *amount == 0)
        .flat_map(|(ka, _)| ka.days.iter().copied())
        .collect();
    for (ka, amount) in items(claim) {
        let Some(&day) = ka.days.first() else {
            continue;
        };
        let iso = format!(
            "{}-{}-{day:02}",
            month.get(..4).unwrap_or_default(),
            month.get(4..6).unwrap_or_default()
        );
        let quantity = match ka.quantity.as_deref() {
            None => Some(1),
            Some(q) => q.parse::<u64>().ok(),
        };
        match (StationPrice::on(&ka.code, &iso, table), quantity) {
            (Some(_), _) if amount == 0 || folded.contains(&day) => tally.folded += 1,
            (Some(price), Some(quantity)) => {
                tally.priced += 1;
                if let PriceSource::Table { line, .. } = price.source {
                    let row = (ka.code.clone(), line);
                    if !tally.from_table.contains(&row) {
                        tally.from_table.push(row);
                    }
                }
                if price.yen.checked_mul(quantity) != Some(amount) {
                    tally
                        .failed
                        .push(words::wrong_amount(path, claim, ka, &iso, &price, quantity));
                }
            }
            // A held price that ended with a revision no public source here gives the prices
            // of ("the newest notice wins"), and no row of the vendor's table: said, not judged.
            (None, _) if StationPrice::ended(&ka.code, &iso).is_some() => {
                let ended = StationPrice::ended(&ka.code, &iso).map(|r| r.date());
                let row = (ka.code.clone(), ended.unwrap_or_default());
                tally.ended_items += 1;
                if !tally.ended.contains(&row) {
                    tally.ended.push(row);
                }
            }
            // No price, or a 数量 that is no whole number (the spec writes 整数値).
            _ => {
                if !tally.unpriced.contains(&ka.code) {
                    tally.unpriced.push(ka.code.clone());
                }
            }
        }
    }
}

/// HO's and each KO's 合計金額 against the sum of the KA 金額 their payer bears.
fn totals(path: &str, claim: &ClaimSummary, tally: &mut Tally) {
    let mut borne = Borne::default();
    for (ka, amount) in items(claim) {
        borne.add(ka.burden.as_deref().unwrap_or_default(), amount);
    }
    let insurance = claim
        .insurer
        .as_ref()
        .map(|ho| ("HO", ho.line, ho.amount, 0));
    let public = claim
        .public_expenses
        .iter()
        .enumerate()
        .map(|(i, ko)| ("KO", ko.line, ko.amount, i + 1));
    for (record, line, said, payer) in insurance.into_iter().chain(public) {
        let Some(said) = said else {
            continue;
        };
        let Some(sum) = borne.of(payer) else {
            if payer < mynakit_uke::PAYERS {
                tally.notes.push(words::unknown_burden(path, claim));
                return;
            }
            continue;
        };
        tally.totals += 1;
        if said != sum {
            tally
                .failed
                .push(words::wrong_total(path, claim, record, line, said, sum));
        }
    }
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;

    use super::*;
    use crate::testkit::*;

    fn verdict(claim: &[&str]) -> Verdict {
        verdict_with(claim, &mynakit_protocol::NO_PRICE_TABLE)
    }

    fn verdict_with(claim: &[&str], table: &PriceTable) -> Verdict {
        verdict_in("202611", claim, table)
    }

    /// The claim of `month` (`YYYYMM`, its RE 指定訪問看護年月).
    fn verdict_in(month: &str, claim: &[&str], table: &PriceTable) -> Verdict {
        let re = format!("RE,1,6112,{month},,,1,19850412");
        let mut lines = vec![re.as_str()];
        lines.extend_from_slice(claim);
        lines.push("GO");
        let hm = "HM,1,13,6,9999999,試験訪問看護ステーション,202612,";
        let tl = Tl::new()
            .result("eligible")
            .claim_file_of(hm, Some("6"), &lines);
        let r = result(Outcome::Eligible, &[]);
        let evidence = Evidence {
            station_prices: table,
            ..evidence(&tl.events, &r)
        };
        judge(&StationAmounts, &evidence)
    }

    #[test]
    fn priced_items_and_their_sums_pass_and_an_unpriced_code_is_said() {
        let judged = verdict(&[
            "HO,06139992,,2345,1,5600",
            "KA,20261103,1,510000110,,5550,01",
            "KA,20261103,1,550002270,,50",
        ]);
        let Verdict::Pass(reason) = judged else {
            panic!("{judged:?}")
        };
        assert!(reason.en().contains("1 HO/KO 合計金額"), "{}", reason.en());
        assert!(reason.ja().unwrap().contains("合計"), "{reason:?}");
    }

    #[test]
    fn an_amount_off_by_one_quantity_fails_at_its_line_and_field() {
        let judged = verdict(&[
            "HO,06139992,,2345,1,5650",
            "KA,20261103,1,510000110,,5550,01",
            "KA,20261103,1,550002270,,100",
        ]);
        let Verdict::Fail(reason) = judged else {
            panic!("{judged:?}")
        };
        let en = reason.en();
        assert!(en.starts_with("RE 1 (RECEIPTC.UKE line 2)"), "{en}");
        assert!(en.contains("KA at line 5 (field 5 金額)"), "{en}");
        assert!(
            en.contains("50 yen (from 2024-06-01) × 数量 1 = 50"),
            "{en}"
        );
        assert_eq!(reason.facts().claim_lines[0].line, 5);
        // The same 金額 for 数量 2 is its price.
        let judged = verdict(&["HO,06139992,,2345,1,100", "KA,20261103,1,550002270,2,100"]);
        assert!(matches!(judged, Verdict::Pass(_)), "{judged:?}");
    }

    #[test]
    fn each_payer_s_total_is_the_sum_it_bears() {
        // The HO leaves out the 加算.
        let judged = verdict(&[
            "HO,06139992,,2345,1,5550",
            "KA,20261103,1,510000110,,5550,01",
            "KA,20261103,1,550002270,,50",
        ]);
        let Verdict::Fail(reason) = judged else {
            panic!("{judged:?}")
        };
        assert!(
            reason
                .en()
                .contains("HO at line 3 (field 5 合計金額) says 5550 yen"),
            "{}",
            reason.en()
        );
        assert!(reason.en().contains("add up to 5600"), "{}", reason.en());
        // 医保 and 第1公費 bear the visit; the 公費 alone bears the 加算 (負担区分 5).
        let both = [
            "HO,06139992,,2345,1,5550",
            "KO,21136010,1234566,,1,5600",
            "KA,20261103,2,510000110,,5550,01",
            "KA,20261103,5,550002270,,50",
        ];
        assert!(matches!(verdict(&both), Verdict::Pass(_)));
        let wrong = [both[0], "KO,21136010,1234566,,1,5550", both[2], both[3]];
        let Verdict::Fail(reason) = verdict(&wrong) else {
            panic!("the KO's total")
        };
        assert!(reason.en().contains("KO at line 4"), "{}", reason.en());
        // A 負担区分 outside 別表22: the totals are not judged, and the finding says so.
        let unknown = ["HO,06139992,,2345,1,1", "KA,20261103,8,550002270,,50"];
        let Verdict::Pass(reason) = verdict(&unknown) else {
            panic!("an unknown 負担区分")
        };
        assert!(reason.en().contains("outside 別表22"), "{}", reason.en());
    }

    #[test]
    fn unpriced_codes_and_rate_additions_are_not_guessed() {
        // 550003270 is dated, with no price read; 599999999 is no code held.
        let judged = verdict(&[
            "HO,06139992,,2345,1,1234",
            "KA,20261103,1,550003270,,1000",
            "KA,20261103,1,599999999,,234",
        ]);
        let Verdict::Pass(reason) = judged else {
            panic!("{judged:?}")
        };
        assert!(
            reason
                .en()
                .contains("2 KA of code(s) 550003270, 599999999 not judged"),
            "{}",
            reason.en()
        );
        // A rate 加算 (金額 0) the same day: the day's items are not held to their price.
        let judged = verdict(&[
            "HO,06139992,,2345,1,75",
            "KA,20261103,1,550002270,,75",
            "KA,20261103,1,599999999,,0",
        ]);
        let Verdict::Pass(reason) = judged else {
            panic!("{judged:?}")
        };
        assert!(
            reason.en().contains("1 KA on days with a KA of 金額 0"),
            "{}",
            reason.en()
        );
    }

    #[test]
    fn a_vendor_table_prices_what_no_public_source_does_and_is_named() {
        let table = StationPrice::table(
            "prices.tsv",
            b"# R8\n550003270\t2026-06-01\t100\n510000110\t2026-06-01\t5600\n",
        )
        .unwrap_or_default();
        assert_eq!(table.rows().len(), 2);
        let claim = [
            "HO,06139992,,2345,1,5700",
            "KA,20261103,1,510000110,,5600,01",
            "KA,20261103,1,550003270,,100",
        ];
        let Verdict::Pass(reason) = verdict_with(&claim, &table) else {
            panic!("priced by the table")
        };
        let en = reason.en();
        assert!(en.contains("2 KA 金額 are their code's price"), "{en}");
        assert!(
            en.contains(
                "priced by the vendor's table prices.tsv, not by a public source: \
                 510000110 (line 3), 550003270 (line 2)"
            ),
            "{en}"
        );
        // Without the table, neither is priced in November 2026: the 2024-06 price of the
        // visit ended with the 令和8年度改定, and the 加算 never had a public one.
        let Verdict::Pass(reason) = verdict(&claim) else {
            panic!("no price known")
        };
        assert!(
            reason
                .en()
                .contains("code(s) 510000110 (from 2026-06-01) not judged"),
            "{}",
            reason.en()
        );
        assert!(
            reason.en().contains("code(s) 550003270 not judged"),
            "{}",
            reason.en()
        );
        // A 金額 off the table's price fails, naming the table's line.
        let wrong = [claim[0], claim[1], "KA,20261103,1,550003270,,200"];
        let Verdict::Fail(reason) = verdict_with(&wrong, &table) else {
            panic!("off the table's price")
        };
        assert!(
            reason
                .en()
                .contains("100 yen (the vendor's table prices.tsv line 2, from 2026-06-01)"),
            "{}",
            reason.en()
        );
    }

    /// The newest notice wins: a visit from 2026-06-01, when the 令和8年度改定 revised the
    /// 訪問看護療養費, is not held to the 2024-06 price with no vendor table, and the finding
    /// says the price is not known from that day; a visit of May 2026 still is.
    #[test]
    fn a_visit_from_the_2026_revision_is_not_held_to_the_2024_price() {
        let none = &mynakit_protocol::NO_PRICE_TABLE;
        let june = [
            "HO,06139992,,2345,1,5800",
            "KA,20260602,1,510000110,,5800,01",
        ];
        let Verdict::Pass(reason) = verdict_in("202606", &june, none) else {
            panic!("June's price is not known")
        };
        let en = reason.en();
        assert!(en.contains("0 KA 金額 are their code's price"), "{en}");
        assert!(
            en.contains("1 KA of code(s) 510000110 (from 2026-06-01) not judged"),
            "{en}"
        );
        assert!(en.contains("the price is not known from that day"), "{en}");
        let ja = reason.ja().unwrap_or_default();
        assert!(ja.contains("510000110 (2026-06-01 から)"), "{ja}");
        assert!(ja.contains("その日からの価格は分からない"), "{ja}");
        // The same 金額 in May 2026: the 2024-06 price (5,550円) is in force, and it FAILS.
        let may = [
            "HO,06139992,,2345,1,5800",
            "KA,20260528,1,510000110,,5800,01",
        ];
        let Verdict::Fail(reason) = verdict_in("202605", &may, none) else {
            panic!("May's price is 5550")
        };
        assert!(
            reason.en().contains("5550 yen (from 2024-06-01)"),
            "{}",
            reason.en()
        );
        // A June visit at 5,550円 is not judged either: the 2024 price is not known to hold.
        let old = [
            "HO,06139992,,2345,1,5550",
            "KA,20260602,1,510000110,,5550,01",
        ];
        assert!(matches!(verdict_in("202606", &old, none), Verdict::Pass(_)));
        // A vendor row from 2026-06-01 judges June's visit, as before.
        let table =
            StationPrice::table("p.tsv", b"510000110\t2026-06-01\t5600\n").unwrap_or_default();
        let Verdict::Fail(reason) = verdict_in("202606", &june, &table) else {
            panic!("the table's price")
        };
        assert!(
            reason
                .en()
                .contains("5600 yen (the vendor's table p.tsv line 1, from 2026-06-01)"),
            "{}",
            reason.en()
        );
    }

    #[test]
    fn a_file_without_items_or_of_another_table_is_not_judged() {
        let judged = verdict(&["HO,06139992,,2345,1,0"]);
        assert!(matches!(judged, Verdict::NotApplicable(_)), "{judged:?}");
        let tl = Tl::new().result("eligible").claim_file(&[
            "RE,1,1112,202611,,1,19800101",
            "HO,06139992,,345,1,291",
            "GO,1,291,99",
        ]);
        let r = result(Outcome::Eligible, &[]);
        let reason = not_applicable(&StationAmounts, &evidence(&tl.events, &r));
        assert!(
            reason.en().contains("no 訪問看護ステーション's"),
            "{}",
            reason.en()
        );
    }

    /// A file past the run's bound of kept entries (20,000; a claim of one KA costs two): the
    /// claims kept are judged, and the finding says how many more were only counted.
    #[test]
    fn a_file_cut_by_the_run_s_bound_says_it_judged_only_the_claims_kept() {
        let claims: Vec<[String; 3]> = (1..=11_000)
            .map(|n| {
                [
                    format!("RE,{n},6112,202611,,,1,19850412"),
                    format!("HO,06139992,,{n},1,5550"),
                    "KA,20261103,1,510000110,,5550,01".to_owned(),
                ]
            })
            .collect();
        let mut lines: Vec<&str> = claims.iter().flatten().map(String::as_str).collect();
        lines.push("GO");
        let hm = "HM,1,13,6,9999999,試験訪問看護ステーション,202612,";
        let tl = Tl::new()
            .result("eligible")
            .claim_file_of(hm, Some("6"), &lines);
        let r = result(Outcome::Eligible, &[]);
        let reason = pass(&StationAmounts, &evidence(&tl.events, &r));
        let en = reason.en();
        assert!(en.contains("past the run's bound of kept entries"), "{en}");
        assert!(en.contains("more were read and counted"), "{en}");
        assert!(
            reason.ja().unwrap().contains("保持する項目数の上限"),
            "{reason:?}"
        );
    }
}
