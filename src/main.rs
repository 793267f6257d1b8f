use std::process::ExitCode;

use clap::Parser;
use lantern::config::LogFormat;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = lantern::cli::Cli::parse();
    // Lines go to a thread of their own (see `log_writer`): a request never waits for standard
    // error. The guard writes what is left before main returns.
    let (writer, flush_on_exit) = lantern::log_writer::BatchedWriter::new(std::io::stderr());
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        // Colour codes only for a person at a terminal: in a log file or a collector they are
        // noise a reader must strip, and they cost time on every request's line.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    match cli.log_format {
        LogFormat::Text => logs.init(),
        // The span's fields (request id, method, route pattern) ride along on each line.
        LogFormat::Json => logs.json().with_current_span(true).init(),
    }
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
