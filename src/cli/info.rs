//! `info` (a project's views, photos, scales and layers as JSON) and `presets`.

use std::path::Path;

use anyhow::Result;

use crate::engine::advice::advise;
use crate::engine::anatomy::view_guides;
use crate::engine::geometry::{Scar, ScarShape};
use crate::engine::hair::detect_hair;
use crate::engine::open::{open_consultation, view_photo};
use crate::engine::optics::{apparent_spot_mm, needle_mm};
use crate::engine::pigment::format_dilution;
use crate::engine::presets;
use crate::engine::project::{Project, ScalpView};
use crate::engine::render::{PatternCache, ScarLight, dot_counts, skin_optics};
use crate::engine::skin::{SkinSample, SkinTone, sample_auto};

pub(super) fn info(path: &Path) -> Result<()> {
    let project = open_consultation(path)?;
    let mut views = Vec::new();
    for index in 0..project.views.len() {
        let view = project.with_view(index);
        views.push(view_info(&view)?);
    }
    for view in &project.views {
        if let Some(copy) = &view.reduced {
            eprintln!(
                "note: the {} view's photo {} is not beside {}: shown on the reduced copy inside \
                 it ({} × {} of {} × {} pixels); put the photo beside it to export",
                view.name,
                view.photo
                    .file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
                path.display(),
                copy.size.0,
                copy.size.1,
                copy.full_size.0,
                copy.full_size.1
            );
        }
    }
    let current = views.get(project.current).cloned().unwrap_or_default();
    let doc = serde_json::json!({
        "project": path.display().to_string(),
        "version": project.version,
        "photo": current["photo"],
        "scale": current["scale"],
        "stage": project.stage.name(),
        "sessions": project.last_session(),
        "shown_session": project.shown_session(),
        "client": { "name": project.client.name, "date": project.client.date },
        "current_view": project.view().name,
        "layers": current["layers"],
        "views": views,
    });
    println!("{}", serde_json::to_string_pretty(&doc)?);
    Ok(())
}

/// A layer's scar as JSON.
fn scar_info(s: &Scar) -> serde_json::Value {
    let shape = match &s.shape {
        ScarShape::Region => "region",
        ScarShape::Strip { .. } => "strip",
        ScarShape::Dots { .. } => "dots",
    };
    serde_json::json!({
        "shape": shape,
        "retention": s.retention,
        "unevenness": s.unevenness,
        "camouflage": s.camouflage,
        "widest_mm": s.widest_mm(),
    })
}

/// The view's skin as JSON. A tone the practitioner sampled is theirs; an automatic one (`auto`)
/// says how sure its type is.
fn skin_info(tone: &SkinTone, auto: Option<&SkinSample>) -> serde_json::Value {
    serde_json::json!({
        "srgb": tone.srgb,
        "fitzpatrick": tone.fitzpatrick_label(),
        "description": tone.description(),
        "sampled": auto.is_none(),
        "confidence": auto.map(|s| (s.confidence * 100.0).round() / 100.0),
        "sureness": auto.map(SkinSample::sureness),
        "summary": auto.map_or_else(
            || format!("Type {} ({}), sampled by hand", tone.fitzpatrick_label(), tone.description()),
            SkinSample::summary,
        ),
    })
}

/// One view as JSON: its photo, scale, skin and layers with their dot counts. A view shown on the
/// reduced copy of its photo says so, and gives its scale and counts on the copy.
fn view_info(project: &Project) -> Result<serde_json::Value> {
    let view = project.view();
    let photo_path = &view.photo;
    // The photo is read for the hair of thinning-hair layers and for the skin tone.
    let image = view_photo(view)?;
    let (w, h) = image.dimensions();
    let hair = detect_hair(&image, view.scale.px_per_mm, &view.hair);
    let needed_hair = view.needs_hair().then_some(&hair);
    let light = ScarLight::measure(project, &image, needed_hair, &skin_optics(view, &image));
    let counts = dot_counts(
        project,
        w,
        h,
        needed_hair,
        &light,
        &mut PatternCache::default(),
    )?;
    let (skin, auto) = match view.skin {
        Some(rgb) => (Some(SkinTone::from_srgb(rgb)), None),
        None => {
            let auto = sample_auto(&image, |_, _| 1.0, Some(&hair));
            (auto.map(|s| s.tone), auto)
        }
    };
    let layers: Vec<serde_json::Value> = view
        .layers
        .iter()
        .zip(counts)
        .map(|(l, dots)| {
            let scar = l.scar.as_ref().map(scar_info);
            let advice: Vec<String> = skin
                .as_ref()
                .map(|t| advise(t, &l.look(), l.density).iter().map(|a| a.message()).collect())
                .unwrap_or_default();
            serde_json::json!({
                "name": l.name,
                "kind": format!("{:?}", l.kind).to_lowercase(),
                "visible": l.visible,
                "session": l.session,
                "density_per_cm2": l.density,
                "dot_mm": l.dot_mm,
                "shade": format_dilution(l.dilution),
                "size_jitter": l.size_jitter,
                "tone_jitter": l.tone_jitter,
                "needle": l.shape.needle.label(),
                "needle_mm": (needle_mm(l.dot_mm) * 100.0).round() / 100.0,
                "apparent_spot_mm": (apparent_spot_mm(l.shape.needle, l.dot_mm) * 100.0).round() / 100.0,
                "elongation": l.shape.elongation,
                "direction_deg": l.shape.direction_deg,
                "direction_spread_deg": l.shape.direction_spread_deg,
                "softness": l.shape.softness,
                "merge": l.shape.merge,
                "matched_hair": l.hair_match.as_ref().map(|m| serde_json::json!({
                    "at": m.at,
                    "hair_srgb": m.hair,
                    "skin_srgb": m.skin,
                    "treated_srgb": m.result,
                    "note": m.note,
                })),
                "seed": l.seed,
                "has_hairline": l.hairline.is_some(),
                "avoid_hair": l.avoid_hair,
                "scar": scar,
                "advice": advice,
                "dots": dots,
            })
        })
        .collect();
    let skin = skin.map(|tone| skin_info(&tone, auto.as_ref()));
    Ok(serde_json::json!({
        "name": view.name,
        "photo": {
            "path": photo_path.display().to_string(),
            "width": w,
            "height": h,
            "reduced_copy": view.reduced.as_ref().map(|copy| serde_json::json!({
                "inside": copy.inside.display().to_string(),
                "full_width": copy.full_size.0,
                "full_height": copy.full_size.1,
            })),
        },
        "scale": { "px_per_mm": view.scale.px_per_mm, "calibrated": view.scale.calibrated },
        "head_ellipse": view.head.map(|h| serde_json::json!({
            "centre": h.centre,
            "radii": h.radii,
        })),
        "face_guides": face_guides(view),
        "hair_fraction": hair.hair_fraction(),
        "skin": skin,
        "layers": layers,
    }))
}

/// A view's face guides with where they put the hairline's middle, or why they cannot.
fn face_guides(view: &ScalpView) -> Option<serde_json::Value> {
    let guides = view.face?;
    let placed = view_guides(view, None)?;
    Some(serde_json::json!({
        "glabella": guides.glabella,
        "eye_corners": guides.eye_corners,
        "hairline_height_mm": guides.hairline_height_mm,
        "mid_frontal": placed.as_ref().ok().map(|p| p.mid_frontal),
        "note": match &placed {
            Ok(p) => p.notes().swap_remove(0),
            Err(e) => e.to_string(),
        },
    }))
}

pub(super) fn list_presets() -> Result<()> {
    println!("Built-in presets:");
    for (file, p) in presets::built_in_by_file() {
        println!("  {file:<18} {}: {}", p.name, p.description);
    }
    let Some(dir) = presets::user_dir() else {
        return Ok(());
    };
    let (user, problems) = presets::load_user(&dir);
    if !user.is_empty() {
        println!("Your presets ({}):", dir.display());
        for p in &user {
            println!("  {:<18} {}: {}", p.slug(), p.name, p.description);
        }
    }
    for problem in problems {
        eprintln!("skipped {problem}");
    }
    Ok(())
}
