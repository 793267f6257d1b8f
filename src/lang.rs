//! The languages the site is published in. A page's language is decided by its address alone:
//! English at the root, Spanish under `/es` with the same path after it. Never by
//! `Accept-Language` or a cookie, so a kept page, a shared link and a search engine's copy all
//! agree on what a given address says.

/// A language the site is published in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    En,
    Es,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Es];

    /// The BCP 47 tag: `lang="…"`, `hreflang="…"`.
    pub const fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
        }
    }

    /// The other language: the one the language link offers.
    pub const fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Es,
            Lang::Es => Lang::En,
        }
    }

    /// The address of `path` (an English, root-relative address such as `/help` or `/`) in
    /// this language: `/es/help`, `/es`.
    pub fn href(self, path: &str) -> String {
        match (self, path) {
            (Lang::En, _) => path.to_owned(),
            (Lang::Es, "/") => "/es".to_owned(),
            (Lang::Es, _) if path.starts_with("/?") => format!("/es{}", &path[1..]),
            (Lang::Es, _) => format!("/es{path}"),
        }
    }

    /// The language of an address and its English path: `/es/help` → (Spanish, `/help`),
    /// `/es` → (Spanish, `/`), `/espanol` → (English, `/espanol`).
    pub fn split_path(path: &str) -> (Lang, &str) {
        match path.strip_prefix("/es") {
            Some("") => (Lang::Es, "/"),
            Some(rest) if rest.starts_with('/') => (Lang::Es, rest),
            _ => (Lang::En, path),
        }
    }

    /// `path` (English form) in every language, as `hreflang` alternates: each language's
    /// code and address, then `x-default`, the English page at the root.
    pub fn alternates(path: &str) -> [(&'static str, String); 3] {
        [
            (Lang::En.code(), Lang::En.href(path)),
            (Lang::Es.code(), Lang::Es.href(path)),
            ("x-default", Lang::En.href(path)),
        ]
    }

    /// The language of an address.
    pub fn of_path(path: &str) -> Lang {
        Lang::split_path(path).0
    }
}

/// A lower-case letter without its accent, for the Latin letters U.S. text uses: search
/// matches "linea" to "línea" with it, and lists sort "Míchigan" beside "Michigan".
pub fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ğ' => 'g',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => 'i',
        'ł' | 'ľ' => 'l',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ř' => 'r',
        'ś' | 'š' | 'ş' => 's',
        'ť' | 'ţ' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        c => c,
    }
}

/// `text` as it sorts for a reader of either language: lower case, accents aside.
pub fn sort_key(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(fold_accent)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_round_trip_between_the_languages() {
        for path in [
            "/",
            "/help",
            "/resources/call-911",
            "/search?q=ayuda",
            "/?x=1",
        ] {
            let spanish = Lang::Es.href(path);
            assert_eq!(
                Lang::split_path(spanish.split('?').next().unwrap()).0,
                Lang::Es
            );
            assert_eq!(Lang::En.href(path), path);
        }
        assert_eq!(Lang::Es.href("/"), "/es");
        assert_eq!(Lang::Es.href("/help"), "/es/help");
        assert_eq!(Lang::split_path("/es"), (Lang::Es, "/"));
        assert_eq!(Lang::split_path("/es/help"), (Lang::Es, "/help"));
        assert_eq!(Lang::split_path("/espanol"), (Lang::En, "/espanol"));
        assert_eq!(Lang::split_path("/help"), (Lang::En, "/help"));
    }
}
