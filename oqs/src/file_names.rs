//! How a 資格確認端末 names an answer after its request: the first `req` in the name becomes `res`
//! (`OQSsiquc01req_1.xml` → `OQSsiquc01res_1.xml`; sanox.org road13, `YUKI-ENT/OQSDrug2`
//! `FindExpectedResultFile`; `docs/terminal.md`, "Encodings and drift"). The terminal writes
//! answers by it and the conformance checks pair them by it.

/// The answer's name for a request named `name`: the first `req` replaced by `res`; `None` when
/// the name has no `req` (the terminal then answers `<name>.res.xml`).
pub fn mirror(name: &str) -> Option<String> {
    name.find("req")
        .map(|at| format!("{}res{}", &name[..at], &name[at + 3..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_first_req_becomes_res() {
        assert_eq!(
            mirror("OQSsiquc01req_prereq01.xml").as_deref(),
            Some("OQSsiquc01res_prereq01.xml")
        );
        assert_eq!(mirror("answer.xml"), None);
    }
}
