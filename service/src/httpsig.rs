//! HTTP Message Signatures (RFC 9421) as devices use them: the `Signature-Input` and `Signature`
//! headers, the signature base (§2.5) and the `ecdsa-p256-sha256` algorithm (§3.3.4: ECDSA P-256
//! over SHA-256 of the base, the signature being `r || s`, 64 bytes).
//!
//! Shared by the client-side [`crate::signer`] and the service's check in
//! [`crate::device_auth`], so both build the base the same way. Only derived components without
//! parameters and plain header fields are supported; anything else is refused by name.

use crate::structured_fields::{
    parse_dictionary, serialize_inner_list, BareItem, Item, Member, Parameters,
};

/// The only algorithm accepted (RFC 9421 §6.2.2).
pub const ALGORITHM: &str = "ecdsa-p256-sha256";

/// The `Signature-Input` header name.
pub const SIGNATURE_INPUT: &str = "signature-input";

/// The `Signature` header name.
pub const SIGNATURE: &str = "signature";

/// The signature's metadata (RFC 9421 §2.3): covered components and parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureParams {
    /// Covered component identifiers, in order (`@method`, `content-digest`, …).
    pub components: Vec<String>,
    /// `created`, Unix seconds.
    pub created: Option<i64>,
    /// `expires`, Unix seconds.
    pub expires: Option<i64>,
    /// `keyid`: the device id.
    pub key_id: Option<String>,
    /// `alg`.
    pub alg: Option<String>,
    /// `nonce`.
    pub nonce: Option<String>,
    /// `tag`.
    pub tag: Option<String>,
}

impl SignatureParams {
    /// The inner-list serialisation: the value of `Signature-Input` and of `@signature-params`.
    pub fn serialize(&self) -> String {
        let items: Vec<Item> = self
            .components
            .iter()
            .map(|c| Item {
                bare: BareItem::String(c.clone()),
                params: Vec::new(),
            })
            .collect();
        let mut params = Parameters::new();
        let mut push = |key: &str, value: BareItem| params.push((key.to_owned(), value));
        if let Some(v) = self.created {
            push("created", BareItem::Integer(v));
        }
        if let Some(v) = self.expires {
            push("expires", BareItem::Integer(v));
        }
        if let Some(v) = &self.key_id {
            push("keyid", BareItem::String(v.clone()));
        }
        if let Some(v) = &self.alg {
            push("alg", BareItem::String(v.clone()));
        }
        if let Some(v) = &self.nonce {
            push("nonce", BareItem::String(v.clone()));
        }
        if let Some(v) = &self.tag {
            push("tag", BareItem::String(v.clone()));
        }
        serialize_inner_list(&items, &params)
    }

    /// Whether `component` is covered.
    pub fn covers(&self, component: &str) -> bool {
        self.components.iter().any(|c| c == component)
    }
}

/// Why the signature headers could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum HeaderError {
    /// Not a structured-field dictionary.
    #[error("{header}: {detail}")]
    Malformed {
        /// The header.
        header: &'static str,
        /// What is wrong.
        detail: String,
    },
    /// A component or parameter outside what the service supports.
    #[error("signature-input: {0}")]
    Unsupported(String),
    /// `Signature` has no member with the label of `Signature-Input`.
    #[error("signature: no signature labelled `{0}`")]
    NoSignature(String),
}

fn malformed(header: &'static str, detail: impl Into<String>) -> HeaderError {
    HeaderError::Malformed {
        header,
        detail: detail.into(),
    }
}

fn integer(v: &BareItem, key: &str) -> Result<i64, HeaderError> {
    match v {
        BareItem::Integer(i) => Ok(*i),
        _ => Err(malformed(
            SIGNATURE_INPUT,
            format!("{key} must be an integer"),
        )),
    }
}

fn string(v: &BareItem, key: &str) -> Result<String, HeaderError> {
    match v {
        BareItem::String(s) => Ok(s.clone()),
        _ => Err(malformed(
            SIGNATURE_INPUT,
            format!("{key} must be a string"),
        )),
    }
}

/// One signature read from the headers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceivedSignature {
    /// Its label (`sig1`).
    pub label: String,
    /// Its metadata.
    pub params: SignatureParams,
    /// The signature bytes.
    pub signature: Vec<u8>,
}

/// Reads the first signature of `Signature-Input` and its bytes from `Signature`.
///
/// # Errors
///
/// [`HeaderError`].
pub fn parse(signature_input: &str, signature: &str) -> Result<ReceivedSignature, HeaderError> {
    let inputs =
        parse_dictionary(signature_input).map_err(|e| malformed(SIGNATURE_INPUT, e.to_string()))?;
    let Some((label, member)) = inputs.into_iter().next() else {
        return Err(malformed(SIGNATURE_INPUT, "empty"));
    };
    let Member::InnerList(items, params) = member else {
        return Err(malformed(
            SIGNATURE_INPUT,
            "a signature's value must be an inner list",
        ));
    };
    let mut components = Vec::new();
    for item in items {
        let BareItem::String(name) = item.bare else {
            return Err(malformed(
                SIGNATURE_INPUT,
                "component identifiers are strings",
            ));
        };
        if !item.params.is_empty() {
            return Err(HeaderError::Unsupported(format!(
                "component parameters (on \"{name}\") are not supported"
            )));
        }
        if name.starts_with('@') && !DERIVED.contains(&name.as_str()) {
            return Err(HeaderError::Unsupported(format!(
                "derived component \"{name}\" is not supported"
            )));
        }
        if name.bytes().any(|b| b.is_ascii_uppercase()) {
            return Err(malformed(SIGNATURE_INPUT, "component names are lower-case"));
        }
        components.push(name);
    }
    let mut out = SignatureParams {
        components,
        created: None,
        expires: None,
        key_id: None,
        alg: None,
        nonce: None,
        tag: None,
    };
    for (key, value) in &params {
        match key.as_str() {
            "created" => out.created = Some(integer(value, key)?),
            "expires" => out.expires = Some(integer(value, key)?),
            "keyid" => out.key_id = Some(string(value, key)?),
            "alg" => out.alg = Some(string(value, key)?),
            "nonce" => out.nonce = Some(string(value, key)?),
            "tag" => out.tag = Some(string(value, key)?),
            other => {
                return Err(HeaderError::Unsupported(format!(
                    "unknown parameter `{other}`"
                )))
            }
        }
    }
    let signatures =
        parse_dictionary(signature).map_err(|e| malformed(SIGNATURE, e.to_string()))?;
    let bytes = signatures
        .into_iter()
        .find(|(k, _)| *k == label)
        .ok_or_else(|| HeaderError::NoSignature(label.clone()))?;
    let Member::Item(Item {
        bare: BareItem::Bytes(bytes),
        ..
    }) = bytes.1
    else {
        return Err(malformed(SIGNATURE, "a signature is a byte sequence"));
    };
    Ok(ReceivedSignature {
        label,
        params: out,
        signature: bytes,
    })
}

/// The derived components supported (RFC 9421 §2.2).
pub const DERIVED: &[&str] = &[
    "@method",
    "@target-uri",
    "@authority",
    "@scheme",
    "@request-target",
    "@path",
    "@query",
];

/// The signature base (RFC 9421 §2.5): one line per component, `"name": value`, then
/// `"@signature-params": …`. `value_of` gives each component's value (or `None` if absent).
///
/// # Errors
///
/// The name of the first component `value_of` has no value for.
pub fn signature_base(
    params: &SignatureParams,
    mut value_of: impl FnMut(&str) -> Option<String>,
) -> Result<String, String> {
    let mut base = String::new();
    for name in &params.components {
        let value = value_of(name).ok_or_else(|| name.clone())?;
        base.push('"');
        base.push_str(name);
        base.push_str("\": ");
        base.push_str(&value);
        base.push('\n');
    }
    base.push_str("\"@signature-params\": ");
    base.push_str(&params.serialize());
    Ok(base)
}

/// The values of the derived components of a request (RFC 9421 §2.2): `scheme` and
/// `authority` as the server knows them, `path_and_query` as sent.
#[derive(Clone, Debug)]
pub struct RequestTarget<'a> {
    /// `GET`, `POST`, …
    pub method: &'a str,
    /// `https` or `http`.
    pub scheme: &'a str,
    /// `host[:port]`, if known.
    pub authority: Option<&'a str>,
    /// The path.
    pub path: &'a str,
    /// The query without `?`, if any.
    pub query: Option<&'a str>,
}

impl RequestTarget<'_> {
    /// The value of derived component `name`, if it has one.
    pub fn derived(&self, name: &str) -> Option<String> {
        let path = if self.path.is_empty() { "/" } else { self.path };
        let query = self.query.map(|q| format!("?{q}"));
        Some(match name {
            "@method" => self.method.to_ascii_uppercase(),
            "@scheme" => self.scheme.to_ascii_lowercase(),
            "@authority" => self.authority?.to_ascii_lowercase(),
            "@path" => path.to_owned(),
            "@query" => query.unwrap_or_else(|| "?".to_owned()),
            "@request-target" => format!("{path}{}", query.unwrap_or_default()),
            "@target-uri" => format!(
                "{}://{}{path}{}",
                self.scheme.to_ascii_lowercase(),
                self.authority?.to_ascii_lowercase(),
                query.unwrap_or_default()
            ),
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_base_follows_rfc_9421_section_2_5() {
        let params = SignatureParams {
            components: vec![
                "@method".into(),
                "@authority".into(),
                "@path".into(),
                "content-digest".into(),
            ],
            created: Some(1618884473),
            expires: None,
            key_id: Some("test-key-ecc-p256".into()),
            alg: None,
            nonce: None,
            tag: None,
        };
        let target = RequestTarget {
            method: "post",
            scheme: "https",
            authority: Some("Example.com"),
            path: "/foo",
            query: Some("param=Value&Pet=dog"),
        };
        let base = signature_base(&params, |name| match name {
            "content-digest" => Some("sha-512=:x:".to_owned()),
            other => target.derived(other),
        })
        .expect("base");
        assert_eq!(
            base,
            "\"@method\": POST\n\"@authority\": example.com\n\"@path\": /foo\n\
             \"content-digest\": sha-512=:x:\n\"@signature-params\": (\"@method\" \
             \"@authority\" \"@path\" \"content-digest\");created=1618884473;\
             keyid=\"test-key-ecc-p256\""
        );
        assert_eq!(
            target.derived("@target-uri").as_deref(),
            Some("https://example.com/foo?param=Value&Pet=dog")
        );
        assert_eq!(
            target.derived("@query").as_deref(),
            Some("?param=Value&Pet=dog")
        );
    }

    #[test]
    fn headers_parse_and_unsupported_parts_are_named() {
        let sig = parse(
            r#"sig1=("@method" "@path");created=1;keyid="dev-1";alg="ecdsa-p256-sha256""#,
            "sig1=:AAEC:",
        )
        .expect("parses");
        assert_eq!(sig.params.key_id.as_deref(), Some("dev-1"));
        assert_eq!(sig.signature, vec![0, 1, 2]);
        assert!(matches!(
            parse(r#"sig1=("@status");created=1"#, "sig1=:AA==:"),
            Err(HeaderError::Unsupported(_))
        ));
        assert!(matches!(
            parse(r#"sig1=("@method");created=1"#, "sig2=:AA==:"),
            Err(HeaderError::NoSignature(_))
        ));
    }
}
