//! The library's layers point one way: a module uses only the layers below its own, never
//! one above it and never a sibling on its own layer, so each layer can be understood,
//! tested and changed with only what is under it in mind. `src/lib.rs` lists the same order.

use std::path::{Path, PathBuf};

/// The modules of `src/`, bottom layer first.
const LAYERS: &[&[&str]] = &[
    &["dates"],
    &["outline"],
    &["vault", "render"],
    &["record", "stats"],
    &["store", "search"],
    &["index"],
    &["workspace"],
    &["agenda"],
    &["people", "review"],
    &["app"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// The files of a module: `src/name.rs` or every file under `src/name/`.
fn files_of(src: &Path, module: &str) -> Vec<PathBuf> {
    let single = src.join(format!("{module}.rs"));
    if single.is_file() {
        return vec![single];
    }
    let mut files = Vec::new();
    let mut folders = vec![src.join(module)];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files
}

/// The top-level modules `text` names as `crate::name`, outside comments.
fn modules_used(text: &str) -> Vec<String> {
    let mut used = Vec::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        for (at, _) in code.match_indices("crate::") {
            let name: String = code[at + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            used.push(name);
        }
    }
    used
}

#[test]
fn every_module_uses_only_the_layers_below_its_own() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut wrong = Vec::new();
    for (layer, modules) in LAYERS.iter().enumerate() {
        for module in *modules {
            for file in files_of(&src, module) {
                let text = std::fs::read_to_string(&file).unwrap();
                for used in modules_used(&text) {
                    let allowed = used == *module || layer_of(&used).is_some_and(|l| l < layer);
                    if !allowed {
                        let shown = file.strip_prefix(&src).unwrap().display();
                        wrong.push(format!("{shown} uses crate::{used}"));
                    }
                }
            }
        }
    }
    wrong.sort();
    wrong.dedup();
    assert!(
        wrong.is_empty(),
        "uses that point up or sideways: {wrong:#?}"
    );
}

#[test]
fn every_module_of_the_library_has_its_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    let declared: Vec<&str> = lib
        .lines()
        .filter_map(|line| line.strip_prefix("pub mod "))
        .map(|rest| rest.trim_end_matches(';'))
        .collect();
    let unplaced: Vec<&&str> = declared.iter().filter(|m| layer_of(m).is_none()).collect();
    assert!(unplaced.is_empty(), "modules with no layer: {unplaced:?}");
}

#[test]
fn a_use_in_a_comment_is_not_a_use() {
    assert_eq!(
        modules_used("use crate::outline::Page; // see crate::app\n/// [`crate::app::X`]\n"),
        ["outline"]
    );
}
