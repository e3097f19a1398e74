//! Native file dialogs, run on a background thread so the window keeps drawing while one is open.
//! The chosen path comes back as a document action; the thread wakes the sleeping window when the user
//! answers, so an open dialog costs no frames.

use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, channel};

use bevy::prelude::*;
use bevy::winit::{EventLoopProxyWrapper, WinitUserEvent};

use super::actions::{OpenPlan, SavePlanAs, StatusLine};
use super::export::{Export, ExportKind};

/// Registers the dialog requests.
pub fn plugin(app: &mut App) {
    app.init_resource::<PendingDialog>()
        .add_observer(on_open_dialog)
        .add_observer(on_save_as_dialog)
        .add_observer(on_export_dialog)
        .add_systems(Update, poll_dialog);
}

/// Ask the user for a plan file to open.
#[derive(Event, Debug, Clone)]
pub struct ShowOpenDialog;

/// Ask the user where to save the plan.
#[derive(Event, Debug, Clone)]
pub struct ShowSaveAsDialog {
    /// The file name to suggest.
    pub suggested_name: String,
}

/// Ask the user where to export the plan or the view.
#[derive(Event, Debug, Clone)]
pub struct ShowExportDialog {
    /// What is exported.
    pub kind: ExportKind,
    /// The file name to suggest.
    pub suggested_name: String,
}

enum Chosen {
    Open(PathBuf),
    SaveAs(PathBuf),
    Export(ExportKind, PathBuf),
}

/// The dialog in flight, if any: only one at a time.
#[derive(Resource, Default)]
pub struct PendingDialog(Mutex<Option<Receiver<Option<Chosen>>>>);

impl PendingDialog {
    /// True while a dialog is open.
    pub fn is_open(&self) -> bool {
        self.0.lock().map(|r| r.is_some()).unwrap_or(false)
    }

    fn start(
        &self,
        waker: Option<&EventLoopProxyWrapper>,
        job: impl FnOnce() -> Option<Chosen> + Send + 'static,
    ) {
        let Ok(mut slot) = self.0.lock() else { return };
        if slot.is_some() {
            return;
        }
        let (tx, rx) = channel();
        let waker = waker.map(|w| (**w).clone());
        std::thread::spawn(move || {
            let _ = tx.send(job());
            // The window may be asleep: wake it so the answer is picked up at once.
            if let Some(waker) = waker {
                let _ = waker.send_event(WinitUserEvent::WakeUp);
            }
        });
        *slot = Some(rx);
    }
}

fn plan_dialog() -> rfd::FileDialog {
    let dialog = rfd::FileDialog::new().add_filter("Session plan", &["ron"]);
    match std::env::current_dir() {
        Ok(dir) => dialog.set_directory(dir),
        Err(_) => dialog,
    }
}

fn on_open_dialog(
    _: On<ShowOpenDialog>,
    pending: Res<PendingDialog>,
    waker: Option<Res<EventLoopProxyWrapper>>,
) {
    pending.start(waker.as_deref(), || {
        plan_dialog().pick_file().map(Chosen::Open)
    });
}

fn on_save_as_dialog(
    request: On<ShowSaveAsDialog>,
    pending: Res<PendingDialog>,
    waker: Option<Res<EventLoopProxyWrapper>>,
) {
    let name = request.suggested_name.clone();
    pending.start(waker.as_deref(), move || {
        plan_dialog()
            .set_file_name(name)
            .save_file()
            .map(Chosen::SaveAs)
    });
}

fn on_export_dialog(
    request: On<ShowExportDialog>,
    pending: Res<PendingDialog>,
    waker: Option<Res<EventLoopProxyWrapper>>,
) {
    let name = request.suggested_name.clone();
    let kind = request.kind;
    pending.start(waker.as_deref(), move || {
        let dialog = match kind {
            ExportKind::Image(_) => rfd::FileDialog::new().add_filter("PNG image", &["png"]),
            ExportKind::AnonymisedCopy => plan_dialog(),
            ExportKind::Handout(_) => rfd::FileDialog::new().add_filter("PDF document", &["pdf"]),
        };
        dialog
            .set_file_name(name)
            .save_file()
            .map(|path| Chosen::Export(kind, path))
    });
}

fn poll_dialog(
    pending: Res<PendingDialog>,
    mut status: ResMut<StatusLine>,
    mut commands: Commands,
) {
    let Ok(mut slot) = pending.0.lock() else {
        return;
    };
    let Some(rx) = slot.as_ref() else { return };
    let Ok(result) = rx.try_recv() else {
        return;
    };
    *slot = None;
    match result {
        Some(Chosen::Open(path)) => commands.trigger(OpenPlan { path }),
        Some(Chosen::SaveAs(path)) => commands.trigger(SavePlanAs { path }),
        Some(Chosen::Export(kind, path)) => commands.trigger(Export { kind, path }),
        // Cancelled, or no dialog could be shown (a desktop without a file dialog service).
        None => status.info(
            "No file chosen. If no file dialog appeared, use File → Open path… or Save to path….",
        ),
    }
}
