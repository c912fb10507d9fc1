//! What `APDU-patient-reader` says.

use crate::reason::Reason;
use crate::run::Apdu;

/// `APDU-patient-reader`: the scenario has one reader.
pub(in crate::apdu) fn one_reader() -> Reason {
    Reason::new("the scenario has one reader", "シナリオの読取機は 1 台だけ")
        .message("apdu/one-reader")
}

/// `APDU-patient-reader`: the client sent no card command and did not end as card-error.
pub(in crate::apdu) fn no_command() -> Reason {
    Reason::new(
        "the client sent no card command",
        "クライアントはカードにコマンドを送らなかった",
    )
    .message("apdu/no-card-command")
}

/// `APDU-patient-reader`: `a` went to a reader other than `MYNAKIT_READER`.
pub(in crate::apdu) fn other_reader(a: &Apdu<'_>) -> Reason {
    Reason::new(
        format!(
            "{} ({}) went to another reader than MYNAKIT_READER, which held the patient's card",
            a.place(),
            a.name()
        ),
        format!(
            "{} ({}) は、患者のカードが入っている MYNAKIT_READER ではない別の読取機に送られた",
            a.place(),
            a.name_ja()
        ),
    )
    .message("apdu/other-reader")
    .code("command", a.name())
    .cite(a)
}

/// `APDU-patient-reader`: the client ended as card-error without a command to the patient's
/// reader.
pub(in crate::apdu) fn gave_up_unread() -> Reason {
    Reason::new(
        "the client ended as card-error without sending a command to MYNAKIT_READER, where the \
         patient's card was",
        "クライアントは、患者のカードが入っている MYNAKIT_READER にコマンドを送らないまま \
         card-error で終えた",
    )
    .message("apdu/gave-up-unread")
    .code("outcome", "card-error")
}

/// `APDU-patient-reader`: all `n` card commands went to the patient's reader.
pub(in crate::apdu) fn only_patient_reader(n: usize) -> Reason {
    Reason::new(
        format!("every card command ({n}) went to the reader named MYNAKIT_READER"),
        format!("カードへのコマンド ({n} 件) はすべて MYNAKIT_READER の読取機に送られた"),
    )
    .message("apdu/only-patient-reader")
    .count("commands", n)
}
