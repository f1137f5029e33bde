//! One error type for the library. Errors are data (what went wrong, where, how to fix it, and
//! which input of the call it is about); the binary's `messages` words them for people.

use std::fmt;
use std::path::{Path, PathBuf};

pub use super::problem::{headline, plural, LineIndex, Location, Problem, Problems, Severity};

/// An input of a call that an error's text refers to. The library does not know what the caller
/// calls it (the command line has flags such as `--base-url`): the text says `{base-url}` where the
/// caller's name belongs, and [`word`] puts the name in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// The base URL given instead of `site.base_url`.
    BaseUrl,
    /// The directory the site is written to, instead of `site.output_dir`.
    Output,
    /// Where the site's content is looked for.
    Root,
    /// A key file given for this run.
    KeyFile,
    /// Builds that must not change the ledger.
    Locked,
    /// The port `serve` listens on.
    Port,
    /// A built site given to `verify`.
    Site,
    /// Queries by badge, roster and issue date.
    Badge,
    Roster,
    IssuedBefore,
    IssuedAfter,
    /// The DNS server `notify doctor` asks.
    Dns,
    /// The address `notify resend` sends to instead of the roster's.
    To,
}

impl Input {
    /// Every input, for callers that name them all.
    pub const ALL: [Input; 13] = [
        Input::BaseUrl,
        Input::Output,
        Input::Root,
        Input::KeyFile,
        Input::Locked,
        Input::Port,
        Input::Site,
        Input::Badge,
        Input::Roster,
        Input::IssuedBefore,
        Input::IssuedAfter,
        Input::Dns,
        Input::To,
    ];

    /// The placeholder that stands for the input in an error's text.
    pub fn token(self) -> &'static str {
        match self {
            Input::BaseUrl => "{base-url}",
            Input::Output => "{output}",
            Input::Root => "{root}",
            Input::KeyFile => "{key-file}",
            Input::Locked => "{locked}",
            Input::Port => "{port}",
            Input::Site => "{site}",
            Input::Badge => "{badge}",
            Input::Roster => "{roster}",
            Input::IssuedBefore => "{issued-before}",
            Input::IssuedAfter => "{issued-after}",
            Input::Dns => "{dns}",
            Input::To => "{to}",
        }
    }

    /// A name for the input in plain words, for callers that have no name of their own for it.
    pub fn describe(self) -> &'static str {
        match self {
            Input::BaseUrl => "the base URL option",
            Input::Output => "the output option",
            Input::Root => "the content directory option",
            Input::KeyFile => "the key file option",
            Input::Locked => "locked",
            Input::Port => "the port option",
            Input::Site => "the site option",
            Input::Badge => "the badge option",
            Input::Roster => "the roster option",
            Input::IssuedBefore => "the issued-before option",
            Input::IssuedAfter => "the issued-after option",
            Input::Dns => "the DNS server option",
            Input::To => "the address option",
        }
    }
}

/// `text` with every input placeholder (`{locked}`, ...) replaced by `name` of the input.
pub fn word(text: &str, name: &dyn Fn(Input) -> String) -> String {
    if !text.contains('{') {
        return text.to_string();
    }
    let mut out = text.to_string();
    for input in Input::ALL {
        if out.contains(input.token()) {
            out = out.replace(input.token(), &name(input));
        }
    }
    out
}

/// The plain-words name of an input, for [`word`].
pub(crate) fn described(input: Input) -> String {
    input.describe().to_string()
}

/// What went wrong and how to fix it, as data. Both may name inputs by their placeholders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// What is wrong.
    pub what: String,
    /// How to fix it.
    pub fix: Option<String>,
}

impl Failure {
    /// A failure without advice.
    pub fn new(what: impl Into<String>) -> Failure {
        Failure { what: what.into(), fix: None }
    }

    /// The same failure with advice on how to fix it.
    pub fn fix(mut self, fix: impl Into<String>) -> Failure {
        self.fix = Some(fix.into());
        self
    }
}

impl From<String> for Failure {
    fn from(what: String) -> Failure {
        Failure::new(what)
    }
}

impl From<&str> for Failure {
    fn from(what: &str) -> Failure {
        Failure::new(what)
    }
}

/// For callers with no names of their own: the inputs described in words, the advice indented.
impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&word(&self.what, &described))?;
        if let Some(fix) = &self.fix {
            write!(f, "\n    help: {}", word(fix, &described))?;
        }
        Ok(())
    }
}

/// Everything that can stop hallmark.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The content has problems; every one is listed.
    #[error("{} found in the content:\n{problems}", headline(problems))]
    Content { problems: Problems },

    /// A file or directory could not be read or written.
    #[error("could not {action} {}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// The signing key is missing, unreadable or malformed.
    #[error("signing key: {0}")]
    Key(Failure),

    /// The ledger is malformed or would change under `locked`.
    #[error("{0}")]
    Ledger(Failure),

    /// A template failed to parse or render.
    #[error("template error: {0}")]
    Template(Failure),

    /// A command was used in a way that cannot work.
    #[error("{0}")]
    Usage(Failure),

    /// A signature or proof could not be made or checked.
    #[error("proof: {0}")]
    Proof(Failure),
}

impl Error {
    /// An I/O error that names the path and what was being done.
    pub fn io(action: &'static str, path: &Path, source: std::io::Error) -> Self {
        Error::Io { action, path: path.to_path_buf(), source }
    }

    /// The failure this error carries, with the words that introduce it (`signing key: `), for
    /// kinds that carry one.
    pub fn failure(&self) -> Option<(&'static str, &Failure)> {
        match self {
            Error::Key(f) => Some(("signing key: ", f)),
            Error::Ledger(f) | Error::Usage(f) => Some(("", f)),
            Error::Template(f) => Some(("template error: ", f)),
            Error::Proof(f) => Some(("proof: ", f)),
            Error::Content { .. } | Error::Io { .. } => None,
        }
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
