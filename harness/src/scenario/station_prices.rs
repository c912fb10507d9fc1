//! `given.station_prices`: the vendor's price table of a scenario, the 訪問看護療養費 prices no
//! public source here gives, written in the scenario itself as `--station-prices` gives them in
//! a file (`docs/scenarios.md`, "A station's prices"; `docs/rules.md`, "Setting a station's
//! prices"). The rows are held to the same rules as the file's lines
//! ([`PriceTable::of_rows`], [`StationPrice::against_public`]): a price that contradicts a
//! public one is refused at its place in the scenario. A run judges the scenario by this table
//! in place of the run's, and `mynakit claim check --run` reads it back from the report's
//! copy of the scenario, so a claim checked against a run is priced as the run priced it.

use mynakit_protocol::{GivenRow, PriceTable, PriceTableFault, StationPrice};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::problem::Problems;

/// One row: a code's price from a day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StationPriceGiven {
    /// The nine-digit 訪問看護療養費コード (e.g. `550003270`).
    pub code: String,
    /// The first day the price applies, `YYYY-MM-DD`.
    pub from: String,
    /// The price in whole yen per unit of 数量, above 0.
    pub yen: u64,
    /// Where the row's `yen` is in the scenario file (line, column), found when the file is
    /// read ([`place`]): a finding priced by the row names it.
    #[serde(skip)]
    pub place: (usize, usize),
}

/// Finds the place of each of `rows` (the scenario's `given.station_prices`) in `text`, the
/// scenario's file.
pub(crate) fn place(rows: &mut [StationPriceGiven], text: &str) {
    for (i, row) in rows.iter_mut().enumerate() {
        let path = format!("given.station_prices[{i}].yen");
        row.place = mynakit_fixtures::yaml::place_of(text, &path).unwrap_or((0, 0));
    }
}

/// The name the table of the scenario `id` goes by in findings: its file, `<id>.yaml`.
fn table_name(id: &str) -> String {
    format!("{id}.yaml")
}

/// The table of `rows` of the scenario `id`, `None` without a row; the index of the row
/// refused and why otherwise ([`check`] has refused such a scenario before it runs).
fn read(
    rows: &[StationPriceGiven],
    id: &str,
) -> Result<Option<PriceTable>, (usize, PriceTableFault)> {
    if rows.is_empty() {
        return Ok(None);
    }
    let given: Vec<GivenRow<'_>> = rows
        .iter()
        .map(|r| GivenRow {
            code: &r.code,
            from: &r.from,
            yen: r.yen,
            line: r.place.0,
            col: r.place.1,
        })
        .collect();
    let table = PriceTable::of_rows(&table_name(id), &given)?;
    match StationPrice::against_public(&table) {
        Some(refused) => Err(refused),
        None => Ok(Some(table)),
    }
}

/// The table of `rows` of the scenario `id` for its run and for `claim check --run`; `None`
/// without rows (the run's `--station-prices` then applies) or with a row [`check`] refuses.
pub fn table(rows: &[StationPriceGiven], id: &str) -> Option<PriceTable> {
    read(rows, id).ok().flatten()
}

/// What [`from_yaml`] reads of a scenario: its id and its prices, every other key left to the
/// scenario's own type.
#[derive(Deserialize)]
struct Priced {
    id: String,
    #[serde(default)]
    given: PricedGiven,
}

#[derive(Default, Deserialize)]
struct PricedGiven {
    #[serde(default)]
    station_prices: Vec<StationPriceGiven>,
}

/// The table of the scenario whose YAML is `text` (as a report keeps it, `scenario_yaml`),
/// `origin` naming it in errors: how `mynakit claim check --run` prices a claim as the run
/// priced the scenario.
///
/// # Errors
///
/// The text is not a scenario.
pub fn from_yaml(
    text: &str,
    origin: &str,
) -> Result<Option<PriceTable>, mynakit_fixtures::yaml::YamlError> {
    let mut scenario: Priced = mynakit_fixtures::yaml::from_str(text, origin)?;
    place(&mut scenario.given.station_prices, text);
    Ok(table(&scenario.given.station_prices, &scenario.id))
}

/// Refuses the first of `rows` (of the scenario `id`) that is not a row of a price table, at
/// its key.
pub(crate) fn check(rows: &[StationPriceGiven], id: &str, p: &mut Problems) {
    let Err((i, fault)) = read(rows, id) else {
        return;
    };
    let at = |key: &str| format!("given.station_prices[{i}]{key}");
    let (path, ja) = match &fault {
        PriceTableFault::NotACode(text) => (
            at(".code"),
            format!("`{text}` は訪問看護療養費コード (9 桁の数字) ではない"),
        ),
        PriceTableFault::NotADay(text) => (
            at(".from"),
            format!("`{text}` は YYYY-MM-DD と書いた実在する日ではない"),
        ),
        PriceTableFault::NotYen(text) => (
            at(".yen"),
            format!("`{text}` は 0 より大きい円の整数ではない"),
        ),
        PriceTableFault::SetTwice { code, from, line } => (
            at(""),
            format!("{code} の {from} からの価格は {line} 行目ですでに決めている"),
        ),
        PriceTableFault::AgainstPublic { code, from, yen } => (
            at(".yen"),
            format!(
                "{code} の {from} からの価格は公開資料で {yen} 円 (mynakit docs rules の \
                 \"Setting a station's prices\"): 価格表は価格を加えることはできるが、この価格は\
                 変えられない"
            ),
        ),
        PriceTableFault::Fields { .. } | PriceTableFault::NotText => (at(""), fault.to_string()),
    };
    p.add(path, fault.to_string(), ja);
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// The rows of a scenario `s` whose `given.station_prices` are `rows`, placed in it.
    fn scenario(rows: &str) -> Vec<StationPriceGiven> {
        let text = format!("id: s\ngiven:\n  station_prices:\n{rows}expect: {{}}\n");
        let mut s: Priced = mynakit_fixtures::yaml::from_str(&text, "s.yaml").unwrap();
        place(&mut s.given.station_prices, &text);
        s.given.station_prices
    }

    #[test]
    fn rows_make_a_table_named_by_the_scenario_at_their_lines() {
        let s = scenario(
            "    - {code: \"550003270\", from: 2026-06-01, yen: 100}\n    - code: \"510000110\"\n      from: 2026-06-01\n      yen: 5600\n",
        );
        let table = table(&s, "s").unwrap();
        assert_eq!(table.name(), "s.yaml");
        assert_eq!(table.rows()[0].line, 4);
        assert_eq!(table.rows()[1].line, 7, "the line of its yen");
        let mut p = Problems::default();
        check(&s, "s", &mut p);
        assert!(p.0.is_empty(), "{:?}", p.0);
        assert!(super::table(&scenario("    []\n"), "s").is_none());
    }

    #[test]
    fn a_public_price_contradicted_is_refused_at_its_key() {
        let s = scenario(
            "    - {code: \"550003270\", from: 2026-06-01, yen: 100}\n    - {code: \"510000110\", from: 2024-06-01, yen: 5600}\n",
        );
        assert!(table(&s, "s").is_none());
        let mut p = Problems::default();
        check(&s, "s", &mut p);
        assert_eq!(p.0.len(), 1);
        assert_eq!(p.0[0].path, "given.station_prices[1].yen");
        assert!(
            p.0[0]
                .message
                .contains("priced at 5550 yen by a public source"),
            "{}",
            p.0[0].message
        );
        assert!(
            p.0[0].message_ja.contains("5550 円"),
            "{}",
            p.0[0].message_ja
        );
        let mut p = Problems::default();
        check(
            &scenario("    - {code: \"5500032\", from: 2026-06-01, yen: 100}\n"),
            "s",
            &mut p,
        );
        assert_eq!(p.0[0].path, "given.station_prices[0].code");
    }
}
