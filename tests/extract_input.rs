//! The extract stage on the pages the wider world serves: Ukrainian and Russian articles in
//! legacy single-byte charsets, declared in the HTTP header, in a `<meta>` or not at all,
//! must come out as the same text as their UTF-8 originals; and hostile or broken markup
//! (absurd nesting, a giant page, random bytes) must come back as an `Article`, never a
//! panic, with the nesting and size bounds keeping the work finite.

use encoding_rs::{Encoding, KOI8_R, WINDOWS_1251};
use newshound::extract::{MAX_HTML_BYTES, decode_html, extract};

const UKRAINIAN: &[&str] = &[
    "Київ, 7 травня. Сьогодні в Стамбулі відновилися переговори про обмін полоненими, \
     повідомили в Міністерстві закордонних справ України.",
    "За словами посадовців, сторони обговорили повернення понад двохсот військових, \
     зокрема захисників Маріуполя, і домовилися зустрітися знову наступного тижня.",
    "Уповноважений з прав людини заявив, що родини полонених отримають інформацію \
     якнайшвидше, щойно списки буде погоджено.",
    "Наступний раунд переговорів запланований на кінець місяця, додали в міністерстві.",
];

const RUSSIAN: &[&str] = &[
    "Москва, 7 мая. В Стамбуле возобновились переговоры об обмене пленными, сообщили \
     в министерстве иностранных дел.",
    "По словам чиновников, стороны обсудили возвращение более двухсот военнослужащих \
     и договорились встретиться снова на следующей неделе.",
    "Уполномоченный по правам человека заявил, что семьи пленных получат сведения \
     как можно скорее, как только списки будут согласованы.",
    "Следующий раунд переговоров намечен на конец месяца, добавили в министерстве.",
];

/// Page furniture in each language: home, news, a newsletter prompt.
const UKRAINIAN_CHROME: [&str; 3] = ["Головна", "Новини", "Підпишіться на розсилку"];
const RUSSIAN_CHROME: [&str; 3] = ["Главная", "Новости", "Подпишитесь на рассылку"];

/// A news page around `paras`, with navigation, a newsletter box and a footer in the same
/// language, and `head` inside `<head>`.
fn page(lang: &str, head: &str, title: &str, paras: &[&str], chrome: [&str; 3]) -> String {
    let body: String = paras.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    let [home, news, subscribe] = chrome;
    format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head>{head}<title>{title} | {news}</title></head>\
         <body><nav><a href=\"/\">{home}</a> <a href=\"/news\">{news}</a></nav>\
         <article><h1>{title}</h1>{body}</article>\
         <div class=\"newsletter\"><p>{subscribe}</p></div>\
         <footer>{news}, 2024</footer></body></html>"
    )
}

enum Declared {
    Header,
    Meta,
    Nowhere,
}

#[test]
fn cyrillic_pages_in_legacy_charsets_extract_like_utf8() {
    type Case = (
        &'static Encoding,
        &'static str,
        &'static str,
        &'static [&'static str],
        [&'static str; 3],
    );
    let cases: [Case; 2] = [
        (
            WINDOWS_1251,
            "uk",
            "Переговори про обмін відновилися",
            UKRAINIAN,
            UKRAINIAN_CHROME,
        ),
        (
            KOI8_R,
            "ru",
            "Переговоры об обмене возобновились",
            RUSSIAN,
            RUSSIAN_CHROME,
        ),
    ];
    for (encoding, lang, title, paras, chrome) in cases {
        let label = encoding.name();
        let utf8 = extract(&page(lang, "", title, paras, chrome), None);
        assert!(utf8.text.starts_with(paras[0]), "{}", utf8.text);
        assert!(utf8.text.ends_with(paras[paras.len() - 1]), "{}", utf8.text);
        for declared in [Declared::Header, Declared::Meta, Declared::Nowhere] {
            let (head, content_type) = match declared {
                Declared::Header => (String::new(), Some(format!("text/html; charset={label}"))),
                Declared::Meta => (format!("<meta charset=\"{label}\">"), None),
                Declared::Nowhere => (String::new(), Some("text/html".to_string())),
            };
            let html = page(lang, &head, title, paras, chrome);
            let (bytes, _, unmappable) = encoding.encode(&html);
            assert!(!unmappable, "{label} holds every letter of the {lang} page");
            let article = extract(&decode_html(&bytes, content_type.as_deref()), None);
            assert_eq!(article.text, utf8.text, "{label}, {head:?}");
            assert_eq!(article.title, title);
            assert_eq!(article.lang.as_deref(), Some(lang));
            assert!(!article.text.contains(chrome[2]), "{}", article.text);
        }
    }
}

#[test]
fn absurd_nesting_costs_bounded_work() {
    for open in [
        "<div>",
        "<span>",
        "<div/>",
        "<table><tr><td>",
        "<b><i><u>",
        "<svg><p><div/>",
    ] {
        let html = format!(
            "<html><body>{}<p>Deep text, with commas, inside it all.</p>",
            open.repeat(100_000)
        );
        let a = extract(&html, None);
        assert!(a.text.len() <= html.len(), "{open}");
    }
}

#[test]
fn unclosed_svg_and_scripts_cost_linear_work() {
    // Each unclosed element would send a naive scan to the end of the page.
    let tail = "<".repeat(1 << 20);
    for open in [
        "<svg>",
        "<svg><g>",
        "<math><mi>",
        "<svg><script>s()</script>",
        "<script><!--",
        "<!--",
    ] {
        let html = format!(
            "<body><p>Text before it all, told plainly.</p>{}{tail}",
            open.repeat(4000)
        );
        let a = extract(&html, None);
        assert!(a.text.len() <= html.len(), "{open}");
    }
}

#[test]
fn a_giant_page_is_cut_and_still_extracted() {
    let para = "<p>A paragraph of a very long page, repeated until the page is far beyond any \
                real article, so that only its first part is ever parsed.</p>\n";
    let html = format!(
        "<html><head><title>Giant</title></head><body><article>{}</article>",
        para.repeat(MAX_HTML_BYTES / para.len() + 20_000)
    );
    assert!(html.len() > MAX_HTML_BYTES);
    let a = extract(&html, None);
    assert!(
        a.text.starts_with("A paragraph of a very long page"),
        "{}",
        &a.text[..80]
    );
    assert!(a.text.len() < MAX_HTML_BYTES);
}

#[test]
fn garbage_bytes_never_panic() {
    // A fixed xorshift stream: the same "random" bytes on every run.
    let mut x = 0x9E37_79B9_7F4A_7C15u64;
    let mut junk = Vec::with_capacity(1 << 18);
    while junk.len() < 1 << 18 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        junk.extend_from_slice(&x.to_le_bytes());
    }
    // Markup-heavy garbage: the same stream mapped onto HTML's special characters.
    let marked: Vec<u8> = junk
        .iter()
        .map(|&b| b"<>/=\"'!-a p\n&;#x"[usize::from(b % 16)])
        .collect();
    for bytes in [&junk[..], &marked[..]] {
        for content_type in [
            None,
            Some("text/html; charset=utf-16"),
            Some("text/html; charset=koi8-r"),
        ] {
            let html = decode_html(bytes, content_type);
            let _ = extract(&html, None);
            let _ = newshound::extract::html_to_text(&html);
        }
    }
}

#[test]
fn the_extract_command_applies_the_site_rules_of_an_explicit_config() {
    let dir = tempfile::tempdir().expect("tmp");
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).expect("write");
        p
    };
    write(
        "watchlists.toml",
        "[[watchlist]]\nid = \"w\"\ntitle = \"W\"\nquery = 'exchange'\n",
    );
    let config = write(
        "newshound.toml",
        "[[site]]\nhost = \"example.org\"\nexclude = [\".x-appeal\"]\n",
    );
    let paras: String = (1..=3)
        .map(|n| {
            format!(
                "<p>Paragraph {n}: officials said on Monday, after long talks, that the \
                 exchange would go ahead, and that more would follow.</p>"
            )
        })
        .collect();
    let page = write(
        "page.html",
        &format!(
            "<html><body><article>{paras}<p class=\"x-appeal\">Our reporters need your \
             help, so please give what you can today, every bit counts.</p></article></body></html>"
        ),
    );
    let run = |config: Option<&std::path::Path>| {
        let mut cmd = assert_cmd::Command::cargo_bin("newshound").expect("binary");
        if let Some(c) = config {
            cmd.arg("-c").arg(c);
        }
        let out = cmd
            .args(["extract", "--url", "https://www.example.org/a"])
            .arg(&page)
            .output()
            .expect("run");
        assert!(out.status.success(), "{out:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(run(None).contains("need your help"));
    let ruled = run(Some(&config));
    assert!(!ruled.contains("need your help"), "{ruled}");
    assert!(ruled.contains("Paragraph 3"), "{ruled}");
}
