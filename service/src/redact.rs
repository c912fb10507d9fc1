//! Serde error messages without the values they quote.
//!
//! serde's messages quote the offending value (``invalid type: integer `12345678` ``), which for a
//! password or an activation code would put the secret into an answer, the journal or the
//! timeline. Both the API's problem details (`problem`) and the service-data loader (`data`) scrub
//! them here, below both.

/// `message` (a serde error) without the value it quotes: ``invalid type: integer `1234`,
/// expected a string`` becomes `invalid type: integer, expected a string`, and
/// ``unknown variant `x`, expected one of `pin`, …`` becomes `unknown variant, expected one of
/// `pin`, …`. Field names (`unknown field`, `missing field`) are kept: they are keys, not values.
pub(crate) fn without_values(message: &str) -> String {
    // YAML errors put the path first (`accounts[0].password: invalid type: …`).
    let found = ["invalid type: ", "invalid value: ", "unknown variant "]
        .iter()
        .filter_map(|p| message.find(p).map(|at| (at, *p)))
        .min();
    let Some((at, prefix)) = found else {
        return message.to_owned();
    };
    let (lead, rest) = (&message[..at], &message[at + prefix.len()..]);
    // What serde expected comes last and is never client text; the value comes before it.
    let (unexpected, expected) = match rest.rfind(", expected") {
        Some(at) => rest.split_at(at),
        None => match rest.rfind(", there are no variants") {
            Some(at) => rest.split_at(at),
            None => (rest, ""),
        },
    };
    let kind = unexpected
        .split(['`', '"', '\''])
        .next()
        .unwrap_or_default()
        .trim();
    let head = prefix.trim_end();
    if kind.is_empty() {
        format!("{lead}{head}{expected}")
    } else {
        format!("{lead}{head} {kind}{expected}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_dropped_and_keys_kept() {
        assert_eq!(
            without_values("unknown variant `hunter2`, expected one of `pin`, `visual`"),
            "unknown variant, expected one of `pin`, `visual`"
        );
        assert_eq!(
            without_values("accounts[0].password: invalid type: integer `1234`, expected a string"),
            "accounts[0].password: invalid type: integer, expected a string"
        );
        assert_eq!(
            without_values("unknown field `zz`, expected `a` or `b`"),
            "unknown field `zz`, expected `a` or `b`"
        );
    }
}
