//! `mynakit-reference-client [--defect NAME]...`: the reference client as a command. A thin shell
//! over the library: the command line is `mynakit_reference_client::command`.

fn main() -> std::process::ExitCode {
    mynakit_reference_client::command(std::env::args().skip(1))
}
