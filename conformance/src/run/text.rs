//! How verdict texts write times and counts: `t=1.234s`, `45.0 s`, `3 PINs`.

/// `t=1.234s`: a timeline time for verdict texts.
pub(crate) fn at(t_us: u64) -> String {
    format!("t={}.{:03}s", t_us / 1_000_000, (t_us % 1_000_000) / 1_000)
}

/// `3 PINs`, `1 PIN`.
pub(crate) fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `45.0 s`, or `120 ms` under a second.
pub(crate) fn secs(us: u64) -> String {
    if us < 1_000_000 {
        format!("{} ms", us / 1_000)
    } else {
        format!("{}.{} s", us / 1_000_000, (us % 1_000_000) / 100_000)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn times_read_as_seconds() {
        assert_eq!(at(1_234_567), "t=1.234s");
        assert_eq!(secs(45_000_000), "45.0 s");
        assert_eq!(secs(120_400), "120 ms");
        assert_eq!(count(1, "PIN", "PINs"), "1 PIN");
    }
}
