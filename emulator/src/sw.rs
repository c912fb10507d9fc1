//! Status words: the two trailing bytes of every response. The type lives in `mynakit-apdu`
//! with the meaning of each value (`docs/card.md`, "Status words"); handlers return
//! `Result<_, Sw>`, so a status word is also the card's error type.

pub use mynakit_apdu::Sw;
