//! A local folder that stands for S3 (`--s3-root DIR`): object `KEY` of
//! bucket `BUCKET` is the file `DIR/BUCKET/KEY`. What a distributed Map's
//! `ItemReader` reads and its `ResultWriter` writes.

use serde_json::{json, Value};
use std::path::{Component, Path, PathBuf};

/// The file of `bucket`/`key`, refused when the key would leave the folder.
fn file(root: &Path, bucket: &str, key: &str) -> Result<PathBuf, String> {
    let relative = Path::new(bucket).join(key);
    if bucket.is_empty() || relative.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Err(format!("s3://{bucket}/{key} is not a plain bucket and key"));
    }
    Ok(root.join(relative))
}

pub fn get(root: &Path, bucket: &str, key: &str) -> Result<Vec<u8>, String> {
    let path = file(root, bucket, key)?;
    std::fs::read(&path).map_err(|e| format!("s3://{bucket}/{key} ({}): {e}", path.display()))
}

pub fn put(root: &Path, bucket: &str, key: &str, bytes: &[u8]) -> Result<(), String> {
    let path = file(root, bucket, key)?;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(&path, bytes).map_err(|e| format!("s3://{bucket}/{key} ({}): {e}", path.display()))
}

/// `ListObjectsV2` of the objects under `prefix`, in key order, each as a
/// distributed Map item: `Etag` (the MD5 in quotes, as for an object
/// uploaded whole), `Key`, `LastModified` (epoch seconds), `Size`, `StorageClass`.
pub fn list(root: &Path, bucket: &str, prefix: &str) -> Result<Vec<Value>, String> {
    let top = file(root, bucket, "")?;
    if !top.is_dir() {
        return Err(format!("no bucket `{bucket}` ({} is not a folder)", top.display()));
    }
    let mut keys = Vec::new();
    let mut pending = vec![top.clone()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if let Ok(relative) = path.strip_prefix(&top) {
                let key = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
                if key.starts_with(prefix) {
                    keys.push((key, path));
                }
            }
        }
    }
    keys.sort();
    Ok(keys
        .into_iter()
        .map(|(key, path)| {
            let bytes = std::fs::read(&path).unwrap_or_default();
            let modified = std::fs::metadata(&path)
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_secs());
            use md5::Digest;
            let etag: String = md5::Md5::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
            json!({"Etag": format!("\"{etag}\""), "Key": key, "LastModified": modified, "Size": bytes.len(), "StorageClass": "STANDARD"})
        })
        .collect())
}
