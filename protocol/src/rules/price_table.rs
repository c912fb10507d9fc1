//! A vendor's table of 訪問看護療養費 prices: the prices no public source here gives (a code of
//! the 令和8年度改定, a price changed on 2026-06-01), set for one run by the vendor who read them
//! in the 訪問看護療養費マスター it bills by (`docs/rules.md`, "Setting a station's prices").
//!
//! The table only adds rows ([`super::StationPrice::table`] reads it): a day's price of a code is still the newest row not after the day
//! ([`super::StationPrice::on`]), the public rows and the table's taken together, so a price the
//! table sets from 2026-06-01 applies from that day and the public price of 2024-06-01 before it.
//! A row that contradicts a public row (the same code and first day, another price) is refused,
//! naming both: what was read in a public source is not configurable. A price taken from the
//! table is reported as the table's, by its file and line, never as a public source's.
//!
//! The file is text, one row a line, three fields separated by a tab:
//! `code<TAB>from<TAB>yen` (`550003270<TAB>2026-06-01<TAB>100`): the nine-digit 訪問看護療養費コード,
//! the first day `YYYY-MM-DD`, the price in whole yen per unit of 数量. A line that begins with
//! `#` and an empty line are skipped; a first row `code<TAB>from<TAB>yen` is a header. Anything
//! else is an error naming its line and column.

use std::fmt;

use super::Day;

/// One row of a vendor's table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableRow {
    /// The 訪問看護療養費コード (nine digits).
    pub code: String,
    /// The first day the price applies, `YYYY-MM-DD`.
    pub from: String,
    /// The price in yen, per unit of 数量.
    pub yen: u64,
    /// The row's line in the file, from 1.
    pub line: usize,
    /// The column of its price, from 1 (where an error about the price points).
    pub yen_col: usize,
}

/// One row of a table a scenario gives (`given.station_prices`): as written, and where it is
/// in the scenario's file ([`PriceTable::of_rows`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GivenRow<'a> {
    /// The 訪問看護療養費コード.
    pub code: &'a str,
    /// The first day, `YYYY-MM-DD`.
    pub from: &'a str,
    /// The price in yen.
    pub yen: u64,
    /// The row's line in the scenario, from 1.
    pub line: usize,
    /// The column of its price there, from 1.
    pub col: usize,
}

/// A vendor's price table for one run; empty when the run was given none.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PriceTable {
    /// The file as the run named it (`--station-prices`).
    name: String,
    /// Its rows, in the file's order.
    rows: Vec<TableRow>,
}

/// The table of a run given none.
pub static NO_PRICE_TABLE: PriceTable = PriceTable {
    name: String::new(),
    rows: Vec::new(),
};

/// What is wrong with a line of a price table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PriceTableFault {
    /// Not three fields separated by tabs.
    Fields {
        /// How many fields the line has.
        found: usize,
    },
    /// The code is not nine digits.
    NotACode(String),
    /// The first day is not a day written `YYYY-MM-DD`.
    NotADay(String),
    /// The price is not a whole number of yen above 0.
    NotYen(String),
    /// The code and first day are in an earlier line of the table.
    SetTwice {
        /// The code.
        code: String,
        /// The first day.
        from: String,
        /// The earlier line.
        line: usize,
    },
    /// A public source prices the code from that day at another price.
    AgainstPublic {
        /// The code.
        code: String,
        /// The first day.
        from: String,
        /// The public price.
        yen: u64,
    },
    /// The file is not UTF-8 text.
    NotText,
}

/// A price table that cannot be used, located as `file:line:col`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}:{col}: {fault}")]
pub struct PriceTableError {
    /// The file as the run named it.
    pub file: String,
    /// The line, from 1.
    pub line: usize,
    /// The column (in characters), from 1.
    pub col: usize,
    /// What is wrong there.
    pub fault: PriceTableFault,
}

impl fmt::Display for PriceTableFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PriceTableFault::Fields { found } => write!(
                f,
                "{found} field(s); a row is code<TAB>from<TAB>yen (e.g. 550003270<TAB>2026-06-01<TAB>100)"
            ),
            PriceTableFault::NotACode(text) => {
                write!(f, "`{text}` is not a 訪問看護療養費コード (nine digits)")
            }
            PriceTableFault::NotADay(text) => {
                write!(f, "`{text}` is not a day written YYYY-MM-DD")
            }
            PriceTableFault::NotYen(text) => {
                write!(f, "`{text}` is not a price in whole yen above 0")
            }
            PriceTableFault::SetTwice { code, from, line } => {
                write!(f, "{code} from {from} is already priced at line {line}")
            }
            PriceTableFault::AgainstPublic { code, from, yen } => write!(
                f,
                "{code} from {from} is priced at {yen} yen by a public source (mynakit docs \
                 rules, \"Setting a station's prices\"); the table may add prices, not change \
                 that one"
            ),
            PriceTableFault::NotText => f.write_str("not UTF-8 text"),
        }
    }
}

/// The header a table may begin with.
const HEADER: [&str; 3] = ["code", "from", "yen"];

impl PriceTable {
    /// The most bytes a price table's file may hold, as every reader of one bounds it (a FIFO,
    /// a device or a huge file is an error, not a hang): some thousand rows of the
    /// 訪問看護療養費マスター fit in far less.
    pub const LIMIT: u64 = 1 << 20;

    /// Reads the table of the file `name` from its bytes, as written: whether a row
    /// contradicts a public price is [`super::StationPrice::table`]'s to say, which is how a
    /// table is read for a run.
    ///
    /// # Errors
    ///
    /// [`PriceTableError`] at the first line that is not a row, a comment, an empty line or the
    /// header.
    pub fn parse(name: &str, bytes: &[u8]) -> Result<PriceTable, PriceTableError> {
        let at = |line: usize, col: usize, fault: PriceTableFault| PriceTableError {
            file: name.to_owned(),
            line,
            col,
            fault,
        };
        let text = std::str::from_utf8(bytes).map_err(|e| {
            let before = &bytes[..e.valid_up_to()];
            let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
            let start = before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let col = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
            at(line, col, PriceTableFault::NotText)
        })?;
        let mut table = PriceTable {
            name: name.to_owned(),
            rows: Vec::new(),
        };
        let mut first = true;
        for (index, raw) in text.split('\n').enumerate() {
            let line = raw.strip_suffix('\r').unwrap_or(raw);
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            if std::mem::take(&mut first) && fields == HEADER {
                continue;
            }
            let row = table
                .row(index + 1, &fields)
                .map_err(|(col, fault)| at(index + 1, col, fault))?;
            table.rows.push(row);
        }
        Ok(table)
    }

    /// The table a scenario gives (`given.station_prices`, `docs/scenarios.md`), named `name`
    /// (the scenario's file): each row checked as a line of a file is (nine-digit code, a day,
    /// a price above 0, a code and day once), and placed at its `line` and the `col` of its
    /// price in the scenario, which a finding priced by it names.
    ///
    /// # Errors
    ///
    /// The index of the first row refused (from 0) and why.
    pub fn of_rows(
        name: &str,
        rows: &[GivenRow<'_>],
    ) -> Result<PriceTable, (usize, PriceTableFault)> {
        let mut table = PriceTable {
            name: name.to_owned(),
            rows: Vec::new(),
        };
        for (index, given) in rows.iter().enumerate() {
            let yen = given.yen.to_string();
            let row = table
                .row(given.line, &[given.code, given.from, &yen])
                .map_err(|(_, fault)| (index, fault))?;
            table.rows.push(TableRow {
                yen_col: given.col,
                ..row
            });
        }
        Ok(table)
    }

    /// The row of `line`, or the column and fault that refuse it.
    fn row(&self, line: usize, fields: &[&str]) -> Result<TableRow, (usize, PriceTableFault)> {
        let &[code, from, yen] = fields else {
            return Err((
                1,
                PriceTableFault::Fields {
                    found: fields.len(),
                },
            ));
        };
        // Each field's first column, in characters.
        let col_from = code.chars().count() + 2;
        let col_yen = col_from + from.chars().count() + 1;
        if code.len() != 9 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err((1, PriceTableFault::NotACode(code.to_owned())));
        }
        if Day::parse(from).is_err() {
            return Err((col_from, PriceTableFault::NotADay(from.to_owned())));
        }
        let price = match yen.parse::<u64>() {
            Ok(price) if price > 0 && yen.bytes().all(|b| b.is_ascii_digit()) => price,
            _ => return Err((col_yen, PriceTableFault::NotYen(yen.to_owned()))),
        };
        if let Some(earlier) = self.rows.iter().find(|r| r.code == code && r.from == from) {
            let fault = PriceTableFault::SetTwice {
                code: code.to_owned(),
                from: from.to_owned(),
                line: earlier.line,
            };
            return Err((1, fault));
        }
        Ok(TableRow {
            code: code.to_owned(),
            from: from.to_owned(),
            yen: price,
            line,
            yen_col: col_yen,
        })
    }

    /// The file as the run named it; empty for a run given none.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its rows, in the file's order.
    pub fn rows(&self) -> &[TableRow] {
        &self.rows
    }

    /// Whether the run was given no row.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The table as a file [`PriceTable::parse`] reads back to the same rows (a header, then
    /// `code<TAB>from<TAB>yen` a line): what a run gives a station's レセコン in
    /// `MYNAKIT_STATION_PRICES` (`docs/client-protocol.md`), whatever file or scenario it came
    /// from.
    pub fn to_tsv(&self) -> String {
        self.rows
            .iter()
            .fold(String::from("code\tfrom\tyen\n"), |text, row| {
                text + &format!("{}\t{}\t{}\n", row.code, row.from, row.yen)
            })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn rows_comments_and_a_header_are_read() {
        let text = "code\tfrom\tyen\r\n# 令和8年度\r\n\r\n550003270\t2026-06-01\t100\r\n\
                    510000110\t2026-06-01\t5600\n";
        let table = PriceTable::parse("prices.tsv", text.as_bytes()).unwrap();
        assert_eq!(table.name(), "prices.tsv");
        assert_eq!(table.rows().len(), 2);
        assert_eq!(table.rows()[0].line, 4);
        assert_eq!(table.rows()[1].yen, 5600);
        assert!(PriceTable::parse("e", b"").unwrap().is_empty());
        // Written for a client, it reads back to the same rows (the header skipped).
        let again = PriceTable::parse("again", table.to_tsv().as_bytes()).unwrap();
        let pairs = |t: &PriceTable| -> Vec<(String, String, u64)> {
            t.rows()
                .iter()
                .map(|r| (r.code.clone(), r.from.clone(), r.yen))
                .collect()
        };
        assert_eq!(pairs(&again), pairs(&table));
        assert!(NO_PRICE_TABLE.is_empty());
    }

    #[test]
    fn bad_lines_are_refused_at_their_line_and_column() {
        let e = |text: &str| {
            PriceTable::parse("p.tsv", text.as_bytes())
                .unwrap_err()
                .to_string()
        };
        assert!(
            e("550003270 2026-06-01 100").starts_with("p.tsv:1:1: 1 field(s); a row is code"),
            "{}",
            e("550003270 2026-06-01 100")
        );
        assert_eq!(
            e("#\n55000327\t2026-06-01\t100"),
            "p.tsv:2:1: `55000327` is not a 訪問看護療養費コード (nine digits)"
        );
        assert_eq!(
            e("550003270\t2026-06-31\t100"),
            "p.tsv:1:11: `2026-06-31` is not a day written YYYY-MM-DD"
        );
        assert_eq!(
            e("550003270\t2026-06-01\t1,000"),
            "p.tsv:1:22: `1,000` is not a price in whole yen above 0"
        );
        assert_eq!(
            e("550003270\t2026-06-01\t0"),
            "p.tsv:1:22: `0` is not a price in whole yen above 0"
        );
        assert_eq!(
            e("550003270\t2026-06-01\t+5"),
            "p.tsv:1:22: `+5` is not a price in whole yen above 0"
        );
        assert_eq!(
            e("550003270\t2026-06-01\t100\n550003270\t2026-06-01\t100"),
            "p.tsv:2:1: 550003270 from 2026-06-01 is already priced at line 1"
        );
        assert_eq!(
            PriceTable::parse("p.tsv", b"# ok\n5\xff")
                .unwrap_err()
                .to_string(),
            "p.tsv:2:2: not UTF-8 text"
        );
        // A header after the first row is a bad row.
        assert!(e("550003270\t2026-06-01\t100\ncode\tfrom\tyen").starts_with("p.tsv:2:1: `code`"));
    }

    #[test]
    fn a_scenario_s_rows_are_checked_as_lines_are_and_keep_their_place() {
        let row = |code, from, yen, line| GivenRow {
            code,
            from,
            yen,
            line,
            col: 12,
        };
        let table = PriceTable::of_rows(
            "s.yaml",
            &[
                row("550003270", "2026-06-01", 100, 7),
                row("510000110", "2026-06-01", 5600, 9),
            ],
        )
        .unwrap();
        assert_eq!((table.name(), table.rows()[1].line), ("s.yaml", 9));
        assert_eq!(table.rows()[0].yen_col, 12);
        let refused = |rows: &[GivenRow<'_>]| PriceTable::of_rows("s.yaml", rows).unwrap_err();
        assert_eq!(
            refused(&[row("55000327", "2026-06-01", 100, 7)]),
            (0, PriceTableFault::NotACode("55000327".to_owned()))
        );
        assert!(matches!(
            refused(&[
                row("550003270", "2026-06-01", 100, 7),
                row("550003270", "2026-06-01", 9, 9)
            ]),
            (1, PriceTableFault::SetTwice { line: 7, .. })
        ));
        assert!(matches!(
            refused(&[row("550003270", "2026-02-30", 100, 7)]),
            (0, PriceTableFault::NotADay(_))
        ));
        assert!(matches!(
            refused(&[row("550003270", "2026-06-01", 0, 7)]),
            (0, PriceTableFault::NotYen(_))
        ));
    }
}
