//! `mynakit evidence verify DIR --key PUB.pem`: flags in, one line per problem out; exit 0 for
//! an intact bundle, 1 naming each changed, missing or unlisted file. The work is in
//! `mynakit_harness::evidence`.

use std::path::PathBuf;

use mynakit_harness::evidence::{self, VerifyingKey};
use mynakit_harness::report::lang::msg;
use mynakit_harness::report::Lang;

/// `mynakit evidence` subcommands.
#[derive(clap::Subcommand)]
pub(crate) enum EvidenceCommand {
    /// Check a bundle: the manifest's signature with the vendor's public key, every file's
    /// SHA-256, and no unlisted file. Exit 0 when intact, 1 naming what is not.
    Verify {
        /// The bundle folder (`mynakit run --evidence DIR`).
        dir: PathBuf,
        /// The vendor's public key (PEM, Ed25519 or ECDSA P-256), obtained from the vendor, not
        /// from the bundle.
        #[arg(long, value_name = "PUB.pem")]
        key: PathBuf,
    },
}

pub(crate) fn evidence_command(command: EvidenceCommand, lang: Lang) -> anyhow::Result<bool> {
    match command {
        EvidenceCommand::Verify { dir, key } => {
            let key = VerifyingKey::from_pem_file(&key)?;
            let verified = evidence::verify(&dir, &key)?;
            for problem in &verified.problems {
                println!("{problem}");
            }
            let dir = dir.display().to_string();
            if verified.problems.is_empty() {
                let algorithm = key.algorithm().name();
                let line = msg::evidence_intact(lang, &dir, verified.listed, algorithm, &key.id);
                println!("{line}");
                Ok(true)
            } else {
                let problems = verified.problems.len();
                eprintln!("{}", msg::evidence_not_intact(lang, &dir, problems));
                Ok(false)
            }
        }
    }
}
