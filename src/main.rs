//! The `bposim` command: parse arguments, run, map errors to exit codes
//! (0 success, 2 bad input, 1 anything else, 130 interrupted).

use bposim::output::{INTERRUPTED_EXIT_CODE, Interrupted, install_interrupt_handler};

fn main() {
    // Without the handler an interrupt still leaves earlier results untouched
    // (files are moved into place only when complete), but may leave a
    // staging folder behind; say so and carry on.
    if let Err(error) = install_interrupt_handler() {
        eprintln!("warning: {error:#}");
    }
    let code = match bposim::cli::main() {
        Ok(()) => 0,
        Err(error) => {
            eprintln!("{error:#}");
            if error.chain().any(|e| e.is::<Interrupted>()) {
                INTERRUPTED_EXIT_CODE
            } else {
                bposim::cli::exit_code(&error)
            }
        }
    };
    std::process::exit(code);
}
