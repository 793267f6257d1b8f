//! Several instances behind one load balancer and one CDN: instances that import the same
//! seeds serve the same bytes under the same ETag, and what a CDN may keep never carries an
//! address a request's Host made up.

use axum::body::Body;
use axum::http::{Request, header};

use crate::common::{get, imported, send, sitemap};

#[tokio::test]
async fn two_instances_from_the_same_seeds_serve_identical_kept_pages_and_etags() {
    let (_a, first) = imported().await;
    let (_b, second) = imported().await;
    let (first, second) = (lantern::app(first), lantern::app(second));
    let map = sitemap(&first).await;
    let paths: Vec<&str> = map
        .split("<loc>http://lantern.test")
        .skip(1)
        .filter_map(|rest| rest.split("</loc>").next())
        .collect();
    assert!(paths.len() > 100, "{} pages", paths.len());
    assert!(paths.contains(&"/es/help"), "both languages are listed");
    for path in paths {
        let (one, other) = (get(&first, path).await, get(&second, path).await);
        assert_eq!(one.status, 200, "{path}");
        assert_eq!(
            one.headers[header::ETAG],
            other.headers[header::ETAG],
            "{path}: a CDN revalidating with either instance must get a 304"
        );
        assert!(one.bytes == other.bytes, "{path}: the bytes differ");
        assert!(
            one.headers[header::CACHE_CONTROL]
                .to_str()
                .unwrap()
                .starts_with("public, max-age=300, stale-while-revalidate="),
            "{path}"
        );
    }
}

async fn get_from(app: &axum::Router, path: &str, host: &str) -> crate::common::Answer {
    let request = Request::get(path)
        .header(header::HOST, host)
        .body(Body::empty())
        .unwrap();
    send(app, request).await
}

/// The responses that hold absolute addresses, and the address each must show.
const ABSOLUTE: [(&str, &str); 4] = [
    ("/robots.txt", "/sitemap.xml"),
    ("/sitemap.xml", "/help"),
    ("/feed.xml", "/resources/"),
    ("/hsds/", "/openapi.json"),
];

#[tokio::test]
async fn without_a_public_url_a_spoofed_host_reaches_no_shared_cache() {
    let (_scratch, state) = imported().await;
    let app = lantern::app(state);
    for (path, address) in ABSOLUTE {
        let answer = get_from(&app, path, "attacker.example").await;
        assert_eq!(answer.status, 200, "{path}");
        assert!(
            answer
                .body
                .contains(&format!("http://attacker.example{address}")),
            "{path} builds its addresses from Host: {:.300}",
            answer.body
        );
        let cache = answer.headers[header::CACHE_CONTROL].to_str().unwrap();
        assert!(
            cache.starts_with("private"),
            "{path}: a CDN must not keep it ({cache})"
        );
    }
}

#[tokio::test]
async fn with_a_public_url_the_host_is_ignored_and_shared_caches_may_keep_them() {
    let (_scratch, state) = imported().await;
    let app = lantern::app(state.public_url(Some("https://lantern.example.org".to_owned())));
    for (path, address) in ABSOLUTE {
        let answer = get_from(&app, path, "attacker.example").await;
        assert_eq!(answer.status, 200, "{path}");
        assert!(!answer.body.contains("attacker.example"), "{path}");
        assert!(
            answer
                .body
                .contains(&format!("https://lantern.example.org{address}")),
            "{path}: {:.300}",
            answer.body
        );
        let cache = answer.headers[header::CACHE_CONTROL].to_str().unwrap();
        assert!(cache.starts_with("public"), "{path}: {cache}");
    }
}
