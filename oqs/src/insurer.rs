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
