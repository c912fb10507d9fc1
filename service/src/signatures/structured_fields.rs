//! The subset of Structured Field Values for HTTP (RFC 8941) that HTTP Message Signatures
//! (RFC 9421) and Digest Fields (RFC 9530) use: a dictionary whose members are items or inner
//! lists, with parameters; bare items are integers, strings, tokens, byte sequences and booleans.
//! Decimals are not needed by those headers and are refused.
//!
//! Parsing follows RFC 8941 §4.2 (leading/trailing spaces ignored, members separated by `,` and
//! optional whitespace); serialisation follows §4.1, which is how RFC 9421 §2.3 builds the
//! `@signature-params` line.
//!
//! Why not the `sfv` crate: the service *judges* these headers, so what it accepts is part of
//! its behaviour. `sfv` implements RFC 9651 (the successor of RFC 8941) and accepts what this
//! judge refuses by name: decimals (`created=1.5` must fail as "decimals are not supported", not
//! pass as a number of another type), as well as dates (`@1659578233`) and display strings
//! (`%"…"`), which RFC 9421 parameters never carry. Swapping it in would change the verdict (and
//! the problem text) on exactly such inputs, which `refuses_garbage` below and the service's
//! hardening tests feed, so the hand-written subset stays.

use std::fmt::Write as _;

use base64::Engine as _;

/// A bare item (RFC 8941 §3.3), without decimals.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BareItem {
    /// An integer.
    Integer(i64),
    /// A quoted string.
    String(String),
    /// A token.
    Token(String),
    /// A byte sequence (`:base64:`).
    Bytes(Vec<u8>),
    /// A boolean (`?1` / `?0`).
    Boolean(bool),
}

/// Parameters: ordered key/value pairs.
pub type Parameters = Vec<(String, BareItem)>;

/// An item with its parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// The value.
    pub bare: BareItem,
    /// Its parameters.
    pub params: Parameters,
}

/// A dictionary member's value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Member {
    /// A single item.
    Item(Item),
    /// An inner list with its own parameters.
    InnerList(Vec<Item>, Parameters),
}

/// Why a structured field did not parse.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not a structured-field dictionary: {0} (at byte {1})")]
pub struct SfError(pub &'static str, pub usize);

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn fail<T>(&self, what: &'static str) -> Result<T, SfError> {
        Err(SfError(what, self.i))
    }

    fn skip(&mut self, set: &[u8]) {
        while self.peek().is_some_and(|c| set.contains(&c)) {
            self.i += 1;
        }
    }

    fn expect(&mut self, c: u8, what: &'static str) -> Result<(), SfError> {
        if self.peek() == Some(c) {
            self.i += 1;
            Ok(())
        } else {
            self.fail(what)
        }
    }

    fn key(&mut self) -> Result<String, SfError> {
        let start = self.i;
        match self.peek() {
            Some(c) if c.is_ascii_lowercase() || c == b'*' => self.i += 1,
            _ => return self.fail("expected a key"),
        }
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || b"_-.*".contains(&c))
        {
            self.i += 1;
        }
        Ok(String::from_utf8_lossy(&self.s[start..self.i]).into_owned())
    }

    fn bare_item(&mut self) -> Result<BareItem, SfError> {
        match self.peek() {
            Some(b'"') => self.string(),
            Some(b':') => self.bytes(),
            Some(b'?') => {
                self.i += 1;
                let value = match self.peek() {
                    Some(b'1') => true,
                    Some(b'0') => false,
                    _ => return self.fail("expected ?0 or ?1"),
                };
                self.i += 1;
                Ok(BareItem::Boolean(value))
            }
            Some(c) if c == b'-' || c.is_ascii_digit() => self.integer(),
            Some(c) if c.is_ascii_alphabetic() || c == b'*' => {
                let start = self.i;
                self.i += 1;
                while self
                    .peek()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || b":/!#$%&'*+-.^_`|~".contains(&c))
                {
                    self.i += 1;
                }
                Ok(BareItem::Token(
                    String::from_utf8_lossy(&self.s[start..self.i]).into_owned(),
                ))
            }
            _ => self.fail("expected an item"),
        }
    }

    fn integer(&mut self) -> Result<BareItem, SfError> {
        let start = self.i;
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        let digits = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        if self.i == digits || self.i - digits > 15 {
            return self.fail("expected an integer of 1-15 digits");
        }
        if self.peek() == Some(b'.') {
            return self.fail("decimals are not supported");
        }
        let text = std::str::from_utf8(&self.s[start..self.i]).unwrap_or("x");
        text.parse()
            .map(BareItem::Integer)
            .or_else(|_| self.fail("bad integer"))
    }

    fn string(&mut self) -> Result<BareItem, SfError> {
        self.i += 1;
        let mut out = String::new();
        loop {
            match self.peek() {
                None => return self.fail("unterminated string"),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(BareItem::String(out));
                }
                Some(b'\\') => {
                    self.i += 1;
                    match self.peek() {
                        Some(c @ (b'"' | b'\\')) => out.push(char::from(c)),
                        _ => return self.fail("bad escape in string"),
                    }
                    self.i += 1;
                }
                Some(c) if (0x20..0x7f).contains(&c) => {
                    out.push(char::from(c));
                    self.i += 1;
                }
                Some(_) => return self.fail("non-printable character in string"),
            }
        }
    }

    fn bytes(&mut self) -> Result<BareItem, SfError> {
        self.i += 1;
        let start = self.i;
        while self.peek().is_some_and(|c| c != b':') {
            self.i += 1;
        }
        let text = &self.s[start..self.i];
        self.expect(b':', "unterminated byte sequence")?;
        base64::engine::general_purpose::STANDARD
            .decode(text)
            .map(BareItem::Bytes)
            .or_else(|_| self.fail("bad base64 in byte sequence"))
    }

    fn params(&mut self) -> Result<Parameters, SfError> {
        let mut params = Parameters::new();
        while self.peek() == Some(b';') {
            self.i += 1;
            self.skip(b" ");
            let key = self.key()?;
            let value = if self.peek() == Some(b'=') {
                self.i += 1;
                self.bare_item()?
            } else {
                BareItem::Boolean(true)
            };
            // RFC 8941 §4.2.3.2: a repeated key overwrites the value in its first place.
            match params.iter_mut().find(|(k, _)| *k == key) {
                Some(slot) => slot.1 = value,
                None => params.push((key, value)),
            }
        }
        Ok(params)
    }

    fn item(&mut self) -> Result<Item, SfError> {
        Ok(Item {
            bare: self.bare_item()?,
            params: self.params()?,
        })
    }

    fn member(&mut self) -> Result<Member, SfError> {
        if self.peek() != Some(b'(') {
            return Ok(Member::Item(self.item()?));
        }
        self.i += 1;
        let mut items = Vec::new();
        loop {
            self.skip(b" ");
            if self.peek() == Some(b')') {
                self.i += 1;
                return Ok(Member::InnerList(items, self.params()?));
            }
            items.push(self.item()?);
            if !matches!(self.peek(), Some(b' ' | b')')) {
                return self.fail("expected a space or ) in an inner list");
            }
        }
    }
}

/// Parses a dictionary (RFC 8941 §4.2.2); a repeated key keeps its last value, in its first place.
///
/// # Errors
///
/// [`SfError`] naming what was expected and where.
pub fn parse_dictionary(text: &str) -> Result<Vec<(String, Member)>, SfError> {
    let mut p = Parser {
        s: text.as_bytes(),
        i: 0,
    };
    let mut out: Vec<(String, Member)> = Vec::new();
    p.skip(b" ");
    while p.peek().is_some() {
        let key = p.key()?;
        let member = if p.peek() == Some(b'=') {
            p.i += 1;
            p.member()?
        } else {
            Member::Item(Item {
                bare: BareItem::Boolean(true),
                params: p.params()?,
            })
        };
        match out.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = member,
            None => out.push((key, member)),
        }
        p.skip(b" \t");
        if p.peek().is_none() {
            break;
        }
        p.expect(b',', "expected , between members")?;
        p.skip(b" \t");
        if p.peek().is_none() {
            return p.fail("trailing comma");
        }
    }
    Ok(out)
}

/// Serialises a bare item (RFC 8941 §4.1.3).
pub fn serialize_bare(item: &BareItem, out: &mut String) {
    match item {
        BareItem::Integer(i) => {
            let _ = write!(out, "{i}");
        }
        BareItem::String(s) => {
            out.push('"');
            for c in s.chars() {
                if c == '"' || c == '\\' {
                    out.push('\\');
                }
                out.push(c);
            }
            out.push('"');
        }
        BareItem::Token(t) => out.push_str(t),
        BareItem::Bytes(b) => {
            out.push(':');
            out.push_str(&base64::engine::general_purpose::STANDARD.encode(b));
            out.push(':');
        }
        BareItem::Boolean(b) => out.push_str(if *b { "?1" } else { "?0" }),
    }
}

/// Serialises parameters (RFC 8941 §4.1.1.2).
pub fn serialize_params(params: &Parameters, out: &mut String) {
    for (key, value) in params {
        out.push(';');
        out.push_str(key);
        if *value != BareItem::Boolean(true) {
            out.push('=');
            serialize_bare(value, out);
        }
    }
}

/// Serialises an inner list with its parameters (RFC 8941 §4.1.1.1).
pub fn serialize_inner_list(items: &[Item], params: &Parameters) -> String {
    let mut out = String::from("(");
    for (n, item) in items.iter().enumerate() {
        if n > 0 {
            out.push(' ');
        }
        serialize_bare(&item.bare, &mut out);
        serialize_params(&item.params, &mut out);
    }
    out.push(')');
    serialize_params(params, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_rfc_9421_example_and_serialises_it_back() {
        let text = r#"sig1=("@method" "@authority" "@path" "content-digest");created=1618884473;keyid="test-key-ecc-p256""#;
        let dict = parse_dictionary(text).expect("parses");
        assert_eq!(dict.len(), 1);
        let Member::InnerList(items, params) = &dict[0].1 else {
            panic!("inner list")
        };
        assert_eq!(items.len(), 4);
        assert_eq!(
            params[0],
            ("created".to_owned(), BareItem::Integer(1618884473))
        );
        assert_eq!(
            format!("sig1={}", serialize_inner_list(items, params)),
            text
        );
    }

    #[test]
    fn parses_byte_sequences_and_multiple_members() {
        let dict = parse_dictionary("sha-256=:AAEC:, sha-512=:AAA=:").expect("parses");
        assert_eq!(dict[0].0, "sha-256");
        assert_eq!(
            dict[0].1,
            Member::Item(Item {
                bare: BareItem::Bytes(vec![0, 1, 2]),
                params: vec![]
            })
        );
        assert_eq!(dict[1].0, "sha-512");
    }

    #[test]
    fn refuses_garbage() {
        for bad in [
            "sig1=(", "SIG=1", "a=1,", "a=\"x", "a=:!!:", "a=1.5", "a=(1 2",
        ] {
            assert!(parse_dictionary(bad).is_err(), "{bad}");
        }
    }
}
