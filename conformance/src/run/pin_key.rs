//! A PIN of the card as a timeline names it ([`PinKey`]: the DF a VERIFY went to and its
//! PIN's FID), in English and in Japanese, and the DF itself ([`Df`]).

use std::fmt;

use mynakit_apdu::files::UserPin;
use mynakit_apdu::Application;
use mynakit_persona::PinName;
use mynakit_protocol::PinRef;
use mynakit_timeline::{pin_name, PinApplication, SetTries};

use super::words::{self, PinNamed};

/// The DF a command was sent in: the MF level after power-on, an application of the card (by
/// the DF name a SELECT used: `docs/card.md`, "Applications"), or another DF name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum Df {
    /// No DF selected since the card was powered (the MF level).
    #[default]
    Mf,
    /// One of the card's applications.
    App(Application),
    /// Another DF name (upper-case hex).
    Other(String),
}

impl Df {
    /// The DF a SELECT by name picks: an exact name, or a prefix of exactly one known name
    /// (the card honours prefixes: `docs/card.md`, "SELECT").
    pub(super) fn by_name(name: &[u8]) -> Df {
        Application::by_df_name(name).map_or_else(|| Df::Other(hex::encode_upper(name)), Df::App)
    }
}

impl fmt::Display for Df {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Df::Mf => f.write_str("MF"),
            Df::App(Application::Jpki) => f.write_str("JPKI"),
            Df::App(app) => f.write_str(app.name()),
            Df::Other(name) => write!(f, "DF {name}"),
        }
    }
}

/// A PIN (key reference) of the card: the DF and the FID a VERIFY went to. `fid` is `None` when
/// the timeline cannot tell (`P2=80` with no EF selected, or a form this reader does not know).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PinKey {
    /// The DF the VERIFY was sent in.
    pub df: Df,
    /// The PIN EF's FID, when the timeline tells it.
    pub fid: Option<u16>,
}

impl PinKey {
    /// The PIN a `pin` ask is for: `auth` is JPKI `0018`, `sign` is JPKI `001B`.
    pub(crate) fn of(pin: PinRef) -> PinKey {
        let (app, fid) = match pin {
            PinRef::Auth => UserPin::Auth.location(),
            PinRef::Sign => UserPin::Sign.location(),
            // 照合番号B is asked for the 券面事項確認AP first (flow `counter-read`).
            PinRef::CollationB => (
                mynakit_apdu::Application::Kenkaku,
                mynakit_apdu::files::kenkaku::COLLATION_B,
            ),
        };
        PinKey {
            df: Df::App(app),
            fid: Some(fid),
        }
    }

    /// The user PIN this reference reaches, when it is one.
    fn user_pin(&self) -> Option<UserPin> {
        match (&self.df, self.fid) {
            (Df::App(app), Some(fid)) => UserPin::at(*app, fid),
            _ => None,
        }
    }

    /// The PIN in Japanese, as the card's issuer names it (利用者証明用電子証明書の暗証番号,
    /// 署名用電子証明書の暗証番号: J-LIS, jpki.go.jp), for the Japanese reasons; the
    /// [`Display`](fmt::Display) form is the English.
    pub(crate) fn ja(&self) -> String {
        words::pin_ja(self.named())
    }

    /// How the timeline can name this PIN.
    fn named(&self) -> PinNamed<'_, Df> {
        match (self.user_pin(), &self.df, self.fid) {
            (Some(UserPin::Auth), _, Some(fid)) => PinNamed::Auth(fid),
            (Some(UserPin::Sign), _, Some(fid)) => PinNamed::Sign(fid),
            (_, df, Some(fid)) => PinNamed::Other(df, fid),
            (_, df, None) => PinNamed::Unnamed(df),
        }
    }

    /// Whether the DF and FID are both known.
    pub(crate) fn resolved(&self) -> bool {
        self.fid.is_some() && self.df != Df::Mf
    }

    /// Whether two references may be the same PIN (an unresolved one may be anything).
    pub(crate) fn may_be(&self, other: &PinKey) -> bool {
        self == other || !self.resolved() || !other.resolved()
    }

    /// The counter's maximum (`docs/card.md`, "PINs"), for the PINs eligibility clients meet.
    pub(crate) fn max_tries(&self) -> Option<u8> {
        self.user_pin().map(pin_name).map(PinName::max_tries)
    }

    /// Data lengths a well-formed value has: 4 digits, or 6–16 characters for the sign password.
    pub(crate) fn valid_lengths(&self) -> Option<(usize, usize)> {
        self.user_pin().map(pin_name).map(PinName::lengths)
    }

    /// Whether this is (or may be) the auth PIN.
    pub(crate) fn may_be_auth(&self) -> bool {
        self.may_be(&PinKey::of(PinRef::Auth))
    }

    /// The PIN a `set-tries` reader event names.
    pub(super) fn set_by(set: &SetTries) -> PinKey {
        let df = match &set.application {
            PinApplication::Known(app) => Df::App(*app),
            PinApplication::Other(name) => Df::Other(name.clone()),
        };
        PinKey {
            df,
            fid: Some(set.file),
        }
    }
}

impl fmt::Display for PinKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        words::pin(f, self.named())
    }
}
