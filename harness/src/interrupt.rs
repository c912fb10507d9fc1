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

impl Interrupt {
    /// Waits for the next Ctrl-C or SIGTERM and says which: `2` (SIGINT) or `15` (SIGTERM).
    /// Unlike [`Interrupt::wait`] it can be called again, for a second signal.
    pub async fn next(&mut self) -> i32 {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = self.interrupt.recv() => 2,
                _ = self.terminate.recv() => 15,
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
            2
        }
    }
}

impl Interrupt {
    /// Runs `serve` until it ends by itself or a stop: the future `serve` is given completes at
    /// the first Ctrl-C or SIGTERM, and `serve` then has its own bounded grace
    /// ([`mynakit_listener::Limits::shutdown_grace`]) to finish; a second signal ends
    /// it at once (`None`). Either way the caller's clean-up still runs after this returns.
    pub async fn serve_until<T, F>(
        mut self,
        serve: impl FnOnce(std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>>) -> F,
    ) -> Option<T>
    where
        F: std::future::Future<Output = T>,
    {
        let (first, first_seen) = tokio::sync::oneshot::channel::<()>();
        let serving = serve(Box::pin(async move {
            let _ = first_seen.await;
        }));
        tokio::pin!(serving);
        tokio::select! {
            done = serving.as_mut() => return Some(done),
            _ = self.next() => {}
        }
        let _ = first.send(());
        tokio::select! {
            done = serving => Some(done),
            _ = self.next() => None,
        }
    }
}

/// A run's stop switch: set once, by the first SIGINT or SIGTERM (or a test), read by every
/// scenario of the run. A conversation that sees it ends its client's process group, no new
/// scenario starts, and the report of what finished is written, marked interrupted
/// (`docs/reports.md`).
#[derive(Debug, Default)]
pub struct Stop {
    signal: std::sync::atomic::AtomicI32,
}

impl Stop {
    /// Stops the run because of `signal` (its number; the first one wins).
    pub fn trigger(&self, signal: i32) {
        let _ = self.signal.compare_exchange(
            0,
            signal.max(1),
            std::sync::atomic::Ordering::SeqCst,
            std::sync::atomic::Ordering::SeqCst,
        );
    }

    /// The signal that stopped the run, if any.
    pub fn signal(&self) -> Option<i32> {
        match self.signal.load(std::sync::atomic::Ordering::SeqCst) {
            0 => None,
            n => Some(n),
        }
    }

    /// Whether the run was stopped.
    pub fn is_set(&self) -> bool {
        self.signal().is_some()
    }
}

/// A signal's name as reports show it: `SIGINT`, `SIGTERM`, or `signal N`.
pub fn signal_name(signal: i32) -> String {
    match signal {
        2 => "SIGINT".to_owned(),
        15 => "SIGTERM".to_owned(),
        n => format!("signal {n}"),
    }
}
