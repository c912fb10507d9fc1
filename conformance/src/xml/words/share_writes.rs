//! What `XML-share-writes` says: whether the client changed, through the SMB share, only what
//! is its own.

use crate::facts::Cite;
use crate::reason::Reason;
use crate::run::{at, count};

/// No share-* event.
pub(in crate::xml) fn no_share() -> Reason {
    Reason::new(
        "no share-* event: the terminal's folders were not behind an SMB share in this run \
             (mynakit run --terminal-share smb), or the client did not reach them through it",
        "share-* のイベントがない: この実行では端末のフォルダが SMB 共有の先になかった \
             (mynakit run --terminal-share smb) か、クライアントが共有経由で使っていない",
    )
    .message("xml/no-share")
}

/// The client wrote into `path` (outside `req`) at `t_us`.
pub(in crate::xml) fn wrote_outside_req(path: &str, t_us: u64) -> Reason {
    let when = at(t_us);
    Reason::new(
        format!(
            "the client wrote into {} through the share ({when}): only the terminal \
                     writes there; a client writes requests into req",
            path
        ),
        format!(
            "クライアントが共有経由で {} に書いた ({when}): そこに書くのは端末だけで、\
                         クライアントは要求を req に書く",
            path
        ),
    )
    .message("xml/share-wrote-outside-req")
    .cite(Cite::at(t_us))
}

/// The client wrote `path` at `t_us` under the name the terminal reads.
pub(in crate::xml) fn wrote_final_name(path: &str, t_us: u64) -> Reason {
    let when = at(t_us);
    Reason::new(
        format!(
            "the client wrote {} through the share under the name the terminal reads \
                     ({when}): a request is written under a name the terminal skips (a leading \
                     dot, .tmp, .part) and then renamed, or the terminal may read it half \
                     written",
            path
        ),
        format!(
            "クライアントが共有経由で {} を端末の読む名前のまま書いた ({when}): 要求は\
                         端末が読み飛ばす名前 (先頭のドット、.tmp、.part) で\
                         書いてから改名しないと、端末が書きかけを読むことがある",
            path
        ),
    )
    .message("xml/share-wrote-final-name")
    .cite(Cite::at(t_us))
}

/// The client renamed `path` (in `folder`) to `to` at `t_us`, not its own to rename.
pub(in crate::xml) fn renamed_not_own(path: &str, to: &str, t_us: u64, folder: &str) -> Reason {
    let when = at(t_us);
    Reason::new(
        format!(
            "the client renamed {} to {to} through the share ({when}): {}",
            path,
            not_its_own(folder)
        ),
        format!(
            "クライアントが共有経由で {} を {to} に改名した ({when}): {}",
            path,
            not_its_own_ja(folder)
        ),
    )
    .message("xml/share-renamed-not-own")
    .cite(Cite::at(t_us))
}

/// The client deleted `path` (in `folder`) at `t_us`, not its own to delete.
pub(in crate::xml) fn deleted_not_own(path: &str, t_us: u64, folder: &str) -> Reason {
    let when = at(t_us);
    Reason::new(
        format!(
            "the client deleted {} through the share ({when}): {}",
            path,
            not_its_own(folder)
        ),
        format!(
            "クライアントが共有経由で {} を削除した ({when}): {}",
            path,
            not_its_own_ja(folder)
        ),
    )
    .message("xml/share-deleted-not-own")
    .cite(Cite::at(t_us))
}

/// Through the share: `renamed_in` requests renamed into `req`, `taken` answers or pushes
/// taken, `reads` files read.
pub(in crate::xml) fn share_kept(renamed_in: usize, taken: usize, reads: usize) -> Reason {
    Reason::new(
        format!(
            "through the share: {} renamed into req, none written under its final name; nothing \
         written into res or face; {} of its own taken, {} read",
            count(renamed_in, "request", "requests"),
            count(taken, "answer or push", "answers or pushes"),
            count(reads, "file", "files"),
        ),
        format!(
            "共有経由: 要求 {renamed_in} 件を req へ改名し、最終の名前で書いたものはない。\
             res・face には何も書いていない。自分の応答・通知 {taken} 件を取り出し、ファイル \
             {reads} 件を読んだ"
        ),
    )
    .message("xml/share-kept")
    .count("renamed", renamed_in)
    .count("taken", taken)
    .count("read", reads)
}

/// Why changing a file in `folder` is not the client's to do.
fn not_its_own(folder: &str) -> &'static str {
    match folder {
        "res" => {
            "it answers no request the client wrote (another desk's answer, left for that desk)"
        }
        "req" => "it is no request the client wrote (another desk's, or the terminal's)",
        _ => "only the terminal's folders req, res and face are the client's to use, and only its own files there",
    }
}

/// [`not_its_own`] in Japanese.
fn not_its_own_ja(folder: &str) -> &'static str {
    match folder {
        "res" => {
            "クライアントが書いた要求への応答ではない (他の窓口の応答で、その窓口のために残すも\
                  の)"
        }
        "req" => "クライアントが書いた要求ではない (他の窓口か端末のもの)",
        _ => {
            "クライアントが使えるのは端末のフォルダ req・res・face だけで、そこでも\
              自分のファイルだけである"
        }
    }
}
