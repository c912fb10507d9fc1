//! `XML-share-writes`: what a レセコン writes, renames and deletes through the terminal's SMB
//! share, from smbd's own record of it (`share-*` events, `mynakit run --terminal-share smb`;
//! `docs/terminal.md`, "The share in a run").
//!
//! Only the share's record says who did what: the terminal's own look at its folders sees a file
//! appear, change or go, not whose hand it was, and in a clinic several desks share one terminal.
//! Every `share-*` event is the client's (smbd performed it for the client's session; the
//! terminal writes to its disk directly), so this check can hold the client to the folders'
//! contract: requests in, under a name the terminal skips, then renamed; nothing of the
//! terminal's touched but its own answers and the face pushes it takes.

use std::collections::BTreeSet;

use mynakit_oqs::file_names;
use mynakit_timeline::FileAction;

use crate::check::{Evidence, Verdict};
use crate::run::folder::{share_ops, ShareOp};
use crate::run::Run;
use crate::xml::words::share_writes as words;

check! {
    /// `XML-share-writes`: over the share, requests written under a temporary name and renamed
    /// into `req`; nothing in `res` or `face` changed but the client's own answers and the
    /// pushes it takes.
    ShareWrites {
        id: "XML-share-writes",
        severity: Failed,
        rule: "Through the terminal's SMB share (mynakit run --terminal-share smb) the client \
               writes only into req, under a name the terminal skips (a leading dot, .tmp, \
               .part, …) that it then renames to the request's name; it never writes into res \
               or face; and it deletes or moves (renames) only its own files: its requests, \
               the answers to them (the mirrored result, its .pdf, .zip, .err and the request \
               moved beside it) and the face pushes it takes. NOT-APPLICABLE without a share-* \
               event (no share in the run, or the client did not use it).",
        rationale: "In a clinic the reception desks reach one 資格確認端末 over one share. A \
                    request written in place under its final name can be read half written (the \
                    terminal picks requests up within seconds; over SMB the bytes arrive in \
                    pieces); a file written into res or face passes for the terminal's answer; \
                    and a desk that clears res, or withdraws requests that are not its own, \
                    takes another desk's patient's answer away, so that desk waits, times out \
                    and confirms nobody. Only the share's record shows whose hand did it.",
        reference: "ReceptionAgent 単患者照会番号登録仕様 §19–20 (write, then move into the \
                     request folder); sanox.org オンライン資格確認 導入記 road12/13 (the shared \
                     req/res/face folders, pickup within a few seconds); Samba vfs_full_audit \
                     (the share's record); docs/terminal.md#the-share-in-a-run",
        evaluate: share_writes,
    }
}

/// `path`'s folder (`req`, `res`, `face`, or `""` for the share's top) and its file name.
fn split(path: &str) -> (&str, &str) {
    let folder = path.split('/').next().unwrap_or("");
    let name = path.rsplit('/').next().unwrap_or(path);
    if folder == path {
        ("", name)
    } else {
        (folder, name)
    }
}

/// `name` without its last extension (`a.xml` → `a`).
fn stem(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

/// Whether the file `name` in `res` is an answer to one of `requests` (request file names):
/// the mirrored result under any extension (`.xml`, `.pdf`, `.zip`), the `.err` beside the
/// request's base, or the request itself moved into `res`.
fn answers_own(name: &str, requests: &BTreeSet<&str>) -> bool {
    requests.iter().any(|request| {
        let answer = file_names::mirror(request).unwrap_or_else(|| format!("{request}.res.xml"));
        name == *request
            || name == answer
            || stem(name) == stem(&answer)
            || stem(name) == stem(request)
    })
}

/// A change through the share: when, what, and the path it happened to (the old path of a
/// rename, whose new path is `to`).
struct Change<'a> {
    t_us: u64,
    action: &'a FileAction,
    path: &'a str,
    to: Option<&'a str>,
}

fn share_writes(_e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let mut changes: Vec<Change<'_>> = Vec::new();
    let mut reads = 0;
    // The path of the last `share-open`: SMB renames an open file, so a rename's old name.
    let mut opened: Option<&str> = None;
    for ShareOp {
        t_us, path, action, ..
    } in share_ops(run)
    {
        match action {
            FileAction::ShareOpen => opened = Some(path),
            FileAction::ShareRead => reads += 1,
            FileAction::ShareWrite | FileAction::ShareDelete => changes.push(Change {
                t_us,
                action,
                path,
                to: None,
            }),
            FileAction::ShareRename => changes.push(Change {
                t_us,
                action,
                path: opened.unwrap_or(path),
                to: Some(path),
            }),
            _ => {}
        }
    }
    if changes.is_empty() && reads == 0 {
        return Verdict::NotApplicable(words::no_share());
    }
    // The client's own requests: what it wrote or renamed into req under a name the terminal
    // reads.
    let own: BTreeSet<&str> = changes
        .iter()
        .filter_map(|c| match c.action {
            FileAction::ShareWrite => Some(c.path),
            FileAction::ShareRename => c.to,
            _ => None,
        })
        .map(split)
        .filter(|(folder, name)| *folder == "req" && !file_names::is_in_progress(name))
        .map(|(_, name)| name)
        .collect();
    // What the client wrote itself, temporary names included: its own to remove.
    let written: BTreeSet<&str> = changes
        .iter()
        .filter(|c| *c.action == FileAction::ShareWrite)
        .map(|c| c.path)
        .collect();
    let (mut renamed_in, mut taken) = (0, 0);
    for c in &changes {
        let (folder, name) = split(c.path);
        match c.action {
            FileAction::ShareWrite if folder != "req" => {
                return Verdict::Fail(words::wrote_outside_req(c.path, c.t_us))
            }
            FileAction::ShareWrite if !file_names::is_in_progress(name) => {
                return Verdict::Fail(words::wrote_final_name(c.path, c.t_us))
            }
            FileAction::ShareWrite => {}
            FileAction::ShareRename => {
                let to = c.to.unwrap_or(c.path);
                let (to_folder, _) = split(to);
                match (folder, to_folder) {
                    ("req", "req") => renamed_in += 1,
                    ("face", "face") => taken += 1,
                    ("res", _) if answers_own(name, &own) => taken += 1,
                    _ => return Verdict::Fail(words::renamed_not_own(c.path, to, c.t_us, folder)),
                }
            }
            FileAction::ShareDelete => match folder {
                "req" if own.contains(name) || written.contains(c.path) => {}
                "res" if answers_own(name, &own) => taken += 1,
                "face" => taken += 1,
                _ => return Verdict::Fail(words::deleted_not_own(c.path, c.t_us, folder)),
            },
            _ => {}
        }
    }
    Verdict::Pass(words::share_kept(renamed_in, taken, reads))
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;

    use super::*;
    use crate::testkit::*;

    const REQ: &str = "req/OQSsiquc01req_202611010001.xml";
    const PART: &str = "req/.OQSsiquc01req_202611010001.xml.part";
    const RES: &str = "res/OQSsiquc01res_202611010001.xml";
    const OTHER: &str = "res/OQSsiquc01res_other-workstation-0001.xml";

    /// A careful client over the share: put under a dot name, rename in, read its answer.
    fn careful() -> Tl {
        Tl::new()
            .file(PART, "share-open")
            .file(PART, "share-write")
            .file(PART, "share-close")
            .file(PART, "share-open")
            .file(REQ, "share-rename")
            .file(REQ, "share-close")
            .file(RES, "result-written")
            .file(RES, "share-open")
            .file(RES, "share-read")
            .file(RES, "share-close")
    }

    #[test]
    fn a_careful_client_passes_and_takes_its_own_answer() {
        let r = result(Outcome::Eligible, &[]);
        let tl = careful().file(RES, "share-delete").result("eligible");
        let text = pass(&ShareWrites, &evidence(&tl.events, &r));
        assert!(text.contains("1 request renamed into req"), "{text}");
        assert!(text.contains("1 answer or push of its own taken"), "{text}");
        // A push moved into face/done, and the PDF of its own 薬剤情報 request, are its own.
        let tl = careful()
            .file("face/OQSsiquc01res_face_1.xml", "share-open")
            .file("face/done/OQSsiquc01res_face_1.xml", "share-rename")
            .file("res/OQSsiquc01res_202611010001.pdf", "share-delete")
            .result("eligible");
        pass(&ShareWrites, &evidence(&tl.events, &r));
    }

    #[test]
    fn deleting_another_desks_answer_fails() {
        let r = result(Outcome::Eligible, &[]);
        let tl = careful()
            .file(RES, "share-delete")
            .file(OTHER, "share-delete")
            .result("eligible");
        let text = fail(&ShareWrites, &evidence(&tl.events, &r));
        assert!(
            text.contains(OTHER) && text.contains("another desk"),
            "{text}"
        );
        // Nor may it withdraw another desk's request.
        let tl = careful()
            .file(
                "req/OQSsiquc01req_other-workstation-0001.xml",
                "share-delete",
            )
            .result("eligible");
        fail(&ShareWrites, &evidence(&tl.events, &r));
    }

    #[test]
    fn writing_in_place_or_into_res_fails() {
        let r = result(Outcome::Eligible, &[]);
        let tl = Tl::new()
            .file(REQ, "share-open")
            .file(REQ, "share-write")
            .file(REQ, "share-close")
            .result("eligible");
        let text = fail(&ShareWrites, &evidence(&tl.events, &r));
        assert!(text.contains("the name the terminal reads"), "{text}");
        assert!(
            text.ja().unwrap().contains("端末の読む名前のまま書いた"),
            "{text:?}"
        );
        let tl = careful()
            .file(RES, "share-open")
            .file(RES, "share-write")
            .result("eligible");
        let text = fail(&ShareWrites, &evidence(&tl.events, &r));
        assert!(text.contains("only the terminal writes there"), "{text}");
    }

    #[test]
    fn without_the_share_it_does_not_apply() {
        let r = result(Outcome::Eligible, &[]);
        let tl = Tl::new()
            .file(REQ, "request-read")
            .file(RES, "result-written")
            .file(RES, "result-taken")
            .result("eligible");
        let text = not_applicable(&ShareWrites, &evidence(&tl.events, &r));
        assert!(text.contains("--terminal-share smb"), "{text}");
    }
}
