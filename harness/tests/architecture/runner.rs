//! The runner's shape (issue 70, item 3: "the runner in concepts"): `harness/src/run/mod.rs`
//! holds the declarations and `run`'s top-level flow; configuration, loading, scheduling, one run
//! and judging glue live in modules named after them (docs/architecture.md, "The runner's
//! shape"). Three rules keep it so: the file stays short, no function of the runner needs
//! `too_many_arguments` (a struct names what travels together), and no module below `run/`
//! reaches back up for an item `run/mod.rs` defines (a reader following one scenario never
//! re-enters the top file).

use super::*;

/// The runner's folder, below the workspace root.
fn runner_dir() -> PathBuf {
    root().join("harness/src/run")
}

/// The most lines `run/mod.rs` may have.
const RUNNER_TOP_LINES: usize = 300;

/// The source files below `dir` (its `mod.rs` included), each with its depth below `dir`'s
/// module: 1 for `dir/x.rs` and `dir/x/mod.rs`, 2 for `dir/x/y.rs` (the runner's `run/`, the
/// report's `report/`).
pub(super) fn files_below(dir: &Path) -> Vec<(PathBuf, usize)> {
    sources()
        .into_iter()
        .filter_map(|path| {
            let rel = path.strip_prefix(dir).ok()?.to_path_buf();
            let mut parts = rel.components().count();
            if rel.file_name().is_some_and(|n| n == "mod.rs") {
                parts -= 1;
            }
            Some((path, parts))
        })
        .collect()
}

/// The names of the items a file defines itself at its top (functions, types, constants,
/// traits, macros): not its modules, not what it imports or re-exports.
pub(super) fn defined_items(file: &syn::File) -> BTreeSet<String> {
    file.items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Fn(f) => Some(f.sig.ident.to_string()),
            syn::Item::Struct(s) => Some(s.ident.to_string()),
            syn::Item::Enum(e) => Some(e.ident.to_string()),
            syn::Item::Union(u) => Some(u.ident.to_string()),
            syn::Item::Const(c) => Some(c.ident.to_string()),
            syn::Item::Static(s) => Some(s.ident.to_string()),
            syn::Item::Type(t) => Some(t.ident.to_string()),
            syn::Item::Trait(t) => Some(t.ident.to_string()),
            syn::Item::TraitAlias(t) => Some(t.ident.to_string()),
            syn::Item::Macro(m) => m.ident.as_ref().map(ToString::to_string),
            _ => None,
        })
        .collect()
}

/// Every path a file names (in `use`s, code, types and macros' tokens), each with how many
/// modules deep below the file's own module it was written (inline `mod x { … }`).
struct NamedPaths {
    depth: usize,
    found: Vec<(usize, Vec<String>)>,
}

impl NamedPaths {
    fn use_tree(&mut self, tree: &syn::UseTree, prefix: &mut Vec<String>) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(&p.tree, prefix);
                prefix.pop();
            }
            syn::UseTree::Name(n) => self.push(prefix, &n.ident),
            syn::UseTree::Rename(r) => self.push(prefix, &r.ident),
            syn::UseTree::Glob(_) => {
                let mut path = prefix.clone();
                path.push("*".to_owned());
                self.found.push((self.depth, path));
            }
            syn::UseTree::Group(g) => g.items.iter().for_each(|t| self.use_tree(t, prefix)),
        }
    }

    fn push(&mut self, prefix: &[String], last: &syn::Ident) {
        let mut path = prefix.to_vec();
        path.push(last.to_string());
        self.found.push((self.depth, path));
    }

    /// The runs of identifiers joined by `::` in a macro's tokens, groups included.
    fn tokens(&mut self, tokens: proc_macro2::TokenStream) {
        use proc_macro2::TokenTree;
        let mut run: Vec<String> = Vec::new();
        let mut colons = 0;
        for tree in tokens {
            match tree {
                TokenTree::Ident(ident) => {
                    if colons != 2 && !run.is_empty() {
                        self.found.push((self.depth, std::mem::take(&mut run)));
                    }
                    run.push(ident.to_string());
                    colons = 0;
                }
                TokenTree::Punct(p) if p.as_char() == ':' && colons < 2 => colons += 1,
                other => {
                    if !run.is_empty() {
                        self.found.push((self.depth, std::mem::take(&mut run)));
                    }
                    colons = 0;
                    if let TokenTree::Group(group) = other {
                        self.tokens(group.stream());
                    }
                }
            }
        }
        if !run.is_empty() {
            self.found.push((self.depth, run));
        }
    }
}

impl<'ast> syn::visit::Visit<'ast> for NamedPaths {
    fn visit_path(&mut self, path: &'ast syn::Path) {
        if path.leading_colon.is_none() {
            let segments = path.segments.iter().map(|s| s.ident.to_string()).collect();
            self.found.push((self.depth, segments));
        }
        syn::visit::visit_path(self, path);
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        if item.leading_colon.is_none() {
            self.use_tree(&item.tree, &mut Vec::new());
        }
    }

    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        self.depth += 1;
        syn::visit::visit_item_mod(self, item);
        self.depth -= 1;
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.tokens(mac.tokens.clone());
        syn::visit::visit_macro(self, mac);
    }
}

/// The paths in `code`, a file `depth` modules below `module` (a module of the crate's root:
/// `run`, `report`), that name an item of `module`'s own file (`items`): `crate::module::item`,
/// or `super::item` with as many `super`s as lead up to `module`. A glob import names `*`.
pub(super) fn back_up_paths(
    code: &str,
    module: &str,
    depth: usize,
    items: &BTreeSet<String>,
) -> Vec<String> {
    use syn::visit::Visit;
    let file = syn::parse_file(code).unwrap_or_else(|e| panic!("{e}"));
    let mut named = NamedPaths {
        depth: 0,
        found: Vec::new(),
    };
    named.visit_file(&file);
    named
        .found
        .into_iter()
        .filter_map(|(inner, path)| {
            let supers = path.iter().take_while(|s| *s == "super").count();
            let item = match path.first().map(String::as_str) {
                Some("crate") if path.get(1).is_some_and(|s| s == module) => path.get(2),
                Some("super") if supers == depth + inner => path.get(supers),
                _ => None,
            }?;
            items.contains(item).then(|| path.join("::"))
        })
        .collect()
}

#[test]
fn the_back_up_finder_finds_them() {
    let items: BTreeSet<String> = ["RunConfig", "helper"].map(String::from).into();
    let code = "use super::{RunConfig, config::Other};\n\
                use crate::run::helper as h;\n\
                fn f() -> usize { crate::run::helper(); super::config::x(); 0 }\n\
                fn g() { println!(\"{}\", super::helper()); }\n\
                mod tests { use super::super::RunConfig; use super::RunConfig as Mine; }\n";
    assert_eq!(
        back_up_paths(code, "run", 1, &items),
        [
            "super::RunConfig",
            "crate::run::helper",
            "crate::run::helper",
            "super::helper",
            "super::super::RunConfig",
        ]
    );
    // Two levels down, `super` is the folder's own module, not `run`.
    let code = "use super::RunConfig;\nuse super::super::helper;\n";
    assert_eq!(
        back_up_paths(code, "run", 2, &items),
        ["super::super::helper"]
    );
}

#[test]
fn the_runner_is_split_by_concept() {
    let dir = runner_dir();
    let top = std::fs::read_to_string(dir.join("mod.rs")).unwrap();
    let mut broken = Vec::new();
    let lines = top.lines().count();
    if lines > RUNNER_TOP_LINES {
        broken.push(format!(
            "harness/src/run/mod.rs has {lines} lines, more than {RUNNER_TOP_LINES}: it holds the \
             declarations and `run`'s top-level flow; put the rest in the module its concept names"
        ));
    }
    let items = defined_items(&syn::parse_file(&top).unwrap());
    let files = files_below(&dir);
    assert!(files.len() > 40, "only {} runner files read", files.len());
    for (path, depth) in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let file = path.strip_prefix(root()).unwrap().display().to_string();
        if text.contains("too_many_arguments") {
            broken.push(format!(
                "{file}: allows `too_many_arguments`: pass a struct that names what travels \
                 together (as `one::Equipment`, `judging::Finished`)"
            ));
        }
        if *depth == 0 {
            continue;
        }
        for named in back_up_paths(&text, "run", *depth, &items) {
            broken.push(format!(
                "{file}: {named} is defined in run/mod.rs: move it into the module its concept \
                 names and import it from there"
            ));
        }
    }
    assert!(
        broken.is_empty(),
        "the runner's shape (docs/architecture.md, \"The runner's shape\"): {broken:#?}"
    );
}
