//! The clock autosave goes by, and where autosaves are kept: tests give the app a clock they
//! move on, so they never wait a real minute.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The time autosave goes by: real time since the app started, plus any time a test moved it on.
#[derive(Clone, Debug)]
pub struct Clock {
    start: Instant,
    ahead_ms: Arc<AtomicU64>,
}

impl Default for Clock {
    fn default() -> Self {
        Clock {
            start: Instant::now(),
            ahead_ms: Arc::default(),
        }
    }
}

impl Clock {
    /// Time since the clock was made.
    pub fn now(&self) -> Duration {
        self.start.elapsed() + Duration::from_millis(self.ahead_ms.load(Ordering::Relaxed))
    }

    /// Moves the clock (and every copy of it) on by `by`.
    pub fn advance(&self, by: Duration) {
        let ms = u64::try_from(by.as_millis()).unwrap_or(u64::MAX);
        self.ahead_ms.fetch_add(ms, Ordering::Relaxed);
    }
}

/// Where the app keeps its recovery files, and the clock that times autosaves.
#[derive(Clone, Debug)]
pub struct AutosaveOptions {
    pub dir: PathBuf,
    pub clock: Clock,
}

impl AutosaveOptions {
    /// Recovery files in `dir`, on real time.
    pub fn in_dir(dir: PathBuf) -> Self {
        AutosaveOptions {
            dir,
            clock: Clock::default(),
        }
    }
}
