//! Owner-only files: every file the app and the command line write (plans, their backups, the recovery
//! files, the recent-files list, rendered stills) goes through here.
//!
//! On Unix a file is created with mode 0600 by the `open` call itself, before any byte is written, and the
//! app's data folder is kept at 0700, whatever the process umask. Elsewhere the files live in per-user
//! folders and keep the system's default access. Writing is atomic: a temporary file in the destination's
//! folder is written, flushed to disk and renamed into place, so a crash leaves the old file or the new
//! one, never a mix. This module knows nothing about plans.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The mode of every file the app writes, on Unix: read and write for the owner only.
pub const FILE_MODE: u32 = 0o600;

/// The mode of the app's data folder, on Unix: the owner only.
pub const DIR_MODE: u32 = 0o700;

/// A new owner-only temporary file beside its destination. It is removed when dropped unless
/// [`PrivateTemp::persist`] moved it into place.
#[derive(Debug)]
pub struct PrivateTemp {
    file: File,
    tmp: PathBuf,
    persisted: bool,
}

impl PrivateTemp {
    /// Creates `.NAME.PID.tmp` in the folder of `dest`, owner-only from the moment it exists. A stale file
    /// of that name (left by a process with the same id) is removed first; anything else in the way is an
    /// error.
    pub fn create(dest: &Path) -> io::Result<Self> {
        let dir = match dest.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
            _ => PathBuf::from("."),
        };
        let name = dest.file_name().unwrap_or_default().to_string_lossy();
        let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        if let Ok(meta) = fs::symlink_metadata(&tmp)
            && meta.is_file()
        {
            fs::remove_file(&tmp)?;
        }
        let file = create_new(&tmp)?;
        Ok(Self {
            file,
            tmp,
            persisted: false,
        })
    }

    /// The open temporary file.
    pub fn file(&self) -> &File {
        &self.file
    }

    /// The temporary file's path.
    pub fn path(&self) -> &Path {
        &self.tmp
    }

    /// Writes all of `bytes`.
    pub fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.file.write_all(bytes)
    }

    /// Flushes the file to disk and renames it to `dest`, replacing what was there.
    pub fn persist(mut self, dest: &Path) -> io::Result<()> {
        self.file.sync_all()?;
        fs::rename(&self.tmp, dest)?;
        self.persisted = true;
        sync_folder(dest);
        Ok(())
    }
}

impl Drop for PrivateTemp {
    fn drop(&mut self) {
        if !self.persisted {
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

/// Writes `bytes` to `path` as an owner-only file, atomically: through a temporary file flushed to disk,
/// then renamed into place. The folder must exist.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut tmp = PrivateTemp::create(path)?;
    tmp.write_all(bytes)?;
    tmp.persist(path)
}

/// Opens `path` for reading and writing, creating it owner-only if it does not exist; an existing file is
/// narrowed to owner-only.
pub fn open_or_create(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    owner_only(&mut options);
    let file = options.open(path)?;
    narrow(&file)?;
    Ok(file)
}

/// Creates the app's data folder (and its parents) if needed and makes it owner-only, narrowing a folder
/// that already exists with wider access.
pub fn private_dir(dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(dir)?.permissions().mode();
        if mode & 0o777 != DIR_MODE {
            fs::set_permissions(dir, fs::Permissions::from_mode(DIR_MODE))?;
        }
    }
    Ok(())
}

fn create_new(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    owner_only(&mut options);
    options.open(path)
}

#[cfg(unix)]
fn owner_only(options: &mut OpenOptions) {
    use std::os::unix::fs::OpenOptionsExt;
    options.mode(FILE_MODE);
}

#[cfg(not(unix))]
fn owner_only(_: &mut OpenOptions) {}

#[cfg(unix)]
fn narrow(file: &File) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    if file.metadata()?.permissions().mode() & 0o077 != 0 {
        file.set_permissions(fs::Permissions::from_mode(FILE_MODE))?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn narrow(_: &File) -> io::Result<()> {
    Ok(())
}

/// Makes a rename durable by flushing the folder that holds it; where folders cannot be flushed (some file
/// systems, Windows) the rename is still atomic, only its durability after power loss is the system's.
fn sync_folder(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = path.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}
