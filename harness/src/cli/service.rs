//! `mynakit service`: the mock eligibility service until Ctrl-C (`docs/service.md`).

use mynakit_harness::interrupt::Interrupt;

/// Runs `mynakit service` with the fixtures' folder.
pub(crate) fn service_command(
    mut config: mynakit_service::ServiceConfig,
    fixtures: &mynakit_fixtures::Fixtures,
) -> anyhow::Result<bool> {
    config.fixtures = Some(fixtures.dir().to_owned());
    service_until_ctrl_c(config)
}

fn service_until_ctrl_c(config: mynakit_service::ServiceConfig) -> anyhow::Result<bool> {
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let interrupt = Interrupt::listen()?;
        let running = mynakit_service::start(&config, None).await?;
        println!("card-check API: {}", running.public_url());
        println!("admin API:      {}", running.admin_url());
        if running.state().settings().allow_unsigned {
            println!("device signatures: optional (--allow-unsigned)");
        } else {
            println!("device signatures: required (RFC 9421; --allow-unsigned for plain curl)");
        }
        println!("Ctrl-C to stop");
        // The listeners' stop is bounded (1 s); a second signal does not wait for it.
        interrupt
            .serve_until(|stop| async move {
                stop.await;
                running.stop().await;
            })
            .await;
        anyhow::Ok(true)
    })
}
