//! The extract stage's bounds on hostile pages and files: each one that cuts says so in the
//! article's `truncated` (and on stderr from the command), text past a depth bound is kept,
//! and the command refuses an input larger than fetch's body cap, naming the file. Time and
//! memory themselves are measured by `bench/extract-memory.sh`, not here.

use std::io::Write;

use newshound::extract::extract;
use newshound::model::Cut;

const PROSE: &str = "Officials said on Monday, after long talks in the capital, that the \
                     exchange would go ahead this week, and that more would follow.";

#[test]
fn ordinary_pages_record_no_cut() {
    let page = format!(
        "<html><body><article><h1>Talks</h1>{}</article></body></html>",
        format!("<p>{PROSE}</p>").repeat(20)
    );
    let a = extract(&page, None);
    assert!(a.text.starts_with("Officials said"), "{}", a.text);
    assert!(a.truncated.is_empty(), "{:?}", a.truncated);
}

#[test]
fn text_below_the_depth_bound_is_kept_and_the_flattening_recorded() {
    let deep = "<div class=\"wrap\">".repeat(10_000);
    let page = format!(
        "<html><body><article>{deep}<p>First deep paragraph. {PROSE}</p>\
         <div>Second deep paragraph. {PROSE}</div><p>Third deep paragraph. {PROSE}</p>\
         {}</article></body></html>",
        "</div>".repeat(10_000)
    );
    let a = extract(&page, None);
    for n in ["First", "Second", "Third"] {
        assert!(
            a.text.contains(&format!("{n} deep paragraph.")),
            "{n}: {}",
            a.text
        );
    }
    assert_eq!(a.truncated, [Cut::Nesting]);
}

#[test]
fn end_tags_the_parser_ignores_do_not_hide_the_depth() {
    // `</div>` inside a table closes nothing: each round nests one div deeper.
    let page = format!(
        "<html><body>{}<p>Deep at the end. {PROSE}</p></body></html>",
        "<div><table></div></table>".repeat(20_000)
    );
    let a = extract(&page, None);
    assert!(a.text.contains("Deep at the end."), "{}", a.text);
    assert_eq!(a.truncated, [Cut::Nesting]);
}

#[test]
fn a_ten_megabyte_page_of_paragraphs_is_cut_and_says_so() {
    let mut page = format!("<html><body><article><p>{PROSE}</p>");
    while page.len() < 10 << 20 {
        page.push_str("<p>");
    }
    let a = extract(&page, None);
    assert!(a.text.starts_with("Officials said"), "{}", a.text);
    assert!(a.truncated.contains(&Cut::Size), "{:?}", a.truncated);
    assert!(a.truncated.contains(&Cut::Nodes), "{:?}", a.truncated);
}

#[test]
fn reopened_formatting_elements_are_cut_and_say_so() {
    let open: String = (0..400).map(|i| format!("<b id=b{i}>")).collect();
    let page = format!(
        "<html><body><p>{PROSE}</p><div><p>{open}</div>{}",
        "<div>x</div>".repeat(5_000)
    );
    let a = extract(&page, None);
    assert!(a.truncated.contains(&Cut::Nodes), "{:?}", a.truncated);
}

#[test]
fn a_page_of_nuls_keeps_its_text_and_is_not_cut() {
    let page = format!("<html><body><p>{PROSE}</p>{}", "\0".repeat(1 << 20));
    let a = extract(&page, None);
    assert!(a.text.starts_with("Officials said"), "{}", a.text);
    assert!(a.truncated.is_empty(), "{:?}", a.truncated);
}

fn newshound() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("newshound").expect("binary")
}

#[test]
fn a_gzip_bomb_in_a_batch_is_refused_by_name_and_the_rest_extracted() {
    let dir = tempfile::tempdir().expect("tmp");
    let pages = dir.path().join("pages");
    std::fs::create_dir(&pages).expect("mkdir");
    let good = format!("<html><body><article><p>{PROSE}</p></article></body></html>");
    std::fs::write(pages.join("good.html"), good).expect("write");
    // 11 MiB of zeros gzip to about 11 KiB.
    let bomb = std::fs::File::create(pages.join("bomb.html.gz")).expect("create");
    let mut gz = flate2::write::GzEncoder::new(bomb, flate2::Compression::best());
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..11 {
        gz.write_all(&zeros).expect("gzip");
    }
    gz.finish().expect("gzip");
    let out = dir.path().join("preds.json");
    let run = newshound()
        .arg("extract")
        .arg("--batch")
        .arg(&pages)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("run");
    assert_eq!(run.status.code(), Some(1), "{run:?}");
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains("bomb.html.gz (gunzipped): more than 10 MiB"),
        "{err}"
    );
    let preds: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&out).expect("preds")).expect("json");
    assert!(
        preds["good"]["articleBody"]
            .as_str()
            .is_some_and(|t| t.starts_with("Officials said")),
        "{preds}"
    );
    assert!(preds.get("bomb").is_none(), "{preds}");
}

#[test]
fn standard_input_beyond_the_cap_is_refused() {
    let run = newshound()
        .args(["extract", "-"])
        .write_stdin(vec![b'a'; (10 << 20) + 1])
        .output()
        .expect("run");
    assert!(!run.status.success());
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("standard input: more than 10 MiB"), "{err}");
    let run = newshound()
        .args(["extract", "-"])
        .write_stdin(format!("<p>{PROSE}</p>"))
        .output()
        .expect("run");
    assert!(run.status.success(), "{run:?}");
}

#[test]
fn the_command_reports_what_a_bound_cut() {
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("deep.html");
    std::fs::write(
        &file,
        format!("<body>{}<p>{PROSE}</p>", "<div>".repeat(5_000)),
    )
    .expect("write");
    let run = newshound()
        .args(["extract", "--json"])
        .arg(&file)
        .output()
        .expect("run");
    assert!(run.status.success(), "{run:?}");
    let article: serde_json::Value = serde_json::from_slice(&run.stdout).expect("json");
    assert_eq!(article["truncated"], serde_json::json!(["nesting"]));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("deep.html: elements nested too deep"), "{err}");
}
