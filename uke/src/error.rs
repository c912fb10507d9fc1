//! Why a claim file, or one of its records, cannot be read or written.
//!
//! Every variant names its place: `line` counts lines of the file from 1, `offset` counts bytes of
//! the file from 0, and `field` is the spec's 項番: the record id (レコード識別情報) is field 1,
//! so the 0-based index `i` of [`crate::Record::fields`] is field `i + 1`. A record built in memory
//! ([`crate::Record::from_fields`]) has line 0.

/// What went wrong, and where.
#[derive(Debug, thiserror::Error)]
pub enum UkeError {
    /// Reading the underlying input failed.
    #[error("reading the claim file failed: {0}")]
    Io(#[from] std::io::Error),
    /// Bytes that are not Windows-31J text (decoded without replacement).
    #[error("line {line}: byte {offset} is not Windows-31J (Shift_JIS) text")]
    NotWindows31J {
        /// The line.
        line: u64,
        /// The file offset of the first malformed byte.
        offset: u64,
    },
    /// A line longer than the reader's bound, so that no input makes it buffer without end.
    #[error("line {line} (from byte {offset}) is longer than {limit} bytes")]
    LineTooLong {
        /// The line.
        line: u64,
        /// The file offset where the line starts.
        offset: u64,
        /// The bound in bytes.
        limit: usize,
    },
    /// A line that ends with LF alone: the spec ends every record with CR LF.
    #[error("line {line}: LF at byte {offset} without CR (records end with CR LF)")]
    BareLf {
        /// The line.
        line: u64,
        /// The file offset of the LF.
        offset: u64,
    },
    /// A CR with no LF after it where a record ends: the file's line ends are CR alone.
    #[error("line {line}: CR at byte {offset} without LF (records end with CR LF)")]
    BareCr {
        /// The line.
        line: u64,
        /// The file offset of the CR.
        offset: u64,
    },
    /// A CR inside a record, not right before its LF.
    #[error("line {line}: CR at byte {offset} inside a record")]
    StrayCr {
        /// The line.
        line: u64,
        /// The file offset of the CR.
        offset: u64,
    },
    /// The 0x1A end mark inside a record rather than after the last CR LF.
    #[error("line {line}: the end mark 0x1A at byte {offset} is inside a record")]
    EndMarkInsideRecord {
        /// The line.
        line: u64,
        /// The file offset of the 0x1A.
        offset: u64,
    },
    /// Bytes after the 0x1A end mark.
    #[error("data after the end mark 0x1A, at byte {offset}")]
    DataAfterEndMark {
        /// The file offset of the first byte after the end mark.
        offset: u64,
    },
    /// The file ends without the 0x1A end mark.
    #[error("the file ends at byte {offset} without the end mark 0x1A")]
    MissingEndMark {
        /// The file's length.
        offset: u64,
    },
    /// The last line has no CR LF.
    #[error("line {line} (from byte {offset}) ends without CR LF")]
    UnterminatedRecord {
        /// The line.
        line: u64,
        /// The file offset where the line starts.
        offset: u64,
    },
    /// An empty line, where a record was expected.
    #[error("line {line}: empty record")]
    EmptyRecord {
        /// The line.
        line: u64,
    },
    /// A file with no record at all.
    #[error("the claim file holds no record")]
    Empty,
    /// The first record is not the header (IR for 医科 and 歯科, YK for 調剤).
    #[error("line {line}: the file starts with `{id}`, not with its header IR or YK")]
    MissingHeader {
        /// The line.
        line: u64,
        /// The record id found.
        id: String,
    },
    /// A second header, or a record between the header and the first RE that belongs to a claim.
    #[error("line {line}: `{id}` outside a claim (after the header and before the first RE)")]
    RecordOutsideClaim {
        /// The line.
        line: u64,
        /// The record id.
        id: String,
    },
    /// The file ends without its GO trailer.
    #[error("line {line}: the file ends without its GO trailer")]
    MissingTrailer {
        /// The last line read.
        line: u64,
    },
    /// A record after the GO trailer.
    #[error("line {line}: `{id}` after the GO trailer")]
    RecordAfterTrailer {
        /// The line.
        line: u64,
        /// The record id.
        id: String,
    },
    /// A record with fewer fields than its layout requires.
    #[error("line {line}: `{id}` has {found} fields, its layout needs at least {required}")]
    TooShort {
        /// The line.
        line: u64,
        /// The record id.
        id: String,
        /// The fields found, the record id included.
        found: usize,
        /// The fields required, the record id included.
        required: usize,
    },
    /// A required field left empty.
    #[error("line {line}: `{id}` field {field} ({name}) is empty but required")]
    MissingField {
        /// The line.
        line: u64,
        /// The record id.
        id: String,
        /// The field (項番, the record id is 1).
        field: usize,
        /// The field's name in the spec.
        name: &'static str,
    },
    /// A field whose value is not in its code list.
    #[error(
        "line {line}: `{id}` field {field} ({name}) is not in its code list{}",
        shown(id, value)
    )]
    NotInCodeList {
        /// The line.
        line: u64,
        /// The record id.
        id: String,
        /// The field (項番, the record id is 1).
        field: usize,
        /// The field's name in the spec.
        name: &'static str,
        /// The value found.
        value: String,
    },
    /// A field that should be a number (or a code of digits) and is not.
    #[error(
        "line {line}: `{id}` field {field} ({name}) is not a number{}",
        shown(id, value)
    )]
    NotANumber {
        /// The line.
        line: u64,
        /// The record id.
        id: String,
        /// The field (項番, the record id is 1).
        field: usize,
        /// The field's name in the spec.
        name: &'static str,
        /// The value found.
        value: String,
    },
    /// A field of the 数字 or 英数 mode (半角: one byte a character) holding another
    /// character, or more bytes than its width: the 審査支払機関's reception refuses the file.
    /// The value is never shown: these fields are insurance and recipient numbers.
    #[error(
        "line {line}: `{id}` field {field} ({name}) is not half-width alphanumerics of at most \
         {width} bytes (数字・英数 mode){}",
        if *full_width { ": it holds a full-width character" } else { ": it is too long" }
    )]
    WrongWidth {
        /// The line.
        line: u64,
        /// The record id.
        id: String,
        /// The field (項番, the record id is 1).
        field: usize,
        /// The field's name in the spec.
        name: &'static str,
        /// Its width in bytes (最大バイト数).
        width: usize,
        /// A character outside half-width ASCII was found (else: too long).
        full_width: bool,
    },
    /// A field that should be a date or a year-month and is not.
    #[error(
        "line {line}: `{id}` field {field} ({name}) is not a date (YYYYMM[DD] or GYYMM[DD]){}",
        shown(id, value)
    )]
    NotADate {
        /// The line.
        line: u64,
        /// The record id.
        id: String,
        /// The field (項番, the record id is 1).
        field: usize,
        /// The field's name in the spec.
        name: &'static str,
        /// The value found.
        value: String,
    },
    /// A 和暦 date or year-month (`GYYMM[DD]`) of the calendar whose year lies outside its era,
    /// such as 平成60年 (2048, after 平成 ended): no such day was ever written on a card.
    #[error(
        "line {line}: `{id}` field {field} ({name}) is a 和暦 date outside its era (明治 ends \
         1912-07-29, 大正 1926-12-24, 昭和 1989-01-07, 平成 2019-04-30; 令和 begins \
         2019-05-01){}",
        shown(id, value)
    )]
    OutsideEra {
        /// The line.
        line: u64,
        /// The record id.
        id: String,
        /// The field (項番, the record id is 1).
        field: usize,
        /// The field's name in the spec.
        name: &'static str,
        /// The value found.
        value: String,
    },
    /// An RE whose patient is born after the month the claim is for (its 診療年月).
    #[error(
        "line {line}: `RE` field {field} ({name}) is after the claim's 診療年月 (field \
         {month_field}): no patient is treated in a month before their birth (its value is not \
         shown: the record holds patient data)"
    )]
    BornAfterMonth {
        /// The line.
        line: u64,
        /// The 生年月日 field (項番).
        field: usize,
        /// Its name in the spec.
        name: &'static str,
        /// The 診療年月 (調剤年月) field (項番).
        month_field: usize,
    },
    /// A record marks a day its claim's month does not have: JD or an SI/TO 算定日 column past
    /// the last day of RE's 診療年月 (the 31st of June), or a KI 算定日 in another month.
    #[error(
        "line {line}: `{id}` field {field} ({name}) marks a day that is not in the claim's \
         診療年月 {month}: a visit on a day that does not exist"
    )]
    DayOutsideMonth {
        /// The line.
        line: u64,
        /// The record id.
        id: String,
        /// The field (項番, the record id is 1).
        field: usize,
        /// The field's name in the spec.
        name: &'static str,
        /// The claim's 診療年月 (調剤年月), `YYYYMM`.
        month: String,
    },
    /// A period whose end is before its start: 訪問看護 HJ's 指示期間至 before its 指示期間自.
    #[error(
        "line {line}: `HJ` field {field} ({name}) is before field {start_field}: a 指示期間 \
         that ends before it starts covers no visit (its value is not shown: the record holds \
         patient data)"
    )]
    PeriodEndsBeforeStart {
        /// The line.
        line: u64,
        /// The end's field (項番).
        field: usize,
        /// Its name in the spec.
        name: &'static str,
        /// The start's field (項番).
        start_field: usize,
    },
    /// A record the writer cannot write: a field holds a separator, a line break, the end mark, or
    /// a character Windows-31J has no code for.
    #[error("`{id}` field {field} cannot be written: {reason}")]
    Unwritable {
        /// The record id.
        id: String,
        /// The field (項番, the record id is 1).
        field: usize,
        /// Why.
        reason: String,
    },
}

/// The bad value as a message shows it: only in records that hold no patient (the header, the
/// trailer, SI/IY/TO/CO/KA items), since a claim's RE, HO, KO and SN carry the patient's name,
/// birth date and insurance numbers, which never go into a message or a log (`docs/uke.md`).
/// The value stays in the error's `value` for a caller that needs it.
fn shown(id: &str, value: &str) -> String {
    // 訪問看護: IH names the 主治医, HJ, JS and RJ the user's 指示書, health and visits.
    if matches!(
        id,
        "RE" | "HO" | "KO" | "SN" | "JD" | "MF" | "SY" | "IH" | "HJ" | "JS" | "RJ"
    ) {
        " (its value is not shown: the record holds patient data)".to_owned()
    } else {
        format!(": `{value}`")
    }
}
