//! Stable identifiers. HSDS wants a UUID for every record; Lantern's records have slugs. An ID
//! is a hash of what the record is and its slug, so the same record keeps the same ID across
//! imports, machines and exports, and two records never share one.

use sha2::{Digest, Sha256};

/// A name-based UUID (RFC 9562 version 8: SHA-256 of `what` and `key`, truncated).
pub fn uuid(what: &str, key: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(36);
    for (i, byte) in uuid_bytes(what, key).into_iter().enumerate() {
        // Groups of 8, 4, 4, 4 and 12 hex digits.
        if matches!(i, 4 | 6 | 8 | 10) {
            text.push('-');
        }
        text.push(char::from(HEX[usize::from(byte >> 4)]));
        text.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    text
}

/// The 16 bytes `uuid` writes out: a third of the room, for keeping many IDs in memory.
pub fn uuid_bytes(what: &str, key: &str) -> [u8; 16] {
    let mut hasher = Sha256::new();
    hasher.update(b"lantern\0");
    hasher.update(what.as_bytes());
    hasher.update(b"\0");
    hasher.update(key.as_bytes());
    let hash = hasher.finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&hash[..16]);
    bytes[6] = (bytes[6] & 0x0f) | 0x80;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    bytes
}

/// The bytes of an ID exactly as `uuid` writes them (lower-case hex, hyphens at their
/// places), so two texts with the same bytes are the same text; anything else is `None`.
pub fn parse_uuid(text: &str) -> Option<[u8; 16]> {
    let text = text.as_bytes();
    if text.len() != 36 || [8, 13, 18, 23].iter().any(|&i| text[i] != b'-') {
        return None;
    }
    let mut digits = text.iter().filter(|&&c| c != b'-').map(|&c| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    });
    let mut bytes = [0u8; 16];
    for byte in &mut bytes {
        *byte = digits.next()?? << 4 | digits.next()??;
    }
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_well_formed_and_distinct() {
        let id = uuid("service", "national-human-trafficking-hotline");
        // Published IDs must not change: the text the hotline's ID has always had.
        assert_eq!(id, "b2af61fa-b379-8ed4-aa4d-e18e9c809b08");
        assert_ne!(
            id,
            uuid("organization", "national-human-trafficking-hotline")
        );
        assert_ne!(uuid("service", "a-b"), uuid("service-a", "b"));
        let groups: Vec<usize> = id.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12]);
        assert_eq!(&id[14..15], "8", "version 8");
        assert!(matches!(&id[19..20], "8" | "9" | "a" | "b"), "RFC variant");
    }

    #[test]
    fn an_id_parses_back_to_its_bytes_and_nothing_else_does() {
        let id = uuid("service", "national-human-trafficking-hotline");
        let bytes = uuid_bytes("service", "national-human-trafficking-hotline");
        assert_eq!(parse_uuid(&id), Some(bytes));
        for other in [
            id.to_uppercase(),
            id.replace('-', ""),
            format!("{id}0"),
            format!("{{{id}}}"),
            id[1..].to_owned(),
            format!("{}g{}", &id[..35], ""),
            id.replacen('-', "+", 1),
        ] {
            assert_eq!(parse_uuid(&other), None, "{other}");
        }
    }
}
