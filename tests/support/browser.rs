//! The browser tests' harness: Debian's `chromedriver` (package `chromium-driver`)
//! started on a free loopback port, and child processes that show their log when a
//! test fails.

use std::fs::File;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long to wait for the browser or the server before declaring a step failed.
/// A generous bound for a loaded 2-core machine; not a speed assertion.
pub const WAIT: Duration = Duration::from_secs(60);

/// A child process killed (and its log shown, if the test is failing) when dropped.
pub struct Proc {
    pub name: &'static str,
    pub child: Child,
    pub log: PathBuf,
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::thread::panicking() {
            let log = std::fs::read_to_string(&self.log).unwrap_or_default();
            let tail: Vec<&str> = log.lines().rev().take(40).collect();
            eprintln!(
                "---- last lines of the {} log ({}):",
                self.name,
                self.log.display()
            );
            for l in tail.iter().rev() {
                eprintln!("{l}");
            }
        }
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("no free loopback port")
        .port()
}

pub fn wait_for_port(port: u16, what: &str, proc_: &mut Proc) {
    let start = Instant::now();
    loop {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        if let Ok(Some(status)) = proc_.child.try_wait() {
            panic!("{what} exited with {status} before listening on port {port}");
        }
        assert!(
            start.elapsed() < WAIT,
            "{what} did not listen on port {port} within {WAIT:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

pub fn find_in_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

pub fn start_chromedriver(dir: &Path) -> (Proc, u16) {
    let exe = find_in_path("chromedriver")
        .or_else(|| Some(PathBuf::from("/usr/bin/chromedriver")).filter(|p| p.is_file()))
        .unwrap_or_else(|| {
            panic!(
                "chromedriver not found: the browser tests need Chromium and its WebDriver; \
                 install them with `apt-get install -y chromium chromium-driver`"
            )
        });
    let port = free_port();
    let log = dir.join("chromedriver.log");
    let child = Command::new(&exe)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(File::create(&log).unwrap())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", exe.display()));
    let mut p = Proc {
        name: "chromedriver",
        child,
        log,
    };
    wait_for_port(port, "chromedriver", &mut p);
    (p, port)
}
