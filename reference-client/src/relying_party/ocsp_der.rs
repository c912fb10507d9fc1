//! The pieces of OCSP DER the server reads and writes beyond what OpenSSL's safe API gives
//! (RFC 6960 §4.1.1, §4.2.1, §4.4.1; RFC 8954): the nonce extension of its request and the one
//! the answer echoes, and, for deliberate defects only, the first SingleResponse's status and
//! the signed part of a BasicOCSPResponse.

/// `id-pkix-ocsp-nonce` (1.3.6.1.5.5.7.48.1.2), DER content of the OID.
const NONCE_OID: &[u8] = &[0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x02];

/// One DER element: its tag (one byte: every tag OCSP uses fits), content, and what follows.
struct Element<'a> {
    tag: u8,
    content: &'a [u8],
    whole: &'a [u8],
    rest: &'a [u8],
}

/// The first element of `input`; `None` for what is no DER element.
fn element(input: &[u8]) -> Option<Element<'_>> {
    let (&tag, after) = input.split_first()?;
    let (&first, after) = after.split_first()?;
    let (len, after) = if first < 0x80 {
        (usize::from(first), after)
    } else {
        let n = usize::from(first & 0x7F);
        if n == 0 || n > 4 || after.len() < n {
            return None;
        }
        let len = after[..n]
            .iter()
            .fold(0usize, |len, b| len << 8 | usize::from(*b));
        (len, &after[n..])
    };
    if after.len() < len {
        return None;
    }
    let header = input.len() - after.len();
    Some(Element {
        tag,
        content: &after[..len],
        whole: &input[..header + len],
        rest: &after[len..],
    })
}

/// The elements of a constructed element's `content`, in order.
fn children(mut content: &[u8]) -> Vec<Element<'_>> {
    let mut all = Vec::new();
    while let Some(e) = element(content) {
        content = e.rest;
        all.push(e);
    }
    all
}

/// A DER element of `tag` around `content`.
fn wrap(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

/// The nonce extension carrying `nonce`: its extnValue is the DER OCTET STRING of the nonce
/// (RFC 8954 §2.1).
fn nonce_extension(nonce: &[u8]) -> Vec<u8> {
    let oid = wrap(0x06, NONCE_OID);
    let value = wrap(0x04, &wrap(0x04, nonce));
    wrap(0x30, &[oid, value].concat())
}

/// The OCSPRequest `request` (DER, as OpenSSL wrote it: no extensions, unsigned) with the
/// nonce extension of `nonce` in its `requestExtensions` (RFC 6960 §4.1.1, `[2] EXPLICIT`);
/// `None` for a request that does not read.
pub(super) fn with_nonce(request: &[u8], nonce: &[u8]) -> Option<Vec<u8>> {
    let outer = element(request)?;
    let tbs = element(outer.content)?;
    if outer.tag != 0x30 || tbs.tag != 0x30 {
        return None;
    }
    let extensions = wrap(0xA2, &wrap(0x30, &nonce_extension(nonce)));
    let tbs = wrap(0x30, &[tbs.content, &extensions].concat());
    Some(wrap(0x30, &tbs))
}

/// What a BasicOCSPResponse holds that the server reads itself.
pub(super) struct Basic<'a> {
    /// `tbsResponseData`, whole: what the signature is over.
    pub(super) tbs: &'a [u8],
    /// The signature's bits (the BIT STRING without its unused-bits byte).
    pub(super) signature: &'a [u8],
    /// The certStatus tag of the first SingleResponse: `0x80` good, `0xA1` revoked, `0x82`
    /// unknown.
    pub(super) first_status: Option<u8>,
    /// The nonce the answer echoes (the content of its extnValue's OCTET STRING).
    pub(super) nonce: Option<&'a [u8]>,
}

/// The BasicOCSPResponse of the OCSPResponse `response` (DER); `None` for one that does not
/// read or has no answer.
pub(super) fn basic(response: &[u8]) -> Option<Basic<'_>> {
    let outer = element(response)?;
    let parts = children(outer.content);
    let bytes = parts.iter().find(|e| e.tag == 0xA0)?;
    let bytes = element(bytes.content)?;
    let octets = children(bytes.content)
        .into_iter()
        .find(|e| e.tag == 0x04)?;
    let basic = element(octets.content)?;
    let basic = children(basic.content);
    let (tbs, signature) = (basic.first()?, basic.get(2)?);
    let signature = signature.content.get(1..)?;
    let fields = children(tbs.content);
    // responses, the one SEQUENCE; the extensions `[1]` after it (a responderID byName is a
    // `[1]` too, before it).
    let responses = fields.iter().position(|e| e.tag == 0x30)?;
    let first_status = children(fields[responses].content)
        .into_iter()
        .next()
        .and_then(|single| children(single.content).get(1).map(|s| s.tag));
    let nonce = fields[responses + 1..]
        .iter()
        .find(|e| e.tag == 0xA1)
        .and_then(|ext| element(ext.content))
        .and_then(|list| {
            children(list.content).into_iter().find_map(|extension| {
                let parts = children(extension.content);
                let oid = parts.first()?;
                (oid.tag == 0x06 && oid.content == NONCE_OID).then_some(())?;
                let value = parts.last()?;
                let inner = element(value.content)?;
                Some(if inner.tag == 0x04 {
                    inner.content
                } else {
                    value.content
                })
            })
        });
    Some(Basic {
        tbs: tbs.whole,
        signature,
        first_status,
        nonce,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_gets_its_nonce_and_lengths_past_127_are_written_long() {
        // SEQUENCE { SEQUENCE { SEQUENCE {} } }: a tbsRequest with an empty requestList.
        let request = [0x30, 0x04, 0x30, 0x02, 0x30, 0x00];
        let with = with_nonce(&request, &[7; 32]).unwrap();
        let outer = element(&with).unwrap();
        let tbs = element(outer.content).unwrap();
        let parts = children(tbs.content);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[1].tag, 0xA2);
        assert!(with.windows(32).any(|w| w == [7; 32]));
        assert_eq!(&wrap(0x04, &[0; 200])[..3], &[0x04, 0x81, 200]);
        assert!(with_nonce(&[0x02, 0x01, 0x00], &[1]).is_none());
        assert!(basic(&[0x30, 0x03, 0x0A, 0x01, 0x01]).is_none());
    }
}
