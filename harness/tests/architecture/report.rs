//! The report's layers (issue 90, item 1; docs/architecture.md, "The report's layers"): the
//! model at the bottom (`report/model/`), the wording in English and Japanese above it
//! (`report/lang/`), the writers on top. Three rules keep it so: `report/mod.rs` only declares
//! (modules and what it re-exports, at most 150 lines), no module below `report/` names an item
//! through `report/mod.rs` (defined or re-exported there: it names the module that defines it),
//! and the model (`report/model/` and the parts it holds) names no language (choosing words is
//! the language layer's).

use super::runner::{back_up_paths, defined_items, files_below};
use super::*;

/// The report's folder, below the workspace root.
fn report_dir() -> PathBuf {
    root().join("harness/src/report")
}

/// The most lines `report/mod.rs` may have.
const REPORT_TOP_LINES: usize = 150;

/// The model's parts beside `report/model/`, the files of the bottom layer below `report/`
/// (docs/architecture.md, "The report's layers"): like `model/`, none names a language.
const MODEL_PARTS: [&str; 12] = [
    "apdu_figures.rs",
    "attempts.rs",
    "beyond.rs",
    "causes.rs",
    "detail.rs",
    "expected_fields.rs",
    "facts.rs",
    "flake.rs",
    "identity.rs",
    "run_days.rs",
    "setup_failure.rs",
    "terminal_files.rs",
];

/// The names a `use` tree brings into scope (the last name, or its rename), globs left out.
fn used_names(tree: &syn::UseTree, out: &mut BTreeSet<String>) {
    match tree {
        syn::UseTree::Path(p) => used_names(&p.tree, out),
        syn::UseTree::Name(n) => {
            out.insert(n.ident.to_string());
        }
        syn::UseTree::Rename(r) => {
            out.insert(r.rename.to_string());
        }
        syn::UseTree::Glob(_) => {}
        syn::UseTree::Group(g) => g.items.iter().for_each(|t| used_names(t, out)),
    }
}

/// What `report/mod.rs` declares that is not a module or an import: each a broken rule.
fn not_declarations(file: &syn::File) -> Vec<String> {
    file.items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Mod(m) if m.content.is_none() => None,
            syn::Item::Use(_) => None,
            other => Some(
                quote_kind(other)
                    .unwrap_or("an item with a body")
                    .to_owned(),
            ),
        })
        .collect()
}

/// What kind of item it is, for the message.
fn quote_kind(item: &syn::Item) -> Option<&'static str> {
    Some(match item {
        syn::Item::Fn(_) => "a function",
        syn::Item::Struct(_) | syn::Item::Enum(_) | syn::Item::Union(_) => "a type",
        syn::Item::Const(_) | syn::Item::Static(_) => "a constant",
        syn::Item::Impl(_) => "an impl",
        syn::Item::Mod(_) => "an inline module",
        _ => return None,
    })
}

/// The names `report/mod.rs` gives its children to reach back up for: what it defines, what it
/// re-exports, and a glob (`*`); its modules' names are not among them (`super::lang::Lang`
/// names the module `lang`, a sibling, not the hub).
fn hub_names(file: &syn::File) -> BTreeSet<String> {
    let mut names = defined_items(file);
    for item in &file.items {
        if let syn::Item::Use(u) = item {
            used_names(&u.tree, &mut names);
        }
    }
    for item in &file.items {
        if let syn::Item::Mod(m) = item {
            names.remove(&m.ident.to_string());
        }
    }
    names.insert("*".to_owned());
    names
}

/// The paths in `code` that name a language: the language layer's module or its type. Its
/// tests (`#[cfg(test)] mod`) are left out: they may check how the model reads.
fn language_paths(code: &str) -> Vec<String> {
    let mut file = syn::parse_file(code).unwrap_or_else(|e| panic!("{e}"));
    file.items.retain(|item| match item {
        syn::Item::Mod(m) => !m.attrs.iter().any(|a| {
            a.path().is_ident("cfg") && a.parse_args::<syn::Ident>().is_ok_and(|i| i == "test")
        }),
        _ => true,
    });
    let mut paths = Vec::new();
    collect_paths(&file, &mut paths);
    paths
        .into_iter()
        .filter(|p| p.iter().any(|s| s == "lang" || s == "Lang"))
        .map(|p| p.join("::"))
        .collect()
}

/// Every path `file` names in its `use`s and code.
fn collect_paths(file: &syn::File, out: &mut Vec<Vec<String>>) {
    struct Paths<'a>(&'a mut Vec<Vec<String>>);
    impl<'ast> syn::visit::Visit<'ast> for Paths<'_> {
        fn visit_path(&mut self, path: &'ast syn::Path) {
            self.0
                .push(path.segments.iter().map(|s| s.ident.to_string()).collect());
            syn::visit::visit_path(self, path);
        }
        fn visit_use_tree(&mut self, tree: &'ast syn::UseTree) {
            let mut names = BTreeSet::new();
            used_names(tree, &mut names);
            let mut prefix = Vec::new();
            let mut t = tree;
            while let syn::UseTree::Path(p) = t {
                prefix.push(p.ident.to_string());
                t = &p.tree;
            }
            for name in names {
                let mut path = prefix.clone();
                path.push(name);
                self.0.push(path);
            }
        }
    }
    syn::visit::Visit::visit_file(&mut Paths(out), file);
}

#[test]
fn the_hub_finder_finds_them() {
    let hub = "mod a;\npub mod lang;\npub use a::{Thing, other as renamed};\n\
               pub use lang::Lang;\nconst N: u32 = 1;\n";
    let file = syn::parse_file(hub).unwrap();
    let names = hub_names(&file);
    assert_eq!(
        names,
        ["*", "Lang", "N", "Thing", "renamed"]
            .map(String::from)
            .into()
    );
    assert_eq!(not_declarations(&file), ["a constant"]);
    let code = "use super::{Thing, lang::Lang};\nuse super::*;\n\
                fn f() -> u32 { crate::report::N + super::a::x() }\n";
    assert_eq!(
        back_up_paths(code, "report", 1, &names),
        ["super::Thing", "super::*", "crate::report::N"]
    );
    assert_eq!(
        language_paths(
            "use crate::report::lang::Lang;\nfn f(l: Lang) {}\nfn g() {}\n\
             #[cfg(test)]\nmod tests { use crate::report::lang::Lang; }\n"
        ),
        ["crate::report::lang::Lang", "Lang"]
    );
}

#[test]
fn the_report_is_in_layers() {
    let dir = report_dir();
    let top = std::fs::read_to_string(dir.join("mod.rs")).unwrap();
    let top_file = syn::parse_file(&top).unwrap();
    let mut broken = Vec::new();
    let lines = top.lines().count();
    if lines > REPORT_TOP_LINES {
        broken.push(format!(
            "harness/src/report/mod.rs has {lines} lines, more than {REPORT_TOP_LINES}: it only \
             declares the report's modules and what it re-exports"
        ));
    }
    for kind in not_declarations(&top_file) {
        broken.push(format!(
            "harness/src/report/mod.rs defines {kind}: it only declares; put it in the module \
             its concept names (the model in report/model/, words in report/lang/)"
        ));
    }
    let names = hub_names(&top_file);
    let files = files_below(&dir);
    assert!(files.len() > 40, "only {} report files read", files.len());
    for (path, depth) in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let file = path.strip_prefix(root()).unwrap().display().to_string();
        if *depth == 0 {
            continue;
        }
        for named in back_up_paths(&text, "report", *depth, &names) {
            broken.push(format!(
                "{file}: {named} goes back up through report/mod.rs: name the module that \
                 defines it (super::model::RunReport, crate::report::lang::Lang)"
            ));
        }
        let in_model = path.starts_with(dir.join("model"))
            || MODEL_PARTS.iter().any(|part| *path == dir.join(part));
        if in_model {
            for named in language_paths(&text) {
                broken.push(format!(
                    "{file}: the model names a language ({named}): words belong in report/lang/"
                ));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "the report's layers (docs/architecture.md, \"The report's layers\"): {broken:#?}"
    );
}
