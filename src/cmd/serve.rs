//! `hallmark serve`.

use std::time::Duration;

use hallmark::ground::error::Result;
use hallmark::keys::{Fallback, KeyRequest};
use hallmark::serve::{ServeOptions, Server};
use hallmark::site::BuildOptions;

use crate::cli::{Cli, ServeArgs};
use crate::messages;

/// Serves the site until interrupted.
pub fn serve(cli: &Cli, args: &ServeArgs) -> Result<()> {
    let content_dir = super::content_dir(cli.root.as_deref())?;
    let options = ServeOptions {
        build: BuildOptions {
            content_dir,
            base_url: None,
            output_dir: None,
            locked: false,
            // A preview is published under the local address, so it signs with the development key:
            // editors need no access to the institution's key to preview.
            key: KeyRequest {
                flag_file: args.key_file.clone(),
                env_secret: None,
                config_file: None,
                skip_config: true,
                fallback: Fallback::DevelopmentKey,
            },
            today: super::today(cli.today.as_deref())?,
            progress: Default::default(),
        },
        port: args.port,
        follow_today: cli.today.is_none(),
        debounce: Duration::from_millis(args.debounce_ms),
    };
    let server = Server::bind(options)?;
    messages::serving(server.url(), &server.watched());
    let quiet = cli.quiet;
    let mut first = true;
    server.run(|event| {
        messages::serve_event(&event, first, quiet);
        first = false;
    })
}
