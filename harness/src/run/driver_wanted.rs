//! The scenarios a run cannot judge for want of mynakit's reader driver: over a managed pcscd
//! whose readers are vpcd's (`$MYNAKIT_IFD_DRIVER` names a missing file), a stack fault such
//! as `transport-error`, `unavailable` or `stack-restart` cannot be shown, and its scenario is
//! NOT-APPLICABLE (`docs/reader.md`, "Which transport shows which stack fault"). A run says so
//! at its top, with their number, and its report lists them (`RunReport::wanting_driver`), so
//! that a vendor does not read the run as a judgement of those scenarios.

use crate::scenario::stack_faults::{cannot_show, Link};

use super::{one, pool, Loaded, RunConfig, RunError, Transport};

/// The ids of `scenarios` that `config`'s run will find NOT-APPLICABLE because its managed
/// pcscd has vpcd's readers where mynakit's reader driver would show their stack fault; none
/// in-process, with the driver, or with the system's pcscd (`--pcscd system`, which the
/// driver does not serve). Over pcscd this starts the process's pcscd, which the run then
/// uses.
///
/// # Errors
///
/// [`RunError`] when the pcscd could not start (the run itself would fail the same way).
pub fn wanting_driver(scenarios: &[Loaded], config: &RunConfig) -> Result<Vec<String>, RunError> {
    if config.run_transport() != Transport::Pcscd {
        return Ok(Vec::new());
    }
    let link = pool::shared_pcscd(config.pcscd)?.link();
    Ok(wanting(scenarios, config, link))
}

/// As [`wanting_driver`], for a pool whose readers are `link`.
pub(super) fn wanting(scenarios: &[Loaded], config: &RunConfig, link: Link) -> Vec<String> {
    if link != Link::ManagedVpcd {
        return Vec::new();
    }
    let declared = config.declared();
    scenarios
        .iter()
        .map(|l| &l.scenario)
        .filter(|s| {
            let route = one::route(s, config, link, declared.as_ref());
            let with_driver: Vec<Link> = route
                .iter()
                .map(|&l| if l == link { Link::IfdDriver } else { l })
                .collect();
            cannot_show(s, &route).is_some_and(|c| c.link == link)
                && cannot_show(s, &with_driver).is_none()
        })
        .map(|s| s.id.clone())
        .collect()
}
