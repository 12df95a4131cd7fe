//! Configuration errors: every problem carries the file, line and column it comes from, so
//! an operator can go straight to it.

use std::fmt;
use std::path::{Path, PathBuf};

/// One thing wrong with the configuration, located in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file.display(),
            self.line,
            self.column,
            self.message
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}", render(.0))]
    Invalid(Vec<Problem>),
}

impl ConfigError {
    /// The located problems, if the error is about the file's content.
    pub fn problems(&self) -> &[Problem] {
        match self {
            ConfigError::Invalid(p) => p,
            ConfigError::Read { .. } => &[],
        }
    }
}

fn render(problems: &[Problem]) -> String {
    let lines: Vec<String> = problems.iter().map(Problem::to_string).collect();
    lines.join("\n")
}

/// Collects problems for one source file, turning byte offsets into line and column.
pub(crate) struct Located<'a> {
    pub file: &'a Path,
    pub text: &'a str,
    pub problems: Vec<Problem>,
    /// Things that work but should be changed; `check` prints them, nothing fails.
    pub warnings: Vec<Problem>,
}

impl<'a> Located<'a> {
    pub fn new(file: &'a Path, text: &'a str) -> Self {
        Self {
            file,
            text,
            problems: Vec::new(),
            warnings: Vec::new(),
        }
    }

    fn locate(&self, offset: usize, message: impl Into<String>) -> Problem {
        let (line, column) = line_col(self.text, offset);
        Problem {
            file: self.file.to_path_buf(),
            line,
            column,
            message: message.into(),
        }
    }

    pub fn at(&mut self, offset: usize, message: impl Into<String>) {
        let problem = self.locate(offset, message);
        self.problems.push(problem);
    }

    pub fn warn(&mut self, offset: usize, message: impl Into<String>) {
        let warning = self.locate(offset, message);
        self.warnings.push(warning);
    }

    pub fn toml(&mut self, err: &toml::de::Error) {
        let offset = err.span().map(|s| s.start).unwrap_or(0);
        self.at(offset, err.message().trim().to_string());
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::line_col;

    #[test]
    fn offsets_become_lines_and_columns() {
        let t = "a = 1\nbé = 2\n";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 6), (2, 1));
        assert_eq!(line_col(t, 9), (2, 3));
        assert_eq!(line_col(t, 999), (3, 1));
    }
}
