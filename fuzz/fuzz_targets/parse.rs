//! Any text parses without panicking and serializes back to itself, as Markdown and as Org,
//! and the per-block accessors work on every block.

#![no_main]

use cairn::outline::{parse, ParseOptions, SourceFormat};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for format in [None, Some(SourceFormat::Org)] {
        let options = ParseOptions {
            format,
            ..ParseOptions::default()
        };
        let page = parse(text, &options);
        assert_eq!(page.serialize(), text, "round trip ({format:?})");
        for (id, _) in page.iter() {
            let _ = page.title(id);
            let _ = page.raw_content(id);
            let _ = page.ticket_ids(id);
        }
    }
});
