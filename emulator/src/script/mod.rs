//! APDU scripts, apdutool-style: one hex C-APDU per line, `#` comments, `=> [DATA] SW`
//! expectations.
//!
//! ```text
//! # Select the JPKI AP and read the auth certificate's header
//! 00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01   => 9000
//! 00 A4 02 0C 02 00 0A                           => 9000
//! 00 B0 00 00 04                                 => 30 82 XX XX 9000   # data, then the SW
//! 00 B0 86 00 20                                 => 4A 50 4B 49 .. 9000 # `..`: more may follow
//! 00 20 00 80                                    => 63CX   # X matches any nibble
//! 00 A4                                          => 6700   # any bytes: the card judges them
//! @power-off
//! @power-on
//! ```
//!
//! Directives start with `@`: `@power-on`, `@power-off`, `@reset` (warm). A line holds any
//! number of hex bytes (at least one), so malformed APDUs can be shown too; only text that is
//! not hex is a parse error, named `file:line:col`. The grammar is in `docs/apdu-scripts.md`.

// The language sits below the card (a recorded card is built from a script), the runner
// above it: `recorded` takes the language from `language`, never through this module.
pub(crate) mod language;
mod run;

pub use language::{
    secret_key, DataPattern, Expectation, Line, Script, ScriptError, ScriptProblem, Step, SwPattern,
};
pub use run::{run, run_with, CardTransport, Exchange, StepError, Transport, TransportError};
