//! Open files: every connection is one, and the process may only have so many.
//!
//! A cap on connections above the process's open-file limit is no cap: `accept` fails with
//! "too many open files" first, and so does anything else that opens a file (the health
//! check's database connection). The soft limit is often 1,024 while the hard limit allows far
//! more, so the server raises the soft limit to the hard one, as Go and nginx do, and serves
//! no more connections than then fit.

/// Files the process needs besides its connections: the listener, the databases' connections
/// and their journals, standard streams.
const BESIDES_CONNECTIONS: usize = 128;

/// How many of `wanted` connections can be served within the open-file limit, raising the
/// soft limit as far as the hard one when that is needed.
pub fn connections_that_fit(wanted: usize) -> usize {
    let needed = wanted.saturating_add(BESIDES_CONNECTIONS);
    let Some(limit) = raise_open_file_limit(needed) else {
        return wanted;
    };
    let fit = limit.saturating_sub(BESIDES_CONNECTIONS).max(1);
    if fit < wanted {
        tracing::warn!(
            "the process may open {limit} files: serving at most {fit} connections at once, \
             not {wanted} (raise `ulimit -n` for more)"
        );
        return fit;
    }
    wanted
}

/// Raises the soft open-file limit towards `needed` (never above the hard limit); returns the
/// limit now in force, or `None` where it cannot be read.
#[cfg(unix)]
fn raise_open_file_limit(needed: usize) -> Option<usize> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit and setrlimit read and write the struct given and nothing else.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
            return None;
        }
        let needed = needed as libc::rlim_t;
        if limit.rlim_cur < needed && limit.rlim_cur != libc::RLIM_INFINITY {
            let raised = libc::rlimit {
                rlim_cur: needed.min(limit.rlim_max),
                rlim_max: limit.rlim_max,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                limit = raised;
            }
        }
    }
    Some(usize::try_from(limit.rlim_cur).unwrap_or(usize::MAX))
}

#[cfg(not(unix))]
fn raise_open_file_limit(_needed: usize) -> Option<usize> {
    None
}
