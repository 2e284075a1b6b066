//! A running `frontline serve` for tests that talk to the real binary over
//! HTTP: started on a free loopback port, killed when dropped.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};

pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`
    pub url: String,
    stderr: Option<std::thread::JoinHandle<String>>,
}

impl Server {
    /// `frontline serve --addr 127.0.0.1:0 --db DB EXTRA…` with `env` set
    /// (token variables from the caller's environment are removed first).
    pub fn start(db: &Path, extra: &[&str], env: &[(&str, &str)]) -> Server {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_frontline"));
        cmd.args(["serve", "--addr", "127.0.0.1:0", "--db"])
            .arg(db)
            .args(extra)
            .env_remove("FRONTLINE_TOKEN")
            .env_remove("FRONTLINE_TOKENS")
            .env_remove("FRONTLINE_DB")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("frontline binary starts");
        let mut err = child.stderr.take().unwrap();
        let stderr = std::thread::spawn(move || {
            let mut s = String::new();
            let _ = err.read_to_string(&mut s);
            s
        });
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        if line.is_empty() {
            let _ = child.wait();
            panic!("server did not start: {}", stderr.join().unwrap());
        }
        let url = line
            .trim()
            .rsplit(' ')
            .next()
            .unwrap()
            .trim_end_matches('/')
            .to_string();
        assert!(url.starts_with("http://127.0.0.1:"), "first line: {line:?}");
        Server {
            child,
            url,
            stderr: Some(stderr),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }

    /// `127.0.0.1:PORT`, for raw TCP.
    pub fn addr(&self) -> &str {
        self.url.trim_start_matches("http://")
    }

    /// Graceful stop with SIGTERM: asserts a clean exit; returns stderr.
    pub fn stop_gracefully(mut self) -> String {
        let ok = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap()
            .success();
        assert!(ok, "kill -TERM failed");
        let status = self.child.wait().unwrap();
        let err = self.stderr.take().unwrap().join().unwrap_or_default();
        assert!(status.success(), "server exited with {status}: {err}");
        err
    }

    /// Stops it and returns what it wrote to stderr.
    pub fn stop(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.stderr.take().unwrap().join().unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
