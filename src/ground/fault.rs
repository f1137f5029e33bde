//! Fault points for the crash tests, in debug builds only (release builds compile every point to
//! nothing). `HALLMARK_FAULT_POINT=<name>:<n>` makes the `n`th passage through point `name` kill the
//! process with SIGKILL; `<name>:<n>:fail` makes it fail as an I/O error would instead, and
//! `<name>:<n>:sleep` makes it wait a second there (to hold the site lock while others arrive).
//! `HALLMARK_FAULT_TRACE=<file>` appends one line per passage (`<pid> <name> <ns since the epoch>`),
//! so a test can count the points a build passes and see who held the site lock when.
//!
//! (The counter is process-wide state: the one other exception to "no global mutable state", and
//! only in debug builds.)

/// Passes fault point `name`: nothing happens unless a debug build was told to stop here.
#[cfg(debug_assertions)]
pub(crate) fn point(name: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Mutex, OnceLock};
    type Plan = Option<(String, usize, String)>;
    static PLAN: OnceLock<Plan> = OnceLock::new();
    static TRACE: OnceLock<Option<Mutex<std::fs::File>>> = OnceLock::new();
    static PASSED: AtomicUsize = AtomicUsize::new(0);
    let trace = TRACE.get_or_init(|| {
        let path = std::env::var_os("HALLMARK_FAULT_TRACE")?;
        std::fs::OpenOptions::new().create(true).append(true).open(path).ok().map(Mutex::new)
    });
    if let Some(file) = trace {
        let ns = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let line = format!("{} {name} {ns}\n", std::process::id());
        let _ = file.lock().unwrap_or_else(|e| e.into_inner()).write_all(line.as_bytes());
    }
    let plan = PLAN.get_or_init(|| {
        let spec = std::env::var("HALLMARK_FAULT_POINT").ok()?;
        let mut parts = spec.split(':');
        let name = parts.next()?.to_string();
        let n = parts.next()?.parse().ok()?;
        Some((name, n, parts.next().unwrap_or("kill").to_string()))
    });
    let Some((wanted, n, fail)) = plan else { return Ok(()) };
    if wanted != name || PASSED.fetch_add(1, Ordering::SeqCst) + 1 != *n {
        return Ok(());
    }
    match fail.as_str() {
        "fail" => Err(std::io::Error::other(format!("fault injected at {name}:{n}"))),
        "sleep" => {
            std::thread::sleep(std::time::Duration::from_secs(1));
            Ok(())
        }
        _ => kill_self(),
    }
}

/// Passes fault point `name`: release builds have none.
#[cfg(not(debug_assertions))]
#[inline(always)]
pub(crate) fn point(_name: &str) -> std::io::Result<()> {
    Ok(())
}

#[cfg(all(debug_assertions, unix))]
fn kill_self() -> ! {
    let _ = rustix::process::kill_process(rustix::process::getpid(), rustix::process::Signal::KILL);
    unreachable!("SIGKILL cannot be caught")
}

#[cfg(all(debug_assertions, not(unix)))]
fn kill_self() -> ! {
    std::process::abort()
}
