//! A watchlist's examples file: JSON Lines of labelled articles the operator (or
//! `watch label`) wrote, `{"title", "body", "label", "lang"?, "note"?, "url"?}` a line. Lines
//! starting with `#` are comments and blank lines are skipped, so the file can be sectioned
//! and annotated by hand. Pure: the text comes in, examples and located problems go out.

use crate::model::Example;

/// A problem on one line of an examples file (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleProblem {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Reads every example of `text`; every bad line is reported, the good ones kept.
pub fn parse(text: &str) -> (Vec<Example>, Vec<ExampleProblem>) {
    let mut examples = Vec::new();
    let mut problems = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        match serde_json::from_str::<Example>(trimmed) {
            Ok(mut e) => {
                e.line = n + 1;
                if e.title.trim().is_empty() && e.body.trim().is_empty() {
                    problems.push(ExampleProblem {
                        line: n + 1,
                        column: 1,
                        message: "an example needs a title or a body".into(),
                    });
                } else {
                    examples.push(e);
                }
            }
            Err(err) => problems.push(ExampleProblem {
                line: n + 1,
                // serde_json counts columns within the trimmed line.
                column: err.column() + (line.len() - line.trim_start().len()),
                message: format!(
                    "not an example: {} (expected one JSON object a line: \
                     {{\"title\": \"...\", \"body\": \"...\", \"label\": true}})",
                    without_position(&err)
                ),
            }),
        }
    }
    (examples, problems)
}

/// serde_json's message ends "at line 1 column N" about the one line it
/// saw; the problem's own line and column already say where, in the file.
fn without_position(err: &serde_json::Error) -> String {
    let text = err.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

/// One example as a line of an examples file.
pub fn to_line(e: &Example) -> String {
    // Serialising plain strings and bools cannot fail; an empty object would still be a
    // comment-free line the parser reports, never a silent loss.
    serde_json::to_string(e).unwrap_or_else(|_| String::from("{}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_blank_lines_are_skipped_and_lines_numbered() {
        let text = "# pow\n\n{\"title\":\"Swap\",\"body\":\"b\",\"label\":true}\n  # x\n\
                    {\"title\":\"Rate\",\"body\":\"\",\"label\":false,\"lang\":\"en\"}\n";
        let (ex, problems) = parse(text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(ex.len(), 2);
        assert_eq!((ex[0].line, ex[0].label), (3, true));
        assert_eq!((ex[1].line, ex[1].lang.as_deref()), (5, Some("en")));
    }

    #[test]
    fn a_bad_line_is_located_and_the_rest_kept() {
        let text = "{\"title\":\"a\",\"label\":true}\n{\"title\": \"b\", \"label\": \"yes\"}\n\
                    {\"title\":\"c\",\"label\":false,\"colour\":1}\n{\"label\":true}\n";
        let (ex, problems) = parse(text);
        assert_eq!(ex.len(), 1);
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [2, 3, 4]);
        assert!(
            problems[1].message.contains("colour"),
            "{}",
            problems[1].message
        );
        assert!(problems[2].message.contains("title or a body"));
    }

    #[test]
    fn a_written_line_reads_back_the_same() {
        let e = Example {
            title: "Обмін \"полоненими\"".into(),
            body: "line\nbreak".into(),
            label: false,
            lang: Some("uk".into()),
            note: None,
            url: Some("https://example.org/a".into()),
            line: 0,
        };
        let (back, problems) = parse(&to_line(&e));
        assert!(problems.is_empty());
        assert_eq!(back[0], Example { line: 1, ..e });
    }
}
