//! Split places: a city held in parts ("loyalists in the west, rebels in the
//! east") becomes one site per part, offset from the centre towards its
//! direction, so the Voronoi bisector between the parts splits the city's
//! area into sectors instead of colouring it one faction.

use crate::geoparse::Direction;

/// Where a part's site goes, given the place centre and its reach (km): half
/// the reach out along the direction; the part's own reach is half the city's.
pub(super) fn part_site(centre: [f64; 2], reach: f64, dir: Direction) -> ([f64; 2], f64) {
    let (dx, dy) = dir.vector();
    (
        [centre[0] + dx * reach * 0.5, centre[1] + dy * reach * 0.5],
        reach * 0.5,
    )
}

/// The opposite direction, whose part a blank site fills when only one part
/// of a place is known (so "rebels hold the east" does not paint the west).
pub(super) fn opposite(dir: Direction) -> Direction {
    match dir {
        Direction::North => Direction::South,
        Direction::South => Direction::North,
        Direction::East => Direction::West,
        Direction::West => Direction::East,
        Direction::Northeast => Direction::Southwest,
        Direction::Southwest => Direction::Northeast,
        Direction::Northwest => Direction::Southeast,
        Direction::Southeast => Direction::Northwest,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_go_to_their_side() {
        let (w, r) = part_site([0.0, 0.0], 12.0, Direction::West);
        assert!(w[0] < -5.0 && w[1].abs() < 1e-9);
        assert_eq!(r, 6.0);
        let (e, _) = part_site([0.0, 0.0], 12.0, opposite(Direction::West));
        assert!(e[0] > 5.0);
    }
}
