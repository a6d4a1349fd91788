//! The consultation commands: views, sessions, hairline styles and mirroring, presets, skin tone
//! and scar shade.

use std::path::{Path, PathBuf};

use super::command::Command;
use super::dialogs::Purpose;
use super::shell::FollicleApp;
use crate::engine::geometry::ScarShape;
use crate::engine::hair::detect_hair;
use crate::engine::hair_match;
use crate::engine::pigment::{format_dilution, matching_dilution};
use crate::engine::presets::{self, Preset};
use crate::engine::project::{Layer, LayerKind, ScalpView, VIEW_NAMES};
use crate::engine::render::DensityField;
use crate::engine::skin::{self, SkinTone};
use crate::engine::styles::{self, Frame};
use crate::engine::units::Scale;

impl FollicleApp {
    pub(crate) fn run_realism(&mut self, command: Command, ctx: &egui::Context) {
        if matches!(command, Command::AddView) {
            if self.doc.is_some() {
                self.pick(Purpose::AddViewPhoto, ctx);
            }
            return;
        }
        if let Command::SavePreset(name) = &command {
            self.save_preset(name.clone());
            return;
        }
        if matches!(command, Command::ToggleHairView) {
            self.show_hair = !self.show_hair;
            return;
        }
        let Some(doc) = self.doc.as_mut() else { return };
        let ppm = doc.project.scale.px_per_mm;
        let (w, h) = doc.photo.dimensions();
        let mut note: Option<(String, bool)> = None;
        match command {
            Command::SelectView(i) if i < doc.project.views.len() && i != doc.project.current => {
                doc.project.current = i;
                doc.active_layer = 0;
                doc.commit();
            }
            Command::RemoveView => {
                if doc.project.views.len() > 1 {
                    let i = doc.project.current;
                    let name = doc.project.views.remove(i).name;
                    doc.project.current = i.saturating_sub(1);
                    doc.active_layer = 0;
                    doc.commit();
                    note = Some((
                        format!("Removed the {name} view (Undo brings it back)."),
                        false,
                    ));
                } else {
                    note = Some(("A project keeps at least one view.".into(), true));
                }
            }
            Command::ShowSession(s) => {
                doc.project.session = s;
                doc.commit();
            }
            Command::AddSession => {
                if let Some(layer) = doc.project.layers.get(doc.active_layer) {
                    if layer.session >= crate::engine::project::MAX_SESSIONS {
                        note = Some((
                            "That is already the last session a plan can have.".into(),
                            true,
                        ));
                    } else {
                        // The next session continues the latest one of this pattern.
                        let seed = layer.seed;
                        let latest = doc
                            .project
                            .layers
                            .iter()
                            .filter(|l| l.seed == seed)
                            .max_by_key(|l| l.session)
                            .cloned()
                            .unwrap_or_else(|| layer.clone());
                        let next = latest.next_session();
                        let session = next.session;
                        doc.project.layers.push(next);
                        doc.active_layer = doc.project.layers.len() - 1;
                        doc.project.session = None;
                        doc.commit();
                        note = Some((
                            format!(
                                "Session {session} added: its dots fill the gaps between the earlier ones."
                            ),
                            false,
                        ));
                    }
                }
            }
            Command::SetStage(stage) => {
                doc.project.stage = stage;
                doc.commit();
            }
            Command::HairlineStyle(style) => {
                let seed = doc
                    .project
                    .layers
                    .get(doc.active_layer)
                    .map_or(0, |l| l.seed);
                if let Some(layer) = doc.project.layers.get_mut(doc.active_layer) {
                    let frame = layer
                        .hairline
                        .as_ref()
                        .and_then(|h| Frame::of(h, ppm as f32))
                        .unwrap_or_else(|| Frame::default_for(w, h, ppm));
                    let flip = layer.hairline.as_ref().is_some_and(|h| h.flip);
                    let mut hairline = styles::preset(style, frame, seed);
                    hairline.flip = flip;
                    layer.hairline = Some(hairline);
                    if layer.kind == LayerKind::Density {
                        layer.kind = LayerKind::Hairline;
                    }
                    doc.commit();
                    note = Some((
                        format!(
                            "{} hairline placed; drag its points with the Hairline tool (H).",
                            style.label()
                        ),
                        false,
                    ));
                }
            }
            Command::MirrorHairline(side) => {
                if let Some(layer) = doc.project.layers.get_mut(doc.active_layer)
                    && let Some(hairline) = &layer.hairline
                {
                    let axis =
                        Frame::of(hairline, ppm as f32).map_or(w as f32 / 2.0, |f| f.centre_x);
                    match styles::mirror(hairline, axis, side, ppm as f32, layer.seed) {
                        Some(m) => {
                            layer.hairline = Some(m);
                            doc.commit();
                        }
                        None => {
                            note = Some((
                                "That half of the hairline has no points to copy.".into(),
                                true,
                            ))
                        }
                    }
                }
            }
            Command::ApplyPreset(name) => match presets::find(&name, &self.user_presets) {
                Some(preset) => {
                    if let Some(layer) = doc.project.layers.get_mut(doc.active_layer) {
                        preset.apply(layer, Some(Frame::default_for(w, h, ppm)));
                        doc.commit();
                        note = Some((format!("Preset \"{}\" applied.", preset.name), false));
                    }
                }
                None => note = Some((format!("No preset called \"{name}\"."), true)),
            },
            Command::SampleSkin => {
                let Some(layer) = doc.project.layers.get(doc.active_layer).cloned() else {
                    return;
                };
                let (photo, path, hair) =
                    (doc.photo.clone(), doc.photo_path.clone(), doc.project.hair);
                // Hair detection and the region take a moment on a large photo: off the UI thread.
                self.compute(move || {
                    let field = DensityField::new(&layer, w, h, ppm);
                    let hair = detect_hair(&photo, ppm, &hair);
                    let tone = skin::sample_auto(
                        &photo,
                        |x, y| field.coverage(x as f32, y as f32),
                        Some(&hair),
                    );
                    Box::new(move |app: &mut FollicleApp| app.skin_sampled(&path, tone))
                });
            }
            Command::MatchHair(at) => {
                let active = doc.active_layer;
                let Some(layer) = doc.project.layers.get(active).cloned() else {
                    return;
                };
                let (photo, path, sampled) =
                    (doc.photo.clone(), doc.photo_path.clone(), doc.project.skin);
                // Rendering the candidates takes a moment: off the UI thread.
                self.compute(move || {
                    let skin = match sampled {
                        Some(rgb) => Some(SkinTone::from_srgb(rgb)),
                        None => skin::sample_auto(&photo, |_, _| 1.0, None),
                    };
                    let result = skin
                        .ok_or_else(|| {
                            "No clear skin found to match on; sample the skin first (K)."
                                .to_string()
                        })
                        .and_then(|skin| {
                            let mut layer = layer;
                            hair_match::match_hair(&photo, at, ppm, &skin, &mut layer)
                                .map(|m| {
                                    layer.hair_match = Some(m);
                                    layer
                                })
                                .map_err(|e| format!("Match hair: {e}."))
                        });
                    Box::new(move |app: &mut FollicleApp| app.hair_matched(&path, active, result))
                });
            }
            Command::MatchScarShade => {
                let active = doc.active_layer;
                let Some(layer) = doc.project.layers.get(active).cloned() else {
                    return;
                };
                let Some(scar) = layer.scar.clone() else {
                    self.note(Some(("Choose a scar layer first.".into(), true)));
                    return;
                };
                let reference = doc
                    .project
                    .layers
                    .iter()
                    .find(|l| l.visible && l.scar.is_none() && l.density > 0.0)
                    .map_or(layer.dilution, |l| l.dilution);
                let (photo, path, hair, sampled) = (
                    doc.photo.clone(),
                    doc.photo_path.clone(),
                    doc.project.hair,
                    doc.project.skin,
                );
                self.compute(move || {
                    let scar_field = DensityField::new(
                        // The scar's own area: without the hairline fade.
                        &Layer {
                            hairline: None,
                            ..layer
                        },
                        w,
                        h,
                        ppm,
                    );
                    let hair = detect_hair(&photo, ppm, &hair);
                    let inside = skin::sample_auto(
                        &photo,
                        |x, y| scar_field.coverage(x as f32, y as f32),
                        Some(&hair),
                    );
                    let around = match sampled {
                        Some(rgb) => Some(SkinTone::from_srgb(rgb)),
                        None => skin::sample_auto(
                            &photo,
                            |x, y| 1.0 - scar_field.coverage(x as f32, y as f32),
                            Some(&hair),
                        ),
                    };
                    let dilution = inside.zip(around).map(|(scar_tone, skin_tone)| {
                        matching_dilution(
                            reference,
                            scar.retention,
                            skin_tone.luminance(),
                            scar_tone.luminance(),
                        )
                    });
                    Box::new(move |app: &mut FollicleApp| {
                        app.scar_shade_matched(&path, active, dilution, reference)
                    })
                });
            }
            _ => {}
        }
        self.note(note);
    }

    /// The automatic skin sample is ready (for the photo at `path`).
    fn skin_sampled(&mut self, path: &Path, tone: Option<SkinTone>) {
        let Some(doc) = self.doc.as_mut().filter(|d| d.photo_path == path) else {
            return;
        };
        let note = match tone {
            Some(t) => {
                doc.project.skin = Some(t.srgb);
                doc.commit();
                (
                    format!(
                        "Skin sampled: {} (Fitzpatrick {}, a rough estimate).",
                        t.description(),
                        t.fitzpatrick_label()
                    ),
                    false,
                )
            }
            None => (
                "No clear skin found in this layer's region; use the Skin sample tool (K) on clear skin."
                    .into(),
                true,
            ),
        };
        self.note(Some(note));
    }

    /// The hair match is ready (for the photo at `path`, layer `index`).
    fn hair_matched(&mut self, path: &Path, index: usize, result: Result<Layer, String>) {
        let Some(doc) = self.doc.as_mut().filter(|d| d.photo_path == path) else {
            return;
        };
        let note = match (result, doc.project.layers.get_mut(index)) {
            (Ok(matched), Some(layer)) => {
                let text = format!(
                    "Matched to the client's hair: {} {:.2} mm, {:.0}/cm², {}.{}",
                    matched.shape.needle.label(),
                    crate::engine::optics::needle_mm(matched.dot_mm),
                    matched.density,
                    format_dilution(matched.dilution),
                    matched
                        .hair_match
                        .as_ref()
                        .and_then(|m| m.note.as_ref())
                        .map(|n| format!(" {n}"))
                        .unwrap_or_default()
                );
                *layer = matched;
                doc.commit();
                (text, false)
            }
            (Err(e), _) => (e, true),
            (Ok(_), None) => return,
        };
        self.note(Some(note));
    }

    /// The scar shade was worked out (for the photo at `path`, layer `index`).
    fn scar_shade_matched(
        &mut self,
        path: &Path,
        index: usize,
        dilution: Option<f32>,
        reference: f32,
    ) {
        let Some(doc) = self.doc.as_mut().filter(|d| d.photo_path == path) else {
            return;
        };
        let note = match (dilution, doc.project.layers.get_mut(index)) {
            (Some(d), Some(layer)) => {
                layer.dilution = d;
                doc.commit();
                (
                    format!(
                        "Scar shade set to {} so its dots match the {} around it.",
                        format_dilution(d),
                        format_dilution(reference)
                    ),
                    false,
                )
            }
            _ => (
                "Could not see enough clear skin in and around the scar; draw the scar first (Scar tool, R)."
                    .into(),
                true,
            ),
        };
        self.note(Some(note));
    }

    fn note(&mut self, note: Option<(String, bool)>) {
        if let Some((text, error)) = note {
            self.message = Some(super::shell::Message { text, error });
        }
    }

    fn save_preset(&mut self, name: String) {
        let name = name.trim().to_string();
        let Some(doc) = &self.doc else { return };
        let Some(layer) = doc.project.layers.get(doc.active_layer) else {
            return;
        };
        if name.is_empty() {
            self.note(Some(("Type a name for the preset first.".into(), true)));
            return;
        }
        let Some(dir) = self.presets_dir.clone() else {
            self.note(Some((
                "There is no settings folder to save presets in.".into(),
                true,
            )));
            return;
        };
        let preset = Preset::from_layer(&name, layer);
        match presets::save_user(&dir, &preset) {
            Ok(path) => {
                self.user_presets.retain(|p| p.slug() != preset.slug());
                self.user_presets.push(preset);
                self.user_presets.sort_by_key(|p| p.name.to_lowercase());
                self.preset_name.clear();
                self.note(Some((
                    format!("Preset \"{name}\" saved ({}).", path.display()),
                    false,
                )));
            }
            Err(e) => self.note(Some((format!("Preset not saved: {e}"), true))),
        }
    }

    /// Adds the photo at `path` as a new view of the open project.
    pub(crate) fn add_view(&mut self, path: PathBuf) {
        let Some(doc) = self.doc.as_mut() else { return };
        let path = std::path::absolute(&path).unwrap_or(path);
        if doc.project.views.iter().any(|v| v.photo == path) {
            self.note(Some((
                "That photo is already a view of this project.".into(),
                true,
            )));
            return;
        }
        let taken: Vec<String> = doc
            .project
            .views
            .iter()
            .map(|v| v.name.to_lowercase())
            .collect();
        let name = VIEW_NAMES
            .iter()
            .find(|n| !taken.contains(&n.to_lowercase()))
            .map_or_else(
                || format!("View {}", doc.project.views.len() + 1),
                |n| n.to_string(),
            );
        let seed =
            crate::engine::rng::mix(path.as_os_str().len() as u64 ^ doc.project.views.len() as u64)
                % 1_000_000_000;
        // The scale is a guess until the photo is loaded and calibrated.
        let mut view = ScalpView::new(&name, path.clone(), Scale::guess(3000, 2000), seed);
        view.hair = doc.project.hair;
        view.skin = doc.project.skin;
        doc.project.views.push(view);
        doc.project.current = doc.project.views.len() - 1;
        doc.active_layer = 0;
        doc.commit();
        self.note(Some((
            format!("Added the {name} view; calibrate it with the Calibrate tool (C)."),
            false,
        )));
    }

    /// Loads the current view's photo if it is not on screen yet.
    pub(crate) fn follow_view(&mut self) {
        let Some(doc) = self.doc.as_mut() else { return };
        let before = doc.photo_path.clone();
        if let Some(path) = doc.follow_view() {
            if self.loading_view.as_ref() != Some(&path) {
                self.loading_view = Some(path.clone());
                self.jobs_view_photo(path);
            }
        } else if doc.photo_path != before {
            self.canvas.reset();
        }
    }

    /// The skin tone sampled for the current view, if any.
    pub(crate) fn skin_tone(&self) -> Option<SkinTone> {
        self.doc
            .as_ref()
            .and_then(|d| d.project.skin)
            .map(SkinTone::from_srgb)
    }
}

/// How a scar shape is named in the panel.
pub(crate) fn scar_kind(shape: &ScarShape) -> &'static str {
    match shape {
        ScarShape::Region => "the layer's region",
        ScarShape::Strip { .. } => "a strip (FUT)",
        ScarShape::Dots { .. } => "round scars (FUE)",
    }
}
