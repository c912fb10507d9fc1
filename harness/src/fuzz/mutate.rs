//! The mutations `mynakit fuzz` draws: each one is a plain scenario card fault
//! (`faults.card`), so a failure reproduces from a scenario file alone (`docs/fuzz.md`,
//! "Mutation kinds").

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::scenario::faults::{
    AtrVariant, CardFault, CardTrigger, InjectStatus, MoreData, RemoveCard, ResetCard,
    ResizeAnswer, SlowCard, WrongLe,
};
use crate::scenario::hex::{AtrHex, StatusWord};

/// Status words a card or reader may answer instead of the real answer (`docs/card.md`,
/// "Status words", and ISO/IEC 7816-4 §5.6): errors a client must end on or recover from.
pub const STATUS_WORDS: [u16; 16] = [
    0x6A82, 0x6F00, 0x6700, 0x6982, 0x6985, 0x6986, 0x6A86, 0x6A88, 0x6D00, 0x6E00, 0x6581, 0x6400,
    0x6282, 0x6B00, 0x6A81, 0x6881,
];

/// ATRs of other cards and readers (`docs/card.md`, "Card profiles"; `docs/reader.md`,
/// "Reader profiles"): another vendor's My Number card, a contactless reader's synthesised ATR,
/// and a T=0 contact card.
pub const ATRS: [&str; 3] = [
    "3B DA 13 FF 81 31 FB 46 80 12 39 2F 31 C1 73 C6 01 C0 3B",
    "3B 88 80 01 00 00 00 00 00 00 00 00 09",
    "3B 65 00 00 9C 11 01 01 03",
];

/// What the mutations of one run may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// At most this many mutations per run (at least 1).
    pub max_mutations: usize,
    /// The longest added delay of a `slow` mutation, ms: every delay is a real wait of the
    /// reader, so it is kept short (`docs/fuzz.md`, "Delays").
    pub max_delay_ms: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_mutations: 3,
            max_delay_ms: 200,
        }
    }
}

/// The random source of run `run` under `seed`: each run's draw depends on the seed and its
/// number only, so a run can be told apart and replayed.
pub fn rng(seed: u64, run: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(run);
    rng
}

/// Draws 1 to `limits.max_mutations` mutations for a run whose unmutated client sent
/// `commands` commands to reader 0; each fires at one of those commands.
pub fn draw(rng: &mut ChaCha8Rng, commands: u32, limits: Limits) -> Vec<CardFault> {
    let n = rng.gen_range(1..=limits.max_mutations.max(1));
    let mut faults: Vec<CardFault> = (0..n).map(|_| one(rng, commands, limits)).collect();
    // Armed in command order, so a reproducer reads like the run.
    faults.sort_by_key(|f| match f.when() {
        Some(CardTrigger::Apdu(n)) => *n,
        _ => 0,
    });
    faults
}

fn one(rng: &mut ChaCha8Rng, commands: u32, limits: Limits) -> CardFault {
    let when = CardTrigger::Apdu(rng.gen_range(1..=commands.max(1)));
    let reader = 0;
    // No `reset` mid-flow: an unannounced power-cycle is seen by no client (neither PC/SC nor
    // vpcd report it) before its next command fails, which `APDU-select-first` would blame.
    // `atr` power-cycles too, so it acts before the first command: the card came up that way.
    match rng.gen_range(0..9) {
        0 | 1 => CardFault::Status(InjectStatus {
            when,
            sw: StatusWord(STATUS_WORDS[rng.gen_range(0..STATUS_WORDS.len())]),
            reader,
            times: 1,
        }),
        2 => CardFault::WrongLe(WrongLe {
            when,
            reader,
            times: 1,
            keep_data: rng.gen_bool(0.5),
        }),
        3 => CardFault::MoreData(MoreData {
            when,
            reader,
            times: 1,
        }),
        4 => CardFault::Truncate(ResizeAnswer {
            when,
            by: rng.gen_range(1..=64),
            reader,
            times: 1,
        }),
        5 => CardFault::Extend(ResizeAnswer {
            when,
            by: rng.gen_range(1..=16),
            reader,
            times: 1,
        }),
        6 => CardFault::Slow(SlowCard {
            when,
            ms: rng.gen_range(1..=limits.max_delay_ms.max(1)),
            reader,
            times: Some(1),
        }),
        7 => CardFault::Remove(RemoveCard {
            when,
            reader,
            reinsert_after_ms: None,
            empty_answer: false,
        }),
        _ => match AtrHex::try_from(ATRS[rng.gen_range(0..ATRS.len())].to_owned()) {
            Ok(atr) => CardFault::Atr(AtrVariant {
                when: CardTrigger::Apdu(1),
                atr,
                reader,
            }),
            // Never: every one of `ATRS` is an ATR (`every_atr_is_well_formed`). Should one not
            // be, the card is power-cycled as the ATR change would, without the new ATR.
            Err(_) => CardFault::Reset(ResetCard {
                when: CardTrigger::Apdu(1),
                reader,
            }),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_atr_is_well_formed() {
        for atr in ATRS {
            assert!(AtrHex::try_from(atr.to_owned()).is_ok(), "{atr}");
        }
    }

    #[test]
    fn the_same_seed_and_run_draw_the_same_mutations() {
        let limits = Limits::default();
        let a = draw(&mut rng(7, 3), 12, limits);
        assert_eq!(a, draw(&mut rng(7, 3), 12, limits));
        assert!((1..=3).contains(&a.len()));
        let other: Vec<_> = (0..20)
            .map(|run| draw(&mut rng(7, run), 12, limits))
            .collect();
        assert!(other.iter().any(|m| *m != a), "runs draw differently");
        for m in other.iter().flatten() {
            assert!(matches!(m.when(), Some(CardTrigger::Apdu(1..=12))));
        }
    }
}
