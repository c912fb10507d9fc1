//! The device check before a 巡回健診 bus tour (flow `pre-tour-check`, `docs/bus-kenshin.md`,
//! "The device check before a tour"): before the tour's first card check the app checks its
//! devices and reports honestly what it found.

use mynakit_protocol::service_paths::{CONFIRMATIONS, HEALTH};
use mynakit_protocol::{ClientMessage, Flow};

use crate::check::{Evidence, Verdict};
use crate::run::{Run, Step};
use crate::svc::words::pre_tour::{self as words, DeviceCheck};

check! {
    /// `SVC-pre-tour-check`: on a 健診 bus, the devices are checked before the tour's first
    /// card check, and the report says what the check found.
    PreTourCheck {
        id: "SVC-pre-tour-check",
        severity: Failed,
        rule: "In the bus-kenshin setting, a client that declares the flow `pre-tour-check` sends \
               a `device-check` line before its first card check (POST /v1/confirmations). It \
               says `service: true` only after a GET /v1/health answered 200 before it, and \
               `passed: true` only with `service` and `reader` both true.",
        rationale: "The notice advises checking how the devices work before a 巡回健診 tour. An \
                    app that starts the tour without the check finds a dead mobile link or a \
                    missing reader at the first examinee, with the queue waiting; one that \
                    reports a passed check when the service did not answer tells the staff \
                    to go on with devices that will fail.",
        reference: "厚生労働省保険局 事務連絡「特定健診・保健指導に係るオンライン資格確認（資格確認限定型）\
                    の導入等について（周知）」第2の3 バス健診対応 (「巡回健診の実施前にあらかじめ機器の\
                    設置場所、動線や機器の動作について確認の上、受診者に周知いただくことをお勧めします」); \
                    docs/bus-kenshin.md",
        evaluate: pre_tour_check,
    }
}

fn pre_tour_check(_e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if run.care_setting() != Some(Flow::BusKenshin) {
        return Verdict::NotApplicable(words::not_bus_kenshin());
    }
    if !run.declares_flow(Flow::PreTourCheck) {
        return Verdict::NotApplicable(words::not_declared());
    }
    let first_check = run.steps.iter().enumerate().find_map(|(i, s)| match s {
        Step::Http(x) if x.is("POST", CONFIRMATIONS) => Some((i, x)),
        _ => None,
    });
    let report = run.client_lines().find_map(|(i, t_us, m)| match m {
        ClientMessage::DeviceCheck {
            service,
            reader,
            passed,
            ..
        } => Some((
            i,
            DeviceCheck {
                t_us,
                service: *service,
                reader: *reader,
                passed: *passed,
            },
        )),
        _ => None,
    });
    let Some((j, d)) = report else {
        return match first_check {
            Some((_, x)) => Verdict::Fail(words::no_device_check(x)),
            None => Verdict::NotApplicable(words::nothing()),
        };
    };
    if let Some((i, x)) = first_check {
        if i < j {
            return Verdict::Fail(words::check_first(x, d.t_us));
        }
    }
    // The service's last health answer before the report.
    let health = run.steps[..j].iter().rev().find_map(|s| match s {
        Step::Http(x) if x.is("GET", HEALTH) => Some(x),
        _ => None,
    });
    if d.service {
        match health {
            None => return Verdict::Fail(words::no_health(d.t_us)),
            Some(x) if !x.received_with(200) => {
                return Verdict::Fail(words::health_failed(d.t_us, x))
            }
            Some(_) => {}
        }
    }
    if d.passed && !(d.service && d.reader) {
        return Verdict::Fail(words::passed_anyway(d));
    }
    Verdict::Pass(words::checked(d, health))
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;

    use super::*;
    use crate::testkit::*;

    const HELLO: &str = r#"{"type":"hello","protocol":1,"client":"t","capabilities":{"flows":["bus-kenshin","pre-tour-check"]}}"#;

    fn bus() -> Tl {
        Tl::new().care_setting("bus-kenshin").client(HELLO)
    }

    fn health(tl: Tl, status: u16) -> Tl {
        tl.http("GET", HEALTH, status, 5, None, Some(r#"{"status":"ok"}"#))
    }

    fn report(tl: Tl, service: bool, reader: bool, passed: bool) -> Tl {
        tl.client(&format!(
            r#"{{"type":"device-check","service":{service},"reader":{reader},"passed":{passed}}}"#
        ))
    }

    fn confirm(tl: Tl) -> Tl {
        tl.challenge("c1")
            .confirm("c1", &valid_body(r#""InsuredCardClassification":"01""#))
            .result("eligible")
    }

    #[test]
    fn the_devices_are_checked_first_and_reported_as_found() {
        let c = PreTourCheck;
        let eligible = result(Outcome::Eligible, &[("QualificationValidity", "1")]);
        let good = confirm(report(health(bus(), 200), true, true, true));
        assert!(pass(&c, &evidence(&good.events, &eligible)).contains("passed"));
        let down = confirm(report(health(bus(), 503), false, true, false));
        assert!(pass(&c, &evidence(&down.events, &eligible)).contains("service down"));
        let skipped = confirm(bus());
        assert!(fail(&c, &evidence(&skipped.events, &eligible)).contains("without a device check"));
        let late = report(confirm(health(bus(), 200)), true, true, true);
        assert!(fail(&c, &evidence(&late.events, &eligible)).contains("came before"));
        let lied = confirm(report(health(bus(), 503), true, true, true));
        assert!(fail(&c, &evidence(&lied.events, &eligible)).contains("answered 503"));
        let lost = confirm(report(health(bus(), 0), true, true, true));
        assert!(fail(&c, &evidence(&lost.events, &eligible)).contains("answered nothing"));
        // A health answer cut short (its status sent, its body not) never reached the app.
        let cut = confirm(report(
            bus().http("GET", HEALTH, 200, 5, None, None),
            true,
            true,
            true,
        ));
        let text = fail(&c, &evidence(&cut.events, &eligible));
        assert!(text.contains("answered 200, its body cut short"), "{text}");
        assert!(
            text.ja()
                .unwrap()
                .ends_with("への応答は 200 だが本文が途中で切れた"),
            "{:?}",
            text.ja()
        );
        let unasked = confirm(report(bus(), true, true, true));
        assert!(fail(&c, &evidence(&unasked.events, &eligible)).contains("no GET"));
        let no_reader = confirm(report(health(bus(), 200), true, false, true));
        let text = fail(&c, &evidence(&no_reader.events, &eligible));
        assert!(text.contains("reader missing"));
        assert!(
            text.ja().unwrap().ends_with(
                "の機器の確認は、サービスが応答し、リーダーがないのに passed と報告した"
            ),
            "{:?}",
            text.ja()
        );
        let undeclared = confirm(Tl::new().care_setting("bus-kenshin"));
        not_applicable(&c, &evidence(&undeclared.events, &eligible));
        let counter = confirm(Tl::new().client(HELLO));
        not_applicable(&c, &evidence(&counter.events, &eligible));
    }
}
