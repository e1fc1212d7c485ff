//! Choosing WebKit's renderer before the window exists.
//!
//! On a machine without a GPU, WebKitGTK's default DMA-BUF renderer composites every frame
//! with software GL on the same cores as the app, and paces even an idle page at about
//! 22 ms a frame (up to 32 ms), so a key's effect waits a frame or two. Its shared-memory
//! renderer is what such a machine is served best by: the effect lands in the next frame.
//! So when nothing renders in hardware, the app asks for that renderer, through the
//! variable WebKit reads (`WEBKIT_DISABLE_DMABUF_RENDERER=1`).
//!
//! A choice already made stays: whoever set the variable (`0` keeps the DMA-BUF renderer)
//! decides, and so does a machine with a GPU, where the default is the right one.

use std::ffi::OsStr;
use std::path::Path;

/// The variable WebKitGTK reads; any value but `0` turns its DMA-BUF renderer off.
const DMABUF_SWITCH: &str = "WEBKIT_DISABLE_DMABUF_RENDERER";

/// What the machine says about how it draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Drawing {
    /// The kernel offers a GPU render node (`/dev/dri/renderD*`).
    pub render_node: bool,
    /// Mesa is told to draw in software (`LIBGL_ALWAYS_SOFTWARE`, or `GALLIUM_DRIVER` set to
    /// one of its software drivers).
    pub software_forced: bool,
}

impl Drawing {
    /// Reads the machine: its render nodes and Mesa's variables.
    pub fn of_this_machine() -> Drawing {
        Drawing {
            render_node: has_render_node(Path::new("/dev/dri")),
            software_forced: software_forced(
                std::env::var_os("LIBGL_ALWAYS_SOFTWARE").as_deref(),
                std::env::var_os("GALLIUM_DRIVER").as_deref(),
            ),
        }
    }

    /// True when every frame would be drawn in software.
    pub fn is_software(self) -> bool {
        !self.render_node || self.software_forced
    }
}

fn has_render_node(dri: &Path) -> bool {
    std::fs::read_dir(dri).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|entry| entry.file_name().to_string_lossy().starts_with("renderD"))
    })
}

fn software_forced(always_software: Option<&OsStr>, gallium_driver: Option<&OsStr>) -> bool {
    let always = always_software.is_some_and(|v| !v.is_empty() && v != "0" && v != "false");
    let software_driver = gallium_driver.is_some_and(|driver| {
        ["llvmpipe", "softpipe", "swrast"]
            .iter()
            .any(|software| driver == *software)
    });
    always || software_driver
}

/// The value to give the renderer variable, or `None` to leave it as it is: the user's
/// own setting (`existing`) stands, and only software drawing asks for the shared-memory
/// renderer.
pub fn dmabuf_switch(existing: Option<&OsStr>, drawing: Drawing) -> Option<&'static str> {
    match existing {
        Some(_) => None,
        None => drawing.is_software().then_some("1"),
    }
}

/// Picks the renderer for this machine. Called first thing in `main`, before any thread
/// or window exists, since WebKit reads the variable once when it starts.
pub fn choose() {
    if !cfg!(target_os = "linux") {
        return;
    }
    let existing = std::env::var_os(DMABUF_SWITCH);
    if let Some(value) = dmabuf_switch(existing.as_deref(), Drawing::of_this_machine()) {
        std::env::set_var(DMABUF_SWITCH, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GPU: Drawing = Drawing {
        render_node: true,
        software_forced: false,
    };
    const NO_GPU: Drawing = Drawing {
        render_node: false,
        software_forced: false,
    };

    #[test]
    fn a_machine_without_a_gpu_gets_the_shared_memory_renderer() {
        assert_eq!(dmabuf_switch(None, NO_GPU), Some("1"));
        assert_eq!(dmabuf_switch(None, GPU), None);
        let forced = Drawing {
            software_forced: true,
            ..GPU
        };
        assert_eq!(dmabuf_switch(None, forced), Some("1"));
    }

    #[test]
    fn a_renderer_the_user_chose_is_kept() {
        assert_eq!(dmabuf_switch(Some(OsStr::new("0")), NO_GPU), None);
        assert_eq!(dmabuf_switch(Some(OsStr::new("1")), GPU), None);
    }

    #[test]
    fn mesa_told_to_draw_in_software_is_software() {
        let os = |s: &'static str| Some(OsStr::new(s));
        assert!(software_forced(os("1"), None));
        assert!(software_forced(os("true"), None));
        assert!(!software_forced(os("0"), None));
        assert!(!software_forced(os(""), None));
        assert!(software_forced(None, os("llvmpipe")));
        assert!(!software_forced(None, os("iris")));
        assert!(!software_forced(None, None));
    }

    #[test]
    fn render_nodes_are_found_among_the_dri_devices() {
        let dri = tempfile::tempdir().unwrap();
        assert!(!has_render_node(dri.path()));
        std::fs::write(dri.path().join("card0"), "").unwrap();
        assert!(!has_render_node(dri.path()));
        std::fs::write(dri.path().join("renderD128"), "").unwrap();
        assert!(has_render_node(dri.path()));
        assert!(!has_render_node(&dri.path().join("missing")));
    }
}
