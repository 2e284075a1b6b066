//! Running the `frontline` binary from a test: its output, once it is known
//! to have succeeded. Included with `#[path]` by tests that need nothing else
//! of `support`.
#![allow(dead_code)] // each test binary uses its own part

use std::process::Command;

/// The stdout of `frontline ARGS`; a failed run fails the test with its stderr.
pub fn stdout_of(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_frontline"))
        .args(args)
        .output()
        .expect("run frontline");
    assert!(
        out.status.success(),
        "frontline {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// The stdout of `frontline ARGS`, read as JSON.
pub fn json_of(args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&stdout_of(args)).expect("JSON output")
}
