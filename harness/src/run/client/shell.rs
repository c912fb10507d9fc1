//! Words put into a `sh -c` command line: a client program's path (`program`) and a cgroup's
//! file (`cgroup`), quoted so the shell reads each as one word, whatever it holds.

/// `text` as one shell word: as it is when it holds only characters the shell reads literally,
/// else in single quotes (a `'` inside as `'\''`).
pub(crate) fn quote(text: &str) -> String {
    if text
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"/._-+=:".contains(&b))
    {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn a_word_the_shell_reads_literally_stays_as_it_is_and_any_other_is_quoted() {
        assert_eq!(quote("/opt/app-1.0/bin/app"), "/opt/app-1.0/bin/app");
        assert_eq!(quote("/tmp/my app"), "'/tmp/my app'");
        assert_eq!(quote("it's"), r"'it'\''s'");
        assert_eq!(quote("$HOME"), "'$HOME'");
    }
}
