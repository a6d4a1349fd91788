//! A file picker that answers from a script, for driving the app in tests.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};

use crate::app::dialogs::{FilePicker, Picked, Purpose};

/// A picker that answers from a script: each request takes the next answer.
pub struct ScriptedPicker {
    answers: Mutex<VecDeque<Option<PathBuf>>>,
    /// Every purpose asked for, in order.
    pub asked: Arc<Mutex<Vec<Purpose>>>,
}

impl ScriptedPicker {
    pub fn new(answers: impl IntoIterator<Item = Option<PathBuf>>) -> Self {
        ScriptedPicker {
            answers: Mutex::new(answers.into_iter().collect()),
            asked: Arc::default(),
        }
    }

    /// Adds an answer for a later request.
    pub fn push(&self, answer: Option<PathBuf>) {
        if let Ok(mut a) = self.answers.lock() {
            a.push_back(answer);
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
            .flatten();
        let _ = reply.send((purpose, answer));
        repaint.request_repaint();
    }
}
