//! A child process owned from a thread of its own, killed and reaped when its owner goes: the
//! managed pcscd ([`crate::Pcscd`]) and the harness's private smbd.

use std::process::{Child, Command};
use std::time::{Duration, Instant};

/// Owns the pcscd process from a thread of its own.
///
/// The parent-death signal fires when the *thread* that spawned a process ends, so pcscd is
/// spawned from a thread that lives exactly as long as the [`Pcscd`]: callers may start it from
/// any thread (a test's, a scenario worker's). Dropping the keeper kills and reaps pcscd. The
/// harness's private smbd (`mynakit_terminal_share`) is kept the same way.
#[derive(Debug)]
pub struct Keeper {
    pid: u32,
    stop: std::sync::mpsc::Sender<()>,
    exited: std::sync::Arc<std::sync::Mutex<Option<std::process::ExitStatus>>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Keeper {
    /// Spawns `command` from a new keeper thread; its id is known once this returns.
    ///
    /// # Errors
    ///
    /// The spawn's own error.
    pub fn spawn(mut command: Command) -> std::io::Result<Keeper> {
        let (stop, stopped) = std::sync::mpsc::channel::<()>();
        let (started, start_result) = std::sync::mpsc::channel();
        let exited = std::sync::Arc::new(std::sync::Mutex::new(None));
        let exit_slot = exited.clone();
        let thread = std::thread::Builder::new()
            .name("pcscd keeper".into())
            .spawn(move || {
                let mut child: Child = match command.spawn() {
                    Ok(child) => {
                        let _ = started.send(Ok(child.id()));
                        child
                    }
                    Err(e) => {
                        let _ = started.send(Err(e));
                        return;
                    }
                };
                while let Err(std::sync::mpsc::RecvTimeoutError::Timeout) =
                    stopped.recv_timeout(Duration::from_millis(50))
                {
                    if let Ok(Some(status)) = child.try_wait() {
                        *exit_slot.lock().unwrap_or_else(|p| p.into_inner()) = Some(status);
                        return;
                    }
                }
                let _ = child.kill();
                let _ = child.wait();
            })?;
        let pid = start_result
            .recv()
            .map_err(|_| std::io::Error::other("the pcscd keeper thread stopped"))??;
        Ok(Keeper {
            pid,
            stop,
            exited,
            thread: Some(thread),
        })
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// How the process ended, once it has (without being stopped).
    pub fn exited(&self) -> Option<std::process::ExitStatus> {
        *self.exited.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Asks the process to end (SIGTERM) and waits until it has, at most `grace`; then it is
    /// killed and reaped as on drop.
    pub fn terminate(self, grace: Duration) {
        let pid = i32::try_from(self.pid)
            .ok()
            .and_then(rustix::process::Pid::from_raw);
        if let Some(pid) = pid {
            let _ = rustix::process::kill_process(pid, rustix::process::Signal::TERM);
            let start = Instant::now();
            while self.exited().is_none() && start.elapsed() < grace {
                std::thread::sleep(Duration::from_millis(2));
            }
        }
    }
}

impl Drop for Keeper {
    fn drop(&mut self) {
        let _ = self.stop.send(());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
