//! What a result shows, for every entry of the catalog, held compactly: its card (slug, name,
//! summary, kind, states, buttons) and the description its snippet is cut from.
//!
//! A `ResourceCard` is eight owned strings and its buttons more; held for every entry, with
//! the description beside it, that was most of the English search data's memory at 100,000
//! entries. Here each entry's texts are ranges of one string shared by the whole catalog, the
//! few distinct kind labels and state lists are held once, and an entry without buttons holds
//! none. A page's twenty cards are made whole when it is shown (`Cards::card`).

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use crate::catalog::Kind;
use crate::db::resources::{QuickLines, ResourceCard};
use crate::lang::Lang;

/// Every entry's card and description, in the index's order.
#[derive(Default)]
pub struct Cards {
    /// Every entry's slug, name, summary and description, one after another.
    text: String,
    /// Kind labels and state lists, each once.
    shared: Vec<String>,
    /// Each shared text's position in `shared`, while building: there is one state list per
    /// distinct set of states, which a large catalog can have thousands of.
    positions: HashMap<String, u32>,
    entries: Vec<Packed>,
}

/// One entry: where its texts are in `Cards::text`, and the rest of its card.
struct Packed {
    id: i64,
    /// Where its slug starts, then where its slug, name, summary and description end.
    ends: [u32; 5],
    kind: Kind,
    is_national: bool,
    text_lang: Lang,
    /// Positions in `Cards::shared`.
    kind_label: u32,
    states: Option<u32>,
    /// `None` when the card has no buttons (most entries).
    lines: Option<Box<QuickLines>>,
}

impl Cards {
    /// Adds an entry at the end; `description` is the one its snippets are cut from.
    pub fn push(&mut self, card: ResourceCard, description: &str) {
        let start = self.text.len();
        let mut ends = [start as u32; 5];
        for (end, text) in
            ends[1..]
                .iter_mut()
                .zip([&card.slug, &card.name, &card.summary, description])
        {
            self.text.push_str(text);
            *end = self.text.len() as u32;
        }
        let lines = &card.lines;
        let has_lines = lines.call.is_some() || lines.text.is_some() || lines.online.is_some();
        let kind_label = self.share(card.kind_label);
        let states = card.states.map(|states| self.share(states));
        self.entries.push(Packed {
            id: card.id,
            ends,
            kind: card.kind,
            is_national: card.is_national,
            text_lang: card.text_lang,
            kind_label,
            states,
            lines: has_lines.then(|| Box::new(card.lines)),
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
        let ends = &self.entries[entry as usize].ends;
        &self.text[ends[which] as usize..ends[which + 1] as usize]
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
        let mut cards = Cards::default();
        for (entry, description) in entries.iter().zip(["Llame ya.", "", "Call <now>."]) {
            cards.push(entry.clone(), description);
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
}
