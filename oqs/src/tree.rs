//! A small element tree for OQS messages: parsed with positions (so an error names `line:col`
//! and the byte offset), and written back with two-space indentation.
//!
//! OQS files are plain element trees (`XmlMsg` → `MessageHeader` + `MessageBody`, no attributes
//! that matter, no mixed content; `docs/terminal.md`). Text is kept **untrimmed**: a 国保
//! `InsurerNumber` is right-aligned with leading spaces (`"  138057"`), which trimming would lose.

use std::sync::atomic::{AtomicBool, Ordering};

use quick_xml::errors::IllFormedError;
use quick_xml::events::Event;
use quick_xml::Reader;

/// A place in a document: 1-based line and column (in characters) and the 0-based byte offset
/// into the decoded text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pos {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
    /// 0-based offset into the decoded (UTF-8) text.
    pub byte: usize,
}

impl std::fmt::Display for Pos {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

/// Why a document is not well-formed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{pos} (byte {}): {message}", pos.byte)]
pub struct XmlError {
    /// Where.
    pub pos: Pos,
    /// What is wrong.
    pub message: String,
    /// The text ends before the document does (an open element, an unclosed tag, nothing
    /// yet): a file that may still be being written.
    pub truncated: bool,
}

/// One element: its name, its text (concatenated, unescaped, untrimmed) and its children.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Element {
    /// The element name.
    pub name: String,
    /// Where its start tag begins (default for built elements).
    pub pos: Pos,
    /// Its own text.
    pub text: String,
    /// Child elements in order.
    pub children: Vec<Element>,
}

impl Element {
    /// An empty element `name`.
    pub fn new(name: &str) -> Element {
        Element {
            name: name.to_owned(),
            ..Element::default()
        }
    }

    /// A leaf `<name>text</name>`.
    pub fn leaf(name: &str, text: impl Into<String>) -> Element {
        Element {
            name: name.to_owned(),
            text: text.into(),
            ..Element::default()
        }
    }

    /// Appends a child (builder style).
    pub fn with(mut self, child: Element) -> Element {
        self.children.push(child);
        self
    }

    /// Appends a leaf if `text` is `Some`.
    pub fn with_opt(self, name: &str, text: Option<impl Into<String>>) -> Element {
        match text {
            Some(t) => self.with(Element::leaf(name, t)),
            None => self,
        }
    }

    /// The first child named `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The first child named `name`, mutably.
    pub fn child_mut(&mut self, name: &str) -> Option<&mut Element> {
        self.children.iter_mut().find(|c| c.name == name)
    }

    /// Every child named `name`.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The text of the first child named `name`.
    pub fn child_text(&self, name: &str) -> Option<&str> {
        self.child(name).map(|c| c.text.as_str())
    }

    /// Renames every element (this one and below) for which `rename` gives a new name.
    pub fn rename_all(&mut self, rename: &dyn Fn(&str) -> Option<String>) {
        if let Some(new) = rename(&self.name) {
            self.name = new;
        }
        for child in &mut self.children {
            child.rename_all(rename);
        }
    }

    /// Writes the element (no declaration) with two-space indentation.
    pub fn write(&self, out: &mut String, depth: usize) {
        let indent = "  ".repeat(depth);
        out.push_str(&indent);
        out.push('<');
        out.push_str(&self.name);
        if self.children.is_empty() {
            if self.text.is_empty() {
                out.push_str("/>\n");
            } else {
                out.push('>');
                escape_into(&self.text, out);
                out.push_str("</");
                out.push_str(&self.name);
                out.push_str(">\n");
            }
            return;
        }
        out.push_str(">\n");
        for child in &self.children {
            child.write(out, depth + 1);
        }
        out.push_str(&indent);
        out.push_str("</");
        out.push_str(&self.name);
        out.push_str(">\n");
    }
}

fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
}

/// The line and column of byte `offset` in `text` (one scan from the start; the parser uses
/// `Lines`, which moves forward only).
pub fn pos_at(text: &str, offset: usize) -> Pos {
    Lines::new(text).at(offset)
}

/// Positions of increasing offsets in one text, in time linear in the text: each call scans
/// only from the previous offset (a 20 MB bulk request has hundreds of thousands of elements,
/// and rescanning from the start for each made parsing quadratic).
#[derive(Debug)]
struct Lines<'a> {
    text: &'a [u8],
    byte: usize,
    line: usize,
    col: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Lines<'a> {
        Lines {
            text: text.as_bytes(),
            byte: 0,
            line: 1,
            col: 1,
        }
    }

    /// The position of `offset` (clamped to the text). An offset behind the last one starts
    /// again from the beginning (only error positions do that, once).
    fn at(&mut self, offset: usize) -> Pos {
        let offset = offset.min(self.text.len());
        if offset < self.byte {
            *self = Lines {
                text: self.text,
                byte: 0,
                line: 1,
                col: 1,
            };
        }
        for &b in self.text.get(self.byte..offset).unwrap_or_default() {
            if b == b'\n' {
                self.line += 1;
                self.col = 1;
            } else if b & 0xC0 != 0x80 {
                // Not a UTF-8 continuation byte: a new character.
                self.col += 1;
            }
        }
        self.byte = offset;
        Pos {
            line: self.line,
            col: self.col,
            byte: offset,
        }
    }
}

fn offset(reader_pos: u64) -> usize {
    usize::try_from(reader_pos).unwrap_or(usize::MAX)
}

/// How often (in events) a long parse looks at its stop flag.
const STOP_CHECK_EVERY: u32 = 4096;

/// Parses `text` into its root element.
///
/// # Errors
///
/// [`XmlError`] with the position, for anything not well-formed: syntax, mismatched or unclosed
/// tags, bad entities, no root, text or a second element after the root.
pub fn parse(text: &str) -> Result<Element, XmlError> {
    parse_until(text, &AtomicBool::new(false))
}

/// [`parse`], giving up with an error ("stopped") soon after `stop` is set, so a terminal told
/// to stop (SIGTERM) does not finish parsing a 20 MB request first.
///
/// # Errors
///
/// As [`parse`], and when stopped.
pub fn parse_until(text: &str, stop: &AtomicBool) -> Result<Element, XmlError> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(false);
    let mut lines = Lines::new(text);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let err = |at: usize, message: String| XmlError {
        pos: pos_at(text, at),
        message,
        truncated: false,
    };
    let cut = |at: usize, message: String| XmlError {
        truncated: true,
        ..err(at, message)
    };
    let mut events = 0u32;
    loop {
        events = events.wrapping_add(1);
        if events.is_multiple_of(STOP_CHECK_EVERY) && stop.load(Ordering::Relaxed) {
            return Err(err(offset(reader.buffer_position()), STOPPED.to_owned()));
        }
        let start = offset(reader.buffer_position());
        let event = reader.read_event().map_err(|e| {
            let at = offset(reader.error_position());
            match e {
                // Every syntax error of quick-xml is "unclosed …": the text ended inside markup.
                quick_xml::Error::Syntax(_) => cut(at, e.to_string()),
                // `&…` without its `;` before the end of the text.
                quick_xml::Error::IllFormed(IllFormedError::UnclosedReference) => {
                    cut(at, e.to_string())
                }
                _ => err(at, e.to_string()),
            }
        })?;
        match event {
            Event::Start(tag) | Event::Empty(tag) if root.is_some() => {
                let name = String::from_utf8_lossy(tag.name().as_ref()).into_owned();
                return Err(err(
                    start,
                    format!("element <{name}> after the root element"),
                ));
            }
            Event::Start(tag) => {
                let name = String::from_utf8_lossy(tag.name().as_ref()).into_owned();
                stack.push(Element {
                    name,
                    pos: lines.at(start),
                    ..Element::default()
                });
            }
            Event::Empty(tag) => {
                let element = Element {
                    name: String::from_utf8_lossy(tag.name().as_ref()).into_owned(),
                    pos: lines.at(start),
                    ..Element::default()
                };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(element),
                    None => root = Some(element),
                }
            }
            Event::End(_) => {
                let Some(done) = stack.pop() else {
                    return Err(err(start, "end tag without a start tag".into()));
                };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => root = Some(done),
                }
            }
            Event::Text(t) => {
                // Kept as written (no end-of-line normalisation), as before quick-xml 0.38.
                let s = t
                    .decode()
                    .map_err(|e| err(start, format!("bad text: {e}")))?;
                match stack.last_mut() {
                    Some(current) => current.text.push_str(&s),
                    None if s.trim().is_empty() => {}
                    None => {
                        return Err(err(start, "text outside the root element".into()));
                    }
                }
            }
            Event::GeneralRef(r) => {
                let resolved = reference(&r).map_err(|message| {
                    let at_end = offset(reader.buffer_position()) >= text.len();
                    XmlError {
                        truncated: at_end,
                        ..err(start, format!("bad text: {message}"))
                    }
                })?;
                match stack.last_mut() {
                    Some(current) => current.text.push_str(&resolved),
                    None => {
                        return Err(err(start, "text outside the root element".into()));
                    }
                }
            }
            Event::CData(t) => {
                let s = String::from_utf8_lossy(&t).into_owned();
                match stack.last_mut() {
                    Some(current) => current.text.push_str(&s),
                    None => return Err(err(start, "CDATA outside the root element".into())),
                }
            }
            Event::Eof => {
                if let Some(open) = stack.last() {
                    return Err(cut(
                        text.len(),
                        format!(
                            "unexpected end of file: <{}> opened at {} is not closed",
                            open.name, open.pos
                        ),
                    ));
                }
                return root.ok_or_else(|| cut(text.len(), "no root element".into()));
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
        }
    }
}

/// The message of the error a stopped parse returns.
pub const STOPPED: &str = "stopped: the terminal is shutting down";

/// The text of `&name;` or `&#…;`: the five predefined entities and character references;
/// anything else is an error (OQS files declare no entities).
fn reference(r: &quick_xml::events::BytesRef<'_>) -> Result<String, ReferenceError> {
    if r.is_char_ref() {
        return match r.resolve_char_ref() {
            Ok(Some(c)) => Ok(c.to_string()),
            Ok(None) => Err(ReferenceError::BadCharacter),
            Err(e) => Err(e.into()),
        };
    }
    let name = r.decode()?;
    quick_xml::escape::resolve_predefined_entity(&name)
        .map(str::to_owned)
        .ok_or_else(|| ReferenceError::UnknownEntity {
            name: name.into_owned(),
        })
}

/// Why a `&…;` reference has no text; the parser reports it as an [`XmlError`] at the
/// reference (`bad text: …`).
#[derive(Debug, thiserror::Error)]
enum ReferenceError {
    #[error("bad character reference")]
    BadCharacter,
    #[error(transparent)]
    CharacterReference(#[from] quick_xml::Error),
    #[error(transparent)]
    Encoding(#[from] quick_xml::encoding::EncodingError),
    #[error("unrecognized entity `{name}`")]
    UnknownEntity { name: String },
}

/// Drops whitespace-only text of elements that have children (indentation), keeping leaf text
/// exactly as written.
pub fn strip_indentation(element: &mut Element) {
    if !element.children.is_empty() && element.text.trim().is_empty() {
        element.text.clear();
    }
    for child in &mut element.children {
        strip_indentation(child);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_leading_spaces_and_positions() {
        let text = "<?xml version=\"1.0\"?>\n<A>\n  <B>  138057</B>\n  <C/>\n</A>\n";
        let mut root = parse(text).unwrap();
        strip_indentation(&mut root);
        assert_eq!(root.name, "A");
        assert_eq!(root.text, "");
        assert_eq!(root.child_text("B"), Some("  138057"));
        assert_eq!(root.child("C").unwrap().pos.line, 4);
        assert_eq!(root.child("B").unwrap().pos.col, 3);
    }

    #[test]
    fn errors_name_line_and_column() {
        let e = parse("<A>\n  <B>x</C>\n</A>").unwrap_err();
        assert_eq!(e.pos.line, 2, "{e}");
        let e = parse("<A>\n<B>").unwrap_err();
        assert!(e.message.contains("not closed"), "{e}");
        assert!(e.truncated);
        let e = parse("<A/><B/>").unwrap_err();
        assert!(e.message.contains("after the root"), "{e}");
        assert!(!e.truncated);
        assert!(parse("").unwrap_err().truncated);
        let e = parse("<A>&bogus;</A>").unwrap_err();
        assert_eq!(e.pos.line, 1, "{e}");
        assert!(!e.truncated);
    }

    #[test]
    fn a_document_cut_anywhere_is_truncated() {
        let doc = "<?xml version=\"1.0\"?>\n<XmlMsg>\n  <A>x &amp; y</A>\n  <!-- c -->\n  <B/>\n</XmlMsg>\n";
        let complete = doc.trim_end().len();
        for end in 0..complete {
            let Some(part) = doc.get(..end) else { continue };
            let e = parse(part).unwrap_err();
            assert!(e.truncated, "cut at {end}: {e}");
        }
        assert!(parse(doc).is_ok());
    }

    #[test]
    fn positions_are_those_of_a_rescan_and_a_stop_is_honoured() {
        let mut doc = String::from("<?xml version=\"1.0\"?>\n<A>\n");
        for i in 0..5000 {
            doc.push_str(&format!("  <B>試験{i}</B><C/>\n"));
        }
        doc.push_str("</A>\n");
        let root = parse(&doc).unwrap();
        for b in root.children.iter().step_by(997) {
            assert_eq!(b.pos, pos_at(&doc, b.pos.byte));
        }
        assert_eq!(
            root.children.get(2).map(|c| (c.pos.line, c.pos.col)),
            Some((4, 3))
        );
        let stop = AtomicBool::new(true);
        let e = parse_until(&doc, &stop).unwrap_err();
        assert_eq!(e.message, STOPPED);
        assert!(!e.truncated);
    }

    #[test]
    fn references_resolve_and_unknown_entities_fail() {
        let root = parse("<A>a&amp;b&#x41;&#66;&lt;&quot;&apos;&gt;</A>").unwrap();
        assert_eq!(root.text, "a&bAB<\"'>");
        let e = parse("<A>x &bogus; y</A>").unwrap_err();
        assert!(e.message.contains("bogus"), "{e}");
        assert!(parse("<A>x &am").unwrap_err().truncated);
        // Text keeps its line ends as written.
        assert_eq!(parse("<A>a\r\nb</A>").unwrap().text, "a\r\nb");
    }

    #[test]
    fn writes_escaped_and_indented() {
        let e = Element::new("A")
            .with(Element::leaf("B", "a<&>b"))
            .with(Element::new("C"));
        let mut out = String::new();
        e.write(&mut out, 0);
        assert_eq!(out, "<A>\n  <B>a&lt;&amp;&gt;b</B>\n  <C/>\n</A>\n");
        assert_eq!(parse(&out).unwrap().child_text("B"), Some("a<&>b"));
    }
}
