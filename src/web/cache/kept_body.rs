//! Bodies served from memory: catalog pages and static files are the same bytes for every
//! visitor, so they are compressed once (gzip and brotli) when first needed rather than on
//! every request, and carry a validator for conditional requests. Responses made per request
//! (search, the API, feeds) are compressed as they go by tower-http's `CompressionLayer`.

use std::io::Write;
use std::sync::OnceLock;

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use headers::{ETag, HeaderMapExt, IfNoneMatch};
use sha2::{Digest, Sha256};

/// Brotli quality: 9 compresses a catalog page in a few milliseconds, within a few percent
/// of 11's size, and the work happens once per page per catalog version.
const BROTLI_QUALITY: u32 = 9;
/// Brotli quality for a body compressed on every request for it: 4 takes a tenth of 9's time
/// for a page about a tenth larger.
const BROTLI_QUALITY_PER_REQUEST: u32 = 4;
const BROTLI_WINDOW: u32 = 22;
/// Anything smaller than this is sent as it is: the framing would outweigh the saving.
const WORTH_COMPRESSING: usize = 256;

/// How a body is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

impl Encoding {
    /// The encoding `Accept-Encoding` ranks highest (brotli on a tie, being smaller). A
    /// coding with `q=0` is refused, as the header's grammar says; `*` stands for any coding
    /// not named. With neither acceptable, the body goes as it is.
    ///
    /// Read by hand: the `headers` crate (0.4) has no typed `Accept-Encoding` (its module is
    /// commented out), and tower-http's choice of encoding is private to its layers.
    pub fn preferred(headers: &HeaderMap) -> Encoding {
        let (mut br, mut gzip, mut any) = (None, None, None);
        for value in headers.get_all(header::ACCEPT_ENCODING) {
            let Ok(value) = value.to_str() else { continue };
            for item in value.split(',') {
                let mut parts = item.split(';');
                let coding = parts.next().unwrap_or_default().trim();
                let quality = parts
                    .map(str::trim)
                    .find(|p| p.len() >= 2 && p[..2].eq_ignore_ascii_case("q="))
                    .map_or(1.0, |q| q[2..].trim().parse::<f32>().unwrap_or(0.0));
                let slot = if coding.eq_ignore_ascii_case("br") {
                    &mut br
                } else if coding.eq_ignore_ascii_case("gzip")
                    || coding.eq_ignore_ascii_case("x-gzip")
                {
                    &mut gzip
                } else if coding == "*" {
                    &mut any
                } else {
                    continue;
                };
                *slot = Some(quality);
            }
        }
        let br = br.or(any).unwrap_or(0.0);
        let gzip = gzip.or(any).unwrap_or(0.0);
        if br > 0.0 && br >= gzip {
            Encoding::Brotli
        } else if gzip > 0.0 {
            Encoding::Gzip
        } else {
            Encoding::Identity
        }
    }

    /// Its `Content-Encoding` value.
    pub fn header(self) -> HeaderValue {
        HeaderValue::from_static(match self {
            Encoding::Brotli => "br",
            Encoding::Gzip => "gzip",
            Encoding::Identity => "identity",
        })
    }

    /// Its place in `KeptBody::etags`.
    fn index(self) -> usize {
        match self {
            Encoding::Brotli => 0,
            Encoding::Gzip => 1,
            Encoding::Identity => 2,
        }
    }
}

/// What a client takes of a kept body: the encoding it can read and the copies it already has.
pub struct ClientAccepts {
    encoding: Encoding,
    /// Every If-None-Match line, as one list; `None`, and nothing allocated, when there is
    /// none (one line is kept without copying it; several are joined).
    if_none_match: Option<IfNoneMatch>,
}

impl ClientAccepts {
    pub fn of(headers: &HeaderMap) -> ClientAccepts {
        ClientAccepts {
            encoding: Encoding::preferred(headers),
            if_none_match: headers.typed_get(),
        }
    }

    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// Whether the browser's copy is this one: a tag it sends matches `etag` by the weak
    /// comparison, as for any GET (`W/` aside), or it sends `*`. The precondition "none of
    /// these match" then fails, and the answer is 304.
    fn has(&self, etag: &ETag) -> bool {
        self.if_none_match
            .as_ref()
            .is_some_and(|tags| !tags.precondition_passes(etag))
    }
}

/// A body kept in every encoding, with the headers it is served with.
pub struct KeptBody {
    body: Encoded,
    /// One per encoding (indexed by `Encoding`), so a cache that keeps several can tell them
    /// apart. Weak: the encoding changes the bytes, not the page. `None` for a private body,
    /// which no browser keeps.
    etags: Option<[ETag; 3]>,
    content_type: HeaderValue,
    cache_control: HeaderValue,
}

impl KeptBody {
    /// A body the same for everyone, which browsers and proxies may keep: compressed as well
    /// as is worth it (the work is done once), with a validator.
    pub fn new(body: Bytes, content_type: &'static str, cache_control: &'static str) -> KeptBody {
        let digest = Sha256::digest(&body);
        let hex: String = digest[..10].iter().map(|b| format!("{b:02x}")).collect();
        let etag = |suffix: &str| {
            format!("W/\"{hex}{suffix}\"")
                .parse::<ETag>()
                .expect("hex is a valid entity tag")
        };
        KeptBody {
            etags: Some([etag("-br"), etag("-gzip"), etag("")]),
            body: Encoded::new(body, Effort::Kept),
            content_type: HeaderValue::from_static(content_type),
            cache_control: HeaderValue::from_static(cache_control),
        }
    }

    /// A body kept for a short while (an API page), sent with the headers it was made with
    /// and no validator (it had none), and compressed as quickly as a response made per
    /// request, since one is kept for every new address asked.
    pub fn for_a_while(
        body: Bytes,
        content_type: HeaderValue,
        cache_control: HeaderValue,
    ) -> KeptBody {
        KeptBody {
            etags: None,
            body: Encoded::new(body, Effort::PerRequest),
            content_type,
            cache_control,
        }
    }

    /// Makes the form of the body `encoding` asks for now, rather than on the next request
    /// for it.
    pub fn prepare(&self, encoding: Encoding) {
        self.body.body(encoding);
    }

    /// 304 when the browser's copy is current, else the body in the best encoding it takes.
    pub fn respond(&self, asked: &ClientAccepts) -> Response {
        let (bytes, encoding) = self.body.body(asked.encoding);
        let mut response = Response::new(Body::empty());
        let headers = response.headers_mut();
        // Room for these and the security headers `front` adds, without growing.
        headers.reserve(12);
        headers.insert(header::CACHE_CONTROL, self.cache_control.clone());
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        if let Some(etags) = &self.etags {
            let etag = &etags[encoding.index()];
            headers.typed_insert(etag.clone());
            if asked.has(etag) {
                // What a 200 would have said of its length; no other description of the body.
                headers.insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
                *response.status_mut() = StatusCode::NOT_MODIFIED;
                return response;
            }
        }
        headers.insert(header::CONTENT_TYPE, self.content_type.clone());
        if encoding != Encoding::Identity {
            headers.insert(header::CONTENT_ENCODING, encoding.header());
        }
        *response.body_mut() = Body::from(bytes);
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
    effort: Effort,
}

impl Encoded {
    fn new(body: Bytes, effort: Effort) -> Encoded {
        Encoded {
            identity: body,
            gzip: OnceLock::new(),
            brotli: OnceLock::new(),
            effort,
        }
    }

    /// The body for a browser that accepts `encoding`, and the encoding it is really in (as
    /// it is, when compressing would not make it smaller).
    fn body(&self, encoding: Encoding) -> (Bytes, Encoding) {
        let slot = match encoding {
            Encoding::Identity => return (self.identity.clone(), Encoding::Identity),
            Encoding::Brotli => &self.brotli,
            Encoding::Gzip => &self.gzip,
        };
        match slot.get_or_init(|| compress(&self.identity, encoding, self.effort)) {
            Some(bytes) => (bytes.clone(), encoding),
            None => (self.identity.clone(), Encoding::Identity),
        }
    }
}

/// How hard to compress: once per catalog version for a kept body, or quickly for one made
/// per request (a mistyped address's 404, say) or kept briefly (an API page), whose
/// compression cost every request, or every new address, pays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effort {
    Kept,
    PerRequest,
}

/// `body` in `encoding`; `None` when that would not make it smaller (or it is the identity).
pub fn compress(body: &[u8], encoding: Encoding, effort: Effort) -> Option<Bytes> {
    if body.len() < WORTH_COMPRESSING {
        return None;
    }
    let compressed = match encoding {
        Encoding::Brotli => brotli(body, effort),
        Encoding::Gzip => gzip(body, effort),
        Encoding::Identity => return None,
    };
    (compressed.len() < body.len()).then(|| compressed.into())
}

fn gzip(body: &[u8], effort: Effort) -> Vec<u8> {
    let level = match effort {
        Effort::Kept => flate2::Compression::best(),
        Effort::PerRequest => flate2::Compression::fast(),
    };
    let mut encoder = flate2::write::GzEncoder::new(Vec::with_capacity(body.len() / 3), level);
    encoder
        .write_all(body)
        .and_then(|()| encoder.finish())
        .expect("writing to memory does not fail")
}

fn brotli(body: &[u8], effort: Effort) -> Vec<u8> {
    let quality = match effort {
        Effort::Kept => BROTLI_QUALITY,
        Effort::PerRequest => BROTLI_QUALITY_PER_REQUEST,
    };
    let mut out = Vec::with_capacity(body.len() / 3);
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, quality, BROTLI_WINDOW);
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
        // Ranked by quality, whatever the order or case.
        assert_eq!(asking("gzip;q=1, br;q=0.1"), Encoding::Gzip);
        assert_eq!(asking("br;Q=0, gzip"), Encoding::Gzip);
        assert_eq!(asking("*;q=0.5, br;q=0"), Encoding::Gzip);
        assert_eq!(asking("BR;q=0.9, GZIP;q=0.9"), Encoding::Brotli);
        assert_eq!(asking("br;q=nonsense"), Encoding::Identity);
    }

    /// A page of `line` forty times, large enough to compress.
    fn kept_page(line: &str) -> KeptBody {
        KeptBody::new(
            Bytes::from(line.repeat(40)),
            "text/html; charset=utf-8",
            "public, max-age=300",
        )
    }

    #[test]
    fn each_encoding_has_its_own_etag_and_a_304_describes_no_body() {
        let stored = kept_page("<p>Call 888-373-7888</p>\n");
        let ask = |pairs: &[(header::HeaderName, &str)]| {
            let mut headers = HeaderMap::new();
            for (name, value) in pairs {
                headers.append(name, HeaderValue::from_str(value).unwrap());
            }
            stored.respond(&ClientAccepts::of(&headers))
        };
        let plain = ask(&[]);
        let br = ask(&[(header::ACCEPT_ENCODING, "br")]);
        let (plain_tag, br_tag) = (&plain.headers()[header::ETAG], &br.headers()[header::ETAG]);
        assert_ne!(plain_tag, br_tag);
        // The brotli copy does not validate a request for the plain page.
        let tag = br_tag.to_str().unwrap();
        assert_eq!(
            ask(&[(header::IF_NONE_MATCH, tag)]).status(),
            StatusCode::OK
        );
        // On any If-None-Match line, among others.
        let not_modified = ask(&[
            (header::ACCEPT_ENCODING, "gzip, br"),
            (header::IF_NONE_MATCH, "W/\"other\""),
            (header::IF_NONE_MATCH, &format!("W/\"x\", {tag}")),
        ]);
        assert_eq!(not_modified.status(), StatusCode::NOT_MODIFIED);
        let headers = not_modified.headers();
        assert_eq!(&headers[header::ETAG], br_tag);
        let br_length = axum::body::HttpBody::size_hint(br.body()).exact().unwrap();
        assert_eq!(headers[header::CONTENT_LENGTH], br_length.to_string());
        assert!(headers.get(header::CONTENT_TYPE).is_none());
        assert!(headers.get(header::CONTENT_ENCODING).is_none());
    }

    /// What a browser's If-None-Match gets: `*` and our tag, weak or strong, anywhere in the
    /// list get a 304; another page's tag, or a tag without its quotes, get the page.
    #[test]
    fn if_none_match_compares_weakly_and_star_stands_for_any_copy() {
        let stored = kept_page("<p>Call 911</p>\n");
        let plain = stored.respond(&ClientAccepts::of(&HeaderMap::new()));
        let weak = plain.headers()[header::ETAG].to_str().unwrap().to_owned();
        assert!(weak.starts_with("W/\""));
        let strong = weak.trim_start_matches("W/");
        let status = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::IF_NONE_MATCH, HeaderValue::from_str(value).unwrap());
            stored.respond(&ClientAccepts::of(&headers)).status()
        };
        assert_eq!(status("*"), StatusCode::NOT_MODIFIED);
        assert_eq!(status(&weak), StatusCode::NOT_MODIFIED);
        assert_eq!(status(strong), StatusCode::NOT_MODIFIED);
        assert_eq!(
            status(&format!("\"a\",{weak} ,W/\"b\"")),
            StatusCode::NOT_MODIFIED
        );
        assert_eq!(status("W/\"another-page\""), StatusCode::OK);
        assert_eq!(status(strong.trim_matches('"')), StatusCode::OK);
    }

    #[test]
    fn every_variant_decodes_to_the_same_page() {
        let page = Bytes::from("<p>National Human Trafficking Hotline</p>\n".repeat(50));
        let encoded = Encoded::new(page.clone(), Effort::Kept);
        let (br, encoding) = encoded.body(Encoding::Brotli);
        assert_eq!(encoding, Encoding::Brotli);
        let mut decoded = Vec::new();
        brotli::Decompressor::new(&br[..], 4096)
            .read_to_end(&mut decoded)
            .unwrap();
        assert_eq!(decoded, page);
        let (gz, encoding) = encoded.body(Encoding::Gzip);
        assert_eq!(encoding, Encoding::Gzip);
        let mut decoded = Vec::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut decoded)
            .unwrap();
        assert_eq!(decoded, page);
        assert!(br.len() < page.len() / 4 && gz.len() < page.len() / 4);
        assert_eq!(encoded.body(Encoding::Identity), (page, Encoding::Identity));
    }

    #[test]
    fn tiny_bodies_are_sent_as_they_are() {
        let encoded = Encoded::new(Bytes::from_static(b"ok"), Effort::Kept);
        assert_eq!(encoded.body(Encoding::Brotli).1, Encoding::Identity);
    }
}
