//! A Japanese locale in a codeset other than UTF-8 gets English (docs/reports.md, "Japanese"):
//! mynakit writes UTF-8 only, which an EUC-JP or Shift_JIS terminal shows as mojibake.
#![allow(clippy::unwrap_used)]

use crate::common;

use std::process::Command;

use common::{repo, text};

/// `mynakit checks NO-SUCH-CHECK` (an error line, in the chosen language) under `LANG=lang`.
fn error_line_under(lang: &str, flags: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_mynakit"))
        .current_dir(repo())
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", lang)
        .args(flags)
        .args(["checks", "NO-SUCH-CHECK"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn a_japanese_locale_in_euc_jp_or_shift_jis_gets_english() {
    for lang in [
        "ja_JP.eucJP",
        "ja_JP.EUC-JP",
        "ja_JP.SJIS",
        "ja_JP.Shift_JIS",
        "ja_JP.ujis",
    ] {
        let said = error_line_under(lang, &[]);
        assert!(said.is_ascii(), "LANG={lang}: {said}");
        assert!(
            said.contains("no check \"NO-SUCH-CHECK\""),
            "LANG={lang}: {said}"
        );
    }
    for lang in ["ja_JP.UTF-8", "ja_JP.utf8"] {
        let said = error_line_under(lang, &[]);
        assert!(said.contains("チェック"), "LANG={lang}: {said}");
    }
    // The flag still wins.
    let said = error_line_under("ja_JP.eucJP", &["--lang", "ja"]);
    assert!(said.contains("チェック"), "{said}");
}
