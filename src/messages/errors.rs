//! A failed command, in words: the library's errors are data, and this is where hallmark's command
//! line names the inputs they are about (`{locked}` is `--locked`).

use hallmark::{headline, word, Error, Input};

/// The command line's name for an input of the library.
pub fn cli_words(input: Input) -> String {
    match input {
        Input::BaseUrl => "--base-url",
        Input::Output => "--output",
        Input::Root => "--root",
        Input::KeyFile => "--key-file",
        Input::Locked => "--locked",
        Input::Port => "--port",
        Input::Site => "--site",
        Input::Badge => "--badge",
        Input::Roster => "--roster",
        Input::IssuedBefore => "--issued-before",
        Input::IssuedAfter => "--issued-after",
        Input::Dns => "--dns",
        Input::To => "--to",
    }
    .to_string()
}

/// The error as hallmark prints it: what went wrong and, on the next line, how to fix it.
pub fn worded(e: &Error) -> String {
    match e {
        Error::Content { problems } => {
            format!("{} found in the content:\n{}", headline(problems), problems.worded(&cli_words))
        }
        _ => match e.failure() {
            Some((intro, failure)) => {
                let mut text = format!("{intro}{}", word(&failure.what, &cli_words));
                if let Some(fix) = &failure.fix {
                    text.push_str("\n    help: ");
                    text.push_str(&word(fix, &cli_words));
                }
                text
            }
            None => e.to_string(),
        },
    }
}

/// A failed command: the error and its causes.
pub fn error(e: &Error) {
    eprintln!("error: {}", worded(e));
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        eprintln!("    caused by: {s}");
        source = s.source();
    }
}
