//! The type checker: infers a type for every node and reports every problem at once.
