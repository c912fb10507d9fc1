//! Faults a scenario injects into the public API: latency (fixed plus seeded jitter), any status,
//! connection reset, truncated or malformed body, full outage, and J-LIS maintenance windows.
//!
//! Like WireMock's fault stubs, each fault matches a path prefix and may fire a limited number of
//! times. A J-LIS maintenance window does not touch HTTP at all: it fails only the flows that need
//! J-LIS live — unregistered cards, registration and the first use after renewal — as in the
//! 2024-12-15 maintenance notice (`docs/service.md`, "Faults"). A spec with a key its kind does
//! not have, or an unusable value, is refused when it is read.

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
        /// The HTTP status (200–599).
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
    /// A mobile network that drops (a 健診 bus, `docs/care-settings.md`): the request reaches
    /// the service and is carried out — a challenge is consumed, a consent recorded — but the
    /// answer is lost on the way back, so the client cannot know what happened.
    NetworkLoss,
    /// The facility's administrator presses 「無効化する」 for every device activated so far,
    /// just before the request is handled: the request (and every later one signed by those
    /// devices) is then refused as `device-invalidated` (`docs/device-setup.md`). The
    /// invalidation mid-session after a login, as a scenario schedules it.
    InvalidateDevices,
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

/// A fault as the admin API and the service data take it: the kind's own fields plus the
/// triggers. Read through [`RawFault`], so a key that the kind does not have is refused by name
/// (serde cannot refuse unknown keys of a flattened enum) and values are checked
/// ([`FaultSpec::validate`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawFault")]
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

/// The longest latency a fault may add, milliseconds (one hour).
pub const MAX_LATENCY_MS: u64 = 3_600_000;

/// The trigger keys every kind has.
const TRIGGER_KEYS: [&str; 5] = ["kind", "path_prefix", "times", "method", "from_request"];

/// The kinds, as written in `kind`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum KindName {
    Latency,
    Status,
    Reset,
    Truncate,
    Malformed,
    Outage,
    JlisMaintenance,
    NetworkLoss,
    InvalidateDevices,
}

impl KindName {
    fn name(self) -> &'static str {
        match self {
            KindName::Latency => "latency",
            KindName::Status => "status",
            KindName::Reset => "reset",
            KindName::Truncate => "truncate",
            KindName::Malformed => "malformed",
            KindName::Outage => "outage",
            KindName::JlisMaintenance => "jlis-maintenance",
            KindName::NetworkLoss => "network-loss",
            KindName::InvalidateDevices => "invalidate-devices",
        }
    }

    /// The keys of this kind besides the triggers.
    fn keys(self) -> &'static [&'static str] {
        match self {
            KindName::Latency => &["ms", "jitter_ms"],
            KindName::Status => &["status"],
            KindName::JlisMaintenance => &["from", "to"],
            _ => &[],
        }
    }
}

/// Every key any fault may have, flat; [`FaultSpec`]'s `TryFrom` then refuses the keys of other
/// kinds.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFault {
    kind: KindName,
    #[serde(default)]
    ms: Option<u64>,
    #[serde(default)]
    jitter_ms: Option<u64>,
    #[serde(default)]
    status: Option<u16>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    from: Option<OffsetDateTime>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    to: Option<OffsetDateTime>,
    #[serde(default)]
    path_prefix: Option<String>,
    #[serde(default)]
    times: Option<u32>,
    #[serde(default)]
    method: Option<String>,
    #[serde(default)]
    from_request: Option<u32>,
}

/// Why a fault spec is refused. Messages name the key the way serde's do (`` `status` ``), so
/// the admin API's problem names it as the field.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FaultError {
    /// A key of another kind.
    #[error("unknown field `{key}` for a `{kind}` fault, expected one of {expected}")]
    Foreign {
        /// The key.
        key: &'static str,
        /// The fault's kind.
        kind: &'static str,
        /// The keys it may have.
        expected: String,
    },
    /// A key the kind needs.
    #[error("missing field `{0}`")]
    Missing(&'static str),
    /// A value out of range.
    #[error("field `{field}`: {detail}")]
    Value {
        /// The key.
        field: &'static str,
        /// What is wrong.
        detail: &'static str,
    },
}

fn need<T>(value: Option<T>, key: &'static str) -> Result<T, FaultError> {
    value.ok_or(FaultError::Missing(key))
}

impl TryFrom<RawFault> for FaultSpec {
    type Error = FaultError;
    fn try_from(raw: RawFault) -> Result<Self, FaultError> {
        let present: [(&'static str, bool); 5] = [
            ("ms", raw.ms.is_some()),
            ("jitter_ms", raw.jitter_ms.is_some()),
            ("status", raw.status.is_some()),
            ("from", raw.from.is_some()),
            ("to", raw.to.is_some()),
        ];
        let own = raw.kind.keys();
        if let Some((key, _)) = present.iter().find(|(k, p)| *p && !own.contains(k)) {
            let expected = TRIGGER_KEYS
                .iter()
                .chain(own)
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ");
            return Err(FaultError::Foreign {
                key,
                kind: raw.kind.name(),
                expected,
            });
        }
        let kind = match raw.kind {
            KindName::Latency => FaultKind::Latency {
                ms: need(raw.ms, "ms")?,
                jitter_ms: raw.jitter_ms.unwrap_or(0),
            },
            KindName::Status => FaultKind::Status {
                status: need(raw.status, "status")?,
            },
            KindName::Reset => FaultKind::Reset,
            KindName::Truncate => FaultKind::Truncate,
            KindName::Malformed => FaultKind::Malformed,
            KindName::Outage => FaultKind::Outage,
            KindName::NetworkLoss => FaultKind::NetworkLoss,
            KindName::InvalidateDevices => FaultKind::InvalidateDevices,
            KindName::JlisMaintenance => FaultKind::JlisMaintenance {
                from: need(raw.from, "from")?,
                to: need(raw.to, "to")?,
            },
        };
        let spec = FaultSpec {
            kind,
            path_prefix: raw.path_prefix,
            times: raw.times,
            method: raw.method,
            from_request: raw.from_request,
        };
        spec.validate()?;
        Ok(spec)
    }
}

impl FaultSpec {
    /// Checks the values: a final status (200–599; a 1xx is an interim answer, not one a fault
    /// can end a request with), latency at most [`MAX_LATENCY_MS`], a maintenance window that
    /// ends after it starts, a method that is a bare word.
    ///
    /// # Errors
    ///
    /// [`FaultError::Value`] naming the key.
    pub fn validate(&self) -> Result<(), FaultError> {
        let bad = |field, detail| Err(FaultError::Value { field, detail });
        match self.kind {
            FaultKind::Status { status } if !(200..=599).contains(&status) => {
                return bad("status", "must be a final HTTP status, 200-599");
            }
            FaultKind::Latency { ms, jitter_ms }
                if ms.saturating_add(jitter_ms) > MAX_LATENCY_MS =>
            {
                return bad("ms", "ms + jitter_ms must be at most 3600000 (one hour)");
            }
            FaultKind::JlisMaintenance { from, to } if to <= from => {
                return bad("to", "must be later than `from`");
            }
            _ => {}
        }
        if self
            .method
            .as_deref()
            .is_some_and(|m| m.is_empty() || !m.bytes().all(|b| b.is_ascii_alphabetic()))
        {
            return bad("method", "must be an HTTP method such as GET or POST");
        }
        Ok(())
    }
}

/// An installed fault.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
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
    /// Carried out, then the answer lost.
    NetworkLoss,
    /// Every activated device invalidated, then the request handled as usual.
    InvalidateDevices,
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
            Action::NetworkLoss => "network-loss",
            Action::InvalidateDevices => "invalidate-devices",
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
                    decision.delay = decision
                        .delay
                        .saturating_add(Duration::from_millis(ms.saturating_add(jitter)));
                    None
                }
                FaultKind::Status { status } => Some(Action::Status(status)),
                FaultKind::Reset => Some(Action::Reset),
                FaultKind::Truncate => Some(Action::Truncate),
                FaultKind::Malformed => Some(Action::Malformed),
                FaultKind::Outage => Some(Action::Outage),
                FaultKind::NetworkLoss => Some(Action::NetworkLoss),
                FaultKind::InvalidateDevices => Some(Action::InvalidateDevices),
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

/// What [`FaultSpec`] reads, through [`RawFault`] and its `TryFrom`: one object per kind, with
/// that kind's own keys ([`KindName::keys`]) and the triggers, nothing else; the keys a kind
/// needs are required and the values' ranges are [`FaultSpec::validate`]'s (except that a
/// maintenance window must end after it starts, which a schema cannot compare).
#[cfg(feature = "schema")]
impl schemars::JsonSchema for FaultSpec {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "FaultSpec".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        use serde_json::{json, Value};
        const KINDS: [KindName; 9] = [
            KindName::Latency,
            KindName::Status,
            KindName::Reset,
            KindName::Truncate,
            KindName::Malformed,
            KindName::Outage,
            KindName::JlisMaintenance,
            KindName::NetworkLoss,
            KindName::InvalidateDevices,
        ];
        let nullable = |schema: Value| json!({ "anyOf": [schema, { "type": "null" }] });
        let u32_schema = json!({ "type": "integer", "minimum": 0, "maximum": u32::MAX });
        let date_time = json!({ "type": "string", "format": "date-time" });
        let one = |kind: KindName| {
            let mut properties = serde_json::Map::new();
            properties.insert("kind".to_owned(), json!({ "const": kind.name() }));
            properties.insert(
                "path_prefix".to_owned(),
                nullable(json!({ "type": "string", "description": "Only requests whose path starts with this." })),
            );
            properties.insert("times".to_owned(), nullable(u32_schema.clone()));
            properties.insert(
                "method".to_owned(),
                nullable(json!({ "type": "string", "pattern": "^[A-Za-z]+$" })),
            );
            properties.insert("from_request".to_owned(), nullable(u32_schema.clone()));
            let mut required = vec!["kind"];
            match kind {
                KindName::Latency => {
                    let ms = json!({ "type": "integer", "minimum": 0, "maximum": MAX_LATENCY_MS });
                    properties.insert("ms".to_owned(), ms.clone());
                    properties.insert("jitter_ms".to_owned(), nullable(ms));
                    required.push("ms");
                }
                KindName::Status => {
                    let status = json!({ "type": "integer", "minimum": 200, "maximum": 599 });
                    properties.insert("status".to_owned(), status);
                    required.push("status");
                }
                KindName::JlisMaintenance => {
                    properties.insert("from".to_owned(), date_time.clone());
                    properties.insert("to".to_owned(), date_time.clone());
                    required.extend(["from", "to"]);
                }
                _ => {}
            }
            json!({
                "type": "object",
                "properties": properties,
                "required": required,
                "additionalProperties": false
            })
        };
        schemars::json_schema!({
            "description": "A fault (docs/service.md, \"Faults\"): its kind, that kind's own keys and the triggers.",
            "oneOf": KINDS.map(one)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand-written schema has every kind serde reads (the kinds its "unknown variant" error
    /// lists), each with the trigger keys and that kind's own keys, and no other.
    #[cfg(feature = "schema")]
    #[test]
    fn the_schema_has_every_kind_with_its_keys() {
        use schemars::JsonSchema;
        let schema = FaultSpec::json_schema(&mut schemars::SchemaGenerator::default());
        let kinds = schema.get("oneOf").and_then(|v| v.as_array()).unwrap();
        let err = serde_json::from_str::<RawFault>(r#"{"kind": "?"}"#)
            .unwrap_err()
            .to_string();
        let mut named = Vec::new();
        for one in kinds {
            let name = one["properties"]["kind"]["const"].as_str().unwrap();
            let kind: KindName = serde_json::from_value(name.into()).unwrap();
            let mut keys: Vec<&str> = one["properties"]
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            keys.sort_unstable();
            let mut want: Vec<&str> = TRIGGER_KEYS.iter().chain(kind.keys()).copied().collect();
            want.sort_unstable();
            assert_eq!(keys, want, "{name}");
            named.push(format!("`{name}`"));
        }
        let listed = err
            .split_once("expected one of ")
            .and_then(|(_, rest)| rest.split_once(" at line"))
            .map(|(list, _)| list)
            .unwrap_or_else(|| panic!("{err}"));
        assert_eq!(listed, named.join(", "));
    }

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
        let draw = |seed: u64| {
            let faults = Faults::new(seed);
            faults.add(spec(r#"{"kind":"latency","ms":100,"jitter_ms":1000}"#));
            (0..20)
                .map(|_| faults.decide("GET", "/").delay)
                .collect::<Vec<_>>()
        };
        let first = draw(42);
        assert_eq!(first, draw(42), "the same seed draws the same delays");
        // The jitter is applied: every delay is `ms` plus 0..=jitter_ms, and they differ.
        let (low, high) = (Duration::from_millis(100), Duration::from_millis(1100));
        assert!(first.iter().all(|d| (low..=high).contains(d)), "{first:?}");
        let distinct: std::collections::BTreeSet<_> = first.iter().collect();
        assert!(distinct.len() > 10, "{first:?}");
        assert_ne!(first, draw(43), "another seed draws other delays");
    }

    #[test]
    fn keys_of_other_kinds_and_typos_are_refused_by_name() {
        let err = |json: &str| {
            serde_json::from_str::<FaultSpec>(json)
                .unwrap_err()
                .to_string()
        };
        let e = err(r#"{"kind":"outage","path_prefx":"/v1/terms","tims":1}"#);
        assert!(e.starts_with("unknown field `path_prefx`"), "{e}");
        let e = err(r#"{"kind":"outage","ms":5}"#);
        assert!(
            e.starts_with("unknown field `ms` for a `outage` fault"),
            "{e}"
        );
        assert!(err(r#"{"kind":"status"}"#).starts_with("missing field `status`"));
        for status in [100, 101, 199, 600] {
            let e = err(&format!(r#"{{"kind":"status","status":{status}}}"#));
            assert!(e.starts_with("field `status`"), "{e}");
        }
        let e = err(r#"{"kind":"latency","ms":18446744073709551615}"#);
        assert!(e.starts_with("field `ms`"), "{e}");
        let e = err(r#"{"kind":"status","status":503,"method":"P OST"}"#);
        assert!(e.starts_with("field `method`"), "{e}");
        let e = err(
            r#"{"kind":"jlis-maintenance","from":"2026-11-01T04:00:00+09:00","to":"2026-11-01T03:00:00+09:00"}"#,
        );
        assert!(e.starts_with("field `to`"), "{e}");
        assert!(spec(r#"{"kind":"status","status":200}"#).validate().is_ok());
    }

    #[test]
    fn huge_latencies_add_up_without_overflow() {
        let faults = Faults::new(0);
        let huge = FaultSpec {
            kind: FaultKind::Latency {
                ms: u64::MAX,
                jitter_ms: 0,
            },
            path_prefix: None,
            times: None,
            method: None,
            from_request: None,
        };
        faults.add(huge.clone());
        faults.add(huge);
        assert!(faults.decide("GET", "/").delay >= Duration::from_millis(u64::MAX));
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
