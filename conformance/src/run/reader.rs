//! Reader events as the checks read them: what a `set-tries` event's detail sets.

use mynakit_timeline::SetTries;

use super::pin_key::PinKey;

/// The PIN and the tries a `set-tries` reader event's detail sets
/// (`mynakit_timeline::SetTries`).
pub(crate) fn set_tries(detail: &str) -> Option<(PinKey, u8)> {
    SetTries::from_detail(detail).map(|set| (PinKey::set_by(&set), set.tries))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use mynakit_protocol::PinRef;

    #[test]
    fn set_tries_details_name_the_pin() {
        assert_eq!(
            set_tries("jpki 0018 0"),
            Some((PinKey::of(PinRef::Auth), 0))
        );
        assert_eq!(set_tries("jpki"), None);
    }
}
