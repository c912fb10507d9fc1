//! `mynakit service`: the mock eligibility service until Ctrl-C (`docs/service.md`).

use mynakit_harness::interrupt::Interrupt;
use mynakit_harness::report::lang::msg;
use mynakit_harness::report::Lang;

/// Runs `mynakit service` with the fixtures' folder.
pub(crate) fn service_command(
    mut config: mynakit_service::ServiceConfig,
    fixtures: &mynakit_fixtures::Fixtures,
    lang: Lang,
) -> anyhow::Result<bool> {
    config.fixtures = Some(fixtures.dir().to_owned());
    service_until_ctrl_c(config, lang)
}

fn service_until_ctrl_c(
    config: mynakit_service::ServiceConfig,
    lang: Lang,
) -> anyhow::Result<bool> {
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let interrupt = Interrupt::listen()?;
        let running = mynakit_service::start(&config, None).await?;
        let (public, admin) = (running.public_url(), running.admin_url());
        println!(
            "{}",
            msg::service_endpoints(lang, &public.to_string(), &admin.to_string())
        );
        if running.state().settings().allow_unsigned {
            println!("{}", lang.t(msg::SIGNATURES_OPTIONAL));
        } else {
            println!("{}", lang.t(msg::SIGNATURES_REQUIRED));
        }
        println!("{}", lang.t(msg::CTRL_C_TO_STOP));
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
