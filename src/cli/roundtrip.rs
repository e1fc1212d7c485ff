//! `cairn roundtrip`: prove that every page would be written back byte for byte.

use std::process::ExitCode;

use anyhow::Result;

use cairn::vault::Vault;

pub fn run(vault: &Vault) -> Result<ExitCode> {
    let loaded = vault.load();
    let mut changed = 0;
    for file in &loaded.files {
        let written = file.page.serialize();
        if written != file.page.source {
            changed += 1;
            let at = written
                .bytes()
                .zip(file.page.source.bytes())
                .position(|(a, b)| a != b)
                .unwrap_or(written.len().min(file.page.source.len()));
            say!("{}: would change at byte {at}", file.path);
        }
    }
    for problem in &loaded.problems {
        tell!("{problem}");
    }
    say!(
        "roundtrip: {} files, {} byte-identical, {changed} would change, {} unreadable",
        loaded.files.len(),
        loaded.files.len() - changed,
        loaded.problems.len()
    );
    Ok(if changed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
