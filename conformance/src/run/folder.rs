//! The 資格確認端末 folder as the run recorded it: what each file said (`Content`, personal
//! values redacted), the client's requests and the answers written for them, its operations
//! through the SMB share, and what it showed. The `XML-` checks judge with these readings, and
//! `answer`, the `SVC-` checks that compare a shown value with the terminal's answer and the
//! `UKE-` checks read them too (`docs/terminal.md`, "Timeline").

use std::collections::{BTreeMap, HashSet};

use mynakit_oqs::file_names;
use mynakit_oqs::ElementName;
use mynakit_protocol::{ClientMessage, RunResult};
use mynakit_timeline::{content_value, ContentElement, ContentFields, FileAction};

use crate::run::{Run, Step};

/// What one file said, as the terminal recorded it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Content<'a> {
    /// When.
    pub(crate) t_us: u64,
    /// The path, relative to the terminal root.
    pub(crate) path: &'a str,
    /// The encoding its declaration names.
    pub(crate) encoding: &'a str,
    /// Element → value (personal values redacted).
    pub(crate) fields: &'a ContentFields,
    /// Elements holding `●`.
    pub(crate) substituted: &'a [ContentElement],
    /// A consent import download's units, or a bulk 照会番号 registration's: who each names
    /// (redacted) and, for a registration, its number and status.
    pub(crate) units: &'a [ContentFields],
    /// An answer's 医療費助成 entries, each whole (`docs/subsidies.md`).
    pub(crate) subsidies: &'a [ContentFields],
}

impl Content<'_> {
    /// The patient of an answer as findings name it (docs/uke.md, "One patient"): the insurer
    /// and 8 hex digits of a digest of the rest of the key (記号・番号, 枝番, 生年月日 as the
    /// content event keeps them, themselves digests), so two patients of a household read
    /// apart, two answers of one patient give one key, and none is named in clear.
    pub(crate) fn patient_key(&self) -> String {
        let part = |element: ElementName| self.fields.get(element).map(str::trim).unwrap_or("");
        let insurer = part(ElementName::InsurerNumber);
        let rest = [
            ElementName::InsuredCardSymbol,
            ElementName::InsuredIdentificationNumber,
            ElementName::InsuredBranchNumber,
            ElementName::Birthdate,
        ]
        .map(part)
        .join("|");
        let digest = mynakit_timeline::redacted_value(&rest);
        let short = digest.strip_prefix("sha256:").unwrap_or(&digest);
        format!("{insurer}/{}", short.get(..8).unwrap_or(short))
    }

    /// The person an answer is of, whatever their insurance: their name and 生年月日 (digests
    /// as the content event keeps them), or, without either, [`Content::patient_key`]. A 加算's
    /// frequency is the person's at the facility, so it spans a change of insurer.
    pub(crate) fn person_key(&self) -> String {
        let part = |element: ElementName| self.fields.get(element).map(str::trim).unwrap_or("");
        let (name, birth) = (part(ElementName::Name), part(ElementName::Birthdate));
        if name.is_empty() && birth.is_empty() {
            self.patient_key()
        } else {
            format!("{name}|{birth}")
        }
    }
}

/// The content recorded for `path`, the first at or after step `from`.
pub(crate) fn content<'a>(run: &Run<'a>, path: &str, from: usize) -> Option<Content<'a>> {
    run.steps.get(from..)?.iter().find_map(|s| match s {
        Step::Content {
            t_us,
            path: p,
            encoding,
            fields,
            substituted,
            units,
            subsidies,
        } if *p == path => Some(Content {
            t_us: *t_us,
            path: p,
            encoding,
            fields,
            substituted,
            units,
            subsidies,
        }),
        _ => None,
    })
}

/// One operation of the client through the terminal's SMB share, from smbd's own record (the
/// `share-*` events of `mynakit run --terminal-share smb`; `docs/terminal.md`, "The share in a
/// run"). Every such event is the client's: the terminal writes to its disk directly.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ShareOp<'r> {
    /// The step's index in the run.
    pub(crate) index: usize,
    /// When smbd's record was taken into the timeline (within 20 ms of the operation).
    pub(crate) t_us: u64,
    /// `share-open`, `share-read`, `share-write`, `share-close`, `share-rename` or
    /// `share-delete`.
    pub(crate) action: &'r FileAction,
    /// The path (a rename's new name; its old one is the `share-open` just before it).
    pub(crate) path: &'r str,
}

/// The client's operations through the share, in the run's order.
pub(crate) fn share_ops<'r>(run: &'r Run<'_>) -> impl Iterator<Item = ShareOp<'r>> + 'r {
    run.steps
        .iter()
        .enumerate()
        .filter_map(|(index, step)| match step {
            Step::File { t_us, path, action }
                if matches!(
                    action,
                    FileAction::ShareOpen
                        | FileAction::ShareRead
                        | FileAction::ShareWrite
                        | FileAction::ShareClose
                        | FileAction::ShareRename
                        | FileAction::ShareDelete
                ) =>
            {
                Some(ShareOp {
                    index,
                    t_us: *t_us,
                    action,
                    path,
                })
            }
            _ => None,
        })
}

/// The requests another workstation wrote (`other-request`): not the client's.
pub(crate) fn others<'a>(run: &Run<'a>) -> HashSet<&'a str> {
    run.steps
        .iter()
        .filter_map(|s| match s {
            Step::File {
                path,
                action: FileAction::OtherRequest,
                ..
            } => Some(*path),
            _ => None,
        })
        .collect()
}

/// The client's requests the terminal read before the client's result: step index, path
/// (`req/…`) and time. Another workstation's requests are left out.
pub(crate) fn client_requests<'a>(run: &Run<'a>) -> Vec<(usize, &'a str, u64)> {
    request_events(run, |action| *action == FileAction::RequestRead)
}

/// Every request the client wrote that the terminal saw or read before the client's result,
/// once each, in order: the step index and time of its first event (`request-seen`, or
/// `request-read` when the terminal read it at once) and its path. Unlike
/// [`client_requests`] it keeps a request the terminal had not read yet when the client
/// reported: the request a client that did not wait for its own answer wrote.
pub(crate) fn written_requests<'a>(run: &Run<'a>) -> Vec<(usize, &'a str, u64)> {
    let mut seen = HashSet::new();
    let mut requests = request_events(run, |action| {
        matches!(action, FileAction::RequestSeen | FileAction::RequestRead)
    });
    requests.retain(|(_, path, _)| seen.insert(*path));
    requests
}

/// The client's request events before its result that `keep` chooses, in order: step index,
/// path and time. Another workstation's requests are left out.
fn request_events<'a>(
    run: &Run<'a>,
    keep: impl Fn(&FileAction) -> bool,
) -> Vec<(usize, &'a str, u64)> {
    let others = others(run);
    run.before_result()
        .iter()
        .enumerate()
        .filter_map(|(i, s)| match s {
            Step::File { path, action, t_us } if keep(action) && !others.contains(path) => {
                Some((i, *path, *t_us))
            }
            _ => None,
        })
        .collect()
}

/// The answer's path for a request's path: `req/X` → `res/` + X with its first `req` made
/// `res` (or `X.res.xml`), as the terminal names it.
pub(crate) fn answer_path(request: &str) -> String {
    let name = request.strip_prefix("req/").unwrap_or(request);
    match file_names::mirror(name) {
        Some(result) => format!("res/{result}"),
        None => format!("res/{name}.res.xml"),
    }
}

/// Where a result or push the terminal wrote before the client's result came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Origin {
    /// The answer to one of the client's requests.
    Own,
    /// The answer to another workstation's request.
    Other,
    /// A face push.
    Face,
}

/// The results and pushes the terminal wrote before the client's result: step index, path and
/// whose answer it is. Results that answer nothing the run shows (a request of a client before
/// this run) count as another's.
pub(crate) fn answers<'a>(run: &Run<'a>) -> Vec<(usize, &'a str, Origin)> {
    answers_before(run, run.result_at)
}

/// [`answers`] written before step `end` (an earlier visit's record, say).
pub(crate) fn answers_before<'a>(run: &Run<'a>, end: usize) -> Vec<(usize, &'a str, Origin)> {
    let own: HashSet<String> = client_requests(run)
        .iter()
        .map(|(_, p, _)| answer_path(p))
        .collect();
    run.steps[..end.min(run.steps.len())]
        .iter()
        .enumerate()
        .filter_map(|(i, s)| match s {
            Step::File {
                path,
                action: FileAction::ResultWritten,
                ..
            } if own.contains(*path) => Some((i, *path, Origin::Own)),
            Step::File {
                path,
                action: FileAction::ResultWritten,
                ..
            } => Some((i, *path, Origin::Other)),
            Step::File {
                path,
                action: FileAction::FaceWritten,
                ..
            } => Some((i, *path, Origin::Face)),
            _ => None,
        })
        .collect()
}

/// The answer the client's result stands on: the last answer to its own requests, or the last
/// face push, written before its result.
pub(crate) fn own_answer<'a>(run: &Run<'a>) -> Option<Content<'a>> {
    own_answer_before(run, run.result_at)
}

/// [`own_answer`] of a line at step `end`: the last answer to the client's own requests, or
/// the last face push, written before it.
pub(crate) fn own_answer_before<'a>(run: &Run<'a>, end: usize) -> Option<Content<'a>> {
    answers_before(run, end)
        .into_iter()
        .rev()
        .find(|(_, _, origin)| *origin != Origin::Other)
        .and_then(|(i, path, _)| content(run, path, i))
}

/// What the client showed: the fields of its displays, then of its result (a later value
/// replaces an earlier one), before the result.
pub(crate) fn shown<'a>(result: &'a RunResult, run: &'a Run<'_>) -> BTreeMap<&'a str, &'a str> {
    let mut out = BTreeMap::new();
    for step in run.before_result() {
        if let Step::Client {
            message: ClientMessage::Display { fields, .. },
            ..
        } = step
        {
            out.extend(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        }
    }
    out.extend(result.fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    out
}

/// Whether a value the client showed for `element` is the one `content` holds (trimmed of
/// spaces when kept in clear: a client may show `  139998` as `139998`).
pub(crate) fn same_value(content: &Content<'_>, element: ElementName, shown: &str) -> Option<bool> {
    let held = content.fields.get(element)?;
    let value = content_value(element, shown);
    Some(if value == shown {
        held.trim() == shown.trim()
    } else {
        held == value
    })
}

/// The patient screens (displays with an outcome) the client showed from step `from` to `to`.
pub(crate) fn patients_shown(run: &Run<'_>, from: usize, to: usize) -> usize {
    run.before_result()[from..to]
        .iter()
        .filter(|s| {
            matches!(
                s,
                Step::Client {
                    message: ClientMessage::Display {
                        outcome: Some(_),
                        ..
                    },
                    ..
                }
            )
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_named_after_requests() {
        assert_eq!(
            answer_path("req/OQSsiquc01req_0001.xml"),
            "res/OQSsiquc01res_0001.xml"
        );
        assert_eq!(answer_path("req/odd.xml"), "res/odd.xml.res.xml");
    }
}
