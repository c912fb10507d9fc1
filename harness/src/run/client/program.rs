//! The program of a client command (`--client 'CMD ARGS…'`), resolved and checked before any
//! scenario runs (`docs/client-protocol.md`, "The client is a command").
//!
//! Each scenario starts the command in a fresh temporary folder, so a program given by a relative
//! path (`./my-app`, `bin/app`) would be looked for there and the client would end as `crashed`
//! in every scenario. The program is therefore resolved against the folder `mynakit run` was
//! started in, and a program that cannot be started is refused at once, naming it. Only the
//! program (the command's first word) is resolved: the arguments are the program's business, and
//! the command may use any shell syntax after it.
//!
//! A shell user writes environment variables before the program (`VAR=x ./app`). The command
//! runs as `exec COMMAND` (so the client is the process the harness watches), and `exec VAR=x`
//! would look for a program named `VAR=x`; such a prefix is therefore moved into `env`
//! (`env VAR=x ./app`, POSIX `env`), and the program after it is resolved as usual.

use std::path::{Path, PathBuf};

/// Why a client command cannot run.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ProgramError {
    /// The command is empty.
    #[error("--client: the command is empty")]
    Empty,
    /// A program given by path that is not there.
    #[error("--client: {}: no such file (a relative path is taken from the folder mynakit run was started in, {})", .program.display(), .cwd.display())]
    NotFound {
        /// The program as resolved.
        program: PathBuf,
        /// The folder it was resolved against.
        cwd: PathBuf,
    },
    /// A program that is not an executable file.
    #[error("--client: {}: not an executable file", .0.display())]
    NotExecutable(PathBuf),
    /// A program name that is not on `PATH` (nor a shell builtin).
    #[error("--client: {0}: command not found (not on PATH, nor a shell builtin)")]
    NotOnPath(String),
}

/// The first word of a shell command, when it is a plain word (quotes allowed): its text and the
/// byte range it takes in `command`. `None` for anything the shell would expand or that is not a
/// program (a variable, an assignment `A=1 cmd`, a glob, a subshell): those run as written.
fn first_word(command: &str) -> Option<(String, std::ops::Range<usize>)> {
    let start = command.len() - command.trim_start().len();
    let mut word = String::new();
    let mut chars = command[start..].char_indices().peekable();
    let mut end = command.len();
    while let Some((i, c)) = chars.next() {
        match c {
            c if c.is_whitespace() || ";&|<>()".contains(c) => {
                end = start + i;
                break;
            }
            '\'' => loop {
                match chars.next() {
                    Some((_, '\'')) => break,
                    Some((_, c)) => word.push(c),
                    None => return None,
                }
            },
            '"' => loop {
                match chars.next() {
                    Some((_, '"')) => break,
                    Some((_, '$' | '`')) | None => return None,
                    Some((_, '\\')) => match chars.next() {
                        Some((_, c @ ('"' | '\\'))) => word.push(c),
                        Some((_, c)) => {
                            word.push('\\');
                            word.push(c);
                        }
                        None => return None,
                    },
                    Some((_, c)) => word.push(c),
                }
            },
            '\\' => word.push(chars.next()?.1),
            '$' | '`' | '*' | '?' | '[' | '{' | '=' | '~' | '#' | '!' => return None,
            c => word.push(c),
        }
    }
    (!word.is_empty()).then_some((word, start..end))
}

/// The byte length of `command`'s leading environment assignments (`A=1 B='x y' `, each
/// `NAME=value` with a POSIX name, as `sh` reads them before the program), trailing blanks
/// included; 0 when it starts with none.
fn assignments(command: &str) -> usize {
    let mut end = 0;
    loop {
        let rest = &command[end..];
        let start = end + (rest.len() - rest.trim_start().len());
        let word = &command[start..];
        let name = word.find('=').map(|i| &word[..i]).filter(|n| {
            n.chars()
                .next()
                .is_some_and(|c| c == '_' || c.is_ascii_alphabetic())
                && n.chars().all(|c| c == '_' || c.is_ascii_alphanumeric())
        });
        let Some(name) = name else {
            return end;
        };
        // The value: up to the first unquoted blank.
        let mut chars = word[name.len() + 1..].char_indices();
        let mut value_end = word.len();
        while let Some((i, c)) = chars.next() {
            match c {
                c if c.is_whitespace() => {
                    value_end = name.len() + 1 + i;
                    break;
                }
                ';' | '&' | '|' | '<' | '>' | '(' | ')' => return end,
                '\\' => {
                    chars.next();
                }
                '\'' if !chars.by_ref().any(|(_, c)| c == '\'') => return end,
                '"' => loop {
                    match chars.next() {
                        Some((_, '"')) => break,
                        Some((_, '\\')) => {
                            chars.next();
                        }
                        Some(_) => {}
                        None => return end,
                    }
                },
                _ => {}
            }
        }
        let after = start + value_end;
        end = after + (command[after..].len() - command[after..].trim_start().len());
        if after == command.len() {
            return end;
        }
    }
}

/// `command` with a relative program path made absolute against `cwd`, after checking that the
/// program can be started: a path must name an executable file, a bare name must be on `PATH` or
/// be a shell builtin (asked of `sh` itself, `command -v`).
///
/// # Errors
///
/// [`ProgramError`] naming the program.
pub(crate) fn resolve(command: &str, cwd: &Path) -> Result<String, ProgramError> {
    if command.trim().is_empty() {
        return Err(ProgramError::Empty);
    }
    let prefix = assignments(command);
    if prefix > 0 {
        let program = resolve(&command[prefix..], cwd)?;
        return Ok(format!("env {} {program}", command[..prefix].trim_end()));
    }
    let Some((program, range)) = first_word(command) else {
        return Ok(command.to_owned());
    };
    if !program.contains('/') {
        let found = std::process::Command::new("sh")
            .args(["-c", "command -v \"$1\" >/dev/null", "sh", program.as_str()])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        return if found {
            Ok(command.to_owned())
        } else {
            Err(ProgramError::NotOnPath(program))
        };
    }
    let path = cwd.join(&program);
    let meta = std::fs::metadata(&path).map_err(|_| ProgramError::NotFound {
        program: path.clone(),
        cwd: cwd.to_owned(),
    })?;
    if !is_executable(&meta) {
        return Err(ProgramError::NotExecutable(path));
    }
    if Path::new(&program).is_absolute() {
        return Ok(command.to_owned());
    }
    Ok(format!(
        "{}{}{}",
        &command[..range.start],
        super::shell::quote(&path.display().to_string()),
        &command[range.end..]
    ))
}

fn is_executable(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    meta.is_file() && meta.permissions().mode() & 0o111 != 0
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_first_word_is_found_only_when_it_is_plain() {
        let word = |c: &str| first_word(c).map(|(w, r)| (w, c[r].to_owned()));
        assert_eq!(
            word("  ./my-app --x"),
            Some(("./my-app".into(), "./my-app".into()))
        );
        assert_eq!(
            word("'./my app' --x"),
            Some(("./my app".into(), "'./my app'".into()))
        );
        assert_eq!(
            word("\"bin/a\\\"b\";true"),
            Some(("bin/a\"b".into(), "\"bin/a\\\"b\"".into()))
        );
        assert_eq!(word("./app|tee x"), Some(("./app".into(), "./app".into())));
        for shell in [
            "$APP",
            "A=1 ./app",
            "~/app",
            "./ap*",
            "(./app)",
            "'open",
            "",
        ] {
            assert_eq!(word(shell), None, "{shell}");
        }
    }

    #[test]
    fn a_relative_program_is_made_absolute_and_a_missing_one_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let app = dir.path().join("my app");
        std::fs::write(&app, "#!/bin/sh\n").unwrap();
        std::fs::set_permissions(&app, std::fs::Permissions::from_mode(0o755)).unwrap();
        let resolved = resolve("'./my app' --flag 'x y'", dir.path()).unwrap();
        assert_eq!(
            resolved,
            format!("'{}' --flag 'x y'", dir.path().join("./my app").display())
        );
        let absolute = format!("{} --flag", app.display().to_string().replace(' ', "\\ "));
        assert_eq!(resolve(&absolute, dir.path()).unwrap(), absolute);
        assert!(matches!(
            resolve("./missing --x", dir.path()),
            Err(ProgramError::NotFound { .. })
        ));
        std::fs::write(dir.path().join("data"), "x").unwrap();
        assert_eq!(
            resolve("./data", dir.path()),
            Err(ProgramError::NotExecutable(dir.path().join("./data")))
        );
        assert_eq!(
            resolve("sh -c 'exit 0'", dir.path()).unwrap(),
            "sh -c 'exit 0'"
        );
        assert_eq!(resolve("exec sh", dir.path()).unwrap(), "exec sh");
        assert_eq!(
            resolve("mynakit-no-such-program-x --y", dir.path()),
            Err(ProgramError::NotOnPath("mynakit-no-such-program-x".into()))
        );
        assert_eq!(resolve("  ", dir.path()), Err(ProgramError::Empty));
        // Shell syntax the harness cannot read statically runs as written.
        assert_eq!(resolve("$APP --x", dir.path()).unwrap(), "$APP --x");
    }

    #[test]
    fn an_environment_prefix_goes_into_env_and_the_program_after_it_is_resolved() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let app = dir.path().join("app");
        std::fs::write(&app, "#!/bin/sh\n").unwrap();
        std::fs::set_permissions(&app, std::fs::Permissions::from_mode(0o755)).unwrap();
        assert_eq!(assignments("A=1 B='x y'  ./app"), "A=1 B='x y'  ".len());
        assert_eq!(assignments("./app A=1"), 0);
        assert_eq!(assignments("=1 app"), 0);
        assert_eq!(assignments("A=\"open app"), 0);
        assert_eq!(
            resolve("OPENSC_CONF=/dev/null B=\"x y\" ./app --z", dir.path()).unwrap(),
            format!(
                "env OPENSC_CONF=/dev/null B=\"x y\" {} --z",
                crate::run::client::shell::quote(&dir.path().join("./app").display().to_string())
            )
        );
        assert_eq!(
            resolve("A=1 sh -c x", dir.path()).unwrap(),
            "env A=1 sh -c x"
        );
        assert!(matches!(
            resolve("A=1 ./missing", dir.path()),
            Err(ProgramError::NotFound { .. })
        ));
        assert_eq!(resolve("A=1  ", dir.path()), Err(ProgramError::Empty));
        // What the client's shell then runs: the variable reaches the program.
        let out = std::process::Command::new("sh")
            .args([
                "-c",
                &format!(
                    "exec {}",
                    resolve("MYNAKIT_T='x y' sh -c 'echo $MYNAKIT_T'", dir.path()).unwrap()
                ),
            ])
            .output()
            .unwrap();
        assert_eq!(String::from_utf8_lossy(&out.stdout), "x y\n");
    }
}
