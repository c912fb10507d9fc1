//! What `SVC-pre-tour-check` says (`docs/bus-kenshin.md`).

use mynakit_protocol::service_paths::HEALTH;

use crate::facts::Cite;
use crate::reason::Reason;
use crate::run::{at, Exchange};

/// What a `device-check` line reported.
#[derive(Clone, Copy)]
pub(in crate::svc) struct DeviceCheck {
    /// When the client wrote it.
    pub(in crate::svc) t_us: u64,
    /// Whether it found the service answering.
    pub(in crate::svc) service: bool,
    /// Whether it found the reader.
    pub(in crate::svc) reader: bool,
    /// Whether it reports the check passed.
    pub(in crate::svc) passed: bool,
}

/// Not a バス健診.
pub(in crate::svc) fn not_bus_kenshin() -> Reason {
    Reason::new("not the bus-kenshin setting", "bus-kenshin の設定ではない")
        .message("svc/pre-tour-not-bus-kenshin")
}

/// The client does not declare the flow.
pub(in crate::svc) fn not_declared() -> Reason {
    Reason::new(
        "the client does not declare `pre-tour-check`",
        "クライアントは `pre-tour-check` を宣言していない",
    )
    .message("svc/pre-tour-not-declared")
}

/// The first card check `x` came with no device check.
pub(in crate::svc) fn no_device_check(x: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "the tour's first card check ({}) came without a device check: no \
         `device-check` line",
            x.describe()
        ),
        format!(
            "巡回の最初の資格確認 ({}) の前に機器の確認がない: `device-check` 行がない",
            x.describe_ja()
        ),
    )
    .message("svc/pre-tour-no-device-check")
    .cite(x)
}

/// Neither a card check nor a device check.
pub(in crate::svc) fn nothing() -> Reason {
    Reason::new(
        "no card check and no device check",
        "資格確認も機器の確認もない",
    )
    .message("svc/pre-tour-nothing")
}

/// The first card check `x` came before the device check at `t_us`.
pub(in crate::svc) fn check_first(x: &Exchange<'_>, t_us: u64) -> Reason {
    Reason::new(
        format!(
            "the tour's first card check ({}) came before the device check at {}",
            x.describe(),
            at(t_us)
        ),
        format!(
            "巡回の最初の資格確認 ({}) が {} の機器の確認より前だった",
            x.describe_ja(),
            at(t_us)
        ),
    )
    .message("svc/pre-tour-check-first")
    .cite(x)
    .cite(Cite::at(t_us))
}

/// The device check at `t_us` says the service answered, but no health request was sent.
pub(in crate::svc) fn no_health(t_us: u64) -> Reason {
    Reason::new(
        format!(
            "the device check at {} says the service answered, but no GET {HEALTH} \
             was sent before it",
            at(t_us)
        ),
        format!(
            "{} の機器の確認はサービスが応答したとするが、その前に GET {HEALTH} を\
             送っていない",
            at(t_us)
        ),
    )
    .message("svc/pre-tour-no-health")
    .cite(Cite::at(t_us))
}

/// The device check at `t_us` says the service answered, but the health request `x` was not
/// answered 200 (or its answer was cut short: the client never had it).
pub(in crate::svc) fn health_failed(t_us: u64, x: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "the device check at {} says the service answered, but {} was answered {}",
            at(t_us),
            x.describe(),
            if x.status == 0 {
                "nothing".to_owned()
            } else if !x.delivered() {
                format!("{}, its body cut short", x.status)
            } else {
                x.status.to_string()
            }
        ),
        format!(
            "{} の機器の確認はサービスが応答したとするが、{} への応答は{}",
            at(t_us),
            x.describe_ja(),
            if x.status == 0 {
                "なかった".to_owned()
            } else if !x.delivered() {
                format!(" {} だが本文が途中で切れた", x.status)
            } else {
                format!(" {}", x.status)
            }
        ),
    )
    .message("svc/pre-tour-health-failed")
    .cite(Cite::at(t_us))
    .cite(x)
    .code("status", x.status.to_string())
}

/// The device check `d` reports passed without the service and the reader both there.
pub(in crate::svc) fn passed_anyway(d: DeviceCheck) -> Reason {
    Reason::new(
        format!(
            "the device check at {} reports passed although it found the service {} and the \
         reader {}",
            at(d.t_us),
            if d.service { "up" } else { "down" },
            if d.reader { "there" } else { "missing" }
        ),
        format!(
            "{} の機器の確認は、サービスが{}、リーダーが{}のに passed と報告した",
            at(d.t_us),
            if d.service { "応答し" } else { "停止し" },
            if d.reader { "ある" } else { "ない" }
        ),
    )
    .message("svc/pre-tour-passed-anyway")
    .cite(Cite::at(d.t_us))
}

/// The device check `d` (after the health request `health`, if any) came before the first
/// card check.
pub(in crate::svc) fn checked(d: DeviceCheck, health: Option<&Exchange<'_>>) -> Reason {
    let health_ja = health.map_or_else(|| "health の要求なし".to_owned(), |x| x.describe_ja());
    let health_en = health.map_or_else(|| "no health request".to_owned(), |x| x.describe());
    let said = Reason::new(
        format!(
            "device check at {} ({}): service {}, reader {}, {}, before the first card check",
            at(d.t_us),
            health_en,
            if d.service { "up" } else { "down" },
            if d.reader { "there" } else { "missing" },
            if d.passed { "passed" } else { "failed" }
        ),
        format!(
            "最初の資格確認の前、{} に機器の確認 ({}): サービス{}、リーダー{}、{}",
            at(d.t_us),
            health_ja,
            if d.service { "稼働" } else { "停止" },
            if d.reader { "あり" } else { "なし" },
            if d.passed { "passed" } else { "failed" }
        ),
    )
    .message("svc/pre-tour-checked")
    .cite(Cite::at(d.t_us));
    match health {
        Some(x) => said.cite(x),
        None => said,
    }
}
