//! Types inferred from a sample JSON document, all the way down (unlike the reference's typed
//! mode, which types only the top level of a map environment).

use std::collections::BTreeMap;

use serde_json::Value as Json;

use super::Type;

/// Nesting deeper than this is typed as unknown.
const MAX_DEPTH: usize = 64;

impl Type {
    /// The type of a sample value, inferred recursively: objects become schema records (their
    /// keys are known; any other key reads with a warning), whose fields may be absent in other
    /// documents (`T | nil`); arrays have the join of their elements' types; a `null` field says
    /// nothing about the field's type (unknown).
    ///
    /// ```
    /// use scimap::types::Type;
    /// let ty = Type::of_sample(&serde_json::json!({"a": 1, "tags": ["x"], "m": null}));
    /// assert_eq!(ty.field("a"), Some(Type::Int.nullable()));
    /// assert_eq!(ty.field("tags").unwrap().non_nil().elem(), Type::String);
    /// assert_eq!(ty.field("m"), Some(Type::Any));
    /// ```
    pub fn of_sample(value: &Json) -> Type {
        sample_type(value, 0)
    }
}

fn sample_type(value: &Json, depth: usize) -> Type {
    if depth >= MAX_DEPTH {
        return Type::Any;
    }
    match value {
        Json::Array(items) => sample_array(items, depth),
        Json::Object(object) => {
            let fields: BTreeMap<String, Type> = object
                .iter()
                .map(|(name, field)| (name.clone(), sample_field(field, depth + 1)))
                .collect();
            Type::schema_record(fields)
        }
        scalar => Type::of_json(scalar),
    }
}

fn sample_field(value: &Json, depth: usize) -> Type {
    match value {
        Json::Null => Type::Any,
        other => sample_type(other, depth).nullable(),
    }
}

fn sample_array(items: &[Json], depth: usize) -> Type {
    let mut elem: Option<Type> = None;
    for item in items {
        let ty = sample_type(item, depth + 1);
        elem = Some(match elem {
            None => ty,
            Some(known) => known.join(&ty),
        });
    }
    match elem {
        Some(elem) => Type::array_of(elem),
        None => Type::json_array(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrays_join_their_elements() {
        let ty = Type::of_sample(&serde_json::json!([{"a": 1}, {"a": 2, "b": "x"}, null]));
        let elem = ty.elem();
        assert!(elem.is_nullable());
        let record = elem.non_nil();
        assert_eq!(record.field("a"), Some(Type::Int.nullable()));
        assert_eq!(record.field("b"), Some(Type::String.nullable()));
        let mixed = Type::of_sample(&serde_json::json!([1, 2.5]));
        assert_eq!(mixed.elem().to_string(), "int | float64");
        assert_eq!(Type::of_sample(&serde_json::json!([])), Type::json_array());
    }
}
