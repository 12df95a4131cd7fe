//! Boilerplate that survives inside the chosen body as whole lines: calls to action, form
//! labels, "Read more" and "Related" stubs, photo credits, comment-form notices. The rules
//! are general phrasings (mostly anchored, mostly for short lines), never the sentences of
//! one site. It drops lines; it never rewrites the text of a line it keeps.

use std::sync::LazyLock;

use regex::Regex;

use super::text::{Block, Kind};

/// Lines longer than this are prose, whatever words they start with.
const SHORT_LINE: usize = 120;
/// Notices and credits run to a few sentences at most; longer lines are article text (and
/// scanning them for notices would cost more than the rest of the stage).
const LONG_LINE: usize = 600;

// Word boundaries are ASCII ones, `(?-u:\b)`: the phrases are English, and a Unicode `\b`
// keeps the regex engine off its fast DFA on any line with a curly quote or a Cyrillic letter.

/// Whole-line furniture, matched only on short lines.
static SHORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^(?:
            (?:subscribe|sign\ up|sign\ in|log\ ?in|register|follow\ us|join\ us|donate|support\ us|become\ a\ (?:member|subscriber|patron))(?-u:\b)
          | .*(?-u:\b)newsletters?(?-u:\b)
          | .*(?-u:\b)enter\ (?:your\ )?e-?mail
          | .*(?-u:\b)successful?ly\ subscribed
          | .*(?-u:\b)thank\ you\ for\ (?:signing\ up|subscribing|registering)
          | (?:read|see|watch|listen)\ (?:more|also|next|the\ full|now)(?-u:\b)
          | more\ (?:news|stories|from|on\ this|like\ this)(?-u:\b)
          | (?:related|see\ also|also\ read|read\ also|more|recommended|further\ reading)(?:\ \w+)?\s*:
          | .*(?-u:\b)affiliate\ (?:links?|commissions?|partnerships?)(?-u:\b)
          | follow\ .{0,80}(?-u:\b)on\ (?:twitter|facebook|instagram|x|threads|bluesky|telegram)(?-u:\b)
          | (?:related|recommended|popular|trending|latest)(?:\ (?:posts?|articles?|stories|content|news|reading|coverage|topics|links|videos))?\s*:?$
          | source\ ?(?:link|:)
          | (?:share|tweet|e-?mail|print)(?:\ (?:this|on|via|the\ article|article|story))?(?-u:\b)\W*$
          | share\ (?:this|on|via)(?-u:\b)
          | click\ here(?-u:\b)
          | (?:advertisement|advertising|sponsored(?:\ content)?|ad)\W*$
          | (?:photo|image|picture|video|graphic)s?\s*(?:credit|by|courtesy)?\s*:
          | (?:credit|courtesy|caption)s?\s*:
          | (?:tags?|filed\ under|topics?|categories|keywords)\s*(?::|$)
          | (?:advert|caption|close|open|menu|image|photo|gallery|expand|enlarge|show\ more|hide)\W*$
          | (?:don'?t|do\ not)\ miss(?-u:\b)
          | you\ (?:may|might)\ (?:also\ )?(?:like|enjoy|be\ interested)
          | tell\ us\ what\ you\ think
          | this\ (?:slideshow|video|content|feature)\ requires\ javascript
          | (?:leave|post|add|write)\ a\ (?:comment|reply|response)
          | \d*\s*(?:comments?|replies|responses)\s*(?:\(\d+\))?$
          | (?:copyright|©|\(c\)\ \d{4})
          | .*(?-u:\b)all\ rights\ reserved
          | (?:skip|jump)\ to\ (?:main\ )?(?:content|navigation|main)
          | .*(?-u:\b)(?:we\ use|this\ (?:site|website)\ uses)\ cookies
          | (?:edit\ post|edit\ this|print\ this\ page|back\ to\ top)(?-u:\b)
          | (?:loading|please\ wait)\W*$
        )",
    )
    .expect("static pattern compiles")
});

/// The same furniture in the other languages of the news read most: Russian and
/// Ukrainian, Polish, Greek, Chinese. Matched only on short lines, like `SHORT`.
static SHORT_INTL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^(?:
            (?:загрузка|завантаження)\W*$
          | (?:смотрите|читайте|см\.)\ (?:также|еще|ещё)
          | (?:другие|последние|главные|популярные|похожие|свежие|читайте)\ (?:новости|материалы|статьи|публикации)(?:\ (?:по\ теме|в\ рубрике|раздела|рубрики).*)?\s*:?$
          | (?:статьи|материалы|новости)\ по\ теме\s*:?$
          | (?:добавить|оставить|написать)\ (?:комментарий|отзыв)
          | комментари(?:и|ев|й)\s*(?::\s*\d+|\(\d+\))?\s*$
          | нашли\ (?:опечатку|ошибку)
          | (?:добавить\ в\ закладки|поделиться|распечатать|версия\ для\ печати)
          | (?:фото|видео|источник|теги|метки)\s*:
          | (?:подписывайтесь|подпишитесь)
          | .*все\ права\ защищены
          | .*при\ (?:перепечатке|цитировании|использовании)\ .{0,80}ссылка
          | (?:czytaj|zobacz)\ (?:też|także|również|więcej)
          | (?:komentarze|skomentuj|dodaj\ komentarz)
          | (?:udostępnij|podziel\ się)
          | (?:źródło|fot\.?|foto|tagi)\s*:
          | .*wszelkie\ prawa\ zastrzeżone
          | (?:διαβάστε\ επίσης|σχόλια|σχολιάστε)
          | πηγή\s*:
          | .*(?:相关(?:新闻|阅读|文章|报道)|责任编辑|分享到|上一篇|下一篇|推荐阅读|版权所有)
        )",
    )
    .expect("static pattern compiles")
});

/// Furniture recognisable at any length.
static ANY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
            your\ email\ address\ will\ not\ be\ published
          | (?-u:\b)indicates\ required(?-u:\b)
          | required\ fields\ are\ marked
          | \(\s*(?:(?:photo|image|picture|pic|foto)s?\s*(?:credits?)?|credits?)\s*:[^)]*\)\W*$
          | ^the\ post\ .+\ appeared\ first\ on(?-u:\b)
          | ^this\ (?:article|story|post)\ (?:was\ )?originally\ (?:appeared|published)(?-u:\b)
        ",
    )
    .expect("static pattern compiles")
});

pub(super) fn is_boilerplate(line: &str) -> bool {
    let line = line.trim();
    if line.is_empty() {
        return false;
    }
    // A lone `*`, `|` or `•` left over from a form label or a separator row.
    if line.chars().all(|c| !c.is_alphanumeric()) {
        return true;
    }
    (line.len() <= LONG_LINE && ANY.is_match(line))
        || (line.chars().count() <= SHORT_LINE
            && (SHORT.is_match(line) || (!line.is_ascii() && SHORT_INTL.is_match(line))))
}

/// A line whose text is nearly all link text is a pointer to another page ("Related:
/// headline", a teaser list), not a sentence of this one.
const LINK_LINE_SHARE: f32 = 0.8;
/// Repeated paragraphs are captions and pull quotes shown twice; short ones may repeat
/// legitimately ("Yes.", a refrain), so only longer ones count.
const MIN_DUPLICATE_CHARS: usize = 40;

/// Drops boilerplate lines, link-only lines and repeated paragraphs, and blocks left empty.
pub(super) fn drop_boilerplate(blocks: Vec<Block>) -> Vec<Block> {
    let mut seen = std::collections::HashSet::new();
    blocks
        .into_iter()
        .filter_map(|mut b| {
            let mut kept_share = Vec::new();
            let kept: Vec<&str> = b
                .text
                .lines()
                .zip(b.link_share.iter().chain(std::iter::repeat(&0.0)))
                .filter(|(l, share)| **share < LINK_LINE_SHARE && !is_boilerplate(l))
                .map(|(l, share)| {
                    kept_share.push(*share);
                    l
                })
                .collect();
            let text = kept.join("\n");
            if text.is_empty() || (text.len() >= MIN_DUPLICATE_CHARS && !seen.insert(text.clone()))
            {
                return None;
            }
            b.text = text;
            b.link_share = kept_share;
            Some(b)
        })
        .collect()
}

/// A line this long with little link text is prose: the article runs at least to the last
/// such line.
const PROSE_LINE: usize = 80;
/// ... with less than this share of its characters in links.
const PROSE_LINE_LINKS: f32 = 0.3;
/// After the last prose line, a line with this much link text points elsewhere.
const TAIL_LINKS: f32 = 0.1;

/// Drops the furniture after the article's last prose line: lines partly made of links
/// ("Other news in this section", a headline with its date), and labels ending in a colon
/// that introduce what follows ("Latest news:"). Items and table rows with little link
/// text, sentences and long lines stay: a closing list or a short last paragraph is the
/// article's.
pub(super) fn trim_tail(blocks: Vec<Block>) -> Vec<Block> {
    let share = |b: &Block, li: usize| b.link_share.get(li).copied().unwrap_or(0.0);
    let Some(last) = blocks
        .iter()
        .enumerate()
        .flat_map(|(bi, b)| b.text.lines().enumerate().map(move |(li, l)| (bi, li, l)))
        .filter(|&(bi, li, l)| {
            l.chars().count() >= PROSE_LINE && share(&blocks[bi], li) < PROSE_LINE_LINKS
        })
        .map(|(bi, li, _)| (bi, li))
        .last()
    else {
        return blocks;
    };
    blocks
        .into_iter()
        .enumerate()
        .filter_map(|(bi, mut b)| {
            if bi < last.0 {
                return Some(b);
            }
            let listed = matches!(b.kind, Kind::Item { .. } | Kind::Row);
            let mut shares = Vec::new();
            let kept: Vec<&str> = b
                .text
                .lines()
                .enumerate()
                .filter(|&(li, l)| {
                    let s = share(&b, li);
                    let keep = (bi, li) <= last
                        || (s < TAIL_LINKS && !l.trim_end().ends_with(':'))
                        || (listed && s < PROSE_LINE_LINKS)
                        || (l.chars().count() >= PROSE_LINE && s < PROSE_LINE_LINKS);
                    if keep {
                        shares.push(s);
                    }
                    keep
                })
                .map(|(_, l)| l)
                .collect();
            if kept.is_empty() {
                return None;
            }
            b.text = kept.join("\n");
            b.link_share = shares;
            Some(b)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{is_boilerplate, trim_tail};
    use crate::extract::text::{Block, Kind};

    fn block(kind: Kind, text: &str, share: f32) -> Block {
        Block {
            kind,
            quote: 0,
            text: text.to_string(),
            link_share: vec![share],
        }
    }

    #[test]
    fn tail_furniture_goes_and_the_closing_lines_stay() {
        let prose = "The ministry said the exchange would go ahead on Friday, after weeks of talks between the two sides.";
        let item = Kind::Item {
            ordered: false,
            list: 1,
        };
        let blocks = vec![
            block(Kind::Heading(2), "Latest news:", 0.0),
            block(Kind::Para, prose, 0.0),
            block(Kind::Para, "Talks resume next week.", 0.0),
            block(item, "Bring water", 0.0),
            block(Kind::Para, "Latest news:", 0.0),
            block(item, "09:57 Trains delayed after a crash", 0.7),
            block(Kind::Para, "Source: the ministry of example", 0.5),
        ];
        let kept: Vec<String> = trim_tail(blocks).into_iter().map(|b| b.text).collect();
        assert_eq!(
            kept,
            [
                "Latest news:",
                prose,
                "Talks resume next week.",
                "Bring water"
            ]
        );
        // Without a prose line there is no article end to trim after.
        let short = vec![block(Kind::Para, "Latest news:", 0.0)];
        assert_eq!(trim_tail(short).len(), 1);
    }

    #[test]
    fn furniture_lines() {
        for l in [
            "Subscribe",
            "* indicates required",
            "Enter your email to subscribe",
            "Your email address will not be published. Required fields are marked *",
            "Read more",
            "Read more: Talks stall again",
            "Source link",
            "Related post",
            "Related Articles:",
            "(photo credit: JOHN DOE/REUTERS)",
            "Share this article",
            "Advertisement",
            "Photo: AP",
            "Sign up for our daily newsletter",
            "12 Comments",
            "*",
            "Leave a Reply",
            "Загрузка...",
            "Смотрите также",
            "Другие новости в рубрике «Здоровье»",
            "Комментариев: 0",
            "Нашли опечатку? Выделите ее и нажмите Ctrl+Enter",
            "Czytaj także: rząd przyjął projekt",
            "相关新闻",
        ] {
            assert!(is_boilerplate(l), "{l:?} should be boilerplate");
        }
    }

    #[test]
    fn prose_lines() {
        for l in [
            "Subscribers to the service complained that prices rose, the regulator said on Monday.",
            "Read the statement in full, he told reporters, because it matters.",
            "The exchange was organised by the two ministries.",
            "Related talks are expected next week in Istanbul, officials said.",
            "Photographs taken on Sunday show the damaged bridge near the border.",
            "Ukraine returns 215 POWs, including Azovstal defenders, from Russian captivity",
            "Последние новости о переговорах обсудят в пятницу, сообщил министр.",
            "Комментарии экспертов разошлись: одни ждут роста цен.",
        ] {
            assert!(!is_boilerplate(l), "{l:?} should be kept");
        }
    }
}
