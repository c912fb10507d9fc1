//! `mynakit serve`: flags (or a TOML config) in, the readers' banner out, until Ctrl-C or SIGTERM.
//! The readers, the control endpoint and the terminal are composed by `mynakit_harness::serve`
//! (`docs/reader.md`).

use std::path::PathBuf;

use anyhow::Context;
use mynakit_fixtures::Fixtures;
use mynakit_harness::interrupt::Interrupt;
use mynakit_harness::report::lang::msg;
use mynakit_harness::report::Lang;
use mynakit_harness::serve;

use super::PcscdArg;

/// `mynakit serve`'s flags.
#[derive(clap::Args)]
pub(crate) struct ServeArgs {
    /// A persona to insert, one per reader, in order (repeat the flag).
    #[arg(long = "persona")]
    personas: Vec<String>,
    /// How many readers (default: one per persona, at least one).
    #[arg(long)]
    slots: Option<usize>,
    /// Which pcscd.
    #[arg(long, value_enum, default_value_t = PcscdArg::Auto)]
    pcscd: PcscdArg,
    /// Present cards through a contactless reader profile.
    #[arg(long)]
    contactless: bool,
    /// The contactless reader's ATR in hex instead of the default (implies --contactless),
    /// e.g. "3B 88 80 01 00 00 00 00 00 81 81 00 09"; checked byte by byte.
    #[arg(long, value_name = "HEX")]
    contactless_atr: Option<serve::ContactlessAtr>,
    /// Every reader a PIN-pad reader (PC/SC Part 10 FEATURE_VERIFY_PIN_DIRECT and
    /// FEATURE_MODIFY_PIN_DIRECT), the same PIN-pad reader as a scenario's `profile: pin-pad`,
    /// through mynakit's reader driver behind a managed pcscd (implies --driver). The patient
    /// types the PINs `mynakit reader pad SLOT PIN…` queues, and presses Cancel once none is left.
    #[arg(long)]
    pin_pad: bool,
    /// Serve the readers through mynakit's reader driver behind a managed pcscd instead of vpcd,
    /// so that the stack faults can be given while a client runs: `mynakit reader
    /// transport-error`, `unavailable`, `available`, `restart` (`mynakit docs reader`).
    #[arg(long)]
    driver: bool,
    /// Make the card as slow as a real one (0.7 s signatures).
    #[arg(long)]
    latency: bool,
    /// The control endpoint (loopback only).
    #[arg(long, default_value_t = serve::default_control())]
    control: std::net::SocketAddr,
    /// A TOML config file instead of the flags above.
    #[arg(long, conflicts_with_all = ["personas", "slots"])]
    config: Option<PathBuf>,
    /// Write the run's trace (JSON lines) here on exit.
    #[arg(long)]
    trace: Option<PathBuf>,
    /// Also run the 資格確認端末 on this folder; `mynakit reader confirm` pushes face results.
    #[arg(long, value_name = "DIR")]
    terminal: Option<PathBuf>,
    /// The terminal's data, scenario and overrides (with --terminal).
    #[command(flatten, next_help_heading = "資格確認端末 (with --terminal)")]
    terminal_setup: mynakit_harness::serve::TerminalSetup,
    /// Share the terminal's folder over SMB (with --terminal).
    #[command(flatten, next_help_heading = "SMB share (with --terminal)")]
    smb: crate::cli::terminal::SmbArgs,
    /// Connect a reader to a vpcd driver on another host instead of a local pcscd, e.g.
    /// vsmartcard's Windows virtual reader in a VM (port 35963); repeatable, one reader
    /// each (`mynakit docs reader`, "A vpcd on another host").
    #[arg(long, value_name = "HOST:PORT")]
    vpcd: Vec<serve::VpcdAddr>,
    /// Also offer each card over the NFC relay, for mobile apps (`mynakit docs mobile`): on
    /// 127.0.0.1 with an ephemeral port, or on ADDR (e.g. 0.0.0.0:7360 for a phone on the
    /// LAN; reader i on port + i). The start-up lines give the address and the token.
    #[arg(long, value_name = "ADDR", num_args = 0..=1, default_missing_value = "127.0.0.1:0")]
    relay: Option<std::net::SocketAddr>,
    /// Also serve the test CAs' revocation: OCSP (RFC 6960) at http://ADDR/ocsp and the CRLs at
    /// http://ADDR/crl/sign-ca.crl and auth-ca.crl, from the personas (loopback only;
    /// `mynakit docs revocation`). Answers are dated on this machine's clock, not a scenario's
    /// (`mynakit run` gives each relying-party scenario a service on the scenario's clock).
    #[arg(long, value_name = "ADDR")]
    ocsp: Option<std::net::SocketAddr>,
    /// A fault of the revocation service (with --ocsp; repeatable).
    #[arg(long, value_enum, value_name = "FAULT", requires = "ocsp")]
    ocsp_fault: Vec<mynakit_protocol::RevocationFault>,
}

/// Runs `mynakit serve` until Ctrl-C or SIGTERM.
pub(crate) fn serve_command(
    args: ServeArgs,
    fixtures: Fixtures,
    lang: Lang,
) -> anyhow::Result<bool> {
    let ServeArgs {
        personas,
        slots,
        pcscd,
        contactless,
        contactless_atr,
        pin_pad,
        driver,
        latency,
        control,
        config,
        trace,
        terminal,
        terminal_setup,
        smb,
        vpcd,
        relay,
        ocsp,
        ocsp_fault,
    } = args;
    let revocation = ocsp.map(|addr| Revocation {
        addr,
        faults: ocsp_fault,
    });
    let config = match config {
        Some(path) => {
            let mut config = serve::ServeConfig::from_file(&path)?;
            if !vpcd.is_empty() {
                config.vpcd = vpcd;
            }
            config.contactless_atr = contactless_atr.or(config.contactless_atr);
            config.terminal = terminal.or(config.terminal);
            if !terminal_setup.is_default() {
                config.terminal_settings = terminal_setup;
            }
            config.smb = smb.config().or(config.smb);
            config.relay = relay.or(config.relay);
            config.pin_pad |= pin_pad;
            config.driver |= driver;
            config
        }
        None => {
            let mut list = personas;
            // With --vpcd, one reader per driver; otherwise at least one.
            let least = if vpcd.is_empty() { 1 } else { vpcd.len() };
            list.resize(
                slots.unwrap_or(list.len()).max(list.len()).max(least),
                String::new(),
            );
            serve::ServeConfig {
                pcscd: match pcscd {
                    PcscdArg::Auto => serve::PcscdMode::Auto,
                    PcscdArg::Managed => serve::PcscdMode::Managed,
                    PcscdArg::System => serve::PcscdMode::System,
                    PcscdArg::None => serve::PcscdMode::None,
                },
                control,
                contactless,
                contactless_atr,
                latency,
                slots: list,
                terminal,
                terminal_settings: terminal_setup,
                smb: smb.config(),
                vpcd,
                relay,
                pin_pad,
                driver,
            }
        }
    };
    for addr in config.vpcd.iter().filter(|a| !a.0.ip().is_loopback()) {
        // vpcd has no authentication and no encryption: whoever reaches the driver's port
        // drives the card, PIN checks included (docs/windows.md, "A real Windows machine: the
        // vpcd route"; an SSH tunnel keeps it on loopback).
        eprintln!("{}", msg::vpcd_exposed(lang, &addr.0.to_string()));
    }
    serve_until_ctrl_c(&config, fixtures, revocation, trace.as_deref(), lang)
}

/// `--ocsp` and its faults.
struct Revocation {
    addr: std::net::SocketAddr,
    faults: Vec<mynakit_protocol::RevocationFault>,
}

/// The running revocation service and how to stop it.
struct RevocationServed {
    stop: tokio::sync::watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl Revocation {
    /// Binds `addr` (loopback only: the service is for tests on this machine) and serves the
    /// personas' revocations on it; prints where.
    fn start(
        self,
        runtime: &tokio::runtime::Runtime,
        fixtures: &Fixtures,
    ) -> anyhow::Result<RevocationServed> {
        use mynakit_service::http::revocation::{spawn, CRL_PATH, OCSP_PATH};
        use mynakit_service::revocation::{Registry, Responder};
        if !self.addr.ip().is_loopback() {
            anyhow::bail!(
                "--ocsp {}: the revocation service listens on loopback only",
                self.addr
            );
        }
        let registry = Registry::from_fixtures(fixtures)?;
        let responder = std::sync::Arc::new(Responder::new(registry, self.faults));
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let (addr, task) = runtime.block_on(async {
            let listener = tokio::net::TcpListener::bind(self.addr)
                .await
                .with_context(|| format!("--ocsp {}", self.addr))?;
            let addr = listener.local_addr()?;
            anyhow::Ok((addr, spawn(listener, responder, stopped)))
        })?;
        println!("OCSP: http://{addr}{OCSP_PATH}");
        println!("CRL: http://{addr}{CRL_PATH}/sign-ca.crl, http://{addr}{CRL_PATH}/auth-ca.crl");
        println!("OCSP and CRL: dated on this machine's clock");
        Ok(RevocationServed { stop, task })
    }
}

/// The start-up line of one relay: the one place its token is shown (docs/mobile.md).
fn relay_line(relay: &mynakit_reader::nfc::Relay, lang: Lang) -> String {
    msg::relay_line(
        lang,
        relay.slot().reader(),
        &relay.addr().to_string(),
        relay.token().reveal(),
    )
}

fn serve_until_ctrl_c(
    config: &serve::ServeConfig,
    fixtures: Fixtures,
    revocation: Option<Revocation>,
    trace: Option<&std::path::Path>,
    lang: Lang,
) -> anyhow::Result<bool> {
    // Refused now rather than when the trace is written, at the end.
    trace
        .map(mynakit_fixtures::output::check_path)
        .transpose()?;
    let runtime = tokio::runtime::Runtime::new()?;
    let interrupt = runtime.block_on(async { Interrupt::listen() })?;
    let served = serve::start(config, &fixtures)?;
    let revocation = revocation
        .map(|r| r.start(&runtime, &fixtures))
        .transpose()?;
    let listener = std::net::TcpListener::bind(config.control)
        .with_context(|| format!("control endpoint {}", config.control))?;
    for slot in served.readers.slots() {
        let status = slot.status();
        match status.persona {
            Some(persona) => println!("{}: {persona} ({})", status.reader, status.atr),
            None => println!("{}", msg::reader_empty(lang, &status.reader)),
        }
        if slot.has_pin_pad() {
            println!("{}", msg::reader_pin_pad(lang, &status.reader));
        }
    }
    if let Some(terminal) = &served.terminal {
        let root = terminal.terminal().root().display().to_string();
        println!("{}", msg::terminal_served(lang, &root));
    }
    for line in served.share.iter().flat_map(|share| share.describe()) {
        println!("{line}");
    }
    if let Some(pcscd) = served.readers.pcscd() {
        for (key, value) in pcscd.client_env() {
            println!("{}", msg::pcsc_env(lang, &key, &value));
        }
    }
    for relay in &served.relays {
        println!("{}", relay_line(relay, lang));
        if !relay.addr().ip().is_loopback() {
            eprintln!("{}", msg::relay_exposed(lang, &relay.addr().to_string()));
        }
    }
    let control = listener.local_addr()?.to_string();
    let commands = super::reader::command_names();
    let commands: Vec<&str> = commands.iter().map(String::as_str).collect();
    println!("{}", msg::control_line(lang, &control, &commands));
    println!("{}", lang.t(msg::CTRL_C_OR_SIGTERM_TO_STOP));
    // A second signal ends the loop at once; the trace and the readers are still cleaned up.
    let served_until = runtime
        .block_on(
            interrupt.serve_until(|stop| serve::control_loop(&served, fixtures, listener, stop)),
        )
        .unwrap_or(Ok(()));
    // The trace is written however the loop ended, and the readers (their pcscd and its
    // directory) go before the process does.
    let written = trace.map(|path| {
        mynakit_fixtures::output::write_file(
            path,
            served.timeline.to_json_lines().as_bytes(),
            mynakit_fixtures::output::WriteMode::Replace,
        )
    });
    // Within 1 s of the signal whatever is under way (docs/serve.md, "Stopping"): the
    // revocation service gets the control endpoint's grace, and work still running on the
    // runtime's threads (a `restart` sleeping out its `for_ms`) is left behind rather than
    // waited for, as dropping the runtime would.
    if let Some(revocation) = &revocation {
        let _ = revocation.stop.send(true);
    }
    drop(served);
    if let Some(revocation) = revocation {
        let _ = runtime
            .block_on(async { tokio::time::timeout(serve::CONTROL_GRACE, revocation.task).await });
    }
    runtime.shutdown_timeout(serve::CONTROL_GRACE);
    served_until?;
    written.transpose()?;
    Ok(true)
}
