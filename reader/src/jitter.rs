//! Per-command latency with jitter, as a remote desktop adds it: every command a client sends
//! waits a delay drawn anew between a least and a most, as each SCard call crosses the RDP
//! smart-card channel and back (`docs/reader.md`, "Latency and jitter as over a remote
//! desktop").
//!
//! The draws are reproducible: the Nth command of a reader waits the same whatever the wall
//! clock, given the same seed (a scenario's `faults.seed`), so a run that failed can be run
//! again as it was. Nothing here reads the wall clock or the OS's random generator.

use std::time::Duration;

/// How much a reader adds to each command: uniform in `min..=max`, drawn from `seed` and the
/// command's number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Jitter {
    /// The least added to a command.
    pub min: Duration,
    /// The most added to a command.
    pub max: Duration,
    /// The seed of the draws (`faults.seed` in a scenario).
    pub seed: u64,
}

impl Jitter {
    /// The delay added to the `n`th command (from 1) sent to this reader.
    pub fn delay(&self, n: u64) -> Duration {
        let (min, max) = (ms(self.min), ms(self.max));
        if max <= min {
            return self.min;
        }
        let span = max - min + 1;
        Duration::from_millis(min + splitmix64(self.seed ^ splitmix64(n)) % span)
    }

    /// How the timeline's `latency` event describes it (`60-200 ms per command, seed 7`).
    pub fn describe(&self) -> String {
        mynakit_timeline::LatencyRange {
            min_ms: ms(self.min),
            max_ms: ms(self.max),
            seed: self.seed,
        }
        .to_string()
    }
}

fn ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators",
/// OOPSLA 2014): one well-mixed 64-bit value per input, no state to carry between commands.
fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn remote(seed: u64) -> Jitter {
        Jitter {
            min: Duration::from_millis(60),
            max: Duration::from_millis(200),
            seed,
        }
    }

    #[test]
    fn every_delay_is_within_the_range_and_the_range_is_used() {
        let j = remote(7);
        let delays: Vec<u64> = (1..=2000).map(|n| ms(j.delay(n))).collect();
        assert!(delays.iter().all(|d| (60..=200).contains(d)), "{delays:?}");
        assert!(delays.iter().any(|d| *d < 75), "the low end is reached");
        assert!(delays.iter().any(|d| *d > 185), "the high end is reached");
        let mean = delays.iter().sum::<u64>() / 2000;
        assert!((120..=140).contains(&mean), "uniform: mean {mean}");
    }

    #[test]
    fn the_same_seed_draws_the_same_delays_and_another_seed_others() {
        let a: Vec<Duration> = (1..=20).map(|n| remote(7).delay(n)).collect();
        let b: Vec<Duration> = (1..=20).map(|n| remote(7).delay(n)).collect();
        let c: Vec<Duration> = (1..=20).map(|n| remote(8).delay(n)).collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn a_fixed_or_inverted_range_adds_its_least() {
        let fixed = Jitter {
            max: Duration::from_millis(60),
            ..remote(1)
        };
        assert_eq!(fixed.delay(3), Duration::from_millis(60));
        assert_eq!(remote(7).describe(), "60-200 ms per command, seed 7");
    }
}
