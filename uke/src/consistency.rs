//! A claim file checked against itself: what can be said of RECEIPTC.UKE without the
//! eligibility confirmation its visits rest on. Every record reads (the [`Reader`]'s errors),
//! every claim has its payer (an HO or a KO after its RE: 記録条件仕様, レセプト共通レコードの次に
//! 保険者レコード又は公費レコード), and the GO trailer's 総件数 is the number of claims read.
//! What it never does is name a patient: a [`Problem`] says where (line, claim number), not who.

use std::io::BufRead;

use crate::claims::read_header;
use crate::era::YearMonth;
use crate::layout::Layout;
use crate::reader::Reader;
use crate::record::Record;
use crate::UkeError;

/// What [`check`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Consistency {
    /// The file's layout (医科, 歯科 or 調剤), from its header.
    pub layout: Layout,
    /// The month claimed (the header's 請求年月).
    pub month: YearMonth,
    /// Claims read (RE records).
    pub claims: u32,
    /// Records read, the header and trailer included.
    pub records: u64,
    /// What does not agree within the file, in file order; empty when it is consistent.
    pub problems: Vec<Problem>,
}

/// A disagreement inside a claim file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// A claim (its RE at `line`, レセプト番号 `number`) has neither HO nor KO: no payer.
    #[error("line {line}: claim {number} has neither HO nor KO: it names no payer")]
    NoPayer {
        /// The RE's line.
        line: u64,
        /// Its レセプト番号.
        number: u32,
    },
    /// The GO trailer's 総件数 is not the number of claims in the file.
    #[error("GO says {said} claim(s), the file holds {read}")]
    ClaimCount {
        /// GO's 総件数.
        said: u32,
        /// RE records read.
        read: u32,
    },
}

/// Reads the whole claim file from `reader` and checks it against itself, claim by claim in
/// flat memory.
///
/// # Errors
///
/// The first [`UkeError`]: a file that does not read is not checked further.
///
/// ```
/// use mynakit_uke::{check, Problem, Reader};
/// let file = b"IR,1,13,1,1234567,,,202406,00\r\n\
///     RE,1,1112,202406,,1,19800101\r\nHO,06130012,,1,1,100\r\n\
///     RE,2,1112,202406,,2,19810101\r\n\
///     GO,3,100,99\r\n\x1a";
/// let found = check(Reader::new(&file[..]))?;
/// assert_eq!(found.claims, 2);
/// assert_eq!(
///     found.problems,
///     [Problem::NoPayer { line: 4, number: 2 }, Problem::ClaimCount { said: 3, read: 2 }]
/// );
/// # Ok::<(), mynakit_uke::UkeError>(())
/// ```
pub fn check<R: BufRead>(reader: Reader<R>) -> Result<Consistency, UkeError> {
    // Every record is read and checked; none keeps its fields' text, which this never uses.
    let mut reader = reader.without_fields();
    let header = read_header(&mut reader)?;
    let mut found = Consistency {
        layout: reader.layout().unwrap_or(Layout::Medical),
        month: header.billing,
        claims: 0,
        records: 1,
        problems: Vec::new(),
    };
    // Record by record, not through [`crate::Claims`], which would gather each claim's records
    // only for this to count them: of the claim being read, its RE's line and number and
    // whether an HO or KO came. The reader's order checks put every record between the header
    // and GO in a claim.
    let mut claim: Option<(u64, u32, bool)> = None;
    let close = |claim: Option<(u64, u32, bool)>, problems: &mut Vec<Problem>| {
        if let Some((line, number, false)) = claim {
            problems.push(Problem::NoPayer { line, number });
        }
    };
    let mut trailer = None;
    while let Some(record) = reader.next() {
        found.records += 1;
        match record? {
            Record::Re(re) => {
                close(claim.take(), &mut found.problems);
                found.claims += 1;
                claim = Some((reader.line(), re.number, false));
            }
            Record::Ho(_) | Record::Ko(_) => {
                if let Some((_, _, payer)) = &mut claim {
                    *payer = true;
                }
            }
            Record::Go(go) => {
                close(claim.take(), &mut found.problems);
                trailer = Some(go.claims);
            }
            _ => {}
        }
    }
    close(claim, &mut found.problems);
    if let Some(said) = trailer {
        if said != found.claims {
            found.problems.push(Problem::ClaimCount {
                said,
                read: found.claims,
            });
        }
    }
    Ok(found)
}
