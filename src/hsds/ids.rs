//! Stable identifiers. HSDS wants a UUID for every record; Lantern's records have slugs. An ID
//! is a hash of what the record is and its slug, so the same record keeps the same ID across
//! imports, machines and exports, and two records never share one.

use sha2::{Digest, Sha256};

/// A name-based UUID (RFC 9562 version 8: SHA-256 of `what` and `key`, truncated).
pub fn uuid(what: &str, key: &str) -> String {
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
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_well_formed_and_distinct() {
        let id = uuid("service", "national-human-trafficking-hotline");
        assert_eq!(id, uuid("service", "national-human-trafficking-hotline"));
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
}
