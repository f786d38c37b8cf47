//! Whether a run-time value has a static type: the relation the checker's soundness rests on
//! ("when the checker infers T and evaluation succeeds, the value has type T").

use super::{IntKind, Type};
use crate::value::Value;

/// Nested arrays and maps are looked into this deep at most.
const MAX_DEPTH: usize = 64;

impl Type {
    /// Whether `value` is a value of this type. Unknown types admit everything; arrays and maps
    /// admit values whose elements and known fields are admitted in turn.
    ///
    /// ```
    /// use scimap::types::Type;
    /// use scimap::Value;
    /// assert!(Type::String.admits(&Value::string("a")));
    /// assert!(!Type::String.admits(&Value::Nil));
    /// assert!(Type::String.nullable().admits(&Value::Nil));
    /// let json = serde_json::json!([1, 2]);
    /// assert!(Type::array_of(Type::Int).admits(&Value::from_json(&json)));
    /// assert!(!Type::array_of(Type::String).admits(&Value::from_json(&json)));
    /// ```
    pub fn admits(&self, value: &Value<'_>) -> bool {
        self.admits_at(value, 0)
    }

    fn admits_at(&self, value: &Value<'_>, depth: usize) -> bool {
        if depth >= MAX_DEPTH {
            return true;
        }
        match self {
            Type::Any | Type::Interface | Type::Func(_) => true,
            Type::Union(members) => members.iter().any(|m| m.admits_at(value, depth)),
            Type::Nil => value.is_nil(),
            Type::Array(_) => self.admits_array(value, depth),
            Type::Map(_) => self.admits_map(value, depth),
            scalar => scalar.admits_scalar(value),
        }
    }

    fn admits_scalar(&self, value: &Value<'_>) -> bool {
        match (self, value) {
            (Type::Bool, Value::Bool(_))
            | (Type::Int, Value::Int(_))
            | (Type::IntOf(IntKind::Uint8), Value::Byte(_))
            | (Type::Float | Type::Float32, Value::Float(_))
            | (Type::Time, Value::Time(_))
            | (Type::Duration, Value::Duration(_))
            | (Type::Month, Value::Month(_))
            | (Type::Weekday, Value::Weekday(_))
            | (Type::Location, Value::Location(_)) => true,
            (Type::IntOf(_), Value::Int(_) | Value::Byte(_)) => true,
            (Type::String, value) => value.is_string(),
            _ => false,
        }
    }

    fn admits_array(&self, value: &Value<'_>, depth: usize) -> bool {
        let Some(mut items) = value.array_iter() else {
            return false;
        };
        let elem = self.elem();
        elem.is_unknown() && !matches!(elem, Type::Union(_))
            || items.all(|item| elem.admits_at(&item, depth + 1))
    }

    fn admits_map(&self, value: &Value<'_>, depth: usize) -> bool {
        let (Type::Map(map), Some(entries)) = (self, value.map_entries()) else {
            return false;
        };
        entries.iter().all(|(key, item)| {
            let field = key.as_str().and_then(|name| map.fields.get(name));
            match field {
                Some(ty) => ty.admits_at(item, depth + 1),
                None => map.value.admits_at(item, depth + 1),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_check_known_fields() {
        let record = Type::schema_record([("a".to_string(), Type::Int)].into());
        let good = serde_json::json!({"a": 1, "b": "x"});
        let bad = serde_json::json!({"a": "1"});
        assert!(record.admits(&Value::from_json(&good)));
        assert!(!record.admits(&Value::from_json(&bad)));
        assert!(!record.admits(&Value::Int(1)));
        assert!(Type::IntOf(IntKind::Int64).admits(&Value::Int(3)));
        assert!(Type::Any.admits(&Value::Nil));
    }
}
