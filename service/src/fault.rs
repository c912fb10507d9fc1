//! Faults a scenario injects into the public API: latency (fixed plus seeded jitter), any status,
//! connection reset, truncated or malformed body, full outage, and J-LIS maintenance windows.
//!
//! Like WireMock's fault stubs, each fault matches a path prefix and may fire a limited number of
//! times. A J-LIS maintenance window does not touch HTTP at all: it fails only the flows that need
//! J-LIS live — unregistered cards, registration and the first use after renewal — as in the
//! 2024-12-15 maintenance notice (`docs/service.md`, "Faults").

use std::sync::Mutex;
use std::time::Duration;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// What a fault does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum FaultKind {
    /// Delay the answer by `ms` plus a uniform random `0..=jitter_ms` (seeded).
    Latency {
        /// Fixed part, milliseconds.
        ms: u64,
        /// Random part, milliseconds.
        #[serde(default)]
        jitter_ms: u64,
    },
    /// Answer with this status and a problem+json body instead of calling the API.
    Status {
        /// The HTTP status (100–599).
        status: u16,
    },
    /// Close the connection without answering (served mode; in-process it is an aborted body).
    Reset,
    /// Send the head and half of the body, then close the connection.
    Truncate,
    /// Send a corrupted body (the first half of the real one, then garbage) with status 200.
    Malformed,
    /// Everything answers 503 (full outage).
    Outage,
    /// J-LIS maintenance between `from` and `to` (scenario clock).
    JlisMaintenance {
        /// Start, RFC 3339.
        #[serde(with = "time::serde::rfc3339")]
        from: OffsetDateTime,
        /// End (exclusive), RFC 3339.
        #[serde(with = "time::serde::rfc3339")]
        to: OffsetDateTime,
    },
}

/// A fault as the admin API takes it. (Flattened, so unknown fields cannot be refused here: serde
/// does not combine `flatten` with `deny_unknown_fields`.)
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaultSpec {
    /// What it does.
    #[serde(flatten)]
    pub kind: FaultKind,
    /// Only requests whose path starts with this (default: all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_prefix: Option<String>,
    /// Fire this many times, then disappear (default: until removed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<u32>,
    /// Only requests with this method (`GET`, `POST`; default: any).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Only from the Nth public request on, counting every public request from 1 since the
    /// service started (default: from the first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_request: Option<u32>,
}

/// An installed fault.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fault {
    /// Id for `DELETE /__admin/faults/{id}`.
    pub id: u64,
    /// What was asked.
    #[serde(flatten)]
    pub spec: FaultSpec,
    /// How many times it fired.
    pub fired: u32,
}

/// What replaces or changes the normal answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// A status with a problem body.
    Status(u16),
    /// Close without answering.
    Reset,
    /// Half the body, then close.
    Truncate,
    /// Corrupted body.
    Malformed,
    /// 503.
    Outage,
}

impl Action {
    /// A short name for the journal.
    pub fn name(self) -> &'static str {
        match self {
            Action::Status(_) => "status",
            Action::Reset => "reset",
            Action::Truncate => "truncate",
            Action::Malformed => "malformed",
            Action::Outage => "outage",
        }
    }
}

/// The decision for one request.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Decision {
    /// Added latency.
    pub delay: Duration,
    /// The first matching non-latency fault.
    pub action: Option<Action>,
}

#[derive(Debug)]
struct Inner {
    faults: Vec<Fault>,
    next_id: u64,
    rng: ChaCha8Rng,
    /// Public requests decided so far.
    requests: u32,
}

/// The installed faults.
#[derive(Debug)]
pub struct Faults {
    inner: Mutex<Inner>,
    seed: u64,
}

impl Faults {
    /// No faults; latency jitter drawn from ChaCha8 seeded with `seed`.
    pub fn new(seed: u64) -> Faults {
        Faults {
            inner: Mutex::new(Inner {
                faults: Vec::new(),
                next_id: 1,
                rng: ChaCha8Rng::seed_from_u64(seed),
                requests: 0,
            }),
            seed,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Installs a fault; returns it with its id.
    pub fn add(&self, spec: FaultSpec) -> Fault {
        let mut inner = self.lock();
        let fault = Fault {
            id: inner.next_id,
            spec,
            fired: 0,
        };
        inner.next_id += 1;
        inner.faults.push(fault.clone());
        fault
    }

    /// Every installed fault.
    pub fn list(&self) -> Vec<Fault> {
        self.lock().faults.clone()
    }

    /// Removes fault `id`; whether it existed.
    pub fn remove(&self, id: u64) -> bool {
        let mut inner = self.lock();
        let before = inner.faults.len();
        inner.faults.retain(|f| f.id != id);
        inner.faults.len() != before
    }

    /// Removes every fault and reseeds the jitter.
    pub fn clear(&self) {
        let mut inner = self.lock();
        inner.faults.clear();
        inner.rng = ChaCha8Rng::seed_from_u64(self.seed);
    }

    /// Whether a J-LIS maintenance window covers `now`.
    pub fn jlis_maintenance(&self, now: OffsetDateTime) -> bool {
        self.lock().faults.iter().any(|f| match f.spec.kind {
            FaultKind::JlisMaintenance { from, to } => from <= now && now < to,
            _ => false,
        })
    }

    /// Decides what happens to a `method` request for `path`, counting the faults that fire.
    pub fn decide(&self, method: &str, path: &str) -> Decision {
        let mut inner = self.lock();
        inner.requests = inner.requests.saturating_add(1);
        let Inner {
            faults,
            rng,
            requests,
            ..
        } = &mut *inner;
        let mut decision = Decision::default();
        for fault in faults.iter_mut() {
            if matches!(fault.spec.kind, FaultKind::JlisMaintenance { .. }) {
                continue;
            }
            let spec = &fault.spec;
            let applies = spec
                .path_prefix
                .as_deref()
                .is_none_or(|p| path.starts_with(p))
                && spec
                    .method
                    .as_deref()
                    .is_none_or(|m| m.eq_ignore_ascii_case(method))
                && spec.from_request.is_none_or(|n| *requests >= n);
            if !applies {
                continue;
            }
            if fault.spec.times.is_some_and(|t| fault.fired >= t) {
                continue;
            }
            let action = match fault.spec.kind {
                FaultKind::Latency { ms, jitter_ms } => {
                    let jitter = if jitter_ms == 0 {
                        0
                    } else {
                        rng.gen_range(0..=jitter_ms)
                    };
                    decision.delay += Duration::from_millis(ms.saturating_add(jitter));
                    None
                }
                FaultKind::Status { status } => Some(Action::Status(status)),
                FaultKind::Reset => Some(Action::Reset),
                FaultKind::Truncate => Some(Action::Truncate),
                FaultKind::Malformed => Some(Action::Malformed),
                FaultKind::Outage => Some(Action::Outage),
                FaultKind::JlisMaintenance { .. } => None,
            };
            if action.is_some() && decision.action.is_some() {
                continue;
            }
            fault.fired += 1;
            if action.is_some() {
                decision.action = action;
            }
        }
        faults.retain(|f| f.spec.times.is_none_or(|t| f.fired < t));
        decision
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(json: &str) -> FaultSpec {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn faults_match_by_method_and_start_at_the_nth_request() {
        let faults = Faults::new(0);
        faults.add(spec(
            r#"{"kind":"status","status":503,"method":"post","from_request":3}"#,
        ));
        assert_eq!(faults.decide("POST", "/v1/challenges").action, None);
        assert_eq!(faults.decide("POST", "/v1/confirmations").action, None);
        assert_eq!(faults.decide("GET", "/v1/terms").action, None);
        assert_eq!(
            faults.decide("POST", "/v1/confirmations").action,
            Some(Action::Status(503))
        );
    }

    #[test]
    fn faults_match_by_prefix_and_expire_after_their_count() {
        let faults = Faults::new(7);
        faults.add(spec(
            r#"{"kind":"status","status":500,"path_prefix":"/v1/conf","times":1}"#,
        ));
        faults.add(spec(r#"{"kind":"latency","ms":10,"jitter_ms":5}"#));
        let first = faults.decide("POST", "/v1/confirmations");
        assert_eq!(first.action, Some(Action::Status(500)));
        assert!(
            first.delay >= Duration::from_millis(10) && first.delay <= Duration::from_millis(15)
        );
        assert_eq!(faults.decide("POST", "/v1/confirmations").action, None);
        assert_eq!(faults.list().len(), 1);
        assert_eq!(faults.decide("POST", "/v1/challenges").action, None);
    }

    #[test]
    fn jitter_is_reproducible_from_the_seed() {
        let draw = || {
            let faults = Faults::new(42);
            faults.add(spec(r#"{"kind":"latency","ms":0,"jitter_ms":1000}"#));
            (0..5)
                .map(|_| faults.decide("GET", "/").delay)
                .collect::<Vec<_>>()
        };
        assert_eq!(draw(), draw());
    }

    #[test]
    fn maintenance_windows_are_on_the_scenario_clock() {
        let faults = Faults::new(0);
        faults.add(spec(
            r#"{"kind":"jlis-maintenance","from":"2026-11-01T03:00:00+09:00","to":"2026-11-01T04:00:00+09:00"}"#,
        ));
        let at = |s: &str| {
            OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).unwrap()
        };
        assert!(faults.jlis_maintenance(at("2026-11-01T03:30:00+09:00")));
        assert!(!faults.jlis_maintenance(at("2026-11-01T04:00:00+09:00")));
        assert_eq!(
            faults.decide("POST", "/v1/confirmations"),
            Decision::default()
        );
    }
}
