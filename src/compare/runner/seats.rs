//! Who runs what in the worker pool: the bookkeeping of `pool.rs` without
//! the workers, so it is plain Rust, tested natively.
//!
//! A *seat* is one worker's place in the pool. A run is a generation number
//! and a queue of job numbers; a job is handed to a ready seat that has
//! nothing of this generation to do, and the seat is busy until the worker
//! returns it. A seat busy with an older generation counts as idle: the
//! worker drops the stale job for the new one at its next slice.

use std::collections::VecDeque;

/// One worker's place in the pool.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Seat {
    /// The worker has started and listens.
    pub ready: bool,
    /// The `(generation, job)` it was given and has not returned.
    pub busy: Option<(u64, u64)>,
}

/// A message the pool must send after [`dispatch`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Post {
    /// Give `job` of the current run to the worker of seat `seat`.
    Job { seat: usize, job: u64 },
    /// Tell the worker of seat `seat` to drop its stale job: nothing is
    /// left to give it.
    Cancel { seat: usize },
}

/// Hands the jobs of run `generation` still in `todo` to every ready seat
/// that has nothing of this run to do, and says what to post.
pub fn dispatch<'a>(
    seats: impl IntoIterator<Item = &'a mut Seat>,
    generation: u64,
    todo: &mut VecDeque<u64>,
) -> Vec<Post> {
    let mut posts = Vec::new();
    for (i, seat) in seats.into_iter().enumerate() {
        let idle = seat.busy.is_none_or(|(g, _)| g != generation);
        if !seat.ready || !idle {
            continue;
        }
        match todo.pop_front() {
            Some(job) => {
                seat.busy = Some((generation, job));
                posts.push(Post::Job { seat: i, job });
            }
            None => {
                if seat.busy.take().is_some() {
                    posts.push(Post::Cancel { seat: i });
                }
            }
        }
    }
    posts
}

/// The worker of `seat` returned job `job` of run `generation`. `current`
/// is the run now going (its generation and queue), if any.
///
/// With `retire` (the worker is replaced after this message: its memory
/// grew), the seat leaves service, and a job of the current run that it had
/// been given since and never returned goes back to the front of the queue.
/// Without that, the job would die with the worker, and the run would wait
/// for it forever.
pub fn returned(
    seat: &mut Seat,
    generation: u64,
    job: u64,
    retire: bool,
    current: Option<(u64, &mut VecDeque<u64>)>,
) {
    if seat.busy == Some((generation, job)) {
        seat.busy = None;
    }
    if !retire {
        return;
    }
    seat.ready = false;
    if let Some((g, pending)) = seat.busy.take() {
        if let Some((_, todo)) = current.filter(|(run, _)| *run == g) {
            todo.push_front(pending);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ready(n: usize) -> Vec<Seat> {
        vec![
            Seat {
                ready: true,
                busy: None
            };
            n
        ]
    }

    #[test]
    fn jobs_go_to_ready_seats_in_order() {
        let mut seats = ready(2);
        seats.push(Seat::default()); // still starting
        let mut todo: VecDeque<u64> = (0..6).collect();
        let posts = dispatch(&mut seats, 1, &mut todo);
        assert_eq!(
            posts,
            [Post::Job { seat: 0, job: 0 }, Post::Job { seat: 1, job: 1 }]
        );
        assert_eq!(seats[2].busy, None);
        assert_eq!(todo, [2, 3, 4, 5]);
        // Busy with this run: nothing more for them.
        assert!(dispatch(&mut seats, 1, &mut todo).is_empty());
    }

    #[test]
    fn a_newer_run_takes_over_busy_seats_and_cancels_the_rest() {
        let mut seats = ready(3);
        let mut old: VecDeque<u64> = (0..6).collect();
        dispatch(&mut seats, 1, &mut old);
        let mut new: VecDeque<u64> = VecDeque::from([0]);
        let posts = dispatch(&mut seats, 2, &mut new);
        assert_eq!(
            posts,
            [
                Post::Job { seat: 0, job: 0 },
                Post::Cancel { seat: 1 },
                Post::Cancel { seat: 2 }
            ]
        );
        assert_eq!(seats[0].busy, Some((2, 0)));
        assert_eq!(seats[1].busy, None);
    }

    #[test]
    fn a_returned_job_frees_its_seat() {
        let mut seats = ready(1);
        let mut todo: VecDeque<u64> = (0..2).collect();
        dispatch(&mut seats, 1, &mut todo);
        returned(&mut seats[0], 1, 0, false, Some((1, &mut todo)));
        assert_eq!(
            seats[0],
            Seat {
                ready: true,
                busy: None
            }
        );
        assert_eq!(todo, [1]);
    }

    #[test]
    fn a_retired_worker_gives_back_the_newer_job_it_was_handed() {
        // The worker was running job 4 of run 1 when run 2 began and handed
        // it job 0; it finished job 4 before reading that, and its memory
        // grew past the limit, so it is replaced. Job 0 must run elsewhere.
        let mut seats = ready(2);
        let mut run1: VecDeque<u64> = (4..6).collect();
        dispatch(&mut seats, 1, &mut run1);
        let mut run2: VecDeque<u64> = (0..6).collect();
        dispatch(&mut seats, 2, &mut run2);
        assert_eq!(seats[0].busy, Some((2, 0)));
        returned(&mut seats[0], 1, 4, true, Some((2, &mut run2)));
        assert_eq!(seats[0], Seat::default());
        assert_eq!(run2, [0, 2, 3, 4, 5]);
        // The other seat, once it returns its job, takes it.
        returned(&mut seats[1], 2, 1, false, Some((2, &mut run2)));
        assert_eq!(
            dispatch(&mut seats, 2, &mut run2),
            [Post::Job { seat: 1, job: 0 }]
        );
    }

    #[test]
    fn a_retired_worker_gives_back_nothing_of_a_finished_or_older_run() {
        let mut seat = Seat {
            ready: true,
            busy: Some((1, 3)),
        };
        let mut todo = VecDeque::new();
        // Run 2 is current; the pending job belongs to run 1: dropped.
        returned(&mut seat, 1, 2, true, Some((2, &mut todo)));
        assert!(todo.is_empty());
        let mut seat = Seat {
            ready: true,
            busy: Some((2, 3)),
        };
        // No run going any more.
        returned(&mut seat, 1, 2, true, None);
        assert_eq!(seat, Seat::default());
    }
}
