//! report.json's layout (docs/reports.md, "The JSON report"): indented down to a scenario's
//! fields, and each value below them on one line, so that a timeline event, a finding, a list
//! of tags is one line, written as docs/timeline.md writes an event (compact: `{"v":1,…}`).
//! The run's other lists (the findings written once, the rule sets) hold one element a line
//! too. Fully indented, the whitespace of a hundred thousand small objects was a third of the
//! file; on one line each, the file still reads and diffs line by line.

use std::io::{self, Write};

use serde_json::ser::{CompactFormatter, Formatter};

/// How deep containers are indented: the run (0), its fields' values (1: the list of
/// scenarios), a scenario (2), its fields' values (3: its timeline, its checks). Below, one
/// line each.
const INDENTED: usize = 4;

/// An array's layout, decided by its first element: indented when it is an object or an array
/// above [`INDENTED`], else on one line (a list of strings or numbers).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Layout {
    Undecided,
    /// A list of the run's but `scenarios`, undecided: when its elements are containers, it
    /// is [`Layout::Lines`].
    UndecidedLines,
    Indented,
    /// Indented, each element on one line.
    Lines,
    OneLine,
}

/// The run's field whose elements are indented: every other list of the run's holds one
/// element a line.
const INDENTED_LIST: &str = "scenarios";

/// A `serde_json` formatter for [`Layout`]: two spaces of indent and `": "` where indented,
/// compact on a line.
#[derive(Default)]
pub(crate) struct Shallow {
    /// The key of the run's field being written (its text, while it is written).
    run_key: String,
    /// Whether a key of the run's fields is being written.
    in_run_key: bool,
    /// The open containers, outermost first.
    open: Vec<Layout>,
    /// Set by an array's element until the element's first token says what it is.
    pending: Option<bool>,
    /// Whether the innermost open container has had an element (or key).
    has_value: Vec<bool>,
}

impl Shallow {
    fn indent<W: ?Sized + Write>(writer: &mut W, depth: usize) -> io::Result<()> {
        writer.write_all(b"\n")?;
        for _ in 0..depth {
            writer.write_all(b"  ")?;
        }
        Ok(())
    }

    /// Before a value's first token: an array's element decides the array's layout (when it is
    /// the first) and writes its separator.
    fn before_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        container: bool,
    ) -> io::Result<()> {
        let Some(first) = self.pending.take() else {
            return Ok(());
        };
        let depth = self.open.len();
        let parent_flat = self.flat_at(depth.saturating_sub(1));
        let Some(layout) = self.open.last_mut() else {
            return Ok(());
        };
        if *layout == Layout::Undecided {
            *layout = if container && depth <= INDENTED && !parent_flat {
                Layout::Indented
            } else {
                Layout::OneLine
            };
        }
        if *layout == Layout::UndecidedLines {
            *layout = if container {
                Layout::Lines
            } else {
                Layout::OneLine
            };
        }
        match *layout {
            Layout::Indented | Layout::Lines => {
                if !first {
                    writer.write_all(b",")?;
                }
                Self::indent(writer, depth)
            }
            _ => {
                if !first {
                    writer.write_all(b",")?;
                }
                Ok(())
            }
        }
    }

    /// Whether the open container at `depth` (1: the outermost) writes what it holds on one
    /// line: it is on one line, or a list of one element a line (decided or not).
    fn flat_at(&self, depth: usize) -> bool {
        matches!(
            depth.checked_sub(1).and_then(|i| self.open.get(i)),
            Some(Layout::Lines | Layout::UndecidedLines | Layout::OneLine)
        )
    }

    /// Whether a container opened now is written on one line.
    fn flat(&self) -> bool {
        self.flat_at(self.open.len())
    }

    fn open<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        bracket: &[u8],
        layout: Layout,
    ) -> io::Result<()> {
        self.before_value(writer, true)?;
        self.open.push(layout);
        self.has_value.push(false);
        writer.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        let layout = self.open.pop();
        let had = self.has_value.pop().unwrap_or(false);
        if had && matches!(layout, Some(Layout::Indented | Layout::Lines)) {
            Self::indent(writer, self.open.len())?;
        }
        writer.write_all(bracket)
    }
}

/// A scalar's writer: its separator first, then the compact formatter's token.
macro_rules! scalar {
    ($($name:ident($($arg:ident: $ty:ty),*);)*) => {
        $(
            fn $name<W: ?Sized + Write>(&mut self, writer: &mut W, $($arg: $ty),*) -> io::Result<()> {
                self.before_value(writer, false)?;
                CompactFormatter.$name(writer, $($arg),*)
            }
        )*
    };
}

impl Formatter for Shallow {
    scalar! {
        write_null();
        write_bool(value: bool);
        write_i8(value: i8);
        write_i16(value: i16);
        write_i32(value: i32);
        write_i64(value: i64);
        write_i128(value: i128);
        write_u8(value: u8);
        write_u16(value: u16);
        write_u32(value: u32);
        write_u64(value: u64);
        write_u128(value: u128);
        write_f32(value: f32);
        write_f64(value: f64);
        write_number_str(value: &str);
        begin_string();
        write_byte_array(value: &[u8]);
        write_raw_fragment(fragment: &str);
    }

    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        let layout = if self.flat() {
            Layout::OneLine
        } else if self.open.len() == 1 && self.run_key != INDENTED_LIST {
            Layout::UndecidedLines
        } else {
            Layout::Undecided
        };
        self.open(writer, b"[", layout)
    }

    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        if self.in_run_key {
            self.run_key.push_str(fragment);
        }
        writer.write_all(fragment.as_bytes())
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        _writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.pending = Some(first);
        if let Some(had) = self.has_value.last_mut() {
            *had = true;
        }
        Ok(())
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        let layout = if self.open.len() < INDENTED && !self.flat() {
            Layout::Indented
        } else {
            Layout::OneLine
        };
        self.open(writer, b"{", layout)
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if let Some(had) = self.has_value.last_mut() {
            *had = true;
        }
        if self.open.len() == 1 {
            self.run_key.clear();
            self.in_run_key = true;
        }
        match self.open.last() {
            Some(Layout::Indented) => {
                if !first {
                    writer.write_all(b",")?;
                }
                Self::indent(writer, self.open.len())
            }
            _ if first => Ok(()),
            _ => writer.write_all(b","),
        }
    }

    fn end_object_key<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.in_run_key = false;
        Ok(())
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        match self.open.last() {
            Some(Layout::Indented) => writer.write_all(b": "),
            _ => writer.write_all(b":"),
        }
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        Ok(())
    }
}

/// `value` in this layout, with a final newline.
///
/// # Errors
///
/// `value`'s own serialisation failed.
pub(crate) fn to_string<T: serde::Serialize>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::with_capacity(1 << 20);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, Shallow::default());
    value.serialize(&mut ser)?;
    out.push(b'\n');
    // serde_json writes UTF-8 only.
    Ok(String::from_utf8(out).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use serde_json::json;

    use super::*;

    #[test]
    fn indented_to_a_scenarios_fields_then_one_line_each() {
        let run = json!({
            "schema": 2,
            "tags": [],
            "skipped_checks": [{"check": "A", "level": "SKIPPED", "facts": {"cites": [{"n": 1}]}}, {"check": "B"}],
            "ids": ["a", "b"],
            "scenarios": [{
                "id": "a",
                "tags": ["x", "y"],
                "skipped": [0, 3],
                "timeline": [{"v": 1, "kind": "apdu", "fields": {"a": [1, 2]}}, {"v": 1}],
                "result": {"outcome": "eligible", "origin": {"origin": "client"}},
                "checks": []
            }],
            "empty": {}
        });
        let text = to_string(&run).unwrap();
        // serde_json's map is sorted without `preserve_order`.
        let expected = r#"{
  "empty": {},
  "ids": ["a","b"],
  "scenarios": [
    {
      "checks": [],
      "id": "a",
      "result": {
        "origin": {"origin":"client"},
        "outcome": "eligible"
      },
      "skipped": [0,3],
      "tags": ["x","y"],
      "timeline": [
        {"fields":{"a":[1,2]},"kind":"apdu","v":1},
        {"v":1}
      ]
    }
  ],
  "schema": 2,
  "skipped_checks": [
    {"check":"A","facts":{"cites":[{"n":1}]},"level":"SKIPPED"},
    {"check":"B"}
  ],
  "tags": []
}
"#;
        assert_eq!(text, expected);
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, run);
    }
}
