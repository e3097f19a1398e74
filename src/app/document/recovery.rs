//! The recovery files of each running window, so two windows never write over each other's unsaved work.
//!
//! A window's slot is three files in the data folder: `recovery-ID.ron` (the unsaved plan),
//! `recovery-ID-origin.txt` (the file it came from) and `recovery-ID.lock`, which the window keeps locked
//! (an advisory lock of the operating system, released when the process ends, however it ends). A recovery
//! file whose lock can be taken belongs to a window that is gone: it is an orphan, to be offered. The
//! `recovery.ron` of earlier versions is a slot like any other. This module owns the names and the locks; it
//! does not decide when to write, and knows nothing of Bevy.

use std::fs::{self, File, TryLockError};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::SystemTime;

use crate::private;

const PREFIX: &str = "recovery";

/// One window's recovery files, locked by the window that holds this value once it has written them.
#[derive(Debug)]
pub struct Slot {
    dir: PathBuf,
    stem: String,
    lock: Option<File>,
}

impl Slot {
    /// A new slot for this window in `dir`, with a name no file there has yet.
    pub fn fresh(dir: &Path) -> Self {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        loop {
            let n = NEXT.fetch_add(1, Ordering::Relaxed);
            let slot = Self {
                dir: dir.to_owned(),
                stem: format!("{PREFIX}-{}-{n}", std::process::id()),
                lock: None,
            };
            if [slot.plan(), slot.origin(), slot.lock_path()]
                .iter()
                .all(|p| fs::symlink_metadata(p).is_err())
            {
                return slot;
            }
        }
    }

    /// The recovery plan file.
    pub fn plan(&self) -> PathBuf {
        self.dir.join(format!("{}.ron", self.stem))
    }

    /// The file naming where the plan came from (empty for a new plan).
    pub fn origin(&self) -> PathBuf {
        self.dir.join(format!("{}-origin.txt", self.stem))
    }

    fn lock_path(&self) -> PathBuf {
        self.dir.join(format!("{}.lock", self.stem))
    }

    /// Takes the slot's lock; false when another live window holds it.
    fn try_lock(&mut self) -> io::Result<bool> {
        if self.lock.is_some() {
            return Ok(true);
        }
        private::private_dir(&self.dir)?;
        let file = private::open_or_create(&self.lock_path())?;
        match file.try_lock() {
            Ok(()) => {
                self.lock = Some(file);
                Ok(true)
            }
            Err(TryLockError::WouldBlock) => Ok(false),
            Err(TryLockError::Error(e)) => Err(e),
        }
    }

    /// Writes the plan's text and where it came from, owner-only and atomically, holding the lock.
    pub fn write(&mut self, plan_text: &str, origin: &str) -> io::Result<()> {
        if !self.try_lock()? {
            return Err(io::Error::other(format!(
                "{} is held by another window",
                self.lock_path().display()
            )));
        }
        private::write_atomically(&self.plan(), plan_text.as_bytes())?;
        private::write_atomically(&self.origin(), origin.as_bytes())
    }

    /// Removes the slot's files (the plan first, so no window sees a plan without its lock), then lets go
    /// of the lock.
    pub fn remove(&mut self) {
        for file in [self.plan(), self.origin(), self.lock_path()] {
            let _ = fs::remove_file(file);
        }
        self.lock = None;
    }
}

/// The recovery files in `dir` whose windows are gone, newest first, each locked for the caller so no other
/// window offers it at the same time. Dropping a slot lets it go for the next start.
pub fn orphans(dir: &Path) -> Vec<Slot> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<(Option<SystemTime>, Slot)> = entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let stem = name.strip_suffix(".ron")?;
            stem.starts_with(PREFIX).then(|| {
                let modified = entry.metadata().and_then(|m| m.modified()).ok();
                let slot = Slot {
                    dir: dir.to_owned(),
                    stem: stem.to_owned(),
                    lock: None,
                };
                (modified, slot)
            })
        })
        .collect();
    found.sort_by_key(|(modified, _)| std::cmp::Reverse(*modified));
    found
        .into_iter()
        .filter_map(|(_, mut slot)| {
            if !slot.try_lock().unwrap_or(false) {
                return None;
            }
            if slot.plan().exists() {
                Some(slot)
            } else {
                // Its window removed it while we looked.
                slot.remove();
                None
            }
        })
        .collect()
}
