//! The verdicts' levels as reports spell and order them.

use mynakit_conformance::Level;

/// A level as reports spell it: `PASSED`, `FAILED`, … (the JSON spelling).
pub fn level_name(level: Level) -> &'static str {
    match level {
        Level::Passed => "PASSED",
        Level::NotApplicable => "NOT-APPLICABLE",
        Level::Skipped => "SKIPPED",
        Level::Review => "REVIEW",
        Level::Warning => "WARNING",
        Level::Failed => "FAILED",
    }
}

/// Levels worst first: the order reports list them in.
pub(crate) const LEVELS_WORST_FIRST: [Level; 6] = [
    Level::Failed,
    Level::Warning,
    Level::Review,
    Level::Skipped,
    Level::NotApplicable,
    Level::Passed,
];

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn levels_are_named_as_in_json() {
        for level in LEVELS_WORST_FIRST {
            assert_eq!(
                serde_json::to_value(level).unwrap(),
                serde_json::Value::from(level_name(level))
            );
        }
    }
}
