//! Every user action as one [`Command`]: menus, buttons, keys, the canvas and tests all send
//! these, and they run after the UI pass (see `command_handling.rs`). Values that widgets edit in
//! place (sliders, text fields, check boxes) change the state directly; the undo history records
//! them as they settle.

use std::cmp::Reverse;
use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

use super::dialogs::Purpose;
use crate::engine::geometry::RegionOp;
use crate::engine::pigment::Stage;
use crate::engine::styles::{HairlineStyle, Side};
use crate::engine::units::Scale;

/// Canvas tools.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tool {
    Pan,
    Brush,
    Eraser,
    Hairline,
    Scar,
    Eyedropper,
    MatchHair,
    Calibrate,
    Head,
    Face,
}

impl Tool {
    pub const ALL: [Tool; 10] = [
        Tool::Pan,
        Tool::Brush,
        Tool::Eraser,
        Tool::Hairline,
        Tool::Scar,
        Tool::Eyedropper,
        Tool::MatchHair,
        Tool::Calibrate,
        Tool::Head,
        Tool::Face,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Tool::Pan => "Pan",
            Tool::Brush => "Brush",
            Tool::Eraser => "Eraser",
            Tool::Hairline => "Hairline",
            Tool::Scar => "Scar",
            Tool::Eyedropper => "Skin sample",
            Tool::MatchHair => "Match hair",
            Tool::Calibrate => "Calibrate",
            Tool::Head => "Head shape",
            Tool::Face => "Face guides",
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
            Tool::Scar => {
                "On a scar layer: click along a strip scar (FUT), or click each round scar (FUE); \
                 right-click a point to remove it"
            }
            Tool::Eyedropper => "Click on clear skin to sample the client's skin tone",
            Tool::MatchHair => {
                "Click on the client's own shaved stubble: the layer is set to read like it"
            }
            Tool::Calibrate => "Drag along something of known length, then type its length in mm",
            Tool::Head => {
                "Drag around the client's head to fit an ellipse to its outline; drag its handles \
                 to adjust it. Dots then follow the round scalp"
            }
            Tool::Face => {
                "Click the point between the brows, then the outer corner of each eye: the \
                 hairline's height and corners are set from them"
            }
        }
    }

    pub fn key(self) -> Key {
        match self {
            Tool::Pan => Key::V,
            Tool::Brush => Key::B,
            Tool::Eraser => Key::E,
            Tool::Hairline => Key::H,
            Tool::Scar => Key::R,
            Tool::Eyedropper => Key::K,
            Tool::MatchHair => Key::M,
            Tool::Calibrate => Key::C,
            Tool::Head => Key::D,
            Tool::Face => Key::F,
        }
    }
}

/// The steps of a first consultation, in order; the step bar shows them and jumps between them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Photo,
    Scale,
    Hairline,
    Look,
    Compare,
    Export,
}

impl Step {
    pub const ALL: [Step; 6] = [
        Step::Photo,
        Step::Scale,
        Step::Hairline,
        Step::Look,
        Step::Compare,
        Step::Export,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Step::Photo => "Photo",
            Step::Scale => "Scale",
            Step::Hairline => "Hairline",
            Step::Look => "Look",
            Step::Compare => "Compare",
            Step::Export => "Export",
        }
    }

    /// What to do in this step.
    pub fn hint(self) -> &'static str {
        match self {
            Step::Photo => "Open the client's photo (or drop it on the window).",
            Step::Scale => {
                "Scale: drag across the client's iris (or a ruler), then choose Iris or type the \
                 length."
            }
            Step::Hairline => {
                "Hairline: click the left temple, the middle of the hairline and the right \
                 temple (or mark the brow and eyes with Face guides, F); then choose a style."
            }
            Step::Look => {
                "Look: choose a preset (Presets, right), then fine-tune density, needle and shade."
            }
            Step::Compare => "Compare: drag the divider to show before and after.",
            Step::Export => "Export: the mock-up is written as a PNG with the project inside.",
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

impl Compare {
    pub const ALL: [Compare; 3] = [Compare::After, Compare::Split, Compare::SideBySide];
}

#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    OpenPhoto,
    OpenProject,
    OpenSample,
    /// Open this file (a recent project).
    Open(PathBuf),
    Save,
    SaveAs,
    Export,
    /// The export window, set to the consultation sheet (PDF).
    ExportSheet,
    CloseProject,
    Undo,
    Redo,
    ZoomIn,
    ZoomOut,
    ZoomFit,
    Zoom100,
    /// Show or hide the treatment (the dots).
    ToggleOverlay,
    /// Show or hide the hairline and scar outlines.
    ToggleGuides,
    /// Show before and after this way (choosing the current way again goes back to After).
    SetCompare(Compare),
    SetTool(Tool),
    AddLayer,
    RemoveLayer,
    /// Work on layer `n` of the current view.
    SelectLayer(usize),
    /// Move a layer up or down the list.
    MoveLayer {
        from: usize,
        to: usize,
    },
    NewPattern,
    /// A finished brush or eraser stroke on the active layer's region.
    Stroke(RegionOp),
    /// The active layer covers the whole photo.
    FillRegion,
    /// The active layer covers the head, found against the backdrop.
    FillScalp,
    /// The active layer covers nothing until painted.
    ClearRegion,
    RemoveHairline,
    BrushSmaller,
    BrushLarger,
    /// Show and edit view `n` of the project.
    SelectView(usize),
    /// Add a photo of the same client as a new view.
    AddView,
    RemoveView,
    /// Show the result after a session (None: after the last).
    ShowSession(Option<u32>),
    /// Add the next treatment session of the active layer.
    AddSession,
    SetStage(Stage),
    /// Replace the active layer's hairline with one of a style (from the face guides, when the
    /// view has them).
    HairlineStyle(HairlineStyle),
    /// Fit the head ellipse to the head's outline against the backdrop.
    FindHead,
    /// The view's scalp is flat again (no head ellipse).
    RemoveHead,
    /// Forget the view's face guides.
    RemoveFaceGuides,
    /// Copy one half of the hairline onto the other.
    MirrorHairline(Side),
    /// Set the active layer to read like the client's hair at this photo position.
    MatchHair([f32; 2]),
    /// Apply the preset with this name to the active layer.
    ApplyPreset(String),
    /// Save the active layer's settings as a preset under this name.
    SavePreset(String),
    /// Sample the skin tone automatically over the active layer's region.
    SampleSkin,
    /// Sample the skin tone at this photo position.
    SampleSkinAt([f32; 2]),
    /// Pick a scar layer's shade so the scar blends with the sampled skin around it.
    MatchScarShade,
    /// Tint the hair detected in the photo.
    ToggleHairView,
    /// A calibration line this many photo pixels long was drawn: ask for its length.
    Measured(f64),
    /// Use this scale for the current view (the calibration's answer).
    SetScale(Scale),
    CancelCalibration,
    /// Unsaved changes: save them, then go on.
    SaveChanges,
    /// Unsaved changes: drop them and go on.
    DiscardChanges,
    /// Unsaved changes: stay with the document as it is.
    KeepEditing,
    /// Show where the photo of a project went.
    LocatePhoto,
    /// Give up opening a project whose photo is missing.
    ForgetMissingPhoto,
    /// Open the consultation a crash left unsaved, as unsaved changes.
    RestoreRecovered,
    /// Do not restore the consultation a crash left unsaved (a copy is kept).
    DiscardRecovered,
    /// The answer of a file dialog: the file chosen for `Purpose`, or None when cancelled.
    FileChosen(Purpose, Option<PathBuf>),
    /// A file dialog for `Purpose` could not open, for this reason: ask for a typed path.
    DialogUnavailable(Purpose, String),
    /// The path typed in place of a file dialog.
    TypedPath,
    /// Close the typed-path window without a file.
    CancelTypedPath,
    /// Go to a step of the consultation.
    GoTo(Step),
    /// Choose the file to export to (from the export window).
    ExportTo,
    CloseExportWindow,
    CancelExport,
    Quit,
}

impl Command {
    pub fn label(&self) -> &'static str {
        match self {
            Command::OpenPhoto => "Open photo…",
            Command::OpenProject => "Open project…",
            Command::OpenSample => "Try the sample photo",
            Command::Open(_) => "Open",
            Command::Save => "Save",
            Command::SaveAs => "Save as…",
            Command::Export => "Export mock-up…",
            Command::ExportSheet => "Export consultation sheet…",
            Command::CloseProject => "Close project",
            Command::Undo => "Undo",
            Command::Redo => "Redo",
            Command::ZoomIn => "Zoom in",
            Command::ZoomOut => "Zoom out",
            Command::ZoomFit => "Fit to window",
            Command::Zoom100 => "Actual pixels (100 %)",
            Command::ToggleOverlay => "Show treatment",
            Command::ToggleGuides => "Show guides",
            Command::SetCompare(Compare::After) => "After only",
            Command::SetCompare(Compare::Split) => "Split before/after",
            Command::SetCompare(Compare::SideBySide) => "Side by side",
            Command::SetTool(t) => t.label(),
            Command::AddLayer => "Add layer",
            Command::RemoveLayer => "Remove layer",
            Command::SelectLayer(_) => "Select layer",
            Command::MoveLayer { .. } => "Move layer",
            Command::NewPattern => "New pattern",
            Command::Stroke(_) => "Brush stroke",
            Command::FillRegion => "Fill whole photo",
            Command::FillScalp => "Fill the scalp",
            Command::ClearRegion => "Clear region",
            Command::RemoveHairline => "Remove hairline",
            Command::BrushSmaller => "Smaller brush",
            Command::BrushLarger => "Larger brush",
            Command::SelectView(_) => "Show view",
            Command::AddView => "Add a view (another photo)…",
            Command::RemoveView => "Remove this view",
            Command::ShowSession(None) => "After all sessions",
            Command::ShowSession(Some(_)) => "After session",
            Command::AddSession => "Add next session",
            Command::SetStage(_) => "Healing stage",
            Command::HairlineStyle(_) => "Hairline style",
            Command::FindHead => "Find the head",
            Command::RemoveHead => "Remove head shape",
            Command::RemoveFaceGuides => "Remove face guides",
            Command::MirrorHairline(Side::Left) => "Mirror left half to the right",
            Command::MirrorHairline(Side::Right) => "Mirror right half to the left",
            Command::ApplyPreset(_) => "Apply preset",
            Command::SavePreset(_) => "Save as preset",
            Command::SampleSkin => "Sample skin automatically",
            Command::SampleSkinAt(_) => "Sample skin here",
            Command::MatchScarShade => "Match shade to the skin",
            Command::MatchHair(_) => "Match the client's hair",
            Command::ToggleHairView => "Show detected hair",
            Command::Measured(_) => "Calibrate",
            Command::SetScale(_) => "Set scale",
            Command::CancelCalibration | Command::KeepEditing | Command::ForgetMissingPhoto => {
                "Cancel"
            }
            Command::SaveChanges => "Save",
            Command::DiscardChanges => "Don't save",
            Command::LocatePhoto => "Locate photo…",
            Command::RestoreRecovered => "Restore",
            Command::DiscardRecovered => "Discard",
            Command::FileChosen(..) => "Choose a file",
            Command::DialogUnavailable(..) => "Type a path",
            Command::TypedPath => "Use this file",
            Command::CancelTypedPath => "Cancel",
            Command::GoTo(step) => step.label(),
            Command::ExportTo => "Export…",
            Command::CloseExportWindow => "Close",
            Command::CancelExport => "Cancel export",
            Command::Quit => "Quit",
        }
    }

    /// The key that sends this command, shown in menus.
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
            Command::ToggleGuides => KeyboardShortcut::new(none, Key::G),
            Command::SetCompare(Compare::Split) => KeyboardShortcut::new(none, Key::Y),
            Command::SetTool(t) => KeyboardShortcut::new(none, t.key()),
            Command::NewPattern => KeyboardShortcut::new(none, Key::N),
            Command::BrushSmaller => KeyboardShortcut::new(none, Key::OpenBracket),
            Command::BrushLarger => KeyboardShortcut::new(none, Key::CloseBracket),
            Command::Quit => KeyboardShortcut::new(cmd, Key::Q),
            _ => return None,
        })
    }
}

/// Keys that send a command besides the one its menu shows.
const ALTERNATES: [(KeyboardShortcut, Command); 2] = [
    // Ctrl+Y: redo, as Windows users expect.
    (
        KeyboardShortcut::new(Modifiers::COMMAND, Key::Y),
        Command::Redo,
    ),
    // = (with or without Shift) zooms in where + needs Shift.
    (
        KeyboardShortcut::new(Modifiers::NONE, Key::Equals),
        Command::ZoomIn,
    ),
];

/// Hold to see the photo without the treatment, as in photo editors.
pub const HOLD_COMPARE: Key = Key::Backslash;

/// Every key the app answers to and its command, most specific first: a key press matches a
/// shortcut even with extra Shift or Alt held, so Ctrl+Shift+S must be tried before Ctrl+S.
pub fn shortcuts() -> Vec<(KeyboardShortcut, Command)> {
    let mut keyed = vec![
        Command::OpenPhoto,
        Command::OpenProject,
        Command::Save,
        Command::SaveAs,
        Command::Export,
        Command::CloseProject,
        Command::Undo,
        Command::Redo,
        Command::ZoomIn,
        Command::ZoomOut,
        Command::ZoomFit,
        Command::Zoom100,
        Command::ToggleOverlay,
        Command::ToggleGuides,
        Command::SetCompare(Compare::Split),
        Command::NewPattern,
        Command::BrushSmaller,
        Command::BrushLarger,
        Command::Quit,
    ];
    keyed.extend(Tool::ALL.map(Command::SetTool));
    let mut all: Vec<(KeyboardShortcut, Command)> = keyed
        .into_iter()
        .filter_map(|c| c.shortcut().map(|s| (s, c)))
        .chain(ALTERNATES)
        .collect();
    all.sort_by_key(|(s, _)| Reverse(specificity(s.modifiers)));
    all
}

/// How many modifiers a shortcut needs.
fn specificity(m: Modifiers) -> u8 {
    u8::from(m.alt) + u8::from(m.shift) + u8::from(m.command || m.ctrl || m.mac_cmd)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_shortcut_hides_another() {
        let all = shortcuts();
        for (i, (first, a)) in all.iter().enumerate() {
            for (second, b) in &all[i + 1..] {
                // A press of `second` exactly must not be taken by `first`, tried before it.
                let taken = first.logical_key == second.logical_key
                    && second.modifiers.matches_logically(first.modifiers);
                assert!(
                    !taken || a == b,
                    "{a:?} ({first:?}) hides {b:?} ({second:?})"
                );
            }
        }
    }

    #[test]
    fn every_shortcut_is_in_the_table() {
        let all = shortcuts();
        for (shortcut, command) in &all {
            if let Some(own) = command.shortcut() {
                assert!(all.contains(&(own, command.clone())), "{command:?}");
            }
            assert!(!command.label().is_empty(), "{shortcut:?}");
        }
        assert!(
            all.iter()
                .any(|(_, c)| *c == Command::SetTool(Tool::MatchHair))
        );
    }
}
