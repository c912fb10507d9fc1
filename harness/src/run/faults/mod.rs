//! A scenario's faults (`faults:`, docs/scenarios.md "Faults"): the card's, as a reader hook
//! that fires each on its trigger ([`card`]; the VERIFY that carries a PIN is told by
//! [`verify_pin`]), another program holding a reader ([`held`]), and the mock service's, as its
//! fault plan ([`service`]).

pub(crate) mod card;
mod fired;
pub(crate) mod held;
pub(crate) mod service;
mod timed;
mod verify_pin;
