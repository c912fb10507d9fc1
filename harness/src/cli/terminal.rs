//! `mynakit terminal`: the 資格確認端末 on a folder until Ctrl-C, optionally shared over SMB
//! (`docs/terminal.md`).

use std::net::IpAddr;

use mynakit_fixtures::Fixtures;
use mynakit_harness::interrupt::Interrupt;
use mynakit_harness::report::lang::msg;
use mynakit_harness::report::untrusted::terminal as escaped;
use mynakit_harness::report::Lang;
use mynakit_terminal_share::{Share, ShareConfig};

/// The flags of `mynakit terminal` and `mynakit serve --terminal DIR`.
#[derive(Clone, Debug, Default, PartialEq, Eq, clap::Args)]
pub(crate) struct SmbArgs {
    /// Share the terminal's folder as \\HOST\oqs through a private smbd (Debian's samba), on
    /// loopback on a free high port; the user and where to read the password are printed.
    #[arg(long)]
    pub(crate) smb: bool,
    /// Serve the share on this address of the machine, port 445, for a Windows レセコン (in a
    /// VM) on that network; implies --smb. Needs root and a free port 445.
    #[arg(long, value_name = "ADDR")]
    pub(crate) smb_listen: Option<IpAddr>,
}

impl SmbArgs {
    /// The share asked for, if any.
    pub(crate) fn config(&self) -> Option<ShareConfig> {
        (self.smb || self.smb_listen.is_some()).then_some(ShareConfig {
            listen: self.smb_listen,
        })
    }
}

pub(crate) fn terminal_until_ctrl_c(
    root: &std::path::Path,
    setup: &mynakit_harness::serve::TerminalSetup,
    fixtures: &Fixtures,
    trace: Option<&std::path::Path>,
    smb: &SmbArgs,
    lang: Lang,
) -> anyhow::Result<bool> {
    trace
        .map(mynakit_fixtures::output::check_path)
        .transpose()?;
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = stop.clone();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let interrupt = runtime.block_on(async { Interrupt::listen() })?;
    std::thread::spawn(move || {
        runtime.block_on(interrupt.wait());
        flag.store(true, std::sync::atomic::Ordering::SeqCst);
    });
    let timeline = mynakit_timeline::Timeline::new(None);
    let terminal = setup.build(root, fixtures, trace.map(|_| timeline.clone()))?;
    // The share is dropped (smbd stopped) when this function returns, after the terminal stops.
    let share = match smb.config() {
        Some(config) => {
            terminal.prepare_folders()?;
            Some(Share::start(terminal.root(), &config)?)
        }
        None => None,
    };
    for line in share.iter().flat_map(|share| share.describe()) {
        // The share's lines name the root, an argument: shown with its controls escaped.
        eprintln!("mynakit terminal: {}", escaped(&line));
    }
    eprintln!(
        "{}",
        msg::terminal_watching(lang, &escaped(&terminal.root().display().to_string()))
    );
    terminal.watch(&stop)?;
    if let Some(path) = trace {
        mynakit_fixtures::output::write_file(
            path,
            timeline.to_json_lines().as_bytes(),
            mynakit_fixtures::output::WriteMode::Replace,
        )?;
        let path = path.display().to_string();
        eprintln!("{}", msg::trace_written(lang, &escaped(&path)));
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn flags_name_the_share() {
        assert_eq!(SmbArgs::default().config(), None);
        let listen = SmbArgs {
            smb: false,
            smb_listen: Some("192.168.122.1".parse().unwrap()),
        };
        assert_eq!(
            listen.config().unwrap().listen,
            Some("192.168.122.1".parse().unwrap())
        );
    }
}
