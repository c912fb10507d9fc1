//! The volatile security state: where the card is, and which PINs are verified.
//!
//! Verified PINs are held per DF: re-selecting the same DF keeps them, selecting another DF (or
//! the GlobalPlatform ISD) or powering off clears them, and selecting an EF never does
//! (myna-card README citing JICSAP 5.1.3; every client VERIFYs with the PIN EF selected and
//! signs after selecting the key EF). A warm reset returns the card to MF level, where nothing is
//! verified, but does not clear the DF's PINs: selecting that DF again finds them (the same
//! myna-card README; jpki-card.md §1 and §6.2). See `docs/card.md`, "Security state".

/// Where the card is: MF level (power-on state) or inside an application's DF.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Location {
    /// MF level; `ef` is `Some` once the opaque MF EF `001E` was selected.
    Mf {
        /// Whether the MF-level EF is current.
        ef: Option<()>,
    },
    /// Inside the DF of application `app` (an index into the card's applications).
    Df {
        /// The application index.
        app: usize,
        /// The current EF's index in that application, if any.
        ef: Option<usize>,
    },
}

/// The current location and the PINs verified in the last DF entered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SecurityState {
    location: Location,
    /// The DF the verified PINs belong to: the current DF, or after a warm reset the DF that was
    /// current before it.
    session_df: Option<usize>,
    verified: Vec<u16>,
}

impl Default for SecurityState {
    fn default() -> Self {
        SecurityState {
            location: Location::Mf { ef: None },
            session_df: None,
            verified: Vec::new(),
        }
    }
}

impl SecurityState {
    /// Where the card is.
    pub(crate) fn location(&self) -> Location {
        self.location
    }

    /// The PINs (by FID) verified in the current DF; none at MF level.
    pub(crate) fn verified(&self) -> &[u16] {
        match self.location {
            Location::Df { app, .. } if self.session_df == Some(app) => &self.verified,
            _ => &[],
        }
    }

    /// Whether PIN `fid` of application `app` is verified and in force (its DF is current).
    pub(crate) fn is_verified(&self, app: usize, fid: u16) -> bool {
        matches!(self.location, Location::Df { app: a, .. } if a == app)
            && self.session_df == Some(app)
            && self.verified.contains(&fid)
    }

    /// Selecting a DF: another DF clears the verified PINs; the DF they belong to keeps them
    /// (even across a warm reset) unless `reselect_clears`. Either way no EF is current afterwards.
    pub(crate) fn enter_df(&mut self, app: usize, reselect_clears: bool) {
        if self.session_df != Some(app) || reselect_clears {
            self.verified.clear();
        }
        self.session_df = Some(app);
        self.location = Location::Df { app, ef: None };
    }

    /// Makes EF `index` of the current DF current. Never touches verified PINs.
    pub(crate) fn set_ef(&mut self, index: usize) {
        if let Location::Df { app, .. } = self.location {
            self.location = Location::Df {
                app,
                ef: Some(index),
            };
        }
    }

    /// Makes the MF-level opaque EF current.
    pub(crate) fn set_mf_ef(&mut self) {
        self.location = Location::Mf { ef: Some(()) };
    }

    /// Records a successful VERIFY of `fid` in the current DF.
    pub(crate) fn mark_verified(&mut self, fid: u16) {
        if !self.verified.contains(&fid) {
            self.verified.push(fid);
        }
    }

    /// A failed VERIFY withdraws an earlier success of the same PIN (ISO 7816-4 §7.5.6).
    pub(crate) fn clear_verified(&mut self, fid: u16) {
        self.verified.retain(|f| *f != fid);
    }

    /// A warm reset: back to MF level with no current EF, as at power-on (jpki-card.md §1,
    /// §5.1: `00 A4 00 00` answers `6A86` there). The verified PINs stay bound to their DF.
    pub(crate) fn warm_reset(&mut self) {
        self.location = Location::Mf { ef: None };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verified_pins_are_per_df() {
        let mut s = SecurityState::default();
        s.enter_df(0, false);
        s.mark_verified(0x18);
        s.set_ef(3);
        assert!(s.is_verified(0, 0x18));
        s.enter_df(0, false);
        assert!(s.is_verified(0, 0x18), "same-DF reselect keeps it");
        s.enter_df(1, false);
        assert!(!s.is_verified(0, 0x18));
        s.enter_df(0, false);
        assert!(!s.is_verified(0, 0x18), "another DF cleared it");
    }

    #[test]
    fn reselect_switch() {
        let mut s = SecurityState::default();
        s.enter_df(0, true);
        s.mark_verified(0x18);
        s.enter_df(0, true);
        assert!(!s.is_verified(0, 0x18));
    }

    #[test]
    fn a_warm_reset_returns_to_mf_and_the_same_df_finds_its_pins() {
        let mut s = SecurityState::default();
        s.enter_df(0, false);
        s.mark_verified(0x18);
        s.set_ef(3);
        s.warm_reset();
        assert_eq!(s.location(), Location::Mf { ef: None });
        assert!(!s.is_verified(0, 0x18), "nothing is in force at MF level");
        assert!(s.verified().is_empty());
        s.enter_df(0, false);
        assert!(s.is_verified(0, 0x18), "re-selecting the DF finds them");
        s.warm_reset();
        s.enter_df(1, false);
        s.enter_df(0, false);
        assert!(
            !s.is_verified(0, 0x18),
            "another DF after the reset clears them"
        );
    }
}
