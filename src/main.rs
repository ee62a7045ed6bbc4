//! The `bposim` command: parse arguments, run, map errors to exit codes.

fn main() {
    let code = match bposim::cli::main() {
        Ok(()) => 0,
        Err(error) => {
            let message = format!("{error:#}");
            if message.starts_with("error") {
                eprintln!("{message}");
            } else {
                eprintln!("error: {message}");
            }
            bposim::error::exit_code(&error)
        }
    };
    std::process::exit(code);
}
