//! PNG mock-ups for the client: layouts, a contact sheet of every view, a caption strip, and the
//! project embedded in the file so an exported mock-up can be opened again as a project.
//!
//! An export goes through an [`ExportPlan`]: the files it writes are known and checked before the
//! first one is written, and rendering reports progress and can be cancelled.

mod caption;
mod layout;
mod plan;
mod png;
mod sheet;

pub use caption::DISCLAIMER;
pub use layout::{ExportOptions, Layout, compose, view_file};
pub use plan::{ExportPlan, Loaded};
pub use png::{PROJECT_KEYWORD, embedded_project, write_png};
pub use sheet::{SHEET_ROW_HEIGHT, SheetRow, contact_sheet, sheet_row};
