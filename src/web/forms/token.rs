//! The signed timestamp every form carries: when it was rendered, for which form, and an
//! HMAC-SHA256 of both under the feedback store's secret. It is what lets the server refuse
//! a form it never rendered, one older than a day, and one sent back faster than a person
//! reads, without a cookie or anything kept per visitor.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::feedback::FormSecret;

type HmacSha256 = Hmac<Sha256>;

/// Why a form's token was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenProblem {
    /// Missing, malformed, signed with another secret, for another form, or from the future.
    Invalid,
    /// Rendered more than [`super::limits::MAX_AGE_MS`] ago.
    Expired,
    /// Sent back sooner than a person could have filled it in.
    TooSoon,
}

/// The token for `form` rendered at `now_ms`.
pub fn issue(secret: &FormSecret, form: &str, now_ms: i64) -> String {
    let tag = mac(secret, form, now_ms).finalize().into_bytes();
    let hex: String = tag.iter().map(|b| format!("{b:02x}")).collect();
    format!("{now_ms}.{hex}")
}

/// Checks `token` for `form` at `now_ms`: signed by us (compared in constant time), neither
/// older than `max_age_ms` nor younger than `min_age_ms`.
pub fn check(
    secret: &FormSecret,
    form: &str,
    token: &str,
    now_ms: i64,
    min_age_ms: i64,
    max_age_ms: i64,
) -> Result<(), TokenProblem> {
    let (issued, hex) = token.split_once('.').ok_or(TokenProblem::Invalid)?;
    if issued.is_empty() || issued.len() > 15 || !issued.bytes().all(|b| b.is_ascii_digit()) {
        return Err(TokenProblem::Invalid);
    }
    let issued: i64 = issued.parse().map_err(|_| TokenProblem::Invalid)?;
    let tag = from_hex(hex).ok_or(TokenProblem::Invalid)?;
    mac(secret, form, issued)
        .verify_slice(&tag)
        .map_err(|_| TokenProblem::Invalid)?;
    let age = now_ms - issued;
    // A little of the future is the clock being set back; more is not ours.
    if age < -60_000 {
        return Err(TokenProblem::Invalid);
    }
    if age > max_age_ms {
        return Err(TokenProblem::Expired);
    }
    if age < min_age_ms {
        return Err(TokenProblem::TooSoon);
    }
    Ok(())
}

fn mac(secret: &FormSecret, form: &str, issued_ms: i64) -> HmacSha256 {
    let mut mac = HmacSha256::new_from_slice(secret.bytes()).expect("HMAC takes a key of any size");
    // Which form it is for: a token for one entry's report form is no good for another's, nor
    // for the suggestion form.
    mac.update(b"lantern-form-v1\n");
    mac.update(form.as_bytes());
    mac.update(b"\n");
    mac.update(issued_ms.to_string().as_bytes());
    mac
}

/// 64 hex digits as the 32 bytes they write, or nothing.
fn from_hex(hex: &str) -> Option<Vec<u8>> {
    if hex.len() != 64 {
        return None;
    }
    hex.as_bytes()
        .chunks(2)
        .map(|pair| {
            let pair = std::str::from_utf8(pair).ok()?;
            u8::from_str_radix(pair, 16)
                .ok()
                .filter(|_| pair.bytes().all(|b| b.is_ascii_hexdigit()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feedback::FeedbackStore;

    const DAY: i64 = 86_400_000;

    /// A store's secret: each new store makes its own.
    async fn new_store() -> (tempfile::TempDir, FeedbackStore) {
        let dir = tempfile::tempdir().unwrap();
        let store = FeedbackStore::open_file(&dir.path().join("feedback.db"))
            .await
            .unwrap();
        (dir, store)
    }

    #[tokio::test]
    async fn a_token_is_good_for_its_form_between_two_seconds_and_a_day() {
        let (_dir, store) = new_store().await;
        let key = store.form_secret();
        let token = issue(key, "suggest", 1_000_000);
        let check_at = |now| check(key, "suggest", &token, now, 2_000, DAY);
        assert_eq!(check_at(1_000_000 + 1_999), Err(TokenProblem::TooSoon));
        assert_eq!(check_at(1_000_000 + 2_000), Ok(()));
        assert_eq!(check_at(1_000_000 + DAY), Ok(()));
        assert_eq!(check_at(1_000_000 + DAY + 1), Err(TokenProblem::Expired));
        assert_eq!(check_at(1_000_000 - 120_000), Err(TokenProblem::Invalid));
    }

    #[tokio::test]
    async fn a_token_from_another_form_or_secret_or_edited_is_invalid() {
        let (_dir, store) = new_store().await;
        let (_other_dir, other) = new_store().await;
        let key = store.form_secret();
        let token = issue(key, "report/call-911", 5_000);
        let at = 10_000;
        assert_eq!(check(key, "report/call-911", &token, at, 0, DAY), Ok(()));
        assert_eq!(
            check(key, "report/other", &token, at, 0, DAY),
            Err(TokenProblem::Invalid)
        );
        assert_eq!(
            check(other.form_secret(), "report/call-911", &token, at, 0, DAY),
            Err(TokenProblem::Invalid)
        );
        // An older timestamp with the same signature: the signature covers the time.
        let (_, tag) = token.split_once('.').unwrap();
        let backdated = format!("4000.{tag}");
        assert_eq!(
            check(key, "report/call-911", &backdated, at, 0, DAY),
            Err(TokenProblem::Invalid)
        );
        let long = "9".repeat(40);
        for nonsense in ["", ".", "5000", "5000.", "x.y", "-5.00", "5000.zz", &long] {
            assert_eq!(
                check(key, "report/call-911", nonsense, at, 0, DAY),
                Err(TokenProblem::Invalid),
                "{nonsense}"
            );
        }
    }
}
