//! What `RP-password-not-kept` says (`docs/relying-party.md`).

use crate::reason::Reason;

/// No password typed in the run.
pub(in crate::rp) fn no_password_typed() -> Reason {
    Reason::new(
        "no 署名用 password was typed in the run",
        "この実行では署名用パスワードが入力されなかった",
    )
    .message("rp/no-password-typed")
}

/// The client's folders were not searched.
pub(in crate::rp) fn folders_not_searched() -> Reason {
    Reason::new(
        "the client's folders were not searched (an app on its own device, or a manual run)",
        "クライアントのフォルダーは検索されていない (自身の端末上のアプリ、または手動の実行)",
    )
    .message("rp/folders-not-searched")
}

/// The typed password found in `paths`.
pub(in crate::rp) fn password_kept(paths: &[&str]) -> Reason {
    let paths = paths.join(", ");
    Reason::new(
        format!("the client left the typed 署名用 password in {paths}"),
        format!("クライアントが入力された署名用パスワードを {paths} に残した"),
    )
    .message("rp/password-kept")
    .code("paths", paths)
}

/// The typed password in none of `files` files.
pub(in crate::rp) fn password_not_kept(files: u64) -> Reason {
    Reason::new(
        format!("the typed 署名用 password is in none of the {files} files the client left"),
        format!(
            "クライアントが残した {files} 個のファイルのどれにも、入力された署名用パスワードはない"
        ),
    )
    .message("rp/password-not-kept")
    .code("files", files.to_string())
}
