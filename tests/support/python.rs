//! The Python tools the tests drive, from PyPI, in target/python.

use std::process::Command;

/// The bin directory of target/python, made (once) by scripts/python-venv.sh.
pub fn python_tools() -> String {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/python-venv.sh");
    let output = Command::new("bash")
        .arg(script)
        .output()
        .expect("run scripts/python-venv.sh");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("a path").trim().to_owned()
}
