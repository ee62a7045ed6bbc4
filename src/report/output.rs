//! Writes a run's files safely: all into a temporary folder beside the
//! target first, then each moved into place by an atomic rename. A failed or
//! interrupted run leaves the previous results untouched and no half-written
//! files.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

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

/// The temporary sibling used while writing `out`.
pub fn staging_dir(out: &Path) -> PathBuf {
    sibling(out, "tmp")
}

fn sibling(out: &Path, tag: &str) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    parent.join(format!(".{name}.{tag}-{}", std::process::id()))
}

/// Writes all files into `out`, replacing its previous contents only when everything is written.
pub fn write_all(out: &Path, files: &[OutputFile]) -> Result<()> {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent)
        .with_context(|| format!("cannot create the output location {}", parent.display()))?;
    let staging = staging_dir(out);
    let result = write_into(&staging, files).and_then(|()| swap_in(&staging, out, files));
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

fn write_into(staging: &Path, files: &[OutputFile]) -> Result<()> {
    let _ = fs::remove_dir_all(staging);
    fs::create_dir_all(staging)
        .with_context(|| format!("cannot write to {}", staging.display()))?;
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

fn swap_in(staging: &Path, out: &Path, files: &[OutputFile]) -> Result<()> {
    if out.exists() && !out.is_dir() {
        anyhow::bail!(
            "the output path {} exists and is not a folder",
            out.display()
        );
    }
    // Every file is complete on disk before the first one moves; each move is
    // an atomic rename within the same file system. Other files in `out`
    // (e.g. the shards of a study) are left alone.
    for f in files {
        let target = out.join(&f.path);
        if let Some(dir) = target.parent() {
            fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        fs::rename(staging.join(&f.path), &target)
            .with_context(|| format!("cannot move results into {}", target.display()))?;
    }
    let _ = fs::remove_dir_all(staging);
    Ok(())
}

/// Writes one file atomically (temporary sibling, then rename).
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = sibling(path, "tmp");
    let result = fs::write(&tmp, bytes)
        .and_then(|()| fs::rename(&tmp, path))
        .with_context(|| format!("cannot write {}", path.display()));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}
