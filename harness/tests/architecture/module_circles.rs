//! Module circles inside one crate: which module of a crate names which other, read from the
//! source with `syn`, and the circles among them (docs/architecture.md, "No circles inside a
//! crate either").
//!
//! A module is a file or an inline `mod name { … }`, named by its path from the crate root
//! (`run::world`). Module `a` depends on module `b` when `a`'s code names something of `b`
//! through a local path: a `use` of `crate::…`, `super::…`, `self::…` or a child module, or such a
//! path in its code or in a macro's tokens. A path is followed module by module, through the
//! re-exports it meets (`crate::Thing` re-exported by `lib.rs` from `a` is `a`'s), down to the
//! module that holds the item it names. A re-export (`pub use`, `pub(crate) use`, …) is no
//! dependency of the module that makes it: whoever names the item through it depends on the
//! item's own module, so a crate root that only re-exports its children stands in no circle.
//! Unit tests (`#[cfg(test)]` items and modules) are left out: they sit above what they test.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit::Visit;

/// A module's index in [`Crate::modules`]; the root is 0.
type Id = usize;

/// A path as written, relative to the module it was written in.
#[derive(Clone, Debug)]
struct Written {
    from: Id,
    segments: Vec<String>,
    /// Written in a `use`, where a path may name a module itself; elsewhere a path that ends on
    /// a module (`persona`, a variable named like a child module) names no item of it.
    in_use: bool,
}

#[derive(Default, Debug)]
struct Module {
    /// `run::world`; empty for the crate root.
    name: String,
    parent: Option<Id>,
    /// Where the files of its `mod child;` declarations live.
    dir: PathBuf,
    children: BTreeMap<String, Id>,
    /// Items it defines itself (types, functions, traits, constants, macros).
    items: BTreeSet<String>,
    /// Names a `use` brings in, with the path it names.
    imports: BTreeMap<String, Written>,
    /// Modules a `use …::*` brings everything of.
    globs: Vec<Written>,
    /// Paths its own code names (private `use`s included, re-exports not).
    named: Vec<Written>,
}

/// One crate's modules, read from its root file onward.
#[derive(Debug)]
struct Crate {
    modules: Vec<Module>,
}

/// The source of a crate: the text of a file by its path (the disk, or a test's map).
pub(crate) trait Files {
    fn read(&self, path: &Path) -> Option<String>;
}

impl Files for BTreeMap<PathBuf, String> {
    fn read(&self, path: &Path) -> Option<String> {
        self.get(path).cloned()
    }
}

/// The files on disk.
pub(crate) struct Disk;

impl Files for Disk {
    fn read(&self, path: &Path) -> Option<String> {
        std::fs::read_to_string(path).ok()
    }
}

/// Whether `attrs` include `#[cfg(test)]` (or `#[cfg(all(test, …))]`): unit tests only.
fn test_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        let Ok(list) = a.meta.require_list() else {
            return false;
        };
        let cfg: String = list
            .tokens
            .to_string()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        a.path().is_ident("cfg")
            && (cfg == "test" || (cfg.starts_with("all(test,") && !cfg.contains("not(")))
    })
}

/// The `#[path = "…"]` of a `mod name;`, if it has one.
fn path_attr(attrs: &[syn::Attribute]) -> Option<String> {
    attrs.iter().find_map(|a| {
        let syn::Meta::NameValue(nv) = &a.meta else {
            return None;
        };
        if !nv.path.is_ident("path") {
            return None;
        }
        match &nv.value {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => Some(s.value()),
            _ => None,
        }
    })
}

/// The name an item defines in its module's namespace, if any.
fn item_name(item: &syn::Item) -> Option<String> {
    let ident = match item {
        syn::Item::Const(i) => &i.ident,
        syn::Item::Enum(i) => &i.ident,
        syn::Item::Fn(i) => &i.sig.ident,
        syn::Item::Macro(i) => i.ident.as_ref()?,
        syn::Item::Static(i) => &i.ident,
        syn::Item::Struct(i) => &i.ident,
        syn::Item::Trait(i) => &i.ident,
        syn::Item::TraitAlias(i) => &i.ident,
        syn::Item::Type(i) => &i.ident,
        syn::Item::Union(i) => &i.ident,
        _ => return None,
    };
    Some(ident.to_string())
}

/// A `use` tree flattened: each leaf's path, and the name it brings in (`None` for a glob).
fn use_leaves(
    tree: &syn::UseTree,
    prefix: &mut Vec<String>,
    out: &mut Vec<(Vec<String>, Option<String>)>,
) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            use_leaves(&p.tree, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Name(n) if n.ident == "self" => {
            let name = prefix.last().cloned();
            out.push((prefix.clone(), name));
        }
        syn::UseTree::Name(n) => {
            let mut path = prefix.clone();
            path.push(n.ident.to_string());
            out.push((path, Some(n.ident.to_string())));
        }
        syn::UseTree::Rename(r) => {
            let mut path = prefix.clone();
            if r.ident != "self" {
                path.push(r.ident.to_string());
            }
            out.push((path, Some(r.rename.to_string())));
        }
        syn::UseTree::Glob(_) => out.push((prefix.clone(), None)),
        syn::UseTree::Group(g) => {
            for tree in &g.items {
                use_leaves(tree, prefix, out);
            }
        }
    }
}

/// Paths an item's code names: `syn` paths, `use`s inside bodies, and `a::b` runs of a macro's
/// tokens (which `syn` leaves unparsed).
struct Paths {
    found: Vec<Vec<String>>,
    /// `use`s inside function bodies: private, so dependencies like any other path.
    uses: Vec<(Vec<String>, Option<String>)>,
}

impl<'ast> Visit<'ast> for Paths {
    fn visit_path(&mut self, path: &'ast syn::Path) {
        if path.leading_colon.is_none() {
            self.found
                .push(path.segments.iter().map(|s| s.ident.to_string()).collect());
        }
        syn::visit::visit_path(self, path);
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        if item.leading_colon.is_none() && !test_only(&item.attrs) {
            use_leaves(&item.tree, &mut Vec::new(), &mut self.uses);
        }
    }

    fn visit_item_mod(&mut self, _: &'ast syn::ItemMod) {
        // A module inside a function body: rare, and not part of the crate's module tree.
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.tokens(mac.tokens.clone());
        syn::visit::visit_macro(self, mac);
    }
}

impl Paths {
    /// The runs of identifiers joined by `::` in a macro's tokens, groups included.
    fn tokens(&mut self, tokens: proc_macro2::TokenStream) {
        use proc_macro2::{Spacing, TokenTree};
        let mut run: Vec<String> = Vec::new();
        // 0: no `::` pending; 1: the first `:` of one seen; 2: a whole `::` after the run.
        let mut colons = 0;
        for tree in tokens {
            match tree {
                TokenTree::Ident(ident) => {
                    if colons != 2 && !run.is_empty() {
                        self.found.push(std::mem::take(&mut run));
                    }
                    run.push(ident.to_string());
                    colons = 0;
                }
                TokenTree::Punct(p)
                    if p.as_char() == ':' && colons == 0 && p.spacing() == Spacing::Joint =>
                {
                    colons = 1;
                }
                TokenTree::Punct(p) if p.as_char() == ':' && colons == 1 => colons = 2,
                other => {
                    if !run.is_empty() {
                        self.found.push(std::mem::take(&mut run));
                    }
                    colons = 0;
                    if let TokenTree::Group(group) = other {
                        self.tokens(group.stream());
                    }
                }
            }
        }
        if !run.is_empty() {
            self.found.push(run);
        }
    }
}

impl Crate {
    /// The crate whose root file is `root`, its module files read through `files`.
    fn read(files: &dyn Files, root: &Path) -> Result<Crate, String> {
        let text = files
            .read(root)
            .ok_or_else(|| format!("{}: cannot read", root.display()))?;
        let file = syn::parse_file(&text).map_err(|e| format!("{}: {e}", root.display()))?;
        let mut krate = Crate {
            modules: vec![Module {
                dir: root.parent().unwrap_or(Path::new("")).to_path_buf(),
                ..Module::default()
            }],
        };
        krate.add_items(files, 0, &file.items)?;
        Ok(krate)
    }

    fn child(&mut self, parent: Id, name: &str, dir: PathBuf) -> Id {
        let id = self.modules.len();
        let full = if self.modules[parent].name.is_empty() {
            name.to_owned()
        } else {
            format!("{}::{name}", self.modules[parent].name)
        };
        self.modules.push(Module {
            name: full,
            parent: Some(parent),
            dir,
            ..Module::default()
        });
        self.modules[parent].children.insert(name.to_owned(), id);
        id
    }

    fn add_items(&mut self, files: &dyn Files, id: Id, items: &[syn::Item]) -> Result<(), String> {
        for item in items {
            match item {
                syn::Item::Mod(m) if test_only(&m.attrs) => {}
                syn::Item::Mod(m) => {
                    let name = m.ident.to_string();
                    let dir = self.modules[id].dir.clone();
                    if let Some((_, content)) = &m.content {
                        let child = self.child(id, &name, dir.join(&name));
                        self.add_items(files, child, content)?;
                        continue;
                    }
                    let (path, text) = match path_attr(&m.attrs) {
                        Some(p) => {
                            let path = dir.join(p);
                            let text = files.read(&path);
                            (path, text)
                        }
                        None => {
                            let flat = dir.join(format!("{name}.rs"));
                            let nested = dir.join(&name).join("mod.rs");
                            match files.read(&flat) {
                                Some(text) => (flat, Some(text)),
                                None => {
                                    let text = files.read(&nested);
                                    (nested, text)
                                }
                            }
                        }
                    };
                    let text = text.ok_or_else(|| format!("{}: cannot read", path.display()))?;
                    let file =
                        syn::parse_file(&text).map_err(|e| format!("{}: {e}", path.display()))?;
                    let children = if path.file_name().is_some_and(|f| f == "mod.rs") {
                        path.parent().unwrap_or(Path::new("")).to_path_buf()
                    } else {
                        dir.join(&name)
                    };
                    let child = self.child(id, &name, children);
                    self.add_items(files, child, &file.items)?;
                }
                syn::Item::Use(u) if test_only(&u.attrs) || u.leading_colon.is_some() => {}
                syn::Item::Use(u) => {
                    let reexport = !matches!(u.vis, syn::Visibility::Inherited);
                    let mut leaves = Vec::new();
                    use_leaves(&u.tree, &mut Vec::new(), &mut leaves);
                    self.add_uses(id, leaves, reexport);
                }
                other => {
                    let attrs = match other {
                        syn::Item::Const(i) => &i.attrs,
                        syn::Item::Enum(i) => &i.attrs,
                        syn::Item::Fn(i) => &i.attrs,
                        syn::Item::Impl(i) => &i.attrs,
                        syn::Item::Macro(i) => &i.attrs,
                        syn::Item::Static(i) => &i.attrs,
                        syn::Item::Struct(i) => &i.attrs,
                        syn::Item::Trait(i) => &i.attrs,
                        syn::Item::Type(i) => &i.attrs,
                        syn::Item::Union(i) => &i.attrs,
                        _ => continue,
                    };
                    if test_only(attrs) {
                        continue;
                    }
                    if let Some(name) = item_name(other) {
                        self.modules[id].items.insert(name);
                    }
                    let mut paths = Paths {
                        found: Vec::new(),
                        uses: Vec::new(),
                    };
                    paths.visit_item(other);
                    let module = &mut self.modules[id];
                    module
                        .named
                        .extend(paths.found.into_iter().map(|segments| Written {
                            from: id,
                            segments,
                            in_use: false,
                        }));
                    self.add_uses(id, paths.uses, false);
                }
            }
        }
        Ok(())
    }

    fn add_uses(&mut self, id: Id, leaves: Vec<(Vec<String>, Option<String>)>, reexport: bool) {
        let module = &mut self.modules[id];
        for (segments, name) in leaves {
            let written = Written {
                from: id,
                segments,
                in_use: true,
            };
            if !reexport {
                module.named.push(written.clone());
            }
            match name {
                Some(name) => {
                    module.imports.insert(name, written);
                }
                None => module.globs.push(written),
            }
        }
    }

    /// Whether `name` is something `id` has: a child, an import or an item of its own.
    fn has(&self, id: Id, name: &str) -> bool {
        let m = &self.modules[id];
        m.children.contains_key(name) || m.imports.contains_key(name) || m.items.contains(name)
    }

    /// The module holding what `path` names, and whether the path names an item of it (not the
    /// module itself); `None` when it leads out of the crate (a dependency, `std`) or into a
    /// local name that is no module's (a variable, a generic).
    fn resolve(&self, path: &Written, depth: usize) -> Option<(Id, bool)> {
        if depth > 32 {
            return None;
        }
        let mut segments = path.segments.iter().map(String::as_str).peekable();
        let mut at = path.from;
        match *segments.peek()? {
            "crate" => {
                at = 0;
                segments.next();
            }
            "self" => {
                segments.next();
            }
            "super" => {
                while segments.peek() == Some(&"super") {
                    at = self.modules[at].parent?;
                    segments.next();
                }
            }
            first if self.has(at, first) => {}
            _ => return None,
        }
        while let Some(segment) = segments.next() {
            let module = &self.modules[at];
            if let Some(&child) = module.children.get(segment) {
                at = child;
            } else if module.items.contains(segment) {
                return Some((at, true));
            } else if let Some(import) = module.imports.get(segment) {
                // Follow the re-export (or import) with what is left of the path.
                let mut followed = import.clone();
                followed.segments.extend(segments.map(str::to_owned));
                return self.resolve(&followed, depth + 1);
            } else {
                // A glob import that brings the name, if one does; else an item `syn` did not see
                // (made by a macro): this module's.
                let from_glob = module.globs.iter().find_map(|glob| {
                    let (target, _) = self.resolve(glob, depth + 1)?;
                    self.has(target, segment).then_some(glob)
                });
                return match from_glob {
                    Some(glob) => {
                        let mut followed = glob.clone();
                        followed.segments.push(segment.to_owned());
                        followed.segments.extend(segments.map(str::to_owned));
                        self.resolve(&followed, depth + 1)
                    }
                    None => Some((at, true)),
                };
            }
        }
        Some((at, false))
    }

    /// `id` and its ancestors, the root first.
    fn line(&self, mut id: Id) -> Vec<Id> {
        let mut out = vec![id];
        while let Some(parent) = self.modules[id].parent {
            out.push(parent);
            id = parent;
        }
        out.reverse();
        out
    }

    /// Which module depends on which (by index), each with the first path that makes it
    /// (`crate::b::Y`). A module naming its own ancestor or descendant makes no dependency: a
    /// child may use what its parent declares, and the parent its children (one namespace), so
    /// a folder's `mod.rs` may hold what its files share, and a namespace may hold two layers
    /// (`emulator`'s `script::language` below the card, `script::run` above it).
    fn dependencies(&self) -> BTreeMap<Id, BTreeMap<Id, String>> {
        let mut out: BTreeMap<Id, BTreeMap<Id, String>> = BTreeMap::new();
        for (id, module) in self.modules.iter().enumerate() {
            let from = self.line(id);
            for path in &module.named {
                let Some((target, item)) = self.resolve(path, 0) else {
                    continue;
                };
                if !item && !path.in_use {
                    continue;
                }
                if from.contains(&target) || self.line(target).contains(&id) {
                    continue;
                }
                out.entry(id)
                    .or_default()
                    .entry(target)
                    .or_insert_with(|| path.segments.join("::"));
            }
        }
        out
    }

    /// The circles: for each strongly connected set of two or more modules, one circle through
    /// it, as module names (`a → b → a`).
    fn circles(&self) -> Vec<String> {
        let deps = self.dependencies();
        let reach = |from: Id| -> BTreeSet<Id> {
            let mut seen = BTreeSet::new();
            let mut todo = vec![from];
            while let Some(next) = todo.pop() {
                for &d in deps.get(&next).into_iter().flat_map(BTreeMap::keys) {
                    if seen.insert(d) {
                        todo.push(d);
                    }
                }
            }
            seen
        };
        let reaches: Vec<BTreeSet<Id>> = (0..self.modules.len()).map(reach).collect();
        let mut done = BTreeSet::new();
        let mut out = Vec::new();
        for id in 0..self.modules.len() {
            if done.contains(&id) || !reaches[id].contains(&id) {
                continue;
            }
            let set: BTreeSet<Id> = (0..self.modules.len())
                .filter(|&o| o == id || (reaches[id].contains(&o) && reaches[o].contains(&id)))
                .collect();
            done.extend(set.iter().copied());
            out.push(self.one_circle(id, &set, &deps));
        }
        out
    }

    /// A shortest circle from `start` back to it inside `set`.
    fn one_circle(
        &self,
        start: Id,
        set: &BTreeSet<Id>,
        deps: &BTreeMap<Id, BTreeMap<Id, String>>,
    ) -> String {
        let mut before: BTreeMap<Id, Id> = BTreeMap::new();
        let mut todo = std::collections::VecDeque::from([start]);
        'search: while let Some(next) = todo.pop_front() {
            for &d in deps.get(&next).into_iter().flat_map(BTreeMap::keys) {
                if !set.contains(&d) || before.contains_key(&d) {
                    continue;
                }
                before.insert(d, next);
                if d == start {
                    break 'search;
                }
                todo.push_back(d);
            }
        }
        let mut path = vec![start];
        let mut at = before[&start];
        while at != start {
            path.push(at);
            at = before[&at];
        }
        path.push(start);
        path.reverse();
        let name = |id: Id| match self.modules[id].name.as_str() {
            "" => "crate".to_owned(),
            name => name.to_owned(),
        };
        let mut out = name(start);
        for pair in path.windows(2) {
            out += &format!(" → {} ({})", name(pair[1]), deps[&pair[0]][&pair[1]]);
        }
        out
    }
}

/// The module circles of the crate whose root file is `root`, one line each.
pub(crate) fn module_circles(files: &dyn Files, root: &Path) -> Result<Vec<String>, String> {
    Ok(Crate::read(files, root)?.circles())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crate_of(files: &[(&str, &str)]) -> BTreeMap<PathBuf, String> {
        files
            .iter()
            .map(|(p, t)| (PathBuf::from(p), (*t).to_owned()))
            .collect()
    }

    fn circles(files: &[(&str, &str)]) -> Vec<String> {
        module_circles(&crate_of(files), Path::new("src/lib.rs")).unwrap()
    }

    #[test]
    fn a_planted_circle_between_siblings_is_found() {
        let found = circles(&[
            ("src/lib.rs", "mod a;\nmod b;\npub use a::A;\n"),
            ("src/a.rs", "use crate::b::B;\npub struct A(B);\n"),
            (
                "src/b.rs",
                "pub struct B;\nfn f() -> super::a::A { todo!() }\n",
            ),
        ]);
        assert_eq!(found, ["a → b (crate::b::B) → a (super::a::A)"]);
    }

    #[test]
    fn a_circle_through_a_reexport_a_folder_and_a_macro_is_found() {
        let found = circles(&[
            (
                "src/lib.rs",
                "mod run;\nmod report;\npub use report::Report;\n",
            ),
            (
                "src/run/mod.rs",
                "mod world;\npub(crate) use world::World;\n",
            ),
            (
                "src/run/world.rs",
                "pub struct World;\nfn f() { let _ = format!(\"{}\", crate::Report::NAME); }\n",
            ),
            (
                "src/report.rs",
                "use crate::run::World;\npub struct Report;\n",
            ),
        ]);
        assert_eq!(
            found,
            ["run::world → report (crate::Report::NAME) → run::world (crate::run::World)"]
        );
    }

    #[test]
    fn a_circle_across_depths_is_found() {
        let found = circles(&[
            ("src/lib.rs", "mod a;\nmod b;\n"),
            ("src/a/mod.rs", "mod x;\n"),
            (
                "src/a/x.rs",
                "pub(crate) struct X;\npub(crate) fn f() { crate::b::g() }\n",
            ),
            (
                "src/b.rs",
                "use crate::a::x;\npub(crate) fn g() -> Option<x::X> { None }\n",
            ),
        ]);
        assert_eq!(found, ["a::x → b (crate::b::g) → a::x (crate::a::x)"]);
    }

    /// `emulator`'s design (docs/architecture.md): a namespace holding a layer below the card
    /// and one above it.
    #[test]
    fn a_namespace_may_hold_two_layers() {
        let found = circles(&[
            ("src/lib.rs", "mod card;\nmod script;\n"),
            (
                "src/script/mod.rs",
                "mod language;\nmod run;\npub(crate) use language::Step;\n",
            ),
            ("src/script/language.rs", "pub(crate) struct Step;\n"),
            (
                "src/script/run.rs",
                "use crate::card::Card;\npub(crate) fn run(_: &Card) {}\n",
            ),
            (
                "src/card.rs",
                "use crate::script::Step;\npub(crate) struct Card(Step);\n",
            ),
        ]);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_child_and_its_parent_naming_each_other_are_no_circle() {
        let found = circles(&[
            (
                "src/lib.rs",
                "mod outer;\npub(crate) struct Error;\nfn f() { outer::g() }\n",
            ),
            (
                "src/outer.rs",
                "use crate::Error;\nmod inner { pub(crate) fn g() { super::f() } }\n\
                 pub fn f() { inner::g() }\npub(crate) fn g() -> Option<Error> { None }\n",
            ),
        ]);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn layers_reexports_and_unit_tests_are_no_circle() {
        let found = circles(&[
            (
                "src/lib.rs",
                "mod a;\nmod b;\npub use a::A;\npub use b::B;\npub struct Error;\n",
            ),
            (
                "src/a.rs",
                "use crate::{b::B, Error};\npub struct A(B, Error);\n",
            ),
            (
                "src/b.rs",
                "use std::fmt;\npub struct B;\nmod inner { use super::*; }\n\
                 #[cfg(test)]\nmod tests { use crate::a::A; }\n\
                 #[cfg(test)]\nfn helper() -> crate::A { todo!() }\n",
            ),
        ]);
        assert!(found.is_empty(), "{found:?}");
    }
}
