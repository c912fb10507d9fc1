//! HTTP Message Signatures (RFC 9421) as devices use them: the `Signature-Input` and `Signature`
//! headers, the signature base (§2.5) and the `ecdsa-p256-sha256` algorithm (§3.3.4: ECDSA P-256
//! over SHA-256 of the base, the signature being `r || s`, 64 bytes).
//!
//! Shared by the client-side signer (`signer`) and the service's check (`device_auth`), both
//! above this module, so both build the base the same way. Only derived components without
//! parameters and plain header fields are supported; anything else is refused by name.

pub use crate::signatures::structured_fields::BareItem;
use crate::signatures::structured_fields::{
    parse_dictionary, serialize_inner_list, Item, Member, Parameters,
};

/// The only algorithm accepted (RFC 9421 §6.2.2).
pub const ALGORITHM: &str = "ecdsa-p256-sha256";

/// The `Signature-Input` header name.
pub const SIGNATURE_INPUT: &str = "signature-input";

/// The `Signature` header name.
pub const SIGNATURE: &str = "signature";

/// The signature's metadata (RFC 9421 §2.3): covered components and parameters.
///
/// The parameters are kept **in the order they were received** (or set): `@signature-params` in
/// the signature base is the serialisation of exactly what the signer sent (RFC 9421 §2.3,
/// §3.2), and a signer may order them as it likes (`keyid;created;alg` as well as
/// `created;keyid;alg`). Re-serialising a parsed inner list gives back the member text of any
/// well-formed `Signature-Input` (RFC 8941 §4.1 serialisation is canonical).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SignatureParams {
    /// Covered component identifiers, in order (`@method`, `content-digest`, …).
    pub components: Vec<String>,
    /// The parameters (`created`, `keyid`, `alg`, …) with their values, in order.
    pub parameters: Parameters,
}

impl SignatureParams {
    /// Metadata covering `components`, with no parameters yet.
    pub fn new(components: impl IntoIterator<Item = impl Into<String>>) -> SignatureParams {
        SignatureParams {
            components: components.into_iter().map(Into::into).collect(),
            parameters: Parameters::new(),
        }
    }

    /// Appends parameter `key` (or replaces its value, keeping its place).
    #[must_use]
    pub fn with(mut self, key: &str, value: BareItem) -> SignatureParams {
        match self.parameters.iter_mut().find(|(k, _)| k == key) {
            Some(slot) => slot.1 = value,
            None => self.parameters.push((key.to_owned(), value)),
        }
        self
    }

    fn get(&self, key: &str) -> Option<&BareItem> {
        self.parameters
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    fn integer(&self, key: &str) -> Option<i64> {
        match self.get(key)? {
            BareItem::Integer(i) => Some(*i),
            _ => None,
        }
    }

    fn string(&self, key: &str) -> Option<&str> {
        match self.get(key)? {
            BareItem::String(s) => Some(s),
            _ => None,
        }
    }

    /// `created`, Unix seconds.
    pub fn created(&self) -> Option<i64> {
        self.integer("created")
    }

    /// `expires`, Unix seconds.
    pub fn expires(&self) -> Option<i64> {
        self.integer("expires")
    }

    /// `keyid`: the device id.
    pub fn key_id(&self) -> Option<&str> {
        self.string("keyid")
    }

    /// `alg`.
    pub fn alg(&self) -> Option<&str> {
        self.string("alg")
    }

    /// `nonce`.
    pub fn nonce(&self) -> Option<&str> {
        self.string("nonce")
    }

    /// `tag`.
    pub fn tag(&self) -> Option<&str> {
        self.string("tag")
    }

    /// The inner-list serialisation, parameters in their order: the value of `Signature-Input`
    /// and of `@signature-params`.
    pub fn serialize(&self) -> String {
        let items: Vec<Item> = self
            .components
            .iter()
            .map(|c| Item {
                bare: BareItem::String(c.clone()),
                params: Vec::new(),
            })
            .collect();
        serialize_inner_list(&items, &self.parameters)
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
    for (key, value) in &params {
        let ok = match key.as_str() {
            "created" | "expires" => matches!(value, BareItem::Integer(_)),
            "keyid" | "alg" | "nonce" | "tag" => matches!(value, BareItem::String(_)),
            other => {
                return Err(HeaderError::Unsupported(format!(
                    "unknown parameter `{other}`"
                )))
            }
        };
        if !ok {
            let what = if matches!(key.as_str(), "created" | "expires") {
                "an integer"
            } else {
                "a string"
            };
            return Err(malformed(SIGNATURE_INPUT, format!("{key} must be {what}")));
        }
    }
    let out = SignatureParams {
        components,
        parameters: params,
    };
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

/// A covered component (RFC 9421 §2) the message has no value for.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("covered component {name:?} is not in the request")]
pub struct AbsentComponent {
    /// The component's name (`content-digest`, `@authority`, …).
    pub name: String,
}

/// The signature base (RFC 9421 §2.5): one line per component, `"name": value`, then
/// `"@signature-params": …`. `value_of` gives each component's value (or `None` if absent).
///
/// # Errors
///
/// [`AbsentComponent`] naming the first component `value_of` has no value for.
pub fn signature_base(
    params: &SignatureParams,
    mut value_of: impl FnMut(&str) -> Option<String>,
) -> Result<String, AbsentComponent> {
    let mut base = String::new();
    for name in &params.components {
        let value = value_of(name).ok_or_else(|| AbsentComponent { name: name.clone() })?;
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
        let params = SignatureParams::new(["@method", "@authority", "@path", "content-digest"])
            .with("created", BareItem::Integer(1618884473))
            .with("keyid", BareItem::String("test-key-ecc-p256".into()));
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
        assert_eq!(sig.params.key_id(), Some("dev-1"));
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

    #[test]
    fn parameters_keep_the_order_they_were_sent_in() {
        for input in [
            r#"sig1=("@method" "@path");keyid="dev-1";created=1;alg="ecdsa-p256-sha256""#,
            r#"sig1=("@method" "@path");alg="ecdsa-p256-sha256";nonce="n";created=1;keyid="dev-1""#,
            r#"sig1=("@method" "@path");created=1;keyid="dev-1""#,
        ] {
            let sig = parse(input, "sig1=:AA==:").expect("parses");
            assert_eq!(format!("sig1={}", sig.params.serialize()), input);
            assert_eq!(sig.params.created(), Some(1));
            assert_eq!(sig.params.key_id(), Some("dev-1"));
        }
        assert!(matches!(
            parse(r#"sig1=("@method");created="1""#, "sig1=:AA==:"),
            Err(HeaderError::Malformed { .. })
        ));
    }

    /// RFC 9421 Appendix B.2.4 (a response signed with `ecdsa-p256-sha256` by
    /// `test-key-ecc-p256`, Appendix B.1.3): the base this module builds verifies with the RFC's
    /// own signature. (`@status` is a response component the service never accepts in a request;
    /// the base itself does not care.)
    #[test]
    fn the_rfc_9421_b_2_4_signature_verifies_over_this_base() {
        use base64::Engine as _;
        use p256::ecdsa::signature::Verifier as _;
        let b64 = |s: &str| {
            base64::engine::general_purpose::STANDARD
                .decode(s)
                .expect("b64")
        };
        let spki = b64(
            "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEqIVYZVLCrPZHGHjP17CTW0/+D9Lfw0EkjqF7xB4FivAxzic30tMM4GF+hR6Dxh71Z50VGGdldkkDXZCnTNnoXQ==",
        );
        let key =
            p256::ecdsa::VerifyingKey::from_sec1_bytes(&spki[spki.len() - 65..]).expect("key");
        let dict = parse_dictionary(
            r#"sig-b24=("@status" "content-type" "content-digest" "content-length");created=1618884473;keyid="test-key-ecc-p256""#,
        )
        .expect("parses");
        let Member::InnerList(items, parameters) = dict[0].1.clone() else {
            panic!("inner list")
        };
        let params = SignatureParams {
            components: items
                .into_iter()
                .map(|i| match i.bare {
                    BareItem::String(s) => s,
                    other => panic!("{other:?}"),
                })
                .collect(),
            parameters,
        };
        let base = signature_base(&params, |name| {
            Some(
                match name {
                    "@status" => "200",
                    "content-type" => "application/json",
                    "content-digest" => "sha-512=:mEWXIS7MaLRuGgxOBdODa3xqM1XdEvxoYhvlCFJ41QJgJc4GTsPp29l5oGX69wWdXymyU0rjJuahq4l5aGgfLQ==:",
                    "content-length" => "23",
                    _ => return None,
                }
                .to_owned(),
            )
        })
        .expect("base");
        let signature = p256::ecdsa::Signature::from_slice(&b64(
            "wNmSUAhwb5LxtOtOpNa6W5xj067m5hFrj0XQ4fvpaCLx0NKocgPquLgyahnzDnDAUy5eCdlYUEkLIj+32oiasw==",
        ))
        .expect("r||s");
        key.verify(base.as_bytes(), &signature)
            .expect("RFC 9421 B.2.4 verifies");
    }
}
