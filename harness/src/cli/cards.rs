//! `mynakit cards serve`: flags in, the address out. The work is in `mynakit_load_cards`
//! (`docs/performance.md`, "Virtual cards for load tests").

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context as _;
use mynakit_fixtures::generated::DEFAULT_TEMPLATE;
use mynakit_fixtures::Fixtures;
use mynakit_harness::interrupt::Interrupt;
use mynakit_harness::report::lang::msg;
use mynakit_harness::report::untrusted::terminal;
use mynakit_harness::report::Lang;
use mynakit_load_cards::{self as cards, CardSet};

/// The cards' default address: loopback only.
const DEFAULT_LISTEN: &str = "127.0.0.1:7360";

/// How many keys a generated set holds unless told.
const DEFAULT_KEYS: usize = 8;

/// `mynakit cards` subcommands.
#[derive(clap::Subcommand)]
pub(crate) enum CardsCommand {
    /// Serve virtual cards over HTTP until Ctrl-C: card i's certificate, and card i's signature
    /// over a challenge (for load engines such as Locust; `mynakit docs performance`).
    Serve {
        /// How many generated cards (a deterministic JPKI-TEST PKI; default 100 unless
        /// --persona is given).
        #[arg(long, value_name = "N", conflicts_with = "personas")]
        count: Option<usize>,
        /// How many distinct RSA-2048 keys the generated cards share (each card still has its
        /// own certificate and serial); deriving a key takes tenths of a second.
        #[arg(long, value_name = "K", default_value_t = DEFAULT_KEYS)]
        keys: usize,
        /// The persona whose data generated cards copy.
        #[arg(long, value_name = "ID", default_value = DEFAULT_TEMPLATE)]
        template: String,
        /// Serve this fixture persona's own card instead of generated ones (repeat the flag).
        #[arg(long = "persona", value_name = "ID")]
        personas: Vec<String>,
        /// The address to listen on. The default is loopback; any other address lets that
        /// network have the cards sign, so every request must then carry the token printed at
        /// start-up (`Authorization: Bearer <token>`; `mynakit docs security`).
        #[arg(long, value_name = "ADDR", default_value = DEFAULT_LISTEN)]
        listen: SocketAddr,
        /// Write service data naming every card holder here, for `mynakit service --data FILE`
        /// (the target of a load test must know the cards' serials).
        #[arg(long, value_name = "FILE")]
        service_data: Option<PathBuf>,
    },
}

/// Runs `command`.
pub(crate) fn cards_command(
    command: CardsCommand,
    fixtures: &Fixtures,
    lang: Lang,
) -> anyhow::Result<bool> {
    let CardsCommand::Serve {
        count,
        keys,
        template,
        personas,
        listen,
        service_data,
    } = command;
    let set = if personas.is_empty() {
        CardSet::generated(fixtures, &template, count.unwrap_or(100), keys)?
    } else {
        CardSet::personas(fixtures, &personas)?
    };
    if let Some(path) = &service_data {
        write_service_data(path, set.holders(fixtures)?)?;
    }
    let set = Arc::new(set);
    let token = cards::needs_token(listen).then(cards::AccessToken::generate);
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let interrupt = Interrupt::listen()?;
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .with_context(|| format!("cards serve: cannot listen on {listen}"))?;
        let local = listener.local_addr()?;
        let local = local.to_string();
        println!("{}", msg::cards_listening(lang, &local, set.cards.len()));
        if let Some(token) = &token {
            eprintln!("{}", msg::cards_exposed(lang, &local));
            // The only place the token is shown; nothing else prints or logs it.
            println!("{}", msg::cards_token(lang, token.reveal()));
        }
        if let Some(path) = &service_data {
            // `--service-data` is an argument: shown with its controls escaped.
            let path = path.display().to_string();
            println!("{}", msg::service_data(lang, &terminal(&path)));
        }
        println!("{}", lang.t(msg::CTRL_C_TO_STOP));
        // The one HTTP listener of mynakit: head and body deadlines, and a stop that stops
        // within its grace whatever the peers do; a second signal stops at once.
        interrupt
            .serve_until(|stop| cards::serve(listener, set, token, stop))
            .await
            .transpose()?;
        anyhow::Ok(true)
    })
}

/// Writes the card holders `holders` to `path` as service data for `mynakit service --data
/// FILE` (`docs/service.md`, "Service data"), but never through a symlink.
fn write_service_data(
    path: &std::path::Path,
    holders: Vec<mynakit_persona::Persona>,
) -> anyhow::Result<()> {
    use mynakit_fixtures::output::{write_file, WriteMode};
    let data = mynakit_service::state::data::ServiceData {
        persons: holders,
        ..Default::default()
    };
    let yaml = serde_yaml_ng::to_string(&data).context("--service-data")?;
    let text = format!(
        "# Card holders of `mynakit cards` (generated, O=JPKI-TEST; docs/performance.md).\n{yaml}"
    );
    write_file(path, text.as_bytes(), WriteMode::Replace).context("--service-data")
}
