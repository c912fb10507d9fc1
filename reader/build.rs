//! Builds mynakit's pcsc-lite reader driver (`ifd/ifd-mynakit.c`) into `OUT_DIR`, for
//! `src/ifd/driver.rs` to embed: every install of mynakit (the release tarball, the image,
//! `cargo install`, the Action's binary) then carries the driver, and the managed pcscd loads a
//! copy written out at run time (docs/reader.md, "The mynakit reader driver"; docs/install.md).
//!
//! The flags are `ifd/cflags`, the list the Makefile (`make -C reader/ifd`, for developers and
//! its sanitizer `check`) uses too. Without a C compiler or pcsc-lite's headers
//! (`libpcsclite-dev`, which the `pcsc` crate needs as well) the build fails saying so: a
//! mynakit without its driver would judge 18 scenarios NOT-APPLICABLE over pcscd.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("manifest dir"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("out dir"));
    let ifd = manifest.join("ifd");
    for file in ["ifd-mynakit.c", "protocol.h", "cflags"] {
        println!("cargo:rerun-if-changed={}", ifd.join(file).display());
    }
    println!("cargo:rerun-if-env-changed=PKG_CONFIG_PATH");
    if let Err(why) = build(&ifd, &out.join("libifdmynakit.so")) {
        eprintln!(
            "error: mynakit's reader driver (reader/ifd/ifd-mynakit.c) cannot be built: {why}"
        );
        std::process::exit(1);
    }
}

/// Compiles the driver to `library`, or says why not.
fn build(ifd: &Path, library: &Path) -> Result<(), String> {
    let flags = std::fs::read_to_string(ifd.join("cflags"))
        .map_err(|e| format!("{}: {e}", ifd.join("cflags").display()))?;
    // cc says which variables choose the compiler (`CC`, `CC_<target>`, …), so that changing
    // one builds the driver again.
    let compiler = cc::Build::new()
        .try_get_compiler()
        .map_err(|e| format!("no C compiler found ({e}); install gcc (Debian: build-essential)"))?;
    let mut command = Command::new(compiler.path());
    command
        .args(
            flags
                .lines()
                .filter(|line| !line.trim_start().starts_with('#'))
                .flat_map(str::split_whitespace),
        )
        .args(["-O2", "-fPIC", "-shared", "-fvisibility=default"])
        .args(pcsc_cflags())
        .arg("-o")
        .arg(library)
        .arg(ifd.join("ifd-mynakit.c"))
        .arg("-lpthread");
    let output = command.output().map_err(|e| {
        format!(
            "{}: {e}; install gcc (Debian: build-essential)",
            compiler.path().display()
        )
    })?;
    let said = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        let headers = if said.contains("ifdhandler.h") || said.contains("reader.h") {
            " (pcsc-lite's headers are missing: Debian's libpcsclite-dev)"
        } else {
            ""
        };
        return Err(format!(
            "{} failed{headers}:\n{said}",
            compiler.path().display()
        ));
    }
    for line in said.lines() {
        println!("cargo:warning={line}");
    }
    Ok(())
}

/// pcsc-lite's include flags from pkg-config, else Debian's folder (as the Makefile does).
fn pcsc_cflags() -> Vec<String> {
    let mut flags = Command::new("pkg-config")
        .args(["--cflags", "libpcsclite"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .split_whitespace()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .filter(|flags| !flags.is_empty())
        .unwrap_or_else(|| vec!["-I/usr/include/PCSC".to_owned()]);
    flags.push("-I/usr/include".to_owned());
    flags
}
