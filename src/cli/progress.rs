//! Progress on standard error: a spinner (and, for collectors, one bar per
//! account/region or cluster) on a terminal; nothing when standard error is
//! not a terminal or `--quiet` is given.

use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::time::Duration;

/// The run's progress display; every method is a no-op when it is hidden.
pub struct Progress {
    multi: Option<MultiProgress>,
    main: Option<ProgressBar>,
}

impl Progress {
    /// Shown only on a terminal and without `--quiet`.
    pub fn new(quiet: bool) -> Self {
        if quiet || !std::io::stderr().is_terminal() {
            return Self::hidden();
        }
        let multi = MultiProgress::new();
        let main = multi.add(ProgressBar::new_spinner());
        main.enable_steady_tick(Duration::from_millis(100));
        Progress {
            multi: Some(multi),
            main: Some(main),
        }
    }

    /// A display that shows nothing (tests, libraries).
    pub fn hidden() -> Self {
        Progress {
            multi: None,
            main: None,
        }
    }

    /// Sets the main spinner's message.
    pub fn say(&self, message: &str) {
        if let Some(pb) = &self.main {
            pb.set_message(message.to_string());
        }
    }

    /// A spinner line of its own (one per account/region or cluster) with a
    /// running count; hidden when the display is.
    pub fn task(&self, name: &str) -> ProgressBar {
        match &self.multi {
            Some(multi) => {
                let pb = multi.add(ProgressBar::new_spinner());
                pb.set_style(
                    ProgressStyle::with_template("{spinner} {prefix}: {msg} ({pos} resources)")
                        .expect("valid template"),
                );
                pb.set_prefix(name.to_string());
                pb.enable_steady_tick(Duration::from_millis(100));
                pb
            }
            None => ProgressBar::hidden(),
        }
    }

    /// Removes the display before the report is written.
    pub fn finish(&self) {
        if let Some(pb) = &self.main {
            pb.finish_and_clear();
        }
        if let Some(multi) = &self.multi {
            let _ = multi.clear();
        }
    }
}
