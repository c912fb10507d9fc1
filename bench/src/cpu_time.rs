//! The CPU time of the calling thread, the clock `openssl speed` divides by.
//!
//! `openssl speed` reports operations per second of **user CPU time** unless given `-elapsed`
//! (OpenSSL `apps/speed.c`, `usertime = 1`), so a busy machine slows its wall clock but not its
//! rate. A rate compared with it must use CPU time too, or every other process on the machine
//! counts against mynakit's side only (`docs/performance.md`, "How the signature is measured").
//! Linux gives a thread's on-CPU time in nanoseconds as the first field of
//! `/proc/thread-self/schedstat`.

use std::time::Duration;

/// Where Linux publishes the calling thread's scheduler statistics.
const SCHEDSTAT: &str = "/proc/thread-self/schedstat";

/// The calling thread's time on a CPU so far, or `None` where `/proc/thread-self/schedstat` is
/// missing (not Linux, or a kernel without scheduler statistics).
pub fn thread_cpu_time() -> Option<Duration> {
    parse_schedstat(&std::fs::read_to_string(SCHEDSTAT).ok()?)
}

/// The first field of a `schedstat` line (`<on-CPU ns> <run-queue wait ns> <timeslices>`).
fn parse_schedstat(text: &str) -> Option<Duration> {
    let ns = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_field_is_nanoseconds_on_cpu() {
        assert_eq!(
            parse_schedstat("1234567890 42 7\n"),
            Some(Duration::from_nanos(1_234_567_890))
        );
        assert_eq!(parse_schedstat(""), None);
        assert_eq!(parse_schedstat("x 1 2"), None);
    }
}
