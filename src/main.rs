//! The `bposim` command: parse arguments, run, map errors to exit codes.

fn main() {
    let code = match bposim::cli::main() {
        Ok(()) => 0,
        Err(error) => {
            eprintln!("{error:#}");
            bposim::error::exit_code(&error)
        }
    };
    std::process::exit(code);
}
