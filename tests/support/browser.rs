//! The browser tests' harness: Debian's `chromedriver` (package `chromium-driver`)
//! started on a free loopback port, `frontline serve` started beside it, child processes
//! that show their log when a test fails, and the page helpers every browser test uses
//! (Chromium's capabilities, scripts run until they hold, JSON from the API).

use fantoccini::{Client, ClientBuilder};
use serde_json::{json, Value};
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

/// `frontline GLOBAL… serve --addr 127.0.0.1:PORT --db DIR/frontline.sqlite SERVE…` with
/// its log in `dir`; the process and its base URL once it listens.
pub fn start_serve(dir: &Path, global: &[&str], serve: &[&str]) -> (Proc, String) {
    let port = free_port();
    let addr = format!("127.0.0.1:{port}");
    let log = dir.join("server.log");
    let child = Command::new(env!("CARGO_BIN_EXE_frontline"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(global)
        .args(["serve", "--addr", &addr, "--db"])
        .arg(dir.join("frontline.sqlite"))
        .args(serve)
        .env("RUST_LOG", "info")
        .stdout(File::create(dir.join("server.stdout")).unwrap())
        .stderr(File::create(&log).unwrap())
        .spawn()
        .expect("cannot start `frontline serve`");
    let mut p = Proc {
        name: "frontline serve",
        child,
        log,
    };
    wait_for_port(port, "frontline serve", &mut p);
    (p, format!("http://{addr}"))
}

/// Chromium's capabilities on a closed network as root: no background fetches that would
/// be refused, no sandbox, a fixed window for screenshots, a fresh profile, and downloads
/// saved to `downloads` without asking when one is given.
pub fn chrome_caps(profile: &Path, downloads: Option<&Path>) -> serde_json::Map<String, Value> {
    let mut chrome = json!({
        "args": [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--window-size=1400,900", "--lang=en-US",
            format!("--user-data-dir={}", profile.display()),
        ],
    });
    if let Some(dir) = downloads {
        chrome["prefs"] = json!({
            "download.default_directory": dir.to_str().unwrap(),
            "download.prompt_for_download": false,
            "download.directory_upgrade": true,
            "safebrowsing.enabled": false,
        });
    }
    if Path::new("/usr/bin/chromium").is_file() {
        chrome["binary"] = json!("/usr/bin/chromium");
    }
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), json!("chrome"));
    caps.insert("goog:chromeOptions".into(), chrome);
    caps
}

/// A WebDriver session with `caps` on the chromedriver listening on `driver_port`.
pub async fn open_browser(driver_port: u16, caps: serde_json::Map<String, Value>) -> Client {
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{driver_port}"))
        .await
        .expect("chromedriver could not start Chromium (is the `chromium` package installed?)")
}

/// `GET url`, which must answer 2xx with JSON.
pub async fn get_json(http: &reqwest::Client, url: &str) -> Value {
    let res = http
        .get(url)
        .send()
        .await
        .unwrap_or_else(|e| panic!("GET {url}: {e}"));
    let status = res.status();
    let body = res.text().await.unwrap();
    assert!(status.is_success(), "GET {url}: {status}: {body}");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("GET {url}: not JSON ({e}): {body:.300}"))
}

/// Runs a script in the page, which must not throw; its value.
pub async fn js(c: &Client, script: &str) -> Value {
    c.execute(script, vec![])
        .await
        .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
}

/// What a timed-out wait reports: a script whose text says what the page shows, and the
/// screenshot's file name under `test-artifacts/`.
pub struct Diagnosis {
    pub script: &'static str,
    pub screenshot: &'static str,
}

/// The map page's error banner, and `failure.png`.
pub const ERROR_BANNER: Diagnosis = Diagnosis {
    script: "const e=document.querySelector('#error');return e&&!e.hidden?e.textContent:'';",
    screenshot: "failure.png",
};

/// Runs a script in the page until it returns something truthy; returns that value.
pub async fn wait_js(c: &Client, what: &str, script: &str) -> Value {
    wait_js_or(c, what, script, &ERROR_BANNER).await
}

/// [`wait_js`], saying what `diagnosis` finds on the page when the wait times out.
pub async fn wait_js_or(c: &Client, what: &str, script: &str, diagnosis: &Diagnosis) -> Value {
    let start = Instant::now();
    loop {
        let v = c.execute(script, vec![]).await.unwrap_or(Value::Null);
        let truthy = match &v {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::String(s) => !s.is_empty(),
            Value::Array(a) => !a.is_empty(),
            Value::Number(n) => n.as_f64() != Some(0.0),
            Value::Object(_) => true,
        };
        if truthy {
            return v;
        }
        if start.elapsed() > WAIT {
            let page = c
                .execute(diagnosis.script, vec![])
                .await
                .unwrap_or(Value::Null);
            let shot = diagnosis.screenshot;
            if let Ok(png) = c.screenshot().await {
                let art = Path::new(env!("CARGO_MANIFEST_DIR")).join("test-artifacts");
                let _ = std::fs::create_dir_all(&art);
                let _ = std::fs::write(art.join(shot), png);
            }
            panic!("timed out waiting for {what} (screenshot: test-artifacts/{shot}); page says: {page}");
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}
