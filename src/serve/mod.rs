//! `hallmark serve`: the site built into memory and served on loopback, rebuilt when the content or
//! the theme changes, with open pages reloaded and build errors shown over them.
//!
//! Nothing is written: not the output directory, not the ledger, not the build cache. Credentials
//! that a preview issues get ids that last as long as the server (see
//! [`crate::site::plan::plan_with_drafts`]); `hallmark build` issues the real ones.

mod changes;
mod http;
mod static_dir;

use crate::ground::error::Failure;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

use crate::ground::date::Date;
use crate::ground::error::{Error, Result};
use crate::site::output::Files;
use crate::site::{self, BuildOptions, MemoryBuild, Summary};

pub use static_dir::serve_dir;

/// Where open pages listen for changes (Server-Sent Events).
pub const EVENTS_PATH: &str = "/__hallmark/events";
/// The live-reload script injected into HTML pages.
pub const LIVE_SCRIPT_PATH: &str = "/__hallmark/live.js";
/// The port tried first.
pub const DEFAULT_PORT: u16 = 8000;
/// How many ports after the default are tried when it is taken.
const PORT_TRIES: u16 = 20;

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site; its `base_url` is replaced by the local address and `output_dir` is not used.
    pub build: BuildOptions,
    /// `None`: [`DEFAULT_PORT`], or the next free one. `Some(0)`: any free port. `Some(n)`: exactly `n`.
    pub port: Option<u16>,
    /// Take today's date afresh for every rebuild (not when it was fixed with `--today`).
    pub follow_today: bool,
    /// How long the files must be quiet before a rebuild starts (editors save in several steps).
    pub debounce: Duration,
}

/// What the server reports while it runs.
#[derive(Debug)]
pub enum Event<'a> {
    /// A build finished; `changed` is empty for the first one.
    Built { summary: &'a Summary, elapsed: Duration, changed: &'a [PathBuf] },
    /// A build failed; the previous site is still served, with the error shown over its pages.
    Failed { error: &'a Error, elapsed: Duration, changed: &'a [PathBuf] },
    /// The file watcher reported a problem (the site keeps being served).
    WatchError(String),
}

/// What is being served now.
#[derive(Debug, Clone)]
struct Live {
    /// Counts every build, good or bad: event streams send on each change.
    generation: u64,
    /// Counts good builds: a page from an older one reloads.
    build: u64,
    files: Arc<Files>,
    /// The last build's error, when it failed.
    problem: Option<Arc<str>>,
}

/// Shared between the watcher and the connections.
#[derive(Debug)]
struct State {
    live: Mutex<Live>,
    changed: Condvar,
}

impl State {
    fn current(&self) -> Live {
        self.live.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Waits until the generation is not `seen` (or `timeout` passes), and returns what is live.
    fn wait_for_change(&self, seen: Option<u64>, timeout: Duration) -> Live {
        let guard = self.live.lock().unwrap_or_else(|e| e.into_inner());
        let (guard, _) = self
            .changed
            .wait_timeout_while(guard, timeout, |live| Some(live.generation) == seen)
            .unwrap_or_else(|e| e.into_inner());
        guard.clone()
    }

    fn publish(&self, update: impl FnOnce(&mut Live)) {
        let mut live = self.live.lock().unwrap_or_else(|e| e.into_inner());
        update(&mut live);
        live.generation += 1;
        self.changed.notify_all();
    }
}

/// A bound, not yet running, preview server.
#[derive(Debug)]
pub struct Server {
    listener: TcpListener,
    url: String,
    options: ServeOptions,
    state: Arc<State>,
}

impl Server {
    /// Binds the port on 127.0.0.1 (nothing is built yet).
    pub fn bind(options: ServeOptions) -> Result<Server> {
        let listener = match options.port {
            Some(port) => TcpListener::bind((Ipv4Addr::LOCALHOST, port)).map_err(|e| {
                Error::Usage(
                    Failure::new(format!("cannot listen on 127.0.0.1:{port}: {e}"))
                        .fix("choose another {port}, or {port} 0 for any free one"),
                )
            })?,
            None => (DEFAULT_PORT..DEFAULT_PORT + PORT_TRIES)
                .find_map(|port| TcpListener::bind((Ipv4Addr::LOCALHOST, port)).ok())
                .ok_or_else(|| {
                    Error::Usage(
                        Failure::new(format!(
                            "ports {DEFAULT_PORT} to {} on 127.0.0.1 are all taken",
                            DEFAULT_PORT + PORT_TRIES - 1
                        ))
                        .fix("pass {port} N, or {port} 0 for any free one"),
                    )
                })?,
        };
        let addr: SocketAddr =
            listener.local_addr().map_err(|e| Error::Usage(format!("cannot read the bound address: {e}").into()))?;
        let url = format!("http://127.0.0.1:{}/", addr.port());
        let state = Arc::new(State {
            live: Mutex::new(Live { generation: 0, build: 0, files: Arc::default(), problem: None }),
            changed: Condvar::new(),
        });
        Ok(Server { listener, url, options, state })
    }

    /// The address pages are served from (also the site's base URL while serving).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The directories watched for changes: the content and, when it exists, the theme's.
    pub fn watched(&self) -> Vec<PathBuf> {
        watched_dirs(&self.options.build.content_dir)
    }

    /// Builds, serves, and rebuilds on every change until the process ends.
    pub fn run(self, mut on_event: impl FnMut(Event<'_>)) -> Result<()> {
        let Server { listener, url, options, state } = self;
        let (tx, rx) = mpsc::channel();
        let mut watcher = notify::recommended_watcher(move |res| {
            let _ = tx.send(res);
        })
        .map_err(|e| Error::Usage(format!("cannot watch for changes: {e}").into()))?;
        for dir in watched_dirs(&options.build.content_dir) {
            watcher
                .watch(&dir, RecursiveMode::Recursive)
                .map_err(|e| Error::Usage(format!("cannot watch {} for changes: {e}", dir.display()).into()))?;
        }

        let mut build_options = options.build.clone();
        build_options.base_url = Some(url);
        build_options.output_dir = None;
        let mut builder = Builder { options: build_options, follow_today: options.follow_today, last_good: None };
        builder.rebuild(&state, &[], &mut on_event);

        let accept_state = Arc::clone(&state);
        std::thread::Builder::new()
            .name("serve-accept".into())
            .spawn(move || {
                for stream in listener.incoming().flatten() {
                    let state = Arc::clone(&accept_state);
                    let _ = std::thread::Builder::new()
                        .name("serve-conn".into())
                        .spawn(move || http::handle(stream, state));
                }
            })
            .map_err(|e| Error::Usage(format!("cannot start the server thread: {e}").into()))?;

        let roots = watched_dirs(&options.build.content_dir);
        loop {
            let first = match rx.recv() {
                Ok(event) => event,
                Err(_) => return Err(Error::Usage("the file watcher stopped".into())),
            };
            let mut changes = changes::Changes::default();
            let collect = |changes: &mut changes::Changes,
                           event: notify::Result<notify::Event>,
                           on_event: &mut dyn FnMut(Event<'_>)| match event {
                Ok(e) if relevant_kind(&e.kind) => changes.add(&e.kind, &e.paths, |p| relevant_path(&roots, p)),
                Ok(e) => changes.note(&e.kind, &e.paths),
                Err(e) => on_event(Event::WatchError(e.to_string())),
            };
            collect(&mut changes, first, &mut on_event);
            // Editors write a file in several steps: wait until the files are quiet, or, once each
            // file written to is closed (the system says so), only as long as the rest of a save
            // takes to follow (a rename, another file).
            loop {
                let wait = if changes.whole() { SETTLE.min(options.debounce) } else { options.debounce };
                match rx.recv_timeout(wait) {
                    Ok(event) => collect(&mut changes, event, &mut on_event),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return Err(Error::Usage("the file watcher stopped".into())),
                }
            }
            let changed = changes.files();
            if !changed.is_empty() {
                builder.rebuild(&state, &changed, &mut on_event);
            }
        }
    }
}

/// How long a save whose files are all closed is given for the rest of it to follow.
const SETTLE: Duration = Duration::from_millis(5);

/// Runs builds and keeps the last good one for the next (incremental) build.
struct Builder {
    options: BuildOptions,
    follow_today: bool,
    last_good: Option<MemoryBuild>,
}

impl Builder {
    fn rebuild(&mut self, state: &State, changed: &[PathBuf], on_event: &mut dyn FnMut(Event<'_>)) {
        let start = Instant::now();
        if self.follow_today {
            self.options.today = Date::today_utc();
        }
        match site::build_in_memory(&self.options, self.last_good.as_ref()) {
            Ok((build, summary)) => {
                let files = Arc::clone(&build.files);
                let replaced = self.last_good.replace(build);
                state.publish(|live| {
                    live.files = files;
                    live.build += 1;
                    live.problem = None;
                });
                on_event(Event::Built { summary: &summary, elapsed: start.elapsed(), changed });
                // Freed once the pages are told to reload, not before; and the next build's cache
                // made then too.
                drop(replaced);
                if let Some(build) = &self.last_good {
                    build.prepare_next();
                }
            }
            Err(error) => {
                let text: Arc<str> = Arc::from(error.to_string());
                state.publish(|live| live.problem = Some(text));
                on_event(Event::Failed { error: &error, elapsed: start.elapsed(), changed });
            }
        }
    }
}

/// The content directory, and the themes directory beside it when there is one (absolute).
fn watched_dirs(content_dir: &Path) -> Vec<PathBuf> {
    let content = std::fs::canonicalize(content_dir).unwrap_or_else(|_| content_dir.to_path_buf());
    let mut dirs = vec![content.clone()];
    if let Some(themes) = content.parent().map(|p| p.join("themes")).filter(|t| t.is_dir()) {
        dirs.push(themes);
    }
    dirs
}

/// Changes to what a file holds, not mere reads.
fn relevant_kind(kind: &EventKind) -> bool {
    matches!(kind, EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) | EventKind::Any)
}

/// Hidden files and folders (`.git`, `.hallmark`, editor swap files) and backups (`file~`) are not
/// content.
fn relevant_path(roots: &[PathBuf], path: &Path) -> bool {
    let rel = roots.iter().find_map(|r| path.strip_prefix(r).ok()).unwrap_or(path);
    let hidden = rel.components().any(|c| {
        let s = c.as_os_str().to_string_lossy();
        s.starts_with('.') && s != "." && s != ".."
    });
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let backup = name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".swx") || name == "4913";
    !hidden && !backup
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_droppings_and_hidden_folders_are_ignored() {
        let c = &[PathBuf::from("/home/.me/site/content"), PathBuf::from("/home/.me/site/themes")];
        assert!(relevant_path(c, Path::new("/home/.me/site/content/recipients/a.csv")));
        assert!(relevant_path(c, Path::new("/home/.me/site/themes/default/templates/base.html")));
        assert!(!relevant_path(c, Path::new("/home/.me/site/content/.git/index")));
        assert!(!relevant_path(c, Path::new("/home/.me/site/content/recipients/.a.csv.swp")));
        assert!(!relevant_path(c, Path::new("/home/.me/site/content/recipients/a.csv~")));
        assert!(!relevant_path(c, Path::new("/home/.me/site/content/4913")));
    }

    #[test]
    fn event_streams_wake_on_publish() {
        let state = Arc::new(State {
            live: Mutex::new(Live { generation: 0, build: 0, files: Arc::default(), problem: None }),
            changed: Condvar::new(),
        });
        let waiter = {
            let state = Arc::clone(&state);
            std::thread::spawn(move || state.wait_for_change(Some(0), Duration::from_secs(30)).generation)
        };
        std::thread::sleep(Duration::from_millis(50));
        state.publish(|live| live.problem = Some(Arc::from("x")));
        assert_eq!(waiter.join().unwrap(), 1);
        assert_eq!(state.wait_for_change(Some(0), Duration::from_millis(1)).generation, 1);
    }
}
