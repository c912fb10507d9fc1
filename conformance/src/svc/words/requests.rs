//! What the checks of the client's requests say (`SVC-fresh-challenge`, `SVC-tls-validated`,
//! `SVC-retry-backoff`; `docs/client-protocol.md`).

use mynakit_protocol::service_paths::CHALLENGES;
use mynakit_protocol::Outcome;

use crate::reason::Reason;
use crate::run::{count, Exchange};

/// A failed request repeated, as the words of `SVC-retry-backoff` name it.
pub(in crate::svc) struct Retry<'r, 'a> {
    /// Its method.
    pub(in crate::svc) method: &'r str,
    /// Its path.
    pub(in crate::svc) path: &'r str,
    /// Its first attempt.
    pub(in crate::svc) first: &'r Exchange<'a>,
    /// Why the last attempt failed, in English and Japanese.
    pub(in crate::svc) why: (&'r str, &'r str),
    /// How many times it was repeated.
    pub(in crate::svc) repeats: usize,
}

/// `x` is a PIN-mode request without a challenge.
pub(in crate::svc) fn no_challenge(x: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "{} is a PIN-mode request without a challenge_id",
            x.describe()
        ),
        format!(
            "{} は challenge_id のない暗証番号モードのリクエスト",
            x.describe_ja()
        ),
    )
    .message("svc/requests-no-challenge")
    .cite(x)
}

/// `x` reused the challenge `id`, which `first` used.
pub(in crate::svc) fn reused(x: &Exchange<'_>, id: &str, first: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "{} reused challenge `{id}`, already used by {}",
            x.describe(),
            first.describe()
        ),
        format!(
            "{} が、{} ですでに使われた challenge `{id}` を使い回した",
            x.describe_ja(),
            first.describe_ja()
        ),
    )
    .message("svc/requests-reused")
    .cite(x)
    .cite(first)
}

/// `x` used the challenge `id`, which no earlier request issued.
pub(in crate::svc) fn not_issued(x: &Exchange<'_>, id: &str) -> Reason {
    Reason::new(
        format!(
            "{} used challenge `{id}`, which no earlier POST {CHALLENGES} issued",
            x.describe()
        ),
        format!(
            "{} が、それより前の POST {CHALLENGES} が発行していない challenge `{id}` を\
             使った",
            x.describe_ja()
        ),
    )
    .message("svc/requests-not-issued")
    .cite(x)
}

/// No request with a challenge.
pub(in crate::svc) fn no_challenged_request() -> Reason {
    Reason::new(
        "no request carried or needed a challenge",
        "challenge を持つ、または必要とするリクエストがない",
    )
    .message("svc/requests-no-challenged-request")
}

/// `judged` requests, each with a fresh challenge.
pub(in crate::svc) fn fresh(judged: usize) -> Reason {
    Reason::new(
        format!(
            "{} with a challenge, each issued for it and used once",
            count(judged, "request", "requests")
        ),
        format!(
            "challenge 付きのリクエスト {judged} 件、いずれもそのために発行され、1 回だけ使われた"
        ),
    )
    .message("svc/requests-fresh")
    .count("requests", judged)
}

/// The service's certificate is one the client trusts.
pub(in crate::svc) fn trusted_server() -> Reason {
    Reason::new(
        "the service presented a certificate of the CA the client trusts",
        "サービスはクライアントが信頼する CA の証明書を提示した",
    )
    .message("svc/requests-trusted-server")
}

/// `x` reached the untrusted server.
pub(in crate::svc) fn reached_untrusted(x: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "the service's certificate does not chain to MYNAKIT_CA_FILE, yet {} reached it: the \
             client accepted an untrusted server",
            x.describe()
        ),
        format!(
            "サービスの証明書は MYNAKIT_CA_FILE に連鎖しないのに、{} が届いた: クライアントは\
             信頼できないサーバーを受け入れた",
            x.describe_ja()
        ),
    )
    .message("svc/requests-reached-untrusted")
    .cite(x)
}

/// The client stopped at the card (`outcome`) before it signed.
pub(in crate::svc) fn stopped_at_card(outcome: Outcome) -> Reason {
    Reason::new(
        format!(
            "the client stopped with {outcome} before the card signed, so it never had to reach \
         the service"
        ),
        format!(
            "クライアントはカードが署名する前に {outcome} で終えたため、サービスへ送る必要が\
             なかった"
        ),
    )
    .message("svc/requests-stopped-at-card")
    .code("outcome", outcome.to_string())
}

/// Nothing reached the untrusted server, but the result is `outcome`.
pub(in crate::svc) fn not_service_error(outcome: Outcome) -> Reason {
    Reason::new(
        format!(
            "no request reached the untrusted server, but the result is {outcome}, not service-error"
        ),
        format!(
            "信頼できないサーバーにリクエストは届かなかったが、結果が service-error ではなく {outcome}"
        ),
    )
    .message("svc/requests-not-service-error")
    .code("outcome", outcome.to_string())
}

/// Nothing reached the untrusted server, and the client reported service-error.
pub(in crate::svc) fn refused_untrusted() -> Reason {
    Reason::new(
        "no request reached the untrusted server; the client reported service-error",
        "信頼できないサーバーにリクエストは届かず、クライアントは service-error を報告した",
    )
    .message("svc/requests-refused-untrusted")
}

/// `x` is one automatic repeat too many of `failing` (in manual mode, perhaps the tester's).
pub(in crate::svc) fn too_many_repeats(
    x: &Exchange<'_>,
    failing: &Retry<'_, '_>,
    max_repeats: usize,
    manual: bool,
) -> Reason {
    Reason::new(
        format!(
            "{} is automatic repeat #{} of {} {} after it failed ({}, {}), with no \
             operator answer in between: at most {max_repeats}{}",
            x.describe(),
            failing.repeats,
            failing.method,
            failing.path,
            failing.why.0,
            failing.first.describe(),
            if manual {
                " (manual mode: check whether the tester pressed retry)"
            } else {
                ""
            }
        ),
        format!(
            "{} は、{} {} が失敗した ({}, {}) 後の自動の再試行 #{} で、間に操作者の\
             回答がない: 上限は {max_repeats} 回{}",
            x.describe_ja(),
            failing.method,
            failing.path,
            failing.why.1,
            failing.first.describe_ja(),
            failing.repeats,
            if manual {
                " (手動モード: 試験者が再試行を押したか確認すること)"
            } else {
                ""
            }
        ),
    )
    .message("svc/requests-too-many-repeats")
    .cite(x)
    .cite(failing.first)
    .count("repeat", failing.repeats)
    .count("most", max_repeats)
}

/// `x` repeated `failing` `gap_ms` after the previous attempt.
pub(in crate::svc) fn too_soon(
    x: &Exchange<'_>,
    failing: &Retry<'_, '_>,
    gap_ms: u64,
    min_gap_ms: u64,
) -> Reason {
    Reason::new(
        format!(
            "{} repeated {} {} {} ms after the previous attempt failed ({}): retries need \
             at least {} ms between them",
            x.describe(),
            failing.method,
            failing.path,
            gap_ms,
            failing.why.0,
            min_gap_ms
        ),
        format!(
            "{} は、前の試行が失敗して ({}) から {} ms で {} {} を繰り返した: 再試行の\
             間は {} ms 以上空ける必要がある",
            x.describe_ja(),
            failing.why.1,
            gap_ms,
            failing.method,
            failing.path,
            min_gap_ms
        ),
    )
    .message("svc/requests-too-soon")
    .cite(x)
    .count("gap-ms", gap_ms)
    .count("min-gap-ms", min_gap_ms)
}

/// No request failed.
pub(in crate::svc) fn none_failed() -> Reason {
    Reason::new(
        "no request to the service failed",
        "サービスへのリクエストは失敗しなかった",
    )
    .message("svc/requests-none-failed")
}

/// `failures` failed requests, `repeats` automatic repeats (at most `most` in a row), each
/// spaced.
pub(in crate::svc) fn spaced(
    failures: usize,
    repeats: usize,
    most: usize,
    min_gap_ms: u64,
) -> Reason {
    Reason::new(
        format!(
            "{}; {} (at most {most} in a row), each at least {} ms after the previous attempt",
            count(failures, "request failed", "requests failed"),
            count(repeats, "automatic repeat", "automatic repeats"),
            min_gap_ms
        ),
        format!(
            "失敗したリクエスト {failures} 件; 自動の再試行 {repeats} 回 (連続で最大 {most} 回)、\
             いずれも前の試行から {} ms 以上空けた",
            min_gap_ms
        ),
    )
    .message("svc/requests-spaced")
    .count("failures", failures)
    .count("repeats", repeats)
    .count("most", most)
    .count("min-gap-ms", min_gap_ms)
}
