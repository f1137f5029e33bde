//! `hallmark serve`.

use std::time::Duration;

use hallmark::serve::{ServeOptions, Server};
use hallmark::Result;

use crate::cli::{Cli, ServeArgs};
use crate::messages;

/// Serves the site until interrupted.
pub fn serve(cli: &Cli, args: &ServeArgs) -> Result<()> {
    let options = ServeOptions {
        build: super::build_options(cli, super::Purpose::Serve { key_file: args.key_file.clone() })?,
        port: args.port,
        follow_today: cli.today.is_none(),
        debounce: Duration::from_millis(args.debounce_ms),
    };
    let server = Server::bind(options)?;
    messages::serving(server.url(), &server.watched());
    let say = super::build::say(cli, false);
    let mut first = true;
    server.run(|event| {
        messages::serve_event(&event, first, say);
        first = false;
    })
}
