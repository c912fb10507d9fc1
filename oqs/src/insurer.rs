//! `InsurerNumber`, the 保険者番号 field of requests and results: 8 characters, a 6-digit 国保
//! number right-aligned with spaces (`"  138057"` in the public samples; `docs/terminal.md`,
//! "Requests").

/// The width of the `InsurerNumber` field, in characters.
pub const INSURER_NUMBER_WIDTH: usize = 8;

/// The printed insurer number as an 8-character field: right-aligned with spaces.
pub fn padded_insurer_number(printed: &str) -> String {
    format!("{printed:>INSURER_NUMBER_WIDTH$}")
}

/// Whether `field` has the width of the `InsurerNumber` field.
pub fn has_insurer_number_width(field: &str) -> bool {
    field.chars().count() == INSURER_NUMBER_WIDTH
}

/// How a request's `InsurerNumber` field is written (`XML-insurer-padding`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InsurerNumberField {
    /// 8 digits (a 8-digit number, or one padded with zeros: see [`Self::ZeroPadded`]).
    Digits,
    /// A 6-digit number right-aligned with two spaces (`"  139998"`), the documented form.
    SpacePadded,
    /// A 6-digit number padded with two zeros (`"00139998"`): whether OQS accepts it is not
    /// established (`docs/terminal.md`, `zero_padded_insurer`); no real 8-digit number starts
    /// with `00`.
    ZeroPadded,
    /// Anything else: another width, spaces on the right or inside, other characters.
    Wrong,
}

/// The form of an `InsurerNumber` field as a client wrote it.
pub fn insurer_number_field(field: &str) -> InsurerNumberField {
    if !has_insurer_number_width(field) || !field.is_ascii() {
        return InsurerNumberField::Wrong;
    }
    let digits = field.trim_start_matches(' ');
    let spaces = field.len() - digits.len();
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return InsurerNumberField::Wrong;
    }
    match spaces {
        0 if field.starts_with("00") => InsurerNumberField::ZeroPadded,
        0 => InsurerNumberField::Digits,
        2 => InsurerNumberField::SpacePadded,
        _ => InsurerNumberField::Wrong,
    }
}

/// Which scheme an insurer number belongs to, as its digits say: a 6-digit number is a 国民健康
/// 保険 (市町村 or 国保組合); an 8-digit one starts with its 法別番号, `39` for 後期高齢者医療,
/// others for the 被用者保険 (協会けんぽ 01, 組合 06, 共済 31–34, …). The claim file follows
/// it: 給付割合 is written for 国保 alone, not for 後期 or 被用者保険 (記録条件仕様 RE; as
/// `hangilc/myclinic-ts` `commonRecord給付割合` writes it), and a 後期 claim is of a 高齢受給者
/// kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InsurerScheme {
    /// 国民健康保険: a 6-digit number.
    NationalHealth,
    /// 後期高齢者医療: 8 digits of 法別 39.
    LateElderly,
    /// Another 8-digit number: 被用者保険 and the rest.
    Other,
}

/// The scheme of an insurer number as printed (spaces around it ignored).
pub fn insurer_scheme(number: &str) -> InsurerScheme {
    let number = number.trim();
    if number.len() == 6 {
        InsurerScheme::NationalHealth
    } else if number.len() == INSURER_NUMBER_WIDTH && number.starts_with("39") {
        InsurerScheme::LateElderly
    } else {
        InsurerScheme::Other
    }
}

/// A contribution ratio as the interface writes it (`InsuredPartialContributionRatio`,
/// `ElderlyRecipientContributionRatio`: three digits of percent, `"020"` = 20 %), as a
/// percent; `None` when it is not three digits up to 100.
pub fn contribution_percent(ratio: &str) -> Option<u8> {
    let ratio = ratio.trim();
    if ratio.len() != 3 || !ratio.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    ratio.parse::<u8>().ok().filter(|p| *p <= 100)
}

/// The share (percent) of a patient 70 or over, as the answer gives it: the 高齢受給者's
/// `ElderlyRecipientContributionRatio`, or, under a 後期高齢者医療 insurer (which gives no
/// 高齢受給者証 block), its `InsuredPartialContributionRatio`; `None` for a patient under 70
/// or a ratio not in the interface's form. A claim states it in its レセプト種別 (高齢受給者
/// 一般 or 7割) and, for 国保, its 給付割合.
pub fn elderly_share(
    insurer: &str,
    elderly_ratio: Option<&str>,
    partial_ratio: Option<&str>,
) -> Option<u8> {
    match elderly_ratio {
        Some(ratio) => contribution_percent(ratio),
        None if insurer_scheme(insurer) == InsurerScheme::LateElderly => {
            partial_ratio.and_then(contribution_percent)
        }
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padding_is_spaces_on_the_left() {
        assert_eq!(padded_insurer_number("139998"), "  139998");
        assert_eq!(padded_insurer_number("06139992"), "06139992");
        assert!(has_insurer_number_width("  139998"));
        assert!(!has_insurer_number_width("139998"));
    }

    #[test]
    fn schemes_and_shares_are_read() {
        assert_eq!(insurer_scheme("  089995"), InsurerScheme::NationalHealth);
        assert_eq!(insurer_scheme("39479993"), InsurerScheme::LateElderly);
        assert_eq!(insurer_scheme("06139992"), InsurerScheme::Other);
        assert_eq!(contribution_percent("020"), Some(20));
        assert_eq!(contribution_percent(" 030 "), Some(30));
        for wrong in ["20", "0200", "x20", "200"] {
            assert_eq!(contribution_percent(wrong), None, "{wrong:?}");
        }
        assert_eq!(elderly_share("089995", Some("020"), Some("030")), Some(20));
        assert_eq!(elderly_share("39479993", None, Some("010")), Some(10));
        assert_eq!(elderly_share("06139992", None, Some("030")), None);
    }

    #[test]
    fn fields_are_classified() {
        use InsurerNumberField::*;
        assert_eq!(insurer_number_field("06139992"), Digits);
        assert_eq!(insurer_number_field("  139998"), SpacePadded);
        assert_eq!(insurer_number_field("00139998"), ZeroPadded);
        for wrong in [
            "139998",
            "139998  ",
            " 1399981",
            "0613999X",
            "０６１３９９９２",
        ] {
            assert_eq!(insurer_number_field(wrong), Wrong, "{wrong:?}");
        }
    }
}
