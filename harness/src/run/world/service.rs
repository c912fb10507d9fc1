//! The mock service of a world, on a free loopback port, and the CA file the client trusts for
//! it (`docs/client-protocol.md`).

use std::path::{Path, PathBuf};

use mynakit_service::RunningService;
use mynakit_timeline::Timeline;

use super::super::faults::service::{self as service_faults, ServicePlan};
use super::super::scenario_time::ScenarioTime;
use super::plan::Plan;
use super::shared::Shared;
use crate::scenario::model::ServerCertificate;

/// Writes `dir/ca.pem`, the CA certificate the client is told to trust, and returns its path.
///
/// # Errors
///
/// A file that cannot be written (the error names it).
pub(super) fn ca_file(
    dir: &Path,
    certificate: ServerCertificate,
    shared: &Shared,
) -> Result<PathBuf, mynakit_fixtures::output::WriteError> {
    let ca_file = dir.join("ca.pem");
    let ca_pem = match certificate {
        ServerCertificate::Valid => &shared.server_ca_pem,
        ServerCertificate::WrongCa => &shared.wrong_ca_pem,
    };
    mynakit_fixtures::output::write_file(
        &ca_file,
        ca_pem,
        mynakit_fixtures::output::WriteMode::Replace,
    )?;
    Ok(ca_file)
}

/// Starts the plan's service recording into `timeline`, makes `time` follow its clock and
/// arms the faults that act from the start; returns it with the faults that wait for an
/// operator answer.
///
/// # Errors
///
/// A service that cannot start (its data, a port).
pub(super) fn start(
    plan: &Plan<'_>,
    shared: &Shared,
    timeline: &Timeline,
    time: &ScenarioTime,
    runtime: &tokio::runtime::Runtime,
) -> Result<(RunningService, ServicePlan), mynakit_service::ServeError> {
    let scenario = plan.scenario;
    // `given.service` was read once, with the scenario, into the service's own type.
    let service = runtime.block_on(mynakit_service::start_preloaded(
        &plan.service,
        &shared.service,
        scenario.given.service.clone(),
        Some(timeline.clone()),
    ))?;
    {
        let state = service.state().clone();
        time.follow(move || state.clock().now());
    }
    service.state().skip_waits(time.skip().clone());
    let mut faults = service_faults::plan(&scenario.faults.service);
    for spec in faults.now.drain(..) {
        service.state().faults().add(spec);
    }
    Ok((service, faults))
}
