//! `mynakit-service`'s folders in layers: no two import each other, and its domain folders
//! import neither `http` nor `state` (docs/architecture.md, "The service in layers").

use super::*;

/// The folders (and one-file modules) of `mynakit-service`'s `src/`, and who reads whom through
/// `crate::` paths in their non-test code: `reader → {read}`.
fn service_folder_imports() -> (
    BTreeSet<String>,
    BTreeMap<String, BTreeSet<String>>,
    Vec<String>,
) {
    let src = root().join("service/src");
    let sources = sources();
    let tests = test_modules(&sources);
    let files: Vec<_> = sources
        .into_iter()
        .filter(|p| p.starts_with(&src) && !tests.iter().any(|t| p.starts_with(t)))
        .collect();
    let top = |path: &Path| -> String {
        let first = path
            .strip_prefix(&src)
            .unwrap()
            .components()
            .next()
            .unwrap();
        let name = first.as_os_str().to_string_lossy();
        name.trim_end_matches(".rs").to_owned()
    };
    let folders: BTreeSet<String> = files
        .iter()
        .map(|p| top(p))
        .filter(|f| f != "lib")
        .collect();
    let mut reads: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut through_root = Vec::new();
    for path in &files {
        let folder = top(path);
        if folder == "lib" {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        for (number, line) in code_part(&text).lines().enumerate() {
            let comment = line.trim_start().starts_with("//");
            // A doc comment that names another folder (`crate::http::…`) points up or across as
            // an import does, and rustdoc links it: it counts as a read. Other comments do not.
            if comment
                && !line.trim_start().starts_with("///")
                && !line.trim_start().starts_with("//!")
            {
                continue;
            }
            for name in crate_paths(line) {
                if comment && !folders.contains(&name) {
                    continue;
                }
                if !folders.contains(&name) {
                    // `crate::AppState` would read a folder past this rule, through the root.
                    through_root.push(format!(
                        "{}:{}: `crate::{name}` names the crate root; name the folder that holds it",
                        path.strip_prefix(root()).unwrap().display(),
                        number + 1
                    ));
                } else if name != folder {
                    reads.entry(folder.clone()).or_default().insert(name);
                }
            }
        }
    }
    (folders, reads, through_root)
}

/// The service's folders below `state` (docs/architecture.md, "The service in layers"): the
/// domains (the card's proof, eligibility, devices, care settings, device signatures, faults,
/// the journal, the test CAs' revocation) and `redact`, which both `state` and `http` use. Above them `state` (one service
/// instance), above that `http`.
const SERVICE_DOMAINS: [&str; 10] = [
    "card_proof",
    "care",
    "devices",
    "eligibility",
    "fault",
    "journal",
    "nonce",
    "redact",
    "revocation",
    "signatures",
];

#[test]
fn the_services_folders_are_layers() {
    let (folders, reads, through_root) = service_folder_imports();
    assert!(
        folders.contains("http") && folders.contains("state") && folders.contains("eligibility"),
        "the service's folders found: {folders:?}"
    );
    let mut found = through_root;
    for folder in &folders {
        if !SERVICE_DOMAINS.contains(&folder.as_str())
            && !["http", "state"].contains(&folder.as_str())
        {
            found.push(format!(
                "service/src/{folder}: neither a domain folder, `state` nor `http`; give it its \
                 place in SERVICE_DOMAINS and docs/architecture.md"
            ));
        }
    }
    for (reader, read) in &reads {
        for other in read {
            if reads.get(other).is_some_and(|r| r.contains(reader)) && reader < other {
                found.push(format!("`{reader}` and `{other}` import each other"));
            }
            if SERVICE_DOMAINS.contains(&reader.as_str())
                && ["http", "state"].contains(&other.as_str())
            {
                found.push(format!(
                    "the domain folder `{reader}` imports `{other}`: a domain declares what it \
                     reads of the service as a context trait, which `state` implements"
                ));
            }
        }
    }
    assert!(
        reads
            .get("http")
            .is_some_and(|r| r.contains("state") && r.contains("eligibility")),
        "the rule reads the service's imports: {reads:#?}"
    );
    assert!(
        found.is_empty(),
        "the service's folders in layers (docs/architecture.md, \"The service in layers\"): \
         {found:#?}"
    );
}
