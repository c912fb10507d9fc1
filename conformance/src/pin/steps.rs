//! What the PIN checks look at: the PIN asks, the PINs typed, the VERIFYs and the card
//! changes, in timeline order, and which card is in which reader.

use std::collections::{HashMap, HashSet};

use mynakit_protocol::{ClientMessage, HarnessMessage, PinRef};
use mynakit_timeline::ReaderAction;

use crate::reason::Reason;
use crate::run::{set_tries, Apdu, Df, PinKey, Run, Step};

use super::words::steps as words;

/// The "ask" of a PIN the operator typed on the reader's PIN pad (`docs/reader.md`, "A PIN-pad
/// reader"): the client asked nothing, the pad took the PIN.
pub(super) const ON_PAD: &str = "pin-pad";

/// What the PIN checks look at, in timeline order.
#[derive(Clone, Debug)]
pub(super) enum PinStep<'r, 'a> {
    /// The client asked for a PIN.
    Ask {
        id: &'r str,
        pin: PinRef,
        tries_left: Option<u8>,
    },
    /// The operator typed a PIN for ask `id` (the PIN `key` the ask was for), or on the
    /// reader's PIN pad (id [`ON_PAD`]; the key unresolved: the pad types whatever PIN the
    /// client's command addresses).
    Typed { id: &'r str, key: PinKey },
    /// The operator cancelled a PIN ask.
    Cancelled,
    /// The `nth` VERIFY with data.
    Verify { nth: usize, apdu: &'r Apdu<'a> },
    /// An empty VERIFY (tries left).
    Query(&'r Apdu<'a>),
    /// A card went in, out, or was swapped.
    Card {
        reader: &'a str,
        action: &'r ReaderAction,
        detail: &'a str,
    },
    /// Someone set a PIN's counter behind the client's back.
    SetTries { key: PinKey, tries: u8 },
}

#[derive(Clone, Debug)]
pub(super) struct Item<'r, 'a> {
    /// The index in the run's steps.
    pub(super) i: usize,
    pub(super) t_us: u64,
    pub(super) step: PinStep<'r, 'a>,
}

/// The reason a check about what the operator typed or saw is NOT-APPLICABLE to a client that
/// never sent `hello` (a plain PC/SC program: it reports no PIN ask, and nobody typed its
/// PIN), or `None` for a client that spoke the protocol.
pub(super) fn plain_program(run: &Run<'_>) -> Option<Reason> {
    (!run.spoke_protocol).then(words::plain_program)
}

pub(super) fn pin_steps<'r, 'a>(run: &'r Run<'a>) -> Vec<Item<'r, 'a>> {
    let mut pin_asks: HashMap<&str, PinRef> = HashMap::new();
    let mut verifies = 0;
    let mut out = Vec::new();
    for (i, step) in run.steps.iter().enumerate() {
        let t_us = step.t_us();
        let item = match step {
            Step::Client {
                message:
                    ClientMessage::Pin {
                        id,
                        pin,
                        tries_left,
                    },
                ..
            } => {
                pin_asks.insert(id, *pin);
                PinStep::Ask {
                    id,
                    pin: *pin,
                    tries_left: *tries_left,
                }
            }
            Step::Operator {
                message: HarnessMessage::Pin { id, .. },
                ..
            } => PinStep::Typed {
                id,
                key: PinKey::of(pin_asks.get(id.as_str()).copied().unwrap_or_default()),
            },
            Step::Reader {
                action: ReaderAction::PinPad,
                detail: "verify" | "modify",
                ..
            } => PinStep::Typed {
                id: ON_PAD,
                key: PinKey {
                    df: Df::Mf,
                    fid: None,
                },
            },
            Step::Operator {
                message: HarnessMessage::Cancel { id },
                ..
            } if pin_asks.contains_key(id.as_str()) => PinStep::Cancelled,
            Step::Apdu(apdu) if apdu.is_pin_verify() => {
                verifies += 1;
                PinStep::Verify {
                    nth: verifies,
                    apdu,
                }
            }
            Step::Apdu(apdu) if apdu.is_tries_query() => PinStep::Query(apdu),
            Step::Reader {
                reader,
                action,
                detail,
                ..
            } if action.changes_card() => PinStep::Card {
                reader,
                action,
                detail,
            },
            Step::Reader {
                action: ReaderAction::SetTries,
                detail,
                ..
            } => match set_tries(detail) {
                Some((key, tries)) => PinStep::SetTries { key, tries },
                None => continue,
            },
            _ => continue,
        };
        out.push(Item {
            i,
            t_us,
            step: item,
        });
    }
    out
}

/// The persona in each reader, following insert and swap events: a card change is an insert
/// or swap of another persona than the one the reader last held.
#[derive(Clone, Debug, Default)]
pub(super) struct Cards<'a> {
    pub(super) persona: HashMap<&'a str, &'a str>,
    /// Readers whose card was taken out (and none put in since).
    empty: HashSet<&'a str>,
}

impl<'a> Cards<'a> {
    /// Follows one reader event; whether a different card is now in the reader.
    pub(super) fn follow(
        &mut self,
        reader: &'a str,
        action: &ReaderAction,
        detail: &'a str,
    ) -> bool {
        if action.takes_card() {
            self.empty.insert(reader);
            return false;
        }
        self.empty.remove(reader);
        let before = self.persona.insert(reader, detail);
        before.is_some_and(|b| b != detail)
    }

    /// The persona of the card last put in `reader` (`""` when none was).
    pub(super) fn in_reader(&self, reader: &str) -> &'a str {
        self.persona.get(reader).copied().unwrap_or_default()
    }

    /// How many other readers hold a card of another persona than `persona`.
    pub(super) fn others(&self, reader: &str, persona: &str) -> usize {
        self.persona
            .iter()
            .filter(|(r, p)| {
                **r != reader && !self.empty.contains(**r) && !p.is_empty() && **p != persona
            })
            .count()
    }
}
