//! Ctrl-C and SIGTERM, listened for *before* a command announces that it is ready.
//!
//! `tokio::signal::ctrl_c()` installs its handler only when first polled. A command that prints
//! "Ctrl-C to stop" and then awaits it leaves a window in which SIGINT still kills the process
//! with the default action: a script (or test) that reads the banner and interrupts at once sees
//! `signal: 2` instead of a clean exit. [`Interrupt::listen`] installs the handlers immediately.
//!
//! SIGTERM is handled the same way: it is what CI systems, `timeout`, `docker stop` and
//! `systemctl stop` send, and dying of it would skip the clean-up a command does on Ctrl-C
//! (`mynakit serve` writes its `--trace` and stops its private pcscd, `docs/serve.md`).

/// A Ctrl-C and SIGTERM listener whose handlers are already installed.
pub struct Interrupt {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl Interrupt {
    /// Installs the handlers now. Must be called inside a tokio runtime.
    pub fn listen() -> std::io::Result<Interrupt> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            Ok(Interrupt {
                interrupt: signal(SignalKind::interrupt())?,
                terminate: signal(SignalKind::terminate())?,
            })
        }
        #[cfg(not(unix))]
        {
            Ok(Interrupt {})
        }
    }

    /// Waits for Ctrl-C or SIGTERM.
    pub async fn wait(mut self) {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = self.interrupt.recv() => {}
                _ = self.terminate.recv() => {}
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
