//! What the client said to the staff, as the care-setting checks of either role read it: the
//! fallbacks it offered (`fallback` lines, docs/client-protocol.md, "Fallbacks") and the fields
//! it showed.

use std::collections::BTreeSet;

use mynakit_protocol::{ClientMessage, RunResult};

use super::{words, Run, Step};
use crate::reason::Reason;

/// The fallbacks the client offered before its result.
pub(crate) fn fallbacks(run: &Run<'_>) -> BTreeSet<mynakit_protocol::Fallback> {
    run.before_result()
        .iter()
        .filter_map(|s| match s {
            Step::Client {
                message: ClientMessage::Fallback { offered, .. },
                ..
            } => Some(offered.iter().copied()),
            _ => None,
        })
        .flatten()
        .collect()
}

/// Every field name the client showed (displays and the result), with where, in both
/// languages (`line 3 (t=1.234s)` / `3 行目 (t=1.234s)`, `the result` / `結果`), citing the
/// line's time.
pub(crate) fn shown_fields_said<'r>(
    result: &'r RunResult,
    run: &'r Run<'_>,
) -> Vec<(String, Reason)> {
    let mut out = Vec::new();
    for (i, t, message) in run.client_lines() {
        if let ClientMessage::Display { fields, .. } | ClientMessage::Result { fields, .. } =
            message
        {
            out.extend(fields.keys().map(|k| (k.clone(), words::line(i, t))));
        }
    }
    out.extend(
        result
            .fields
            .keys()
            .map(|k| (k.clone(), words::the_result())),
    );
    out
}
