//! A certificate's serial as the relying party's accounts file (`MYNAKIT_RP_ACCOUNTS`) and a
//! 現況確認's result fields (`Decision.<serial>`) write it: hexadecimal digits, which a writer may
//! give in either case and with leading zeros (`docs/relying-party.md`). The client finding an
//! account and the check reading a field compare serials by this one form.

/// `hex`'s digits in lower case, without leading zeros (`"0"` for zero).
///
/// ```
/// use mynakit_protocol::normal_serial;
///
/// assert_eq!(normal_serial("05F5ECF5"), "5f5ecf5");
/// assert_eq!(normal_serial("000"), "0");
/// ```
pub fn normal_serial(hex: &str) -> String {
    let digits = hex.trim().to_ascii_lowercase();
    let digits = digits.trim_start_matches('0');
    if digits.is_empty() {
        "0".to_owned()
    } else {
        digits.to_owned()
    }
}
