//! Errors as types: the converted crates return typed errors, never strings; `anyhow` only in
//! the harness's CLI; no library crate re-exports another mynakit crate's items.

use super::*;

/// Crates whose library code is held to typed errors (issue 51, "errors are enums"): no
/// `Result<_, String>`, no `type Error = String`, no `Box<dyn Error>` in a public item: every
/// library crate, and the harness outside `cli/` (which prints errors as text). In the harness,
/// `anyhow` is named only in `cli/` and `main.rs`.
const TYPED_ERROR_CRATES: [&str; 18] = [
    "apdu",
    "capture",
    "conformance",
    "emulator",
    "fixtures",
    "harness",
    "listener",
    "load-cards",
    "oqs",
    "persona",
    "protocol",
    "reader",
    "reference-client",
    "service",
    "terminal",
    "terminal-share",
    "timeline",
    "uke",
];

/// The end of the generic arguments opened just before `from` (the `<` already read), skipping
/// the `>` of `->`.
fn generic_end(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 1;
    for at in from..bytes.len() {
        match bytes[at] {
            b'<' => depth += 1,
            b'>' if at > 0 && bytes[at - 1] == b'-' => {}
            b'>' => {
                depth -= 1;
                if depth == 0 {
                    return Some(at);
                }
            }
            b';' | b'{' => return None,
            _ => {}
        }
    }
    None
}

/// The byte offsets in `code` (comments already blanked) where an error is a string or a
/// boxed `dyn Error` in a public item.
fn string_errors_in(code: &str) -> Vec<usize> {
    let mut found = Vec::new();
    for (at, _) in code.match_indices("Result<") {
        let open = at + "Result<".len();
        let Some(close) = generic_end(code, open) else {
            continue;
        };
        // The top-level arguments (a trailing comma ends none); the error is the second.
        let arguments = &code[open..close];
        let mut depth = 0;
        let mut start = 0;
        let mut split = Vec::new();
        for (i, c) in arguments.char_indices() {
            match c {
                '<' | '(' | '[' => depth += 1,
                '>' if i > 0 && arguments.as_bytes()[i - 1] == b'-' => {}
                '>' | ')' | ']' => depth -= 1,
                ',' if depth == 0 => {
                    split.push(arguments[start..i].trim());
                    start = i + 1;
                }
                _ => {}
            }
        }
        split.push(arguments[start..].trim());
        split.retain(|a| !a.is_empty());
        if split.len() == 2 && split[1] == "String" {
            found.push(at);
        }
    }
    for pattern in ["type Error = String", "type Error=String"] {
        found.extend(code.match_indices(pattern).map(|(at, _)| at));
    }
    let mut offset = 0;
    for line in code.split_inclusive('\n') {
        let item = line.trim_start();
        if item.starts_with("pub ") && item.contains("Box<dyn ") && item.contains("Error") {
            found.push(offset);
        }
        offset += line.len();
    }
    found.sort_unstable();
    found
}

#[test]
fn the_string_error_finder_finds_them() {
    let code = "fn a() -> Result<Vec<u8>, String> {}\nfn b() -> io::Result<String> {}\n\
                fn c() -> Result<\n    Vec<(u8, u8)>,\n    String,\n> {}\n\
                fn d() -> Result<Box<dyn Fn() -> u8>, Error> {}\n\
                impl TryFrom<u8> for X {\n    type Error = String;\n}\n\
                pub fn e() -> Box<dyn std::error::Error> {}\n\
                pub(crate) type BoxError = Box<dyn std::error::Error>;\n\
                fn f() -> Result<String, Problem> {}\n";
    let lines: Vec<usize> = string_errors_in(code)
        .into_iter()
        .map(|at| code[..at].matches('\n').count() + 1)
        .collect();
    assert_eq!(lines, [1, 3, 9, 11]);
    assert!(string_errors_in(&without_comments("/// Result<u8, String>\n")).is_empty());
}

#[test]
fn converted_crates_have_typed_errors() {
    let sources = sources();
    let tests = test_modules(&sources);
    let mut found = Vec::new();
    let mut files = 0;
    for krate in TYPED_ERROR_CRATES {
        let src = root().join(krate).join("src");
        assert!(src.is_dir(), "{} is no crate's src/", src.display());
        for path in sources.iter().filter(|p| p.starts_with(&src)) {
            // The harness's CLI prints errors as text; its library does not (issue 51).
            if tests.iter().any(|t| path.starts_with(t)) || path.starts_with(src.join("cli")) {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            files += 1;
            let code = without_comments(code_part(&text));
            for at in string_errors_in(&code) {
                let line = code[..at].matches('\n').count() + 1;
                let shown = code[at..].lines().next().unwrap_or_default().trim();
                found.push(format!(
                    "{}:{line}: {shown}",
                    path.strip_prefix(root()).unwrap_or(path).display()
                ));
            }
        }
    }
    assert!(files > 100, "only {files} files read");
    // `anyhow` is the binary's: its `main.rs` and `cli/` print errors as text; the library
    // returns types (unit tests included, so that none leans on it).
    let src = root().join("harness/src");
    let mut harness_files = 0;
    for path in sources.iter().filter(|p| p.starts_with(&src)) {
        if path.starts_with(src.join("cli")) || *path == src.join("main.rs") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        harness_files += 1;
        let code = without_comments(&text);
        for at in anyhow_uses_in(&code) {
            let line = code[..at].matches('\n').count() + 1;
            let shown = code[at..].lines().next().unwrap_or_default().trim();
            found.push(format!(
                "{}:{line}: `anyhow` outside harness/src/cli/ and main.rs: {shown}",
                path.strip_prefix(root()).unwrap_or(path).display()
            ));
        }
    }
    assert!(
        harness_files > 50,
        "only {harness_files} harness files read"
    );
    assert!(
        found.is_empty(),
        "errors are enums naming the place (issue 51; docs/architecture.md): {found:#?}"
    );
}

/// The byte offsets in `code` (comments already blanked) where `anyhow` is named.
fn anyhow_uses_in(code: &str) -> Vec<usize> {
    code.match_indices("anyhow").map(|(at, _)| at).collect()
}

#[test]
fn the_anyhow_finder_finds_it() {
    let code = "use anyhow::Context;\nfn a() -> Result<(), Problem> {}\n\
                fn b() -> anyhow::Result<()> {}\n// anyhow in a comment\n\
                fn c() { anyhow::bail!(\"no\") }\n";
    let code = without_comments(code);
    let lines: Vec<usize> = anyhow_uses_in(&code)
        .into_iter()
        .map(|at| code[..at].matches('\n').count() + 1)
        .collect();
    assert_eq!(lines, [1, 3, 5]);
}

/// Re-exports of another mynakit crate's items a library keeps on purpose, each with its reason
/// (`no_library_reexports_another_crate`): the file below the workspace root and the line as
/// written.
const KEPT_REEXPORTS: [(&str, &str); 1] = [
    // The harness library's `protocol` module (docs/architecture.md, "The harness", and the
    // crate docs name it among its eight public modules; the CLI reads the protocol through it):
    // the client protocol, whole, for Rust code built on the harness.
    (
        "harness/src/lib.rs",
        "pub use mynakit_protocol as protocol;",
    ),
];

/// The byte offsets in `code` (comments already blanked) where an item of a mynakit crate is
/// re-exported: a `pub use` whose path starts with a `mynakit_` crate. A `pub(crate) use` is a
/// name inside the crate, not a re-export.
fn reexports_in(code: &str) -> Vec<usize> {
    let mut found = Vec::new();
    let mut offset = 0;
    for line in code.split_inclusive('\n') {
        let item = line.trim_start();
        if let Some(path) = item.strip_prefix("pub use ") {
            let path = path.trim_start().trim_start_matches("::");
            if path.starts_with("mynakit_") {
                found.push(offset + (line.len() - item.len()));
            }
        }
        offset += line.len();
    }
    found
}

#[test]
fn the_reexport_finder_finds_them() {
    let code = "pub use mynakit_oqs::MessageKind;\nuse mynakit_apdu::Sw;\n\
                pub(crate) use mynakit_apdu::Application as AppKind;\n\
                pub use mynakit_protocol::{\n    Secret,\n};\n\
                pub use crate::names::ElementName;\n// pub use mynakit_persona::Persona;\n\
                pub use ::mynakit_persona::Persona;\npub use mynakit_protocol as protocol;\n\
                mod inner {\n    pub use mynakit_apdu::Sw;\n}\npub use serde_json::Value;\n";
    let code = without_comments(code);
    let lines: Vec<usize> = reexports_in(&code)
        .into_iter()
        .map(|at| code[..at].matches('\n').count() + 1)
        .collect();
    assert_eq!(lines, [1, 4, 9, 10, 12]);
}

/// The source folders of the workspace's library crates (`lib` targets), below the root.
fn library_folders() -> Vec<PathBuf> {
    member_targets()
        .into_iter()
        .filter(|(kinds, _)| kinds.iter().any(|k| k == "lib"))
        .map(|(_, root)| {
            root.parent()
                .expect("a crate root has a folder")
                .to_path_buf()
        })
        .collect()
}

/// Issue 51: a caller imports a type from the crate that owns it, so a crate's API is what it
/// defines and the layer picture is what the imports say; no library passes on another mynakit
/// crate's items under its own name, except [`KEPT_REEXPORTS`].
#[test]
fn no_library_reexports_another_crate() {
    let folders = library_folders();
    assert!(folders.len() >= 17, "every library crate: {folders:#?}");
    let sources = sources();
    let tests = test_modules(&sources);
    let mut found = Vec::new();
    let mut kept = Vec::new();
    let mut files = 0;
    for path in sources
        .iter()
        .filter(|p| folders.iter().any(|f| p.starts_with(f)))
    {
        if tests.iter().any(|t| path.starts_with(t)) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        files += 1;
        let code = without_comments(code_part(&text));
        let file = path
            .strip_prefix(root())
            .unwrap_or(path)
            .display()
            .to_string();
        for at in reexports_in(&code) {
            let shown = code[at..].lines().next().unwrap_or_default().trim();
            if KEPT_REEXPORTS.contains(&(file.as_str(), shown)) {
                kept.push((file.clone(), shown.to_owned()));
                continue;
            }
            let line = code[..at].matches('\n').count() + 1;
            found.push(format!("{file}:{line}: {shown}"));
        }
    }
    assert!(files > 100, "only {files} files read");
    assert_eq!(
        kept.len(),
        KEPT_REEXPORTS.len(),
        "every kept re-export is still there (else drop it from KEPT_REEXPORTS): {kept:#?}"
    );
    assert!(
        found.is_empty(),
        "import these from the crate that owns them, not through a re-export (issue 51; \
         docs/architecture.md): {found:#?}"
    );
}
