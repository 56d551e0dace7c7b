//! "Did you mean …?" — the closest known name by edit distance, ignoring case.

/// The candidate closest to `name`, if it is close enough to be a likely typo.
pub(crate) fn closest<'c>(name: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let lowered = name.to_lowercase();
    let length = name.chars().count();
    // Short names only get case corrections: one edit makes another name.
    // A shared beginning makes a longer slip believable ("Sucess", "Succeed").
    let limit = |candidate: &str| {
        let shared = lowered.chars().zip(candidate.chars()).take_while(|(a, b)| a == b).count();
        if shared >= 3 {
            (length / 2).min(4)
        } else {
            (length / 3).min(3)
        }
    };
    candidates
        .into_iter()
        .filter(|c| *c != name)
        .map(|c| {
            let lower = c.to_lowercase();
            (distance(&lowered, &lower), limit(&lower), c)
        })
        .filter(|(d, limit, _)| d <= limit)
        .map(|(d, _, c)| (d, c))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// `: did you mean `X`?` or nothing.
pub(crate) fn did_you_mean<'c>(name: &str, candidates: impl IntoIterator<Item = &'c str>) -> String {
    closest(name, candidates).map(|c| format!("; did you mean `{c}`?")).unwrap_or_default()
}

/// Edit distance with adjacent transpositions (optimal string alignment):
/// `Taks` is one slip from `Task`.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows: two back (for transpositions), previous, current.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
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
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
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
