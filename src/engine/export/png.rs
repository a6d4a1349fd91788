//! The PNG file of a mock-up, with the project embedded in it so that an exported mock-up can be
//! opened again as a project.

use std::path::Path;

use image::RgbImage;

use crate::engine::error::{Error, Result, describe_io};
use crate::engine::files::{self, Mode, folder_of};
use crate::engine::project::Project;

/// PNG text keyword under which the project is embedded.
pub const PROJECT_KEYWORD: &str = "follicle:project";

/// Writes `image` as a PNG at `out` (atomically: all or nothing), embedding `project` with its photo
/// paths made relative to the PNG's folder. The project's photo paths must be where the photos
/// really are (see [`Project::resolve_photos`]).
pub fn write_png(image: &RgbImage, out: &Path, project: &Project) -> Result<()> {
    let embedded = project.relative_to(folder_of(out));
    let text = embedded.try_to_ron().map_err(|e| {
        Error::write(
            out,
            format!(
                "cannot write: the photo's path cannot be stored ({e}); rename the photo or its folder"
            ),
        )
    })?;
    files::write_atomic(out, Mode::Write, |w| {
        let mut encoder = png::Encoder::new(w, image.width(), image.height());
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        encoder
            .add_itxt_chunk(PROJECT_KEYWORD.to_string(), text)
            .map_err(|e| e.to_string())?;
        let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
        writer
            .write_image_data(image.as_raw())
            .map_err(|e| e.to_string())?;
        writer.finish().map_err(|e| e.to_string())
    })
}

/// The project embedded in an exported PNG, if any.
pub fn embedded_project(png_path: &Path) -> Result<Option<String>> {
    let file =
        std::fs::File::open(png_path).map_err(|e| Error::project(png_path, describe_io(&e)))?;
    let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
    decoder.set_ignore_text_chunk(false);
    let reader = decoder
        .read_info()
        .map_err(|e| Error::project(png_path, format!("not a readable PNG ({e})")))?;
    for chunk in &reader.info().utf8_text {
        if chunk.keyword == PROJECT_KEYWORD {
            let text = chunk
                .get_text()
                .map_err(|_| Error::project(png_path, "the embedded project is damaged"))?;
            return Ok(Some(text));
        }
    }
    Ok(None)
}
