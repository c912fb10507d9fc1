//! Minimising a failure to the fewest mutations that still fail it: delta debugging (Zeller and
//! Hildebrandt, "Simplifying and Isolating Failure-Inducing Input", 2002) at its finest
//! granularity, which for the handful of mutations of one run is the whole of it. Each
//! mutation is left out in turn and stays out when the rest still fail; the result is
//! 1-minimal: leaving out any one more makes the failure go away.

/// The smallest subset of `items` found for which `fails` still says yes (with that run's
/// reasons), starting from `items`, which failed with `reasons`. `fails` is called once per
/// candidate, at most `items.len()` times.
///
/// # Errors
///
/// The first error of `fails`.
pub fn minimise<T: Clone, E>(
    mut items: Vec<T>,
    mut reasons: Vec<String>,
    mut fails: impl FnMut(&[T]) -> Result<Option<Vec<String>>, E>,
) -> Result<(Vec<T>, Vec<String>), E> {
    let mut i = items.len();
    while i > 0 {
        i -= 1;
        if items.len() == 1 {
            break;
        }
        let mut candidate = items.clone();
        candidate.remove(i);
        if let Some(r) = fails(&candidate)? {
            items = candidate;
            reasons = r;
        }
    }
    Ok((items, reasons))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_only_what_the_failure_needs() {
        // Fails when both 2 and 5 are there.
        let mut calls = 0;
        let (min, reasons) = minimise(vec![1, 2, 3, 5], vec!["x".into()], |s: &[i32]| {
            calls += 1;
            Ok::<_, ()>((s.contains(&2) && s.contains(&5)).then(|| vec![format!("{s:?}")]))
        })
        .unwrap();
        assert_eq!(min, [2, 5]);
        assert_eq!(reasons, ["[2, 5]"]);
        assert_eq!(calls, 4);
    }

    #[test]
    fn a_single_mutation_is_kept_as_it_is() {
        let (min, _) = minimise(vec![7], vec![], |_: &[i32]| Ok::<_, ()>(None)).unwrap();
        assert_eq!(min, [7]);
    }
}
