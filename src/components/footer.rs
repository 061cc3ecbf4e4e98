//! The site footer: what this is and what it does not do.

use leptos::prelude::*;

/// Where the source and the README live, named by whoever builds the site
/// (`CACHESCOPE_SOURCE_URL=https://… trunk build --release`). A build without
/// it shows no link rather than one that leads nowhere: the project has no
/// canonical home that every fork could point to.
const SOURCE_URL: Option<&str> = option_env!("CACHESCOPE_SOURCE_URL");
/// The app's version, shown so a bug report can name the build.
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The bottom of every page.
#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="site-footer" data-testid="footer">
            <div class="site-footer__inner">
                <p>
                    <strong>"cachescope"</strong>
                    " simulates an application, a cache and a database, and lets you watch \
                     how cache-aside, read-through, write-through, write-back and write-around \
                     behave on the same workload. Same scenario and seed, same result, every time."
                </p>
                <p data-testid="privacy-note">
                    "Runs entirely in your browser: no requests leave the page, nothing is stored \
                     on a server."
                </p>
                <p class="site-footer__meta" data-testid="footer-meta">
                    {SOURCE_URL
                        .filter(|url| !url.trim().is_empty())
                        .map(|url| view! { <a href=url>"Source and README"</a> " · " })}
                    "cachescope v"
                    {VERSION}
                </p>
            </div>
        </footer>
    }
}
