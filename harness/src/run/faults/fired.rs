//! Which card faults fired: marked by the reader's fault hook (`super::card`) and by the other
//! program's transaction once it has the lock (`super::held`), read by the judge.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

/// Which of the scenario's card faults fired (by their index in `faults.card`): marked by the
/// hooks once a fault has acted on a command, read by the judge. A fault that was armed but
/// never acted judged nothing, and a scenario that rests on it cannot pass (`docs/scenarios.md`,
/// "Faults that never fired").
#[derive(Clone, Debug, Default)]
pub(crate) struct Fired(Arc<Mutex<BTreeSet<usize>>>);

impl Fired {
    pub(super) fn mark(&self, index: usize) {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(index);
    }

    /// Whether the fault at `index` of `faults.card` fired.
    pub(crate) fn has(&self, index: usize) -> bool {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains(&index)
    }
}
