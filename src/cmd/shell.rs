//! `govdict completions SHELL` and `govdict man`: generated from the clap definitions, so
//! they never drift from the real command line.

use std::io::Write;

use clap::CommandFactory;

use super::{CmdResult, Outcome};
use crate::cli::{Cli, CompletionsArgs};

pub fn completions(args: &CompletionsArgs, out: &mut dyn Write) -> CmdResult {
    let mut cmd = Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "govdict", out);
    Ok(Outcome::Clean)
}

pub fn man(out: &mut dyn Write) -> CmdResult {
    clap_mangen::Man::new(Cli::command()).render(out)?;
    Ok(Outcome::Clean)
}
