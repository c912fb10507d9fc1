//! File ids (FIDs) of the EFs clients address, and the card's PIN references: which EF of which
//! application a VERIFY goes to (`docs/card.md`, "Applications" and "PINs"; OpenSC
//! `card-jpki.c`, `pkcs15-jpki.c`). Key and PIN EFs double as the `80|n` key references of
//! VERIFY, `80 2A` and INTERNAL AUTHENTICATE (ISO 7816-4 reference data qualifier).

use crate::Application;

/// The 基本4情報 in the 署名用電子証明書 (JPKI EF `0001`): `otherName`s of its SubjectAltName,
/// each `[0] EXPLICIT UTF8String`, under the arc `1.2.392.200149.8.5.5` (J-LIS's sign
/// certificate profile as the public test card carries it; `docs/relying-party.md`).
pub mod basic_four {
    /// 氏名.
    pub const NAME: &str = "1.2.392.200149.8.5.5.1";
    /// 性別 (the JIS X 0303 code).
    pub const SEX: &str = "1.2.392.200149.8.5.5.3";
    /// 生年月日 (the era digit, then the Gregorian `YYYYMMDD`).
    pub const BIRTH_DATE: &str = "1.2.392.200149.8.5.5.4";
    /// 住所.
    pub const ADDRESS: &str = "1.2.392.200149.8.5.5.5";
}

/// EFs of the JPKI AP.
pub mod jpki {
    /// 署名用電子証明書 (the sign certificate).
    pub const SIGN_CERT: u16 = 0x0001;
    /// The sign certificate's CA certificate.
    pub const SIGN_CA_CERT: u16 = 0x0002;
    /// The token information EF (`JPKIAPICCTOKEN2`).
    pub const TOKEN: u16 = 0x0006;
    /// The token label (EF `0006`'s first 32 bytes, space-padded) of a physical My Number
    /// card (jpki/myna, yuki-js `myna`, myna-card, TRETJapanNFCReader; `docs/card-records.md`).
    pub const CARD_TOKEN_LABEL: &str = "JPKIAPICCTOKEN2";
    /// The token label of an Android phone's スマホ用電子証明書 in its GP-SE: its 利用者証明用
    /// certificate is read after the auth PIN (jpki/myna `src/cli.rs`, `src/jpki.rs`).
    pub const ANDROID_TOKEN_LABEL: &str = "JPKIAPGPSETOKEN";
    /// The token label of an iPhone's スマホ用電子証明書 (jpki/myna, TRETJapanNFCReader).
    pub const IPHONE_TOKEN_LABEL: &str = "JPKIAPIOSTOKEN";
    /// Whether `label` (EF `0006`'s first bytes as read, padding included) names a phone's
    /// token rather than a card's: a phone has no 券面事項入力補助AP and no 券面事項確認AP
    /// (`docs/card.md`, "Phone profiles").
    pub fn is_phone_token_label(label: &[u8]) -> bool {
        let label = label
            .iter()
            .rposition(|b| !matches!(b, b' ' | 0))
            .map_or(&[][..], |end| &label[..=end]);
        label == ANDROID_TOKEN_LABEL.as_bytes() || label == IPHONE_TOKEN_LABEL.as_bytes()
    }
    /// The certificate-presence flags (`00 8F 00` when the sign certificate is absent).
    pub const CERT_FLAGS: u16 = 0x0008;
    /// 利用者証明用電子証明書 (the auth certificate).
    pub const AUTH_CERT: u16 = 0x000A;
    /// The auth certificate's CA certificate.
    pub const AUTH_CA_CERT: u16 = 0x000B;
    /// The auth private key.
    pub const AUTH_KEY: u16 = 0x0017;
    /// 利用者証明用暗証番号 (the auth PIN, 4 digits).
    pub const AUTH_PIN: u16 = 0x0018;
    /// The sign private key.
    pub const SIGN_KEY: u16 = 0x001A;
    /// 署名用パスワード (the sign password, 6–16 characters).
    pub const SIGN_PIN: u16 = 0x001B;
}

/// Keys of the 券面事項確認AP: none is a PIN the holder chose. Each is derived from what is printed
/// on the card, so a face reader's software can open the card face by reading the card
/// (docs/card.md, 券面事項確認AP; layout: myna-card `ap/surface.rs`, jpki-rs).
pub mod kenkaku {
    /// The birth-date key (a 6-digit era date): opens the age record.
    pub const BIRTH_DATE_KEY: u16 = 0x0011;
    /// The age record (`FF 10 { DF11 birth date, DF12 the AP key's public half, DF13 issuer
    /// signature }`, [`crate::AgeRecord`]), opened by the birth-date key (docs/card-records.md).
    pub const AGE_RECORD: u16 = 0x0001;
    /// 照合番号B (birth date, expiry year and security code, 14 digits): opens the card face.
    pub const COLLATION_B: u16 = 0x0012;
    /// 照合番号A (the 12-digit 個人番号): opens the card face and the rendered 個人番号.
    pub const COLLATION_A: u16 = 0x0013;
    /// The rendered 個人番号 (`FF 40 { DF41 PNG, DF42 key, DF43 signature }`), opened by 照合番号A
    /// only: the number image of the card face. An eligibility client never reads it
    /// (`APDU-no-my-number`; layout: myna-card `ap/surface.rs`, jpki-rs; docs/card.md,
    /// 券面事項確認AP).
    pub const MY_NUMBER_IMAGE: u16 = 0x0005;
}

/// EFs of the 券面事項入力補助AP.
pub mod kenhojo {
    /// The 個人番号 record (`FF 10 0C` + 12 digits + `FF FF`, 17 bytes), opened by the PIN or
    /// 照合番号A. An eligibility client never reads it (`APDU-no-my-number`; myna `libmyna`,
    /// nfcpy_mynacard, myna-card `ap/text.rs` all read it as EF `0001`; docs/card.md,
    /// 券面事項入力補助AP).
    pub const MY_NUMBER: u16 = 0x0001;
    /// 券面事項入力補助用暗証番号 (4 digits).
    pub const PIN: u16 = 0x0011;
    /// 照合番号A (the 12-digit 個人番号 itself): opens the 個人番号 record without the PIN.
    pub const COLLATION_A: u16 = 0x0014;
    /// 照合番号B (birth date, expiry year and security code, 14 digits, as in the
    /// 券面事項確認AP): opens the 基本4情報 record without the PIN.
    pub const COLLATION_B: u16 = 0x0015;
}

/// EFs of the 共通AP.
pub mod common {
    /// The card identification record: READ RECORD 1 gives `01 1C` + the card serial (15
    /// digits) + the municipality code (5) + the expiry date (yyyyMMdd), read by マイナポータル
    /// login (jpki/myna `unknown.rs`, myna-card `ap/common.rs`; docs/card.md, 共通AP).
    pub const SERIAL_RECORD: u16 = 0x0001;
    /// The key INTERNAL AUTHENTICATE uses without a credential (myna-card).
    pub const INTERNAL_AUTH_KEY: u16 = 0x0019;
}

/// EFs of the 共通AP and the 住基AP.
pub mod juki {
    /// 住民基本台帳用暗証番号 (4 digits), in both the 共通AP and the 住基AP.
    pub const PIN: u16 = 0x001C;
}

/// A user PIN of the card by where it lives: the application and the PIN EF's FID. Formats and
/// counters are the persona schema's business (`mynakit_persona::PinName`); this is only the
/// wire address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UserPin {
    /// 利用者証明用暗証番号: JPKI `0018`.
    Auth,
    /// 署名用パスワード: JPKI `001B`.
    Sign,
    /// 券面事項入力補助用暗証番号: 券面事項入力補助AP `0011`.
    Kenhojo,
    /// 住民基本台帳用暗証番号: `001C` of the 住基AP (the same PIN answers in the 共通AP).
    Juki,
}

impl UserPin {
    /// Where the PIN lives: its application and FID.
    pub const fn location(self) -> (Application, u16) {
        match self {
            UserPin::Auth => (Application::Jpki, jpki::AUTH_PIN),
            UserPin::Sign => (Application::Jpki, jpki::SIGN_PIN),
            UserPin::Kenhojo => (Application::Kenhojo, kenhojo::PIN),
            UserPin::Juki => (Application::Juki, juki::PIN),
        }
    }

    /// The user PIN a VERIFY to `fid` in `app` reaches, if it is one (the 共通AP's `001C` is
    /// the 住基 PIN).
    pub fn at(app: Application, fid: u16) -> Option<UserPin> {
        match (app, fid) {
            (Application::Jpki, jpki::AUTH_PIN) => Some(UserPin::Auth),
            (Application::Jpki, jpki::SIGN_PIN) => Some(UserPin::Sign),
            (Application::Kenhojo, kenhojo::PIN) => Some(UserPin::Kenhojo),
            (Application::Common | Application::Juki, juki::PIN) => Some(UserPin::Juki),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_round_trip() {
        for pin in [
            UserPin::Auth,
            UserPin::Sign,
            UserPin::Kenhojo,
            UserPin::Juki,
        ] {
            let (app, fid) = pin.location();
            assert_eq!(UserPin::at(app, fid), Some(pin));
        }
        assert_eq!(
            UserPin::at(Application::Common, 0x001C),
            Some(UserPin::Juki)
        );
        assert_eq!(UserPin::at(Application::Jpki, 0x0011), None);
    }
}
