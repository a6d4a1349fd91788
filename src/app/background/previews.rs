//! The preview worker: one thread that renders the latest preview asked for, keeping the
//! renderer's caches from one preview to the next.

use std::sync::mpsc::Sender;
use std::sync::{Condvar, Mutex};

use crate::engine::render::Previewer;

use super::{Done, PreviewTask, Reply};

/// The preview worker: renders the latest preview asked for, keeping its caches between them.
pub(super) fn render_previews(
    shared: &(Mutex<Option<(u64, PreviewTask)>>, Condvar),
    replies: &Sender<Reply>,
    ctx: &egui::Context,
) {
    let mut renderer = Previewer::default();
    loop {
        let (id, task) = {
            let (lock, ready) = shared;
            let Ok(mut slot) = lock.lock() else { return };
            loop {
                if let Some(next) = slot.take() {
                    break next;
                }
                slot = match ready.wait(slot) {
                    Ok(s) => s,
                    Err(_) => return,
                };
            }
        };
        renderer.show_hair = task.show_hair;
        let done = match renderer.render(&task.project, &task.photo, task.view, task.size) {
            Ok(preview) => Done::Preview(preview, None),
            Err(e) => {
                let layers = task.project.view().layers.len();
                let photo = renderer.photo_only(&task.photo, task.view, task.size, layers);
                Done::Preview(photo, Some(e))
            }
        };
        if replies
            .send(Reply::Done {
                id,
                done: Box::new(done),
            })
            .is_err()
        {
            return;
        }
        ctx.request_repaint();
    }
}
