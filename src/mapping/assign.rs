//! Optimal one-to-one assignment of columns to elements (Hungarian algorithm with
//! potentials, O(n²·m)). Greedy matching lets one good header steal the element another
//! column needs; the optimum maximises the total confidence instead.

/// Given `scores[row][col]` (0 = not allowed), returns for each row the chosen column or
/// `None`. Each column is used at most once; rows may stay unassigned.
pub(crate) fn assign(scores: &[Vec<f64>], cols: usize) -> Vec<Option<usize>> {
    let n = scores.len();
    if n <= cols {
        return assign_rows(scores, cols);
    }
    // The cost grows with the square of the rows: an export with 9,000 columns (rows here)
    // against a hundred elements would run for hours. The transposed problem has the same
    // optimum and few rows, so solve that and turn the answer round.
    let transposed: Vec<Vec<f64>> = (0..cols)
        .map(|j| {
            scores
                .iter()
                .map(|r| r.get(j).copied().unwrap_or(0.0))
                .collect()
        })
        .collect();
    let mut out = vec![None; n];
    for (j, row) in assign_rows(&transposed, n).into_iter().enumerate() {
        if let Some(slot) = row.and_then(|i| out.get_mut(i)) {
            *slot = Some(j);
        }
    }
    out
}

/// `assign` solved with one Hungarian row per score row.
fn assign_rows(scores: &[Vec<f64>], cols: usize) -> Vec<Option<usize>> {
    let n = scores.len();
    if n == 0 {
        return Vec::new();
    }
    // Every row also gets its own "unassigned" column worth 0, so that a solution always
    // exists and leaving a row out costs nothing.
    let m = cols + n;
    let cost = |i: usize, j: usize| -> f64 {
        if j < cols {
            let s = scores.get(i).and_then(|r| r.get(j)).copied().unwrap_or(0.0);
            if s > 0.0 {
                -s
            } else {
                // Forbidden pairs: worse than staying unassigned.
                1.0
            }
        } else if j - cols == i {
            0.0
        } else {
            // Other rows' dummy columns: forbidden.
            1.0
        }
    };
    // 1-based arrays as in the classic formulation; p[j] = row matched to column j.
    // Every index below is bounded by n and m by construction, never by input data.
    let inf = f64::INFINITY;
    let mut u = vec![0.0; n + 1];
    let mut v = vec![0.0; m + 1];
    let mut p = vec![0usize; m + 1];
    let mut way = vec![0usize; m + 1];
    for i in 1..=n {
        p[0] = i;
        let mut j0 = 0usize;
        let mut minv = vec![inf; m + 1];
        let mut used = vec![false; m + 1];
        loop {
            used[j0] = true;
            let i0 = p[j0];
            let mut delta = inf;
            let mut j1 = 0usize;
            for j in 1..=m {
                if !used[j] {
                    let cur = cost(i0 - 1, j - 1) - u[i0] - v[j];
                    if cur < minv[j] {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if minv[j] < delta {
                        delta = minv[j];
                        j1 = j;
                    }
                }
            }
            for j in 0..=m {
                if used[j] {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
            if p[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    let mut out = vec![None; n];
    for (j, &i) in p.iter().enumerate().skip(1).take(cols) {
        if i > 0 {
            let s = scores
                .get(i - 1)
                .and_then(|r| r.get(j - 1))
                .copied()
                .unwrap_or(0.0);
            if s > 0.0 {
                if let Some(slot) = out.get_mut(i - 1) {
                    *slot = Some(j - 1);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beats_greedy() {
        // Greedy would give row 0 column 0 (0.9) and leave row 1 with nothing.
        let scores = vec![vec![0.9, 0.8], vec![0.85, 0.0]];
        assert_eq!(assign(&scores, 2), vec![Some(1), Some(0)]);
    }

    #[test]
    fn leaves_rows_without_candidates_unassigned() {
        let scores = vec![vec![0.0, 0.0], vec![0.5, 0.0], vec![0.4, 0.0]];
        assert_eq!(assign(&scores, 2), vec![None, Some(0), None]);
    }

    /// Total score of an assignment, checking that no column is used twice.
    fn total(scores: &[Vec<f64>], chosen: &[Option<usize>]) -> f64 {
        let mut used = std::collections::HashSet::new();
        chosen
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                let c = (*c)?;
                assert!(used.insert(c), "column {c} used twice");
                Some(scores[i][c])
            })
            .sum()
    }

    #[test]
    fn many_rows_are_solved_transposed_with_the_same_optimum() {
        // A deterministic pseudo-random 40 x 6 matrix with some forbidden pairs.
        let mut x: u64 = 7;
        let scores: Vec<Vec<f64>> = (0..40)
            .map(|_| {
                (0..6)
                    .map(|_| {
                        x = x
                            .wrapping_mul(6364136223846793005)
                            .wrapping_add(1442695040888963407);
                        let s = (x >> 33) % 100;
                        if s < 30 {
                            0.0
                        } else {
                            s as f64 / 100.0
                        }
                    })
                    .collect()
            })
            .collect();
        let fast = assign(&scores, 6);
        let direct = assign_rows(&scores, 6);
        assert_eq!(fast.iter().flatten().count(), 6);
        assert!((total(&scores, &fast) - total(&scores, &direct)).abs() < 1e-9);
    }

    #[test]
    fn more_rows_than_columns_and_empty_input() {
        let scores = vec![vec![0.3], vec![0.7], vec![0.2]];
        assert_eq!(assign(&scores, 1), vec![None, Some(0), None]);
        assert!(assign(&[], 3).is_empty());
    }
}
