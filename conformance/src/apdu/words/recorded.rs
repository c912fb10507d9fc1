//! `APDU-unrecorded-command`: a recorded card was sent a command its recording never saw.

use crate::facts::Cite;
use crate::reason::Reason;
use crate::run::{at, count};

/// One command the recording never saw (`detail`, as the reader says it), in `reader` at
/// `t_us`.
pub(in crate::apdu) fn unrecorded(detail: &str, reader: &str, t_us: u64) -> Reason {
    Reason::new(
        format!("{detail} (reader {reader:?}, {})", at(t_us)),
        format!(
            "{} (リーダー {reader:?}、{})",
            detail.replace("; nearest recorded: ", "、ログ中で最も近いコマンド: "),
            at(t_us)
        ),
    )
    .message("apdu/unrecorded")
    .cite(Cite::at(t_us))
}

/// No command outside the recording.
pub(in crate::apdu) fn all_recorded() -> Reason {
    Reason::new(
        "no recorded card was sent a command its recording never saw (or the card is not a \
         recording)",
        "記録したカードに、その記録にないコマンドは送られなかった (またはカードが記録した\
         ものではない)",
    )
    .message("apdu/all-recorded")
}

/// The commands the recording never saw (from [`unrecorded`]), answered by the virtual card.
pub(in crate::apdu) fn unrecorded_commands(found: &[Reason]) -> Reason {
    Reason::join(found, "; ", "、")
        .after(
            &format!(
                "the recording never saw {}, answered by the virtual card: ",
                count(found.len(), "command", "commands"),
            ),
            &format!(
                "記録にないコマンド {} 個に仮想カードが応答した: ",
                found.len()
            ),
        )
        .message("apdu/unrecorded-commands")
        .count("commands", found.len())
}
