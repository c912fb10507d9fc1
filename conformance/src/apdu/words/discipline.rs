//! The card's own discipline (`APDU-select-first`, `APDU-cert-complete`,
//! `APDU-sign-after-verify`, `APDU-efficiency`, `APDU-removal`, `APDU-release`,
//! `APDU-empty-answer`).

use mynakit_protocol::{Mode, Outcome};
use mynakit_timeline::ReaderAction;

use crate::facts::Cite;
use crate::reason::Reason;
use crate::run::{at, count, secs, Apdu, Exchange, PinKey};

/// No APDU was sent.
pub(in crate::apdu) fn no_apdu() -> Reason {
    Reason::new("no APDU was sent", "APDU は送られなかった").message("apdu/no-apdu")
}

// APDU-select-first

/// `a` selected by path.
pub(in crate::apdu) fn select_by_path(a: &Apdu<'_>) -> Reason {
    Reason::new(
        format!(
            "SELECT by path (P1={:02X}, {}): real cards select EFs only with 00 A4 02 0C <FID> \
             under the current application",
            a.p1,
            a.place()
        ),
        format!(
            "パスによる SELECT (P1={:02X}, {}): 実カードでは EF は現在のアプリケーションの下で \
             00 A4 02 0C <FID> でしか選択できない",
            a.p1,
            a.place()
        ),
    )
    .message("apdu/select-by-path")
    .code("p1", format!("{:02X}", a.p1))
    .cite(a)
}

/// `a` used an EF at the MF level.
pub(in crate::apdu) fn ef_at_mf(a: &Apdu<'_>) -> Reason {
    Reason::new(
        format!(
            "{} ({}) was sent before any application was selected since the card was \
             powered: at the MF level no EF can be used",
            a.name(),
            a.place()
        ),
        format!(
            "{} ({}) が、カードの電源投入後どのアプリケーションも選択されないうちに送られた: \
             MF レベルではどの EF も使えない",
            a.name_ja(),
            a.place()
        ),
    )
    .message("apdu/ef-at-mf")
    .code("command", a.name())
    .cite(a)
}

/// `apdus` APDUs, every EF reached through a selected application.
pub(in crate::apdu) fn selected_first(apdus: usize) -> Reason {
    Reason::new(
        format!(
            "{}; every EF was reached through a selected application",
            count(apdus, "APDU", "APDUs")
        ),
        format!("APDU {apdus} 個。どの EF も選択されたアプリケーションを通して使われた"),
    )
    .message("apdu/selected-first")
    .count("apdus", apdus)
}

// APDU-cert-complete

/// `x` sent a certificate though the READ BINARY `a` of EF `ef` at `offset` failed.
pub(in crate::apdu) fn cert_after_failed_read(
    x: &Exchange<'_>,
    a: &Apdu<'_>,
    ef: &str,
    offset: usize,
) -> Reason {
    Reason::new(
        format!(
            "{} sent a certificate although READ BINARY of EF {ef} at offset {offset} \
             ({}) answered {} and was never read again",
            x.describe(),
            a.place(),
            a.sw_text()
        ),
        format!(
            "{} が証明書を送ったが、EF {ef} のオフセット {offset} の READ BINARY \
             ({}) は {} と応答され、読み直されていない",
            x.describe_ja(),
            a.place(),
            a.sw_text_ja()
        ),
    )
    .message("apdu/cert-after-failed-read")
    .code("ef", ef)
    .count("offset", offset)
    .code("sw", a.sw_text())
    .cite(x)
    .cite(a)
}

/// `x` sent a certificate that is not base64.
pub(in crate::apdu) fn cert_not_base64(x: &Exchange<'_>) -> Reason {
    Reason::new(
        format!("{} sent a certificate that is not base64", x.describe()),
        format!("{} が base64 でない証明書を送った", x.describe_ja()),
    )
    .message("apdu/cert-not-base64")
    .cite(x)
}

/// `x` sent `sent` bytes of a `len`-byte certificate.
pub(in crate::apdu) fn cert_truncated(x: &Exchange<'_>, sent: usize, len: usize) -> Reason {
    Reason::new(
        format!(
            "{} sent {sent} bytes of a {len}-byte certificate: it was not read to its \
             full DER length",
            x.describe(),
        ),
        format!(
            "{} が {len} バイトの証明書のうち {sent} バイトだけを送った: DER の全長\
             まで読まれていない",
            x.describe_ja(),
        ),
    )
    .message("apdu/cert-truncated")
    .count("sent", sent)
    .count("length", len)
    .cite(x)
}

/// `x` sent a certificate with `extra` bytes after its `len`-byte DER object.
pub(in crate::apdu) fn cert_with_filler(x: &Exchange<'_>, extra: usize, len: usize) -> Reason {
    Reason::new(
        format!(
            "{} sent a certificate with {extra} bytes after its {len}-byte DER object \
             (filler not trimmed)",
            x.describe(),
        ),
        format!(
            "{} が送った証明書には {len} バイトの DER オブジェクトの後に {extra} \
             バイトが付いている (埋め草が除かれていない)",
            x.describe_ja(),
        ),
    )
    .message("apdu/cert-with-filler")
    .count("extra", extra)
    .count("length", len)
    .cite(x)
}

/// `x` sent a certificate that is no DER SEQUENCE.
pub(in crate::apdu) fn cert_not_der(x: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "{} sent a certificate that does not start with a DER SEQUENCE",
            x.describe()
        ),
        format!(
            "{} が DER の SEQUENCE で始まらない証明書を送った",
            x.describe_ja()
        ),
    )
    .message("apdu/cert-not-der")
    .cite(x)
}

/// No READ BINARY and no certificate.
pub(in crate::apdu) fn no_cert_read() -> Reason {
    Reason::new(
        "no READ BINARY, and no certificate sent",
        "READ BINARY も証明書の送信もなかった",
    )
    .message("apdu/no-cert-read")
}

/// The READ BINARY `a` failed and no certificate was sent after it.
pub(in crate::apdu) fn failed_read_not_sent(a: &Apdu<'_>) -> Reason {
    Reason::new(
        format!(
            "READ BINARY ({}) answered {}; the client sent no certificate afterwards",
            a.place(),
            a.sw_text()
        ),
        format!(
            "READ BINARY ({}) が {} と応答され、クライアントはその後証明書を送らなかった",
            a.place(),
            a.sw_text_ja()
        ),
    )
    .message("apdu/failed-read-not-sent")
    .code("sw", a.sw_text())
    .cite(a)
}

/// `reads` READ BINARYs; the certificates sent, each complete (`sent`, their lengths).
pub(in crate::apdu) fn certs_complete(reads: usize, sent: &[usize]) -> Reason {
    let lengths: Vec<String> = sent.iter().map(usize::to_string).collect();
    let (complete, complete_ja) = if lengths.is_empty() {
        (String::new(), String::new())
    } else {
        (
            format!(", each complete ({} bytes)", lengths.join(", ")),
            format!("。いずれも完全 ({} バイト)", lengths.join("、")),
        )
    };
    Reason::new(
        format!(
            "{}; {} sent{complete}",
            count(reads, "READ BINARY", "READ BINARYs"),
            count(sent.len(), "certificate", "certificates"),
        ),
        format!(
            "READ BINARY {reads} 回、証明書の送信 {} 件{complete_ja}",
            sent.len()
        ),
    )
    .message("apdu/certs-complete")
    .count("reads", reads)
    .count("certificates", sent.len())
}

// APDU-sign-after-verify

/// The signature `a` without a successful VERIFY of `needed` (its key's PIN when unknown).
pub(in crate::apdu) fn sign_unverified(a: &Apdu<'_>, needed: Option<&PinKey>) -> Reason {
    Reason::new(
        format!(
            "signature ({}) without a successful VERIFY of {} in this session \
             (the card answered {})",
            a.place(),
            needed.map_or_else(|| "its PIN".to_owned(), |p| p.to_string()),
            a.sw_text()
        ),
        format!(
            "署名 ({}) が、このセッションで {} の VERIFY が成功しないまま送られた \
             (カードの応答は {})",
            a.place(),
            needed.map_or_else(|| "その鍵の暗証番号".to_owned(), |p| p.ja()),
            a.sw_text_ja()
        ),
    )
    .message("apdu/sign-unverified")
    .code("sw", a.sw_text())
    .cite(a)
}

/// No signature with a PIN-guarded key.
pub(in crate::apdu) fn no_guarded_sign() -> Reason {
    Reason::new(
        "no signature with a PIN-guarded key",
        "暗証番号で保護された鍵による署名はなかった",
    )
    .message("apdu/no-guarded-sign")
}

/// `signs` signatures, each after its PIN's VERIFY.
pub(in crate::apdu) fn signed_after_verify(signs: usize) -> Reason {
    Reason::new(
        format!(
            "{}, each after a successful VERIFY of its PIN in the same session",
            count(signs, "signature", "signatures")
        ),
        format!(
            "署名 {signs} 回、いずれも同じセッションでその暗証番号の VERIFY が成功した後に送られた"
        ),
    )
    .message("apdu/signed-after-verify")
    .count("signatures", signs)
}

// APDU-efficiency

/// The card traffic of a run, for `APDU-efficiency`.
#[derive(Clone, Copy, Debug, Default)]
pub(in crate::apdu) struct Traffic {
    /// APDUs in all.
    pub apdus: usize,
    /// SELECTs.
    pub selects: usize,
    /// READ BINARYs.
    pub reads: usize,
    /// Bytes the READ BINARYs read.
    pub read_bytes: usize,
    /// Empty VERIFYs.
    pub queries: usize,
    /// VERIFYs with data.
    pub verifies: usize,
    /// Signatures with a PIN-guarded key.
    pub signs: usize,
    /// Every other command.
    pub other: usize,
    /// Bytes exchanged.
    pub bytes: usize,
    /// Time on the card.
    pub card_us: u64,
    /// Time from the first command to the last answer.
    pub span_us: u64,
}

/// The traffic `t` of a check in `mode`, and the least that mode needs.
pub(in crate::apdu) fn traffic(t: &Traffic, mode: Mode) -> Reason {
    let (minimum, minimum_ja) = match mode {
        Mode::Pin => (
            "a PIN-mode check needs at least 6",
            "暗証番号モードの確認には最低 6 個が必要",
        ),
        Mode::Visual | Mode::Face => (
            "a visual or face check needs at least 3",
            "目視確認・顔認証の確認には最低 3 個が必要",
        ),
        Mode::InsuranceCard
        | Mode::Bulk
        | Mode::DrugInfo
        | Mode::CheckupInfo
        | Mode::DiagnosisInfo => (
            "a check through the terminal folder needs none",
            "資格確認端末のフォルダー経由の確認には不要",
        ),
    };
    let Traffic {
        apdus,
        selects,
        reads,
        read_bytes,
        queries,
        verifies,
        signs,
        other,
        bytes,
        card_us,
        span_us,
    } = *t;
    Reason::new(
        format!(
            "{} ({selects} SELECT, {reads} READ BINARY for {read_bytes} bytes, {queries} empty VERIFY, \
             {verifies} VERIFY, {signs} signature, {other} other), {bytes} bytes exchanged, {} on the \
             card over {}; {minimum}",
            count(apdus, "APDU", "APDUs"),
            secs(card_us),
            secs(span_us),
        ),
        format!(
            "APDU {apdus} 個 (SELECT {selects}、READ BINARY {reads} で {read_bytes} バイト、空の VERIFY \
             {queries}、VERIFY {verifies}、署名 {signs}、その他 {other})、送受信 {bytes} バイト、\
             {} のうちカード上で {}。{minimum_ja}",
            secs(span_us),
            secs(card_us),
        ),
    )
    .message("apdu/traffic")
    .count("apdus", apdus)
    .count("bytes", bytes)
    .code("mode", mode.as_str())
}

// APDU-removal (and why a lost card is not judged)

/// Why the card's leaving is not judged: the client had sent its check `x`.
pub(in crate::apdu) fn after_check_sent(x: &Exchange<'_>) -> Reason {
    Reason::new(
        format!("after the client had sent its check ({})", x.describe()),
        format!("クライアントが確認を送った後 ({})", x.describe_ja()),
    )
    .message("apdu/after-check-sent")
    .cite(x)
}

/// Why the card's leaving is not judged: it had signed last.
pub(in crate::apdu) fn after_signature() -> Reason {
    Reason::new(
        "after its signature: the client was done with it",
        "署名の後 (クライアントはカードを使い終えていた)",
    )
    .message("apdu/after-signature")
}

/// How the card was taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(in crate::apdu) enum Taken {
    /// Taken out of its reader.
    Removed,
    /// Taken away with its unplugged reader.
    Unplugged,
}

fn taken(how: Taken) -> (&'static str, &'static str) {
    match how {
        Taken::Unplugged => (
            "taken away with its unplugged reader",
            "外されたリーダーとともに持ち去られた",
        ),
        Taken::Removed => ("removed", "抜かれた"),
    }
}

/// No card was removed before the result.
pub(in crate::apdu) fn none_removed() -> Reason {
    Reason::new(
        "no card was removed before the result",
        "結果の前にカードは抜かれなかった",
    )
    .message("apdu/none-removed")
}

/// The card was taken at `t_us` once the client was done with it (`why`).
pub(in crate::apdu) fn removed_when_done(how: Taken, t_us: u64, why: &Reason) -> Reason {
    let (how, how_ja) = taken(how);
    Reason::new(
        format!("the card was {how} at {} {why}", at(t_us)),
        format!(
            "{}、{} にカードが{how_ja}",
            why.ja().unwrap_or(why.en()),
            at(t_us)
        ),
    )
    .message("apdu/removed-when-done")
    .cite(Cite::at(t_us))
    .citing(why.facts().cites.iter().copied())
}

/// The card was taken at `t_us`, inserted again and read again at `a`.
pub(in crate::apdu) fn removed_read_again(how: Taken, t_us: u64, a: &Apdu<'_>) -> Reason {
    let (how, how_ja) = taken(how);
    Reason::new(
        format!(
            "the card was {how} at {} and inserted again; the client read it again ({})",
            at(t_us),
            a.place()
        ),
        format!(
            "{} にカードが{how_ja}後、再び挿入された。クライアントは読み直した ({})",
            at(t_us),
            a.place()
        ),
    )
    .message("apdu/removed-read-again")
    .cite(Cite::at(t_us))
    .cite(a)
}

/// The card was taken at `t_us` and the client reported card-error.
pub(in crate::apdu) fn removed_card_error(how: Taken, t_us: u64) -> Reason {
    let (how, how_ja) = taken(how);
    Reason::new(
        format!(
            "the card was {how} at {}; the client reported card-error",
            at(t_us)
        ),
        format!(
            "{} にカードが{how_ja}。クライアントは card-error を報告した",
            at(t_us)
        ),
    )
    .message("apdu/removed-card-error")
    .cite(Cite::at(t_us))
}

/// The card was taken from `reader` at `t_us` while needed, yet the result is `outcome`.
pub(in crate::apdu) fn removed_unreported(
    how: Taken,
    reader: &str,
    t_us: u64,
    outcome: Outcome,
) -> Reason {
    let (how, how_ja) = taken(how);
    Reason::new(
        format!(
            "the card was {how} ({reader}) at {} while the client still needed it, but the \
             result is {outcome}, not card-error",
            at(t_us),
        ),
        format!(
            "クライアントがまだ必要としていた {} にカードが{how_ja} ({reader}) が、結果は \
             card-error ではなく {outcome}",
            at(t_us),
        ),
    )
    .message("apdu/removed-unreported")
    .code("outcome", outcome.as_str())
    .cite(Cite::at(t_us))
}

// APDU-release

/// No result: when the card was let go is not judged.
pub(in crate::apdu) fn release_no_result() -> Reason {
    Reason::new(
        "the client sent no result; when it let the card go is not judged",
        "クライアントは結果を送らなかった: カードをいつ解放したかは判定しない",
    )
    .message("apdu/release-no-result")
}

/// The card in `reader` stayed connected after the last command `a`; `exited` when the
/// client's process has ended (a later power-off is pcscd's).
pub(in crate::apdu) fn not_released(reader: &str, a: &Apdu<'_>, exited: bool) -> Reason {
    let (exited, exited_ja) = if exited {
        (
            "; a power-off after its process ended is pcscd's, not the client's",
            " (プロセス終了後の電源断はクライアントではなく pcscd によるもの)",
        )
    } else {
        ("", "")
    };
    Reason::new(
        format!(
            "the card in {reader} was neither powered off nor removed between the client's \
             last command ({}) and its result (or 0.5 s after it){exited}: it stays connected \
             with its verification",
            a.place(),
        ),
        format!(
            "{reader} のカードは、クライアントの最後のコマンド ({}) から結果 (またはその \
             0.5 秒後) までの間に電源を切られも抜かれもしなかった{exited_ja}: 暗証番号を\
             照合した状態のまま接続されている",
            a.place(),
        ),
    )
    .message("apdu/not-released")
    .cite(a)
}

/// Each card released before the result: its reader, how, and when.
pub(in crate::apdu) fn released(how: &[(&str, &ReaderAction, u64)]) -> Reason {
    let en: Vec<String> = how
        .iter()
        .map(|(reader, action, t_us)| format!("{reader}: {action} at {}", at(*t_us)))
        .collect();
    let ja: Vec<String> = how
        .iter()
        .map(|(reader, action, t_us)| format!("{reader}: {} に {action}", at(*t_us)))
        .collect();
    Reason::new(
        format!("released before the result ({})", en.join("; ")),
        format!("結果の前に解放した ({})", ja.join("、")),
    )
    .message("apdu/released")
    .citing(how.iter().map(|(_, _, t_us)| Cite::at(*t_us)))
}

// APDU-empty-answer

/// No command answered with an empty R-APDU.
pub(in crate::apdu) fn no_empty_answer() -> Reason {
    Reason::new(
        "no command was answered with an empty R-APDU before the result",
        "結果の前に空の R-APDU で応答されたコマンドはなかった",
    )
    .message("apdu/no-empty-answer")
}

/// `a` got an empty R-APDU; the card was inserted and read again.
pub(in crate::apdu) fn empty_then_read_again(a: &Apdu<'_>) -> Reason {
    Reason::new(
        format!(
            "{} ({}) got an empty R-APDU; the card was inserted and read again",
            a.name(),
            a.place()
        ),
        format!(
            "{} ({}) への応答は空の R-APDU だった。カードは再び挿入され、読み直された",
            a.name_ja(),
            a.place()
        ),
    )
    .message("apdu/empty-then-read-again")
    .code("command", a.name())
    .cite(a)
}

/// `x` was sent after `a` got an empty R-APDU.
pub(in crate::apdu) fn sent_on_empty_answer(x: &Exchange<'_>, a: &Apdu<'_>) -> Reason {
    Reason::new(
        format!(
            "{} was sent after {} ({}) got an empty R-APDU (no status word): the client used an \
             answer the card never gave",
            x.describe(),
            a.name(),
            a.place()
        ),
        format!(
            "{} ({}) への応答が空の R-APDU (ステータスワードなし) だった後に {} が送られた: \
             クライアントはカードが返していない応答を使った",
            a.name_ja(),
            a.place(),
            x.describe_ja()
        ),
    )
    .message("apdu/sent-on-empty-answer")
    .code("command", a.name())
    .cite(x)
    .cite(a)
}

/// `a` got an empty R-APDU, yet the result is the qualification `outcome`.
pub(in crate::apdu) fn qualified_on_empty_answer(a: &Apdu<'_>, outcome: Outcome) -> Reason {
    Reason::new(
        format!(
            "{} ({}) got an empty R-APDU (no status word), yet the result is {outcome}",
            a.name(),
            a.place(),
        ),
        format!(
            "{} ({}) への応答は空の R-APDU (ステータスワードなし) だったのに、結果は {outcome}",
            a.name_ja(),
            a.place(),
        ),
    )
    .message("apdu/qualified-on-empty-answer")
    .code("command", a.name())
    .code("outcome", outcome.as_str())
    .cite(a)
}

/// `a` got an empty R-APDU; nothing rested on it and the result is `outcome`.
pub(in crate::apdu) fn empty_answer_unused(a: &Apdu<'_>, outcome: Outcome) -> Reason {
    Reason::new(
        format!(
            "{} ({}) got an empty R-APDU; nothing was sent with it and the result is {outcome}",
            a.name(),
            a.place(),
        ),
        format!(
            "{} ({}) への応答は空の R-APDU だった。それを使って何も送られず、結果は {outcome}",
            a.name_ja(),
            a.place(),
        ),
    )
    .message("apdu/empty-answer-unused")
    .code("command", a.name())
    .code("outcome", outcome.as_str())
    .cite(a)
}
