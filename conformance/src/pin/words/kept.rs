//! The words of `PIN-not-kept` (`pin/kept.rs`): what the client's files held, never the PIN.

use crate::reason::Reason;

/// `PIN-not-kept`: the client's folders were not searched (an app on its own device, or a
/// manual run).
pub(in crate::pin) fn files_not_searched() -> Reason {
    Reason::new(
        "the client's folders were not searched (an app on its own device, or a manual run)",
        "クライアントのフォルダーは検索されていない (自身の端末上のアプリ、または手動の実行)",
    )
    .message("pin/files-not-searched")
}

/// `PIN-not-kept`: the files (with the form found first in each) that held a typed PIN.
pub(in crate::pin) fn pin_kept(files: &[(&str, &str)]) -> Reason {
    let shown: Vec<String> = files
        .iter()
        .map(|(path, form)| format!("{path} ({form})"))
        .collect();
    Reason::new(
        format!(
            "the client left a typed PIN in its files: {}",
            shown.join(", ")
        ),
        format!(
            "クライアントが入力された暗証番号をファイルに残した: {}",
            shown.join("、")
        ),
    )
    .message("pin/kept")
    .code("files", shown.join(", "))
}

/// `PIN-not-kept`: the `typed` PINs are in none of the `files` files the client left.
pub(in crate::pin) fn pin_not_kept(typed: usize, files: u64) -> Reason {
    let said = if typed == 1 {
        Reason::new(
            format!("the typed PIN is in none of the {files} files the client left"),
            format!(
                "クライアントが残した {files} 個のファイルのどれにも、入力された暗証番号はない"
            ),
        )
    } else {
        Reason::new(
            format!("none of the {typed} typed PINs is in the {files} files the client left"),
            format!(
                "クライアントが残した {files} 個のファイルのどれにも、入力された暗証番号 {typed} 件のいずれもない"
            ),
        )
    };
    said.message("pin/not-kept")
        .count("typed", typed)
        .code("files", files.to_string())
}
