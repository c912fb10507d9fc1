//! `mynakit run --shard I/N`: one of N disjoint, deterministic parts of the chosen scenarios, so
//! CI jobs run side by side and `mynakit report merge` joins their reports (docs/reports.md).
//!
//! The scenarios are ordered by the SHA-256 of their id, and that order is cut into N runs of
//! near-equal length: the same scenario set always gives the same shards, every scenario is in
//! exactly one, shard sizes differ by at most one, and a new scenario lands in a place decided
//! by its id alone (as Jest shards test files by a hash of their path).

use std::fmt;
use std::str::FromStr;

use sha2::{Digest, Sha256};

/// Shard `index` (1-based) of `count`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    index: usize,
    count: usize,
}

/// Why `--shard` does not parse.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("--shard `{given}`: {problem} (expected I/N with 1 ≤ I ≤ N, e.g. 2/4)")]
pub struct ShardError {
    given: String,
    problem: &'static str,
}

impl FromStr for Shard {
    type Err = ShardError;

    fn from_str(text: &str) -> Result<Shard, ShardError> {
        let error = |problem| ShardError {
            given: text.to_owned(),
            problem,
        };
        let (index, count) = text.split_once('/').ok_or_else(|| error("no `/`"))?;
        let number = |part: &str| {
            part.trim()
                .parse::<usize>()
                .map_err(|_| error("not a number"))
        };
        let (index, count) = (number(index)?, number(count)?);
        if count == 0 || index == 0 || index > count {
            return Err(error("out of range"));
        }
        Ok(Shard { index, count })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl Shard {
    /// This shard's part of `items`, in their original order.
    pub fn select<T>(&self, items: Vec<T>, id: impl Fn(&T) -> &str) -> Vec<T> {
        let mut keyed: Vec<(usize, [u8; 32])> = items
            .iter()
            .enumerate()
            .map(|(i, item)| (i, Sha256::digest(id(item).as_bytes()).into()))
            .collect();
        keyed.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
        let total = keyed.len();
        let start = (self.index - 1) * total / self.count;
        let end = self.index * total / self.count;
        let mut mine: Vec<usize> = keyed[start..end].iter().map(|(i, _)| *i).collect();
        mine.sort_unstable();
        let mut mine = mine.into_iter().peekable();
        items
            .into_iter()
            .enumerate()
            .filter_map(|(i, item)| (mine.next_if_eq(&i).is_some()).then_some(item))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("scenario-{i:02}")).collect()
    }

    #[test]
    fn shards_are_disjoint_cover_everything_and_are_balanced() {
        for total in [0, 1, 5, 38] {
            for count in 1..=6 {
                let mut seen = Vec::new();
                for index in 1..=count {
                    let shard = Shard { index, count };
                    let part = shard.select(ids(total), String::as_str);
                    assert!(part.len() >= total / count && part.len() <= total.div_ceil(count));
                    assert!(part.windows(2).all(|w| w[0] < w[1]), "original order kept");
                    // Deterministic: the same input gives the same part.
                    assert_eq!(part, shard.select(ids(total), String::as_str));
                    seen.extend(part);
                }
                seen.sort();
                assert_eq!(seen, ids(total), "{total} in {count}");
            }
        }
    }

    #[test]
    fn the_shard_is_parsed_and_checked() {
        assert_eq!("2/4".parse(), Ok(Shard { index: 2, count: 4 }));
        assert_eq!("2/4".parse::<Shard>().unwrap().to_string(), "2/4");
        for bad in ["0/4", "5/4", "1/0", "1", "a/b", ""] {
            let error = bad.parse::<Shard>().unwrap_err().to_string();
            assert!(error.contains("expected I/N"), "{bad}: {error}");
        }
    }
}
