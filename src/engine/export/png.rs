//! The PNG file of a mock-up, with the project embedded in it so that an exported mock-up can be
//! opened again as a project.

use std::io::{BufRead, Seek};
use std::path::Path;

use image::RgbImage;

use super::encode;
use super::photo_copy::{PHOTO_CHUNK, PhotoCopy};
use crate::engine::error::{Error, Result, describe_io};
use crate::engine::files::{self, Mode, has_extension};
use crate::engine::project::{MAX_PROJECT_BYTES, Project};

/// PNG text keyword under which the project is embedded.
pub const PROJECT_KEYWORD: &str = "follicle:project";

/// The kinds of file a mock-up can be written as, chosen by the output's extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Full quality, with the project inside so the mock-up opens again as the consultation.
    Png,
    /// For sending to the client: small, no project, no metadata.
    Jpeg,
    /// The consultation sheet (see [`crate::engine::sheet`]).
    Pdf,
}

/// Longest side of a JPEG made for sending when no size is asked for, pixels.
pub const SHARE_LONG_SIDE: u32 = 2048;

impl Format {
    /// JPEG for a `.jpg` or `.jpeg` output, PDF for `.pdf`, PNG for anything else.
    pub fn of(out: &Path) -> Format {
        if has_extension(out, "jpg") || has_extension(out, "jpeg") {
            Format::Jpeg
        } else if has_extension(out, "pdf") {
            Format::Pdf
        } else {
            Format::Png
        }
    }

    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Jpeg => "jpg",
            Format::Pdf => "pdf",
        }
    }
}

/// Writes `image` at `out` (atomically: all or nothing) in the format its extension asks for: a
/// PNG embedding `project` and the reduced `copies` of its photos, or a JPEG for sending that
/// carries nothing but the picture. `mode` says whether a file there is replaced
/// ([`Mode::Write`]) or refused ([`Mode::Create`]).
pub fn write_picture(
    image: &RgbImage,
    out: &Path,
    project: &Project,
    copies: &[PhotoCopy],
    mode: Mode,
) -> Result<()> {
    match Format::of(out) {
        Format::Png => png_file(image, out, project, copies, mode),
        Format::Jpeg => files::write_atomic(out, mode, |w| {
            encode::write_jpeg(w, image, encode::SHARE_QUALITY).map_err(|e| e.to_string())
        }),
        Format::Pdf => Err(Error::write(
            out,
            "a PDF holds the consultation sheet: export it with the sheet layout",
        )),
    }
}

/// Writes `image` as a PNG at `out` (atomically: all or nothing), embedding `project` and the
/// reduced `copies` of its photos (see [`PhotoCopy`]). The project's photos are named by file name
/// only, never by folder, so the file tells whoever receives it nothing of the practitioner's
/// folders; it opens again as the consultation beside its photos, or on the copies without them.
/// The project's photo paths must be where the photos really are (see
/// [`Project::resolve_photos`]).
pub fn write_png(
    image: &RgbImage,
    out: &Path,
    project: &Project,
    copies: &[PhotoCopy],
) -> Result<()> {
    png_file(image, out, project, copies, Mode::Write)
}

fn png_file(
    image: &RgbImage,
    out: &Path,
    project: &Project,
    copies: &[PhotoCopy],
    mode: Mode,
) -> Result<()> {
    let text = project.by_photo_name().try_to_ron().map_err(|e| {
        Error::write(
            out,
            format!("cannot write: the photo's name cannot be stored ({e}); rename the photo"),
        )
    })?;
    let copies: Vec<Vec<u8>> = copies.iter().map(PhotoCopy::chunk_data).collect();
    let chunks: Vec<([u8; 4], &[u8])> = copies.iter().map(|c| (PHOTO_CHUNK, &c[..])).collect();
    files::write_atomic(out, mode, |w| {
        let mut w = std::io::BufWriter::with_capacity(1 << 20, w);
        encode::write_png(&mut w, image, &[(PROJECT_KEYWORD, &text)], &chunks)
            .and_then(|()| std::io::Write::flush(&mut w))
            .map_err(|e| e.to_string())
    })
}

/// The project embedded in an exported PNG, if any. The project is read no larger than a project
/// file may be ([`MAX_PROJECT_BYTES`]) once decompressed, and the PNG's other metadata is bounded
/// too, so a small file cannot expand into gigabytes here.
pub fn embedded_project(png_path: &Path) -> Result<Option<String>> {
    let file =
        std::fs::File::open(png_path).map_err(|e| Error::project(png_path, describe_io(&e)))?;
    project_text(std::io::BufReader::new(file), png_path)
}

/// Same as [`embedded_project`], from the bytes of a PNG file already in memory; `png_path` only
/// names it in messages.
pub fn embedded_project_in_bytes(bytes: &[u8], png_path: &Path) -> Result<Option<String>> {
    project_text(std::io::Cursor::new(bytes), png_path)
}

fn project_text<R: BufRead + Seek>(reader: R, png_path: &Path) -> Result<Option<String>> {
    let limit = usize::try_from(MAX_PROJECT_BYTES).unwrap_or(usize::MAX);
    // The metadata chunks (compressed, as stored) may take this much in all.
    let mut decoder = png::Decoder::new_with_limits(reader, png::Limits { bytes: limit });
    decoder.set_ignore_text_chunk(false);
    // The colour profile is of no use here: not decompressed at all.
    decoder.set_ignore_iccp_chunk(true);
    let reader = decoder
        .read_info()
        .map_err(|e| Error::project(png_path, png_problem(&e)))?;
    for chunk in &reader.info().utf8_text {
        if chunk.keyword == PROJECT_KEYWORD {
            let mut chunk = chunk.clone();
            let text = chunk
                .decompress_text_with_limit(limit)
                .and_then(|()| chunk.get_text())
                .map_err(|_| {
                    Error::project(
                        png_path,
                        format!(
                            "the project inside it is damaged or larger than a project may be \
                             ({} MB)",
                            MAX_PROJECT_BYTES / (1024 * 1024)
                        ),
                    )
                })?;
            return Ok(Some(text));
        }
    }
    Ok(None)
}

/// Why a PNG could not be read, in words (the PNG library's own text is for programmers).
fn png_problem(e: &png::DecodingError) -> String {
    match e {
        png::DecodingError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            "the PNG file is incomplete (probably cut off during a copy); copy it again".into()
        }
        png::DecodingError::IoError(io) => format!("cannot read the file: {}", describe_io(io)),
        png::DecodingError::LimitsExceeded => format!(
            "the PNG carries more metadata than a mock-up may ({} MB)",
            MAX_PROJECT_BYTES / (1024 * 1024)
        ),
        _ => "the PNG file is damaged and cannot be read; if it is an exported mock-up, export \
              it again"
            .into(),
    }
}
