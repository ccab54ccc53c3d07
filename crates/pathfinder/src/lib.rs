//! Pathfinder (being written).
