//! The builtin registry: every function a mapping author can call, declared once.
//!
//! Each family file (`string`, `array`, `map`, `math`, `convert`, `time`, `scim`, `predicate`)
//! exports a `pub static BUILTINS: &[Builtin]`. A declaration carries the name, the signatures
//! (read by the type checker), the documentation and examples (read by the REPL's `:help`, by
//! `docs/`, and run as tests), and the implementation (read by the interpreter). Functions a
//! provisioning tool registers from Rust join the same [`Registry`].

pub mod array;
pub mod convert;
pub mod custom;
pub mod map;
pub mod math;
pub mod predicate;
pub mod scim;
pub mod string;
pub mod time;

mod args;
mod gosort;
mod gostr;
#[cfg(test)]
mod test_support;

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use crate::eval::{Context, RuntimeError};
use crate::value::Value;

/// The result of a builtin.
pub type Outcome<'a> = Result<Value<'a>, RuntimeError>;

/// An ordinary builtin: receives its evaluated arguments.
pub type FunctionImpl = for<'a> fn(&mut Context<'_>, &[Value<'a>]) -> Outcome<'a>;

/// A predicate builtin (`map`, `filter`, ...): receives the collection's items, the predicate
/// (absent for `count(arr)` / `sum(arr)`), and the remaining evaluated arguments.
pub type PredicateImpl = for<'a, 'p> fn(
    &Items<'a>,
    Option<&'p mut dyn Predicate<'a>>,
    &[Value<'a>],
    &mut Context<'_>,
) -> Outcome<'a>;

/// A function registered from Rust.
pub type CustomImpl =
    Arc<dyn for<'a> Fn(&mut Context<'_>, &[Value<'a>]) -> Outcome<'a> + Send + Sync>;

/// How a builtin runs.
#[derive(Clone)]
pub enum Implementation {
    /// Called with evaluated arguments.
    Function(FunctionImpl),
    /// Called with a collection and a predicate.
    Predicate(PredicateImpl),
    /// A function registered from Rust.
    Custom(CustomImpl),
}

impl fmt::Debug for Implementation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Implementation::Function(_) => f.write_str("Function"),
            Implementation::Predicate(_) => f.write_str("Predicate"),
            Implementation::Custom(_) => f.write_str("Custom"),
        }
    }
}

/// A parameter or result type, as declared (the checker turns it into a `types::Type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    /// Anything.
    Any,
    /// `bool`
    Bool,
    /// `int`
    Int,
    /// `float`
    Float,
    /// `int` or `float`
    Number,
    /// `string`
    String,
    /// any array
    Array,
    /// `[]string`
    StringArray,
    /// any map
    Map,
    /// `time.Time`
    Time,
    /// `time.Duration`
    Duration,
    /// `*time.Location`
    Location,
    /// The element type of the first argument (an array).
    Element,
    /// The type of the first argument.
    SameAsFirst,
    /// The predicate's result type.
    PredicateResult,
    /// The type of the predicate's result, as an array (`map`).
    ArrayOfPredicateResult,
}

/// One overload of a builtin.
#[derive(Clone, Copy, Debug)]
pub struct Signature {
    /// Fixed parameters.
    pub params: &'static [Ty],
    /// A variadic tail: any number of further arguments of this type.
    pub rest: Option<Ty>,
    /// The result.
    pub result: Ty,
}

impl Signature {
    /// A fixed-arity signature.
    pub const fn new(params: &'static [Ty], result: Ty) -> Signature {
        Signature {
            params,
            rest: None,
            result,
        }
    }

    /// A variadic signature.
    pub const fn variadic(params: &'static [Ty], rest: Ty, result: Ty) -> Signature {
        Signature {
            params,
            rest: Some(rest),
            result,
        }
    }
}

/// An example in a builtin's documentation; it runs as a test.
#[derive(Clone, Copy, Debug)]
pub struct Example {
    /// The expression (evaluated with the example environment of `docs`, see the tests).
    pub expr: &'static str,
    /// The expected result as JSON (the corpus encoding: `2.0` for floats), or
    /// `error: <message substring>` for an expected failure.
    pub result: &'static str,
}

/// The declaration of one builtin.
#[derive(Clone, Debug)]
pub struct Builtin {
    /// The name callers use.
    pub name: &'static str,
    /// The overloads, in the order the reference tries them.
    pub signatures: &'static [Signature],
    /// What it does, in one paragraph (Markdown).
    pub doc: &'static str,
    /// Examples that run as tests.
    pub examples: &'static [Example],
    /// The implementation.
    pub implementation: Implementation,
}

/// A function in the registry: a static builtin or one registered from Rust.
#[derive(Clone, Debug)]
pub struct Function {
    /// The name callers use.
    pub name: Arc<str>,
    /// The overloads.
    pub signatures: Arc<[Signature]>,
    /// Documentation.
    pub doc: Arc<str>,
    /// Examples.
    pub examples: &'static [Example],
    /// The implementation.
    pub implementation: Implementation,
}

impl From<&Builtin> for Function {
    fn from(builtin: &Builtin) -> Function {
        Function {
            name: Arc::from(builtin.name),
            signatures: Arc::from(builtin.signatures),
            doc: Arc::from(builtin.doc),
            examples: builtin.examples,
            implementation: builtin.implementation.clone(),
        }
    }
}

/// The index of a function in a [`Registry`]: what compiled programs hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FunctionId(pub u32);

/// All callable functions, by name.
#[derive(Clone, Debug)]
pub struct Registry {
    functions: Vec<Function>,
    by_name: HashMap<Arc<str>, FunctionId>,
}

/// Every static builtin family, in documentation order.
pub fn families() -> [(&'static str, &'static [Builtin]); 8] {
    [
        ("predicate", predicate::BUILTINS),
        ("string", string::BUILTINS),
        ("array", array::BUILTINS),
        ("map", map::BUILTINS),
        ("math", math::BUILTINS),
        ("convert", convert::BUILTINS),
        ("time", time::BUILTINS),
        ("scim", scim::BUILTINS),
    ]
}

impl Registry {
    /// An empty registry.
    pub fn empty() -> Registry {
        Registry {
            functions: Vec::new(),
            by_name: HashMap::new(),
        }
    }

    /// Expr's builtins plus the JumpCloud helpers.
    pub fn standard() -> Registry {
        let mut registry = Registry::empty();
        for (_, family) in families() {
            for builtin in family {
                registry.insert(Function::from(builtin));
            }
        }
        registry
    }

    /// Adds a function, replacing one of the same name.
    pub fn insert(&mut self, function: Function) -> FunctionId {
        if let Some(&id) = self.by_name.get(&function.name) {
            self.functions[id.0 as usize] = function;
            return id;
        }
        let id = FunctionId(self.functions.len() as u32);
        self.by_name.insert(function.name.clone(), id);
        self.functions.push(function);
        id
    }

    /// Looks a function up by name.
    pub fn lookup(&self, name: &str) -> Option<FunctionId> {
        self.by_name.get(name).copied()
    }

    /// The function with this id.
    pub fn get(&self, id: FunctionId) -> &Function {
        &self.functions[id.0 as usize]
    }

    /// Looks a function up by name.
    pub fn function(&self, name: &str) -> Option<&Function> {
        self.lookup(name).map(|id| self.get(id))
    }

    /// All functions, in registration order.
    pub fn iter(&self) -> impl Iterator<Item = &Function> {
        self.functions.iter()
    }
}

impl Default for Registry {
    fn default() -> Registry {
        Registry::standard()
    }
}

/// The predicate of a predicate builtin, as the interpreter provides it.
pub trait Predicate<'a> {
    /// Evaluates the predicate for item `index` of `items` (`#` reads `items.get(index)`
    /// lazily, so a map can be "iterated" as long as `#` is not read), with `#acc` = `acc`.
    fn call(
        &mut self,
        ctx: &mut Context<'_>,
        items: &Items<'a>,
        index: usize,
        acc: Option<&Value<'a>>,
    ) -> Outcome<'a>;
}

/// The collection a predicate builtin iterates, with Go's rules for what can be iterated:
/// arrays by element, strings byte by byte (elements are `uint8`), maps `len` times (but reading
/// an element fails), anything else fails.
#[derive(Clone, Debug)]
pub struct Items<'a> {
    collection: Value<'a>,
    len: usize,
}

impl<'a> Items<'a> {
    /// The items of `collection`, or the reference's error for a value that has no length.
    pub fn new(collection: Value<'a>) -> Result<Items<'a>, RuntimeError> {
        let len = match &collection {
            Value::JsonArray(items) => items.len(),
            Value::Array(array) => array.items.len(),
            Value::JsonMap(map) => map.len(),
            Value::Map(map) => map.entries.len(),
            Value::Str(_) | Value::String(_) | Value::Binary(_) => {
                collection.as_bytes().map_or(0, <[u8]>::len)
            }
            Value::Nil => {
                return Err(RuntimeError::new(
                    "reflect: call of reflect.Value.Len on zero Value",
                ))
            }
            other => {
                return Err(RuntimeError::new(format!(
                    "reflect: call of reflect.Value.Len on {} Value",
                    other.go_kind()
                )))
            }
        };
        Ok(Items { collection, len })
    }

    /// How many items there are.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The collection itself.
    pub fn collection(&self) -> &Value<'a> {
        &self.collection
    }

    /// Item `index` (which must be below `len()`).
    #[inline]
    pub fn get(&self, index: usize) -> Outcome<'a> {
        match &self.collection {
            Value::JsonArray(items) => Ok(items.get(index).map_or(Value::Nil, Value::from_json)),
            Value::Array(array) => Ok(array.items.get(index).cloned().unwrap_or(Value::Nil)),
            Value::Str(_) | Value::String(_) | Value::Binary(_) => Ok(self
                .collection
                .as_bytes()
                .and_then(|b| b.get(index))
                .map_or(Value::Nil, |b| Value::Byte(*b))),
            _ => Err(RuntimeError::new(
                "reflect: call of reflect.Value.Index on map Value",
            )),
        }
    }
}
