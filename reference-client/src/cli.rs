//! The command line: `mynakit-reference-client [--defect NAME]...`, the way `mynakit run` starts
//! any client (`docs/client-protocol.md`). It reads the `MYNAKIT_*` environment, opens the PC/SC
//! reader named by `MYNAKIT_READER` (if set), speaks the protocol on stdin/stdout and logs to
//! stderr. The binary, and any other program that wants to offer the same command (the `mynakit`
//! CLI), only call [`command`].

use std::io::{stdin, stdout};
use std::process::ExitCode;

use crate::{run, CardTransport, ClientEnv, Defect, Defects, PcscCard};

const USAGE: &str = "\
usage: mynakit-reference-client [--defect NAME]...

The mynakit reference client. Started by `mynakit run` (the default client), or by hand with the
MYNAKIT_* variables of docs/client-protocol.md; speaks the client protocol on stdin/stdout.

  --defect NAME   switch on a deliberate bug, for testing mynakit itself (repeatable)
  --list-defects  list the defects
  --help          this text
  --version       the version";

/// Writes `text` to stdout: a closed pipe (`--list-defects | head -1`) ends quietly, as every
/// `mynakit` subcommand does, rather than panic as `println!` would.
fn print(text: &str) -> ExitCode {
    use std::io::Write as _;
    let mut out = stdout();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("mynakit-reference-client: {e}");
            ExitCode::from(2)
        }
        _ => ExitCode::SUCCESS,
    }
}

/// Runs the command with `args` (without the program name) and returns its exit status: 0 after
/// a result, 1 when the conversation broke, 2 for a usage or environment error.
pub fn command<I: IntoIterator<Item = String>>(args: I) -> ExitCode {
    let mut defects = Defects::none();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let name = match arg.as_str() {
            "--help" | "-h" => return print(&format!("{USAGE}\n")),
            "--version" | "-V" => {
                return print(&format!(
                    "mynakit-reference-client {}\n",
                    env!("CARGO_PKG_VERSION")
                ))
            }
            "--list-defects" => {
                let list: String = Defect::ALL
                    .iter()
                    .map(|d| format!("{:<32}{}\n", d.name(), d.description()))
                    .collect();
                return print(&list);
            }
            "--defect" => args.next(),
            other => other.strip_prefix("--defect=").map(str::to_owned),
        };
        let Some(name) = name else {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        };
        match name.parse::<Defect>() {
            Ok(defect) => defects.insert(defect),
            Err(e) => {
                eprintln!("mynakit-reference-client: {e}");
                return ExitCode::from(2);
            }
        }
    }
    let env = match ClientEnv::from_env() {
        Ok(env) => env,
        Err(e) => {
            eprintln!("mynakit-reference-client: {e}");
            return ExitCode::from(2);
        }
    };
    // The card behind mynakit's NFC relay, as a phone reads it, when the harness says where
    // (docs/mobile.md); else the PC/SC reader.
    let vars: Vec<(String, String)> = std::env::vars().collect();
    let relay = crate::relay_from_vars(vars.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let card: Option<Box<dyn CardTransport + Send>> = match (relay, env.reader.as_deref()) {
        (Some((addr, token)), _) => match crate::RelayCard::connect(&addr, &token) {
            Ok(card) => Some(Box::new(card)),
            Err(e) => {
                eprintln!("mynakit-reference-client: {e}");
                return ExitCode::from(2);
            }
        },
        (None, reader) => match reader {
            Some(reader) => match PcscCard::new(reader) {
                Ok(card) if env.variants.has(crate::Variant::OwnTransactions) => {
                    Some(Box::new(card.with_own_transactions()))
                }
                Ok(card) => Some(Box::new(card)),
                Err(e) => {
                    eprintln!("mynakit-reference-client: {e}");
                    return ExitCode::from(2);
                }
            },
            None => None,
        },
    };
    match run(&env, card, stdin().lock(), stdout().lock(), &defects) {
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mynakit-reference-client: {e}");
            ExitCode::FAILURE
        }
    }
}
