//! Ctrl-C, listened for *before* a command announces that it is ready.
//!
//! `tokio::signal::ctrl_c()` installs its handler only when first polled. A command that prints
//! "Ctrl-C to stop" and then awaits it leaves a window in which SIGINT still kills the process
//! with the default action: a script (or test) that reads the banner and interrupts at once sees
//! `signal: 2` instead of a clean exit. [`Interrupt::listen`] installs the handler immediately.

/// A Ctrl-C listener whose handler is already installed.
pub struct Interrupt {
    #[cfg(unix)]
    signal: tokio::signal::unix::Signal,
}

impl Interrupt {
    /// Installs the handler now. Must be called inside a tokio runtime.
    pub fn listen() -> std::io::Result<Interrupt> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            Ok(Interrupt {
                signal: signal(SignalKind::interrupt())?,
            })
        }
        #[cfg(not(unix))]
        {
            Ok(Interrupt {})
        }
    }

    /// Waits for Ctrl-C.
    pub async fn wait(mut self) {
        #[cfg(unix)]
        {
            self.signal.recv().await;
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
