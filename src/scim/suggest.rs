//! "Did you mean ...?": the closest known name to a misspelt one.

/// The candidate closest to `name`, if one is close enough to be a plausible typo.
///
/// Names are compared case-insensitively (SCIM attribute names are case-insensitive); a
/// candidate qualifies when its edit distance is at most a third of the longer name (at least 1).
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted = name.to_ascii_lowercase();
    candidates
        .into_iter()
        .filter_map(|candidate| {
            let (length, other) = (wanted.chars().count(), candidate.chars().count());
            let limit = (length.max(other) / 3).max(1);
            // The distance is at least the difference in length: skip the quadratic table
            // when that is already too far (a megabyte-long name meets only short ones).
            if length.abs_diff(other) > limit {
                return None;
            }
            let distance = edit_distance(&wanted, &candidate.to_ascii_lowercase());
            (distance <= limit).then_some((distance, candidate))
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// The edit distance between two strings, by characters: insertions, deletions, substitutions
/// and swaps of two neighbours (`valeu` is one edit from `value`).
pub fn edit_distance(left: &str, right: &str) -> usize {
    let left: Vec<char> = left.chars().collect();
    let right: Vec<char> = right.chars().collect();
    let width = right.len() + 1;
    let mut table: Vec<usize> = (0..(left.len() + 1) * width).collect();
    for i in 0..=left.len() {
        table[i * width] = i;
    }
    for i in 1..=left.len() {
        for j in 1..=right.len() {
            let cost = usize::from(left[i - 1] != right[j - 1]);
            let mut best = (table[(i - 1) * width + j] + 1)
                .min(table[i * width + j - 1] + 1)
                .min(table[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && left[i - 1] == right[j - 2] && left[i - 2] == right[j - 1] {
                best = best.min(table[(i - 2) * width + j - 2] + 1);
            }
            table[i * width + j] = best;
        }
    }
    table[left.len() * width + right.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_edits() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
        assert_eq!(edit_distance("valeu", "value"), 1);
    }

    #[test]
    fn closest_prefers_the_nearest_plausible_name() {
        let names = ["userName", "displayName", "nickName"];
        assert_eq!(closest("usrName", names), Some("userName"));
        assert_eq!(closest("DISPLAYNAME", names), Some("displayName"));
        assert_eq!(closest("zzz", names), None);
    }
}
