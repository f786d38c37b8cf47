//! Static types: kinds, unions, known fields, element types, and `any`.
