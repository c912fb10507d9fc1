//! A scenario's service faults (`faults.service`, one-key maps) as the mock service's
//! [`FaultSpec`]s (`docs/service.md`, "Faults"). A fault triggered by an operator answer is held
//! back and installed by the conversation once that answer has been given.

use mynakit_service::fault::{FaultKind, FaultSpec};

use crate::run::planted::{self, Race};
use crate::scenario::faults::{LatencyFault, Maintenance, On, ServiceFault, StatusFault};
use crate::scenario::operator::AskRef;

/// Faults to install at the start, and faults to install after an operator answer.
#[derive(Debug, Default)]
pub(crate) struct ServicePlan {
    /// Installed before the client starts.
    pub(crate) now: Vec<FaultSpec>,
    /// Installed once the operator has answered the ask.
    pub(crate) after: Vec<(AskRef, FaultSpec)>,
}

/// Splits and converts a scenario's service faults.
pub(crate) fn plan(faults: &[ServiceFault]) -> ServicePlan {
    let mut plan = ServicePlan::default();
    for fault in faults {
        let kind = match fault {
            ServiceFault::Latency(LatencyFault { ms, jitter_ms, .. }) => FaultKind::Latency {
                ms: *ms,
                jitter_ms: *jitter_ms,
            },
            ServiceFault::Status(StatusFault { status, .. }) => {
                FaultKind::Status { status: *status }
            }
            ServiceFault::Reset(_) => FaultKind::Reset,
            ServiceFault::Truncate(_) => FaultKind::Truncate,
            ServiceFault::Malformed(_) => FaultKind::Malformed,
            ServiceFault::Outage(On { .. }) => FaultKind::Outage,
            ServiceFault::NetworkLoss(On { .. }) => FaultKind::NetworkLoss,
            ServiceFault::InvalidateDevices(On { .. }) => FaultKind::InvalidateDevices,
            ServiceFault::Maintenance(Maintenance { from, to }) => FaultKind::JlisMaintenance {
                from: *from,
                to: *to,
            },
        };
        let on = fault.on().cloned().unwrap_or_default();
        let mut spec = FaultSpec {
            kind,
            path_prefix: on.path_prefix.clone(),
            times: on.times,
            method: on.method.clone(),
            from_request: on.request,
        };
        if planted::lost(Race::ServiceFault) {
            spec.from_request = Some(spec.from_request.unwrap_or(1).saturating_add(1));
        }
        match on.operator {
            Some(ask) => plan.after.push((ask, spec)),
            None => plan.now.push(spec),
        }
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::faults::ServiceTrigger;
    use crate::scenario::operator::AskKind;

    #[test]
    fn triggers_carry_over_and_operator_ones_wait() {
        let plan = plan(&[
            ServiceFault::Status(StatusFault {
                status: 503,
                on: ServiceTrigger {
                    path_prefix: Some("/v1/confirmations".into()),
                    times: Some(1),
                    method: Some("POST".into()),
                    request: Some(2),
                    operator: None,
                },
            }),
            ServiceFault::Reset(On {
                on: ServiceTrigger {
                    operator: Some(AskRef {
                        ask: AskKind::Confirm,
                        nth: 1,
                    }),
                    ..Default::default()
                },
            }),
        ]);
        assert_eq!(plan.now.len(), 1);
        assert_eq!(plan.now[0].kind, FaultKind::Status { status: 503 });
        assert_eq!(plan.now[0].from_request, Some(2));
        assert_eq!(plan.now[0].method.as_deref(), Some("POST"));
        assert_eq!(plan.after.len(), 1);
        assert_eq!(plan.after[0].1.kind, FaultKind::Reset);
    }
}
