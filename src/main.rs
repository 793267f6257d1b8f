use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::util::SubscriberInitExt;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = lantern::cli::Cli::parse();
    // Lines go to a thread of their own (see `logs::writer`): a request never waits for
    // standard error. The guard writes what is left before main returns.
    let (writer, flush_on_exit) = lantern::logs::BatchedWriter::new(std::io::stderr());
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    // Colour codes only for a person at a terminal: in a log file or a collector they are noise
    // a reader must strip, and they cost time on every line.
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    lantern::logs::subscriber(cli.log_format, filter, ansi, writer).init();
    let result = cli.run().await;
    // The log's last lines first, then the error they led to.
    drop(flush_on_exit);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // Errors quote files and flags; a control character in them must not reach the
            // terminal as one.
            eprintln!(
                "lantern: {}",
                lantern::input::Escaped::lines(&error.to_string())
            );
            ExitCode::from(error.exit_code())
        }
    }
}
