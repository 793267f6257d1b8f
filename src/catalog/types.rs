//! Values that cannot be wrong once built. The importer turns seed text into these at the
//! boundary; everything past it (database, pages, exports) trusts them.

use std::fmt;
use std::str::FromStr;

/// A stable, URL-safe identifier: lower-case ASCII letters and digits in hyphen-separated words.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Slug(String);

impl Slug {
    const MAX_LEN: usize = 100;

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Slug {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let well_formed = !s.is_empty()
            && s.len() <= Self::MAX_LEN
            && s.split('-').all(|word| {
                !word.is_empty()
                    && word
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            });
        if well_formed {
            Ok(Slug(s.to_owned()))
        } else {
            Err(format!(
                "'{s}' is not a slug: use lower-case letters, digits and single hyphens \
                 (at most {} characters)",
                Self::MAX_LEN
            ))
        }
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A USPS two-letter code in upper case. Whether the code is one of the 56 jurisdictions the
/// catalog knows is a question for the catalog, not for this type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StateCode([u8; 2]);

impl StateCode {
    pub fn as_str(&self) -> &str {
        // Both bytes are ASCII upper-case letters (checked in `from_str`).
        std::str::from_utf8(&self.0).expect("state code is ASCII")
    }
}

impl FromStr for StateCode {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.as_bytes() {
            [a, b] if a.is_ascii_uppercase() && b.is_ascii_uppercase() => Ok(StateCode([*a, *b])),
            _ => Err(format!(
                "'{s}' is not a state code: use the two upper-case letters of the USPS code"
            )),
        }
    }
}

impl fmt::Display for StateCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a resource is. The set is closed because pages treat kinds differently (the help page
/// gathers hotlines and reporting lines); labels and descriptions live in `seeds/kinds.toml`.
/// Stored and serialized as its slug, so pages read it from the database as this enum.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, sqlx::Type, serde::Serialize,
)]
#[sqlx(rename_all = "kebab-case")]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Hotline,
    Reporting,
    VictimServices,
    TaskForce,
    Funding,
    Training,
    Publication,
    Awareness,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Hotline,
        Kind::Reporting,
        Kind::VictimServices,
        Kind::TaskForce,
        Kind::Funding,
        Kind::Training,
        Kind::Publication,
        Kind::Awareness,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Kind::Hotline => "hotline",
            Kind::Reporting => "reporting",
            Kind::VictimServices => "victim-services",
            Kind::TaskForce => "task-force",
            Kind::Funding => "funding",
            Kind::Training => "training",
            Kind::Publication => "publication",
            Kind::Awareness => "awareness",
        }
    }

    /// Whether this is a line to call (a hotline or a reporting line) rather than a program,
    /// a grant or a publication.
    pub fn is_contact_line(self) -> bool {
        matches!(self, Kind::Hotline | Kind::Reporting)
    }
}

impl FromStr for Kind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Kind::ALL
            .into_iter()
            .find(|kind| kind.slug() == s)
            .ok_or_else(|| {
                let known: Vec<_> = Kind::ALL.iter().map(|k| k.slug()).collect();
                format!("unknown kind '{s}' (known: {})", known.join(", "))
            })
    }
}

/// What a search asks for when its words ask for help or to report, rather than name a topic.
/// Each has its answer, shown above the ranked results (seeds/intents.toml).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Intent {
    Help,
    Report,
}

impl Intent {
    pub const ALL: [Intent; 2] = [Intent::Help, Intent::Report];

    pub fn as_str(self) -> &'static str {
        match self {
            Intent::Help => "help",
            Intent::Report => "report",
        }
    }
}

impl FromStr for Intent {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Intent::ALL
            .into_iter()
            .find(|intent| intent.as_str() == s)
            .ok_or_else(|| format!("unknown intent '{s}' (known: help, report)"))
    }
}

/// How a phone contact is reached. Stored and serialized as `as_str()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::Type, serde::Serialize, serde::Deserialize)]
#[sqlx(rename_all = "lowercase")]
#[serde(rename_all = "lowercase")]
pub enum PhoneType {
    Voice,
    Text,
    Tty,
}

impl PhoneType {
    pub fn as_str(self) -> &'static str {
        match self {
            PhoneType::Voice => "voice",
            PhoneType::Text => "text",
            PhoneType::Tty => "tty",
        }
    }
}

impl FromStr for PhoneType {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "voice" => Ok(PhoneType::Voice),
            "text" => Ok(PhoneType::Text),
            "tty" => Ok(PhoneType::Tty),
            _ => Err(format!(
                "unknown phone type '{s}' (known: voice, text, tty)"
            )),
        }
    }
}

/// A U.S. phone number as its source writes it, with the digits a phone dials.
///
/// The written form is kept because the number must match its source character for character;
/// the digits drive `tel:`/`sms:` links and let a search for "(888) 373 7888" find "888-373-7888".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneNumber {
    written: String,
    digits: String,
}

impl PhoneNumber {
    /// Parses `written` as a number reached by `phone_type`: a ten-digit North American number
    /// (optionally with a leading 1), a three-digit N11 service code such as 911, or, for text
    /// lines only, a five- or six-digit SMS short code.
    pub fn parse(written: &str, phone_type: PhoneType) -> Result<Self, String> {
        // Dashes of every width appear in government pages ("202–616–7373").
        const SEPARATORS: &[char] = &[
            ' ', '-', '.', '(', ')', '+', '\u{2010}', '\u{2011}', '\u{2012}', '\u{2013}',
            '\u{2014}', '\u{00a0}',
        ];
        let written = written.trim();
        if let Some(bad) = written
            .chars()
            .find(|c| !c.is_ascii_digit() && !SEPARATORS.contains(c))
        {
            return Err(format!(
                "'{written}' is not a phone number: '{bad}' is not a digit or separator"
            ));
        }
        let mut digits: String = written.chars().filter(char::is_ascii_digit).collect();
        if digits.len() == 11 && digits.starts_with('1') {
            digits.remove(0);
        }
        let bytes = digits.as_bytes();
        let valid = match bytes.len() {
            // NANP: area code and exchange both start with 2-9.
            10 => (b'2'..=b'9').contains(&bytes[0]) && (b'2'..=b'9').contains(&bytes[3]),
            3 => (b'2'..=b'9').contains(&bytes[0]) && &bytes[1..] == b"11",
            5 | 6 => phone_type == PhoneType::Text,
            _ => false,
        };
        if valid {
            Ok(PhoneNumber {
                written: written.to_owned(),
                digits,
            })
        } else {
            Err(format!(
                "'{written}' is not a phone number: expected ten digits (area code first), \
                 a three-digit service code such as 911, or a text short code"
            ))
        }
    }

    pub fn written(&self) -> &str {
        &self.written
    }

    /// The digits to dial, without a country code: "8883737888", "911".
    pub fn digits(&self) -> &str {
        &self.digits
    }
}

/// A link a person can follow: http, https or tel, nothing else (no javascript:, data:, file:).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebAddress(String);

impl WebAddress {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for WebAddress {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let parsed = url::Url::parse(s).map_err(|e| format!("'{s}' is not a web address: {e}"))?;
        match parsed.scheme() {
            "http" | "https" if parsed.host_str().is_some_and(|h| !h.is_empty()) => {}
            "tel" => {}
            "http" | "https" => return Err(format!("'{s}' has no host")),
            other => {
                return Err(format!(
                    "'{s}' uses the scheme '{other}': only http, https and tel are allowed"
                ));
            }
        }
        // Keep the address exactly as written: it was copied from a source.
        Ok(WebAddress(s.to_owned()))
    }
}

/// A calendar date, or a month when the source gives no day ("December 2020").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: Option<u8>,
}

impl Date {
    /// Today's date in UTC, from the system clock.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        Date::from_days_since_epoch((secs / 86_400) as i64)
    }

    /// Howard Hinnant's `days_from_civil`, the inverse of [`Date::from_days_since_epoch`]; a
    /// month-only date counts from its first day.
    pub fn days_since_epoch(&self) -> i64 {
        let (month, day) = (i64::from(self.month), i64::from(self.day.unwrap_or(1)));
        let year = i64::from(self.year) - i64::from(month <= 2);
        let era = year.div_euclid(400);
        let yoe = year.rem_euclid(400);
        let doy = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// Howard Hinnant's `civil_from_days`: exact for every date we will ever see.
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
        Date {
            year,
            month,
            day: Some(day),
        }
    }

    fn days_in_month(year: u16, month: u8) -> u8 {
        match month {
            2 if (year.is_multiple_of(4) && !year.is_multiple_of(100))
                || year.is_multiple_of(400) =>
            {
                29
            }
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        }
    }

    pub fn year(&self) -> u16 {
        self.year
    }

    /// 1 to 12.
    pub fn month(&self) -> u8 {
        self.month
    }

    /// `None` when the source gives only the month.
    pub fn day(&self) -> Option<u8> {
        self.day
    }

    /// The last day this date can mean: itself, or a month-only date's last day (so a record
    /// verified "December 2020" is never called due before its time).
    pub fn last_day(&self) -> Date {
        Date {
            day: Some(
                self.day
                    .unwrap_or_else(|| Date::days_in_month(self.year, self.month)),
            ),
            ..*self
        }
    }

    /// The same day `months` months earlier, or that month's last day when it is shorter
    /// (31 March less one month is 28 or 29 February). A month-only date stays one.
    pub fn months_before(&self, months: u32) -> Date {
        let index = i64::from(self.year) * 12 + i64::from(self.month) - 1 - i64::from(months);
        let year = index.div_euclid(12) as u16;
        let month = index.rem_euclid(12) as u8 + 1;
        Date {
            year,
            month,
            day: self
                .day
                .map(|day| day.min(Date::days_in_month(year, month))),
        }
    }
}

impl FromStr for Date {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let invalid = || format!("'{s}' is not a date: write YYYY-MM-DD, or YYYY-MM for a month");
        let parts: Vec<&str> = s.split('-').collect();
        let number = |part: &str, len: usize| -> Result<u16, String> {
            if part.len() == len && part.bytes().all(|b| b.is_ascii_digit()) {
                part.parse().map_err(|_| invalid())
            } else {
                Err(invalid())
            }
        };
        let (year, month, day) = match parts.as_slice() {
            [y, m] => (number(y, 4)?, number(m, 2)?, None),
            [y, m, d] => (number(y, 4)?, number(m, 2)?, Some(number(d, 2)?)),
            _ => return Err(invalid()),
        };
        if !(1900..=2999).contains(&year) || !(1..=12).contains(&month) {
            return Err(format!("'{s}' is not a real date"));
        }
        let month = month as u8;
        let day = match day {
            Some(d) if d >= 1 && d <= u16::from(Date::days_in_month(year, month)) => Some(d as u8),
            Some(_) => return Err(format!("'{s}' is not a real date")),
            None => None,
        };
        Ok(Date { year, month, day })
    }
}

impl fmt::Display for Date {
    /// ISO 8601: "2023-08-23" or "2020-12". Sorts as text in the database.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)?;
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!("national-human-trafficking-hotline".parse::<Slug>().is_ok());
        assert!("fbi-2".parse::<Slug>().is_ok());
        for bad in [
            "",
            "Upper",
            "double--hyphen",
            "-lead",
            "trail-",
            "sp ace",
            "é",
        ] {
            assert!(bad.parse::<Slug>().is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn phone_numbers_keep_their_written_form() {
        let n = PhoneNumber::parse("202–616–7373", PhoneType::Voice).unwrap();
        assert_eq!(n.written(), "202–616–7373");
        assert_eq!(n.digits(), "2026167373");
        assert_eq!(
            PhoneNumber::parse("(518) 465-7551", PhoneType::Voice)
                .unwrap()
                .digits(),
            "5184657551"
        );
        assert_eq!(
            PhoneNumber::parse("1-866-347-2423", PhoneType::Voice)
                .unwrap()
                .digits(),
            "8663472423"
        );
        assert_eq!(
            PhoneNumber::parse("911", PhoneType::Voice)
                .unwrap()
                .digits(),
            "911"
        );
    }

    #[test]
    fn bad_phone_numbers() {
        for bad in [
            "",
            "555-1234",
            "1-800-THE-LOST",
            "123-456-7890",
            "888-373-78888",
            "011",
        ] {
            assert!(
                PhoneNumber::parse(bad, PhoneType::Voice).is_err(),
                "{bad:?} accepted"
            );
        }
        assert!(PhoneNumber::parse("233733", PhoneType::Voice).is_err());
        assert!(PhoneNumber::parse("233733", PhoneType::Text).is_ok());
    }

    #[test]
    fn web_addresses() {
        assert!(
            "https://www.fbi.gov/contact-us/field-offices"
                .parse::<WebAddress>()
                .is_ok()
        );
        assert!("tel:+18883737888".parse::<WebAddress>().is_ok());
        for bad in [
            "javascript:alert(1)",
            "ftp://x.org/",
            "data:text/html,hi",
            "www.fbi.gov",
            "https://",
        ] {
            assert!(bad.parse::<WebAddress>().is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn dates() {
        let d: Date = "2023-08-23".parse().unwrap();
        assert_eq!((d.year(), d.month(), d.day()), (2023, 8, Some(23)));
        assert_eq!(d.to_string(), "2023-08-23");
        let m: Date = "2020-12".parse().unwrap();
        assert_eq!((m.year(), m.month(), m.day()), (2020, 12, None));
        assert_eq!(m.to_string(), "2020-12");
        assert!("2024-02-29".parse::<Date>().is_ok());
        for bad in [
            "2023-02-29",
            "2023-13-01",
            "2023-00",
            "23-01-01",
            "2023/01/01",
            "yesterday",
            "2023-1-1",
        ] {
            assert!(bad.parse::<Date>().is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn month_arithmetic() {
        let date = |s: &str| s.parse::<Date>().unwrap();
        assert_eq!(date("2026-12-07").months_before(12), date("2025-12-07"));
        assert_eq!(date("2026-03-31").months_before(1), date("2026-02-28"));
        assert_eq!(date("2024-03-31").months_before(1), date("2024-02-29"));
        assert_eq!(date("2026-01-15").months_before(13), date("2024-12-15"));
        assert_eq!(date("2020-12").months_before(2), date("2020-10"));
        assert_eq!(date("2020-12").last_day(), date("2020-12-31"));
        assert_eq!(date("2024-02").last_day(), date("2024-02-29"));
        assert_eq!(date("2026-11-22").last_day(), date("2026-11-22"));
    }

    #[test]
    fn days_since_epoch_round_trips() {
        for day in [0, 59, 60, 365, 11_016, 20_414, 20_780, 30_000] {
            assert_eq!(Date::from_days_since_epoch(day).days_since_epoch(), day);
        }
        assert_eq!("1970-01-01".parse::<Date>().unwrap().days_since_epoch(), 0);
    }

    #[test]
    fn today_is_a_real_date() {
        assert_eq!(Date::from_days_since_epoch(0).to_string(), "1970-01-01");
        assert_eq!(
            Date::from_days_since_epoch(20_414).to_string(),
            "2025-11-22"
        );
        assert!(Date::today().to_string().parse::<Date>().is_ok());
    }
}
