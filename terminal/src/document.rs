//! A request file's bytes read once: decoded (`encoding`) and parsed into an element tree. The
//! answer reads its request with it, and the timeline's content event (`content`) is taken
//! from the same reading, so no file the terminal handles is parsed twice.

use std::sync::atomic::AtomicBool;

use mynakit_oqs::tree::{self, Element, XmlError};

use crate::encoding::{self, DecodeError, FileEncoding};

/// One file's text, decoded and parsed.
#[derive(Debug)]
pub(crate) struct Document {
    /// The encoding label of the XML declaration, as written.
    pub(crate) declared: Option<String>,
    /// The encoding the text was decoded from.
    pub(crate) encoding: FileEncoding,
    /// The element tree (indentation stripped), or why the text is not well-formed XML.
    pub(crate) root: Result<Element, XmlError>,
}

/// Decodes and parses `bytes`, giving up parsing soon after `stop` is set.
///
/// # Errors
///
/// [`DecodeError`] when the bytes are not text in an encoding the terminal reads; a text that
/// is not XML is not an error here ([`Document::root`] says why).
pub(crate) fn read(bytes: &[u8], stop: &AtomicBool) -> Result<Document, DecodeError> {
    let decoded = encoding::decode_declared(bytes)?;
    #[cfg(test)]
    parses::count();
    let root = tree::parse_until(&decoded.text, stop).map(|mut root| {
        tree::strip_indentation(&mut root);
        root
    });
    Ok(Document {
        declared: decoded.declared,
        encoding: decoded.encoding,
        root,
    })
}

/// How many files this thread parsed: the unit tests prove each file is parsed once.
#[cfg(test)]
pub(crate) mod parses {
    use std::cell::Cell;

    thread_local! {
        static PARSES: Cell<usize> = const { Cell::new(0) };
    }

    pub(crate) fn count() {
        PARSES.with(|p| p.set(p.get() + 1));
    }

    /// The parses on this thread so far.
    pub(crate) fn so_far() -> usize {
        PARSES.with(Cell::get)
    }
}
