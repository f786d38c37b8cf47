//! Functions registered from Rust, with typed arguments.
//!
//! A provisioning tool adds its own functions (a lookup table, a company-specific rule) as plain
//! Rust closures; their parameter and result types are Rust types, converted from and to
//! [`Value`]s by [`FromValue`] and [`IntoValue`]. The declared [`Signature`] (what the type
//! checker sees) is derived from the same types, so it cannot drift from the implementation.
//!
//! ```
//! use scimap::builtins::{Implementation, Registry, Ty};
//! use scimap::eval::{Context, Limits, SystemClock};
//! use scimap::Value;
//!
//! let mut registry = Registry::standard();
//! registry.register(
//!     "initials",
//!     "The initials of a first and a last name: `initials('Ada', 'Lovelace')` is `\"AL\"`.",
//!     |first: String, last: String| {
//!         let initial = |name: &str| name.chars().next().map(|c| c.to_uppercase().to_string());
//!         format!("{}{}", initial(&first).unwrap_or_default(), initial(&last).unwrap_or_default())
//!     },
//! );
//!
//! let function = registry.function("initials").expect("registered");
//! assert_eq!(function.signatures[0].params, &[Ty::String, Ty::String]);
//! assert_eq!(function.signatures[0].result, Ty::String);
//!
//! // The interpreter calls it like this:
//! let Implementation::Custom(initials) = &function.implementation else { unreachable!() };
//! let mut ctx = Context::new(Limits::default(), &SystemClock);
//! let value = initials(&mut ctx, &[Value::Str("ada"), Value::Str("Lovelace")])?;
//! assert_eq!(value.as_str(), Some("AL"));
//!
//! // Arity and argument types are checked, with the reference's messages:
//! let error = initials(&mut ctx, &[Value::Str("Ada")]).unwrap_err();
//! assert_eq!(error.message(), "invalid number of arguments (expected 2, got 1)");
//! let error = initials(&mut ctx, &[Value::Str("Ada"), Value::Int(1)]).unwrap_err();
//! assert_eq!(error.message(), "cannot use int as argument (type string) to call initials");
//! # Ok::<(), scimap::eval::RuntimeError>(())
//! ```
//!
//! Parameters are owned types (`String`, not `&str`): a registered function is shared by every
//! evaluation, so it cannot borrow from one input. A [`Value<'static>`] parameter takes any value
//! (borrowed input is copied); a `serde_json::Value` parameter takes it as plain JSON.
//! Registering a name that exists replaces that function, builtins included, as `expr.Function`
//! overrides a builtin in the reference.

use std::borrow::Cow;
use std::fmt::Display;
use std::sync::Arc;

use serde_json::Value as Json;

use super::{CustomImpl, Function, FunctionId, Implementation, Registry, Signature, Ty};
use crate::eval::{Context, RuntimeError};
use crate::value::{ArrayKind, Value};

/// The result of a conversion or a call.
type Outcome<'a> = Result<Value<'a>, RuntimeError>;

/// A Rust type that a function parameter can have: converts from an argument value.
pub trait FromValue<'a>: Sized {
    /// The declared parameter type.
    const TY: Ty;

    /// The Go type name that messages print for this parameter (`int`, `[]string`).
    fn type_name() -> Cow<'static, str>;

    /// Converts an argument; `None` when the value does not have this type.
    fn from_value(value: &Value<'a>) -> Option<Self>;
}

/// A Rust type that a function can return: converts into a value (or a run-time error).
pub trait IntoValue {
    /// The declared result type.
    const TY: Ty;

    /// Converts the result.
    fn into_value<'a>(self) -> Outcome<'a>;
}

impl FromValue<'_> for i64 {
    const TY: Ty = Ty::Int;

    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed("int")
    }

    fn from_value(value: &Value<'_>) -> Option<i64> {
        value.as_i64()
    }
}

/// Ints are accepted too (Go's checker passes an int to a float parameter).
impl FromValue<'_> for f64 {
    const TY: Ty = Ty::Number;

    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed("float64")
    }

    fn from_value(value: &Value<'_>) -> Option<f64> {
        value.as_f64()
    }
}

impl FromValue<'_> for bool {
    const TY: Ty = Ty::Bool;

    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed("bool")
    }

    fn from_value(value: &Value<'_>) -> Option<bool> {
        match value {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }
}

/// A Go string that is not UTF-8 is converted lossily.
impl FromValue<'_> for String {
    const TY: Ty = Ty::String;

    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed("string")
    }

    fn from_value(value: &Value<'_>) -> Option<String> {
        value
            .as_bytes()
            .map(|bytes| String::from_utf8_lossy(bytes).into_owned())
    }
}

/// Any value, detached from the input (borrowed parts are copied).
impl FromValue<'_> for Value<'static> {
    const TY: Ty = Ty::Any;

    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed("interface {}")
    }

    fn from_value(value: &Value<'_>) -> Option<Value<'static>> {
        Some(value.clone().into_owned())
    }
}

/// Any value, as plain JSON ([`Value::to_json`]).
impl FromValue<'_> for Json {
    const TY: Ty = Ty::Any;

    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed("interface {}")
    }

    fn from_value(value: &Value<'_>) -> Option<Json> {
        Some(value.to_json())
    }
}

/// `nil` (or a nil array) is `None`. Declared as `any`: the checker has no "T or nil" type.
impl<'a, T: FromValue<'a>> FromValue<'a> for Option<T> {
    const TY: Ty = Ty::Any;

    fn type_name() -> Cow<'static, str> {
        T::type_name()
    }

    fn from_value(value: &Value<'a>) -> Option<Option<T>> {
        if value.is_nil() {
            return Some(None);
        }
        T::from_value(value).map(Some)
    }
}

/// Any array whose elements all convert.
impl<'a, T: FromValue<'a>> FromValue<'a> for Vec<T> {
    const TY: Ty = match T::TY {
        Ty::String => Ty::StringArray,
        _ => Ty::Array,
    };

    fn type_name() -> Cow<'static, str> {
        Cow::Owned(format!("[]{}", T::type_name()))
    }

    fn from_value(value: &Value<'a>) -> Option<Vec<T>> {
        value
            .array_iter()?
            .map(|item| T::from_value(&item))
            .collect()
    }
}

impl IntoValue for i64 {
    const TY: Ty = Ty::Int;

    fn into_value<'a>(self) -> Outcome<'a> {
        Ok(Value::Int(self))
    }
}

impl IntoValue for f64 {
    const TY: Ty = Ty::Float;

    fn into_value<'a>(self) -> Outcome<'a> {
        Ok(Value::Float(self))
    }
}

impl IntoValue for bool {
    const TY: Ty = Ty::Bool;

    fn into_value<'a>(self) -> Outcome<'a> {
        Ok(Value::Bool(self))
    }
}

impl IntoValue for String {
    const TY: Ty = Ty::String;

    fn into_value<'a>(self) -> Outcome<'a> {
        Ok(Value::string(self))
    }
}

impl IntoValue for &'static str {
    const TY: Ty = Ty::String;

    fn into_value<'a>(self) -> Outcome<'a> {
        Ok(Value::Str(self))
    }
}

/// `()` is `nil`.
impl IntoValue for () {
    const TY: Ty = Ty::Any;

    fn into_value<'a>(self) -> Outcome<'a> {
        Ok(Value::Nil)
    }
}

impl IntoValue for Value<'static> {
    const TY: Ty = Ty::Any;

    fn into_value<'a>(self) -> Outcome<'a> {
        Ok(self)
    }
}

/// Plain JSON, read as a JSON input is (integers stay ints).
impl IntoValue for Json {
    const TY: Ty = Ty::Any;

    fn into_value<'a>(self) -> Outcome<'a> {
        Ok(Value::from_json(&self).into_owned())
    }
}

/// `None` is `nil`.
impl<T: IntoValue> IntoValue for Option<T> {
    const TY: Ty = Ty::Any;

    fn into_value<'a>(self) -> Outcome<'a> {
        self.map_or(Ok(Value::Nil), T::into_value)
    }
}

/// An array: `[]int`, `[]float64`, `[]string` for those element types, else `[]interface {}`.
impl<T: IntoValue> IntoValue for Vec<T> {
    const TY: Ty = match T::TY {
        Ty::String => Ty::StringArray,
        _ => Ty::Array,
    };

    fn into_value<'a>(self) -> Outcome<'a> {
        let kind = match T::TY {
            Ty::Int => ArrayKind::Int,
            Ty::Float => ArrayKind::Float,
            Ty::String => ArrayKind::String,
            _ => ArrayKind::Any,
        };
        let items = self
            .into_iter()
            .map(T::into_value)
            .collect::<Result<_, _>>()?;
        Ok(Value::array_of(kind, items))
    }
}

/// An error is a run-time error with the error's text (as Go functions returning
/// `(value, error)` behave).
impl<T: IntoValue, E: Display> IntoValue for Result<T, E> {
    const TY: Ty = T::TY;

    fn into_value<'a>(self) -> Outcome<'a> {
        self.map_err(|error| RuntimeError::new(error.to_string()))?
            .into_value()
    }
}

/// A Rust closure of typed parameters that can be registered: implemented for `Fn` closures
/// of 0 to 4 parameters whose types are [`FromValue`] and whose result is [`IntoValue`].
/// `Args` is the tuple of parameter types; it only tells the implementations apart.
pub trait TypedFunction<Args>: Send + Sync + 'static {
    /// The declared parameter types.
    const PARAMS: &'static [Ty];

    /// The declared result type.
    const RESULT: Ty;

    /// Checks the arity, converts the arguments, calls, converts the result; `name` is the
    /// function's name for messages.
    fn invoke<'a>(&self, name: &str, args: &[Value<'a>]) -> Outcome<'a>;
}

/// The reference's arity message.
fn arity_error(expected: usize, got: usize) -> RuntimeError {
    RuntimeError::new(format!(
        "invalid number of arguments (expected {expected}, got {got})"
    ))
}

/// Converts one argument, or fails with the reference's message.
fn argument<'a, T: FromValue<'a>>(name: &str, value: &Value<'a>) -> Result<T, RuntimeError> {
    T::from_value(value).ok_or_else(|| {
        let actual = if value.is_nil() {
            "nil"
        } else {
            value.go_type()
        };
        RuntimeError::new(format!(
            "cannot use {actual} as argument (type {}) to call {name}",
            T::type_name()
        ))
    })
}

macro_rules! typed_function {
    ($($ty:ident $arg:ident),*) => {
        impl<F, R, $($ty,)*> TypedFunction<($($ty,)*)> for F
        where
            F: Fn($($ty),*) -> R + Send + Sync + 'static,
            R: IntoValue,
            $($ty: for<'a> FromValue<'a>,)*
        {
            const PARAMS: &'static [Ty] = &[$(<$ty as FromValue<'static>>::TY),*];
            const RESULT: Ty = R::TY;

            fn invoke<'a>(&self, _name: &str, args: &[Value<'a>]) -> Outcome<'a> {
                match args {
                    [$($arg),*] => {
                        $(let $arg = argument::<$ty>(_name, $arg)?;)*
                        self($($arg),*).into_value()
                    }
                    _ => Err(arity_error(Self::PARAMS.len(), args.len())),
                }
            }
        }
    };
}

typed_function!();
typed_function!(A a);
typed_function!(A a, B b);
typed_function!(A a, B b, C c);
typed_function!(A a, B b, C c, D d);

/// Gives a closure the higher-ranked type of [`CustomImpl`].
fn erase<C>(implementation: C) -> CustomImpl
where
    C: for<'a> Fn(&mut Context<'_>, &[Value<'a>]) -> Outcome<'a> + Send + Sync + 'static,
{
    Arc::new(implementation)
}

/// A registry entry for a typed Rust closure: one signature derived from its types, no
/// examples. See the [module documentation](self) for an example.
pub fn typed_function<Args, F: TypedFunction<Args>>(
    name: &str,
    doc: &str,
    function: F,
) -> Function {
    let name: Arc<str> = Arc::from(name);
    let label = name.clone();
    let implementation = erase(move |_ctx, args| function.invoke(&label, args));
    Function {
        name,
        signatures: Arc::from([Signature::new(F::PARAMS, F::RESULT)]),
        doc: Arc::from(doc),
        examples: &[],
        implementation: Implementation::Custom(implementation),
    }
}

impl Registry {
    /// Registers a typed Rust closure under `name` (replacing a function of that name, builtins
    /// included). See the [`custom`](self) module for an example.
    pub fn register<Args, F: TypedFunction<Args>>(
        &mut self,
        name: &str,
        doc: &str,
        function: F,
    ) -> FunctionId {
        self.insert(typed_function(name, doc, function))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::eval::{Limits, SystemClock};

    fn call<'a, Args, F: TypedFunction<Args>>(
        function: F,
        args: &[Value<'a>],
    ) -> Result<Json, String> {
        let Implementation::Custom(f) = typed_function("f", "", function).implementation else {
            unreachable!("typed functions are custom")
        };
        let mut ctx = Context::new(Limits::default(), &SystemClock);
        f(&mut ctx, args)
            .map(|value| value.to_json())
            .map_err(|error| error.message().to_string())
    }

    #[test]
    fn arities_zero_to_four() {
        assert_eq!(call(|| 42_i64, &[]), Ok(json!(42)));
        assert_eq!(call(|a: i64| a * 2, &[Value::Int(2)]), Ok(json!(4)));
        let join = |a: String, b: String, c: String, d: String| [a, b, c, d].concat();
        let args = ["a", "b", "c", "d"].map(Value::Str);
        assert_eq!(call(join, &args), Ok(json!("abcd")));
        let three = |a: bool, b: f64, c: Option<i64>| if a { b } else { c.unwrap_or(0) as f64 };
        let args = [Value::Bool(true), Value::Int(3), Value::Nil];
        assert_eq!(call(three, &args), Ok(json!(3.0)));
    }

    #[test]
    fn arity_errors_name_both_counts() {
        let error = call(|a: i64| a, &[Value::Int(1), Value::Int(2)]);
        assert_eq!(
            error,
            Err("invalid number of arguments (expected 1, got 2)".into())
        );
        let error = call(|| (), &[Value::Nil]);
        assert_eq!(
            error,
            Err("invalid number of arguments (expected 0, got 1)".into())
        );
    }

    #[test]
    fn conversion_errors_read_like_the_reference() {
        let error = call(|a: i64| a, &[Value::Str("x")]);
        assert_eq!(
            error,
            Err("cannot use string as argument (type int) to call f".into())
        );
        let error = call(|a: i64| a, &[Value::Nil]);
        assert_eq!(
            error,
            Err("cannot use nil as argument (type int) to call f".into())
        );
        let error = call(|a: i64| a, &[Value::Float(1.5)]);
        assert_eq!(
            error,
            Err("cannot use float64 as argument (type int) to call f".into())
        );
        let input = json!(["a", 1]);
        let error = call(|a: Vec<String>| a.len() as i64, &[Value::from_json(&input)]);
        assert_eq!(
            error,
            Err("cannot use []interface {} as argument (type []string) to call f".into())
        );
    }

    #[test]
    fn parameters_convert() {
        assert_eq!(call(|a: f64| a / 2.0, &[Value::Int(3)]), Ok(json!(1.5)));
        assert_eq!(call(|a: i64| a, &[Value::Byte(7)]), Ok(json!(7)));
        let input = json!(["a", "b"]);
        let count = |a: Vec<String>| a.join("+");
        assert_eq!(call(count, &[Value::from_json(&input)]), Ok(json!("a+b")));
        let optional = |a: Option<String>| a.is_none();
        assert_eq!(call(optional, &[Value::Nil]), Ok(json!(true)));
        let object = json!({"a": [1, 2]});
        let any = |a: Value<'static>| a;
        assert_eq!(call(any, &[Value::from_json(&object)]), Ok(object.clone()));
        let plain = |a: Json| a["a"][1].clone();
        assert_eq!(call(plain, &[Value::from_json(&object)]), Ok(json!(2)));
    }

    #[test]
    fn results_convert() {
        assert_eq!(call(|| (), &[]), Ok(Json::Null));
        assert_eq!(call(|| None::<i64>, &[]), Ok(Json::Null));
        assert_eq!(call(|| "text", &[]), Ok(json!("text")));
        let failing = || -> Result<i64, String> { Err("boom".into()) };
        assert_eq!(call(failing, &[]), Err("boom".into()));
        let ok = || -> Result<i64, String> { Ok(1) };
        assert_eq!(call(ok, &[]), Ok(json!(1)));
        let Implementation::Custom(f) = typed_function("v", "", || vec![1_i64, 2]).implementation
        else {
            unreachable!()
        };
        let mut ctx = Context::new(Limits::default(), &SystemClock);
        let value = f(&mut ctx, &[]).unwrap();
        assert_eq!(value.go_type(), "[]int");
        assert_eq!(value.to_json(), json!([1, 2]));
    }

    #[test]
    fn signatures_come_from_the_types() {
        let signature = |function: Function| function.signatures[0];
        let s = signature(typed_function("f", "", |_: i64, _: f64| true));
        assert_eq!(
            (s.params, s.rest, s.result),
            (&[Ty::Int, Ty::Number][..], None, Ty::Bool)
        );
        let s = signature(typed_function(
            "f",
            "",
            |_: Vec<String>| vec![String::new()],
        ));
        assert_eq!(
            (s.params, s.result),
            (&[Ty::StringArray][..], Ty::StringArray)
        );
        let s = signature(typed_function("f", "", |_: Option<bool>, _: Json| ()));
        assert_eq!((s.params, s.result), (&[Ty::Any, Ty::Any][..], Ty::Any));
        let s = signature(typed_function("f", "", || Ok::<_, String>(1.5)));
        assert_eq!((s.params, s.result), (&[][..], Ty::Float));
    }

    #[test]
    fn register_adds_or_replaces() {
        let mut registry = Registry::standard();
        let before = registry.iter().count();
        let id = registry.register("double", "Twice a number.", |a: i64| a * 2);
        assert_eq!(registry.lookup("double"), Some(id));
        assert_eq!(&*registry.get(id).doc, "Twice a number.");
        let replaced = registry.register("notNullOrEmpty", "Always true.", |_: Json| true);
        assert_eq!(registry.lookup("notNullOrEmpty"), Some(replaced));
        assert_eq!(registry.iter().count(), before + 1);
        let function = registry.get(replaced);
        assert!(matches!(function.implementation, Implementation::Custom(_)));
    }

    #[test]
    fn registries_with_custom_functions_are_shareable() {
        fn shareable<T: Send + Sync>(_: &T) {}
        let mut registry = Registry::standard();
        registry.register("double", "", |a: i64| a * 2);
        shareable(&registry);
    }
}
