//! The `scimap` program: try, check and run attribute mappings.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
