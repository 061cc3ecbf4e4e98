//! Where every token is on the diagram at a virtual time: pure geometry over
//! the hops the engine recorded (tested natively). The diagram component only
//! draws what this returns.
//!
//! A token is a traced operation between its first hop's departure and its
//! completion; it moves along the hop in flight (linear in time), waits at
//! the node its last hop reached, and after completion lingers for
//! [`LINGER_US`] at its final node showing how it ended (hit, miss, stale,
//! lost, failed), so outcomes stay visible at any speed.
//!
//! ```
//! use cachescope_app::lab::frame::{anchor, lerp};
//! use cachescope_sim::Node;
//! let (a, c) = (anchor(Node::Client, Node::Cache), anchor(Node::Cache, Node::Client));
//! assert_eq!(lerp(a, c, 0.0), a);
//! assert_eq!(lerp(a, c, 1.0), c);
//! ```

use cachescope_sim::{HopKind, Node, Op, Outcome, RequestTrace};

/// Width of the diagram's viewBox.
pub const VIEW_W: f64 = 640.0;
/// Height of the diagram's viewBox.
pub const VIEW_H: f64 = 300.0;
/// Virtual µs a finished operation stays on screen at its last node.
pub const LINGER_US: u64 = 1_500;
/// Sideways offset of a token from the link's centre line, so a request and
/// its reply travel in separate lanes.
const LANE: f64 = 9.0;

/// Centre of a node's box in viewBox units.
pub fn node_xy(n: Node) -> (f64, f64) {
    match n {
        Node::Client => (100.0, 225.0),
        Node::Cache => (320.0, 70.0),
        Node::Db => (540.0, 225.0),
    }
}

/// Half the width of a node's box in viewBox units (the diagram draws it).
pub const BOX_HALF_W: f64 = 70.0;
/// Half the height of a node's box.
pub const BOX_HALF_H: f64 = 32.0;
/// Gap between a box's edge and a token waiting there.
const EDGE_GAP: f64 = 14.0;

/// Where a link from `at` towards `toward` leaves `at`'s box: tokens start,
/// end and wait here, so they never cover a box's label.
pub fn anchor(at: Node, toward: Node) -> (f64, f64) {
    let (a, b) = (node_xy(at), node_xy(toward));
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len = (dx * dx + dy * dy).sqrt().max(1.0);
    let (ux, uy) = (dx / len, dy / len);
    let exit = (BOX_HALF_W / ux.abs().max(1e-9)).min(BOX_HALF_H / uy.abs().max(1e-9));
    let s = exit + EDGE_GAP;
    (a.0 + ux * s, a.1 + uy * s)
}

/// `a + (b − a)·f`.
pub fn lerp(a: (f64, f64), b: (f64, f64), f: f64) -> (f64, f64) {
    (a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f)
}

/// What a token shows: colour, shape and letter go together (colour-blind
/// safe: the shape and the letter carry the meaning on their own).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenClass {
    /// A read whose cache answer is not known yet.
    Read,
    /// A read the cache answered.
    Hit,
    /// A read the cache could not answer.
    Miss,
    /// A read that returned an out-of-date version.
    Stale,
    /// A client or import write.
    Write,
    /// An admin write behind the cache's back.
    Admin,
    /// A write-back flush batch.
    Flush,
    /// A flush batch destroyed by a crash.
    Lost,
    /// A request that failed (cache down, no fallback).
    Failed,
}

impl TokenClass {
    /// Every class, in legend order.
    pub const ALL: [TokenClass; 9] = [
        TokenClass::Read,
        TokenClass::Hit,
        TokenClass::Miss,
        TokenClass::Stale,
        TokenClass::Write,
        TokenClass::Admin,
        TokenClass::Flush,
        TokenClass::Lost,
        TokenClass::Failed,
    ];

    /// CSS modifier (`token--hit`).
    pub fn as_str(self) -> &'static str {
        match self {
            TokenClass::Read => "read",
            TokenClass::Hit => "hit",
            TokenClass::Miss => "miss",
            TokenClass::Stale => "stale",
            TokenClass::Write => "write",
            TokenClass::Admin => "admin",
            TokenClass::Flush => "flush",
            TokenClass::Lost => "lost",
            TokenClass::Failed => "failed",
        }
    }

    /// The letter drawn on the token.
    pub fn letter(self) -> &'static str {
        match self {
            TokenClass::Read => "R",
            TokenClass::Hit => "H",
            TokenClass::Miss => "M",
            TokenClass::Stale => "S",
            TokenClass::Write => "W",
            TokenClass::Admin => "A",
            TokenClass::Flush => "F",
            TokenClass::Lost => "L",
            TokenClass::Failed => "X",
        }
    }

    /// Legend text.
    pub fn label(self) -> &'static str {
        match self {
            TokenClass::Read => "read, asking",
            TokenClass::Hit => "hit",
            TokenClass::Miss => "miss",
            TokenClass::Stale => "stale read",
            TokenClass::Write => "write",
            TokenClass::Admin => "admin write",
            TokenClass::Flush => "flush batch",
            TokenClass::Lost => "lost writes",
            TokenClass::Failed => "failed",
        }
    }

    /// The shape: `circle`, `square`, `diamond` or `triangle`.
    pub fn shape(self) -> &'static str {
        match self {
            TokenClass::Read | TokenClass::Hit => "circle",
            TokenClass::Miss | TokenClass::Stale => "triangle",
            TokenClass::Write | TokenClass::Admin => "square",
            TokenClass::Flush | TokenClass::Lost | TokenClass::Failed => "diamond",
        }
    }
}

/// What a read's answer owed to a stampede mitigation, drawn as a ring
/// around its token once the cache has answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenMark {
    /// It missed and waited for another request's DB read of its key
    /// (coalescing, or read-through's single flight) instead of its own.
    Waited,
    /// It was served an expired entry inside the stale-while-revalidate
    /// grace window.
    Grace,
}

impl TokenMark {
    /// Every mark, in legend order.
    pub const ALL: [TokenMark; 2] = [TokenMark::Waited, TokenMark::Grace];

    /// CSS modifier (`token__mark--waited`).
    pub fn as_str(self) -> &'static str {
        match self {
            TokenMark::Waited => "waited",
            TokenMark::Grace => "grace",
        }
    }

    /// Legend text, and the words added to the token's name.
    pub fn label(self) -> &'static str {
        match self {
            TokenMark::Waited => "waited for another read's load",
            TokenMark::Grace => "served stale in grace",
        }
    }

    /// The mark of `t` once `class` says the cache has answered it.
    fn of(t: &RequestTrace, class: TokenClass) -> Option<TokenMark> {
        if t.op != Op::Read || class == TokenClass::Read {
            None
        } else if t.coalesced {
            Some(TokenMark::Waited)
        } else if t.grace {
            Some(TokenMark::Grace)
        } else {
            None
        }
    }
}

/// One token to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    /// Trace id (click → details).
    pub id: u64,
    /// What it shows.
    pub class: TokenClass,
    /// Position in viewBox units.
    pub x: f64,
    /// Position in viewBox units.
    pub y: f64,
    /// Key (first key of a flush batch).
    pub key: u64,
    /// Keys it carries (flush batches).
    pub keys: u64,
    /// Finished, lingering at its last node.
    pub settled: bool,
    /// What a mitigation did for it, if anything.
    pub mark: Option<TokenMark>,
}

/// The class of `t` at `now_us`, from the hops that have departed by then
/// and, once it is done, its outcome.
pub fn class_at(t: &RequestTrace, now_us: u64) -> TokenClass {
    let done = t.done_at_us.is_some_and(|d| d <= now_us);
    match t.op {
        Op::Flush if t.outcome == Outcome::Lost => TokenClass::Lost,
        Op::Flush => TokenClass::Flush,
        Op::Admin => TokenClass::Admin,
        Op::Write | Op::Import if done && t.outcome == Outcome::Failed => TokenClass::Failed,
        Op::Write | Op::Import => TokenClass::Write,
        Op::Read => {
            if done && t.outcome == Outcome::Failed {
                return TokenClass::Failed;
            }
            let answered = t
                .hops
                .iter()
                .filter(|h| h.depart_us <= now_us && h.from == Node::Cache && h.to == Node::Client)
                .map(|h| h.kind)
                .next();
            match answered {
                Some(HopKind::Hit) if t.stale => TokenClass::Stale,
                Some(HopKind::Hit) => TokenClass::Hit,
                Some(_) if done && t.stale => TokenClass::Stale,
                Some(_) => TokenClass::Miss,
                None => TokenClass::Read,
            }
        }
    }
}

/// Where `t` is at `now_us`, or `None` when it is not on screen.
pub fn token_at(t: &RequestTrace, now_us: u64) -> Option<Token> {
    let first = t.hops.first()?;
    if now_us < first.depart_us {
        return None;
    }
    let end = match (t.done_at_us, t.outcome) {
        (Some(d), _) => Some(d),
        // A batch lost in a crash has no completion; it ends where its hops do.
        (None, Outcome::Lost) => t.hops.last().map(|h| h.arrive_us),
        (None, _) => None,
    };
    let class = class_at(t, now_us);
    let mark = TokenMark::of(t, class);
    let make = |(x, y): (f64, f64), settled| Token {
        id: t.id,
        class,
        x,
        y,
        key: t.key,
        keys: t.keys,
        settled,
        mark,
    };
    if let Some(end) = end {
        if now_us >= end {
            if now_us >= end.saturating_add(LINGER_US) {
                return None;
            }
            let last = t.hops.iter().rev().find(|h| h.depart_us <= end)?;
            return Some(make(anchor(last.to, last.from), true));
        }
    }
    let idx = t.hops.iter().rposition(|h| h.depart_us <= now_us)?;
    let h = t.hops[idx];
    if now_us >= h.arrive_us {
        return Some(make(anchor(h.to, h.from), false));
    }
    let span = (h.arrive_us - h.depart_us).max(1) as f64;
    let f = (now_us - h.depart_us) as f64 / span;
    let (a, b) = (anchor(h.from, h.to), anchor(h.to, h.from));
    let (x, y) = lerp(a, b, f);
    // Offset to the left of the direction of travel.
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len = (dx * dx + dy * dy).sqrt().max(1.0);
    Some(make((x + dy / len * LANE, y - dx / len * LANE), false))
}

/// The tokens on screen at `now_us`, at most `max` (oldest first), and how
/// many more there are (a bulk import puts a thousand in flight at once; the
/// DOM stays small).
pub fn tokens(log: &[RequestTrace], now_us: u64, max: usize) -> (Vec<Token>, u64) {
    let mut out = Vec::new();
    let mut hidden = 0u64;
    for t in log {
        if t.issued_at_us > now_us {
            break;
        }
        if let Some(tok) = token_at(t, now_us) {
            if out.len() < max {
                out.push(tok);
            } else {
                hidden += 1;
            }
        }
    }
    (out, hidden)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::player::Player;
    use crate::settings::lab_defaults::{lab_scenario, Breaker};
    use cachescope_sim::{Hop, Scenario, StrategyId};

    /// The grace window of the Lab's grace demo (`stale-grace=200`).
    const GRACE_DEMO_US: u64 = 200_000;

    fn trace(op: Op, hops: Vec<Hop>, done: Option<u64>, outcome: Outcome) -> RequestTrace {
        RequestTrace {
            id: 7,
            op,
            key: 3,
            keys: 1,
            issued_at_us: hops[0].depart_us,
            done_at_us: done,
            outcome,
            version: 1,
            stale: false,
            late_fill: false,
            coalesced: false,
            grace: false,
            refreshed: false,
            hops,
        }
    }

    fn hop(from: Node, to: Node, d: u64, a: u64, kind: HopKind) -> Hop {
        Hop {
            from,
            to,
            depart_us: d,
            arrive_us: a,
            kind,
        }
    }

    #[test]
    fn a_hit_moves_out_and_back_then_lingers_then_leaves() {
        let t = trace(
            Op::Read,
            vec![
                hop(Node::Client, Node::Cache, 100, 200, HopKind::Get),
                hop(Node::Cache, Node::Client, 200, 300, HopKind::Hit),
            ],
            Some(300),
            Outcome::Hit,
        );
        assert_eq!(token_at(&t, 99), None);
        let start = token_at(&t, 100).unwrap();
        assert_eq!(start.class, TokenClass::Read);
        let mid = token_at(&t, 150).unwrap();
        let (a, c) = (
            anchor(Node::Client, Node::Cache),
            anchor(Node::Cache, Node::Client),
        );
        let centre = lerp(a, c, 0.5);
        let off = ((mid.x - centre.0).powi(2) + (mid.y - centre.1).powi(2)).sqrt();
        assert!((off - LANE).abs() < 1e-9, "in its lane: {off}");
        let back = token_at(&t, 250).unwrap();
        assert_eq!(back.class, TokenClass::Hit);
        // The reply travels in the other lane.
        assert!((back.x - mid.x).abs() + (back.y - mid.y).abs() > 2.0 * LANE);
        let done = token_at(&t, 300).unwrap();
        assert!(done.settled);
        assert_eq!((done.x, done.y), a);
        // Outside the App box, on the side facing the cache.
        let app = node_xy(Node::Client);
        assert!(a.1 < app.1 - BOX_HALF_H || (a.0 - app.0).abs() > BOX_HALF_W);
        assert_eq!(token_at(&t, 300 + LINGER_US), None);
    }

    /// A grace hit and a coalesced miss carry their ring once the cache
    /// has answered them, not while they still ask.
    #[test]
    fn mitigated_reads_carry_their_mark_once_answered() {
        let hops = vec![
            hop(Node::Client, Node::Cache, 100, 200, HopKind::Get),
            hop(Node::Cache, Node::Client, 200, 300, HopKind::Hit),
        ];
        let mut t = trace(Op::Read, hops, Some(300), Outcome::Hit);
        t.grace = true;
        assert_eq!(token_at(&t, 150).unwrap().mark, None);
        assert_eq!(token_at(&t, 250).unwrap().mark, Some(TokenMark::Grace));
        t.grace = false;
        t.coalesced = true;
        assert_eq!(token_at(&t, 250).unwrap().mark, Some(TokenMark::Waited));
        t.coalesced = false;
        assert_eq!(token_at(&t, 250).unwrap().mark, None);
    }

    #[test]
    fn the_diagram_shows_what_the_engine_did() {
        // Write-back with a crash: lost batches and stale reads appear as
        // such, and no more tokens than asked for are returned.
        let mut p = Player::new(lab_scenario(StrategyId::WriteBack));
        p.advance_to(300_000);
        p.schedule(Breaker::AdminWrite.event());
        p.advance_to(450_000);
        p.schedule(Breaker::Import.event());
        let now = p.now_us() + 1;
        p.advance_to(now);
        let (shown, hidden) = tokens(p.log(), now, 40);
        assert_eq!(shown.len(), 40);
        assert!(hidden > 900, "the import is in flight: {hidden}");
        let mut classes = std::collections::BTreeSet::new();
        let mut t = 0;
        while t < p.end_us() {
            for tok in tokens(p.log(), t, usize::MAX).0 {
                assert!((0.0..=VIEW_W).contains(&tok.x) && (0.0..=VIEW_H).contains(&tok.y));
                classes.insert(tok.class.as_str());
            }
            t += 5_000;
        }
        for c in ["read", "hit", "miss", "write", "flush", "admin"] {
            assert!(classes.contains(c), "{c} in {classes:?}");
        }
    }

    /// With a grace window, reads only and a cache that holds every key,
    /// the Lab's cache-aside run draws grace
    /// reads with their ring; the first moment one is on screen is pinned
    /// (the lab.spec e2e test scrubs there).
    #[test]
    fn the_lab_draws_a_grace_read_with_its_ring() {
        let mut s = lab_scenario(StrategyId::CacheAside);
        s.cache.stale_grace_us = GRACE_DEMO_US;
        // Reads only and room for every key: a write or an eviction would
        // remove an entry before it expires.
        s.workload.read_ratio = 1.0;
        s.cache.capacity = 16;
        let mut p = Player::new(s);
        let end = p.end_us();
        let mut t = 0;
        let first = loop {
            assert!(t <= end, "no grace read was drawn");
            p.advance_to(t);
            let marked = tokens(p.log(), t, usize::MAX)
                .0
                .iter()
                .any(|tok| tok.mark == Some(TokenMark::Grace));
            if marked {
                break t;
            }
            t += 1_000;
        };
        assert_eq!(first, 510_000, "the first ms with a grace read on screen");
    }

    /// The first ms of `s`'s Lab run with a token marked `mark` on screen.
    fn first_marked(s: Scenario, mark: TokenMark) -> Option<u64> {
        let mut p = Player::new(s);
        let end = p.end_us();
        let mut t = 0;
        while t <= end {
            p.advance_to(t);
            if tokens(p.log(), t, usize::MAX)
                .0
                .iter()
                .any(|tok| tok.mark == Some(mark))
            {
                return Some(t);
            }
            t += 1_000;
        }
        None
    }

    /// The Lab's coalescing box on cache-aside: readers that miss a key
    /// another read is loading wait for it and are drawn with the waited
    /// ring; without the box, none is. The first one on screen is pinned
    /// (the lab.spec e2e test scrubs there).
    #[test]
    fn the_lab_draws_a_coalesced_wait_only_with_the_box_on() {
        let mut s = lab_scenario(StrategyId::CacheAside);
        assert_eq!(first_marked(s.clone(), TokenMark::Waited), None);
        s.cache.coalesce = true;
        assert_eq!(first_marked(s, TokenMark::Waited), Some(121_000));
    }

    #[test]
    fn a_batch_caught_by_a_crash_ends_as_lost() {
        let mut p = Player::new(lab_scenario(StrategyId::WriteBack));
        // Crash while a flush batch is on its way to the DB.
        let mut t = 0;
        loop {
            t += 200;
            p.advance_to(t);
            let flying = p.log().iter().any(|r| {
                r.op == Op::Flush && r.done_at_us.is_none() && r.outcome == Outcome::Pending
            });
            if flying {
                break;
            }
        }
        let id = p
            .log()
            .iter()
            .find(|r| r.op == Op::Flush && r.done_at_us.is_none())
            .map(|r| r.id)
            .unwrap();
        p.schedule(Breaker::Crash.event());
        // The engine settles the batch's fate when it reaches the DB; from
        // then on the token says "lost" at its last node.
        let done = loop {
            p.step();
            if let Some(d) = p.log()[id as usize].done_at_us {
                break d;
            }
        };
        let (shown, _) = tokens(p.log(), done, usize::MAX);
        let tok = shown.iter().find(|tok| tok.id == id).unwrap();
        assert_eq!(tok.class, TokenClass::Lost);
        assert!(tok.settled);
    }
}
