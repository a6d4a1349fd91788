//! What each fuzz target does with one input: hands it to the engine's own entry point for that
//! kind of file, the way the command line and the app do, and checks the promises of
//! docs/RELIABILITY.md on the answer. Any input may be refused, but only with one short line;
//! nothing may panic, hang or take unbounded memory (libFuzzer watches the last two).

pub mod png_chunks;
pub mod seeds;

use std::path::Path;

use follicle::engine::open::{open_mock_up_bytes, view_photo};
use follicle::engine::photo;
use follicle::engine::project::Project;

/// The name a project input is read under. Like the other names, it only appears in messages
/// (nothing is read from or written to it).
pub const PROJECT_PATH: &str = "fuzz/input.ron";
/// The name a mock-up input is read under; its folder does not exist, so every view of a mock-up
/// is shown on the reduced photo copy it carries, as when a mock-up is opened away from its photos.
pub const MOCK_UP_PATH: &str = "fuzz/missing-folder/mock-up.png";
/// The name a photo input is read under.
pub const PHOTO_PATH: &str = "fuzz/photo.jpg";

/// Longest message accepted, the bound the engine's own error tests use.
pub const MAX_MESSAGE_CHARS: usize = 400;

/// The project parser: the text of a `.ron` project, as `follicle info` and the app read it. A
/// project that opens must also save and open again as the same project. Input that is not
/// UTF-8 is not a project text at all (the file reader refuses it before parsing) and is skipped.
pub fn project(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new(PROJECT_PATH);
    match Project::from_ron(text, path) {
        Ok(project) => {
            let saved = project.to_ron();
            let again = Project::from_ron(&saved, path).unwrap_or_else(|e| {
                panic!("a project that opened does not open again once saved: {e}\n{saved}")
            });
            assert!(
                again.to_ron() == saved,
                "a project saved twice changed between the saves:\n{saved}"
            );
        }
        Err(e) => check_message(&e.to_string()),
    }
}

/// An exported mock-up PNG: the project it embeds and the reduced photo copies it carries, read as
/// opening the mock-up reads them, then every view shown on a copy has its copy decoded as the app
/// decodes it to show that view.
pub fn mock_up(data: &[u8]) {
    match open_mock_up_bytes(data, Path::new(MOCK_UP_PATH)) {
        Ok(Some(project)) => {
            for view in project.views.iter().filter(|v| v.reduced.is_some()) {
                if let Err(e) = view_photo(view) {
                    check_message(&e.to_string());
                }
            }
        }
        Ok(None) => {}
        Err(e) => check_message(&e.to_string()),
    }
}

/// Lets the engine contain the panics of the image decoders it relies on, as it does in the
/// product (`photo::pixels` turns a decoder's panic into "damaged", one line). libFuzzer's own
/// hook aborts at any panic, even one that is caught; the photo and mock-up targets put the
/// standard hook back (it prints the panic) at start. A panic that escapes the engine still ends
/// the run as a crash: it cannot unwind out of libFuzzer's C entry point, so the process aborts.
pub fn contain_decoder_panics() {
    drop(std::panic::take_hook());
}

/// The photo loader, on the bytes of a photo file (JPEG, PNG, WebP).
pub fn photo(data: &[u8]) {
    if let Err(e) = photo::decode(data, Path::new(PHOTO_PATH)) {
        check_message(&e.to_string());
    }
}

/// The promise of every refusal: one line, short enough to read, in the user's words (RON's own
/// advice to programmers, naming `ron::Options`, is not).
pub fn check_message(message: &str) {
    assert!(
        !message.contains("ron::"),
        "the message speaks to programmers: {message:?}"
    );
    assert!(
        !message.contains(['\n', '\r']),
        "the message is more than one line: {message:?}"
    );
    let chars = message.chars().count();
    assert!(
        chars <= MAX_MESSAGE_CHARS,
        "the message is {chars} characters long: {message:?}"
    );
}
