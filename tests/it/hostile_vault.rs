//! A hostile vault, generated at test time into a temporary folder: notes that carry
//! script and event-handler payloads, `javascript:` and `data:` links, NUL bytes, invalid
//! UTF-8 and UTF-16; file names that Windows reserves, that hold control characters, that
//! are as long as a file name can be or start with a dot; links out of the vault and in
//! cycles; and, on request, a 10 MB line, a page 10,000 levels deep and a page of a million
//! blocks. Beside the vault lies a folder with a sentinel file that no command may read,
//! show or touch.
//!
//! Also here: [`run_bounded`], which runs a command with a time limit and reports its peak
//! memory, and [`assert_inert`], which says whether HTML could run script.

use std::collections::BTreeMap;
use std::os::unix::fs::symlink;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

/// Text that sits only outside the vault: seeing it in any output means Cairn read there.
pub const SENTINEL: &str = "SENTINEL-outside-the-vault-7f3a9c";

/// Every way a note tries to get script into HTML: raw tags, handlers, script links in
/// Markdown, autolinks, page references, tags, properties and embeds.
pub const PAYLOADS: &[&str] = &[
    "<script>alert('script tag')</script>",
    "<img src=x onerror=alert('img onerror')>",
    "<svg onload=alert('svg onload')><circle r=1 /></svg>",
    "<a href=\"javascript:alert('raw a')\">raw a</a>",
    "<iframe src=\"javascript:alert('iframe')\"></iframe>",
    "<body onload=alert('body')>",
    "<div style=\"background:url(javascript:alert('style'))\" onmouseover=\"alert('div')\">hover</div>",
    "[markdown link](javascript:alert('md'))",
    "[mixed case](JaVaScRiPt:alert('case'))",
    "[spaced](  javascript:alert('spaced'))",
    "[entity](java&#x09;script:alert('entity'))",
    "[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[vb](vbscript:msgbox('vb'))",
    "<javascript:alert('autolink')>",
    "![image](javascript:alert('image'))",
    "[[javascript:alert('page ref')]]",
    "[[<script>alert('ref')</script>]]",
    "#[[onload=alert('tag')]]",
    "[label]([[javascript:alert('labelled ref')]])",
    "{{embed [[<img src=x onerror=alert('embed')>]]}}",
    "{{video javascript:alert('video')}}",
    "\"><script>alert('quote break')</script>",
    "' onmouseover='alert(1)' x='",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('mxss')>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert('noscript')>\">",
];

/// How large the generated inputs are.
#[derive(Clone, Copy)]
pub struct Scale {
    /// A page of one 10 MB line.
    pub long_line: bool,
    /// A page nested this many levels deep (0 for none).
    pub levels: usize,
    /// A page of this many top-level blocks (0 for none).
    pub blocks: usize,
}

impl Scale {
    /// No huge inputs: the payloads, names, encodings and links only.
    pub const SMALL: Scale = Scale {
        long_line: false,
        levels: 0,
        blocks: 0,
    };
}

/// A hostile vault (`vault/`) with the sentinel's folder (`outside/`) beside it.
pub struct HostileVault {
    root: tempfile::TempDir,
}

impl HostileVault {
    pub fn vault(&self) -> PathBuf {
        self.root.path().join("vault")
    }

    pub fn outside(&self) -> PathBuf {
        self.root.path().join("outside")
    }

    /// Everything beside the vault (the sentinel's folder and whatever else lands next to
    /// the vault): each file's bytes and modification time.
    pub fn surroundings(&self) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
        let mut found = BTreeMap::new();
        let mut stack = vec![self.root.path().to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let entry = entry.unwrap();
                let path = entry.path();
                if path == self.vault() || path.starts_with(self.root.path().join("cache")) {
                    continue;
                }
                let meta = std::fs::symlink_metadata(&path).unwrap();
                if meta.is_dir() {
                    stack.push(path);
                } else if meta.is_file() {
                    let bytes = std::fs::read(&path).unwrap();
                    found.insert(path, (bytes, meta.modified().unwrap()));
                }
            }
        }
        found
    }

    /// A cache folder beside the vault, which the surroundings leave out.
    pub fn cache(&self) -> PathBuf {
        self.root.path().join("cache")
    }

    fn write(&self, relative: &str, bytes: &[u8]) {
        let path = self.vault().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

/// The payloads as blocks in every place a note can hold them.
fn payload_page() -> String {
    let mut text = String::from("title:: Payloads\nurl:: javascript:alert('page property')\n\n");
    for (n, payload) in PAYLOADS.iter().enumerate() {
        text.push_str(&format!("- payload {n} {payload}\n"));
        text.push_str(&format!("  onclick:: {payload}\n"));
    }
    text.push_str("- TODO [#A] a task with a payload <script>alert('task')</script> COS-1\n");
    text.push_str("  DEADLINE: <2026-11-20 Fri>\n");
    text.push_str("- DOING [review](javascript:alert('task link')) for [[Mallory]] COS-2\n");
    text
}

fn people_and_projects() -> Vec<(&'static str, String)> {
    let payload = "<img src=x onerror=alert('person')> [x](javascript:alert('p'))";
    vec![
        (
            "pages/contents.md",
            "- People\n\t- [[Mallory]]\n\t- [[<script>alert('name')</script>]]\n\
             - Projects\n\t- [[Payload project]]\n"
                .to_string(),
        ),
        (
            "pages/Mallory.md",
            format!(
                "alias:: javascript:alert('alias'), Mal\n\n\
                 - [[Nov 2nd, 2026]] 1-on-1\n\t- {payload}\n\t- TODO Mallory sends [the doc](data:text/html,x) COS-3\n\
                 - [[Nov 16th, 2026]] 1-on-1\n\t- <script>alert('entry')</script>\n"
            ),
        ),
        (
            "pages/Payload project.md",
            format!(
                "- Year end review\n\t- 2026\n\t\t- **Shipped:** {payload} COS-4\n\
                 \t\t- Landed [the fix](javascript:alert('review')) COS-5 with [[Mallory]]\n\
                 - DONE <svg onload=alert('done')> cleanup COS-6\n  completed:: 2026-06-01\n\
                 - {{{{query (task TODO)}}}}\n"
            ),
        ),
        (
            "journals/2026_11_20.md",
            format!("- [[Payload project]] {payload} COS-4\n- TODO [#B] journal task <b onmouseover=alert(1)>bold</b>\n"),
        ),
    ]
}

/// Names Windows reserves, names with control characters, a name as long as a file name
/// may be, names with a leading dot, dots and percent escapes that spell `..`.
fn odd_names() -> Vec<String> {
    let long = format!("{}.md", "n".repeat(252));
    vec![
        "CON.md".into(),
        "nul.md".into(),
        "COM1.md".into(),
        "con.txt.md".into(),
        "bell\u{7}and\u{1b}[31mescape.md".into(),
        "new\nline.md".into(),
        "tab\tname.md".into(),
        long,
        ".hidden.md".into(),
        "..dots.md".into(),
        " leading space.md".into(),
        "%2e%2e%2f%2e%2e%2fescape.md".into(),
        "a___..___..___b.md".into(),
        "trailing dot..md".into(),
        "<script>alert('file name')<%2Fscript>.md".into(),
    ]
}

/// Writes the hostile vault at `scale`.
pub fn generate(scale: Scale) -> HostileVault {
    let hostile = HostileVault {
        root: tempfile::tempdir().unwrap(),
    };
    let (vault, outside) = (hostile.vault(), hostile.outside());
    std::fs::create_dir_all(outside.join("folder")).unwrap();
    std::fs::write(
        outside.join("secret.md"),
        format!("- {SENTINEL} TODO read me COS-9\n"),
    )
    .unwrap();
    std::fs::write(
        outside.join("folder/inside.md"),
        format!("- {SENTINEL} in a folder\n"),
    )
    .unwrap();

    hostile.write(
        "logseq/config.edn",
        b"{:journal/page-title-format \"MMM do, yyyy\" :hidden [\"../outside\"]}\n",
    );
    // An https address, so it is taken, that tries to break out of its attribute.
    hostile.write(
        "cairn.toml",
        b"ticket_url = \"https://tracker.example.com/{id}\\\" onmouseover=\\\"alert('ticket')\"\n",
    );
    hostile.write("pages/Payloads.md", payload_page().as_bytes());
    for (path, text) in people_and_projects() {
        hostile.write(path, text.as_bytes());
    }
    for name in odd_names() {
        hostile.write(
            &format!("pages/{name}"),
            format!("- a page named {name:?} links [[Payloads]]\n").as_bytes(),
        );
    }

    // Encodings: NUL bytes, invalid UTF-8, UTF-16 with its byte order mark either way,
    // UTF-8 with one, lone carriage returns.
    hostile.write("pages/nul bytes.md", b"- before\0after\n- TODO \0 task\n");
    hostile.write(
        "pages/invalid utf8.md",
        b"- valid\n- \xff\xfe broken \xc3\x28\n",
    );
    let utf16 = |big_endian: bool| -> Vec<u8> {
        let text = "- TODO a UTF-16 note <script>alert('utf16')</script>\n";
        let mut bytes = if big_endian {
            vec![0xfe, 0xff]
        } else {
            vec![0xff, 0xfe]
        };
        for unit in text.encode_utf16() {
            let pair = if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            };
            bytes.extend_from_slice(&pair);
        }
        bytes
    };
    hostile.write("pages/utf16 le.md", &utf16(false));
    hostile.write("pages/utf16 be.md", &utf16(true));
    hostile.write(
        "pages/utf8 bom.md",
        "\u{feff}- TODO with a BOM\n".as_bytes(),
    );
    hostile.write("pages/old mac.md", b"- one\r- TODO two\r\t- three\r");

    // Links: out of the vault (a file, a folder, the system's files), in cycles, and to
    // nothing.
    let pages = vault.join("pages");
    symlink(outside.join("secret.md"), pages.join("secret link.md")).unwrap();
    symlink(outside.join("folder"), pages.join("outside folder")).unwrap();
    symlink("../../outside/secret.md", pages.join("relative secret.md")).unwrap();
    symlink("/etc/passwd", pages.join("passwd.md")).unwrap();
    symlink("/proc/self/status", pages.join("status.md")).unwrap();
    symlink(".", pages.join("self")).unwrap();
    symlink("..", pages.join("parent")).unwrap();
    std::fs::create_dir_all(pages.join("a")).unwrap();
    std::fs::create_dir_all(pages.join("b")).unwrap();
    symlink("../b", pages.join("a/to b")).unwrap();
    symlink("../a", pages.join("b/to a")).unwrap();
    symlink("nowhere.md", pages.join("dangling.md")).unwrap();
    symlink("loop2.md", pages.join("loop1.md")).unwrap();
    symlink("loop1.md", pages.join("loop2.md")).unwrap();
    symlink("../journals", vault.join("journals/journals again")).unwrap();

    if scale.long_line {
        let mut line = String::from("- ");
        while line.len() < 10 * 1024 * 1024 {
            line.push_str("longline word [[Payloads]] <script>x</script> COS-7 ");
        }
        line.push('\n');
        hostile.write("pages/long line.md", line.as_bytes());
    }
    if scale.levels > 0 {
        let mut text = String::new();
        for level in 0..scale.levels {
            text.push_str(&"\t".repeat(level));
            text.push_str(&format!(
                "- deep {level} <img src=x onerror=alert({level})>\n"
            ));
        }
        hostile.write("pages/deep.md", text.as_bytes());
    }
    if scale.blocks > 0 {
        let mut text = String::with_capacity(scale.blocks * 24);
        for n in 0..scale.blocks {
            text.push_str(&format!("- TODO block {n}\n"));
        }
        hostile.write("pages/million.md", text.as_bytes());
    }
    hostile
}

/// How a bounded run ended.
pub struct Bounded {
    /// `None` when the command did not exit (see `signal`).
    pub code: Option<i32>,
    /// The signal that ended it: `SIGKILL` for running past its time (or out of memory).
    pub signal: Option<i32>,
    pub timed_out: bool,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub elapsed: Duration,
    /// The command's peak resident memory, in bytes.
    pub peak_memory: u64,
}

/// Runs `command`, killing it after `limit`, and measures its peak memory (the kernel's
/// count for this one child, read when it is reaped).
pub fn run_bounded(mut command: Command, limit: Duration) -> Bounded {
    let out = tempfile::tempdir().unwrap();
    let (stdout_path, stderr_path) = (out.path().join("stdout"), out.path().join("stderr"));
    let child = command
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&stdout_path).unwrap())
        .stderr(std::fs::File::create(&stderr_path).unwrap())
        .spawn()
        .expect("spawn");
    let pid = child.id() as libc::pid_t;
    let started = Instant::now();
    let (mut status, mut usage): (libc::c_int, libc::rusage) = (0, unsafe { std::mem::zeroed() });
    let mut timed_out = false;
    loop {
        // SAFETY: `pid` is our child, not yet reaped (`child` is never waited on), and the
        // pointers are to live locals.
        let reaped = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if reaped == pid {
            break;
        }
        assert_eq!(reaped, 0, "wait4: {}", std::io::Error::last_os_error());
        if !timed_out && started.elapsed() > limit {
            // SAFETY: as above; the child is not reaped, so the pid is still its own.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            timed_out = true;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    // The child was reaped by wait4; dropping the handle does not wait again.
    drop(child);
    Bounded {
        code: libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status)),
        signal: libc::WIFSIGNALED(status).then(|| libc::WTERMSIG(status)),
        timed_out,
        stdout: std::fs::read(stdout_path).unwrap(),
        stderr: std::fs::read(stderr_path).unwrap(),
        elapsed: started.elapsed(),
        peak_memory: usage.ru_maxrss as u64 * 1024,
    }
}

/// Why `html` could run script or load something, if it could: a script-capable element,
/// an event handler attribute, or a link or source whose scheme is not a web one. Text
/// (where a payload shows escaped, `&lt;script&gt;`) is not looked at; tags are.
pub fn script_in(html: &str) -> Option<String> {
    const ELEMENTS: [&str; 9] = [
        "script", "iframe", "object", "embed", "frame", "frameset", "applet", "base", "form",
    ];
    const URL_ATTRIBUTES: [&str; 6] = ["href", "src", "action", "formaction", "xlink:href", "data"];
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let tag_start = &rest[open + 1..];
        // A tag runs to the first `>` outside quotes.
        let mut quote = None;
        let mut end = tag_start.len();
        for (i, c) in tag_start.char_indices() {
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, '>') => {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        let tag = &tag_start[..end];
        rest = &tag_start[end.min(tag_start.len())..];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if ELEMENTS.contains(&name.as_str()) {
            return Some(format!("a <{name}> element: <{tag}>"));
        }
        for (attribute, value) in attributes(tag) {
            if attribute.starts_with("on") && attribute.len() > 2 {
                return Some(format!("a handler {attribute}= in <{tag}>"));
            }
            let scheme: String = decode_entities(&value)
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            let script_scheme = ["javascript:", "vbscript:", "data:"]
                .iter()
                .any(|s| scheme.starts_with(s));
            if URL_ATTRIBUTES.contains(&attribute.as_str()) && script_scheme {
                return Some(format!("a {attribute}={value:?} in <{tag}>"));
            }
            if attribute == "style" && (scheme.contains("javascript:") || scheme.contains("url(")) {
                return Some(format!("a style that loads something in <{tag}>"));
            }
        }
    }
    None
}

/// The attributes of a tag's inside (after its name), lowercased names with raw values.
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let chars: Vec<char> = tag.chars().collect();
    let mut i = chars
        .iter()
        .position(|c| c.is_whitespace() || *c == '/')
        .unwrap_or(chars.len());
    while i < chars.len() {
        while i < chars.len() && (chars[i].is_whitespace() || chars[i] == '/') {
            i += 1;
        }
        let start = i;
        while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '=' && chars[i] != '/' {
            i += 1;
        }
        let name: String = chars[start..i]
            .iter()
            .collect::<String>()
            .to_ascii_lowercase();
        let mut value = String::new();
        if i < chars.len() && chars[i] == '=' {
            i += 1;
            if i < chars.len() && (chars[i] == '"' || chars[i] == '\'') {
                let q = chars[i];
                i += 1;
                while i < chars.len() && chars[i] != q {
                    value.push(chars[i]);
                    i += 1;
                }
                i += 1;
            } else {
                while i < chars.len() && !chars[i].is_whitespace() {
                    value.push(chars[i]);
                    i += 1;
                }
            }
        }
        if !name.is_empty() {
            found.push((name, value));
        }
        if start == i {
            i += 1;
        }
    }
    found
}

/// Numeric and the common named character references, as a browser reads an attribute.
fn decode_entities(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at + 1..];
        let end = tail.find(';').unwrap_or(tail.len());
        let entity = &tail[..end];
        let decoded = match entity {
            "colon" => Some(':'),
            "tab" => Some('\t'),
            "newline" => Some('\n'),
            "amp" => Some('&'),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) if end < tail.len() => {
                out.push(c);
                rest = &tail[end + 1..];
            }
            _ => {
                out.push('&');
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `cairn` binary with the hostile vault, a cache beside it and a fixed day.
pub fn cairn(hostile: &HostileVault, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cairn"));
    command
        .arg("--vault")
        .arg(hostile.vault())
        .arg("--cache-dir")
        .arg(hostile.cache())
        .args(["--today", "2026-11-24"])
        .args(args)
        .env_remove("CAIRN_VAULT");
    command
}
