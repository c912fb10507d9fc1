//! Whether a typed PIN found in clear in a line the client wrote is the PIN, or a number of
//! another kind that happens to have its digits (`docs/conformance.md`, `PIN-not-logged`).
//!
//! A 4-digit PIN is also a pid, a port, a byte count, a duration, or the fraction of a
//! timestamp: with PIN 1234, `[app 1234.500] mode pin` and `POST /confirm (1234 bytes) pin mode`
//! are a correct client's log lines, and a check that failed them would come and go with the
//! clock. So an occurrence counts as a leak only as a whole token that no such number can be:
//! a PIN labelled as one (`PIN=1234`, `"pin":"1234"`, `暗証番号 1234`) always counts; a PIN of
//! digits next to a decimal point, a time's or a port's colon, a unit (`ms`, `bytes`) or a
//! label of a number (`pid`, `port`, `took`) does not; any other one counts when the secret is
//! long (6 or more characters, the sign PIN and passwords) or the line speaks of a PIN (`pin`
//! in any case, `暗証`). Scrubbing is not narrowed by this: every clear occurrence is redacted.

/// Words that name a PIN when they label a value (the end of the word before it, lowercased).
const PIN_LABELS: [&str; 4] = ["pin", "pincode", "passcode", "password"];

/// Words that label a number that is no PIN (the word before it, lowercased).
const NUMBER_LABELS: [&str; 18] = [
    "pid", "ppid", "tid", "thread", "port", "len", "length", "size", "bytes", "took", "elapsed",
    "duration", "timeout", "delay", "line", "offset", "seq", "count",
];

/// Units written after a number that is no PIN (the word after it, lowercased).
const UNITS: [&str; 24] = [
    "ms", "msec", "s", "sec", "secs", "second", "seconds", "us", "µs", "ns", "min", "mins",
    "minute", "minutes", "h", "b", "byte", "bytes", "kb", "kib", "mb", "mib", "octets", "ticks",
];

/// Whether the clear `pin` written at byte `at` of `line` (a whole word there) is a leak.
pub(crate) fn is_leak(line: &str, at: usize, pin: &str) -> bool {
    let before = &line[..at];
    let after = &line[at + pin.len()..];
    if labelled_as_pin(before) {
        return true;
    }
    if pin.bytes().all(|b| b.is_ascii_digit()) && is_other_number(before, after) {
        return false;
    }
    pin.chars().count() >= 6 || speaks_of_pin(line)
}

/// Whether the line speaks of a PIN at all.
fn speaks_of_pin(line: &str) -> bool {
    line.to_lowercase().contains("pin") || line.contains("暗証")
}

/// The word that ends `before`, past the separators a label is written with (`pin=`, `pin: `,
/// `"pin":"`, `pin => '`), lowercased.
fn label(before: &str) -> String {
    let trimmed = before.trim_end_matches([' ', '\t', '=', ':', '"', '\'', '>', '：', '(']);
    let start = trimmed
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    trimmed[start..].to_lowercase()
}

fn labelled_as_pin(before: &str) -> bool {
    let word = label(before);
    word.contains("暗証") || PIN_LABELS.iter().any(|l| word.ends_with(l))
}

/// Whether a number written between `before` and `after` is a number of another kind: part of
/// a decimal, a time, a date, a ratio or a version (a digit across `.`, `,`, `:`, `/`, `-` or
/// `+`), a port (`host:1234`), a syslog pid (`app[1234]`), labelled (`pid 1234`), or followed
/// by a unit (`1234 ms`, `(1234 bytes)`).
fn is_other_number(before: &str, after: &str) -> bool {
    let mut back = before.chars().rev();
    let (b1, b2) = (back.next(), back.next());
    let mut ahead = after.chars();
    let (a1, a2) = (ahead.next(), ahead.next());
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    let joins = |c: Option<char>, set: &[char]| c.is_some_and(|c| set.contains(&c));
    let across = joins(b1, &['.', ',', ':', '/', '-', '+']) && digit(b2)
        || joins(a1, &['.', ',', ':', '/', '-']) && digit(a2);
    let port = b1 == Some(':') && is_host(&before[..before.len() - 1]);
    let syslog_pid = b1 == Some('[') && b2.is_some_and(|c| c.is_alphanumeric()) && a1 == Some(']');
    across
        || port
        || syslog_pid
        || NUMBER_LABELS.contains(&label(before).as_str())
        || UNITS.contains(&unit(after).as_str())
}

/// Whether `before` ends with a host a port follows: `localhost`, a name or an IPv4 address
/// with a dot, or an IPv6 address in brackets.
fn is_host(before: &str) -> bool {
    let host = before
        .rsplit(|c: char| c.is_whitespace() || matches!(c, '/' | '@' | '(' | '"' | '\'' | '='))
        .next()
        .unwrap_or_default();
    !host.is_empty()
        && (host.ends_with(']')
            || host.eq_ignore_ascii_case("localhost")
            || host.contains('.')
                && host
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_')))
}

/// The word right after a number, past one space (`1234 ms`, `1234 bytes)`), lowercased.
fn unit(after: &str) -> String {
    let rest = after.strip_prefix(' ').unwrap_or(after);
    rest.chars()
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase()
}
