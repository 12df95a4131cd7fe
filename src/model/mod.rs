//! The plain data the pipeline stages hand each other. No I/O lives here, and nothing here
//! knows how it is fetched, stored or rendered: each stage owns its own behaviour and these
//! types are only the words they share.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

mod learned;

pub use learned::{Decide, Example, ExampleFile, ModelVerdict, PushedWord};
use learned::{default_threshold, default_veto};

/// Row id of a feed in the store.
pub type FeedId = i64;

/// One item of a feed, as the `feed` stage hands it on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Stable identity across polls: canonical link, else the feed's GUID, else a hash of
    /// title, date and content (never the random id feed-rs invents for id-less entries).
    pub key: String,
    /// Canonical absolute link to the article page, when the entry has one.
    pub link: Option<String>,
    pub title: String,
    pub published: Option<DateTime<Utc>>,
    /// Plain text of the entry's own content or summary (markup stripped).
    pub summary: String,
}

/// The readable part of an article page, as the `extract` stage hands it on.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub title: String,
    pub byline: Option<String>,
    pub published: Option<DateTime<Utc>>,
    pub lang: Option<String>,
    /// Body text; paragraphs separated by a blank line.
    pub text: String,
    /// The body as a small, cleaned HTML fragment.
    pub html_fragment: String,
    /// The stage's bounds that cut this page, so `text` may lack what lay beyond them; empty
    /// for every ordinary page. The caller logs them with the page's URL.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub truncated: Vec<Cut>,
}

/// A bound of the `extract` stage that changed what was read of one page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cut {
    /// The page is longer than the stage reads; the rest was not read.
    Size,
    /// Elements nested deeper than the stage keeps: their text was kept, their structure
    /// flattened.
    Nesting,
    /// The page holds more elements, tags or text nodes than the stage keeps; the rest was
    /// not read.
    Nodes,
}

impl std::fmt::Display for Cut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Cut::Size => "page longer than extraction reads: the rest was not read",
            Cut::Nesting => "elements nested too deep: their text kept, their structure flattened",
            Cut::Nodes => "more elements than extraction keeps: the rest was not read",
        })
    }
}

/// When a watchlist's matches reach the operator.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Alert {
    #[default]
    Digest,
    Immediate,
}

/// A watchlist as written by the operator in `watchlists.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WatchlistSpec {
    pub id: String,
    #[serde(default)]
    pub title: String,
    pub query: String,
    /// Groups of equivalent spellings: a query term equal to one member matches any member.
    #[serde(default)]
    pub aliases: Vec<Vec<String>>,
    #[serde(default)]
    pub alert: Alert,
    #[serde(default = "default_min_score")]
    pub min_score: f64,
    /// How the query and the learned model decide together (see [`Decide`]).
    #[serde(default)]
    pub decide: Decide,
    /// The model's probability a match needs, from 0 to 1.
    #[serde(default = "default_threshold")]
    pub threshold: f64,
    /// With `decide = "query-or-model"`: a query match stands unless the model's
    /// probability is below this (0 lets every query match stand).
    #[serde(default = "default_veto")]
    pub veto: f64,
    /// The labelled examples the watchlist's model learns from, read from its examples file;
    /// `None` when the watchlist has none (it then decides by its query alone).
    #[serde(skip)]
    pub examples: Option<ExampleFile>,
}

impl Default for WatchlistSpec {
    fn default() -> Self {
        Self {
            id: String::new(),
            title: String::new(),
            query: String::new(),
            aliases: Vec::new(),
            alert: Alert::Digest,
            min_score: default_min_score(),
            decide: Decide::default(),
            threshold: default_threshold(),
            veto: default_veto(),
            examples: None,
        }
    }
}

fn default_min_score() -> f64 {
    1.0
}

/// Why an article matched one watchlist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Match {
    pub watchlist: String,
    pub score: f64,
    /// The words of the text that satisfied the query, as they appear in the text.
    pub terms: Vec<String>,
    /// A short passage of the text around the matched words: the first of `snippets`.
    pub snippet: String,
    /// Byte ranges `[start, end)` of `snippet` holding matched words, ascending and not
    /// overlapping: what a digest shows in bold.
    #[serde(default)]
    pub marks: Vec<[usize; 2]>,
    /// The parts of the query that held, pruned to what was found, as the query writes them
    /// (e.g. `captive NEAR/8 (swap OR exchange)`).
    #[serde(default)]
    pub clauses: Vec<String>,
    /// One or two passages with the matched words marked.
    #[serde(default)]
    pub snippets: Vec<Snippet>,
    /// What the watchlist's learned model said, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<ModelVerdict>,
}

/// A passage of an article with the matched words marked.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Snippet {
    pub text: String,
    /// Byte ranges `[start, end)` of `text`, ascending and not overlapping.
    pub marks: Vec<[usize; 2]>,
}

/// A recorded match not yet delivered to a digest, as the store returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingMatch {
    pub match_id: i64,
    pub watchlist: String,
    pub article_id: i64,
    /// Articles that report the same story share a cluster id.
    pub cluster_id: i64,
    /// The configured name of the feed the article came from.
    pub outlet: String,
    pub title: String,
    pub url: String,
    pub published: Option<DateTime<Utc>>,
    pub seen_at: DateTime<Utc>,
    pub score: f64,
    pub terms: Vec<String>,
    pub snippet: String,
    /// The matched words in `snippet`, as [`Match::marks`]; empty for a match stored before
    /// marks were.
    #[serde(default)]
    pub marks: Vec<[usize; 2]>,
    /// The outlet's label from its `[[feed]]` config ("Russian state media"); the store does
    /// not know labels, the pipeline fills this in.
    #[serde(default)]
    pub label: Option<String>,
    /// Set when an earlier message of the same digest already carried this story (another
    /// report of the same cluster): the readers know it, this report only adds an outlet.
    #[serde(default)]
    pub sent_before: Option<Told>,
    /// When an immediate alert of the same digest told this story.
    #[serde(default)]
    pub alerted_at: Option<DateTime<Utc>>,
    /// What the watchlist's learned model said when the match was recorded.
    #[serde(default)]
    pub model: Option<ModelVerdict>,
    /// The parts of the query that held, as [`Match::clauses`]; empty for a match the model
    /// made alone or stored before clauses were.
    #[serde(default)]
    pub clauses: Vec<String>,
}

/// When a digest's readers were first told a story, and under which headline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Told {
    pub at: DateTime<Utc>,
    pub title: String,
}

/// One outlet's report of a story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub outlet: String,
    /// How the operator wants this outlet weighed, shown beside its name.
    #[serde(default)]
    pub label: Option<String>,
    pub title: String,
    pub url: String,
    pub published: Option<DateTime<Utc>>,
}

/// One event, possibly reported by several outlets; the best report comes first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Story {
    pub cluster_id: i64,
    /// The lead report's article id in the store: what `watch label` takes.
    #[serde(default)]
    pub id: i64,
    pub lead: Report,
    pub also: Vec<Report>,
    pub score: f64,
    pub terms: Vec<String>,
    pub snippet: String,
    /// The matched words in `snippet` (see [`PendingMatch::marks`]).
    #[serde(default)]
    pub marks: Vec<[usize; 2]>,
    /// The story was in an earlier message of this digest: these reports are follow-ups.
    #[serde(default)]
    pub sent_before: Option<Told>,
    /// An immediate alert already told this story.
    #[serde(default)]
    pub alerted_at: Option<DateTime<Utc>>,
    /// What the watchlist's model said of the lead report, when it has a model.
    #[serde(default)]
    pub model: Option<ModelVerdict>,
    /// The parts of the query the lead report satisfied (see [`PendingMatch::clauses`]).
    #[serde(default)]
    pub clauses: Vec<String>,
}

impl Story {
    /// A story the readers were told before, shown only for the outlets it adds.
    pub fn is_follow_up(&self) -> bool {
        self.sent_before.is_some()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DigestSection {
    pub watchlist: String,
    pub title: String,
    pub stories: Vec<Story>,
    /// Stories of this watchlist told in full under an earlier section of the digest: a
    /// story is told once, and only named here.
    #[serde(default)]
    pub told_above: Vec<CrossRef>,
}

/// A story a section shares with an earlier one, where it is told in full.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CrossRef {
    pub cluster_id: i64,
    /// The headline the story is told under.
    pub title: String,
    /// The section that tells it: its watchlist id and title.
    pub watchlist: String,
    pub watchlist_title: String,
}

/// What a message to a digest's recipients is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MessageKind {
    /// The scheduled digest.
    #[default]
    Digest,
    /// A short mail sent as soon as a watchlist with `alert = "immediate"` matched.
    Alert,
}

impl MessageKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MessageKind::Digest => "digest",
            MessageKind::Alert => "alert",
        }
    }
}

/// A configured feed that has been failing long enough for the operator to look at it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedTrouble {
    pub feed: String,
    pub label: Option<String>,
    /// The last successful poll; `None` when the feed never worked.
    pub last_success: Option<DateTime<Utc>>,
    pub failures: u32,
    pub error: String,
}

/// A digest ready to render: what one `[[digest]]` will tell its recipients.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Digest {
    #[serde(default)]
    pub kind: MessageKind,
    pub name: String,
    pub generated_at: DateTime<Utc>,
    /// IANA time zone the recipient reads times in, e.g. "Europe/Kyiv".
    pub timezone: String,
    pub sections: Vec<DigestSection>,
    /// The match ids this digest delivers, so the store can mark exactly these.
    pub match_ids: Vec<i64>,
    /// Feeds failing for over a day, listed at the foot.
    #[serde(default)]
    pub attention: Vec<FeedTrouble>,
    /// Earlier messages of this digest the mail server refused for good, listed at the foot.
    #[serde(default)]
    pub undelivered: Vec<Undelivered>,
}

/// A message the mail server refused for good (a 5xx about the message), as a later
/// digest's foot reports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Undelivered {
    pub kind: MessageKind,
    pub subject: String,
    pub created_at: DateTime<Utc>,
    pub failed_at: DateTime<Utc>,
    pub error: String,
}

impl Digest {
    /// Every story in the digest, follow-ups of stories sent before included.
    pub fn story_count(&self) -> usize {
        self.sections.iter().map(|s| s.stories.len()).sum()
    }

    /// Stories the readers have not been told before.
    pub fn new_story_count(&self) -> usize {
        self.sections.iter().map(DigestSection::new_stories).sum()
    }
}

impl DigestSection {
    pub fn new_stories(&self) -> usize {
        self.stories.iter().filter(|s| !s.is_follow_up()).count()
    }
}
