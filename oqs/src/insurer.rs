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
}
