//! The `docs/*.md` pages, embedded at build time (`build.rs`), so that the binary alone, as the
//! release tarball and the container image ship it, can list and print them (`mynakit docs`;
//! docs/install.md, "The docs in the binary"). The pages are the repository's own files, byte
//! for byte: nothing is rewritten, so a link `[ci.md](ci.md)` is read as `mynakit docs ci`.

include!(concat!(env!("OUT_DIR"), "/embedded_docs.rs"));

/// One page of `docs/`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Page {
    /// The file's name without `.md` (`reports`): what `mynakit docs NAME` takes.
    pub(crate) name: &'static str,
    /// The whole page, Markdown, as in the repository.
    pub(crate) text: &'static str,
}

impl Page {
    /// The page's title: its first `# ` heading, else its name.
    pub(crate) fn title(&self) -> &'static str {
        self.text
            .lines()
            .find_map(|line| line.strip_prefix("# "))
            .map(str::trim)
            .unwrap_or(self.name)
    }
}

/// Every page, sorted by name.
pub(crate) fn pages() -> impl Iterator<Item = Page> {
    PAGES.iter().map(|&(name, text)| Page { name, text })
}

/// The page a user names: `reports`, `reports.md` or `docs/reports.md` (the way README.md and
/// `--help` used to name them), in any case.
pub(crate) fn page(wanted: &str) -> Option<Page> {
    let wanted = wanted.trim_start_matches("./");
    let wanted = wanted.strip_prefix("docs/").unwrap_or(wanted);
    let wanted = wanted.strip_suffix(".md").unwrap_or(wanted);
    pages().find(|p| p.name.eq_ignore_ascii_case(wanted))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn every_markdown_page_of_docs_is_embedded_as_it_is() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter_map(|n| n.strip_suffix(".md").map(str::to_owned))
            .collect();
        on_disk.sort();
        let embedded: Vec<&str> = pages().map(|p| p.name).collect();
        assert_eq!(embedded, on_disk);
        for p in pages() {
            let file = std::fs::read_to_string(dir.join(format!("{}.md", p.name))).unwrap();
            assert_eq!(p.text, file, "{}", p.name);
        }
    }

    #[test]
    fn a_page_is_found_by_any_of_the_names_people_use() {
        for name in [
            "reports",
            "reports.md",
            "docs/reports.md",
            "./docs/reports.md",
            "Reports",
        ] {
            assert_eq!(page(name).map(|p| p.name), Some("reports"), "{name}");
        }
        assert_eq!(page("no-such-page"), None);
        assert_eq!(page("../README"), None);
        assert_eq!(page("reports").unwrap().title(), "Reports");
    }
}
