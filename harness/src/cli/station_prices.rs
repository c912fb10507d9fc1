//! The vendor's price table a run or `mynakit claim check` is given (`--station-prices FILE`,
//! `docs/rules.md`, "Setting a station's prices"): read whole through the bounded reader, so a
//! FIFO nobody writes, a device or a huge file is an error, not a hang, and parsed by
//! [`StationPrice::table`], whose errors name the file, line and column.

use std::path::Path;

use mynakit_harness::protocol::{PriceTable, StationPrice};

/// The table in `path`.
///
/// # Errors
///
/// The file cannot be read (missing, not a file, over [`PriceTable::LIMIT`]), or a line is not
/// a row or contradicts a public price ([`mynakit_harness::protocol::PriceTableError`],
/// `file:line:col`).
pub(crate) fn load(path: &Path) -> anyhow::Result<PriceTable> {
    let bytes = mynakit_fixtures::input::read(path, PriceTable::LIMIT)
        .map_err(|e| anyhow::anyhow!("--station-prices {}: {e}", path.display()))?;
    StationPrice::table(&path.display().to_string(), &bytes)
        .map_err(|e| anyhow::anyhow!("--station-prices {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_is_read_and_a_bad_one_named_at_its_place() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("prices.tsv");
        std::fs::write(&good, "550003270\t2026-06-01\t100\n").unwrap();
        assert_eq!(load(&good).unwrap().rows().len(), 1);
        let bad = dir.path().join("bad.tsv");
        std::fs::write(&bad, "# R8\n550003270\t2026-06-01\t10O\n").unwrap();
        let e = load(&bad).unwrap_err().to_string();
        assert!(e.starts_with("--station-prices "), "{e}");
        assert!(
            e.ends_with("bad.tsv:2:22: `10O` is not a price in whole yen above 0"),
            "{e}"
        );
        std::fs::write(&bad, "510000110\t2024-06-01\t5600\n").unwrap();
        let e = load(&bad).unwrap_err().to_string();
        assert!(
            e.contains("bad.tsv:1:22: 510000110 from 2024-06-01 is priced at 5550 yen"),
            "{e}"
        );
        let e = load(&dir.path().join("none.tsv")).unwrap_err().to_string();
        assert!(e.contains("none.tsv"), "{e}");
    }
}
