//! The HTTP API of DESIGN.md and the static web map, on axum.
