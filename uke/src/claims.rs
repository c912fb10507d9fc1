//! Claims grouped: the header, then each RE with the records that follow it, then the trailer.

use std::io::BufRead;

use crate::consistency::{Problem, Tally};
use crate::layout::Layout;
use crate::reader::{read_header, Reader};
use crate::record::{Go, Header, Re, Record};
use crate::UkeError;

/// One claim (one レセプト): its RE and the records after it, up to the next RE or GO.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claim {
    /// The RE record.
    pub re: Re,
    /// The line of the RE record.
    pub line: u64,
    /// The records after RE, in file order (HO, KO, SN, JD, …).
    pub records: Vec<Record>,
}

/// Reads a claim file claim by claim; memory holds one claim at a time.
///
/// ```
/// use mynakit_uke::{Claims, Reader, Record};
/// let file = b"IR,1,13,1,1234567,,,202406,00\r\n\
///     RE,1,1112,202406,,1,19800101\r\nHO,06130012,,1,1,100\r\nSN,1,01,,,,01,,\r\n\
///     RE,2,1112,202406,,2,19810101\r\nHO,06130012,,2,1,200\r\n\
///     GO,2,300,99\r\n\x1a";
/// let mut claims = Claims::new(Reader::new(&file[..]))?;
/// assert_eq!(claims.header().institution_code, "1234567");
/// let first = claims.next().expect("a claim")?;
/// assert_eq!(first.re.number, 1);
/// assert!(matches!(first.records[1], Record::Sn(_)));
/// let second = claims.next().expect("a claim")?;
/// assert_eq!(second.records.len(), 1);
/// assert!(claims.next().is_none());
/// assert_eq!(claims.trailer().map(|go| go.claims), Some(2));
/// # Ok::<(), mynakit_uke::UkeError>(())
/// ```
pub struct Claims<R> {
    reader: Reader<R>,
    header: Header,
    current: Option<Claim>,
    trailer: Option<Go>,
    /// The file's own totals, as [`crate::check`] keeps them.
    tally: Tally,
    /// What the tally found, once the file has been read to its end (`None` before).
    problems: Option<Vec<Problem>>,
}

impl<R: BufRead> Claims<R> {
    /// Reads the header; the claims follow from the iterator.
    ///
    /// # Errors
    ///
    /// The header's [`UkeError`], or [`UkeError::Empty`].
    pub fn new(mut reader: Reader<R>) -> Result<Claims<R>, UkeError> {
        let header = read_header(&mut reader)?;
        Ok(Claims {
            tally: Tally::of(&header),
            reader,
            header,
            current: None,
            trailer: None,
            problems: None,
        })
    }

    /// The header record (IR or YK).
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The file's layout.
    pub fn layout(&self) -> Layout {
        self.reader.layout().unwrap_or(Layout::Medical)
    }

    /// The GO trailer, once the claims have all been read.
    pub fn trailer(&self) -> Option<&Go> {
        self.trailer.as_ref()
    }

    /// What does not agree within the file ([`crate::check`]'s [`Problem`]s: a claim without
    /// a payer, GO's 総件数 or 総合計点数), once every claim has been read without error;
    /// empty before.
    pub fn problems(&self) -> &[Problem] {
        self.problems.as_deref().unwrap_or_default()
    }
}

impl<R: BufRead> Iterator for Claims<R> {
    type Item = Result<Claim, UkeError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let record = match self.reader.next() {
                None => {
                    if self.problems.is_none() {
                        self.problems = Some(self.tally.finish());
                    }
                    return self.current.take().map(Ok);
                }
                Some(Err(e)) => {
                    self.current = None;
                    return Some(Err(e));
                }
                Some(Ok(record)) => record,
            };
            self.tally.record(&record, self.reader.line());
            match record {
                Record::Re(re) => {
                    let next = Claim {
                        re,
                        line: self.reader.line(),
                        records: Vec::new(),
                    };
                    if let Some(done) = self.current.replace(next) {
                        return Some(Ok(done));
                    }
                }
                Record::Go(go) => {
                    self.trailer = Some(go);
                    if let Some(done) = self.current.take() {
                        return Some(Ok(done));
                    }
                }
                // 訪問看護's GO, bare, ends the last claim when it comes last ([`Record::Other`]).
                Record::Other { id, .. } if id == "GO" => {
                    if let Some(done) = self.current.take() {
                        return Some(Ok(done));
                    }
                }
                // The reader lets no record other than RE and GO come before the first RE.
                other => {
                    if let Some(claim) = &mut self.current {
                        claim.records.push(other);
                    }
                }
            }
        }
    }
}
