//! Polling hostile and flaky servers on 127.0.0.1: each case asserts what happened to the bad
//! feed and that the good feed next to it was polled all the same.

mod common;

use common::beside::{error_of, plain_feed, poll, rig_with, rss};
use common::ok;
use common::web::{Web, endless_server};
use serde_json::Value;
use std::io::Write;
use std::time::Duration;
use wiremock::ResponseTemplate;

#[test]
fn a_server_that_sends_nothing_times_out() {
    let site = Web::empty();
    site.get(
        "/slow.xml",
        rss(plain_feed("slow", 1)).set_delay(Duration::from_secs(4)),
    );
    let rig = rig_with(&site, site.url("/slow.xml"));
    let r = poll(&rig, &[]);
    assert_eq!(r["outcome"], "failed");
    assert!(error_of(&r).contains("timed out"), "{r}");
}

#[test]
fn an_endless_body_is_cut_off_at_the_cap() {
    let site = Web::empty();
    let rig = rig_with(&site, format!("{}/endless.xml", endless_server()));
    rig.edit_config(|c| c.replace("[fetch]\n", "[fetch]\nmax_body_bytes = 1048576\n"));
    let r = poll(&rig, &[]);
    assert_eq!(r["outcome"], "failed");
    assert!(error_of(&r).contains("larger than 1048576 bytes"), "{r}");
}

#[test]
fn a_gzip_bomb_is_cut_off_after_decompression() {
    let site = Web::empty();
    // 64 MiB of zeros in about 64 KiB on the wire.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..64 {
        gz.write_all(&zeros).expect("gzip");
    }
    let bomb = gz.finish().expect("gzip");
    site.get(
        "/bomb.xml",
        ResponseTemplate::new(200)
            .insert_header("content-encoding", "gzip")
            .set_body_bytes(bomb),
    );
    let rig = rig_with(&site, site.url("/bomb.xml"));
    rig.edit_config(|c| c.replace("[fetch]\n", "[fetch]\nmax_body_bytes = 1048576\n"));
    let r = poll(&rig, &[]);
    assert_eq!(r["outcome"], "failed");
    assert!(error_of(&r).contains("larger than"), "{r}");
}

#[test]
fn a_redirect_loop_stops() {
    let site = Web::empty();
    site.get(
        "/a.xml",
        ResponseTemplate::new(302).insert_header("location", "/b.xml"),
    );
    site.get(
        "/b.xml",
        ResponseTemplate::new(302).insert_header("location", "/a.xml"),
    );
    let rig = rig_with(&site, site.url("/a.xml"));
    let r = poll(&rig, &[]);
    assert_eq!(r["outcome"], "failed");
    assert!(error_of(&r).contains("redirects"), "{r}");
    assert!(
        site.hits("/a.xml") + site.hits("/b.xml") <= 6,
        "at most 5 redirects"
    );
}

#[test]
fn retry_after_is_honoured_until_forced() {
    let site = Web::empty();
    site.get(
        "/busy.xml",
        ResponseTemplate::new(429).insert_header("retry-after", "7200"),
    );
    let rig = rig_with(&site, site.url("/busy.xml"));
    let r = poll(&rig, &[]);
    assert_eq!(r["outcome"], "failed");
    assert!(error_of(&r).contains("429"), "{r}");
    let retry_at: chrono::DateTime<chrono::Utc> =
        serde_json::from_value(r["retry_at"].clone()).expect("retry_at");
    let wait = retry_at - chrono::Utc::now();
    assert!(
        wait > chrono::Duration::minutes(110),
        "retry_at honours the server's two hours: {r}"
    );

    let again = poll(&rig, &[]);
    assert_eq!(again["outcome"], "backoff", "{again}");
    assert_eq!(
        site.hits("/busy.xml"),
        1,
        "not asked again before Retry-After"
    );

    let forced = poll(&rig, &["--force"]);
    assert_eq!(forced["outcome"], "failed");
    assert_eq!(site.hits("/busy.xml"), 2, "--force polls it anyway");

    let feeds = ok(&rig.run(&["feeds", "--json"]));
    let feeds: Vec<Value> = serde_json::from_str(&feeds).expect("feeds JSON");
    let bad = feeds.iter().find(|f| f["name"] == "Bad").expect("bad");
    assert_eq!(bad["status"], "failing");
    assert_eq!(bad["consecutive_failures"], 2);
    assert!(bad["failing_since"].is_string(), "{bad}");
}

#[test]
fn a_permanent_move_is_followed_and_remembered() {
    let site = Web::empty();
    site.get(
        "/old.xml",
        ResponseTemplate::new(301).insert_header("location", "/new.xml"),
    );
    site.get("/new.xml", rss(plain_feed("moved", 2)));
    let rig = rig_with(&site, site.url("/old.xml"));
    let r = poll(&rig, &[]);
    assert_eq!(r["outcome"], "fetched");
    assert_eq!(r["new_entries"], 2);
    assert_eq!(r["moved_to"], site.url("/new.xml"));

    let again = poll(&rig, &[]);
    assert_eq!(again["url"], site.url("/new.xml"), "{again}");
    assert_eq!(
        site.hits("/old.xml"),
        1,
        "the old address is not asked again"
    );
    assert_eq!(site.hits("/new.xml"), 2);
    let feeds = ok(&rig.run(&["feeds"]));
    assert!(feeds.contains("moved permanently to"), "{feeds}");
}

#[test]
fn cyrillic_feeds_and_pages_in_legacy_charsets_decode() {
    let site = Web::empty();
    let feed_bytes = encoding_rs::WINDOWS_1251
        .encode(
            &"<?xml version=\"1.0\" encoding=\"windows-1251\"?><rss version=\"2.0\"><channel>\
              <title>Новини</title><item><title>Обмін полоненими</title><guid>u1</guid>\
              <link>LINK</link><description>Коротко.</description></item></channel></rss>"
                .replace("LINK", &site.url("/page.html")),
        )
        .0
        .into_owned();
    site.get(
        "/uk.xml",
        ResponseTemplate::new(200)
            .insert_header("content-type", "application/rss+xml")
            .set_body_bytes(feed_bytes),
    );
    let text = "Україна та Росія провели черговий обмін полоненими. Додому повернулися \
                95 українських захисників, повідомив Координаційний штаб з питань поводження \
                з військовополоненими. Серед звільнених — бійці, які обороняли Маріуполь.";
    let page = format!(
        "<html><head><meta charset=\"windows-1251\"><title>Обмін</title></head><body>\
         <nav>Головна | Новини</nav><article><h1>Обмін полоненими</h1><p>{text}</p><p>{text}</p>\
         </article></body></html>"
    );
    site.get(
        "/page.html",
        ResponseTemplate::new(200)
            .insert_header("content-type", "text/html")
            .set_body_bytes(encoding_rs::WINDOWS_1251.encode(&page).0.into_owned()),
    );
    let rig = rig_with(&site, site.url("/uk.xml"));
    let r = poll(&rig, &[]);
    assert_eq!(r["outcome"], "fetched", "{r}");
    assert_eq!(r["article_errors"].as_array().map(Vec::len), Some(0), "{r}");
    assert_eq!(
        r["matches"], 1,
        "the decoded Ukrainian page matches pow-exchange: {r}"
    );

    let out = ok(&rig.run(&["watch", "test", "--url", &site.url("/page.html"), "--json"]));
    assert!(out.contains("полоненими"), "decoded text: {out}");
}

#[test]
fn a_koi8_page_declared_only_in_the_header_decodes() {
    let site = Web::empty();
    let text = "Россия и Украина провели обмен пленными: домой вернулись военнопленные.";
    let page = format!("<html><body><article><p>{text}</p><p>{text}</p></article></body></html>");
    site.get(
        "/ru.html",
        ResponseTemplate::new(200)
            .insert_header("content-type", "text/html; charset=koi8-r")
            .set_body_bytes(encoding_rs::KOI8_R.encode(&page).0.into_owned()),
    );
    let rig = rig_with(&site, site.url("/good.xml"));
    let out = ok(&rig.run(&["watch", "test", "--url", &site.url("/ru.html"), "--json"]));
    assert!(
        out.contains("pow-exchange") && out.contains("пленными"),
        "{out}"
    );
}

#[test]
fn article_links_into_private_networks_are_refused_by_default() {
    let site = Web::empty();
    let feed = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>\
         <item><title>Inside</title><guid>i1</guid><link>{}</link>\
         <description>The feed's own words.</description></item></channel></rss>",
        site.url("/secret.html")
    );
    site.get("/links.xml", rss(feed));
    site.get(
        "/secret.html",
        ResponseTemplate::new(200).set_body_string("secret"),
    );
    let rig = rig_with(&site, site.url("/links.xml"));
    rig.edit_config(|c| {
        c.replace(
            "allow_private_addresses = true",
            "allow_private_addresses = false",
        )
    });
    let r = poll(&rig, &[]);
    assert_eq!(
        r["outcome"], "fetched",
        "operator-configured feeds may be local: {r}"
    );
    let errors = r["article_errors"].to_string();
    assert!(errors.contains("refused"), "{r}");
    assert_eq!(site.hits("/secret.html"), 0, "the page was never requested");
}

#[test]
fn opml_import_skips_duplicates_and_round_trips() {
    let site = Web::empty();
    let rig = rig_with(&site, site.url("/bad.xml"));
    let opml = rig.dir.path().join("subs.opml");
    std::fs::write(
        &opml,
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>Miniflux</title></head><body>
  <outline text="War">
    <outline title="Kyiv Independent" text="Kyiv Independent" xmlUrl="https://kyivindependent.com/rss/" type="rss"/>
    <outline title="Good again" text="Good again" xmlUrl="{}" type="rss"/>
  </outline>
  <outline text="Meduza" xmlUrl="https://meduza.io/rss/en/all" htmlUrl="https://meduza.io/en"/>
  <outline text="Meduza twice" xmlUrl="http://meduza.io/rss/en/all/"/>
</body></opml>"#,
            site.url("/good.xml")
        ),
    )
    .expect("write opml");
    let out = ok(&rig.run(&["opml", "import", opml.to_str().expect("utf-8")]));
    assert!(out.contains("2 feeds added, 2 already configured"), "{out}");
    ok(&rig.run(&["check"]));
    let again = ok(&rig.run(&["opml", "import", opml.to_str().expect("utf-8")]));
    assert!(
        again.contains("0 feeds added, 4 already configured"),
        "{again}"
    );

    let exported = ok(&rig.run(&["opml", "export"]));
    let feeds = newshound::opml::parse(&exported).expect("exported OPML parses");
    let urls: Vec<&str> = feeds.iter().map(|f| f.xml_url.as_str()).collect();
    assert_eq!(urls.len(), 4, "{exported}");
    for u in [
        "https://kyivindependent.com/rss/",
        "https://meduza.io/rss/en/all",
    ] {
        assert!(urls.contains(&u), "{u} in {exported}");
    }
}

#[test]
fn a_feed_whose_charset_is_only_in_the_header_decodes() {
    let site = Web::empty();
    let feed = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Лента</title>\
                <item><title>Состоялся обмен пленными</title><guid>r1</guid><description>\
                Россия и Украина провели обмен пленными: домой вернулись военнопленные.\
                </description></item></channel></rss>";
    site.get(
        "/koi8.xml",
        ResponseTemplate::new(200)
            .insert_header("content-type", "application/rss+xml; charset=koi8-r")
            .set_body_bytes(encoding_rs::KOI8_R.encode(feed).0.into_owned()),
    );
    let rig = rig_with(&site, site.url("/koi8.xml"));
    let r = poll(&rig, &[]);
    assert_eq!(r["outcome"], "fetched", "{r}");
    assert_eq!(
        r["matches"], 1,
        "the decoded Russian item matches pow-exchange: {r}"
    );
}
