//! Where an expectation is written in its scenario file: the line of `expect.fields.X`'s key
//! `X` under `fields:` under `expect:`, so that a finding links to the line it judged
//! (docs/reports.md, "The timeline strip"). Read from the YAML as run, by indentation, as a
//! person finds it; a key not found (a flow form, an anchor) gives no line, and no link.

/// The 1-based line of the key path `keys` (outermost first), each key found as a mapping key
/// indented deeper than its parent's.
pub(super) fn line_of(yaml: &str, keys: &[&str]) -> Option<usize> {
    let mut keys = keys.iter().peekable();
    let mut parent_indent: Option<usize> = None;
    let mut found = None;
    for (n, line) in yaml.lines().enumerate() {
        let Some(key) = keys.peek() else { break };
        let body = line.trim_start();
        let indent = line.len() - body.len();
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        if let Some(parent) = parent_indent {
            if indent <= parent {
                // Left the parent's block without finding the key.
                return None;
            }
        }
        let name = body.strip_prefix("- ").unwrap_or(body);
        let Some(rest) = name.strip_prefix(**key) else {
            continue;
        };
        if rest.starts_with(':') {
            parent_indent = Some(indent);
            found = Some(n + 1);
            keys.next();
        }
    }
    if keys.peek().is_some() {
        return None;
    }
    found
}

/// The key path an expectation's check id names: `expect.fields.DisqualificationDate` →
/// `expect`, `fields`, `DisqualificationDate`; a check that is not an expectation has none.
pub(super) fn expectation_keys(check: &str) -> Option<Vec<&str>> {
    check
        .starts_with("expect.")
        .then(|| check.split('.').collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "id: x\nsteps:\n  - fields: {}\nexpect:\n  outcome: eligible\n  # fields\n  fields:\n    DisqualificationDate: null\n    Name: 山田\n";

    #[test]
    fn finds_a_nested_key_under_its_parents_only() {
        assert_eq!(line_of(YAML, &["expect"]), Some(4));
        assert_eq!(line_of(YAML, &["expect", "outcome"]), Some(5));
        assert_eq!(
            line_of(YAML, &["expect", "fields", "DisqualificationDate"]),
            Some(8)
        );
        assert_eq!(line_of(YAML, &["expect", "fields", "Missing"]), None);
        assert_eq!(line_of(YAML, &["expect", "shown"]), None);
        assert_eq!(line_of("", &["expect"]), None);
        assert_eq!(
            expectation_keys("expect.shown.ReasonOfLoss"),
            Some(vec!["expect", "shown", "ReasonOfLoss"])
        );
        assert_eq!(expectation_keys("SVC-invalid-shown"), None);
    }
}
