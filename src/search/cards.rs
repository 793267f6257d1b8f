//! What a result shows, for every entry of the catalog, held compactly: its card (slug, name,
//! summary, kind, states, buttons) and the description its snippet is cut from.
//!
//! A `ResourceCard` is eight owned strings and its buttons more; held for every entry, with
//! the description beside it, that was most of the English search data's memory at 100,000
//! entries. Here each entry's texts are ranges of one string shared by the whole catalog, the
//! few distinct kind labels and state lists are held once, and an entry without buttons holds
//! none. A page's twenty cards are made whole when it is shown (`Cards::card`).
//!
//! Most entries of a catalog are not translated, and their Spanish card shows the same slug,
//! name, summary, description and buttons as their English one. Every entry's English texts
//! and buttons are therefore held once for both languages (`EnglishCards`): a card whose texts
//! or buttons are those refers to them, and only the others (translated entries, a translated
//! link label) hold their own.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::Arc;

use crate::catalog::Kind;
use crate::db::resources::{QuickLines, ResourceCard};
use crate::lang::Lang;

/// Every entry's English slug, name, summary and description, one entry after another, and
/// its buttons: what both languages' `Cards` share.
#[derive(Default)]
pub struct EnglishCards {
    text: Arc<str>,
    /// Sorted by id.
    entries: Vec<English>,
}

/// One entry's part of `EnglishCards`.
struct English {
    id: i64,
    /// Where its slug starts in `EnglishCards::text`, then where its slug, name, summary and
    /// description end.
    ends: [u32; 5],
    /// `None` when the card has no buttons.
    lines: Option<Arc<QuickLines>>,
}

impl EnglishCards {
    /// From each entry's English card and description (`(card, description)`).
    pub fn new<'a>(cards: impl Iterator<Item = (&'a ResourceCard, &'a str)>) -> Self {
        let mut text = String::new();
        let mut entries = Vec::new();
        for (card, description) in cards {
            entries.push(English {
                id: card.id,
                ends: append(&mut text, card, description),
                lines: has_buttons(&card.lines).then(|| Arc::new(card.lines.clone())),
            });
        }
        entries.sort_unstable_by_key(|entry| entry.id);
        EnglishCards {
            text: text.into(),
            entries,
        }
    }

    /// The English part of `card`'s entry.
    fn of(&self, card: &ResourceCard) -> Option<&English> {
        let at = (self.entries)
            .binary_search_by_key(&card.id, |entry| entry.id)
            .ok()?;
        Some(&self.entries[at])
    }

    /// Whether the entry's English texts are the card's own slug, name and summary and
    /// `description` (not when it is translated).
    fn has_texts(&self, english: &English, card: &ResourceCard, description: &str) -> bool {
        let ends = english.ends;
        let text = |which: usize| &self.text[ends[which] as usize..ends[which + 1] as usize];
        text(0) == card.slug
            && text(1) == card.name
            && text(2) == card.summary
            && text(3) == description
    }
}

/// Whether a card shows any button.
fn has_buttons(lines: &QuickLines) -> bool {
    lines.call.is_some() || lines.text.is_some() || lines.online.is_some()
}

/// Appends a card's slug, name and summary and `description` to `text`: where the slug
/// starts, then where each ends.
fn append(text: &mut String, card: &ResourceCard, description: &str) -> [u32; 5] {
    let mut ends = [text.len() as u32; 5];
    for (end, piece) in
        ends[1..]
            .iter_mut()
            .zip([&card.slug, &card.name, &card.summary, description])
    {
        text.push_str(piece);
        *end = text.len() as u32;
    }
    ends
}

/// Every entry's card and description, in the index's order.
#[derive(Default)]
pub struct Cards {
    /// The English texts of every entry, shared with the other language's cards.
    english: Arc<str>,
    /// The slug, name, summary and description of each entry whose texts are not the
    /// English ones, one after another.
    text: String,
    /// Kind labels and state lists, each once.
    shared: Vec<String>,
    /// Each shared text's position in `shared`, while building: there is one state list per
    /// distinct set of states, which a large catalog can have thousands of.
    positions: HashMap<String, u32>,
    entries: Vec<Packed>,
}

/// One entry: where its texts are, and the rest of its card.
struct Packed {
    id: i64,
    /// Where its slug starts, then where its slug, name, summary and description end: in
    /// `Cards::english` when `english`, else in `Cards::text`.
    ends: [u32; 5],
    english: bool,
    kind: Kind,
    is_national: bool,
    text_lang: Lang,
    /// Positions in `Cards::shared`.
    kind_label: u32,
    states: Option<u32>,
    /// `None` when the card has no buttons.
    lines: Option<Arc<QuickLines>>,
}

impl Cards {
    /// No cards yet, sharing `english`'s texts.
    pub fn sharing(english: &EnglishCards) -> Self {
        Cards {
            english: english.text.clone(),
            ..Cards::default()
        }
    }

    /// Adds an entry at the end; `description` is the one its snippets are cut from. Its
    /// texts and buttons are held only when they are not its English ones in `english`.
    pub fn push(&mut self, card: ResourceCard, description: &str, english: &EnglishCards) {
        // Shared offsets point into the English text these cards were made sharing.
        debug_assert!(
            Arc::ptr_eq(&self.english, &english.text),
            "the same English cards"
        );
        let in_english = english.of(&card);
        let english_texts = in_english.filter(|e| english.has_texts(e, &card, description));
        let ends = match english_texts {
            Some(e) => e.ends,
            None => append(&mut self.text, &card, description),
        };
        let english_lines = in_english
            .and_then(|e| e.lines.as_ref())
            .filter(|&lines| **lines == card.lines);
        let lines = match english_lines {
            Some(lines) => Some(lines.clone()),
            None => has_buttons(&card.lines).then(|| Arc::new(card.lines)),
        };
        let kind_label = self.share(card.kind_label);
        let states = card.states.map(|states| self.share(states));
        self.entries.push(Packed {
            id: card.id,
            ends,
            english: english_texts.is_some(),
            kind: card.kind,
            is_national: card.is_national,
            text_lang: card.text_lang,
            kind_label,
            states,
            lines,
        });
    }

    /// The position of `text` in the shared texts, adding it if new.
    fn share(&mut self, text: String) -> u32 {
        let next = u32::try_from(self.shared.len()).expect("fewer than 2^32 shared texts");
        match self.positions.entry(text) {
            Entry::Occupied(known) => *known.get(),
            Entry::Vacant(new) => {
                self.shared.push(new.key().clone());
                new.insert(next);
                next
            }
        }
    }

    /// Gives back the memory reserved for entries not added, and the lookup only adding needs.
    pub fn shrink_to_fit(&mut self) {
        self.positions = HashMap::new();
        self.text.shrink_to_fit();
        self.entries.shrink_to_fit();
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// The `which`th of the entry's texts: 0 slug, 1 name, 2 summary, 3 description.
    fn text(&self, entry: u32, which: usize) -> &str {
        let packed = &self.entries[entry as usize];
        let text = if packed.english {
            &*self.english
        } else {
            self.text.as_str()
        };
        &text[packed.ends[which] as usize..packed.ends[which + 1] as usize]
    }

    pub fn slug(&self, entry: u32) -> &str {
        self.text(entry, 0)
    }

    pub fn description(&self, entry: u32) -> &str {
        self.text(entry, 3)
    }

    pub fn is_national(&self, entry: u32) -> bool {
        self.entries[entry as usize].is_national
    }

    /// Whether the entry is a line to call (see `Kind::is_contact_line`).
    pub fn is_contact_line(&self, entry: u32) -> bool {
        self.entries[entry as usize].kind.is_contact_line()
    }

    /// The entry's card, whole.
    pub fn card(&self, entry: u32) -> ResourceCard {
        let packed = &self.entries[entry as usize];
        ResourceCard {
            id: packed.id,
            slug: self.text(entry, 0).to_owned(),
            name: self.text(entry, 1).to_owned(),
            summary: self.text(entry, 2).to_owned(),
            kind: packed.kind,
            kind_label: self.shared[packed.kind_label as usize].clone(),
            is_national: packed.is_national,
            states: packed.states.map(|at| self.shared[at as usize].clone()),
            lines: packed.lines.as_deref().cloned().unwrap_or_default(),
            text_lang: packed.text_lang,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(id: i64, name: &str, states: Option<&str>, lines: QuickLines) -> ResourceCard {
        ResourceCard {
            id,
            slug: format!("entry-{id}"),
            name: name.to_owned(),
            summary: format!("What {name} does."),
            kind: Kind::Hotline,
            kind_label: "Hotlines".to_owned(),
            is_national: states.is_none(),
            states: states.map(str::to_owned),
            lines,
            text_lang: Lang::Es,
        }
    }

    #[test]
    fn cards_come_back_whole_with_their_descriptions() {
        let call = QuickLines::from_json(
            r#"{"phones": [{"number": "888-373-7888", "digits": "8883737888", "type": "voice",
                            "note": null}],
                "link": {"url": "https://example.org/tip", "label": "Submit a tip"}}"#,
        )
        .expect("a lines column");
        let entries = [
            card(7, "Línea Nacional", None, call),
            card(9, "Texas Line", Some("Texas"), QuickLines::default()),
            card(11, "Other Texas Line", Some("Texas"), QuickLines::default()),
        ];
        let none = EnglishCards::default();
        let mut cards = Cards::sharing(&none);
        for (entry, description) in entries.iter().zip(["Llame ya.", "", "Call <now>."]) {
            cards.push(entry.clone(), description, &none);
        }
        let json = |card: &ResourceCard| serde_json::to_value(card).expect("a card serializes");
        for (at, entry) in entries.iter().enumerate() {
            assert_eq!(json(&cards.card(at as u32)), json(entry));
        }
        assert_eq!(cards.slug(1), "entry-9");
        assert_eq!(cards.description(0), "Llame ya.");
        assert_eq!(cards.description(1), "");
        assert_eq!(cards.description(2), "Call <now>.");
        assert!(cards.is_national(0) && !cards.is_national(2));
        assert!(cards.is_contact_line(1));
        // The kind label and the states' names are held once however many cards show them.
        assert_eq!(cards.shared, ["Hotlines", "Texas"]);
    }

    /// An entry whose texts and buttons are its English ones refers to them; one translated
    /// holds its own (its texts, and its buttons when its link's label is translated). Either
    /// way its card and description come back as given.
    #[test]
    fn cards_share_the_english_texts_and_buttons_they_show() {
        let lines = |label: &str| {
            QuickLines::from_json(&format!(
                r#"{{"phones": [{{"number": "888-373-7888", "digits": "8883737888",
                                  "type": "voice", "note": null}}],
                    "link": {{"url": "https://example.org/tip", "label": "{label}"}}}}"#
            ))
            .expect("a lines column")
        };
        let english = [
            card(7, "National Line", None, lines("Submit a tip")),
            card(9, "Texas Line", Some("Texas"), lines("Submit a tip")),
        ];
        let shared = EnglishCards::new(english.iter().zip(["Call now.", "Call <now>."]));
        let mut translated = english[0].clone();
        translated.name = "Línea Nacional".to_owned();
        translated.lines = lines("Envíe un aviso");
        let spanish = [
            (translated, "Llame ya."),
            (english[1].clone(), "Call <now>."),
        ];
        let mut cards = Cards::sharing(&shared);
        for (entry, description) in &spanish {
            cards.push(entry.clone(), description, &shared);
        }
        let json = |card: &ResourceCard| serde_json::to_value(card).expect("a card serializes");
        for (at, (entry, description)) in spanish.iter().enumerate() {
            assert_eq!(json(&cards.card(at as u32)), json(entry));
            assert_eq!(cards.description(at as u32), *description);
        }
        let own: usize = [
            "entry-7",
            "Línea Nacional",
            "What National Line does.",
            "Llame ya.",
        ]
        .iter()
        .map(|text| text.len())
        .sum();
        assert_eq!(
            cards.text.len(),
            own,
            "only the translated entry's texts are its own"
        );
        let buttons = |at: usize| cards.entries[at].lines.as_ref().expect("buttons");
        let english_buttons = |at: usize| shared.entries[at].lines.as_ref().expect("buttons");
        assert!(
            Arc::ptr_eq(buttons(1), english_buttons(1)),
            "the same buttons, shared"
        );
        assert!(
            !Arc::ptr_eq(buttons(0), english_buttons(0)),
            "a translated label, its own"
        );
    }
}
