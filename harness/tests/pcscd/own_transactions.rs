//! The reference client as OpenSC and many C apps talk to a card, each command inside a
//! transaction of its own (`MYNAKIT_VARIANTS=own-transactions`, docs/reference-client.md,
//! "Variants"), over a real pcscd: every bundled card scenario keeps the default client's
//! verdict in-process, every card fault fires, and it PASSES every check the default PASSES;
//! a run whose stack fault the transport cannot show is NOT-APPLICABLE instead, saying so. The phone scenarios (no PC/SC) and the レセコン's (no card) are
//! left out: the variant changes nothing there.
#![allow(clippy::unwrap_used)]

use crate::common;

use common::bundled_run::{assert_keeps_verdict, verdicts_with};
use common::pcscd_or_skip;
use mynakit_reference_client::{Variant, VARIANTS};

#[test]
fn a_client_with_its_own_transactions_passes_every_bundled_card_scenario_over_pcscd() {
    if !pcscd_or_skip() {
        return;
    }
    let own = [(VARIANTS, Variant::OwnTransactions.name())];
    let args = |transport| {
        [
            "--transport",
            transport,
            "--exclude",
            "tag:nfc",
            "--exclude",
            "tag:terminal",
            "--jobs",
            "4",
        ]
    };
    // Side by side: both runs mostly wait on their scenarios' clocks.
    let (default, got) = std::thread::scope(|scope| {
        let got = scope.spawn(|| verdicts_with(&own, &args("pcscd")));
        let default = verdicts_with(&[], &args("in-process"));
        (default, got.join().unwrap())
    });
    assert!(got.len() >= 150, "{}", got.len());
    assert_eq!(got.len(), default.len());
    let mut passed = 0;
    for (id, v) in &got {
        let cannot_show = v.level == "NOT-APPLICABLE"
            && v.notes
                .iter()
                .any(|n| n.contains("cannot show the stack fault"));
        if cannot_show {
            continue;
        }
        assert_keeps_verdict("own-transactions over pcscd", id, v, &default[id]);
        passed += usize::from(v.level == "PASSED");
    }
    assert!(passed >= 150, "only {passed} PASSED");
}
