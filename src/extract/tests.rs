use super::*;

#[test]
fn html_to_text_paragraphs_lists_entities() {
    assert_eq!(
        html_to_text("<p>One &amp; two</p><ul><li>a</li><li>b</li></ul><h2>Head</h2>x<br>y"),
        "One & two\n\na\nb\n\nHead\n\nx\ny"
    );
    assert_eq!(html_to_text("plain   text\n here"), "plain text here");
    assert_eq!(html_to_text(""), "");
}
