//! What `XML-encoding` says: whether the client decoded the terminal's file by its
//! declaration.

use mynakit_oqs::ElementName;
use mynakit_protocol::Quoted;

use crate::reason::Reason;

/// No answer or push to compare with.
pub(in crate::xml) fn no_answer() -> Reason {
    Reason::new(
        "no answer or push of the terminal was there for the client's result",
        "クライアントの結果の元になる端末の応答・通知がない",
    )
    .message("xml/no-answer")
}

/// The client shows `value` for `element`, which `path` (written in `encoding`) does not hold.
pub(in crate::xml) fn not_decoded(
    element: ElementName,
    value: &str,
    path: &str,
    encoding: &str,
) -> Reason {
    Reason::new(
        format!(
            "the client shows {element} {}, which is not what {} holds (written \
                     in {}): it did not decode the file by its declaration",
            Quoted(value),
            path,
            declared(encoding)
        ),
        format!(
            "クライアントが表示した {element} {} は、{} の値 ({} で書かれている) と\
                         異なる: ファイルを宣言どおりに読んでいない",
            Quoted(value),
            path,
            declared_ja(encoding)
        ),
    )
    .message("xml/not-decoded")
    .code("element", element.as_str())
    .code("encoding", encoding)
}

/// The client showed no name of `path` to compare.
pub(in crate::xml) fn no_name_shown(path: &str) -> Reason {
    Reason::new(
        format!("the client showed no name from {} to compare", path),
        format!("クライアントは {} から比べられる名前を表示していない", path),
    )
    .message("xml/no-name-shown")
}

/// The elements `same` are as `path` (written in `encoding`) holds them.
pub(in crate::xml) fn decoded(same: &[&str], path: &str, encoding: &str) -> Reason {
    Reason::new(
        format!(
            "{} as {} holds them ({})",
            same.join(", "),
            path,
            declared(encoding)
        ),
        format!(
            "{} は {} のとおり ({})",
            same.join(", "),
            path,
            declared_ja(encoding)
        ),
    )
    .message("xml/decoded")
    .code("encoding", encoding)
}

fn declared(encoding: &str) -> &str {
    if encoding.is_empty() {
        "no declared encoding: UTF-8"
    } else {
        encoding
    }
}

/// [`declared`] in Japanese.
fn declared_ja(encoding: &str) -> &str {
    if encoding.is_empty() {
        "文字コードの宣言なし: UTF-8"
    } else {
        encoding
    }
}
