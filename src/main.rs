//! The `hallmark` command: a thin layer over the library.

mod cli;
mod cmd;
mod messages;

use clap::Parser;

use cli::{Cli, Command};
use hallmark::ops::lifecycle::Action;
use hallmark::report::ReportKind;

/// ahash's source of per-map seeds, a counter for each thread. The default is one counter for the
/// process, added to atomically by every map tera makes (several a page): the threads rendering
/// pages contended for it, 1.3 % of a template change's CPU. The keys themselves stay random for
/// each process (ahash's runtime seeds); these only tell one map's from the next.
struct SeedPerThread;

impl ahash::random_state::RandomSource for SeedPerThread {
    fn gen_hasher_seed(&self) -> usize {
        thread_local!(static NEXT: std::cell::Cell<usize> = const { std::cell::Cell::new(0) });
        NEXT.with(|next| {
            // Each thread steps by its own counter's address, as the default source adds its own.
            let seed = next.get().wrapping_add(std::ptr::from_ref(next) as usize | 1);
            next.set(seed);
            seed
        })
    }
}

fn main() -> std::process::ExitCode {
    // Before any map is made: ahash takes its source once, and refuses it after the first.
    let _ = ahash::random_state::set_random_source(SeedPerThread);
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Init(args) => cmd::init::init(args).map(|()| 0),
        Command::Reset(args) => cmd::init::reset(&cli, args).map(|()| 0),
        Command::Issue(args) => cmd::issue::issue(&cli, args).map(|()| 0),
        Command::Build(args) => cmd::build::build(&cli, args).map(|()| 0),
        Command::Check(args) => cmd::build::check(&cli, args).map(|()| 0),
        Command::Serve(args) => cmd::serve::serve(&cli, args).map(|()| 0),
        Command::Keygen(args) => cmd::keygen::keygen(&cli, args).map(|()| 0),
        Command::Revoke(args) => {
            cmd::lifecycle::change_status(&cli, &args.select, Some(&args.why), Action::Revoke).map(|()| 0)
        }
        Command::Suspend(args) => {
            cmd::lifecycle::change_status(&cli, &args.select, Some(&args.why), Action::Suspend).map(|()| 0)
        }
        Command::Reinstate(args) => {
            cmd::lifecycle::change_status(&cli, &args.select, None, Action::Reinstate).map(|()| 0)
        }
        Command::Report(cli::ReportCommand::Expiring(args)) => cmd::lifecycle::expiring(&cli, args).map(|()| 0),
        Command::Report(cli::ReportCommand::Issued(args)) => {
            cmd::report::report(&cli, args, ReportKind::Issued).map(|()| 0)
        }
        Command::Report(cli::ReportCommand::Status(args)) => {
            cmd::report::report(&cli, args, ReportKind::Status).map(|()| 0)
        }
        Command::Report(cli::ReportCommand::Delivery(args)) => {
            cmd::report::report(&cli, args, ReportKind::Delivery).map(|()| 0)
        }
        Command::Report(cli::ReportCommand::Engagement(args)) => {
            cmd::report::report(&cli, args, ReportKind::Engagement).map(|()| 0)
        }
        Command::RotateKey(args) => cmd::keygen::rotate(&cli, args).map(|()| 0),
        Command::Verify(args) => cmd::verify::verify(&cli, args),
        Command::Preview(cli::PreviewCommand::Themes(args)) => cmd::preview::themes(&cli, args).map(|()| 0),
        Command::Notify(args) => cmd::notify::notify(&cli, args),
        Command::Log(c) => cmd::log::log(&cli, c),
        Command::Witness(c) => cmd::log::witness(&cli, c),
    };
    match result {
        Ok(code) => std::process::ExitCode::from(code),
        Err(e) => {
            messages::error(&e);
            std::process::ExitCode::FAILURE
        }
    }
}

/// Builds allocate and free millions of small strings; mimalloc does both much faster than glibc's
/// allocator, and returns memory to the system as well. It is built with `no_thp` (Cargo.toml): asked
/// for transparent huge pages, the kernel compacted memory when a 2 MB page was first touched, which
/// added 0.2 to 0.7 s of system time, at random, to sub-second incremental builds of 100,000
/// credentials; cold builds measured no faster with them (BENCHMARKS.md, "Huge pages").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
