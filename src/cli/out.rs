//! Printing for humans and scripts, where the reader may go away: `newshound watch backtest |
//! head` closes the pipe after ten lines, and Rust's `println!` panics on the next write. A
//! closed pipe means the reader has what it wanted, so the command ends there, quietly and
//! with success, as grep and ripgrep do; any other failure to write is reported.

use std::io::Write;

/// Writes to standard output, ending the process on a closed pipe (see the module).
pub fn write(args: std::fmt::Arguments) {
    done(std::io::stdout().lock().write_fmt(args));
}

/// The outcome of a write to standard output by other means (a buffered writer): a closed
/// pipe ends the process quietly, another error with a message.
pub fn done(result: std::io::Result<()>) {
    if let Err(e) = result {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("newshound: cannot write to standard output: {e}");
        std::process::exit(1);
    }
}

/// `print!` through [`write`].
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::cli::out::write(format_args!($($arg)*))
    };
}

/// `println!` through [`write`].
macro_rules! outln {
    () => {
        $crate::cli::out::write(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::cli::out::write(format_args!("{}\n", format_args!($($arg)*)))
    };
}

pub(crate) use {out, outln};
