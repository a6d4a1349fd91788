//! The steps of a consultation (photo, scale, hairline, look, compare, export): each jumps to
//! its tool or window and says what to do there.

use crate::app::app::FollicleApp;
use crate::app::command::{Command, Compare, Step, Tool};
use crate::engine::export::Layout;

impl FollicleApp {
    /// Goes to `step`: its tool, comparison or window, and a word on what to do.
    pub(in crate::app) fn go_to(&mut self, step: Step, ctx: &egui::Context) {
        if self.state.doc.is_none() && step != Step::Photo {
            self.state.say("Open the client's photo first.");
            return;
        }
        self.state.step = step;
        match step {
            Step::Photo => self.run(Command::OpenPhoto, ctx),
            Step::Scale => self.state.tool = Tool::Calibrate,
            Step::Hairline => self.state.tool = Tool::Hairline,
            Step::Look => self.state.tool = Tool::Pan,
            Step::Compare => {
                self.state.tool = Tool::Pan;
                self.state.canvas.compare = Compare::Split;
                // What the client compares is what they take home.
                self.state.export.options.layout = Layout::Split;
            }
            Step::Export => self.run(Command::Export, ctx),
        }
        if step != Step::Photo {
            self.state.say(step.hint());
        }
    }
}
