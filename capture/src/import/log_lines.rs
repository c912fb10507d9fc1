//! A field log read a line at a time (`docs/import.md`, "Size"): a QA team's capture of a day's
//! failures is often 100 MB of pcscd debug output, so the log is never held whole. Each line is
//! read with a limit of its own ([`MAX_LOG_LINE_BYTES`]: an extended APDU of 65,544 bytes is
//! 200 KB of hex), so memory stays flat in the file's size: what grows is the capture, which has
//! its own bound ([`super::MAX_CAPTURED_BYTES`]). A line over its limit, or one that is not
//! UTF-8, is an error at `file:line`.

use std::io::BufRead;

use super::ImportError;

/// The longest line of a log, in bytes (without its newline).
pub const MAX_LOG_LINE_BYTES: usize = 1024 * 1024;

/// The lines of `reader` as `(1-based number, text)` without `\n` or `\r\n`, as `str::lines`
/// gives them; `origin` names the log in errors. Ends after the first error.
pub(crate) fn lines<'a>(
    reader: &'a mut dyn BufRead,
    origin: &'a str,
) -> impl Iterator<Item = Result<(usize, String), ImportError>> + 'a {
    let mut number = 0usize;
    let mut offset = 0u64;
    let mut failed = false;
    std::iter::from_fn(move || {
        if failed {
            return None;
        }
        number += 1;
        let mut line = Vec::new();
        let limit = (MAX_LOG_LINE_BYTES + 2) as u64;
        let read = std::io::Read::take(&mut *reader, limit).read_until(b'\n', &mut line);
        let error = |message: String| Some(Err(ImportError::at(origin, number, message)));
        match read {
            Ok(0) => return None,
            Ok(_) => {}
            Err(e) => {
                failed = true;
                return error(format!("cannot read: {e}"));
            }
        }
        let start = offset;
        offset += line.len() as u64;
        if line.ends_with(b"\n") {
            line.pop();
            if line.ends_with(b"\r") {
                line.pop();
            }
        }
        if line.len() > MAX_LOG_LINE_BYTES {
            failed = true;
            return error(format!(
                "a line longer than the limit of {MAX_LOG_LINE_BYTES} bytes (docs/import.md, \
                 \"Size\"): is this a log of the format named?"
            ));
        }
        match String::from_utf8(line) {
            Ok(text) => Some(Ok((number, text))),
            Err(e) => {
                failed = true;
                let at = e.utf8_error().valid_up_to();
                let column = e.as_bytes()[..at]
                    .iter()
                    .filter(|&&b| (b & 0xC0) != 0x80)
                    .count()
                    + 1;
                error(format!(
                    "not UTF-8 (column {column}, byte {} of the file)",
                    start + at as u64
                ))
            }
        }
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn all(bytes: &[u8]) -> Vec<Result<(usize, String), ImportError>> {
        let mut reader = bytes;
        lines(&mut reader, "f.log").collect()
    }

    #[test]
    fn lines_are_numbered_as_str_lines_would_give_them() {
        let got: Vec<_> = all(b"a\r\n\nb\nc")
            .into_iter()
            .map(Result::unwrap)
            .collect();
        assert_eq!(
            got,
            vec![
                (1, "a".to_owned()),
                (2, String::new()),
                (3, "b".to_owned()),
                (4, "c".to_owned())
            ]
        );
    }

    #[test]
    fn a_long_line_and_bad_bytes_are_placed() {
        let mut long = b"ok\n".to_vec();
        long.extend(std::iter::repeat_n(b'A', MAX_LOG_LINE_BYTES + 1));
        long.extend(b"\nnever read\n");
        let got = all(&long);
        assert_eq!(got.len(), 2);
        let e = got[1].as_ref().unwrap_err();
        assert_eq!(e.line, 2);
        assert!(
            e.to_string()
                .starts_with("f.log:2: a line longer than the limit of 1048576 bytes"),
            "{e}"
        );
        let got = all(b"ok\nab\xffc\n");
        let e = got[1].as_ref().unwrap_err();
        assert_eq!(
            e.to_string(),
            "f.log:2: not UTF-8 (column 3, byte 5 of the file)"
        );
    }
}
