//! The site's words in each language, as Project Fluent messages: `locales/{en,es}/*.ftl`,
//! built into the binary. Templates hold no text of their own; they ask for a message by key
//! (`layout.t("nav-help")`, or `layout.t1("help-unknown-state", "code", code)` for one with
//! an argument), so a translator edits `.ftl` files and never a template.
//!
//! Every key exists in both languages and every key is used: `tests/integration/i18n.rs`
//! reads the `.ftl` files, the templates and the sources, and fails on a key missing from
//! either language or used nowhere.

use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use crate::catalog::Date;
use crate::lang::Lang;

/// One `.ftl` file: its language, its name (for errors), its text.
struct Source {
    lang: Lang,
    name: &'static str,
    text: &'static str,
}

macro_rules! sources {
    ($($name:literal),* $(,)?) => {
        [
            $(Source { lang: Lang::En, name: concat!("en/", $name, ".ftl"),
                       text: include_str!(concat!("../../locales/en/", $name, ".ftl")) },
              Source { lang: Lang::Es, name: concat!("es/", $name, ".ftl"),
                       text: include_str!(concat!("../../locales/es/", $name, ".ftl")) },)*
        ]
    };
}

/// The message files, one per area of the site, in both languages. A new file is added here.
const SOURCES: [Source; 14] = sources![
    "layout", "errors", "pages", "browse", "records", "search", "forms"
];

/// The `.ftl` file names, for the key check.
pub fn source_files() -> impl Iterator<Item = (Lang, &'static str, &'static str)> {
    SOURCES.iter().map(|s| (s.lang, s.name, s.text))
}

/// The messages of one language.
pub struct Messages {
    bundle: FluentBundle<FluentResource>,
    /// Messages without arguments, formatted once: most of a page's words are these, and a
    /// lookup here costs a hash rather than a Fluent format. A page looks up dozens, so the
    /// hash is foldhash's rather than the standard library's SipHash, which guards against
    /// keys chosen by an attacker: these keys are the templates' own.
    plain: foldhash::HashMap<String, String>,
}

static MESSAGES: LazyLock<[Messages; 2]> =
    LazyLock::new(|| [Messages::load(Lang::En), Messages::load(Lang::Es)]);

/// The messages of `lang`. The `.ftl` files are checked by tests; one that does not parse
/// is a bug in the build, so this panics rather than serve a page without words.
pub fn messages(lang: Lang) -> &'static Messages {
    let [english, spanish] = &*MESSAGES;
    match lang {
        Lang::En => english,
        Lang::Es => spanish,
    }
}

impl Messages {
    fn load(lang: Lang) -> Messages {
        let locale = lang.code().parse().expect("a language tag");
        let mut bundle = FluentBundle::new_concurrent(vec![locale]);
        // No Unicode isolation marks around arguments: pages are left-to-right HTML, and the
        // marks would show up in copied text and in the tests' comparisons.
        bundle.set_use_isolating(false);
        for source in SOURCES.iter().filter(|s| s.lang == lang) {
            let resource = FluentResource::try_new(source.text.to_owned())
                .unwrap_or_else(|(_, errors)| panic!("{}: {errors:?}", source.name));
            bundle
                .add_resource(resource)
                .unwrap_or_else(|errors| panic!("{}: {errors:?}", source.name));
        }
        let mut plain = foldhash::HashMap::default();
        for source in SOURCES.iter().filter(|s| s.lang == lang) {
            for key in message_keys(source.text) {
                let mut errors = Vec::new();
                let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
                    continue;
                };
                let text = bundle.format_pattern(pattern, None, &mut errors);
                // A message that needs arguments fails without them; it is formatted per use.
                if errors.is_empty() {
                    plain.insert(key.to_owned(), text.into_owned());
                }
            }
        }
        Messages { bundle, plain }
    }

    /// A message without arguments. A missing key shows as itself: never a blank where words
    /// should be (and the key check keeps it from shipping).
    pub fn text<'a>(&'static self, key: &'a str) -> &'a str
    where
        'static: 'a,
    {
        self.plain.get(key).map_or(key, String::as_str)
    }

    /// A message with arguments: numbers choose plural forms (`{ $count -> [one] … }`).
    pub fn format(&self, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let Some(pattern) = self.bundle.get_message(key).and_then(|m| m.value()) else {
            return key.to_owned();
        };
        let mut fluent_args = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        let mut errors = Vec::new();
        let text = self
            .bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors)
            .into_owned();
        // A missing argument shows as `{$name}`: a bug in the caller, caught by every test
        // that renders the page.
        debug_assert!(errors.is_empty(), "{key}: {errors:?}");
        text
    }

    /// A date as the language writes it: "August 23, 2023" / "23 de agosto de 2023", or
    /// "December 2020" / "diciembre de 2020" when only the month is known.
    pub fn date(&self, date: &Date) -> String {
        let month = FluentValue::from(date.month());
        let year = FluentValue::from(date.year().to_string());
        match date.day() {
            Some(day) => self.format(
                "date-day",
                &[("month", month), ("day", day.into()), ("year", year)],
            ),
            None => self.format("date-month", &[("month", month), ("year", year)]),
        }
    }

    /// A stored date string shown as [`Messages::date`] writes it; anything that is not a
    /// date is shown as stored rather than hidden.
    pub fn date_str(&self, iso: &str) -> String {
        iso.parse::<Date>()
            .map_or_else(|_| iso.to_owned(), |date| self.date(&date))
    }
}

/// The message ids an `.ftl` text defines (terms, `-name`, are not messages).
pub fn message_keys(text: &str) -> impl Iterator<Item = &str> {
    text.lines().filter_map(|line| {
        let (id, _) = line.split_once('=')?;
        let id = id.trim_end();
        let starts_well = id.starts_with(|c: char| c.is_ascii_lowercase());
        let well_formed = id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        (starts_well && well_formed).then_some(id)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_naturally_in_each_language() {
        let day: Date = "2026-11-22".parse().unwrap();
        let month: Date = "2020-12".parse().unwrap();
        assert_eq!(messages(Lang::En).date(&day), "November 22, 2026");
        assert_eq!(messages(Lang::Es).date(&day), "22 de noviembre de 2026");
        assert_eq!(messages(Lang::En).date(&month), "December 2020");
        assert_eq!(messages(Lang::Es).date(&month), "diciembre de 2020");
    }

    #[test]
    fn both_languages_load_every_file() {
        for lang in Lang::ALL {
            assert_eq!(messages(lang).text("language-name"), lang_name(lang));
        }
    }

    fn lang_name(lang: Lang) -> &'static str {
        match lang {
            Lang::En => "English",
            Lang::Es => "Español",
        }
    }
}
