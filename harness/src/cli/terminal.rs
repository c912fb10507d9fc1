//! `mynakit terminal`: the 資格確認端末 on a folder until Ctrl-C, optionally shared over SMB
//! (`docs/terminal.md`).

use mynakit_fixtures::Fixtures;
use mynakit_harness::interrupt::Interrupt;

pub(crate) fn terminal_until_ctrl_c(
    root: &std::path::Path,
    setup: &mynakit_harness::terminal_setup::TerminalSetup,
    fixtures: &Fixtures,
    trace: Option<&std::path::Path>,
    smb: &mynakit_harness::smb::SmbArgs,
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
    let timeline = mynakit_fixtures::timeline::Timeline::new(None);
    let terminal = setup.build(root, fixtures, trace.map(|_| timeline.clone()))?;
    // The share is dropped (smbd stopped) when this function returns, after the terminal stops.
    let share = match smb.config() {
        Some(config) => {
            terminal.prepare_folders()?;
            Some(mynakit_harness::smb::Share::start(
                terminal.root(),
                &config,
            )?)
        }
        None => None,
    };
    for line in share.iter().flat_map(|share| share.describe()) {
        eprintln!("mynakit terminal: {line}");
    }
    eprintln!(
        "mynakit terminal: watching {} (req → res, face pushes into face)",
        terminal.root().display()
    );
    terminal.watch(&stop)?;
    if let Some(path) = trace {
        mynakit_fixtures::output::write_file(
            path,
            timeline.to_json_lines().as_bytes(),
            mynakit_fixtures::output::WriteMode::Replace,
        )?;
        eprintln!("mynakit terminal: trace written to {}", path.display());
    }
    Ok(true)
}
