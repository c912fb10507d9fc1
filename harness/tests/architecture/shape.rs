//! The shape of a crate's code: no function over the limit where the limit holds, and a crate
//! root that only declares (docs/architecture.md).

use super::*;

/// The most lines a function may span, from its `fn` line to its closing brace.
const MAX_FUNCTION_LINES: usize = 150;

/// The source folders (tests included) whose functions are held to [`MAX_FUNCTION_LINES`]:
/// `harness/src` since issue 90 (a subcommand's module parses and prints, the steps of its work
/// are the library's functions).
const SHORT_FUNCTION_FOLDERS: [&str; 4] = [
    "reference-client/src",
    "protocol/src",
    "conformance/src",
    "harness/src",
];

/// Whether `item` (a line without its indent) begins a function: `fn name` after any of `pub`,
/// `pub(…)`, `const`, `async`, `unsafe` and `extern "…"`.
fn starts_a_function(item: &str) -> bool {
    let mut rest = item;
    loop {
        if let Some(name) = rest.strip_prefix("fn ") {
            return name.starts_with(|c: char| c.is_alphabetic() || c == '_');
        }
        let next = if rest.starts_with("pub(") {
            rest.find(") ").map(|at| &rest[at + 2..])
        } else if rest.starts_with("extern \"") {
            rest.find("\" ").map(|at| &rest[at + 2..])
        } else {
            ["pub ", "const ", "async ", "unsafe "]
                .iter()
                .find_map(|prefix| rest.strip_prefix(prefix))
        };
        match next {
            Some(after) => rest = after,
            None => return false,
        }
    }
}

/// Every function with a body over several lines in `code` (laid out by rustfmt), as its first
/// line (1-based) and the lines it spans: from the `fn` line to the first line after it that is
/// only `}` at the `fn` line's indent. A declaration without a body (`fn f(&self);`, on one line
/// or several) and a function on one line are not measured.
fn function_spans(code: &str) -> Vec<(usize, usize)> {
    let lines: Vec<&str> = code.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let item = line.trim_start();
        let indent = &line[..line.len() - item.len()];
        let end = line.trim_end();
        if !starts_a_function(item) || end.ends_with('}') || end.ends_with(';') {
            continue;
        }
        let close = format!("{indent}}}");
        for (j, later) in lines.iter().enumerate().skip(i + 1) {
            if *later == close {
                out.push((i + 1, j - i + 1));
                break;
            }
            let at_indent = later.starts_with(indent) && !later[indent.len()..].starts_with(' ');
            if at_indent && later.trim_end().ends_with(';') {
                break;
            }
        }
    }
    out
}

#[test]
fn the_function_span_finder_measures_them() {
    let code = "fn a() {\n    let x = 1;\n}\npub(crate) fn b(\n    y: u8,\n) -> u8 {\n    y\n}\n\
                trait T {\n    fn c(&self);\n    fn d(\n        &self,\n    ) -> u8;\n\
                \x20   fn e(&self) -> u8 {\n        1\n    }\n}\nfn f() {}\n\
                impl X {\n    pub const unsafe fn g<T>()\n    where\n        T: Copy,\n    {\n\
                \x20       let _ = || {\n            1\n        };\n    }\n}\n\
                // fn h() {\n/// fn i() {\nlet fn_j = 1;\n";
    assert_eq!(function_spans(code), [(1, 3), (4, 5), (14, 3), (20, 8)]);
}

#[test]
fn no_function_is_over_150_lines_in_the_short_function_folders() {
    let folders: Vec<PathBuf> = SHORT_FUNCTION_FOLDERS
        .iter()
        .map(|f| root().join(f))
        .collect();
    let mut found = Vec::new();
    let mut files = 0;
    for path in sources()
        .iter()
        .filter(|p| folders.iter().any(|f| p.starts_with(f)))
    {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        files += 1;
        for (line, count) in function_spans(&text) {
            if count > MAX_FUNCTION_LINES {
                let file = path.strip_prefix(root()).unwrap_or(path).display();
                found.push(format!("{file}:{line}: {count} lines"));
            }
        }
    }
    assert!(files > 40, "only {files} files read");
    assert!(
        found.is_empty(),
        "split into named steps, at most {MAX_FUNCTION_LINES} lines each (issues 70 and 90; \
         docs/architecture.md): {found:#?}"
    );
}

/// Whether `line` (trimmed, comments blanked) declares rather than defines: a module by its
/// file (`mod x;`, `pub mod x;`), an import or re-export, an attribute.
fn declares(line: &str) -> bool {
    let module = ["mod ", "pub mod ", "pub(crate) mod "]
        .iter()
        .any(|p| line.starts_with(p))
        && line.ends_with(';');
    let import = ["use ", "pub use ", "pub(crate) use "]
        .iter()
        .any(|p| line.starts_with(p));
    module || import || line.starts_with("#[") || line.starts_with("#![")
}

/// The lines of a crate root (comments blanked) that are not declarations, as `line: text`;
/// a `use` that spans lines is one declaration.
fn definitions_in(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut open_use = false;
    for (number, line) in code.lines().enumerate() {
        let line = line.trim();
        if open_use {
            open_use = !line.ends_with(';');
        } else if declares(line) {
            open_use = line.contains("use ") && !line.ends_with(';');
        } else if !line.is_empty() {
            found.push(format!("{}: {line}", number + 1));
        }
    }
    found
}

#[test]
fn the_definition_finder_finds_them() {
    let code = "//! The crate.\n\nmod a;\npub mod b;\npub use a::{\n    X,\n    Y,\n};\n\
                #[cfg(test)]\nmod tests;\npub const N: u8 = 1;\npub mod env {\n}\n\
                fn f() {}\n";
    let found = definitions_in(&without_comments(code));
    assert_eq!(
        found,
        [
            "11: pub const N: u8 = 1;",
            "12: pub mod env {",
            "13: }",
            "14: fn f() {}"
        ]
    );
}

#[test]
fn the_protocol_crate_root_only_declares() {
    let lib = std::fs::read_to_string(root().join("protocol/src/lib.rs")).unwrap();
    let found = definitions_in(&without_comments(&lib));
    assert!(
        found.is_empty(),
        "protocol/src/lib.rs only declares its modules and re-exports their items (issue 70); \
         move these to the module named after their concept: {found:#?}"
    );
}
