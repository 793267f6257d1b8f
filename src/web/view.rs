//! Small pieces of presentation shared by pages.

use super::checked_links::Found;
use super::layout::Layout;
use crate::catalog::{Age, Date, Kind, PhoneType};
use crate::db::resources::SourceLink;
use crate::lang::Lang;

/// Whether a record last verified on `iso` is due for verification on `today`: its last
/// verification is more than a year old (the rule `lantern stale` applies by default).
pub fn is_stale(iso: &str, today: Date) -> bool {
    iso.parse::<Date>()
        .is_ok_and(|d| Age::YEAR.has_passed(d, today))
}

/// A tile of the state map: where it sits on an 11-column grid, roughly where the state is.
#[derive(Debug, Clone)]
pub struct Tile {
    pub code: String,
    pub name: String,
    pub row: u8,
    pub column: u8,
}

/// Grid positions (row, column; 1-based) for the 56 jurisdictions: the 50 states and DC in
/// the usual tile-grid layout, the territories along the bottom.
const TILE_POSITIONS: [(&str, u8, u8); 56] = [
    ("AK", 1, 1),
    ("ME", 1, 11),
    ("VT", 2, 10),
    ("NH", 2, 11),
    ("WA", 3, 1),
    ("ID", 3, 2),
    ("MT", 3, 3),
    ("ND", 3, 4),
    ("MN", 3, 5),
    ("IL", 3, 6),
    ("WI", 3, 7),
    ("MI", 3, 8),
    ("NY", 3, 9),
    ("RI", 3, 10),
    ("MA", 3, 11),
    ("OR", 4, 1),
    ("NV", 4, 2),
    ("WY", 4, 3),
    ("SD", 4, 4),
    ("IA", 4, 5),
    ("IN", 4, 6),
    ("OH", 4, 7),
    ("PA", 4, 8),
    ("NJ", 4, 9),
    ("CT", 4, 10),
    ("CA", 5, 1),
    ("UT", 5, 2),
    ("CO", 5, 3),
    ("NE", 5, 4),
    ("MO", 5, 5),
    ("KY", 5, 6),
    ("WV", 5, 7),
    ("VA", 5, 8),
    ("MD", 5, 9),
    ("DE", 5, 10),
    ("AZ", 6, 2),
    ("NM", 6, 3),
    ("KS", 6, 4),
    ("AR", 6, 5),
    ("TN", 6, 6),
    ("NC", 6, 7),
    ("SC", 6, 8),
    ("DC", 6, 9),
    ("OK", 7, 4),
    ("LA", 7, 5),
    ("MS", 7, 6),
    ("AL", 7, 7),
    ("GA", 7, 8),
    ("HI", 8, 1),
    ("TX", 8, 4),
    ("FL", 8, 9),
    ("GU", 9, 1),
    ("MP", 9, 2),
    ("AS", 9, 3),
    ("PR", 9, 10),
    ("VI", 9, 11),
];

/// Tiles for the given states (code, name), in the order given: alphabetical by name, so the
/// list reads sensibly to screen readers and keyboard users while CSS places it as a map.
/// A state without a known position is left off the map (it is still in every list).
pub fn tiles<'a>(states: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<Tile> {
    states
        .into_iter()
        .filter_map(|(code, name)| {
            let &(_, row, column) = TILE_POSITIONS.iter().find(|(c, ..)| *c == code)?;
            Some(Tile {
                code: code.to_owned(),
                name: name.to_owned(),
                row,
                column,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn every_tile_has_its_own_square() {
        let squares: HashSet<(u8, u8)> = TILE_POSITIONS.iter().map(|&(_, r, c)| (r, c)).collect();
        assert_eq!(squares.len(), 56);
        let codes: HashSet<&str> = TILE_POSITIONS.iter().map(|&(code, ..)| code).collect();
        assert_eq!(codes.len(), 56);
        assert!(
            TILE_POSITIONS
                .iter()
                .all(|&(_, r, c)| (1..=9).contains(&r) && (1..=11).contains(&c))
        );
    }
}

/// The address of one item under `base` (`/states/` and `TX`) in the page's language: what
/// templates link to a record with.
pub fn href_to(layout: &Layout, base: &str, slug: &str) -> String {
    layout.href(&format!("{base}{slug}"))
}

/// What a button to a line says before its number: "Call", "Text", "TTY", or "Call to report"
/// for a reporting line's voice number, so no one calls it expecting a help line. One place
/// for every list, page and card that shows a number. (Arguments are references because
/// templates pass fields that way.)
pub fn dial_verb(layout: &Layout, kind: &Kind, phone_type: &PhoneType) -> &'static str {
    if calls_to_report(kind, phone_type) {
        return layout.t("macro-dial-report");
    }
    match phone_type {
        PhoneType::Voice => layout.t("macro-dial-call"),
        PhoneType::Text => layout.t("macro-dial-text"),
        PhoneType::Tty => layout.t("macro-dial-tty"),
    }
}

/// Whether a button calls a reporting line: it then says so, in its words and its name.
fn calls_to_report(kind: &Kind, phone_type: &PhoneType) -> bool {
    (*kind, *phone_type) == (Kind::Reporting, PhoneType::Voice)
}

/// How a number is reached, whatever line it belongs to: "Call", "Text" or "TTY". What a
/// list of a number's facts calls it, beside the button that says more.
pub fn reach_verb(layout: &Layout, phone_type: &PhoneType) -> &'static str {
    match phone_type {
        PhoneType::Voice => layout.t("macro-reach-call"),
        PhoneType::Text => layout.t("macro-reach-text"),
        PhoneType::Tty => layout.t("macro-reach-tty"),
    }
}

/// The words a screen reader hears after a button's visible "Call 888-373-7888": whom it
/// reaches. The visible words come first in the name (WCAG 2.5.3, label in name), so a
/// person using voice control can say what they see. None when the name already holds the
/// number ("Call 911").
pub fn dial_whom(
    layout: &Layout,
    kind: &Kind,
    phone_type: &PhoneType,
    number: &str,
    name: &str,
) -> Option<String> {
    if name.contains(number) {
        return None;
    }
    // English puts "the" before a name that lacks it; the messages decide per language.
    let article = if name.starts_with("The ") {
        "none"
    } else {
        "the"
    };
    // The key check reads each key at its lookup: one call per message.
    Some(if calls_to_report(kind, phone_type) {
        layout.t2("macro-dial-whom-report", "article", article, "name", name)
    } else {
        layout.t2("macro-dial-whom-reach", "article", article, "name", name)
    })
}

/// What a page says beside a link about its last check: "Checked May 3, 2027", or that it
/// could not be reached that day. Nothing when the link checker has not seen it, or when
/// the page shows no checks (`checks` is `None`: the lists; only a resource's own page shows
/// them).
pub fn link_check_note(layout: &Layout, checks: &Option<&Found>, url: &str) -> Option<String> {
    let check = checks.as_ref()?.of(url)?;
    let date = layout.messages().date(&check.on);
    // The key check reads each key at its lookup: one call per message.
    Some(if check.works {
        layout.t1("macro-link-checked", "date", date)
    } else {
        layout.t1("macro-link-unreachable", "date", date)
    })
}

/// [`source_date`] inside a sentence: "…, updated August 23, 2023".
pub fn source_date_in_sentence(layout: &Layout, label: Option<&str>, iso: &str) -> String {
    let text = source_date(layout, label, iso);
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => text,
    }
}

/// What a source's date is ("Updated August 23, 2023"), in the page's language. The label is
/// stored as the seeds write it (`seeds/README.md` names the three); one the messages do not
/// know is shown as stored, before the date, rather than dropped.
pub fn source_date(layout: &Layout, label: Option<&str>, iso: &str) -> String {
    let date = layout.date(iso);
    // Spanish says "el 23 de agosto" but "en diciembre": the messages choose by precision.
    let precision = match iso.parse::<Date>() {
        Ok(d) if d.day().is_none() => "month",
        _ => "day",
    };
    // The key check reads each key at its lookup: one call per message.
    match label {
        Some("Published") => layout.t2(
            "macro-source-published",
            "date",
            date,
            "precision",
            precision,
        ),
        Some("Updated") => layout.t2("macro-source-updated", "date", date, "precision", precision),
        Some("As listed in") => layout.t2(
            "macro-source-as-listed",
            "date",
            date,
            "precision",
            precision,
        ),
        Some(other) => format!("{other} {date}"),
        None => date,
    }
}

/// What a page says about the language of a record's words, when the page is not in English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Translation {
    /// An English page: the record's own words, nothing to say.
    Original,
    /// The record has no text in the page's language: its English is shown, marked.
    EnglishOnly,
    /// The directory translated the English record.
    ByDirectory,
    /// The directory's translation uses an official source's words in this language (the
    /// Hotline's Spanish name from its Spanish page): the page names the source.
    WithSource(SourceLink),
}

impl Translation {
    /// For a page in `page` showing a record whose words are in `text`, translated with the
    /// help of `source` when one is named.
    pub fn of(page: Lang, text: Lang, source: Option<SourceLink>) -> Translation {
        match (page, source) {
            (Lang::En, _) => Translation::Original,
            _ if text != page => Translation::EnglishOnly,
            (_, Some(source)) => Translation::WithSource(source),
            (_, None) => Translation::ByDirectory,
        }
    }
}

#[cfg(test)]
mod dial_tests {
    use super::*;

    #[test]
    fn buttons_say_what_they_do_and_whom_they_reach() {
        let en = Layout::new(Lang::En, "/");
        assert_eq!(
            dial_verb(&en, &Kind::Reporting, &PhoneType::Voice),
            "Call to report"
        );
        assert_eq!(dial_verb(&en, &Kind::Reporting, &PhoneType::Text), "Text");
        assert_eq!(dial_verb(&en, &Kind::Hotline, &PhoneType::Tty), "TTY");
        assert_eq!(
            dial_whom(
                &en,
                &Kind::Hotline,
                &PhoneType::Voice,
                "888-373-7888",
                "National Human Trafficking Hotline"
            )
            .as_deref(),
            Some(" to reach the National Human Trafficking Hotline")
        );
        assert_eq!(
            dial_whom(
                &en,
                &Kind::Reporting,
                &PhoneType::Voice,
                "(972) 559-5000",
                "FBI Dallas Field Office"
            )
            .as_deref(),
            Some(" to the FBI Dallas Field Office")
        );
        assert_eq!(
            dial_whom(&en, &Kind::Hotline, &PhoneType::Voice, "911", "Call 911"),
            None
        );
    }

    #[test]
    fn a_spanish_page_says_whose_words_a_record_is_in() {
        assert_eq!(
            Translation::of(Lang::En, Lang::En, None),
            Translation::Original
        );
        assert_eq!(
            Translation::of(Lang::Es, Lang::En, None),
            Translation::EnglishOnly
        );
        assert_eq!(
            Translation::of(Lang::Es, Lang::Es, None),
            Translation::ByDirectory
        );
        let source = SourceLink {
            title: "Nuestra misión".to_owned(),
            url: None,
        };
        assert_eq!(
            Translation::of(Lang::Es, Lang::En, Some(source.clone())),
            Translation::EnglishOnly
        );
        assert_eq!(
            Translation::of(Lang::Es, Lang::Es, Some(source)),
            Translation::WithSource(SourceLink {
                title: "Nuestra misión".to_owned(),
                url: None
            })
        );
    }

    #[test]
    fn spanish_buttons_say_the_same_in_spanish() {
        let es = Layout::new(Lang::Es, "/");
        assert_eq!(
            dial_verb(&es, &Kind::Reporting, &PhoneType::Voice),
            "Llame para denunciar al"
        );
        assert_eq!(
            dial_whom(
                &es,
                &Kind::Reporting,
                &PhoneType::Voice,
                "(972) 559-5000",
                "FBI Dallas Field Office"
            )
            .as_deref(),
            Some(" ante FBI Dallas Field Office")
        );
        assert_eq!(
            source_date(&es, Some("Updated"), "2023-08-23"),
            "Actualizado el 23 de agosto de 2023"
        );
        assert_eq!(
            source_date(&es, Some("As listed in"), "2020-12"),
            "Según aparecía en diciembre de 2020"
        );
    }
}
