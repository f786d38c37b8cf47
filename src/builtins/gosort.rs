//! Go's `sort.Sort` (pattern-defeating quicksort, `sort/zsortinterface.go`), step for step.
//!
//! Expr's `sort` and `sortBy` use `sort.Sort`, which is **not stable** for more than 12 elements:
//! equal elements (`1` and `1.0`) end up in an order that only this exact algorithm reproduces.
//! Porting it also settles two safety questions: the comparison may fail (`"a" < 1`), and it may
//! be inconsistent (NaN). The first failure is kept and every later comparison answers `false`,
//! which the algorithm tolerates (all its loops are bounded by indices, never by the comparator),
//! so sorting always terminates without panicking and reports the first error, as Go's first
//! panic would.

/// Sorts `items` in place as Go's `sort.Sort` does, with `less` as `Less(i, j)`; returns the
/// first error `less` returned (the order of `items` is then unspecified).
pub(crate) fn sort_by<T, E>(
    items: &mut [T],
    less: impl FnMut(&T, &T) -> Result<bool, E>,
) -> Result<(), E> {
    let n = items.len();
    let mut sorter = Sorter {
        items,
        less,
        error: None,
    };
    if n > 1 {
        sorter.pdqsort(0, n, bit_length(n));
    }
    sorter.error.map_or(Ok(()), Err)
}

/// `bits.Len(uint(n))`.
fn bit_length(n: usize) -> usize {
    (usize::BITS - n.leading_zeros()) as usize
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Hint {
    Unknown,
    Increasing,
    Decreasing,
}

struct Sorter<'s, T, F, E> {
    items: &'s mut [T],
    less: F,
    error: Option<E>,
}

impl<T, F, E> Sorter<'_, T, F, E>
where
    F: FnMut(&T, &T) -> Result<bool, E>,
{
    fn less(&mut self, i: usize, j: usize) -> bool {
        if self.error.is_some() {
            return false;
        }
        let (Some(a), Some(b)) = (self.items.get(i), self.items.get(j)) else {
            return false;
        };
        match (self.less)(a, b) {
            Ok(answer) => answer,
            Err(error) => {
                self.error = Some(error);
                false
            }
        }
    }

    fn swap(&mut self, i: usize, j: usize) {
        if i < self.items.len() && j < self.items.len() {
            self.items.swap(i, j);
        }
    }

    fn insertion_sort(&mut self, a: usize, b: usize) {
        for i in a + 1..b {
            let mut j = i;
            while j > a && self.less(j, j - 1) {
                self.swap(j, j - 1);
                j -= 1;
            }
        }
    }

    fn sift_down(&mut self, lo: usize, hi: usize, first: usize) {
        let mut root = lo;
        loop {
            let mut child = 2 * root + 1;
            if child >= hi {
                return;
            }
            if child + 1 < hi && self.less(first + child, first + child + 1) {
                child += 1;
            }
            if !self.less(first + root, first + child) {
                return;
            }
            self.swap(first + root, first + child);
            root = child;
        }
    }

    fn heap_sort(&mut self, a: usize, b: usize) {
        let hi = b - a;
        for i in (0..=(hi.saturating_sub(1)) / 2).rev() {
            self.sift_down(i, hi, a);
        }
        for i in (0..hi).rev() {
            self.swap(a, a + i);
            self.sift_down(0, i, a);
        }
    }

    fn pdqsort(&mut self, mut a: usize, mut b: usize, mut limit: usize) {
        const MAX_INSERTION: usize = 12;
        let mut was_balanced = true;
        let mut was_partitioned = true;
        loop {
            let length = b - a;
            if length <= MAX_INSERTION {
                self.insertion_sort(a, b);
                return;
            }
            if limit == 0 {
                self.heap_sort(a, b);
                return;
            }
            if !was_balanced {
                self.break_patterns(a, b);
                limit -= 1;
            }
            let (mut pivot, mut hint) = self.choose_pivot(a, b);
            if hint == Hint::Decreasing {
                self.reverse_range(a, b);
                pivot = (b - 1) - (pivot - a);
                hint = Hint::Increasing;
            }
            if was_balanced
                && was_partitioned
                && hint == Hint::Increasing
                && self.partial_insertion_sort(a, b)
            {
                return;
            }
            if a > 0 && !self.less(a - 1, pivot) {
                a = self.partition_equal(a, b, pivot);
                continue;
            }
            let (mid, already_partitioned) = self.partition(a, b, pivot);
            was_partitioned = already_partitioned;
            let (left, right) = (mid - a, b - mid);
            let threshold = length / 8;
            if left < right {
                was_balanced = left >= threshold;
                self.pdqsort(a, mid, limit);
                a = mid + 1;
            } else {
                was_balanced = right >= threshold;
                self.pdqsort(mid + 1, b, limit);
                b = mid;
            }
        }
    }

    /// Go's `partition` (`j` never steps below `a`: it stops at `i - 1 >= a`).
    fn partition(&mut self, a: usize, b: usize, pivot: usize) -> (usize, bool) {
        self.swap(a, pivot);
        let (mut i, mut j) = (a + 1, b - 1);
        while i <= j && self.less(i, a) {
            i += 1;
        }
        while i <= j && !self.less(j, a) {
            j -= 1;
        }
        if i > j {
            self.swap(j, a);
            return (j, true);
        }
        self.swap(i, j);
        i += 1;
        j -= 1;
        loop {
            while i <= j && self.less(i, a) {
                i += 1;
            }
            while i <= j && !self.less(j, a) {
                j -= 1;
            }
            if i > j {
                break;
            }
            self.swap(i, j);
            i += 1;
            j -= 1;
        }
        self.swap(j, a);
        (j, false)
    }

    fn partition_equal(&mut self, a: usize, b: usize, pivot: usize) -> usize {
        self.swap(a, pivot);
        let (mut i, mut j) = (a + 1, b - 1);
        loop {
            while i <= j && !self.less(a, i) {
                i += 1;
            }
            while i <= j && self.less(a, j) {
                j -= 1;
            }
            if i > j {
                break;
            }
            self.swap(i, j);
            i += 1;
            j -= 1;
        }
        i
    }

    fn partial_insertion_sort(&mut self, a: usize, b: usize) -> bool {
        const MAX_STEPS: usize = 5;
        const SHORTEST_SHIFTING: usize = 50;
        let mut i = a + 1;
        for _ in 0..MAX_STEPS {
            while i < b && !self.less(i, i - 1) {
                i += 1;
            }
            if i == b {
                return true;
            }
            if b - a < SHORTEST_SHIFTING {
                return false;
            }
            self.swap(i, i - 1);
            if i - a >= 2 {
                let mut j = i - 1;
                while j >= 1 && self.less(j, j - 1) {
                    self.swap(j, j - 1);
                    j -= 1;
                }
            }
            if b - i >= 2 {
                let mut j = i + 1;
                while j < b && self.less(j, j - 1) {
                    self.swap(j, j - 1);
                    j += 1;
                }
            }
        }
        false
    }

    fn break_patterns(&mut self, a: usize, b: usize) {
        let length = b - a;
        if length < 8 {
            return;
        }
        let mut random = length as u64;
        let modulus = 1usize << bit_length(length);
        let middle = a + (length / 4) * 2;
        for idx in middle - 1..=middle + 1 {
            random ^= random << 13;
            random ^= random >> 7;
            random ^= random << 17;
            let mut other = (random as usize) & (modulus - 1);
            if other >= length {
                other -= length;
            }
            self.swap(idx, a + other);
        }
    }

    fn choose_pivot(&mut self, a: usize, b: usize) -> (usize, Hint) {
        const SHORTEST_NINTHER: usize = 50;
        const MAX_SWAPS: usize = 4 * 3;
        let l = b - a;
        let mut swaps = 0;
        let (mut i, mut j, mut k) = (a + l / 4, a + l / 4 * 2, a + l / 4 * 3);
        if l >= 8 {
            if l >= SHORTEST_NINTHER {
                i = self.median(i - 1, i, i + 1, &mut swaps);
                j = self.median(j - 1, j, j + 1, &mut swaps);
                k = self.median(k - 1, k, k + 1, &mut swaps);
            }
            j = self.median(i, j, k, &mut swaps);
        }
        let hint = match swaps {
            0 => Hint::Increasing,
            MAX_SWAPS => Hint::Decreasing,
            _ => Hint::Unknown,
        };
        (j, hint)
    }

    fn order2(&mut self, a: usize, b: usize, swaps: &mut usize) -> (usize, usize) {
        if self.less(b, a) {
            *swaps += 1;
            return (b, a);
        }
        (a, b)
    }

    fn median(&mut self, a: usize, b: usize, c: usize, swaps: &mut usize) -> usize {
        let (a, b) = self.order2(a, b, swaps);
        let (b, _) = self.order2(b, c, swaps);
        let (_, b) = self.order2(a, b, swaps);
        b
    }

    fn reverse_range(&mut self, a: usize, b: usize) {
        let (mut i, mut j) = (a, b - 1);
        while i < j {
            self.swap(i, j);
            i += 1;
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(mut items: Vec<i64>) -> Vec<i64> {
        sort_by(&mut items, |a, b| Ok::<_, ()>(a < b)).unwrap();
        items
    }

    #[test]
    fn sorts_small_and_large_inputs() {
        assert_eq!(sorted(vec![3, 1, 2]), [1, 2, 3]);
        let input: Vec<i64> = (0..1000).map(|i| (i * 7919) % 1009).collect();
        let mut expected = input.clone();
        expected.sort_unstable();
        assert_eq!(sorted(input), expected);
        let descending: Vec<i64> = (0..200).rev().collect();
        assert_eq!(sorted(descending), (0..200).collect::<Vec<_>>());
        assert_eq!(sorted(vec![5; 100]), vec![5; 100]);
    }

    #[test]
    fn small_inputs_are_stable_like_go_insertion_sort() {
        let mut pairs = vec![(1, 'a'), (0, 'b'), (1, 'c'), (0, 'd')];
        sort_by(&mut pairs, |x, y| Ok::<_, ()>(x.0 < y.0)).unwrap();
        assert_eq!(pairs, [(0, 'b'), (0, 'd'), (1, 'a'), (1, 'c')]);
    }

    #[test]
    fn inconsistent_or_failing_comparisons_terminate() {
        let mut items: Vec<f64> = (0..500)
            .map(|i| {
                if i % 3 == 0 {
                    f64::NAN
                } else {
                    f64::from(i % 17)
                }
            })
            .collect();
        sort_by(&mut items, |a, b| Ok::<_, ()>(a < b)).unwrap();
        let mut count = 0;
        let mut items: Vec<i64> = (0..300).collect();
        let result = sort_by(&mut items, |a, b| {
            count += 1;
            if count == 50 {
                Err(format!("{a} {b}"))
            } else {
                Ok(b < a)
            }
        });
        assert!(result.is_err());
        let mut chaos: Vec<i64> = (0..300).collect();
        let mut state = 1u64;
        sort_by(&mut chaos, |_, _| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
            Ok::<_, ()>(state >> 63 == 1)
        })
        .unwrap();
        chaos.sort_unstable();
        assert_eq!(chaos, (0..300).collect::<Vec<_>>());
    }
}
