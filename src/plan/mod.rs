//! The session-plan format.
