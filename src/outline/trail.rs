//! A block's breadcrumb trail, bounded. A trail names the crumbs it leads with (the page and
//! the outermost ancestor, which tell the section or project a block sits in), then `…` for
//! the ancestors it leaves out, then the nearest few. Each block of a page nested thousands of
//! levels deep then costs a few crumbs rather than one per level, so what the cache and the
//! review hold grows with the vault, not with the square of its depth.

/// The crumb that stands for the ancestors a trail leaves out.
pub const ELIDED: &str = "…";
/// Most crumbs a trail holds: its lead, `…`, and the nearest ancestors.
pub const MAX_CRUMBS: usize = 12;

/// The trail of a block whose parent's trail is `trail` and whose parent's crumb is `crumb`;
/// the first `lead` crumbs of a trail are always kept.
pub fn descend(trail: &[String], crumb: String, lead: usize) -> Vec<String> {
    let mut next = Vec::with_capacity(MAX_CRUMBS.min(trail.len() + 1));
    if trail.len() < MAX_CRUMBS {
        next.extend_from_slice(trail);
    } else {
        // Room for `…` and the new crumb after the lead: the nearest crumbs shift by one.
        let nearest = MAX_CRUMBS - lead - 2;
        next.extend_from_slice(&trail[..lead]);
        next.push(ELIDED.to_string());
        next.extend_from_slice(&trail[trail.len() - nearest..]);
    }
    next.push(crumb);
    next
}

/// The trail of crumbs given outermost first, as [`descend`] builds it one level at a time.
pub fn trail_of(crumbs: impl IntoIterator<Item = String>, lead: usize) -> Vec<String> {
    crumbs
        .into_iter()
        .fold(Vec::new(), |trail, crumb| descend(&trail, crumb, lead))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crumbs(n: usize) -> Vec<String> {
        (0..n).map(|i| i.to_string()).collect()
    }

    #[test]
    fn a_short_trail_names_every_ancestor() {
        assert_eq!(trail_of(crumbs(MAX_CRUMBS), 2), crumbs(MAX_CRUMBS));
    }

    #[test]
    fn a_long_trail_keeps_its_lead_and_the_nearest_ancestors() {
        let trail = trail_of(crumbs(10_000), 2);
        let mut expected = vec!["0".to_string(), "1".to_string(), ELIDED.to_string()];
        expected.extend((10_000 - (MAX_CRUMBS - 3)..10_000).map(|i| i.to_string()));
        assert_eq!(trail, expected);
        assert_eq!(trail.len(), MAX_CRUMBS);
    }

    #[test]
    fn the_trail_one_level_past_the_limit_elides_one_ancestor() {
        let trail = trail_of(crumbs(MAX_CRUMBS + 1), 1);
        assert_eq!(trail[..2], ["0".to_string(), ELIDED.to_string()]);
        assert_eq!(trail.last().map(String::as_str), Some("12"));
        assert_eq!(trail.len(), MAX_CRUMBS);
    }
}
