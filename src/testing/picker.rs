//! A file picker that answers from a script, for driving the app in tests.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};

use crate::app::dialogs::{Answer, FilePicker, Picked, Purpose};

/// A picker that answers from a script: each request takes the next answer (a path, or None for
/// a cancelled dialog; [`ScriptedPicker::push_unavailable`] for one that cannot open).
pub struct ScriptedPicker {
    answers: Mutex<VecDeque<Answer>>,
    /// Every purpose asked for, in order.
    pub asked: Arc<Mutex<Vec<Purpose>>>,
}

impl ScriptedPicker {
    pub fn new(answers: impl IntoIterator<Item = Option<PathBuf>>) -> Self {
        ScriptedPicker {
            answers: Mutex::new(answers.into_iter().map(answer_of).collect()),
            asked: Arc::default(),
        }
    }

    /// Adds an answer for a later request.
    pub fn push(&self, answer: Option<PathBuf>) {
        if let Ok(mut a) = self.answers.lock() {
            a.push_back(answer_of(answer));
        }
    }

    /// The next request finds that dialogs cannot open, for this reason.
    pub fn push_unavailable(&self, why: &str) {
        if let Ok(mut a) = self.answers.lock() {
            a.push_back(Answer::Unavailable(why.to_string()));
        }
    }
}

impl FilePicker for ScriptedPicker {
    fn pick(&self, purpose: Purpose, reply: Sender<Picked>, repaint: egui::Context) {
        if let Ok(mut asked) = self.asked.lock() {
            asked.push(purpose.clone());
        }
        let answer = self
            .answers
            .lock()
            .ok()
            .and_then(|mut a| a.pop_front())
            .unwrap_or(Answer::Cancelled);
        let _ = reply.send((purpose, answer));
        repaint.request_repaint();
    }
}

fn answer_of(path: Option<PathBuf>) -> Answer {
    path.map_or(Answer::Cancelled, Answer::Chosen)
}
