//! The `verify-pin` card trigger: the VERIFY that carries a PIN, keyed to what the card is
//! doing as `signature` and `{reading: FILE}` are, not to the order of a client's commands. A
//! client may select the PIN's EF again (or ask the tries left with a VERIFY without data)
//! between the PIN's answer and its VERIFY; a fault meant for the VERIFY then still meets it
//! (`docs/scenarios.md`, "Card faults"). ISO/IEC 7816-4 §11.5.6: VERIFY is `INS 20`, its data
//! the reference data (the PIN); without data it only asks the tries left.

use mynakit_apdu::{Command, Instruction};

/// Whether `apdu` is a VERIFY with data: a PIN sent to the card.
pub(super) fn carries_pin(apdu: &[u8]) -> bool {
    Command::read_lenient(apdu)
        .is_some_and(|c| Instruction::of(c.cla, c.ins) == Instruction::Verify && !c.data.is_empty())
}

#[cfg(test)]
mod tests {
    use super::carries_pin;

    #[test]
    fn only_a_verify_with_data_carries_a_pin() {
        // VERIFY of the JPKI auth PIN (EF 0018 current), 4 digits.
        assert!(carries_pin(&[
            0x00, 0x20, 0x00, 0x80, 0x04, 0x31, 0x32, 0x33, 0x34
        ]));
        // Its tries left: no data.
        assert!(!carries_pin(&[0x00, 0x20, 0x00, 0x80]));
        // SELECT EF 0018 again before it.
        assert!(!carries_pin(&[0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x18]));
        // The signature, and bytes that are no command.
        assert!(!carries_pin(&[0x80, 0x2A, 0x00, 0x80, 0x01, 0x00, 0x00]));
        assert!(!carries_pin(&[0x00]));
    }
}
