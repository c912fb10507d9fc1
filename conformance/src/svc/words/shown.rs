//! What the checks of what a result shows say (`SVC-invalid-shown`,
//! `SVC-unanswered-not-eligible`, `SVC-medical-assistance`, `SVC-warning-shown`;
//! `docs/conformance.md`, "The card-check service").

use crate::facts::Cite;
use crate::reason::Reason;
use crate::run::answer::{self, Answer, Via};
use crate::run::{count, Exchange};

/// Where `a` is in the run, as its description names it: the request, or the time the
/// terminal wrote it.
pub(super) fn place(a: &Answer<'_, '_>) -> Cite {
    match a.via {
        Via::Service(x, _) => x.into(),
        Via::Terminal { t_us, .. } => Cite::at(t_us),
    }
}

/// No answer to judge.
pub(in crate::svc) fn no_answer() -> Reason {
    Reason::new(answer::NO_ANSWER, answer::NO_ANSWER_JA).message("svc/shown-no-answer")
}

/// `SVC-invalid-shown`: the answer `a` failed with `code` (or none).
pub(in crate::svc) fn answer_failed(
    a: &Answer<'_, '_>,
    code: Option<&str>,
    segment: &str,
    status: &str,
) -> Reason {
    let said = Reason::new(
        format!(
            "{} failed ({}: SegmentOfResult {segment}, ProcessingResultStatus {status})",
            a.describe(),
            code.unwrap_or("no code")
        ),
        format!(
            "{} は失敗した ({}: SegmentOfResult {segment}, ProcessingResultStatus {status})",
            a.describe_ja(),
            code.unwrap_or("コードなし")
        ),
    )
    .message("svc/shown-answer-failed")
    .cite(place(a))
    .code("segment", segment)
    .code("status", status);
    match code {
        Some(code) => said.code("code", code),
        None => said,
    }
}

/// `SVC-invalid-shown`: the answer `a` holds a lost (or no) qualification.
pub(in crate::svc) fn answer_invalid(a: &Answer<'_, '_>, validity: &str) -> Reason {
    Reason::new(
        format!("{} answered QualificationValidity {validity}", a.describe()),
        format!(
            "{} は QualificationValidity {validity} を返した",
            a.describe_ja()
        ),
    )
    .message("svc/shown-answer-invalid")
    .cite(place(a))
    .code("validity", validity)
}

/// `SVC-invalid-shown`: the last answer confirmed a valid qualification.
pub(in crate::svc) fn answer_valid(a: &Answer<'_, '_>) -> Reason {
    Reason::new(
        format!(
            "the last answer ({}) confirmed a valid qualification",
            a.describe()
        ),
        format!("最後の回答 ({}) は有効な資格を確認した", a.describe_ja()),
    )
    .message("svc/shown-answer-valid")
    .cite(place(a))
}

/// `SVC-invalid-shown`: after `what`, the patient is shown as covered (`outcome`).
pub(in crate::svc) fn shown_as_covered(what: &Reason, outcome: &str) -> Reason {
    Reason::new(
        format!("{what}, but the result is {outcome}: the patient is shown as covered"),
        format!(
            "{}のに、結果が {outcome}: 患者が資格ありと表示されている",
            what.ja().unwrap_or_default()
        ),
    )
    .message("svc/shown-shown-as-covered")
    .quoting(what)
    .code("outcome", outcome)
}

/// `SVC-invalid-shown`: after a failure (`what`), the result is `outcome`.
pub(in crate::svc) fn failure_result(what: Reason, outcome: &str) -> Reason {
    what.before(
        &format!("; the result is {outcome}"),
        &format!("; 結果は {outcome}"),
    )
    .message("svc/shown-failure-result")
    .code("outcome", outcome)
}

/// `SVC-invalid-shown`: after `what`, the result is `outcome` and shows it (with the
/// disqualification `date`).
pub(in crate::svc) fn invalid_result(what: &Reason, outcome: &str, date: Option<&str>) -> Reason {
    Reason::new(
        format!(
            "{what}; the result is {outcome} and shows it{}",
            date.map(|d| format!(", with DisqualificationDate {d}"))
                .unwrap_or_default()
        ),
        format!(
            "{}; 結果は {outcome} で、それを表示している{}",
            what.ja().unwrap_or_default(),
            date.map(|d| format!(" (DisqualificationDate {d} とともに)"))
                .unwrap_or_default()
        ),
    )
    .message("svc/shown-invalid-result")
    .quoting(what)
    .code("outcome", outcome)
}

/// `SVC-unanswered-not-eligible`: no card check was sent.
pub(in crate::svc) fn no_check() -> Reason {
    Reason::new("no card check was sent", "資格確認を送っていない").message("svc/shown-no-check")
}

/// `SVC-unanswered-not-eligible`: `x` answered a result message.
pub(in crate::svc) fn answered(x: &Exchange<'_>) -> Reason {
    Reason::new(
        format!("the service answered a result message ({})", x.describe()),
        format!("サービスが結果の電文を返した ({})", x.describe_ja()),
    )
    .message("svc/shown-answered")
    .cite(x)
}

/// `SVC-unanswered-not-eligible`: `checks` checks sent, none answered (the last: `last`).
pub(in crate::svc) fn unanswered(checks: usize, last: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "{} sent, none answered with a result message (the last: {}, status {})",
            count(checks, "card check", "card checks"),
            last.describe(),
            last.status
        ),
        format!(
            "資格確認を {} 件送り、どれにも結果の電文が返らなかった (最後: {}, ステータス {})",
            checks,
            last.describe_ja(),
            last.status
        ),
    )
    .message("svc/shown-unanswered")
    .count("checks", checks)
    .cite(last)
    .code("status", last.status.to_string())
}

/// `SVC-unanswered-not-eligible`: unanswered (`what`), yet a qualification (`outcome`).
pub(in crate::svc) fn unconfirmed_qualification(what: &Reason, outcome: &str) -> Reason {
    Reason::new(
        format!("{what}, but the result is {outcome}: a qualification the service never confirmed"),
        format!(
            "{}のに、結果が {outcome}: サービスが確認していない資格",
            what.ja().unwrap_or_default()
        ),
    )
    .message("svc/shown-unconfirmed-qualification")
    .quoting(what)
    .code("outcome", outcome)
}

/// `SVC-unanswered-not-eligible`: unanswered (`what`), yet a validity shown (`validity`).
pub(in crate::svc) fn unconfirmed_validity(what: &Reason, validity: &str) -> Reason {
    Reason::new(
        format!("{what}, but the result shows QualificationValidity {validity}"),
        format!(
            "{}のに、結果が QualificationValidity {validity} を表示している",
            what.ja().unwrap_or_default()
        ),
    )
    .message("svc/shown-unconfirmed-validity")
    .quoting(what)
    .code("validity", validity)
}

/// `SVC-unanswered-not-eligible`: unanswered (`what`), and the result is `outcome`.
pub(in crate::svc) fn unanswered_result(what: Reason, outcome: &str) -> Reason {
    what.before(
        &format!("; the result is {outcome}"),
        &format!("; 結果は {outcome}"),
    )
    .message("svc/shown-unanswered-result")
    .code("outcome", outcome)
}

/// `SVC-medical-assistance`: the last answer holds no 医療扶助 record.
pub(in crate::svc) fn no_welfare_record(a: &Answer<'_, '_>) -> Reason {
    Reason::new(
        format!(
            "the last answer ({}) holds no 医療扶助 record",
            a.describe()
        ),
        format!("最後の回答 ({}) に医療扶助の記録がない", a.describe_ja()),
    )
    .message("svc/shown-no-welfare-record")
    .cite(place(a))
}

/// `SVC-medical-assistance`: the record is not valid (`validity`).
pub(in crate::svc) fn welfare_not_valid(a: &Answer<'_, '_>, validity: &str) -> Reason {
    Reason::new(
        format!(
            "{} answered a 医療扶助 record that is not valid (QualificationValidity {validity}); \
             SVC-invalid-shown judges it",
            a.describe()
        ),
        format!(
            "{} は有効でない医療扶助の記録を返した (QualificationValidity {validity}); 判定は \
                 SVC-invalid-shown が行う",
            a.describe_ja()
        ),
    )
    .message("svc/shown-welfare-not-valid")
    .cite(place(a))
    .code("validity", validity)
}

/// `SVC-medical-assistance`: a valid record, but the result is `outcome`.
pub(in crate::svc) fn welfare_not_shown(a: &Answer<'_, '_>, outcome: &str) -> Reason {
    Reason::new(
        format!(
            "{} answered a valid 医療扶助 record (InsuredCardClassification A1), but the result \
             is {}, not medical-assistance",
            a.describe(),
            outcome
        ),
        format!(
            "{} は有効な医療扶助の記録 (InsuredCardClassification A1) を返したのに、結果が \
                 medical-assistance ではなく {}",
            a.describe_ja(),
            outcome
        ),
    )
    .message("svc/shown-welfare-not-shown")
    .cite(place(a))
    .code("outcome", outcome)
}

/// `SVC-medical-assistance`: a field's `problem`, with the field's screen `label`.
pub(in crate::svc) fn labelled(problem: Reason, label: &str) -> Reason {
    problem.before(&format!(" ({label})"), &format!(" ({label})"))
}

/// `SVC-medical-assistance`: `name` shown as answered (a value the terminal's record keeps
/// as a digest).
pub(in crate::svc) fn shown_as_answered(name: &str) -> Reason {
    Reason::new(
        format!("{name} (as answered)"),
        format!("{name} (回答のとおり)"),
    )
    .message("svc/shown-as-answered")
    .code("field", name)
}

/// `SVC-medical-assistance`: `name` shown as `value`.
pub(in crate::svc) fn shown_value(name: &str, value: &str) -> Reason {
    Reason::new(format!("{name} {value}"), format!("{name} {value}"))
        .message("svc/shown-value")
        .code("field", name)
}

/// `SVC-medical-assistance`: the valid record, what the fields missing are set against.
pub(in crate::svc) fn welfare_record(a: &Answer<'_, '_>) -> Reason {
    Reason::new(
        format!(
            "{} answered a valid 医療扶助 record (InsuredCardClassification A1)",
            a.describe()
        ),
        format!(
            "{} は有効な医療扶助の記録 (InsuredCardClassification A1) を返した",
            a.describe_ja()
        ),
    )
    .message("svc/shown-welfare-record")
    .cite(place(a))
}

/// `SVC-medical-assistance`: shown as medical-assistance, with the fields `shown`.
pub(in crate::svc) fn welfare_shown(shown: &[Reason]) -> Reason {
    Reason::join(shown, ", ", "、")
        .after("medical-assistance, showing ", "medical-assistance で、")
        .before("", " を表示している")
        .message("svc/shown-welfare-shown")
}

/// `SVC-warning-shown`: the last answer did not succeed.
pub(in crate::svc) fn answer_not_succeeded(x: &Answer<'_, '_>) -> Reason {
    Reason::new(
        format!("the last answer ({}) did not succeed", x.describe()),
        format!("最後の回答 ({}) は成功していない", x.describe_ja()),
    )
    .message("svc/shown-answer-not-succeeded")
    .cite(place(x))
}

/// `SVC-warning-shown`: the last answer carried no processing message.
pub(in crate::svc) fn no_processing_message(x: &Answer<'_, '_>) -> Reason {
    Reason::new(
        format!(
            "the last answer ({}) carried no processing message",
            x.describe()
        ),
        format!(
            "最後の回答 ({}) に処理結果のコード・メッセージがない",
            x.describe_ja()
        ),
    )
    .message("svc/shown-no-processing-message")
    .cite(place(x))
}

/// The warning `code` and `message` as the texts name them, in English.
fn warning(code: Option<&str>, message: Option<&str>) -> String {
    format!(
        "{} ({})",
        code.unwrap_or("no code"),
        message.unwrap_or("no message")
    )
}

/// [`warning`] in Japanese.
fn warning_ja(code: Option<&str>, message: Option<&str>) -> String {
    format!(
        "{} ({})",
        code.unwrap_or("コードなし"),
        message.unwrap_or("メッセージなし")
    )
}

/// The reason with the processing result `code`, when there is one.
fn with_code(said: Reason, code: Option<&str>) -> Reason {
    match code {
        Some(code) => said.code("code", code),
        None => said,
    }
}

/// `SVC-warning-shown`: the warning (`code`, `message`) was shown.
pub(in crate::svc) fn warning_shown(
    x: &Answer<'_, '_>,
    code: Option<&str>,
    message: Option<&str>,
) -> Reason {
    let said = Reason::new(
        format!(
            "{} carried {}; the client showed it",
            x.describe(),
            warning(code, message)
        ),
        format!(
            "{} は {} を返した; クライアントはそれを表示した",
            x.describe_ja(),
            warning_ja(code, message)
        ),
    )
    .message("svc/shown-warning-shown")
    .cite(place(x));
    with_code(said, code)
}

/// `SVC-warning-shown`: the answer succeeded with a warning (`code`, `message`), what
/// [`warning_not_shown`] is set against.
pub(in crate::svc) fn succeeded_with_warning(
    x: &Answer<'_, '_>,
    code: Option<&str>,
    message: Option<&str>,
) -> Reason {
    let said = Reason::new(
        format!("{} succeeded with {}", x.describe(), warning(code, message)),
        format!(
            "{} は成功し、{} を返した",
            x.describe_ja(),
            warning_ja(code, message)
        ),
    )
    .message("svc/shown-succeeded-with-warning")
    .cite(place(x));
    with_code(said, code)
}

/// `SVC-warning-shown`: the warning was not shown.
pub(in crate::svc) fn warning_not_shown() -> Reason {
    Reason::new(
        "the client never showed it",
        "クライアントはそれを表示しなかった",
    )
    .message("svc/shown-warning-not-shown")
}
