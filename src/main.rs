//! The `sciatic-planner` binary: the desktop app, or a headless subcommand.

use std::process::ExitCode;

use clap::Parser;
use sciatic_planner::cli::{self, Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Check { files }) => {
            exit(cli::check_files(&files, &mut std::io::stdout().lock()))
        }
        Some(Command::BuildModel { out }) => exit(cli::build_model(&out, &mut std::io::stdout().lock())),
        None => run_app(cli.plan),
    }
}

fn exit(result: std::io::Result<i32>) -> ExitCode {
    match result {
        Ok(code) => ExitCode::from(code as u8),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(cli::EXIT_UNREADABLE as u8)
        }
    }
}

#[cfg(feature = "app")]
fn run_app(plan: Option<std::path::PathBuf>) -> ExitCode {
    sciatic_planner::app::run(plan)
}

#[cfg(not(feature = "app"))]
fn run_app(_plan: Option<std::path::PathBuf>) -> ExitCode {
    eprintln!(
        "this build has no desktop app (it was built without the `app` feature); see --help for commands"
    );
    ExitCode::from(2)
}
