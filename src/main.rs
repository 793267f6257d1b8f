use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = lantern::cli::Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        // Colour codes only for a person at a terminal: in a log file or a collector they are
        // noise a reader must strip, and they cost time on every request's line.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    match cli.run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // Errors quote files and flags; a control character in them must not reach the
            // terminal as one.
            eprintln!(
                "lantern: {}",
                lantern::input::Escaped::lines(&error.to_string())
            );
            ExitCode::FAILURE
        }
    }
}
