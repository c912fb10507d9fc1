//! The terminal's own result codes, for requests it cannot answer normally.
//!
//! The real 処理結果コード list (別紙6-1) is not public, so these are **synthetic** (`MOCK-T…`),
//! in the same style as the mock service's `MOCK-E…` / `MOCK-W…` codes (`docs/service.md`, "Result
//! codes"; `docs/terminal.md`, "Result codes").

/// Why a request (or one person in it) got an error result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TerminalCode {
    /// The bytes are not valid in the declared encoding, or the encoding is not supported.
    BadEncoding,
    /// The XML is not well-formed.
    MalformedXml,
    /// The file name's prefix is not a message the terminal knows.
    UnknownMessage,
    /// The file is neither `.xml` nor `.zip`, or a `.zip` that is damaged, password-protected
    /// or holds no `.xml`.
    UnsupportedFile,
    /// A required element is missing or has a bad value (message level).
    BadMessage,
    /// A bulk download names a `ReceptionNumber` the terminal never issued.
    UnknownReception,
    /// `InsurerNumber` is not 8 characters (right-aligned with spaces).
    InsurerNumberWidth,
    /// A person's search data has a bad value (birth date, consent flag, …).
    BadSearchInfo,
    /// 照会番号 registration: no qualification matches the insurance data.
    ReferenceTargetUnknown,
    /// The entry in `req` is not a regular file (a symbolic link, which is never followed; a
    /// FIFO, socket or device; a directory).
    NotARegularFile,
    /// The file name is not valid UTF-8.
    BadFileName,
    /// The terminal cannot reach the オンライン資格確認等システム (`center_outage`): the request
    /// was fine, nothing could be confirmed.
    CenterUnavailable,
}

impl TerminalCode {
    /// The code and its message.
    pub fn text(self) -> (&'static str, &'static str) {
        match self {
            TerminalCode::BadEncoding => ("MOCK-T501", "文字コードが不正です (mock: bad encoding)"),
            TerminalCode::MalformedXml => ("MOCK-T502", "XMLの形式が不正です (mock: malformed XML)"),
            TerminalCode::UnknownMessage => ("MOCK-T503", "要求ファイル名が不正です (mock: unknown message prefix)"),
            TerminalCode::UnsupportedFile => ("MOCK-T504", "未対応のファイル形式です (mock: not an .xml file, or an unusable .zip)"),
            TerminalCode::BadMessage => ("MOCK-T505", "要求電文の項目が不正です (mock: missing or bad element)"),
            TerminalCode::UnknownReception => ("MOCK-T506", "受付番号が存在しません (mock: unknown ReceptionNumber)"),
            TerminalCode::InsurerNumberWidth => ("MOCK-T511", "保険者番号は8桁（右詰め空白埋め）で指定してください (mock: InsurerNumber must be 8 characters)"),
            TerminalCode::BadSearchInfo => ("MOCK-T512", "照会条件が不正です (mock: bad search data)"),
            TerminalCode::ReferenceTargetUnknown => ("MOCK-T521", "該当する資格情報がありません (mock: no qualification for the reference number)"),
            TerminalCode::NotARegularFile => ("MOCK-T507", "要求ファイルが通常のファイルではありません (mock: not a regular file; links are never followed)"),
            TerminalCode::BadFileName => ("MOCK-T508", "要求ファイル名の文字コードが不正です (mock: file name is not valid UTF-8)"),
            TerminalCode::CenterUnavailable => ("MOCK-T509", "オンライン資格確認等システムに接続できません (mock: center outage)"),
        }
    }

    /// Every code, for documentation and tests.
    pub const ALL: [TerminalCode; 12] = [
        TerminalCode::BadEncoding,
        TerminalCode::MalformedXml,
        TerminalCode::UnknownMessage,
        TerminalCode::UnsupportedFile,
        TerminalCode::BadMessage,
        TerminalCode::UnknownReception,
        TerminalCode::InsurerNumberWidth,
        TerminalCode::BadSearchInfo,
        TerminalCode::ReferenceTargetUnknown,
        TerminalCode::NotARegularFile,
        TerminalCode::BadFileName,
        TerminalCode::CenterUnavailable,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_synthetic_and_distinct() {
        let codes: std::collections::BTreeSet<_> =
            TerminalCode::ALL.iter().map(|c| c.text().0).collect();
        assert_eq!(codes.len(), TerminalCode::ALL.len());
        assert!(codes.iter().all(|c| c.starts_with("MOCK-T")));
    }
}
