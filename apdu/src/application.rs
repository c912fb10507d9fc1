//! The card's applications (DFs) and their AIDs: the one place the AID bytes are written
//! (`docs/card.md`, "Applications"; JPKI AP: OpenSC `card-jpki.c`, the others: JIS X 6320 and
//! the municipal specifications quoted there).

use std::fmt;

/// One application (DF) of the My Number card.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Application {
    /// 公的個人認証AP.
    Jpki,
    /// 券面事項入力補助AP.
    Kenhojo,
    /// 券面事項確認AP.
    Kenkaku,
    /// 共通AP (本人確認業務用領域).
    Common,
    /// 住基AP.
    Juki,
}

impl Application {
    /// Every application, in the order above.
    pub const ALL: [Application; 5] = [
        Application::Jpki,
        Application::Kenhojo,
        Application::Kenkaku,
        Application::Common,
        Application::Juki,
    ];

    /// The 10-byte DF name (AID).
    pub const fn aid(self) -> [u8; 10] {
        match self {
            Application::Jpki => [0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01],
            Application::Kenhojo => [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x08],
            Application::Kenkaku => [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x02],
            Application::Common => [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x01, 0x00],
            Application::Juki => [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x01],
        }
    }

    /// The short name used in traces, `set-tries` reader events and inspection output (`jpki`).
    pub const fn name(self) -> &'static str {
        match self {
            Application::Jpki => "jpki",
            Application::Kenhojo => "kenhojo",
            Application::Kenkaku => "kenkaku",
            Application::Common => "common",
            Application::Juki => "juki",
        }
    }

    /// The application's name for people (`JPKI AP`, `券面事項入力補助AP`).
    pub const fn title(self) -> &'static str {
        match self {
            Application::Jpki => "JPKI AP",
            Application::Kenhojo => "券面事項入力補助AP",
            Application::Kenkaku => "券面事項確認AP",
            Application::Common => "共通AP",
            Application::Juki => "住基AP",
        }
    }

    /// The application a short name ([`Application::name`]) names.
    pub fn by_name(name: &str) -> Option<Application> {
        Application::ALL.into_iter().find(|a| a.name() == name)
    }

    /// The application whose AID is exactly `aid`.
    pub fn by_aid(aid: &[u8]) -> Option<Application> {
        Application::ALL.into_iter().find(|a| a.aid() == aid)
    }

    /// The application a SELECT by DF name picks: an exact AID, or a non-empty prefix of exactly
    /// one AID (the card honours prefixes: `docs/card.md`, "SELECT").
    pub fn by_df_name(name: &[u8]) -> Option<Application> {
        if name.is_empty() {
            return None;
        }
        let mut matching = Application::ALL
            .into_iter()
            .filter(|a| a.aid().starts_with(name));
        match (matching.next(), matching.next()) {
            (Some(app), None) => Some(app),
            _ => None,
        }
    }
}

impl fmt::Display for Application {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.title())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_aids_round_trip() {
        for app in Application::ALL {
            assert_eq!(Application::by_name(app.name()), Some(app));
            assert_eq!(Application::by_aid(&app.aid()), Some(app));
            assert_eq!(Application::by_df_name(&app.aid()), Some(app));
        }
    }

    #[test]
    fn a_prefix_selects_only_when_unique() {
        assert_eq!(
            Application::by_df_name(&[0xD3, 0x92, 0xF0]),
            Some(Application::Jpki)
        );
        assert_eq!(Application::by_df_name(&[0xD3, 0x92, 0x10]), None);
        assert_eq!(Application::by_df_name(&[]), None);
    }
}
