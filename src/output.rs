//! Writes a run's files safely: all into a staging folder inside the target
//! first (so every move stays on the target's own file system, even when
//! `--out` is a mount point or a link onto another disk), then each moved into
//! place by an atomic rename (a copy and a rename where a rename cannot cross
//! devices). A failed or interrupted run leaves the previous results untouched
//! and no half-written files; files an earlier run wrote that this one does
//! not (PNGs when only SVG is asked) go with the old results. Concurrent
//! writers to one folder take turns through a lock file, so a folder is
//! never a mix of two runs; staging folders of killed runs are removed.
//!
//! Interrupts (Ctrl-C, SIGTERM, SIGHUP) are handled by
//! [`install_interrupt_handler`]: the handler waits while files are being
//! moved into place (a few renames), removes every staging folder and
//! temporary file, and exits with code 130. Before that point the previous
//! results have not been touched; after it the new ones are complete.
//!
//! Exit codes: an output location that cannot be used (the path or one of its
//! parents is a file, no permission, read-only file system) is the user's to
//! fix by choosing another `--out`, so it is bad input (exit code 2); the disk
//! failing while files are written (full, I/O error) is a failure (exit code 1).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::error::BadInput;

/// Exit code of a run stopped by an interrupt (128 + SIGINT).
pub const INTERRUPTED_EXIT_CODE: i32 = 130;

/// The run was interrupted; nothing was moved into place.
#[derive(Debug, thiserror::Error)]
#[error("interrupted: no results were written (earlier results, if any, are untouched)")]
pub struct Interrupted;

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Temporary folders and files being written; held locked while they are
/// written and moved into place, so that the interrupt handler waits for a
/// consistent state before it removes them.
static STAGING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Environment variable (tests only): milliseconds to wait, with the staging
/// folder complete, before the files are moved into place.
const HOLD_VAR: &str = "BPOSIM_TEST_HOLD_STAGING_MS";

fn staging_lock() -> MutexGuard<'static, Vec<PathBuf>> {
    STAGING.lock().unwrap_or_else(|e| e.into_inner())
}

fn remove_temporary(path: &Path) {
    if path.is_dir() {
        let _ = fs::remove_dir_all(path);
    } else {
        let _ = fs::remove_file(path);
    }
}

/// True once an interrupt has been received.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Installs the handler for Ctrl-C (and SIGTERM, SIGHUP): remove temporary
/// folders and files, then exit with [`INTERRUPTED_EXIT_CODE`].
pub fn install_interrupt_handler() -> Result<()> {
    ctrlc::set_handler(|| {
        INTERRUPTED.store(true, Ordering::SeqCst);
        // Wait (bounded) for a write or move in progress to finish or give up.
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut guard = loop {
            match STAGING.try_lock() {
                Ok(g) => break Some(g),
                Err(std::sync::TryLockError::Poisoned(e)) => break Some(e.into_inner()),
                Err(std::sync::TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(std::sync::TryLockError::WouldBlock) => break None,
            }
        };
        if let Some(list) = guard.as_mut() {
            for path in list.drain(..) {
                remove_temporary(&path);
            }
        }
        eprintln!("interrupted: stopped; earlier results, if any, are untouched");
        std::process::exit(INTERRUPTED_EXIT_CODE);
    })
    .context("cannot install the Ctrl-C handler")
}

/// A file to write, relative to the output folder.
pub struct OutputFile {
    /// Path relative to the output folder.
    pub path: PathBuf,
    /// Contents.
    pub bytes: Vec<u8>,
}

impl OutputFile {
    /// A file with the given relative path and contents.
    pub fn new(path: impl Into<PathBuf>, bytes: Vec<u8>) -> Self {
        Self {
            path: path.into(),
            bytes,
        }
    }
}

/// The staging folder used while writing `out` (inside it).
pub fn staging_dir(out: &Path) -> PathBuf {
    out.join(format!(".bposim-staging-{}", std::process::id()))
}

/// True if process `pid` is running (unknown on this system: assumed running).
fn alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.is_dir() || proc.join(pid.to_string()).exists()
}

/// Removes staging folders that killed runs left in `out`.
fn remove_stale_staging(out: &Path) {
    let Ok(entries) = fs::read_dir(out) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(pid) = name
            .strip_prefix(".bposim-staging-")
            .and_then(|p| p.parse::<u32>().ok())
            && pid != std::process::id()
            && !alive(pid)
        {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// The lock that makes writers to one folder take turns.
struct FolderLock(PathBuf);

impl FolderLock {
    /// Takes `out/.bposim.lock`, waiting up to a minute for another live
    /// writer; a lock left by a killed run is taken over.
    fn take(out: &Path) -> Result<FolderLock> {
        let path = out.join(".bposim.lock");
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            match fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(mut file) => {
                    let _ = write!(file, "{}", std::process::id());
                    return Ok(FolderLock(path));
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let holder = fs::read_to_string(&path)
                        .ok()
                        .and_then(|t| t.trim().parse::<u32>().ok());
                    match holder {
                        Some(pid) if !alive(pid) => {
                            let _ = fs::remove_file(&path);
                        }
                        _ if Instant::now() >= deadline => {
                            return Err(BadInput::new(format!(
                                "another bposim is writing into {} (lock {}); wait for it or choose another --out",
                                out.display(),
                                path.display()
                            ))
                            .into());
                        }
                        _ => std::thread::sleep(Duration::from_millis(50)),
                    }
                }
                Err(e) => {
                    return Err(location_error(
                        "--out",
                        out,
                        &format!("cannot lock it ({})", io_reason(&e)),
                    )
                    .into());
                }
            }
        }
    }
}

impl Drop for FolderLock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
    }
}

/// Moves a file, across devices if need be (copy aside, then rename).
fn move_file(from: &Path, to: &Path) -> std::io::Result<()> {
    match fs::rename(from, to) {
        Err(e) if e.raw_os_error() == Some(EXDEV) => {
            let aside = to.with_file_name(format!(
                ".{}.bposim-copy",
                to.file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
            ));
            fs::copy(from, &aside)?;
            fs::rename(&aside, to)?;
            fs::remove_file(from)
        }
        other => other,
    }
}

/// "Invalid cross-device link" (Linux and macOS).
const EXDEV: i32 = 18;

/// Files of an earlier run in `out` that this run does not write: they go
/// with the old results.
fn stale_files(out: &Path, files: &[OutputFile]) -> Vec<PathBuf> {
    let writes = |rel: &Path| files.iter().any(|f| f.path == rel);
    let mut stale: Vec<PathBuf> = WRITTEN
        .iter()
        .map(PathBuf::from)
        .filter(|rel| out.join(rel).is_file() && !writes(rel))
        .collect();
    if let Ok(entries) = fs::read_dir(out.join("charts")) {
        for entry in entries.flatten() {
            let rel = Path::new("charts").join(entry.file_name());
            let chart = rel.extension().is_some_and(|e| e == "svg" || e == "png");
            if chart && entry.path().is_file() && !writes(&rel) {
                stale.push(rel);
            }
        }
    }
    stale.sort();
    stale
}

fn parent_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

fn sibling(out: &Path, tag: &str) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    parent_of(out).join(format!(".{name}.{tag}-{}", std::process::id()))
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        std::io::ErrorKind::ReadOnlyFilesystem => "the file system is read-only".to_string(),
        std::io::ErrorKind::NotFound => "no such folder".to_string(),
        _ => e.to_string(),
    }
}

fn location_error(what: &str, path: &Path, reason: &str) -> BadInput {
    BadInput::new(format!(
        "cannot use the output location {}: {reason}; choose another {what}",
        path.display()
    ))
}

/// Checks, without leaving anything behind, that `path` can be created or
/// replaced: `is_folder` tells whether it is to be a folder (`--out`) or a file.
fn check_path(path: &Path, is_folder: bool, what: &str) -> Result<(), BadInput> {
    if path.as_os_str().is_empty() {
        return Err(location_error(what, path, "the path is empty"));
    }
    let link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if link && fs::metadata(path).is_err() {
        return Err(location_error(
            what,
            path,
            "it is a link that leads nowhere (dangling, or a loop)",
        ));
    }
    if let Ok(meta) = fs::metadata(path) {
        if is_folder && !meta.is_dir() {
            return Err(location_error(what, path, "it exists and is not a folder"));
        }
        if !is_folder && meta.is_dir() {
            return Err(location_error(what, path, "it is a folder"));
        }
    }
    // The nearest existing ancestor must be a folder we may write in.
    let mut ancestor = parent_of(path);
    loop {
        match fs::metadata(ancestor) {
            Ok(meta) if meta.is_dir() => break,
            Ok(_) => {
                return Err(location_error(
                    what,
                    path,
                    &format!("{} is a file, not a folder", ancestor.display()),
                ));
            }
            Err(_) => match ancestor.parent() {
                Some(up) if !up.as_os_str().is_empty() => ancestor = up,
                _ => {
                    ancestor = Path::new(".");
                    break;
                }
            },
        }
    }
    let probe = ancestor.join(format!(".bposim-probe-{}", std::process::id()));
    match fs::create_dir(&probe) {
        Ok(()) => {
            let _ = fs::remove_dir(&probe);
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(location_error(
            what,
            path,
            &format!("cannot write in {} ({})", ancestor.display(), io_reason(&e)),
        )),
    }
}

/// Checks that `out` can be used as an output folder, before a long run;
/// creates nothing. Problems are bad input (exit code 2).
pub fn check_location(out: &Path) -> Result<(), BadInput> {
    check_path(out, true, "--out")
}

/// Writes all files into `out`, replacing its previous contents only when everything is written.
pub fn write_all(out: &Path, files: &[OutputFile]) -> Result<()> {
    check_location(out)?;
    let mut registry = staging_lock();
    if interrupted() {
        return Err(Interrupted.into());
    }
    let existed = out.is_dir();
    fs::create_dir_all(out).map_err(|e| {
        location_error(
            "--out",
            out,
            &format!("cannot create it ({})", io_reason(&e)),
        )
    })?;
    remove_stale_staging(out);
    let staging = staging_dir(out);
    registry.push(staging.clone());
    let result = write_into(&staging, files).and_then(|()| {
        hold_for_tests();
        if interrupted() {
            return Err(Interrupted.into());
        }
        let _lock = FolderLock::take(out)?;
        swap_in(&staging, out, files)
    });
    let _ = fs::remove_dir_all(&staging);
    registry.retain(|p| *p != staging);
    if result.is_err() && !existed {
        // Nothing of ours is left in a folder this run created.
        let _ = fs::remove_dir(out);
    }
    result
}

fn hold_for_tests() {
    if let Some(ms) = std::env::var(HOLD_VAR)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
    {
        std::thread::sleep(Duration::from_millis(ms.min(60_000)));
    }
}

fn write_into(staging: &Path, files: &[OutputFile]) -> Result<()> {
    let _ = fs::remove_dir_all(staging);
    fs::create_dir_all(staging).map_err(|e| {
        location_error(
            "--out",
            staging,
            &format!("cannot create a folder there ({})", io_reason(&e)),
        )
    })?;
    for f in files {
        let path = staging.join(&f.path);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let mut file =
            fs::File::create(&path).with_context(|| format!("cannot create {}", path.display()))?;
        file.write_all(&f.bytes)
            .and_then(|()| file.sync_all())
            .with_context(|| format!("cannot write {} (is the disk full?)", path.display()))?;
    }
    Ok(())
}

/// Moves the staged files into `out`. If a move fails, the files already
/// moved are put back as they were, so `out` holds the old results or the new
/// ones, never a mix.
fn swap_in(staging: &Path, out: &Path, files: &[OutputFile]) -> Result<()> {
    if out.exists() && !out.is_dir() {
        return Err(location_error("--out", out, "it exists and is not a folder").into());
    }
    let backup = staging.join(".previous");
    let mut done: Vec<(PathBuf, Option<PathBuf>)> = Vec::new();
    // An earlier run's files that this one does not write go aside first
    // (and come back if anything fails).
    for rel in stale_files(out, files) {
        let (target, keep) = (out.join(&rel), backup.join(&rel));
        if let Some(dir) = keep.parent() {
            fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        done.push((target.clone(), Some(keep.clone())));
        if let Err(e) = move_file(&target, &keep) {
            done.pop();
            restore(done);
            return Err(e).with_context(|| format!("cannot move {} aside", target.display()));
        }
    }
    let mut step = |f: &OutputFile| -> Result<()> {
        let target = out.join(&f.path);
        if let Some(dir) = target.parent() {
            fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let saved = if target.is_file() {
            let keep = backup.join(&f.path);
            if let Some(dir) = keep.parent() {
                fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create {}", dir.display()))?;
            }
            move_file(&target, &keep)
                .with_context(|| format!("cannot move {} aside", target.display()))?;
            Some(keep)
        } else {
            None
        };
        // Recorded before the move so that a failed move restores the old file.
        done.push((target.clone(), saved));
        move_file(&staging.join(&f.path), &target)
            .with_context(|| format!("cannot move results into {}", target.display()))
    };
    // Other files in `out` (e.g. the shards of a study) are left alone.
    let result = files.iter().try_for_each(&mut step);
    if result.is_err() {
        restore(done);
    }
    result
}

/// Puts back what a failed swap moved, newest first.
fn restore(done: Vec<(PathBuf, Option<PathBuf>)>) {
    for (target, saved) in done.into_iter().rev() {
        if let Some(saved) = saved {
            let _ = move_file(&saved, &target);
        } else {
            let _ = fs::remove_file(&target);
        }
    }
}

/// Writes one file atomically (temporary sibling, then rename).
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    check_path(path, false, "path")?;
    let mut registry = staging_lock();
    if interrupted() {
        return Err(Interrupted.into());
    }
    let tmp = sibling(path, "tmp");
    registry.push(tmp.clone());
    let result = fs::write(&tmp, bytes)
        .and_then(|()| fs::rename(&tmp, path))
        .with_context(|| format!("cannot write {}", path.display()));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    registry.retain(|p| *p != tmp);
    result
}

/// The files a command may write at the top of its output folder.
const WRITTEN: [&str; 10] = [
    "indicators.csv",
    "results.xlsx",
    "summary.json",
    "monthly.csv",
    "staffing.csv",
    "compare.csv",
    "sweep.csv",
    "report.html",
    "scenario.toml",
    "replications.json",
];

/// Refuses (exit 2) an output folder where writing would replace one of the
/// command's `inputs` (a scenario, or a shard's `replications.json`): the
/// user's files are never written over. Checked before any computing.
pub fn refuse_overwriting(out: &Path, inputs: &[PathBuf]) -> Result<(), BadInput> {
    let Ok(out) = out.canonicalize() else {
        // A folder that does not exist yet holds no input.
        return Ok(());
    };
    for input in inputs {
        let Ok(input) = input.canonicalize() else {
            continue;
        };
        let written_here = input.parent() == Some(out.as_path())
            && input
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| WRITTEN.contains(&n));
        if written_here || input.starts_with(out.join("charts")) {
            return Err(BadInput::new(format!(
                "--out {} would write over the input {}; choose another output folder",
                out.display(),
                input.display()
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_files_it_writes_and_leaves_others_alone() {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("out");
        fs::create_dir_all(&out).expect("out");
        fs::write(out.join("a.txt"), "old a").expect("a");
        fs::write(out.join("other.txt"), "other").expect("other");
        write_all(
            &out,
            &[
                OutputFile::new("a.txt", b"new a".to_vec()),
                OutputFile::new("charts/b.svg", b"b".to_vec()),
            ],
        )
        .expect("written");
        assert_eq!(fs::read_to_string(out.join("a.txt")).expect("a"), "new a");
        assert_eq!(
            fs::read_to_string(out.join("charts/b.svg")).expect("b"),
            "b"
        );
        assert_eq!(
            fs::read_to_string(out.join("other.txt")).expect("other"),
            "other"
        );
        let names: Vec<_> = fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("out")]);
    }

    #[test]
    fn a_failed_move_restores_the_previous_files() {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("out");
        fs::create_dir_all(out.join("b.txt")).expect("a folder where a file goes");
        fs::write(out.join("a.txt"), "old a").expect("a");
        let err = write_all(
            &out,
            &[
                OutputFile::new("a.txt", b"new a".to_vec()),
                OutputFile::new("b.txt", b"new b".to_vec()),
            ],
        )
        .expect_err("b.txt cannot replace a folder");
        assert!(format!("{err:#}").contains("b.txt"), "{err:#}");
        assert_eq!(fs::read_to_string(out.join("a.txt")).expect("a"), "old a");
        assert_eq!(fs::read_dir(dir.path()).expect("list").count(), 1);
    }

    #[test]
    fn unusable_locations_are_bad_input() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("f");
        fs::write(&file, "x").expect("file");
        for out in [file.clone(), file.join("out"), file.join("a/b")] {
            let err = check_location(&out).expect_err("unusable");
            assert!(err.to_string().contains("choose another --out"), "{err}");
        }
        assert!(check_location(&dir.path().join("new/deeper")).is_ok());
        assert!(
            !dir.path().join("new").exists(),
            "the check creates nothing"
        );
    }
}
