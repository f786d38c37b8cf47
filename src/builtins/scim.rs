//! Builtins: the `scim` family, the JumpCloud helper functions (mapping spec §4).
//!
//! No public reference defines these helpers; this module is scimap's contract. The decisions
//! that the spec leaves open, in one place:
//!
//! * **Input shapes.** Each `toScim*` helper takes one item, an array of items, or `nil`.
//!   `nil` items inside an array are skipped. Anything else (a number, a map of the wrong shape,
//!   a field of the wrong type) is a run-time error that names the helper, the element and what
//!   was expected; the helpers never guess.
//! * **Text.** String parts are trimmed of surrounding whitespace (an e-mail address or a phone
//!   number cannot carry it); a part that is `nil` or empty after trimming counts as absent and
//!   is left out of the output. `postalCode` and a phone `number` may also be JSON integers
//!   (written in decimal). Values are otherwise passed through unchanged (no case folding, no
//!   phone-number normalisation).
//! * **Nothing left means `nil`.** When no item survives (`nil`, `""`, `[]`, only empty items)
//!   the result is `nil`, so the row leaves the attribute alone.
//! * **Exactly one primary.** Every output item has `primary`; it is `true` for the first input
//!   item marked `primary: true`, else for the first item, and `false` for the others.
//! * **Key order** is fixed: e-mails and phone numbers `value, type, primary`; addresses
//!   `type, streetAddress, locality, region, postalCode, country, formatted, primary`. Absent
//!   parts are left out (a missing `type` included).
//! * **Address folding.** `streetAddress` is the non-empty lines among `streetAddress`,
//!   `extendedAddress` and `poBox`, in that order, joined by `"\n"`; a `poBox` with no letter
//!   in it (`"1234"`) becomes `"PO Box 1234"`. `formatted` is the street lines, then
//!   `"locality, region postalCode"` (absent parts and their separators dropped), then `country`,
//!   joined by `"\n"`. An address with no part at all is dropped.
//! * **Types.** Addresses: `work`, `home`, `other` (case-insensitive), anything else `other`.
//!   Phones: `work`, `mobile`, `home`, `fax`, `pager`, `other`, plus JumpCloud's `work_mobile` →
//!   `mobile` and `work_fax` → `fax`; anything else `other`. E-mails keep their `type` as given,
//!   `work` when absent (and for plain strings).
//! * **SCIM-shaped input.** `toScimEmails` reads `{value, type?, primary?}`; `toScimPhoneNumbers`
//!   reads `number`, or `value` when there is no `number`, so a provider's current list can be
//!   fed back in.

use std::fmt::Display;
use std::sync::Arc;

use smallvec::SmallVec;

use super::{Builtin, Example, FunctionImpl, Implementation, Outcome, Signature, Ty};
use crate::eval::{Context, RuntimeError};
use crate::value::{Key, Value};

/// An example, briefly.
const fn example(expr: &'static str, result: &'static str) -> Example {
    Example { expr, result }
}

/// The builtins of this family.
pub static BUILTINS: &[Builtin] = &[
    Builtin {
        name: "notNullOrEmpty",
        signatures: &[Signature::new(&[Ty::Any], Ty::Bool)],
        doc: "`false` for `nil`, `\"\"`, `[]` and `{}`; `true` for anything else (`\" \"`, `0` \
              and `false` included).",
        examples: &[
            example("notNullOrEmpty('Ada')", "true"),
            example("notNullOrEmpty('')", "false"),
            example("notNullOrEmpty(nil)", "false"),
            example("notNullOrEmpty([])", "false"),
            example("notNullOrEmpty({})", "false"),
            example("notNullOrEmpty(0)", "true"),
        ],
        implementation: Implementation::Function(not_null_or_empty),
    },
    Builtin {
        name: "toScimEmails",
        signatures: &[Signature::new(&[Ty::Any], Ty::Array)],
        doc: "A SCIM `emails` list from an address, an array of addresses, or an array of \
              `{value, type?, primary?}` maps: `[{value, type, primary}]`, `type` `work` unless \
              given, exactly one `primary: true`. `nil` for `nil`, `\"\"` or nothing usable.",
        examples: &[
            example(
                "toScimEmails('ada@example.com')",
                r#"[{"value": "ada@example.com", "type": "work", "primary": true}]"#,
            ),
            example(
                "toScimEmails([{value: 'a@x.org', type: 'home'}, {value: 'b@x.org', primary: true}])",
                r#"[{"value": "a@x.org", "type": "home", "primary": false},
                    {"value": "b@x.org", "type": "work", "primary": true}]"#,
            ),
            example("toScimEmails('')", "null"),
            example("toScimEmails(42)", "error: toScimEmails: expected an e-mail address"),
        ],
        implementation: Implementation::Function(to_scim_emails),
    },
    Builtin {
        name: "toScimAddresses",
        signatures: &[Signature::new(&[Ty::Any], Ty::Array)],
        doc: "A SCIM `addresses` list from one JumpCloud address or an array of them: \
              `{type, streetAddress, locality, region, postalCode, country, formatted, primary}`. \
              `extendedAddress` and `poBox` become extra `streetAddress` lines; `formatted` is \
              the street lines, `locality, region postalCode` and `country` on separate lines; \
              empty parts are dropped; the first address is primary. `nil` for `nil`.",
        examples: &[
            example(
                "toScimAddresses({type: 'work', streetAddress: '3333 Walnut St', \
                 extendedAddress: 'Suite 200', locality: 'Boulder', region: 'CO', \
                 postalCode: '80301', country: 'US', poBox: ''})",
                r#"[{"type": "work", "streetAddress": "3333 Walnut St\nSuite 200",
                     "locality": "Boulder", "region": "CO", "postalCode": "80301", "country": "US",
                     "formatted": "3333 Walnut St\nSuite 200\nBoulder, CO 80301\nUS",
                     "primary": true}]"#,
            ),
            example("toScimAddresses(nil)", "null"),
            example(
                "toScimAddresses('Boulder')",
                "error: toScimAddresses: expected a JumpCloud address",
            ),
        ],
        implementation: Implementation::Function(to_scim_addresses),
    },
    Builtin {
        name: "toScimPhoneNumbers",
        signatures: &[Signature::new(&[Ty::Any], Ty::Array)],
        doc: "A SCIM `phoneNumbers` list from one JumpCloud phone number `{type, number}` or an \
              array of them: `{value, type, primary}` with SCIM's canonical types (`work_mobile` \
              → `mobile`, `work_fax` → `fax`, unknown → `other`); the first is primary. `nil` \
              for `nil`.",
        examples: &[
            example(
                "toScimPhoneNumbers({type: 'work_mobile', number: '+1 303 555 0199'})",
                r#"[{"value": "+1 303 555 0199", "type": "mobile", "primary": true}]"#,
            ),
            example(
                "toScimPhoneNumbers([{type: 'work', number: '555-0100'}, {type: 'car', number: '555-0101'}])",
                r#"[{"value": "555-0100", "type": "work", "primary": true},
                    {"value": "555-0101", "type": "other", "primary": false}]"#,
            ),
            example("toScimPhoneNumbers(nil)", "null"),
            example(
                "toScimPhoneNumbers({type: 'work'})",
                "error: toScimPhoneNumbers: expected a JumpCloud phone number",
            ),
        ],
        implementation: Implementation::Function(to_scim_phone_numbers),
    },
];

/// Whether `notNullOrEmpty` says `false`: `nil` (or a nil array), `""`, `[]` or `{}`.
pub fn is_null_or_empty(value: &Value<'_>) -> bool {
    value.is_nil()
        || value.as_bytes().is_some_and(<[u8]>::is_empty)
        || value.collection_len() == Some(0)
}

/// The single argument of a one-parameter helper.
fn single<'v, 'a>(args: &'v [Value<'a>]) -> Result<&'v Value<'a>, RuntimeError> {
    match args {
        [value] => Ok(value),
        _ => Err(RuntimeError::new(format!(
            "invalid number of arguments (expected 1, got {})",
            args.len()
        ))),
    }
}

/// `notNullOrEmpty(x)`
/// `notNullOrEmpty`, which lowering recognises (see `Node::NonEmptyOr`).
pub(crate) const NOT_NULL_OR_EMPTY: super::FunctionImpl = not_null_or_empty;

fn not_null_or_empty<'a>(_ctx: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    Ok(Value::Bool(!is_null_or_empty(single(args)?)))
}

/// `toScimEmails(x)`
fn to_scim_emails<'a>(_ctx: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    emails_items(args).map(items_value)
}

/// `toScimAddresses(x)`
fn to_scim_addresses<'a>(_ctx: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    addresses_items(args).map(items_value)
}

/// `toScimPhoneNumbers(x)`
fn to_scim_phone_numbers<'a>(_ctx: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    phone_numbers_items(args).map(items_value)
}

fn emails_items<'a>(args: &[Value<'a>]) -> Result<Vec<Fields<'a>>, RuntimeError> {
    let value = single(args)?;
    // A blank address (`""`: a user without e-mail) is no item, as `email` would find after
    // trimming it; said at once, without the item machinery (`nil` and `[]` cost nothing
    // there already).
    if value
        .as_str()
        .is_some_and(|text| text.chars().all(char::is_whitespace))
    {
        return Ok(Vec::new());
    }
    convert(&EMAILS, value, email)
}

fn addresses_items<'a>(args: &[Value<'a>]) -> Result<Vec<Fields<'a>>, RuntimeError> {
    convert(&ADDRESSES, single(args)?, address)
}

fn phone_numbers_items<'a>(args: &[Value<'a>]) -> Result<Vec<Fields<'a>>, RuntimeError> {
    convert(&PHONES, single(args)?, phone_number)
}

/// One item of a helper's result: its fields in output order, `primary` last.
pub(crate) type Fields<'a> = SmallVec<[(&'static str, Value<'a>); 8]>;

/// A helper's result as items, before it becomes a [`Value`] (no item: `nil`).
pub(crate) type ItemsFn = for<'a> fn(&[Value<'a>]) -> Result<Vec<Fields<'a>>, RuntimeError>;

/// The items form of a `toScim*` helper.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ScimItems {
    /// Computes the items from the helper's arguments.
    pub(crate) items: ItemsFn,
    /// Every field an item may have besides `primary` (a bool); their values are strings.
    pub(crate) text_fields: &'static [&'static str],
}

/// The items form of a `toScim*` builtin, for callers that want the result as something other
/// than a `Value` (the mapping layer writes it straight to SCIM JSON); `None` for any other
/// function. Identical machine code would behave identically, so comparing addresses is sound;
/// a miss only means the caller takes the ordinary way.
pub(crate) fn scim_items(function: FunctionImpl) -> Option<ScimItems> {
    let helpers: [(FunctionImpl, ItemsFn, &'static [&'static str]); 3] = [
        (to_scim_emails, emails_items, &["value", "type"]),
        (to_scim_addresses, addresses_items, &ADDRESS_OUTPUT_FIELDS),
        (
            to_scim_phone_numbers,
            phone_numbers_items,
            &["value", "type"],
        ),
    ];
    helpers
        .into_iter()
        .find(|(helper, _, _)| std::ptr::fn_addr_eq(*helper, function))
        .map(|(_, items, text_fields)| ScimItems { items, text_fields })
}

/// The text fields of an output address.
const ADDRESS_OUTPUT_FIELDS: [&str; 7] = [
    "type",
    "streetAddress",
    "locality",
    "region",
    "postalCode",
    "country",
    "formatted",
];

/// The helper's value: `nil` for no item, else an array of `map[string]interface {}`.
fn items_value(items: Vec<Fields<'_>>) -> Value<'_> {
    if items.is_empty() {
        return Value::Nil;
    }
    let items = items
        .into_iter()
        .map(|fields| {
            let entries = fields
                .into_iter()
                .map(|(name, value)| (key(name), value))
                .collect();
            Value::map(entries)
        })
        .collect();
    Value::array(items)
}

/// Which helper runs, for its messages.
struct Helper {
    name: &'static str,
    /// What one item must be, as the messages say it.
    item: &'static str,
}

const EMAILS: Helper = Helper {
    name: "toScimEmails",
    item: "an e-mail address (a string or a {value, type?, primary?} map)",
};

const ADDRESSES: Helper = Helper {
    name: "toScimAddresses",
    item: "a JumpCloud address (a map of type, streetAddress, extendedAddress, poBox, \
           locality, region, postalCode, country)",
};

const PHONES: Helper = Helper {
    name: "toScimPhoneNumbers",
    item: "a JumpCloud phone number (a {type, number} map)",
};

/// Where an item sits: the argument itself, or element `i` of it.
type Position = Option<usize>;

impl Helper {
    /// A failure about the item at `position`.
    fn error(&self, position: Position, problem: impl Display) -> RuntimeError {
        let place = position.map_or(String::new(), |i| format!(" (element {i})"));
        RuntimeError::new(format!("{}{place}: {problem}", self.name))
            .with_help(format!("pass {}, an array of them, or nil", self.item))
    }

    /// The item is not of the expected shape.
    fn unexpected(&self, position: Position, got: impl Display) -> RuntimeError {
        self.error(position, format!("expected {}, got {got}", self.item))
    }
}

/// One output item before the primary is chosen: its fields, and whether the input asked for
/// it to be primary.
struct Entry<'a> {
    fields: Fields<'a>,
    primary: bool,
}

/// Converts one item; `Ok(None)` drops it (nothing usable).
type ItemConverter<'a> = fn(Position, &Value<'a>) -> Result<Option<Entry<'a>>, RuntimeError>;

/// Runs a converter over the argument's items and picks the primary.
fn convert<'a>(
    helper: &Helper,
    value: &Value<'a>,
    item: ItemConverter<'a>,
) -> Result<Vec<Fields<'a>>, RuntimeError> {
    // Sized up front: an item is a few hundred bytes, and a vector grown from empty would take
    // a block of four (a large allocation) for the usual single item.
    let expected = match value.array_iter() {
        Some(items) => items.size_hint().0.min(16),
        None => usize::from(!value.is_nil()),
    };
    let mut items = Vec::with_capacity(expected);
    let mut primary = None;
    let mut add = |entry: Option<Entry<'a>>| {
        if let Some(entry) = entry {
            if entry.primary && primary.is_none() {
                primary = Some(items.len());
            }
            items.push(entry.fields);
        }
    };
    if value.is_array() {
        for (index, element) in value.array_iter().into_iter().flatten().enumerate() {
            if !element.is_nil() {
                add(item(Some(index), &element)?);
            }
        }
    } else if value.is_map() || value.is_string() {
        add(item(None, value)?);
    } else if !value.is_nil() {
        return Err(helper.unexpected(None, value.go_type()));
    }
    // Exactly one `primary: true`: the first asked for, else the first item.
    let primary = primary.unwrap_or(0);
    for (index, fields) in items.iter_mut().enumerate() {
        fields.push(("primary", Value::Bool(index == primary)));
    }
    Ok(items)
}

/// A string map key.
fn key(name: &str) -> Key {
    Key::Str(Arc::from(name))
}

/// A trimmed, non-empty text part; `Err` carries the Go type of a value that is not text.
/// Integers are accepted (in decimal) only when `integers` is set.
fn text<'a>(value: &Value<'a>, integers: bool) -> Result<Option<Value<'a>>, &'static str> {
    let trimmed = match value {
        Value::Nil => return Ok(None),
        Value::Str(s) => Value::Str(s.trim()),
        Value::String(s) if s.trim().len() == s.len() => Value::String(s.clone()),
        Value::String(s) => Value::string(s.trim()),
        Value::Binary(b) => Value::string(String::from_utf8_lossy(b).trim()),
        Value::Int(i) if integers => Value::string(i.to_string()),
        other => return Err(other.go_type()),
    };
    Ok(trimmed
        .as_str()
        .is_some_and(|s| !s.is_empty())
        .then_some(trimmed))
}

/// The values of the keys `names` in the map `item` (`None`: absent, or not a map), read in
/// one pass over a small map's entries instead of one hash lookup per name.
fn lookup<'a, const N: usize>(item: &Value<'a>, names: [&str; N]) -> [Option<Value<'a>>; N] {
    let mut found = [const { None }; N];
    let mut put = |key: &str, value: Value<'a>| {
        if let Some(index) = names.iter().position(|name| *name == key) {
            found[index] = Some(value);
        }
    };
    match item {
        Value::JsonMap(map) if map.len() <= 4 * N => map
            .iter()
            .for_each(|(key, value)| put(key, Value::from_json(value))),
        Value::JsonMap(_) => return names.map(|name| item.map_get(name)),
        Value::Map(map) => map.entries.iter().for_each(|(key, value)| {
            if let Key::Str(key) = key {
                put(key, value.clone());
            }
        }),
        _ => {}
    }
    found
}

/// A text field `name` of an item, read as [`text`] reads it.
fn field<'a>(
    helper: &Helper,
    position: Position,
    name: &str,
    value: Option<Value<'a>>,
    integers: bool,
) -> Result<Option<Value<'a>>, RuntimeError> {
    let Some(value) = value else {
        return Ok(None);
    };
    let wanted = if integers {
        "a string or an int"
    } else {
        "a string"
    };
    text(&value, integers)
        .map_err(|got| helper.error(position, format!("{name} must be {wanted}, got {got}")))
}

/// The optional `primary` flag of an item.
fn primary_flag(
    helper: &Helper,
    position: Position,
    value: Option<Value<'_>>,
) -> Result<bool, RuntimeError> {
    match value {
        None | Some(Value::Nil) => Ok(false),
        Some(Value::Bool(primary)) => Ok(primary),
        Some(other) => Err(helper.error(
            position,
            format!("primary must be a bool, got {}", other.go_type()),
        )),
    }
}

/// One e-mail: a string, or a `{value, type?, primary?}` map.
fn email<'a>(position: Position, item: &Value<'a>) -> Result<Option<Entry<'a>>, RuntimeError> {
    let [value, kind, primary] = lookup(item, ["value", "type", "primary"]);
    let (value, kind, primary) = if item.is_string() {
        let value = text(item, false).map_err(|got| EMAILS.unexpected(position, got))?;
        (value, None, false)
    } else if value.is_some() {
        let value = field(&EMAILS, position, "value", value, false)?;
        let kind = field(&EMAILS, position, "type", kind, false)?;
        (value, kind, primary_flag(&EMAILS, position, primary)?)
    } else if item.is_map() {
        return Err(EMAILS.unexpected(position, "a map without value"));
    } else {
        return Err(EMAILS.unexpected(position, item.go_type()));
    };
    let Some(value) = value else {
        return Ok(None);
    };
    let mut fields = Fields::new();
    fields.push(("value", value));
    fields.push(("type", kind.unwrap_or(Value::Str("work"))));
    Ok(Some(Entry { fields, primary }))
}

/// The fields a JumpCloud (or SCIM) address may have; a map with none of them is not one.
const ADDRESS_FIELDS: [&str; 10] = [
    "type",
    "streetAddress",
    "extendedAddress",
    "poBox",
    "locality",
    "region",
    "postalCode",
    "country",
    "formatted",
    "primary",
];

/// The parts of one address, trimmed, absent when empty.
struct AddressParts<'a> {
    kind: Option<Value<'a>>,
    street_lines: SmallVec<[Value<'a>; 3]>,
    locality: Option<Value<'a>>,
    region: Option<Value<'a>>,
    postal_code: Option<Value<'a>>,
    country: Option<Value<'a>>,
}

/// Reads the parts of an address map from its `ADDRESS_FIELDS` values.
fn address_parts<'a>(
    position: Position,
    values: [Option<Value<'a>>; 10],
) -> Result<AddressParts<'a>, RuntimeError> {
    let [kind, street, extended, po_box, locality, region, postal_code, country, _, _] = values;
    let get = |name, value, integers| field(&ADDRESSES, position, name, value, integers);
    let po_box = get("poBox", po_box, true)?.map(po_box_line);
    let street_lines = [
        get("streetAddress", street, false)?,
        get("extendedAddress", extended, false)?,
        po_box,
    ];
    Ok(AddressParts {
        kind: get("type", kind, false)?,
        street_lines: street_lines.into_iter().flatten().collect(),
        locality: get("locality", locality, false)?,
        region: get("region", region, false)?,
        postal_code: get("postalCode", postal_code, true)?,
        country: get("country", country, false)?,
    })
}

/// A `poBox` value as a street line: `"PO Box 1234"` for a bare number, else as given.
fn po_box_line(po_box: Value<'_>) -> Value<'_> {
    match po_box.as_str() {
        Some(text) if !text.chars().any(char::is_alphabetic) => {
            Value::string(format!("PO Box {text}"))
        }
        _ => po_box,
    }
}

/// Appends `part`, if present, to `text`, after `separator` when `text` already holds a part
/// (parts are never empty).
fn append(text: &mut String, part: Option<&str>, separator: &str) {
    if let Some(part) = part {
        if !text.is_empty() {
            text.push_str(separator);
        }
        text.push_str(part);
    }
}

/// The text of an optional part.
fn part<'v>(value: &'v Option<Value<'_>>) -> Option<&'v str> {
    value.as_ref().and_then(Value::as_str)
}

impl<'a> AddressParts<'a> {
    /// The `formatted` text: street lines, `locality, region postalCode`, country.
    fn formatted(&self) -> String {
        let mut region_line = String::new();
        append(&mut region_line, part(&self.region), " ");
        append(&mut region_line, part(&self.postal_code), " ");
        let mut city_line = String::new();
        append(&mut city_line, part(&self.locality), ", ");
        append(
            &mut city_line,
            Some(region_line.as_str()).filter(|l| !l.is_empty()),
            ", ",
        );
        let mut text = String::new();
        for line in &self.street_lines {
            append(&mut text, line.as_str(), "\n");
        }
        append(
            &mut text,
            Some(city_line.as_str()).filter(|l| !l.is_empty()),
            "\n",
        );
        append(&mut text, part(&self.country), "\n");
        text
    }

    /// The `streetAddress` value: the only line as it is, or the lines joined.
    fn street_address(&mut self) -> Option<Value<'a>> {
        match self.street_lines.len() {
            0 => None,
            1 => self.street_lines.pop(),
            _ => {
                let mut text = String::new();
                for line in &self.street_lines {
                    append(&mut text, line.as_str(), "\n");
                }
                Some(Value::string(text))
            }
        }
    }
}

/// The SCIM canonical address type.
fn address_type(kind: &Value<'_>) -> Value<'static> {
    Value::Str(canonical_type(kind, &[("work", "work"), ("home", "home")]))
}

/// The canonical type that `kind` (compared ignoring ASCII case) stands for, else `other`.
fn canonical_type(kind: &Value<'_>, types: &[(&str, &'static str)]) -> &'static str {
    let kind = kind.as_str().unwrap_or_default();
    types
        .iter()
        .find(|(name, _)| kind.eq_ignore_ascii_case(name))
        .map_or("other", |(_, canonical)| canonical)
}

/// One JumpCloud address.
fn address<'a>(position: Position, item: &Value<'a>) -> Result<Option<Entry<'a>>, RuntimeError> {
    if !item.is_map() {
        return Err(ADDRESSES.unexpected(position, item.go_type()));
    }
    let values = lookup(item, ADDRESS_FIELDS);
    if values.iter().all(Option::is_none) {
        return Err(ADDRESSES.unexpected(position, "a map with none of those fields"));
    }
    let primary = values[9].clone();
    let mut parts = address_parts(position, values)?;
    let formatted = parts.formatted();
    if formatted.is_empty() {
        return Ok(None);
    }
    let mut fields = Fields::new();
    let mut put = |name: &'static str, value: Option<Value<'a>>| {
        if let Some(value) = value {
            fields.push((name, value));
        }
    };
    put("type", parts.kind.as_ref().map(address_type));
    put("streetAddress", parts.street_address());
    put("locality", parts.locality);
    put("region", parts.region);
    put("postalCode", parts.postal_code);
    put("country", parts.country);
    put("formatted", Some(Value::string(formatted)));
    let primary = primary_flag(&ADDRESSES, position, primary)?;
    Ok(Some(Entry { fields, primary }))
}

/// The SCIM canonical phone type.
fn phone_type(kind: &Value<'_>) -> Value<'static> {
    Value::Str(canonical_type(
        kind,
        &[
            ("work", "work"),
            ("mobile", "mobile"),
            ("work_mobile", "mobile"),
            ("home", "home"),
            ("fax", "fax"),
            ("work_fax", "fax"),
            ("pager", "pager"),
        ],
    ))
}

/// One JumpCloud phone number `{type, number}` (or a SCIM one, `{value, type, primary}`).
fn phone_number<'a>(
    position: Position,
    item: &Value<'a>,
) -> Result<Option<Entry<'a>>, RuntimeError> {
    if !item.is_map() {
        return Err(PHONES.unexpected(position, item.go_type()));
    }
    let [number, value, kind, primary] = lookup(item, ["number", "value", "type", "primary"]);
    let (number_key, number) = match (number, value) {
        (Some(number), _) => ("number", number),
        (None, Some(value)) => ("value", value),
        (None, None) => return Err(PHONES.unexpected(position, "a map without number")),
    };
    let Some(number) = field(&PHONES, position, number_key, Some(number), true)? else {
        return Ok(None);
    };
    let mut fields = Fields::new();
    fields.push(("value", number));
    if let Some(kind) = field(&PHONES, position, "type", kind, false)? {
        fields.push(("type", phone_type(&kind)));
    }
    let primary = primary_flag(&PHONES, position, primary)?;
    Ok(Some(Entry { fields, primary }))
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value as Json};

    use super::*;
    use crate::eval::{Limits, SystemClock};

    fn call(name: &str, args: &[Json]) -> Result<Json, String> {
        let builtin = BUILTINS.iter().find(|b| b.name == name).expect("declared");
        let Implementation::Function(function) = builtin.implementation else {
            panic!("{name} is not a plain function")
        };
        let args: Vec<Value<'_>> = args.iter().map(Value::from_json).collect();
        let mut ctx = Context::new(Limits::default(), &SystemClock);
        function(&mut ctx, &args)
            .map(|value| value.to_json())
            .map_err(|error| error.message().to_string())
    }

    fn one(name: &str, arg: Json) -> Result<Json, String> {
        call(name, &[arg])
    }

    #[test]
    fn items_have_the_declared_text_fields_and_a_primary() {
        for builtin in BUILTINS.iter().filter(|b| b.name.starts_with("toScim")) {
            let Implementation::Function(function) = builtin.implementation else {
                panic!("{} is a plain function", builtin.name)
            };
            let helper = scim_items(function).expect("recognised");
            for example in builtin.examples {
                let Ok(Json::Array(items)) = serde_json::from_str::<Json>(example.result) else {
                    continue;
                };
                for item in items {
                    for (key, value) in item.as_object().unwrap() {
                        let fits = match key.as_str() {
                            "primary" => value.is_boolean(),
                            name => helper.text_fields.contains(&name) && value.is_string(),
                        };
                        assert!(fits, "{}: {key}", example.expr);
                    }
                }
            }
        }
    }

    #[test]
    fn examples_are_json_or_expected_errors() {
        for builtin in BUILTINS {
            assert!(
                !builtin.doc.is_empty() && !builtin.examples.is_empty(),
                "{}",
                builtin.name
            );
            for example in builtin.examples {
                let well_formed = example.result.starts_with("error: ")
                    || serde_json::from_str::<Json>(example.result).is_ok();
                assert!(well_formed, "{}: {}", example.expr, example.result);
            }
        }
    }

    #[test]
    fn not_null_or_empty_follows_the_contract() {
        for empty in [json!(null), json!(""), json!([]), json!({})] {
            assert_eq!(
                one("notNullOrEmpty", empty.clone()),
                Ok(json!(false)),
                "{empty}"
            );
        }
        for full in [
            json!(" "),
            json!(0),
            json!(false),
            json!([null]),
            json!({"a": null}),
        ] {
            assert_eq!(
                one("notNullOrEmpty", full.clone()),
                Ok(json!(true)),
                "{full}"
            );
        }
        let nil_array = Value::array_of(crate::value::ArrayKind::NilAny, Vec::new());
        assert!(is_null_or_empty(&nil_array));
    }

    #[test]
    fn helpers_check_their_arity() {
        for builtin in BUILTINS {
            assert_eq!(
                call(builtin.name, &[json!(1), json!(2)]),
                Err("invalid number of arguments (expected 1, got 2)".into())
            );
            assert!(call(builtin.name, &[]).is_err());
        }
    }

    #[test]
    fn emails_from_a_string() {
        let expected = json!([{"value": "a@x.org", "type": "work", "primary": true}]);
        assert_eq!(one("toScimEmails", json!("  a@x.org ")), Ok(expected));
        for nothing in [
            json!(null),
            json!(""),
            json!("   "),
            json!([]),
            json!([null, ""]),
        ] {
            assert_eq!(
                one("toScimEmails", nothing.clone()),
                Ok(Json::Null),
                "{nothing}"
            );
        }
    }

    #[test]
    fn blank_emails_are_said_at_once_as_the_items_would_say() {
        for text in ["", " ", "\t\n", "\u{a0}\u{2003}", "\u{200b}", " a ", "a"] {
            let args = [Value::Str(text)];
            let at_once = emails_items(&args).unwrap();
            let through_items = convert(&EMAILS, &args[0], email).unwrap();
            assert_eq!(at_once.len(), through_items.len(), "{text:?}");
            assert_eq!(at_once.is_empty(), text.trim().is_empty(), "{text:?}");
        }
    }

    #[test]
    fn emails_from_arrays() {
        let strings = one("toScimEmails", json!(["a@x.org", "", "b@x.org"]));
        assert_eq!(
            strings,
            Ok(json!([
                {"value": "a@x.org", "type": "work", "primary": true},
                {"value": "b@x.org", "type": "work", "primary": false},
            ]))
        );
        let maps = json!([
            {"value": "a@x.org", "type": "home", "primary": false},
            {"value": "b@x.org", "primary": true},
            {"value": "c@x.org", "type": null, "primary": true},
        ]);
        assert_eq!(
            one("toScimEmails", maps),
            Ok(json!([
                {"value": "a@x.org", "type": "home", "primary": false},
                {"value": "b@x.org", "type": "work", "primary": true},
                {"value": "c@x.org", "type": "work", "primary": false},
            ]))
        );
    }

    #[test]
    fn emails_reject_other_shapes() {
        let error = one("toScimEmails", json!(42)).unwrap_err();
        assert!(
            error.starts_with("toScimEmails: expected an e-mail address"),
            "{error}"
        );
        assert!(error.ends_with("got int"), "{error}");
        let error = one("toScimEmails", json!(["a@x.org", {"email": "b@x.org"}])).unwrap_err();
        assert!(
            error.starts_with("toScimEmails (element 1): expected"),
            "{error}"
        );
        assert!(error.ends_with("got a map without value"), "{error}");
        let error = one("toScimEmails", json!([{"value": 7}])).unwrap_err();
        assert_eq!(
            error,
            "toScimEmails (element 0): value must be a string, got int"
        );
        let error = one(
            "toScimEmails",
            json!([{"value": "a@x.org", "primary": "yes"}]),
        );
        assert_eq!(
            error,
            Err("toScimEmails (element 0): primary must be a bool, got string".into())
        );
    }

    fn walnut() -> Json {
        json!({
            "type": "Work", "streetAddress": "3333 Walnut St", "extendedAddress": "Suite 200",
            "poBox": "", "locality": "Boulder", "region": "CO", "postalCode": "80301",
            "country": "US",
        })
    }

    #[test]
    fn addresses_fold_street_lines_and_format() {
        let expected = json!([{
            "type": "work",
            "streetAddress": "3333 Walnut St\nSuite 200",
            "locality": "Boulder",
            "region": "CO",
            "postalCode": "80301",
            "country": "US",
            "formatted": "3333 Walnut St\nSuite 200\nBoulder, CO 80301\nUS",
            "primary": true,
        }]);
        let output = one("toScimAddresses", walnut()).unwrap();
        assert_eq!(output, expected);
        let keys: Vec<&String> = output[0].as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "type",
                "streetAddress",
                "locality",
                "region",
                "postalCode",
                "country",
                "formatted",
                "primary"
            ]
        );
    }

    #[test]
    fn addresses_drop_empty_parts() {
        let sparse = json!([
            {"type": "home", "streetAddress": " ", "locality": null, "region": "", "country": "FR"},
            {"type": "boat", "poBox": 1234, "region": "CO", "postalCode": 80301},
            {"type": "work", "streetAddress": ""},
            {"locality": "Denver", "postalCode": "80202"},
        ]);
        assert_eq!(
            one("toScimAddresses", sparse),
            Ok(json!([
                {"type": "home", "country": "FR", "formatted": "FR", "primary": true},
                {"type": "other", "streetAddress": "PO Box 1234", "region": "CO",
                 "postalCode": "80301", "formatted": "PO Box 1234\nCO 80301", "primary": false},
                {"locality": "Denver", "postalCode": "80202", "formatted": "Denver, 80202",
                 "primary": false},
            ]))
        );
        let po_box = json!({"poBox": "Apartado 12", "streetAddress": "Calle 1"});
        let output = one("toScimAddresses", po_box).unwrap();
        assert_eq!(output[0]["streetAddress"], json!("Calle 1\nApartado 12"));
    }

    #[test]
    fn addresses_have_exactly_one_primary() {
        let list = json!([walnut(), walnut(), walnut()]);
        let output = one("toScimAddresses", list).unwrap();
        let flags: Vec<&Json> = output
            .as_array()
            .unwrap()
            .iter()
            .map(|a| &a["primary"])
            .collect();
        assert_eq!(flags, [&json!(true), &json!(false), &json!(false)]);
        assert_eq!(one("toScimAddresses", json!(null)), Ok(Json::Null));
        assert_eq!(one("toScimAddresses", json!([])), Ok(Json::Null));
    }

    #[test]
    fn addresses_reject_other_shapes() {
        let error = one("toScimAddresses", json!("Boulder")).unwrap_err();
        assert!(
            error.starts_with("toScimAddresses: expected a JumpCloud address"),
            "{error}"
        );
        let error = one("toScimAddresses", json!([walnut(), {"number": "1"}])).unwrap_err();
        assert!(
            error.ends_with("got a map with none of those fields"),
            "{error}"
        );
        let error = one("toScimAddresses", json!({"locality": ["Boulder"]})).unwrap_err();
        assert_eq!(
            error,
            "toScimAddresses: locality must be a string, got []interface {}"
        );
    }

    #[test]
    fn phone_numbers_map_types() {
        let phones = json!([
            {"type": "work_mobile", "number": " +1 303 555 0199 "},
            {"type": "WORK_FAX", "number": 3035550100_i64},
            {"type": "car", "number": "1"},
            {"number": "2"},
            {"type": "home", "number": ""},
            {"type": "pager", "value": "3", "primary": true},
        ]);
        assert_eq!(
            one("toScimPhoneNumbers", phones),
            Ok(json!([
                {"value": "+1 303 555 0199", "type": "mobile", "primary": false},
                {"value": "3035550100", "type": "fax", "primary": false},
                {"value": "1", "type": "other", "primary": false},
                {"value": "2", "primary": false},
                {"value": "3", "type": "pager", "primary": true},
            ]))
        );
        for kind in ["work", "mobile", "home", "fax", "pager", "other"] {
            let output = one("toScimPhoneNumbers", json!({"type": kind, "number": "1"}));
            assert_eq!(output.unwrap()[0]["type"], json!(kind));
        }
    }

    #[test]
    fn phone_numbers_reject_other_shapes() {
        let error = one("toScimPhoneNumbers", json!({"type": "work"})).unwrap_err();
        assert!(
            error.starts_with("toScimPhoneNumbers: expected a JumpCloud phone"),
            "{error}"
        );
        assert!(error.ends_with("got a map without number"), "{error}");
        let error = one("toScimPhoneNumbers", json!([1.5])).unwrap_err();
        assert!(error.ends_with("got float64"), "{error}");
        assert_eq!(one("toScimPhoneNumbers", json!(null)), Ok(Json::Null));
    }

    #[test]
    fn borrowed_input_stays_borrowed() {
        let input = json!({"number": "555", "type": "work"});
        let args = [Value::from_json(&input)];
        let mut ctx = Context::new(Limits::default(), &SystemClock);
        let output = to_scim_phone_numbers(&mut ctx, &args).unwrap();
        let value = output.array_get(0).and_then(|phone| phone.map_get("value"));
        assert!(matches!(value, Some(Value::Str("555"))));
    }
}
