//! An error as people read it: its message, then each cause after a colon, as the command
//! line prints an error and as a scenario's report names a world that could not be set up. A
//! cause whose text the message already ends with (an error that words its source and also
//! returns it) is said once.

/// `error` and its causes, each after a colon, none twice in a row.
pub fn error_text(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(e) = cause {
        let said = e.to_string();
        if !text.ends_with(&said) {
            text.push_str(": ");
            text.push_str(&said);
        }
        cause = e.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("{path}: cannot read: {source}")]
    struct Worded {
        path: &'static str,
        source: std::io::Error,
    }

    #[test]
    fn a_cause_the_message_already_words_is_said_once() {
        let e = Worded {
            path: "/x.toml",
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "not found"),
        };
        assert_eq!(error_text(&e), "/x.toml: cannot read: not found");
    }
}
