//! The detail of a `set-tries` reader event: which PIN counter a scenario or the control API set,
//! and to what (`docs/timeline.md`, `docs/reader.md`).

use std::fmt;

use mynakit_apdu::Application;

/// The application (DF) a PIN of a `set-tries` event lives in, by its short name
/// ([`Application::name`]); a name this version does not know is kept as written.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PinApplication {
    /// One of the card's applications.
    Known(Application),
    /// A short name this version does not know, as written.
    Other(String),
}

impl PinApplication {
    /// The short name as written (`jpki`).
    pub fn as_str(&self) -> &str {
        match self {
            PinApplication::Known(app) => app.name(),
            PinApplication::Other(name) => name,
        }
    }
}

/// A PIN counter set to `tries` tries left: the detail of a
/// [`ReaderAction::SetTries`](crate::ReaderAction::SetTries) event, written
/// `<application> <FID as 4 hex digits> <tries>` (`jpki 0018 0`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SetTries {
    /// The application the PIN lives in.
    pub application: PinApplication,
    /// The PIN EF's FID.
    pub file: u16,
    /// The tries left it was set to.
    pub tries: u8,
}

impl SetTries {
    /// The PIN `file` of `application`, set to `tries`.
    pub fn new(application: Application, file: u16, tries: u8) -> SetTries {
        SetTries {
            application: PinApplication::Known(application),
            file,
            tries,
        }
    }

    /// The counter a `set-tries` event's detail names; `None` for a detail without a name, a
    /// hex FID and a number of tries (the event keeps its detail as written either way). Read
    /// leniently, as conformance always did: words split on whitespace, later words ignored.
    pub fn from_detail(detail: &str) -> Option<SetTries> {
        let mut words = detail.split_whitespace();
        let name = words.next()?;
        let application = Application::by_name(name).map_or_else(
            || PinApplication::Other(name.to_owned()),
            PinApplication::Known,
        );
        let file = u16::from_str_radix(words.next()?, 16).ok()?;
        let tries = words.next()?.parse().ok()?;
        Some(SetTries {
            application,
            file,
            tries,
        })
    }
}

impl fmt::Display for SetTries {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {:04X} {}",
            self.application.as_str(),
            self.file,
            self.tries
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_read_and_write_back() {
        let set = SetTries::from_detail("jpki 0018 0").expect("a counter");
        assert_eq!(set, SetTries::new(Application::Jpki, 0x18, 0));
        assert_eq!(set.to_string(), "jpki 0018 0");
        assert_eq!(
            SetTries::from_detail("newapp 0011 3").map(|s| s.application),
            Some(PinApplication::Other("newapp".into()))
        );
        for odd in ["", "jpki", "jpki 0018", "jpki 00G8 0", "jpki 0018 256"] {
            assert_eq!(SetTries::from_detail(odd), None, "{odd:?}");
        }
        assert_eq!(
            SetTries::from_detail(" jpki  18 0 later"),
            Some(SetTries::new(Application::Jpki, 0x18, 0))
        );
    }
}
