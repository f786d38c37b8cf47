//! The registry of stable diagnostic codes: one table, read by every stage and by
//! `scimap explain CODE`.
//!
//! Codes are grouped by letter: `S` syntax, `N` names, `T` types, `R` run time, `L` lints
//! (warnings), `M` mapping tables. A code, once published, keeps its meaning forever.

use std::fmt;

macro_rules! codes {
    ($( $variant:ident = $code:literal, $title:literal, $explanation:literal; )*) => {
        /// A stable diagnostic code.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Code {
            $(
                #[doc = $title]
                $variant,
            )*
        }

        /// Every code, in registry order.
        pub const ALL: &[Code] = &[$(Code::$variant,)*];

        impl Code {
            /// The code as printed, e.g. `S0001`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            /// A one-line summary.
            pub fn title(self) -> &'static str {
                match self { $(Code::$variant => $title,)* }
            }

            /// The long explanation with an example, as `scimap explain` prints it.
            pub fn explanation(self) -> &'static str {
                match self { $(Code::$variant => $explanation,)* }
            }
        }
    };
}

codes! {
    Syntax = "S0001", "syntax error",
"The expression does not follow the Expr grammar: a token appears where it cannot, or the input
ends too early.

    jcUser.firstname +          # error: unexpected end of input

Fix: complete or correct the expression; the help line lists what could come next.";

    Lexical = "S0002", "invalid token",
"A character or literal cannot be read: an unknown symbol, an unterminated string, a bad escape,
or an unclosed comment.

    jcUser.email @ 'x'          # error: unrecognized character '@'
    'it\\q'                      # error: invalid escape \\q

Fix: remove the character, close the string, or use a valid escape (\\n, \\t, \\\\, \\', \\u{..}).";

    NumberLiteral = "S0003", "invalid number literal",
"A number literal is malformed or does not fit: integers are 64-bit signed
(largest 9223372036854775807), floats are IEEE-754 doubles.

    9223372036854775808         # error: out of range
    1abc                        # error: bad number syntax

Fix: write the number within range, or as a float (9.3e18).";

    PredicateSyntax = "S0004", "predicate syntax",
"A predicate builtin (map, filter, all, ...) got the wrong number of arguments, or a `#`
pointer or `.field` shorthand is used outside a predicate.

    map(jcUser.addresses)       # error: expected at least 2 arguments
    #.type == 'work'            # error: # outside a predicate

Fix: pass the collection and a predicate: map(jcUser.addresses, .locality).";

    CoalesceMix = "S0005", "`??` mixed with another operator",
"`??` binds tighter than any other operator, so `a ?? b + c` would silently mean
`(a ?? b) + c` in one reading and `a ?? (b + c)` in another. Expr rejects the mix.

    jcUser.nickname ?? jcUser.firstname + ' ' + jcUser.lastname   # error

Fix: add parentheses: jcUser.nickname ?? (jcUser.firstname + ' ' + jcUser.lastname).";

    TooLarge = "S0006", "expression too large or too deep",
"The expression exceeds a limit: its length, its nesting depth, or the number of syntax nodes
(10,000, as in Expr). Limits keep hostile input from exhausting memory or the stack.

Fix: split the mapping into simpler rows, or raise the limit in the engine's options.";

    UnknownName = "N0001", "unknown name",
"A variable is not defined in the environment and no `let` binds it.

    jcuser.email                # error: unknown name jcuser (did you mean jcUser?)

Fix: use one of the environment's variables (jcUser, providerUser) or bind it with let.";

    UnknownFunction = "N0002", "unknown function",
"A call names no builtin, helper or registered function.

    uppercase(jcUser.email)     # error: unknown function (did you mean upper?)

Fix: use a builtin (`:help` in the REPL lists them all, with their signatures), or register
the function from Rust.";

    UnknownPointer = "N0003", "unknown pointer",
"`#index` is available only inside map and reduce, `#acc` only inside reduce; other `#names`
do not exist.

    filter(jcUser.emails, #index > 0)   # error: unknown pointer #index

Fix: use map(...) with #index, or count positions another way.";

    Redeclared = "N0004", "name redeclared",
"A `let` reuses the name of an environment variable, a builtin, or an enclosing `let`.
Expr forbids shadowing so a name means one thing throughout an expression.

    let upper = jcUser.firstname; upper   # error: cannot redeclare builtin upper

Fix: choose another name.";

    UnknownField = "N0005", "unknown field",
"A field is not in the schema of the value it is read from. JSON may carry more than the
schema says, so this is a warning for schema-typed values, but an error where the value is
known to have no such field.

    jcUser.dispalyname          # warning: unknown field (did you mean displayname?)

Fix: correct the spelling; if the field is real but missing from the schema, read it with
get(jcUser, 'field') to say so.";

    Mismatch = "T0001", "operator applied to the wrong types",
"An operator cannot combine the operand types it is given.

    jcUser.unix_uid + '-x'      # error: invalid operation: + (mismatched types int and string)

Fix: convert one side: string(jcUser.unix_uid) + '-x'.";

    NotBool = "T0002", "condition is not a bool",
"Conditions (`?:`, `if`, `!`, the left side of `and`/`or`) must be booleans: Expr has no
truthiness.

    jcUser.displayname ? 1 : 2  # error: non-bool expression (type string) used as condition

Fix: test explicitly: notNullOrEmpty(jcUser.displayname) ? ... or jcUser.displayname != ''.";

    ArgumentType = "T0003", "wrong argument type",
"A builtin or function got an argument of a type it cannot take.

    upper(jcUser.addresses)     # error: cannot use array as argument (type string) to call upper

Fix: pass the documented type; `:help NAME` in the REPL shows each signature.";

    ArgumentCount = "T0004", "wrong number of arguments",
"A builtin or function got too many or too few arguments.

    len(jcUser.email, 1)        # error: invalid number of arguments (expected 1, got 2)

Fix: pass the arguments the signature lists.";

    NoField = "T0005", "field access on a value that has no fields",
"A field or index is read from a value that cannot have it: nil, a number, a string.

    providerUser.name.givenName # error when providerUser is nil: type nil has no field name

Fix: guard with `?.` (providerUser?.name?.givenName) or `??`.";

    BadIndex = "T0006", "invalid index or slice",
"An index or slice bound has the wrong type, or the value cannot be indexed or sliced.

    jcUser.addresses['0']       # error: array elements can only be selected using an integer

Fix: use an integer index (jcUser.addresses[0]) or a field name on maps.";

    NotCallable = "T0007", "value is not callable",
"Something that is not a function is called.

    jcUser.email()              # error: string is not callable

Fix: remove the parentheses, or call a builtin: upper(jcUser.email).";

    Regex = "T0008", "invalid regular expression",
"The pattern on the right of `matches` is not a valid RE2 regular expression.

    jcUser.email matches '['    # error: missing closing ]

Fix: correct the pattern; escape literal brackets and dots (\\\\[, \\\\.).";

    PredicateResult = "T0009", "predicate must return a bool",
"The predicate of all/any/one/none/filter/find/count must yield a bool.

    filter(jcUser.emails, .value)   # error: predicate should return boolean (got string)

Fix: compare: filter(jcUser.emails, .value != '').";

    TypeMismatch = "T0010", "value does not have the expected type",
"A value has a type its use cannot accept (a map key, an array element, an expected result).

Fix: convert the value, or change the expected type.";

    DivideByZero = "T0011", "division by zero",
"An integer `%` by a literal zero always fails.

    jcUser.unix_uid % 0         # error: integer divide by zero

Fix: use a non-zero divisor.";

    Runtime = "R0001", "evaluation failed",
"Evaluating the expression failed for this input: a value had a type the operation cannot
take, an index was out of range, a conversion failed, ...

Fix: read the message; guard the failing part with `?.`, `??`, a condition, or a safer
builtin (get(arr, i) instead of arr[i]).";

    IndexOutOfRange = "R0002", "index out of range",
"An array or string index is outside the value. Negative indices count from the end.

    jcUser.addresses[5]         # error: index out of range: 5 (array length is 2)

Fix: use first(...), last(...), get(arr, i) (nil when out of range) or `?? default`.";

    FetchFromNil = "R0003", "field read from nil",
"A field or index is read from nil at run time.

    providerUser.name.givenName # on create, providerUser.name is nil

Fix: use `?.`: providerUser.name?.givenName, or `??` for a default.";

    Limit = "R0004", "resource limit exceeded",
"Evaluation exceeded a limit: the memory budget (1,000,000 units of collection growth, as in
Expr), the step budget, or the nesting depth.

    len(1..10000000)            # error: memory budget exceeded

Fix: work on smaller collections, or raise the limit in the engine's options.";

    Conversion = "R0005", "conversion failed",
"A conversion builtin could not convert its argument (int('12a'), date('x'), fromJSON('{')).

Fix: validate the input first, or provide a default with a condition.";

    AlwaysSame = "L0001", "condition is always true or always false",
"A condition's value is known before evaluation, so one branch can never run.

    true ? jcUser.email : 'x'   # warning: condition is always true

Fix: remove the condition, or test what was meant.";

    NeverNil = "L0002", "`??` on a value that is never nil",
"The left side of `??` can never be nil, so the right side is never used.

    upper(jcUser.email) ?? 'none'   # warning: the left side is a string, never nil

Fix: remove `?? ...`, or test for the empty string with notNullOrEmpty(...).";

    UnusedLet = "L0003", "unused variable",
"A `let` binds a name that the rest of the expression never reads.

    let full = jcUser.firstname; jcUser.lastname   # warning: `full` is never used

Fix: remove the let, or use the variable.";

    StringNumberCompare = "L0004", "string compared with a number",
"A string field is compared with a number; in Expr such a comparison is either a type error
or always false (`==` of different kinds).

    jcUser.employeeIdentifier == 123   # warning

Fix: compare with a string ('123') or convert: int(jcUser.employeeIdentifier) == 123.";

    UnknownTarget = "M0001", "unknown SCIM target",
"A row writes an attribute that the SCIM schema does not define.

Fix: use a SCIM User attribute (userName, name.givenName, emails, ...), the enterprise
extension ($enterpriseUser.department), or declare a custom extension URN in the table.";

    ReadOnlyTarget = "M0002", "read-only SCIM target",
"A row writes an attribute that the service provider owns (id, meta, groups).

Fix: remove the row.";

    DuplicateTarget = "M0003", "two rows write one target",
"Two rows write the same SCIM attribute; only one value can be sent.

Fix: remove one row or combine them into one expression.";

    TargetType = "M0004", "result does not fit the target",
"A row's result type cannot be the value of its SCIM attribute (a string into `emails`).

Fix: build the right shape: toScimEmails(jcUser.email).";

    MissingRequired = "M0005", "required SCIM attribute not mapped",
"The table maps no row to an attribute that SCIM requires (userName for users, displayName
for groups).

Fix: add a row, e.g. target = \"userName\", path = \"email\".";

    TableFormat = "M0006", "invalid table file",
"The table file cannot be read: malformed TOML or JSON, a row without a target, a row with
more than one source.

Fix: follow the table format in the README.";

    TargetPath = "M0007", "invalid target path",
"A row's target is not a SCIM attribute path scimap can write: a malformed name, a value
filter, a sub-attribute of a multi-valued attribute, or a path more than one sub-attribute deep.

    target = \"emails.value\"                  # error: emails is multi-valued
    target = \"emails[type eq \\\"work\\\"].value\"  # error: value filters are not targets

Fix: map the whole attribute (target = \"emails\", expr = \"toScimEmails(jcUser.email)\"), or
one sub-attribute of a single-valued complex attribute (name.givenName).";

    InvalidResource = "M0008", "invalid SCIM resource",
"A SCIM resource (a payload scimap built, or one a provider returned) breaks its schemas:
`schemas` is missing or does not list an extension the resource uses, an attribute appears
twice in different letter case, or a multi-valued attribute has more than one primary element.

    {\"userName\": \"ada\", \"emails\": [{\"value\": \"a@x\", \"primary\": true},
                                {\"value\": \"b@x\", \"primary\": true}]}
    # error: `schemas` is missing; `emails` has more than one primary element

Fix: list the core URN and each extension used in `schemas`; mark one element primary.";

    TestFile = "M0009", "invalid test file",
"A table's test file (`*.tests.toml`) cannot be used: malformed TOML, an unknown key, a case
without a name or a user, a table that cannot be read or does not compile, a user or provider
file that cannot be read or is not JSON, an expectation path that is not a SCIM path.

    table = \"namely.tmol\"        # error: cannot read the table (and no built-in has that name)
    [[case]]
    user = \"users/jon.json\"      # error: cannot read users/jon.json

Fix: follow the test file format in the README (`Testing a table`).";

    NeverWritten = "M0010", "expectation the table never writes",
"A test case expects an attribute (or an error at a row) that no row of the table writes, so
the case can never pass.

    [case.expect]
    nickName = \"Johnny\"           # error: no user row of the table writes `nickName`

Fix: expect an attribute the table maps, or add the row to the table.";
}

impl Code {
    /// Looks a code up by its printed form (`"T0001"`), case-insensitively.
    pub fn parse(text: &str) -> Option<Code> {
        ALL.iter()
            .copied()
            .find(|code| code.as_str().eq_ignore_ascii_case(text.trim()))
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_parse_back() {
        let mut seen = std::collections::HashSet::new();
        for code in ALL {
            assert!(
                seen.insert(code.as_str()),
                "duplicate code {}",
                code.as_str()
            );
            assert_eq!(Code::parse(code.as_str()), Some(*code));
            assert!(!code.explanation().is_empty());
        }
    }
}
