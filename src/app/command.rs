//! Every user action as one `Command`: menus, keys, buttons and tests all send these.

use egui::{Key, KeyboardShortcut, Modifiers};

/// Canvas tools.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tool {
    Pan,
    Brush,
    Eraser,
    Hairline,
    Calibrate,
}

impl Tool {
    pub const ALL: [Tool; 5] = [
        Tool::Pan,
        Tool::Brush,
        Tool::Eraser,
        Tool::Hairline,
        Tool::Calibrate,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Tool::Pan => "Pan",
            Tool::Brush => "Brush",
            Tool::Eraser => "Eraser",
            Tool::Hairline => "Hairline",
            Tool::Calibrate => "Calibrate",
        }
    }

    pub fn help(self) -> &'static str {
        match self {
            Tool::Pan => {
                "Drag to move the photo (also: hold Space, or drag with the middle button)"
            }
            Tool::Brush => "Paint where the layer puts dots",
            Tool::Eraser => "Remove dots from the layer's region",
            Tool::Hairline => {
                "Click to add hairline points, drag a point to move it, right-click to remove it"
            }
            Tool::Calibrate => "Drag along something of known length, then type its length in mm",
        }
    }

    pub fn key(self) -> Key {
        match self {
            Tool::Pan => Key::V,
            Tool::Brush => Key::B,
            Tool::Eraser => Key::E,
            Tool::Hairline => Key::H,
            Tool::Calibrate => Key::C,
        }
    }
}

/// How before and after are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compare {
    After,
    Split,
    SideBySide,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    OpenPhoto,
    OpenProject,
    OpenSample,
    Save,
    SaveAs,
    Export,
    CloseProject,
    Undo,
    Redo,
    ZoomIn,
    ZoomOut,
    ZoomFit,
    Zoom100,
    ToggleOverlay,
    SetCompare(Compare),
    SetTool(Tool),
    AddLayer,
    RemoveLayer,
    NewPattern,
    BrushSmaller,
    BrushLarger,
    Quit,
}

impl Command {
    pub fn label(&self) -> &'static str {
        match self {
            Command::OpenPhoto => "Open photo…",
            Command::OpenProject => "Open project…",
            Command::OpenSample => "Try the sample photo",
            Command::Save => "Save",
            Command::SaveAs => "Save as…",
            Command::Export => "Export mock-up…",
            Command::CloseProject => "Close project",
            Command::Undo => "Undo",
            Command::Redo => "Redo",
            Command::ZoomIn => "Zoom in",
            Command::ZoomOut => "Zoom out",
            Command::ZoomFit => "Fit to window",
            Command::Zoom100 => "Actual pixels (100 %)",
            Command::ToggleOverlay => "Show SMP overlay",
            Command::SetCompare(Compare::After) => "After only",
            Command::SetCompare(Compare::Split) => "Split before/after",
            Command::SetCompare(Compare::SideBySide) => "Side by side",
            Command::SetTool(t) => t.label(),
            Command::AddLayer => "Add layer",
            Command::RemoveLayer => "Remove layer",
            Command::NewPattern => "New pattern",
            Command::BrushSmaller => "Smaller brush",
            Command::BrushLarger => "Larger brush",
            Command::Quit => "Quit",
        }
    }

    pub fn shortcut(&self) -> Option<KeyboardShortcut> {
        let cmd = Modifiers::COMMAND;
        let cmd_shift = Modifiers::COMMAND | Modifiers::SHIFT;
        let none = Modifiers::NONE;
        Some(match self {
            Command::OpenPhoto => KeyboardShortcut::new(cmd, Key::O),
            Command::OpenProject => KeyboardShortcut::new(cmd_shift, Key::O),
            Command::Save => KeyboardShortcut::new(cmd, Key::S),
            Command::SaveAs => KeyboardShortcut::new(cmd_shift, Key::S),
            Command::Export => KeyboardShortcut::new(cmd, Key::E),
            Command::CloseProject => KeyboardShortcut::new(cmd, Key::W),
            Command::Undo => KeyboardShortcut::new(cmd, Key::Z),
            Command::Redo => KeyboardShortcut::new(cmd_shift, Key::Z),
            Command::ZoomIn => KeyboardShortcut::new(none, Key::Plus),
            Command::ZoomOut => KeyboardShortcut::new(none, Key::Minus),
            Command::ZoomFit => KeyboardShortcut::new(cmd, Key::Num0),
            Command::Zoom100 => KeyboardShortcut::new(cmd, Key::Num1),
            Command::ToggleOverlay => KeyboardShortcut::new(none, Key::O),
            Command::SetCompare(Compare::Split) => KeyboardShortcut::new(none, Key::Y),
            Command::SetTool(t) => KeyboardShortcut::new(none, t.key()),
            Command::NewPattern => KeyboardShortcut::new(none, Key::N),
            Command::BrushSmaller => KeyboardShortcut::new(none, Key::OpenBracket),
            Command::BrushLarger => KeyboardShortcut::new(none, Key::CloseBracket),
            Command::Quit => KeyboardShortcut::new(cmd, Key::Q),
            _ => return None,
        })
    }

    /// Commands that have a key, checked every frame (Ctrl+Y also redoes, as on Windows).
    pub fn with_shortcuts() -> Vec<Command> {
        let mut all = vec![
            Command::OpenPhoto,
            Command::OpenProject,
            Command::SaveAs,
            Command::Save,
            Command::Export,
            Command::CloseProject,
            Command::Redo,
            Command::Undo,
            Command::ZoomIn,
            Command::ZoomOut,
            Command::ZoomFit,
            Command::Zoom100,
            Command::ToggleOverlay,
            Command::SetCompare(Compare::Split),
            Command::NewPattern,
            Command::BrushSmaller,
            Command::BrushLarger,
            Command::Quit,
        ];
        all.extend(Tool::ALL.map(Command::SetTool));
        all
    }
}

/// Ctrl+Y: redo, as Windows users expect.
pub const REDO_ALT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
/// Hold to see the photo without the overlay, as in photo editors.
pub const HOLD_COMPARE: Key = Key::Backslash;
