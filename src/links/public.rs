//! Which hosts the link checker may ask: public ones only. The addresses it checks come from
//! the catalog, which an imported HSDS package can fill, and from the redirects of the sites
//! it asks; either could point it at this machine, the operator's network or a cloud's
//! metadata service (169.254.169.254), and a status read from there says something about a
//! place no visitor's link should reach. Every hop is refused before it is asked when its
//! host is such an address written out ([`refusal`]), and when it is a name, every such
//! address its DNS answer holds is dropped by [`PublicResolver`] before a connection is made,
//! so a name cannot smuggle one in.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use url::{Host, Url};

/// Why a hop was not asked, as the table and the store say it.
pub const REFUSED: &str = "refused: a private or local address";

/// The error the resolver gives for a name with no public address; found again in the
/// request's error and told as [`REFUSED`].
#[derive(Debug, thiserror::Error)]
#[error("{REFUSED}")]
pub struct Refused;

/// Whether a request may go to `ip`: not loopback, private (RFC 1918), link-local, CGNAT,
/// unique-local, unspecified, multicast, broadcast, documentation or otherwise reserved.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(ip) => is_public_v4(ip),
        IpAddr::V6(ip) => is_public_v6(ip),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    let local = a == 0 // "this network", 0.0.0.0 included
        || ip.is_loopback() // 127/8
        || ip.is_private() // 10/8, 172.16/12, 192.168/16
        || ip.is_link_local() // 169.254/16: cloud metadata
        || (a == 100 && (b & 0xc0) == 64) // 100.64/10: carrier-grade NAT
        || (a == 192 && b == 0 && c == 0) // 192.0.0/24: protocol assignments
        || ip.is_documentation() // 192.0.2/24, 198.51.100/24, 203.0.113/24
        || (a == 198 && (b & 0xfe) == 18) // 198.18/15: benchmarking
        || ip.is_multicast() // 224/4
        || a >= 240; // 240/4 reserved, 255.255.255.255 broadcast
    !local
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    // ::ffff:127.0.0.1 reaches 127.0.0.1.
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_public_v4(v4);
    }
    let first = ip.segments()[0];
    let local = ip.is_unspecified()
        || ip.is_loopback()
        || (first & 0xfe00) == 0xfc00 // fc00::/7: unique-local
        || (first & 0xffc0) == 0xfe80 // fe80::/10: link-local
        || (first & 0xffc0) == 0xfec0 // fec0::/10: the old site-local
        || ip.is_multicast() // ff00::/8
        || (first == 0x2001 && ip.segments()[1] == 0x0db8); // 2001:db8::/32: documentation
    !local
}

/// Why `url` may not be asked: its host is an IP address that is not public. A name is
/// left to [`PublicResolver`].
pub fn refusal(url: &Url) -> Option<&'static str> {
    let ip = match url.host()? {
        Host::Ipv4(ip) => IpAddr::V4(ip),
        Host::Ipv6(ip) => IpAddr::V6(ip),
        Host::Domain(_) => return None,
    };
    (!is_public(ip)).then_some(REFUSED)
}

/// Resolves names with the system's resolver (through tokio) and keeps only the public
/// addresses; a name with none is an error, [`Refused`].
pub struct PublicResolver;

impl Resolve for PublicResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_owned();
        Box::pin(async move {
            // Port 0: reqwest puts the address's own port in its place.
            let found = tokio::net::lookup_host((host.as_str(), 0)).await?;
            let public: Vec<_> = found.filter(|addr| is_public(addr.ip())).collect();
            if public.is_empty() {
                return Err(Box::new(Refused) as Box<dyn std::error::Error + Send + Sync>);
            }
            Ok(Box::new(public.into_iter()) as Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_private_and_reserved_addresses_are_not_public() {
        for ip in [
            "127.0.0.1",
            "127.255.0.9",
            "0.0.0.0",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "100.127.255.255",
            "192.0.2.10",
            "198.51.100.7",
            "203.0.113.99",
            "224.0.0.1",
            "255.255.255.255",
            "::1",
            "::",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "ff02::1",
            "2001:db8::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
        ] {
            assert!(!is_public(ip.parse().unwrap()), "{ip} counted as public");
        }
    }

    #[test]
    fn ordinary_internet_addresses_are_public() {
        for ip in [
            "8.8.8.8",
            "100.63.255.255",
            "100.128.0.1",
            "172.32.0.1",
            "192.0.3.1",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
        ] {
            assert!(is_public(ip.parse().unwrap()), "{ip} refused");
        }
    }

    #[test]
    fn a_written_out_local_address_is_refused_before_any_request() {
        for url in [
            "http://127.0.0.1:8080/x",
            "http://169.254.169.254/latest/meta-data/",
            "https://[::1]/",
            "http://[::ffff:10.0.0.1]/",
            "http://0x7f000001/",
        ] {
            assert_eq!(refusal(&Url::parse(url).unwrap()), Some(REFUSED), "{url}");
        }
        for url in ["https://www.justice.gov/", "http://8.8.8.8/"] {
            assert_eq!(refusal(&Url::parse(url).unwrap()), None, "{url}");
        }
    }

    #[tokio::test]
    async fn a_name_that_resolves_only_to_local_addresses_is_refused() {
        // `localhost` comes from the hosts file, on this machine.
        let error = match PublicResolver.resolve("localhost".parse().unwrap()).await {
            Ok(addrs) => panic!("resolved to {:?}", addrs.collect::<Vec<_>>()),
            Err(error) => error,
        };
        assert!(error.downcast_ref::<Refused>().is_some(), "{error}");
    }
}
