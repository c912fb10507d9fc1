//! The ATR of a contactless target, as PC/SC readers build it.

/// The ATR a PC/SC reader reports for an ISO 14443-4 Type B target (a card in a contactless
/// reader, or a phone held to it), as PC/SC Part 3 §3.1.3.2.3 builds it (also SCM's SCL3711
/// reference manual, §5.3.3.5): `3B 88 80 01`, then 8 historical bytes (the ATQB's 4 bytes of
/// application data, its 3 bytes of protocol info, and a byte whose high nibble is the MBLI from
/// the ATTRIB answer), then TCK. The values are neutral (no application data; 106 kbit/s,
/// 256-byte frames, ISO 14443-4, FWI 8, CID supported; MBLI 0): no public source records what
/// real readers synthesise for this card or a phone's secure element (`docs/reader.md`,
/// `docs/card.md`, "Phone profiles"). Written once here because the reader's default contactless
/// profile and the emulator's phone profiles both report it.
pub const CONTACTLESS_TYPE_B_ATR: [u8; 13] = [
    0x3B, 0x88, 0x80, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x81, 0x81, 0x00, 0x09,
];
