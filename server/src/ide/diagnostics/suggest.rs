//! "Did you mean …?" — the closest known name by edit distance, ignoring case.

/// The candidate closest to `name`, if it is close enough to be a likely typo.
pub(crate) fn closest<'c>(name: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let lowered: Vec<char> = name.chars().flat_map(char::to_lowercase).collect();
    let length = name.chars().count();
    let mut other = Vec::new();
    let mut rows = Rows::default();
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        if candidate == name {
            continue;
        }
        // The length filter below, first for ASCII names (nearly all): most
        // candidates are dropped before being lowercased.
        if candidate.is_ascii() && lowered.len().abs_diff(candidate.len()) > (length / 2).min(4) {
            continue;
        }
        other.clear();
        if candidate.is_ascii() {
            other.extend(candidate.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            other.extend(candidate.chars().flat_map(char::to_lowercase));
        }
        // Short names only get case corrections: one edit makes another name.
        // A shared beginning makes a longer slip believable ("Sucess", "Succeed").
        let shared = lowered.iter().zip(&other).take_while(|(a, b)| a == b).count();
        let limit = if shared >= 3 { (length / 2).min(4) } else { (length / 3).min(3) };
        // The distance is at least the difference in length.
        if lowered.len().abs_diff(other.len()) > limit || best.is_some_and(|(d, _)| d == 0) {
            continue;
        }
        let d = rows.distance(&lowered, &other);
        if d <= limit && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// `: did you mean `X`?` or nothing.
pub(crate) fn did_you_mean<'c>(name: &str, candidates: impl IntoIterator<Item = &'c str>) -> String {
    closest(name, candidates).map(|c| format!("; did you mean `{c}`?")).unwrap_or_default()
}

/// The rows of the distance table, kept between candidates.
#[derive(Default)]
struct Rows {
    before: Vec<usize>,
    previous: Vec<usize>,
    current: Vec<usize>,
}

impl Rows {
    /// Edit distance with adjacent transpositions (optimal string alignment):
    /// `Taks` is one slip from `Task`.
    fn distance(&mut self, a: &[char], b: &[char]) -> usize {
        let Rows { before, previous, current } = self;
        // Three rows: two back (for transpositions), previous, current.
        before.clear();
        before.resize(b.len() + 1, 0);
        previous.clear();
        previous.extend(0..=b.len());
        current.clear();
        current.resize(b.len() + 1, 0);
        for i in 1..=a.len() {
            current[0] = i;
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut best = (previous[j] + 1).min(current[j - 1] + 1).min(previous[j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    best = best.min(before[j - 2] + 1);
                }
                current[j] = best;
            }
            std::mem::swap(before, previous);
            std::mem::swap(previous, current);
        }
        previous[b.len()]
    }
}

#[cfg(test)]
fn distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    Rows::default().distance(&a, &b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos_and_case_slips() {
        assert_eq!(closest("Sucess", ["Succeed", "Success", "Fail"]), Some("Success"));
        assert_eq!(closest("task", ["Task", "Pass"]), Some("Task"));
        assert_eq!(closest("Ressource", ["Resource"]), Some("Resource"));
        assert_eq!(closest("Completely", ["Task", "Pass"]), None);
        assert_eq!(closest("Sucess", ["Succeed", "Fail"]), Some("Succeed"));
        assert_eq!(closest("Y", ["X"]), None);
        assert_eq!(closest("Taks", ["Task", "Pass"]), Some("Task"));
        assert_eq!(distance("abc", "abc"), 0);
        assert_eq!(distance("", "ab"), 2);
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
