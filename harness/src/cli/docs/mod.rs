//! `mynakit docs [PAGE]`: the `docs/*.md` pages that the binary carries ([`pages`]), listed or
//! printed, so that a vendor with the release tarball or
//! the container image alone reads what `--help` points to.

use std::io::Write;

mod pages;

use mynakit_harness::report::Lang;
use pages::Page;

use super::OutputFormat;

/// Lists the pages (`page` absent) or prints one, Markdown as in the repository.
pub(crate) fn docs_command(
    page: Option<&str>,
    format: OutputFormat,
    lang: Lang,
) -> anyhow::Result<bool> {
    let mut out = std::io::stdout().lock();
    match page {
        None => list(&mut out, format, lang)?,
        Some(wanted) => {
            let Some(page) = pages::page(wanted) else {
                anyhow::bail!("{}", unknown(wanted, lang));
            };
            match format {
                OutputFormat::Text => out.write_all(page.text.as_bytes())?,
                OutputFormat::Json => writeln!(out, "{:#}", json(&page, true))?,
            }
        }
    }
    out.flush()?;
    Ok(true)
}

fn list(out: &mut impl Write, format: OutputFormat, lang: Lang) -> anyhow::Result<()> {
    if let OutputFormat::Json = format {
        let pages: Vec<serde_json::Value> = pages::pages().map(|p| json(&p, false)).collect();
        writeln!(out, "{:#}", serde_json::json!({ "pages": pages }))?;
        return Ok(());
    }
    let width = pages::pages().map(|p| p.name.len()).max().unwrap_or(0);
    for page in pages::pages() {
        writeln!(out, "{:<width$}  {}", page.name, page.title())?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        match lang {
            Lang::En => "mynakit docs PAGE prints one (Markdown; a link `ci.md` is `mynakit docs ci`).",
            Lang::Ja => "mynakit docs PAGE で1ページを表示する (Markdown、英語。リンク `ci.md` は `mynakit docs ci`)。",
        }
    )?;
    Ok(())
}

/// A page as JSON: its name, title and size, and with `text` the page itself.
fn json(page: &Page, text: bool) -> serde_json::Value {
    let mut value = serde_json::json!({
        "name": page.name,
        "title": page.title(),
        "bytes": page.text.len(),
    });
    if text {
        value["text"] = serde_json::Value::from(page.text);
    }
    value
}

/// The error for a page that is not there, with the pages whose names are near the wanted one.
fn unknown(wanted: &str, lang: Lang) -> String {
    let key = wanted
        .trim_end_matches(".md")
        .rsplit('/')
        .next()
        .unwrap_or(wanted);
    let names: Vec<&str> = pages::pages().map(|p| p.name).collect();
    let text = match lang {
        Lang::En => format!("no docs page {wanted:?}; `mynakit docs` lists them"),
        Lang::Ja => format!("docs のページ {wanted:?} はない。`mynakit docs` で一覧を表示する"),
    };
    crate::cli::near::with_near(text, &crate::cli::near::near(key, &names), lang)
}
