//! Mapping tables: files, rows, targets; compile once, evaluate per user.
