//! What the 健診 and 人間ドック checks at the terminal say (`XML-kenshin-eligibility-only`,
//! `XML-dock-purpose`).

use crate::facts::Cite;
use crate::reason::Reason;
use crate::run::{at, count};

/// Not a 健診 setting.
pub(in crate::xml) fn not_kenshin() -> Reason {
    Reason::new("not a 健診 setting", "健診の設定ではない").message("xml/not-kenshin")
}

/// A 健診 not at the terminal: the app's check judges it.
pub(in crate::xml) fn kenshin_not_at_terminal() -> Reason {
    Reason::new(
        "not at the 資格確認端末: the app's 健診 is judged by SVC-kenshin-eligibility-only",
        "資格確認端末での実行ではない: アプリの健診は SVC-kenshin-eligibility-only で判定する",
    )
    .message("xml/kenshin-not-at-terminal")
}

/// The request `path` (at `t_us`) asks for a patient's history.
pub(in crate::xml) fn kenshin_asks_history(path: &str, t_us: u64) -> Reason {
    Reason::new(
        format!(
            "the request {path} ({}) asks for a patient's history at a 健診",
            at(t_us)
        ),
        format!("要求 {path} ({}) が健診で患者の履歴を求めている", at(t_us)),
    )
    .message("xml/kenshin-asks-history")
    .cite(Cite::at(t_us))
}

/// The request `path` (at `t_us`) gives the consent `name` 1, asking for the 限度額.
pub(in crate::xml) fn kenshin_asks_limit(path: &str, t_us: u64, name: &str) -> Reason {
    Reason::new(
        format!(
            "the request {path} ({}) asks for the 限度額 ({name} 1) at a 健診",
            at(t_us)
        ),
        format!(
            "要求 {path} ({}) が健診で限度額を求めている ({name} 1)",
            at(t_us)
        ),
    )
    .message("xml/kenshin-asks-limit")
    .cite(Cite::at(t_us))
    .code("element", name)
}

/// The client recorded the visit for a claim at `t_us`.
pub(in crate::xml) fn kenshin_claim_recorded(t_us: u64) -> Reason {
    Reason::new(
        format!(
            "the client recorded the visit for a claim (claim-record, {}) at a 健診, which is \
             not a 保険診療 visit: no 初診, 再診 or 加算 is billed for it",
            at(t_us)
        ),
        format!(
            "クライアントが健診で受診を請求用に記録した (claim-record, {}): 健診は保険診療では\
                 なく、初診・再診・加算は請求しない",
            at(t_us)
        ),
    )
    .message("xml/kenshin-claim-recorded")
    .cite(Cite::at(t_us))
}

/// `requests` requests, all for eligibility only.
pub(in crate::xml) fn kenshin_eligibility_only(requests: usize) -> Reason {
    Reason::new(
        format!(
            "{} to the terminal, for eligibility only; no health or medical information asked for \
         or shown",
            count(requests, "request", "requests")
        ),
        format!(
            "端末への要求 {} 件は資格の確認のためだけで、健康・医療の情報は求めず表示もしていない",
            requests
        ),
    )
    .message("xml/kenshin-eligibility-only")
    .count("requests", requests)
}

/// Not a 人間ドック setting.
pub(in crate::xml) fn not_dock() -> Reason {
    Reason::new("not a 人間ドック setting", "人間ドックの設定ではない").message("xml/not-dock")
}

/// A 人間ドック not at the terminal: the app's check judges it.
pub(in crate::xml) fn dock_not_at_terminal() -> Reason {
    Reason::new(
        "not at the 資格確認端末: the app's 人間ドック is judged by SVC-dock-purpose",
        "資格確認端末での実行ではない: アプリの人間ドックは SVC-dock-purpose で判定する",
    )
    .message("xml/dock-not-at-terminal")
}

/// The request `path`, written at `t_us` (the first check, as the purpose's words name it).
pub(in crate::xml) fn the_request(path: &str, t_us: u64) -> Reason {
    Reason::new(
        format!("the request {path} ({})", at(t_us)),
        format!("要求 {path} ({})", at(t_us)),
    )
    .message("xml/the-request")
    .cite(Cite::at(t_us))
}
