//! Where two versions of a text differ, as one region: what an incremental
//! parse or line index needs to redo, whatever edits led from one to the
//! other (the server may skip versions).

/// The bytes from `start` to `old_end` of the old text became the bytes
/// from `start` to `new_end` of the new one; the rest is the same.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub old_end: usize,
    pub new_end: usize,
}

impl Edit {
    /// The smallest region covering every difference between the texts.
    pub fn between(old: &str, new: &str) -> Edit {
        let (a, b) = (old.as_bytes(), new.as_bytes());
        let prefix = common_len(a, b, false);
        let most = a.len().min(b.len()) - prefix;
        let suffix = common_len(a, b, true).min(most);
        Edit { start: prefix, old_end: a.len() - suffix, new_end: b.len() - suffix }
    }

    /// How much later in the new text what followed the region lies.
    pub fn delta(self) -> i64 {
        self.new_end as i64 - self.old_end as i64
    }
}

/// How many bytes `a` and `b` share at the start (or the end), comparing
/// 4 KiB blocks first: the texts are megabytes long and nearly all equal.
fn common_len(a: &[u8], b: &[u8], from_end: bool) -> usize {
    const BLOCK: usize = 4096;
    let len = a.len().min(b.len());
    let at = |s: &[u8], i: usize, n: usize| if from_end { s.len() - i - n..s.len() - i } else { i..i + n };
    let mut same = 0;
    while same + BLOCK <= len && a[at(a, same, BLOCK)] == b[at(b, same, BLOCK)] {
        same += BLOCK;
    }
    while same < len && a[at(a, same, 1)] == b[at(b, same, 1)] {
        same += 1;
    }
    same
}

#[cfg(test)]
mod tests {
    use super::Edit;

    fn edit(start: usize, old_end: usize, new_end: usize) -> Edit {
        Edit { start, old_end, new_end }
    }

    #[test]
    fn one_region_covers_every_change() {
        assert_eq!(Edit::between("abcdef", "abXdef"), edit(2, 3, 3));
        assert_eq!(Edit::between("abcdef", "abdef"), edit(2, 3, 2));
        assert_eq!(Edit::between("aaaa", "aaaaa"), edit(4, 4, 5));
        assert_eq!(Edit::between("same", "same"), edit(4, 4, 4));
        assert_eq!(Edit::between("aXbbbYc", "abbbc"), edit(1, 6, 4));
        let long = "x".repeat(10_000);
        assert_eq!(Edit::between(&format!("{long}1{long}"), &format!("{long}22{long}")), edit(10_000, 10_001, 10_002));
    }
}
