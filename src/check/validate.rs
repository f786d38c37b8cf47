//! The reference's `Validate` functions: builtins that check only arity and coarse kinds
//! (spec 6.4.4). Each receives the builtin's name and the argument types (unknown arguments as
//! `interface {}`, nil as nil) and returns the result type or Go's message.

use crate::types::{Kind, Type};

/// Go's `kind()` helper of the builtin package: nil is `Invalid`, pointers are dereferenced.
fn kind(ty: &Type) -> Kind {
    match ty {
        Type::Location => Kind::Struct,
        other => other.kind(),
    }
}

fn arity(args: &[Type], expected: usize) -> Result<(), String> {
    if args.len() == expected {
        Ok(())
    } else {
        Err(format!(
            "invalid number of arguments (expected {expected}, got {})",
            args.len()
        ))
    }
}

fn is_array_or_unknown(ty: &Type) -> bool {
    matches!(kind(ty), Kind::Interface | Kind::Slice)
}

pub(super) fn len(_: &str, args: &[Type]) -> Result<Type, String> {
    arity(args, 1)?;
    match kind(&args[0]) {
        Kind::Slice | Kind::Map | Kind::String | Kind::Interface => Ok(Type::Int),
        _ => Err(format!(
            "invalid argument for len (type {})",
            args[0].validate_name()
        )),
    }
}

pub(super) fn abs(_: &str, args: &[Type]) -> Result<Type, String> {
    arity(args, 1)?;
    let k = kind(&args[0]);
    if k.is_numeric() || k == Kind::Interface {
        Ok(args[0].go_type())
    } else {
        Err(format!(
            "invalid argument for abs (type {})",
            args[0].validate_name()
        ))
    }
}

pub(super) fn round(name: &str, args: &[Type]) -> Result<Type, String> {
    arity(args, 1)?;
    let k = kind(&args[0]);
    if k.is_numeric() || k == Kind::Interface {
        Ok(Type::Float)
    } else {
        Err(format!(
            "invalid argument for {name} (type {})",
            args[0].validate_name()
        ))
    }
}

fn convert(name: &str, args: &[Type], result: Type) -> Result<Type, String> {
    arity(args, 1)?;
    let k = kind(&args[0]);
    if k.is_numeric() || matches!(k, Kind::Interface | Kind::String) {
        Ok(result)
    } else {
        Err(format!(
            "invalid argument for {name} (type {})",
            args[0].validate_name()
        ))
    }
}

pub(super) fn int(name: &str, args: &[Type]) -> Result<Type, String> {
    convert(name, args, Type::Int)
}

pub(super) fn float(name: &str, args: &[Type]) -> Result<Type, String> {
    convert(name, args, Type::Float)
}

pub(super) fn aggregate(name: &str, args: &[Type]) -> Result<Type, String> {
    if args.is_empty() {
        return Err(format!("not enough arguments to call {name}"));
    }
    for arg in args {
        match kind(arg) {
            Kind::Interface | Kind::Slice => return Ok(Type::Interface),
            k if k.is_numeric() => {}
            _ => {
                return Err(format!(
                    "invalid argument for {name} (type {})",
                    arg.validate_name()
                ))
            }
        }
    }
    Ok(args[0].go_type())
}

pub(super) fn now(_: &str, args: &[Type]) -> Result<Type, String> {
    match args {
        [] | [Type::Location] => Ok(Type::Time),
        _ => Err(format!(
            "invalid number of arguments (expected 0, got {})",
            args.len()
        )),
    }
}

pub(super) fn date(_: &str, args: &[Type]) -> Result<Type, String> {
    if args.is_empty() {
        return Err("invalid number of arguments (expected at least 1, got 0)".to_string());
    }
    let rest = if args[0] == Type::Location {
        &args[1..]
    } else {
        args
    };
    if rest.len() > 3 {
        return Err(format!(
            "invalid number of arguments (expected at most 3, got {})",
            rest.len()
        ));
    }
    Ok(Type::Time)
}

pub(super) fn first_last(name: &str, args: &[Type]) -> Result<Type, String> {
    arity(args, 1)?;
    match &args[0] {
        Type::Interface => Ok(Type::Interface),
        Type::Array(array) => Ok(array.declared.clone()),
        other => Err(format!(
            "cannot get {name} element from {}",
            other.validate_name()
        )),
    }
}

pub(super) fn take(_: &str, args: &[Type]) -> Result<Type, String> {
    arity(args, 2)?;
    if !is_array_or_unknown(&args[0]) {
        return Err(format!("cannot take from {}", args[0].validate_name()));
    }
    let k = kind(&args[1]);
    if !(k == Kind::Interface || k.is_signed_int()) {
        return Err(format!("cannot take {} elements", args[1].validate_name()));
    }
    Ok(args[0].go_type())
}

pub(super) fn keys_values(name: &str, args: &[Type]) -> Result<Type, String> {
    arity(args, 1)?;
    match kind(&args[0]) {
        Kind::Interface | Kind::Map => Ok(Type::json_array()),
        _ => Err(format!(
            "cannot get {name} from {}",
            args[0].validate_name()
        )),
    }
}

pub(super) fn to_pairs(_: &str, args: &[Type]) -> Result<Type, String> {
    arity(args, 1)?;
    match kind(&args[0]) {
        Kind::Interface | Kind::Map => Ok(Type::json_array()),
        _ => Err(format!(
            "cannot transform {} to pairs",
            args[0].validate_name()
        )),
    }
}

pub(super) fn from_pairs(_: &str, args: &[Type]) -> Result<Type, String> {
    arity(args, 1)?;
    if is_array_or_unknown(&args[0]) {
        Ok(Type::map(Type::Interface, Type::Interface))
    } else {
        Err(format!(
            "cannot transform {} from pairs",
            args[0].validate_name()
        ))
    }
}

pub(super) fn array_to_array(name: &str, args: &[Type]) -> Result<Type, String> {
    arity(args, 1)?;
    if is_array_or_unknown(&args[0]) {
        Ok(Type::json_array())
    } else {
        Err(format!("cannot {name} {}", args[0].validate_name()))
    }
}

pub(super) fn concat(_: &str, args: &[Type]) -> Result<Type, String> {
    if args.is_empty() {
        return Err("invalid number of arguments (expected at least 1, got 0)".to_string());
    }
    match args.iter().find(|arg| !is_array_or_unknown(arg)) {
        Some(arg) => Err(format!("cannot concat {}", arg.validate_name())),
        None => Ok(Type::json_array()),
    }
}
