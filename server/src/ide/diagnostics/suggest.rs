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

/// Levenshtein distance over characters (inputs are short names).
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
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
    }
}
