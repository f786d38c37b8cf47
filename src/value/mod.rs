//! `Value`: what expressions compute.
//!
//! A value borrows from the input JSON wherever it only reads: `jcUser.addresses[0].locality`
//! is a `Str(&'a str)` pointing into the caller's `serde_json::Value`, and `jcUser.addresses`
//! is a `JsonArray` view of the input's vector. Only computed results allocate, and they are
//! shared with `Arc` so that copying a value is cheap and a compiled program's constants can be
//! shared across threads. Integers and floats stay distinct, as in Go.
//!
//! `size_of::<Value>()` is pinned at 24 bytes by a test: keep big payloads behind an `Arc`.

mod convert;
pub mod format;
pub mod time;

use std::sync::Arc;

use indexmap::IndexMap;
use serde_json::Value as Json;

pub use self::time::{Time, Zone};

/// A JSON object as serde_json stores it.
pub type JsonObject = serde_json::Map<String, Json>;

/// Objects up to this size are searched key by key rather than hashed (see [`json_field`]).
const SCAN_FIELDS: usize = 48;

/// `object[key]`, as `object.get(key)` finds it. A user object has a few dozen keys, and
/// comparing them (most differ in length, which is compared first) is cheaper than hashing
/// the key with the map's SipHash; larger objects are hashed. Keys are unique, so both ways
/// find the same entry.
#[inline]
pub fn json_field<'j>(object: &'j JsonObject, key: &str) -> Option<&'j Json> {
    if object.len() <= SCAN_FIELDS {
        // Length and last byte first: keys of equal length mostly differ there, and a call
        // to `memcmp` costs more than the rest of the loop.
        let last = key.as_bytes().last();
        object.iter().find_map(|(name, value)| {
            (name.len() == key.len() && name.as_bytes().last() == last && name == key)
                .then_some(value)
        })
    } else {
        object.get(key)
    }
}

/// A runtime value of the Expr language.
#[derive(Clone, Debug)]
pub enum Value<'a> {
    /// `nil`
    Nil,
    /// `true` / `false`
    Bool(bool),
    /// Go `int` (64-bit; arithmetic wraps).
    Int(i64),
    /// Go `uint8`: a byte read by indexing a string or a byte array (`type()` is `"uint"`).
    Byte(u8),
    /// Go `float64`.
    Float(f64),
    /// A string borrowed from the input or the program.
    Str(&'a str),
    /// A computed string.
    String(Arc<str>),
    /// A Go string that is not valid UTF-8 (`"héllo"[0:2]`, `fromBase64(...)`).
    Binary(Arc<[u8]>),
    /// An array of the input JSON, read in place.
    JsonArray(&'a Vec<Json>),
    /// An object of the input JSON, read in place.
    JsonMap(&'a JsonObject),
    /// A computed array.
    Array(Arc<Array<'a>>),
    /// A computed map.
    Map(Arc<Map<'a>>),
    /// A point in time (Go `time.Time`).
    Time(Arc<Time>),
    /// A span of time in nanoseconds (Go `time.Duration`).
    Duration(i64),
    /// A time zone (Go `*time.Location`).
    Location(Arc<Zone>),
    /// Go `time.Month` (1 = January): prints as `August`, encodes as a number.
    Month(u8),
    /// Go `time.Weekday` (0 = Sunday).
    Weekday(u8),
}

/// What Go type a computed array has, where that is observable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ArrayKind {
    /// `[]interface {}`: literals and most builtins.
    Any,
    /// A nil `[]interface {}` (`concat([])`): equals `nil`, encodes as `null`.
    NilAny,
    /// `[]int`: ranges.
    Int,
    /// `[]float64`.
    Float,
    /// `[]string`: `split`; a nil one from `split(s, sep, 0)`.
    String,
    /// A nil `[]string`.
    NilString,
    /// `[]uint8`: byte literals.
    Bytes,
    /// `[][2]interface {}`: `toPairs`.
    Pairs,
}

/// A computed array.
#[derive(Clone, Debug)]
pub struct Array<'a> {
    /// The elements.
    pub items: Vec<Value<'a>>,
    /// The Go type it stands for.
    pub kind: ArrayKind,
}

/// How deep scimap follows nested arrays and maps: an evaluation whose result nests deeper fails
/// (`Limits::max_depth`'s sibling for values), and the recursive walks over values (`%v`,
/// `toJSON`, `==`, [`Value::to_json`], [`Value::into_owned`]) stop there. Values this deep only
/// come from `reduce` loops like `reduce(1..n, [#acc], [])` or `fromJSON`.
pub const MAX_VALUE_DEPTH: usize = 1_000;

/// Dropping arrays and maps is iterative: a value nested 100,000 levels deep (which a `reduce`
/// loop builds within the memory budget) must not overflow the stack when it goes away.
impl Drop for Array<'_> {
    fn drop(&mut self) {
        if self.items.iter().any(is_collection) {
            drop_nested(std::mem::take(&mut self.items));
        }
    }
}

impl Drop for Map<'_> {
    fn drop(&mut self) {
        if self.entries.values().any(is_collection) {
            let entries = std::mem::take(&mut self.entries);
            drop_nested(entries.into_values().collect());
        }
    }
}

fn is_collection(value: &Value<'_>) -> bool {
    matches!(value, Value::Array(_) | Value::Map(_))
}

/// Drops `pending` and everything only it holds without recursing: the children of a uniquely
/// owned array or map are moved to the work list before the container itself is dropped.
fn drop_nested(mut pending: Vec<Value<'_>>) {
    while let Some(value) = pending.pop() {
        match value {
            Value::Array(mut array) => {
                if let Some(array) = Arc::get_mut(&mut array) {
                    pending.append(&mut array.items);
                }
            }
            Value::Map(mut map) => {
                if let Some(map) = Arc::get_mut(&mut map) {
                    pending.extend(std::mem::take(&mut map.entries).into_values());
                }
            }
            _ => {}
        }
    }
}

/// Whether `value` nests computed arrays and maps more than `limit` levels deep (without
/// recursing; views of the input JSON count as one level, serde_json bounds their depth).
pub fn nests_deeper_than(value: &Value<'_>, limit: usize) -> bool {
    let mut pending: Vec<(&Value<'_>, usize)> = vec![(value, 1)];
    while let Some((value, depth)) = pending.pop() {
        match value {
            Value::Array(_) | Value::Map(_) if depth > limit => return true,
            Value::Array(array) => pending.extend(
                array
                    .items
                    .iter()
                    .filter(|v| is_collection(v))
                    .map(|v| (v, depth + 1)),
            ),
            Value::Map(map) => pending.extend(
                map.entries
                    .values()
                    .filter(|v| is_collection(v))
                    .map(|v| (v, depth + 1)),
            ),
            _ => {}
        }
    }
    false
}

/// What Go type a computed map has, where that is observable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MapKind {
    /// `map[string]interface {}`: literals, `fromJSON`.
    Strings,
    /// `map[interface {}][]interface {}`: `groupBy` (not JSON-encodable).
    GroupBy,
    /// `map[interface {}]interface {}`: `fromPairs` (not JSON-encodable).
    Any,
}

/// A computed map; keeps insertion order (Go's is random; ours is stable and documented).
#[derive(Clone, Debug)]
pub struct Map<'a> {
    /// The entries.
    pub entries: IndexMap<Key, Value<'a>>,
    /// The Go type it stands for.
    pub kind: MapKind,
}

/// A map key: the comparable values (Go allows any comparable value as a `map[any]` key).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key {
    /// `nil`
    Nil,
    /// A bool.
    Bool(bool),
    /// An int.
    Int(i64),
    /// A byte (`uint8`).
    Byte(u8),
    /// A float, by its bits (so that it can be hashed).
    Float(u64),
    /// A string.
    Str(Arc<str>),
    /// A duration (ns).
    Duration(i64),
}

impl Key {
    /// The key as a value.
    pub fn to_value<'a>(&self) -> Value<'a> {
        match self {
            Key::Nil => Value::Nil,
            Key::Bool(b) => Value::Bool(*b),
            Key::Int(i) => Value::Int(*i),
            Key::Byte(b) => Value::Byte(*b),
            Key::Float(bits) => Value::Float(f64::from_bits(*bits)),
            Key::Str(s) => Value::String(s.clone()),
            Key::Duration(d) => Value::Duration(*d),
        }
    }

    /// The key of a value, if the value can be one (arrays and maps cannot).
    pub fn from_value(value: &Value<'_>) -> Option<Key> {
        Some(match value {
            Value::Nil => Key::Nil,
            Value::Bool(b) => Key::Bool(*b),
            Value::Int(i) => Key::Int(*i),
            Value::Byte(b) => Key::Byte(*b),
            Value::Float(f) => Key::Float(f.to_bits()),
            Value::Str(s) => Key::Str(Arc::from(*s)),
            Value::String(s) => Key::Str(s.clone()),
            Value::Binary(b) => Key::Str(Arc::from(String::from_utf8_lossy(b).as_ref())),
            Value::Duration(d) => Key::Duration(*d),
            _ => return None,
        })
    }

    /// The key's string, if it is a string key.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Key::Str(s) => Some(s),
            _ => None,
        }
    }
}

impl<'a> Value<'a> {
    /// Reads a JSON value in place: scalars are copied, strings, arrays and objects borrowed.
    /// JSON integers that fit an `i64` become `Int`; every other number is a `Float`.
    #[inline]
    pub fn from_json(json: &'a Json) -> Value<'a> {
        match json {
            Json::Null => Value::Nil,
            Json::Bool(b) => Value::Bool(*b),
            Json::Number(n) => match n.as_i64() {
                Some(i) => Value::Int(i),
                None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
            },
            Json::String(s) => Value::Str(s),
            Json::Array(items) => Value::JsonArray(items),
            Json::Object(map) => Value::JsonMap(map),
        }
    }

    /// A computed string.
    pub fn string(text: impl Into<Arc<str>>) -> Value<'a> {
        Value::String(text.into())
    }

    /// A Go string from bytes: a `String` when they are UTF-8, otherwise `Binary`.
    pub fn from_bytes(bytes: &[u8]) -> Value<'a> {
        match std::str::from_utf8(bytes) {
            Ok(text) => Value::String(Arc::from(text)),
            Err(_) => Value::Binary(Arc::from(bytes)),
        }
    }

    /// A computed `[]interface {}`.
    pub fn array(items: Vec<Value<'a>>) -> Value<'a> {
        Value::Array(Arc::new(Array {
            items,
            kind: ArrayKind::Any,
        }))
    }

    /// A computed array of the given Go type.
    pub fn array_of(kind: ArrayKind, items: Vec<Value<'a>>) -> Value<'a> {
        Value::Array(Arc::new(Array { items, kind }))
    }

    /// A computed `map[string]interface {}`.
    pub fn map(entries: IndexMap<Key, Value<'a>>) -> Value<'a> {
        Value::Map(Arc::new(Map {
            entries,
            kind: MapKind::Strings,
        }))
    }

    /// Whether the value is nil in Go's sense (`IsNil`): `nil`, or a nil array.
    pub fn is_nil(&self) -> bool {
        match self {
            Value::Nil => true,
            Value::Array(array) => {
                matches!(array.kind, ArrayKind::NilAny | ArrayKind::NilString)
            }
            _ => false,
        }
    }

    /// The text of a string value (lossy for non-UTF-8 strings), or `None`.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The bytes of a string value, or `None`.
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            Value::Str(s) => Some(s.as_bytes()),
            Value::String(s) => Some(s.as_bytes()),
            Value::Binary(b) => Some(b),
            _ => None,
        }
    }

    /// Whether the value is a string (of any representation).
    pub fn is_string(&self) -> bool {
        matches!(self, Value::Str(_) | Value::String(_) | Value::Binary(_))
    }

    /// Whether the value is an array (of any representation).
    pub fn is_array(&self) -> bool {
        matches!(self, Value::JsonArray(_) | Value::Array(_))
    }

    /// Whether the value is a map (of any representation).
    pub fn is_map(&self) -> bool {
        matches!(self, Value::JsonMap(_) | Value::Map(_))
    }

    /// Whether the value is an int, byte or float.
    pub fn is_number(&self) -> bool {
        matches!(self, Value::Int(_) | Value::Byte(_) | Value::Float(_))
    }

    /// The value as an `f64` if it is a number.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(*i as f64),
            Value::Byte(b) => Some(f64::from(*b)),
            Value::Float(f) => Some(*f),
            _ => None,
        }
    }

    /// The value as an `i64` if it is an integer (int or byte).
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            Value::Byte(b) => Some(i64::from(*b)),
            _ => None,
        }
    }

    /// The number of elements of an array or map, or `None`.
    pub fn collection_len(&self) -> Option<usize> {
        match self {
            Value::JsonArray(items) => Some(items.len()),
            Value::Array(array) => Some(array.items.len()),
            Value::JsonMap(map) => Some(map.len()),
            Value::Map(map) => Some(map.entries.len()),
            _ => None,
        }
    }

    /// Element `i` of an array (no bounds adjustment), or `None`.
    #[inline]
    pub fn array_get(&self, i: usize) -> Option<Value<'a>> {
        match self {
            Value::JsonArray(items) => items.get(i).map(Value::from_json),
            Value::Array(array) => array.items.get(i).cloned(),
            _ => None,
        }
    }

    /// The elements of an array as an iterator of values, or `None` for a non-array.
    pub fn array_iter(&self) -> Option<ArrayIter<'_, 'a>> {
        match self {
            Value::JsonArray(items) => Some(ArrayIter::Json(items.iter())),
            Value::Array(array) => Some(ArrayIter::Owned(array.items.iter())),
            _ => None,
        }
    }

    /// The elements of an array collected into a vector, or `None` for a non-array.
    pub fn to_vec(&self) -> Option<Vec<Value<'a>>> {
        self.array_iter().map(Iterator::collect)
    }

    /// Looks a string key up in a map; `None` when absent or not a map.
    #[inline]
    pub fn map_get(&self, key: &str) -> Option<Value<'a>> {
        match self {
            Value::JsonMap(map) => json_field(map, key).map(Value::from_json),
            Value::Map(map) => map.entries.get(&Key::Str(Arc::from(key))).cloned(),
            _ => None,
        }
    }

    /// Looks any key up in a map; `None` when absent or not a map.
    pub fn map_get_key(&self, key: &Key) -> Option<Value<'a>> {
        match (self, key) {
            (Value::JsonMap(map), Key::Str(s)) => map.get(&**s).map(Value::from_json),
            (Value::JsonMap(_), _) => None,
            (Value::Map(map), key) => map.entries.get(key).cloned(),
            _ => None,
        }
    }

    /// The entries of a map, as (key, value) pairs, or `None` for a non-map.
    pub fn map_entries(&self) -> Option<Vec<(Key, Value<'a>)>> {
        match self {
            Value::JsonMap(map) => Some(
                map.iter()
                    .map(|(k, v)| (Key::Str(Arc::from(k.as_str())), Value::from_json(v)))
                    .collect(),
            ),
            Value::Map(map) => Some(
                map.entries
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            ),
            _ => None,
        }
    }

    /// What Expr's `type()` returns for this value.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Nil => "nil",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Byte(_) => "uint",
            Value::Float(_) => "float",
            Value::Str(_) | Value::String(_) | Value::Binary(_) => "string",
            Value::JsonArray(_) | Value::Array(_) => "array",
            Value::JsonMap(_) | Value::Map(_) => "map",
            Value::Time(_) => "time.Time",
            Value::Duration(_) => "time.Duration",
            Value::Location(_) => "time.Location",
            Value::Month(_) => "time.Month",
            Value::Weekday(_) => "time.Weekday",
        }
    }

    /// The Go type name that the reference's run-time messages print (`%T`), e.g.
    /// `[]interface {}` or `<nil>`.
    pub fn go_type(&self) -> &'static str {
        match self {
            Value::Nil => "<nil>",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Byte(_) => "uint8",
            Value::Float(_) => "float64",
            Value::Str(_) | Value::String(_) | Value::Binary(_) => "string",
            Value::JsonArray(_) => "[]interface {}",
            Value::Array(array) => match array.kind {
                ArrayKind::Any | ArrayKind::NilAny => "[]interface {}",
                ArrayKind::Int => "[]int",
                ArrayKind::Float => "[]float64",
                ArrayKind::String | ArrayKind::NilString => "[]string",
                ArrayKind::Bytes => "[]uint8",
                ArrayKind::Pairs => "[][2]interface {}",
            },
            Value::JsonMap(_) => "map[string]interface {}",
            Value::Map(map) => match map.kind {
                MapKind::Strings => "map[string]interface {}",
                MapKind::GroupBy => "map[interface {}][]interface {}",
                MapKind::Any => "map[interface {}]interface {}",
            },
            Value::Time(_) => "time.Time",
            Value::Duration(_) => "time.Duration",
            Value::Location(_) => "*time.Location",
            Value::Month(_) => "time.Month",
            Value::Weekday(_) => "time.Weekday",
        }
    }

    /// Go's reflect kind name, as some messages print it (`slice`, `map`, `string`, `invalid`).
    pub fn go_kind(&self) -> &'static str {
        match self {
            Value::Nil => "invalid",
            Value::Bool(_) => "bool",
            Value::Int(_) | Value::Duration(_) | Value::Month(_) | Value::Weekday(_) => "int",
            Value::Byte(_) => "uint8",
            Value::Float(_) => "float64",
            Value::Str(_) | Value::String(_) | Value::Binary(_) => "string",
            Value::JsonArray(_) | Value::Array(_) => "slice",
            Value::JsonMap(_) | Value::Map(_) => "map",
            Value::Time(_) => "struct",
            Value::Location(_) => "ptr",
        }
    }

    /// Detaches the value from the input's lifetime (copies borrowed parts).
    pub fn into_owned(self) -> Value<'static> {
        convert::into_owned(self)
    }

    /// Converts to plain JSON for output: times as RFC 3339, durations as Go duration strings
    /// (`"1h30m0s"`), NaN and
    /// infinities as the strings `"NaN"`, `"+Inf"`, `"-Inf"`, non-string map keys as their text.
    pub fn to_json(&self) -> Json {
        convert::to_json(self)
    }
}

/// Iterator over the elements of an array value.
pub enum ArrayIter<'v, 'a> {
    /// Over a borrowed JSON array.
    Json(std::slice::Iter<'a, Json>),
    /// Over a computed array.
    Owned(std::slice::Iter<'v, Value<'a>>),
}

impl<'a> Iterator for ArrayIter<'_, 'a> {
    type Item = Value<'a>;

    #[inline]
    fn next(&mut self) -> Option<Value<'a>> {
        match self {
            ArrayIter::Json(iter) => iter.next().map(Value::from_json),
            ArrayIter::Owned(iter) => iter.next().cloned(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match self {
            ArrayIter::Json(iter) => iter.size_hint(),
            ArrayIter::Owned(iter) => iter.size_hint(),
        }
    }
}

impl DoubleEndedIterator for ArrayIter<'_, '_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        match self {
            ArrayIter::Json(iter) => iter.next_back().map(Value::from_json),
            ArrayIter::Owned(iter) => iter.next_back().cloned(),
        }
    }
}

impl ExactSizeIterator for ArrayIter<'_, '_> {}

impl From<bool> for Value<'_> {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl From<i64> for Value<'_> {
    fn from(i: i64) -> Self {
        Value::Int(i)
    }
}

impl From<f64> for Value<'_> {
    fn from(f: f64) -> Self {
        Value::Float(f)
    }
}

impl From<String> for Value<'_> {
    fn from(s: String) -> Self {
        Value::String(Arc::from(s))
    }
}

impl<'a> From<&'a str> for Value<'a> {
    fn from(s: &'a str) -> Self {
        Value::Str(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_is_three_words() {
        assert_eq!(std::mem::size_of::<Value<'_>>(), 24);
    }

    #[test]
    fn json_is_read_in_place() {
        let json: Json = serde_json::json!({"a": "text", "n": 3, "f": 1.5, "list": [1, 2]});
        let Json::Object(object) = &json else {
            unreachable!()
        };
        let value = Value::JsonMap(object);
        let Some(Value::Str(text)) = value.map_get("a") else {
            panic!("expected a borrowed string")
        };
        assert!(std::ptr::eq(text, object["a"].as_str().unwrap()));
        assert!(matches!(value.map_get("n"), Some(Value::Int(3))));
        assert!(matches!(value.map_get("f"), Some(Value::Float(f)) if f == 1.5));
        assert!(matches!(value.map_get("list"), Some(Value::JsonArray(items)) if items.len() == 2));
        assert!(value.map_get("missing").is_none());
    }
}

#[cfg(test)]
mod field_tests {
    use super::*;

    #[test]
    fn json_field_finds_what_get_finds_on_both_sides_of_the_scan_limit() {
        for size in [0, 1, 2, SCAN_FIELDS - 1, SCAN_FIELDS, SCAN_FIELDS + 1, 200] {
            let object: JsonObject = (0..size)
                .map(|i| (format!("k{}", i * 7 % (size + 3)), Json::from(i)))
                .collect();
            for key in (0..size + 5)
                .map(|i| format!("k{i}"))
                .chain([String::new()])
            {
                assert_eq!(json_field(&object, &key), object.get(&key), "{size} {key}");
            }
        }
    }
}
