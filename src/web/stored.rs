//! Bodies served from memory: catalog pages and static files are the same bytes for every
//! visitor, so they are compressed once (gzip and brotli) when first needed rather than on
//! every request, and carry a validator for conditional requests. Responses made per request
//! (search, the API, feeds) are compressed as they go by tower-http's `CompressionLayer`.

use std::io::Write;
use std::sync::OnceLock;

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use sha2::{Digest, Sha256};

/// Brotli quality: 9 compresses a catalog page in a few milliseconds, within a few percent
/// of 11's size, and the work happens once per page per catalog version.
const BROTLI_QUALITY: u32 = 9;
const BROTLI_WINDOW: u32 = 22;
/// Anything smaller than this is sent as it is: the framing would outweigh the saving.
const WORTH_COMPRESSING: usize = 256;

/// What the browser accepts, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

impl Encoding {
    /// The best encoding `Accept-Encoding` allows. A coding with `q=0` is refused, as the
    /// header's grammar says; `*` stands for any coding not named.
    pub fn preferred(headers: &HeaderMap) -> Encoding {
        let (mut br, mut gzip) = (None, None);
        let mut any = None;
        for value in headers.get_all(header::ACCEPT_ENCODING) {
            let Ok(value) = value.to_str() else { continue };
            for item in value.split(',') {
                let mut parts = item.split(';');
                let coding = parts.next().unwrap_or_default().trim();
                let allowed = parts
                    .filter_map(|p| p.trim().strip_prefix("q="))
                    .all(|q| q.trim().parse::<f32>().is_ok_and(|q| q > 0.0));
                if coding.eq_ignore_ascii_case("br") {
                    br = Some(allowed);
                } else if coding.eq_ignore_ascii_case("gzip")
                    || coding.eq_ignore_ascii_case("x-gzip")
                {
                    gzip = Some(allowed);
                } else if coding == "*" {
                    any = Some(allowed);
                }
            }
        }
        if br.or(any) == Some(true) {
            Encoding::Brotli
        } else if gzip.or(any) == Some(true) {
            Encoding::Gzip
        } else {
            Encoding::Identity
        }
    }
}

/// What a request asks of a stored body: the encoding it can read and the copy it has.
pub struct Asked {
    encoding: Encoding,
    if_none_match: Option<HeaderValue>,
}

impl Asked {
    pub fn of(headers: &HeaderMap) -> Asked {
        Asked {
            encoding: Encoding::preferred(headers),
            if_none_match: headers.get(header::IF_NONE_MATCH).cloned(),
        }
    }

    /// Whether the browser's copy is this one (weak comparison, as for any GET).
    fn has(&self, etag: &HeaderValue) -> bool {
        let Some(theirs) = self.if_none_match.as_ref().and_then(|v| v.to_str().ok()) else {
            return false;
        };
        let ours = etag.to_str().unwrap_or_default().trim_start_matches("W/");
        theirs
            .split(',')
            .map(str::trim)
            .any(|tag| tag == "*" || tag.trim_start_matches("W/") == ours)
    }
}

/// A body kept in every encoding, with the headers it is served with.
pub struct Stored {
    body: Encoded,
    /// Weak: the encoding changes the bytes, not the page.
    etag: HeaderValue,
    content_type: HeaderValue,
    cache_control: HeaderValue,
}

impl Stored {
    pub fn new(body: Bytes, content_type: &'static str, cache_control: &'static str) -> Stored {
        let digest = Sha256::digest(&body);
        let hex: String = digest[..10].iter().map(|b| format!("{b:02x}")).collect();
        Stored {
            etag: HeaderValue::from_str(&format!("W/\"{hex}\""))
                .expect("hex is a valid header value"),
            body: Encoded::new(body),
            content_type: HeaderValue::from_static(content_type),
            cache_control: HeaderValue::from_static(cache_control),
        }
    }

    /// 304 when the browser's copy is current, else the body in the best encoding it takes.
    pub fn respond(&self, asked: &Asked) -> Response {
        let (status, body, encoding) = if asked.has(&self.etag) {
            (StatusCode::NOT_MODIFIED, Body::empty(), None)
        } else {
            let (bytes, encoding) = self.body.body(asked.encoding);
            (StatusCode::OK, Body::from(bytes), encoding)
        };
        let mut response = Response::new(body);
        *response.status_mut() = status;
        let headers = response.headers_mut();
        // Room for these and the security headers `front` adds, without growing.
        headers.reserve(12);
        headers.insert(header::CONTENT_TYPE, self.content_type.clone());
        headers.insert(header::CACHE_CONTROL, self.cache_control.clone());
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        headers.insert(header::ETAG, self.etag.clone());
        if let Some(encoding) = encoding {
            headers.insert(header::CONTENT_ENCODING, encoding);
        }
        response
    }
}

/// One body in every encoding a browser may ask for. Each compressed form is made the first
/// time a browser asks for it, so a form nobody asks for costs nothing.
struct Encoded {
    identity: Bytes,
    /// `None` inside once made means compressing did not make the body smaller.
    gzip: OnceLock<Option<Bytes>>,
    brotli: OnceLock<Option<Bytes>>,
}

impl Encoded {
    fn new(body: Bytes) -> Encoded {
        Encoded {
            identity: body,
            gzip: OnceLock::new(),
            brotli: OnceLock::new(),
        }
    }

    /// The body for a browser that accepts `encoding`, and the `Content-Encoding` to say so.
    fn body(&self, encoding: Encoding) -> (Bytes, Option<HeaderValue>) {
        let (slot, name) = match encoding {
            Encoding::Identity => return (self.identity.clone(), None),
            Encoding::Brotli => (&self.brotli, "br"),
            Encoding::Gzip => (&self.gzip, "gzip"),
        };
        let compressed = slot.get_or_init(|| {
            if self.identity.len() < WORTH_COMPRESSING {
                return None;
            }
            let compressed = match encoding {
                Encoding::Brotli => brotli(&self.identity),
                _ => gzip(&self.identity),
            };
            (compressed.len() < self.identity.len()).then(|| compressed.into())
        });
        match compressed {
            Some(bytes) => (bytes.clone(), Some(HeaderValue::from_static(name))),
            None => (self.identity.clone(), None),
        }
    }
}

fn gzip(body: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(body.len() / 3),
        flate2::Compression::best(),
    );
    encoder
        .write_all(body)
        .and_then(|()| encoder.finish())
        .expect("writing to memory does not fail")
}

fn brotli(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() / 3);
    {
        let mut writer =
            brotli::CompressorWriter::new(&mut out, 4096, BROTLI_QUALITY, BROTLI_WINDOW);
        writer
            .write_all(body)
            .expect("writing to memory does not fail");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn asking(value: &str) -> Encoding {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(value).unwrap(),
        );
        Encoding::preferred(&headers)
    }

    #[test]
    fn the_browser_chooses_and_q_zero_refuses() {
        assert_eq!(Encoding::preferred(&HeaderMap::new()), Encoding::Identity);
        assert_eq!(asking("gzip, deflate, br, zstd"), Encoding::Brotli);
        assert_eq!(asking("gzip"), Encoding::Gzip);
        assert_eq!(asking("br;q=0, gzip;q=0.5"), Encoding::Gzip);
        assert_eq!(asking("br;q=0, gzip;q=0"), Encoding::Identity);
        assert_eq!(asking("*"), Encoding::Brotli);
        assert_eq!(asking("identity"), Encoding::Identity);
        assert_eq!(asking("deflate"), Encoding::Identity);
    }

    #[test]
    fn every_variant_decodes_to_the_same_page() {
        let page = Bytes::from("<p>National Human Trafficking Hotline</p>\n".repeat(50));
        let encoded = Encoded::new(page.clone());
        let (br, name) = encoded.body(Encoding::Brotli);
        assert_eq!(name.unwrap(), "br");
        let mut decoded = Vec::new();
        brotli::Decompressor::new(&br[..], 4096)
            .read_to_end(&mut decoded)
            .unwrap();
        assert_eq!(decoded, page);
        let (gz, name) = encoded.body(Encoding::Gzip);
        assert_eq!(name.unwrap(), "gzip");
        let mut decoded = Vec::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut decoded)
            .unwrap();
        assert_eq!(decoded, page);
        assert!(br.len() < page.len() / 4 && gz.len() < page.len() / 4);
        assert_eq!(encoded.body(Encoding::Identity), (page, None));
    }

    #[test]
    fn tiny_bodies_are_sent_as_they_are() {
        let encoded = Encoded::new(Bytes::from_static(b"ok"));
        assert_eq!(encoded.body(Encoding::Brotli).1, None);
    }
}
