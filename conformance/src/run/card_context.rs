//! The card context: the current DF and EF of one reader's card, followed command by command
//! so that a `VERIFY 00 20 00 80` names its PIN.

use mynakit_apdu::{BinaryRef, SelectBy};

use super::pin_key::Df;
use super::Apdu;

/// The current DF and EF of one reader's card, as the commands so far left them.
#[derive(Clone, Debug, Default)]
pub(super) struct CardContext {
    pub(super) df: Df,
    pub(super) ef: Option<u16>,
}

impl CardContext {
    /// Follows one executed command.
    pub(super) fn follow(&mut self, apdu: &Apdu<'_>) {
        if !apdu.ok() {
            return;
        }
        if apdu.is_select() {
            match SelectBy::from_p1(apdu.p1) {
                SelectBy::DfName => {
                    self.df = Df::by_name(&apdu.data);
                    self.ef = None;
                }
                SelectBy::ChildEf if apdu.data.len() == 2 => {
                    self.ef = Some(u16::from_be_bytes([apdu.data[0], apdu.data[1]]));
                }
                _ => {}
            }
        } else if apdu.is_read_binary() {
            if let BinaryRef::Short { sfi, .. } = BinaryRef::from_p1p2(apdu.p1, apdu.p2) {
                self.ef = Some(u16::from(sfi));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use crate::run::{Df, Run};
    use crate::testkit::{select, Tl};
    use mynakit_apdu::Application;

    #[test]
    fn the_card_context_follows_selects_and_resets() {
        let tl = Tl::new()
            .apdu(&select(Application::Kenhojo), "9000")
            .apdu("00A4020C020011", "9000")
            .apdu("00200080", "63C3")
            .reader("reset")
            .apdu("00200080", "6986")
            .apdu("00A4040C03D392F0", "9000")
            .apdu("00A4020C02001B", "6A82")
            .apdu("00200080", "6986");
        let run = Run::new(&tl.events);
        let a: Vec<_> = run.apdus().collect();
        assert_eq!(a[2].pin_key().to_string(), "PIN 0011 of kenhojo");
        assert_eq!(a[3].df, Df::Mf);
        assert_eq!(
            a[5].df,
            Df::App(Application::Jpki),
            "a prefix selects the JPKI AP"
        );
        assert_eq!(a[5].ef, None, "a failed SELECT changes nothing");
        assert!(!a[5].pin_key().resolved());
    }
}
