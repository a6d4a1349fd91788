//! Mock-ups for the client, as PNG (full quality) or JPEG (for sending): layouts, a contact sheet of every view, a caption strip, and the
//! project embedded in the file (with reduced copies of its photos) so an exported mock-up can be
//! opened again as a project.
//!
//! An export goes through an [`ExportPlan`]: the files it writes are known and checked before the
//! first one is written, and rendering reports progress and can be cancelled.

mod caption;
mod encode;
mod layout;
mod photo_copy;
mod plan;
mod png;
mod sheet;

pub use caption::DISCLAIMER;
pub use encode::SHARE_QUALITY;
pub use layout::{ExportOptions, Layout, compose, view_file};
pub use photo_copy::{
    COPY_LONG_SIDE, COPY_QUALITY, MAX_COPY_BYTES, PHOTO_CHUNK, PhotoCopy, embedded_photos,
    embedded_photos_in_bytes,
};
pub use plan::{ExportPlan, Loaded};
pub use png::{
    Format, PROJECT_KEYWORD, SHARE_LONG_SIDE, embedded_project, embedded_project_in_bytes,
    write_picture, write_png,
};
pub use sheet::{SHEET_ROW_HEIGHT, SheetRow, contact_sheet, sheet_row};
