//! Queries that read resources: the cards lists show, the contact lines the help page shows,
//! and everything one resource page shows.

use std::collections::HashMap;

use serde::Serialize;
use sqlx::error::BoxDynError;
use sqlx::sqlite::{SqliteTypeInfo, SqliteValueRef};
use sqlx::{FromRow, Sqlite, SqlitePool};

use super::directory::SourceRow;
use crate::catalog::types::{Kind, PhoneType};
use crate::lang::Lang;

/// What a list shows of a resource: enough to choose it. `name` and `summary` are in the
/// language asked for when the record has been translated, else in English: `text_lang` says
/// which. The kind's label and the states' names are always in the language asked for.
#[derive(Debug, Clone, Serialize)]
pub struct ResourceCard {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub summary: String,
    pub kind: Kind,
    pub kind_label: String,
    pub is_national: bool,
    /// Names of the states served, comma-separated, when not national.
    pub states: Option<String>,
    /// The numbers the card offers as buttons, so a person can call from a list.
    pub lines: QuickLines,
    /// The language of `name` and `summary`.
    #[serde(serialize_with = "super::text_lang::serialize")]
    pub text_lang: Lang,
}

/// A card's buttons: its first voice number and its first text number. A TTY line or a second
/// number is on the resource's own page; a list keeps to one tap per way of reaching someone.
/// `online` is its first web address, the way to reach a line that has no phone ("Submit an
/// FBI Tip"); lists show it only for lines to call, not for every program's website.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct QuickLines {
    pub call: Option<Dial>,
    pub text: Option<Dial>,
    pub online: Option<Online>,
}

/// A web address a button opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Online {
    pub url: String,
    pub label: String,
}

/// A number a button dials or texts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dial {
    pub number: String,
    href: String,
}

impl Dial {
    fn new(number: String, digits: &str, phone_type: PhoneType) -> Self {
        Dial {
            href: dial_href(phone_type, digits),
            number,
        }
    }

    /// The `tel:` or `sms:` address.
    pub fn href(&self) -> &str {
        &self.href
    }
}

/// The `tel:` (or, for text lines, `sms:`) address of a number. Ten-digit numbers get the +1
/// country code so they dial from any phone, roaming included.
fn dial_href(phone_type: PhoneType, digits: &str) -> String {
    let scheme = match phone_type {
        PhoneType::Text => "sms",
        PhoneType::Voice | PhoneType::Tty => "tel",
    };
    if digits.len() == 10 {
        format!("{scheme}:+1{digits}")
    } else {
        format!("{scheme}:{digits}")
    }
}

/// The lines column of a card query: `{"phones": [{number, digits, type, note}…], "link":
/// {url, label} or null}`, phones in seed order.
impl QuickLines {
    pub(crate) fn from_json(json: &str) -> Result<Self, serde_json::Error> {
        #[derive(serde::Deserialize)]
        struct Phone {
            number: String,
            digits: String,
            #[serde(rename = "type")]
            phone_type: PhoneType,
            note: Option<String>,
        }
        #[derive(serde::Deserialize)]
        struct Column {
            phones: Vec<Phone>,
            link: Option<Online>,
        }
        let Column { phones, link } = serde_json::from_str(json)?;
        let first = |wanted: PhoneType| {
            phones
                .iter()
                // A number with a caveat ("a named official's line on an undated page") is
                // shown only where the caveat is: on its resource's page.
                .find(|p| p.phone_type == wanted && p.note.is_none())
                .map(|p| Dial::new(p.number.clone(), &p.digits, wanted))
        };
        Ok(QuickLines {
            call: first(PhoneType::Voice),
            text: first(PhoneType::Text),
            online: link,
        })
    }
}

/// Read as text (JSON) from the `lines` column, so `query_as!` can fill a card.
impl sqlx::Type<Sqlite> for QuickLines {
    fn type_info() -> SqliteTypeInfo {
        <str as sqlx::Type<Sqlite>>::type_info()
    }
}

impl<'r> sqlx::Decode<'r, Sqlite> for QuickLines {
    fn decode(value: SqliteValueRef<'r>) -> Result<Self, BoxDynError> {
        let json = <&str as sqlx::Decode<Sqlite>>::decode(value)?;
        Ok(QuickLines::from_json(json)?)
    }
}

/// A card query, checked at compile time against the `resource_cards` view: every column of
/// `ResourceCard` in the language `?1`, then `$rest` (joins, conditions, order; the view is `c`)
/// with the arguments after the language. One column list for every list of cards; `query_as!`
/// takes literals joined with `+`, not `concat!`. Every column says its type and whether it
/// can be null: through the view's `coalesce`s and subqueries SQLite's planner cannot tell.
macro_rules! cards {
    ($rest:tt, $($arg:expr),+ $(,)?) => {
        sqlx::query_as!(
            ResourceCard,
            r#"select c.id as "id!: i64", c.slug as "slug!: String", c.name as "name!: String",
                    c.summary as "summary!: String", c.kind as "kind!: Kind",
                    c.kind_label as "kind_label!: String", c.is_national as "is_national!: bool",
                    c.states as "states?: String", c.lines as "lines!: QuickLines",
                    c.text_lang as "text_lang!: Lang"
             from resource_cards c "# + $rest,
            $($arg),+
        )
    };
}

pub async fn by_kind(
    pool: &SqlitePool,
    kind: Kind,
    lang: Lang,
) -> Result<Vec<ResourceCard>, sqlx::Error> {
    cards!(
        "where c.lang = ?1 and c.kind = ?2 order by c.is_national desc, c.english_name",
        lang,
        kind
    )
    .fetch_all(pool)
    .await
}

pub async fn by_topic(
    pool: &SqlitePool,
    topic: &str,
    lang: Lang,
) -> Result<Vec<ResourceCard>, sqlx::Error> {
    cards!(
        "join resource_topics tp on tp.resource_id = c.id
         where c.lang = ?1 and tp.topic = ?2
         order by c.kind_position, c.is_national desc, c.english_name",
        lang,
        topic
    )
    .fetch_all(pool)
    .await
}

pub async fn by_organization(
    pool: &SqlitePool,
    organization_id: i64,
    lang: Lang,
) -> Result<Vec<ResourceCard>, sqlx::Error> {
    cards!(
        "where c.lang = ?1 and c.organization_id = ?2
         order by c.kind_position, c.is_national desc, c.english_name",
        lang,
        organization_id
    )
    .fetch_all(pool)
    .await
}

/// Every resource's card, in directory (id) order, in English: what search results show.
pub async fn all_cards(pool: &SqlitePool) -> Result<Vec<ResourceCard>, sqlx::Error> {
    all_cards_in(pool, Lang::En).await
}

/// Every resource's card, in directory (id) order, in `lang` where translated.
pub async fn all_cards_in(pool: &SqlitePool, lang: Lang) -> Result<Vec<ResourceCard>, sqlx::Error> {
    cards!("where c.lang = ?1 order by c.id", lang)
        .fetch_all(pool)
        .await
}

/// Resources that serve `state` specifically.
pub async fn local_to(
    pool: &SqlitePool,
    state: &str,
    lang: Lang,
) -> Result<Vec<ResourceCard>, sqlx::Error> {
    cards!(
        "join service_areas sa on sa.resource_id = c.id
         where c.lang = ?1 and sa.state_code = ?2 order by c.kind_position, c.english_name",
        lang,
        state
    )
    .fetch_all(pool)
    .await
}

/// Resources that serve the whole country.
pub async fn national(pool: &SqlitePool, lang: Lang) -> Result<Vec<ResourceCard>, sqlx::Error> {
    cards!(
        "where c.lang = ?1 and c.is_national = 1 order by c.kind_position, c.english_name",
        lang
    )
    .fetch_all(pool)
    .await
}

/// A phone number, with where it comes from when that is not the record's own source
/// (`from_*`, all `None` then): the page says so beside it.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct PhoneRow {
    pub resource_id: i64,
    pub number: String,
    pub digits: String,
    pub phone_type: PhoneType,
    pub description: Option<String>,
    pub hours: Option<String>,
    pub languages: Option<String>,
    /// `None` when no source says who answers.
    pub law_enforcement: Option<bool>,
    /// A short caveat shown beside the number.
    pub note: Option<String>,
    pub from_title: Option<String>,
    pub from_url: Option<String>,
    /// The source's date, for "undated" beside a value from an undated page.
    pub from_date: Option<String>,
    /// The language of `description`, `hours` and `languages`.
    #[serde(serialize_with = "super::text_lang::serialize")]
    pub text_lang: Lang,
}

impl PhoneRow {
    /// The `tel:` (or, for text lines, `sms:`) address a phone follows.
    pub fn href(&self) -> String {
        dial_href(self.phone_type, &self.digits)
    }
}

/// A web address, with where it comes from as for `PhoneRow`.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct LinkRow {
    pub resource_id: i64,
    pub url: String,
    pub label: String,
    pub from_title: Option<String>,
    pub from_url: Option<String>,
    pub from_date: Option<String>,
    /// The language of `label`.
    #[serde(serialize_with = "super::text_lang::serialize")]
    pub text_lang: Lang,
}

/// A source a contact fact summarises, as its link shows it.
#[derive(Debug, Clone, PartialEq, Eq, FromRow, Serialize)]
pub struct SourceLink {
    pub title: String,
    pub url: Option<String>,
}

/// What happens when someone contacts a resource: one fact, with its sources.
#[derive(Debug, Clone, Serialize)]
pub struct FactRow {
    pub text: String,
    pub sources: Vec<SourceLink>,
    /// The language of `text`.
    #[serde(serialize_with = "super::text_lang::serialize")]
    pub text_lang: Lang,
}

/// A resource with its ways of getting in touch: what the help page lists.
#[derive(Debug, Clone, Serialize)]
pub struct ContactCard {
    pub card: ResourceCard,
    pub organization: Option<String>,
    /// A street address, for an office a person may go to.
    pub address: Option<String>,
    pub phones: Vec<PhoneRow>,
    pub links: Vec<LinkRow>,
    pub facts: Vec<FactRow>,
}

impl ResourceCard {
    /// Whether this is a line to call (a hotline or a reporting line) rather than a program,
    /// a grant or a publication: the lines are what the help page and a state's first screen
    /// show, and a list offers a line's web address when it has no number.
    pub fn is_contact_line(&self) -> bool {
        self.kind.is_contact_line()
    }
}

/// The national lines, as the help page and every state page show them: hotlines (911 and the
/// Hotline), then reporting lines.
pub async fn national_lines(
    pool: &SqlitePool,
    lang: Lang,
) -> Result<(Vec<ContactCard>, Vec<ContactCard>), sqlx::Error> {
    Ok(contact_lines(pool, None, lang)
        .await?
        .into_iter()
        .partition(|c| c.card.kind == Kind::Hotline))
}

/// Hotlines and reporting lines: national ones, or those local to `state`.
pub async fn contact_lines(
    pool: &SqlitePool,
    state: Option<&str>,
    lang: Lang,
) -> Result<Vec<ContactCard>, sqlx::Error> {
    let cards = cards!(
        "where c.lang = ?1 and c.kind in ('hotline', 'reporting')
           and case when ?2 is null then c.is_national = 1
                    else c.id in (select resource_id from service_areas where state_code = ?2) end
         order by c.kind_position, c.english_name",
        lang,
        state
    )
    .fetch_all(pool)
    .await?;
    let ids: Vec<i64> = cards.iter().map(|card| card.id).collect();
    let mut offices = offices_of(pool, &ids).await?;
    let mut phones = phones_of(pool, &ids, lang).await?;
    let mut links = links_of(pool, &ids, lang).await?;
    let mut facts = facts_of(pool, &ids, lang).await?;
    Ok(cards
        .into_iter()
        .map(|card| {
            let (organization, address) = offices
                .remove(&card.id)
                .map_or((None, None), |o| (o.organization, o.address));
            ContactCard {
                phones: phones.remove(&card.id).unwrap_or_default(),
                links: links.remove(&card.id).unwrap_or_default(),
                facts: facts.remove(&card.id).unwrap_or_default(),
                card,
                organization,
                address,
            }
        })
        .collect())
}

/// Who runs a resource and where a person may go to it: what the help page adds to its card.
struct Office {
    resource_id: i64,
    organization: Option<String>,
    address: Option<String>,
}

/// The offices of the given resources, by resource.
async fn offices_of(pool: &SqlitePool, ids: &[i64]) -> Result<HashMap<i64, Office>, sqlx::Error> {
    let ids = serde_json::to_string(ids).expect("ids serialize");
    let rows = sqlx::query_as!(
        Office,
        r#"select r.id as resource_id, o.name as "organization?", r.address
         from resources r left join organizations o on o.id = r.organization_id
         where r.id in (select value from json_each(?1))"#,
        ids
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|row| (row.resource_id, row)).collect())
}

/// Phones of the given resources, grouped by resource, in seed order, their words in `lang`
/// where translated. A translated phone has every field its English row has translated
/// (validation sees to it), so one `text_lang` covers them all.
async fn phones_of(
    pool: &SqlitePool,
    ids: &[i64],
    lang: Lang,
) -> Result<HashMap<i64, Vec<PhoneRow>>, sqlx::Error> {
    let ids = serde_json::to_string(ids).expect("ids serialize");
    let rows = sqlx::query_as!(
        PhoneRow,
        r#"select p.resource_id, p.number, p.digits, p.type as "phone_type: PhoneType",
                coalesce(t.description, p.description) as description,
                coalesce(t.hours, p.hours) as hours,
                coalesce(t.languages, p.languages) as languages,
                p.law_enforcement as "law_enforcement: bool",
                p.note, s.title as "from_title?", s.url as "from_url?", s.date as "from_date?",
                coalesce(t.lang, 'en') as "text_lang!: Lang"
         from phones p left join sources s on s.id = p.from_source_id
         left join phone_translations t
           on t.resource_id = p.resource_id and t.position = p.position and t.lang = ?2
         where p.resource_id in (select value from json_each(?1))
         order by p.resource_id, p.position"#,
        ids,
        lang
    )
    .fetch_all(pool)
    .await?;
    let mut grouped: HashMap<i64, Vec<PhoneRow>> = HashMap::new();
    for row in rows {
        grouped.entry(row.resource_id).or_default().push(row);
    }
    Ok(grouped)
}

async fn links_of(
    pool: &SqlitePool,
    ids: &[i64],
    lang: Lang,
) -> Result<HashMap<i64, Vec<LinkRow>>, sqlx::Error> {
    let ids = serde_json::to_string(ids).expect("ids serialize");
    let rows = sqlx::query_as!(
        LinkRow,
        r#"select l.resource_id, l.url, coalesce(t.label, l.label) as "label!",
                s.title as "from_title?", s.url as "from_url?", s.date as "from_date?",
                coalesce(t.lang, 'en') as "text_lang!: Lang"
         from links l left join sources s on s.id = l.from_source_id
         left join link_translations t
           on t.resource_id = l.resource_id and t.position = l.position and t.lang = ?2
         where l.resource_id in (select value from json_each(?1))
         order by l.resource_id, l.position"#,
        ids,
        lang
    )
    .fetch_all(pool)
    .await?;
    let mut grouped: HashMap<i64, Vec<LinkRow>> = HashMap::new();
    for row in rows {
        grouped.entry(row.resource_id).or_default().push(row);
    }
    Ok(grouped)
}

/// Contact facts of the given resources, grouped by resource, each with its sources in order.
async fn facts_of(
    pool: &SqlitePool,
    ids: &[i64],
    lang: Lang,
) -> Result<HashMap<i64, Vec<FactRow>>, sqlx::Error> {
    /// One (fact, source) pair: a fact with several sources comes once per source.
    struct FactSource {
        resource_id: i64,
        fact_id: i64,
        text: String,
        text_lang: Lang,
        title: String,
        url: Option<String>,
    }
    let ids = serde_json::to_string(ids).expect("ids serialize");
    let rows = sqlx::query_as!(
        FactSource,
        r#"select f.resource_id, f.id as fact_id, coalesce(t.text, f.text) as "text!",
                coalesce(t.lang, 'en') as "text_lang!: Lang", s.title, s.url
         from resource_facts f
         join resource_fact_sources fs on fs.fact_id = f.id
         join sources s on s.id = fs.source_id
         left join fact_translations t on t.fact_id = f.id and t.lang = ?2
         where f.resource_id in (select value from json_each(?1))
         order by f.resource_id, f.position, fs.position"#,
        ids,
        lang
    )
    .fetch_all(pool)
    .await?;
    let rows = rows.into_iter().map(|row| {
        let source = SourceLink {
            title: row.title,
            url: row.url,
        };
        (
            row.resource_id,
            row.fact_id,
            (row.text, row.text_lang),
            source,
        )
    });
    Ok(super::facts::group_facts(
        rows,
        |(text, text_lang), sources| FactRow {
            text,
            sources,
            text_lang,
        },
    ))
}

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct ResourceRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub alternate_names: String,
    pub kind: Kind,
    pub kind_label: String,
    pub summary: String,
    pub description: String,
    pub organization_slug: Option<String>,
    pub organization_name: Option<String>,
    pub is_national: bool,
    pub address: Option<String>,
    pub source_note: Option<String>,
    pub assured_date: String,
    /// The language of `name`, `alternate_names`, `summary` and `description`.
    #[serde(serialize_with = "super::text_lang::serialize")]
    pub text_lang: Lang,
    /// When the text is a translation an official source gives, that source's title and
    /// address; both `None` for the directory's own translation, or for English text.
    pub translation_source_title: Option<String>,
    pub translation_source_url: Option<String>,
}

/// Whose translation a resource's text is, when it is not the English record's own text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum TranslatedBy {
    /// The directory translated the English record.
    Directory,
    /// An official source gives the text in this language (the Hotline's Spanish pages).
    Source(SourceLink),
}

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Named {
    pub slug: String,
    pub label: String,
}

/// Everything the resource page shows, in the language asked for where translated.
#[derive(Debug, Clone, Serialize)]
pub struct ResourceDetail {
    pub resource: ResourceRow,
    /// `None` when the text is English; otherwise who translated it.
    pub translated_by: Option<TranslatedBy>,
    pub alternate_names: Vec<String>,
    pub phones: Vec<PhoneRow>,
    pub links: Vec<LinkRow>,
    /// What happens when someone contacts it.
    pub facts: Vec<FactRow>,
    pub topics: Vec<Named>,
    pub audiences: Vec<Named>,
    /// Codes and names of the states served; empty when national.
    pub states: Vec<Named>,
    pub source: SourceRow,
    pub also_in: Vec<SourceRow>,
}

pub async fn detail(
    pool: &SqlitePool,
    slug: &str,
    lang: Lang,
) -> Result<Option<ResourceDetail>, sqlx::Error> {
    let Some(resource) = sqlx::query_as!(
        ResourceRow,
        r#"select r.id, r.slug, coalesce(t.name, r.name) as "name!",
                coalesce(t.alternate_names, r.alternate_names) as "alternate_names!",
                r.kind as "kind: Kind",
                coalesce(kt.label, k.label) as "kind_label!",
                coalesce(t.summary, r.summary) as "summary!",
                coalesce(t.description, r.description) as "description!",
                o.slug as "organization_slug?", o.name as "organization_name?",
                r.is_national as "is_national: bool", r.address, r.source_note, r.assured_date,
                coalesce(t.lang, 'en') as "text_lang!: Lang",
                ts.title as "translation_source_title?", ts.url as "translation_source_url?"
         from resources r join kinds k on k.slug = r.kind
         left join organizations o on o.id = r.organization_id
         left join resource_translations t on t.resource_id = r.id and t.lang = ?2
         left join sources ts on ts.id = t.source_id
         left join vocabulary_translations kt
           on kt.vocabulary = 'kind' and kt.slug = r.kind and kt.lang = ?2
         where r.slug = ?1"#,
        slug,
        lang
    )
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let id = resource.id;
    let translated_by =
        (resource.text_lang != Lang::En).then(|| match &resource.translation_source_title {
            Some(title) => TranslatedBy::Source(SourceLink {
                title: title.clone(),
                url: resource.translation_source_url.clone(),
            }),
            None => TranslatedBy::Directory,
        });
    let phones = phones_of(pool, &[id], lang)
        .await?
        .remove(&id)
        .unwrap_or_default();
    let links = links_of(pool, &[id], lang)
        .await?
        .remove(&id)
        .unwrap_or_default();
    let facts = facts_of(pool, &[id], lang)
        .await?
        .remove(&id)
        .unwrap_or_default();
    let topics = sqlx::query_as!(
        Named,
        r#"select t.slug as "slug!", coalesce(vt.label, t.label) as "label!"
         from resource_topics rt join topics t on t.slug = rt.topic
         left join vocabulary_translations vt
           on vt.vocabulary = 'topic' and vt.slug = t.slug and vt.lang = ?2
         where rt.resource_id = ?1 order by t.position"#,
        id,
        lang
    )
    .fetch_all(pool)
    .await?;
    let audiences = sqlx::query_as!(
        Named,
        r#"select a.slug as "slug!", coalesce(vt.label, a.label) as "label!"
         from resource_audiences ra join audiences a on a.slug = ra.audience
         left join vocabulary_translations vt
           on vt.vocabulary = 'audience' and vt.slug = a.slug and vt.lang = ?2
         where ra.resource_id = ?1 order by a.position"#,
        id,
        lang
    )
    .fetch_all(pool)
    .await?;
    let mut states = sqlx::query_as!(
        Named,
        r#"select s.code as "slug!", coalesce(st.name, s.name) as "label!"
         from service_areas sa join states s on s.code = sa.state_code
         left join state_translations st on st.code = s.code and st.lang = ?2
         where sa.resource_id = ?1 order by 2"#,
        id,
        lang
    )
    .fetch_all(pool)
    .await?;
    // Sorted as a reader expects, accents aside (see `directory::states`).
    states.sort_by_cached_key(|state| crate::lang::sort_key(&state.label));
    let source = sqlx::query_as!(
        SourceRow,
        r#"select s.id as "id!", s.title, s.publisher, s.file, s.date, s.date_label, s.url, s.note
         from sources s join resources r on r.source_id = s.id where r.id = ?1"#,
        id
    )
    .fetch_one(pool)
    .await?;
    let also_in = sqlx::query_as!(
        SourceRow,
        r#"select s.id as "id!", s.title, s.publisher, s.file, s.date, s.date_label, s.url, s.note
         from sources s join resource_citations c on c.source_id = s.id where c.resource_id = ?1
         order by s.date desc"#,
        id
    )
    .fetch_all(pool)
    .await?;
    Ok(Some(ResourceDetail {
        translated_by,
        alternate_names: serde_json::from_str(&resource.alternate_names).unwrap_or_default(),
        resource,
        phones,
        links,
        facts,
        topics,
        audiences,
        states,
        source,
        also_in,
    }))
}

/// The oldest and newest last-verified dates of some resources, as stored (ISO).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedSpan {
    pub oldest: String,
    pub newest: String,
}

/// The oldest and newest last-verified dates among `ids`, or `None` when there are none. ISO
/// dates order as text; a month-only date ("2020-12") sorts before the days of its month.
pub async fn verified_span(
    pool: &SqlitePool,
    ids: &[i64],
) -> Result<Option<VerifiedSpan>, sqlx::Error> {
    let ids = serde_json::to_string(ids).expect("ids serialize");
    let span = sqlx::query!(
        r#"select min(assured_date) as "oldest?: String", max(assured_date) as "newest?: String"
         from resources where id in (select value from json_each(?1))"#,
        ids
    )
    .fetch_one(pool)
    .await?;
    Ok(span
        .oldest
        .zip(span.newest)
        .map(|(oldest, newest)| VerifiedSpan { oldest, newest }))
}

/// A resource's name, in `lang` when the record has been translated (`text_lang` says which):
/// what a form about the entry shows of it. `None` when no resource has `slug`.
#[derive(Debug, Clone, FromRow)]
pub struct EntryName {
    pub name: String,
    pub text_lang: Lang,
}

pub async fn name(
    pool: &SqlitePool,
    slug: &str,
    lang: Lang,
) -> Result<Option<EntryName>, sqlx::Error> {
    // Not `query_as!`: the offline query data would need regenerating for one lookup this
    // plain; the row struct is checked when it is read.
    sqlx::query_as::<_, EntryName>(
        "select coalesce(t.name, r.name) as name, coalesce(t.lang, 'en') as text_lang
         from resources r
         left join resource_translations t on t.resource_id = r.id and t.lang = ?2
         where r.slug = ?1",
    )
    .bind(slug)
    .bind(lang)
    .fetch_optional(pool)
    .await
}
