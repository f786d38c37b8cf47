//! The REPL's state (the loaded user, the table) and what each entry does: evaluate an
//! expression and show its value and type, or run a `:command`.

use std::io::IsTerminal;
use std::path::Path;

use scimap::check;
use scimap::mapping::{CompiledTable, Source, Table};
use scimap::types::{Type, TypeEnv};
use scimap::{Diagnostics, Engine};
use serde_json::{Map, Value as Json};

use super::complete::Vocabulary;
use super::help;
use crate::cli::common::{read_json, read_table, sample_user, user_file, TableError, UserFile};
use crate::cli::{print_diagnostics, usage_error, FINDINGS};

/// What to do after an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Go on; `false` when the entry failed (a diagnostic, an unknown command).
    Continue(bool),
    /// Leave.
    Quit,
}

/// A table loaded with `--table` or `:table`.
struct LoadedTable {
    table: Table,
    compiled: CompiledTable,
}

/// The session.
pub struct Session {
    engine: Engine,
    /// `{"jcUser": ..., "providerUser": ...}`.
    env: Json,
    types: TypeEnv,
    /// Where the user came from.
    user_name: String,
    table: Option<LoadedTable>,
    dim: bool,
}

impl Session {
    /// A session over the built-in sample user, with no table.
    pub fn new() -> Session {
        let mut session = Session {
            engine: crate::cli::common::engine(),
            env: Json::Null,
            types: TypeEnv::new(),
            user_name: String::new(),
            table: None,
            dim: std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        };
        session.set_user(sample_user(), "the built-in sample user (John Doe)");
        session
    }

    /// One line on what is loaded.
    pub fn status(&self) -> String {
        let table = match &self.table {
            Some(loaded) => format!("table {}", loaded.table.origin.name),
            None => "no table".to_string(),
        };
        format!("jcUser and providerUser from {}; {table}", self.user_name)
    }

    /// What completion offers now.
    pub fn vocabulary(&self) -> Vocabulary {
        let mut builtins: Vec<String> = self
            .engine
            .registry()
            .iter()
            .map(|f| f.name.to_string())
            .collect();
        builtins.sort();
        Vocabulary {
            env: self.env.clone(),
            builtins,
        }
    }

    /// Handles one entry (an expression or a command).
    pub fn handle(&mut self, entry: &str) -> Step {
        let trimmed = entry.trim();
        if trimmed.is_empty() {
            return Step::Continue(true);
        }
        let Some(command) = trimmed.strip_prefix(':') else {
            return Step::Continue(self.evaluate(entry));
        };
        let (name, argument) = command
            .split_once(char::is_whitespace)
            .map_or((command, ""), |(n, a)| (n, a.trim()));
        let ok = match name {
            "q" | "quit" | "exit" => return Step::Quit,
            "h" | "help" if argument.is_empty() => {
                print!("{}", help::commands());
                true
            }
            "h" | "help" => self.help(argument),
            "t" | "type" => self.type_of(argument),
            "l" | "load" => self.load(argument),
            "table" => self.table(argument),
            "p" | "preview" => self.preview(),
            _ => {
                eprintln!("error: unknown command `:{name}` (:help lists the commands)");
                false
            }
        };
        Step::Continue(ok)
    }

    /// Loads `--table` or `:table NAME|FILE`: the exit status a failure would give (`USAGE` for
    /// a file that cannot be read, `FINDINGS` for a table with errors), after reporting it.
    pub fn load_table(&mut self, spec: &str) -> Result<(), u8> {
        let table = match read_table(spec) {
            Ok(table) => table,
            Err(TableError::Io(message)) => return Err(usage_error(message)),
            Err(TableError::Invalid(diagnostics)) => {
                print_diagnostics(&diagnostics);
                return Err(FINDINGS);
            }
        };
        match table.compile(&self.engine) {
            Ok(compiled) => {
                self.table = Some(LoadedTable { table, compiled });
                Ok(())
            }
            Err(diagnostics) => {
                print_diagnostics(&diagnostics);
                Err(FINDINGS)
            }
        }
    }

    /// Loads `--input` or `:load FILE`.
    pub fn load_user(&mut self, path: &str) -> bool {
        match read_json(Path::new(path)) {
            Ok(json) if json.is_object() => {
                self.set_user(user_file(json), path);
                true
            }
            Ok(_) => {
                eprintln!("error: {path} must hold a JSON object (a user, or {{\"jcUser\": ...}})");
                false
            }
            Err(message) => {
                eprintln!("error: {message}");
                false
            }
        }
    }

    fn set_user(&mut self, user: UserFile, name: &str) {
        let mut env = Map::new();
        env.insert("jcUser".to_string(), user.jc_user);
        let provider = user
            .provider_user
            .unwrap_or_else(|| Json::Object(Map::new()));
        env.insert("providerUser".to_string(), provider);
        self.env = Json::Object(env);
        self.types = TypeEnv::from_json(&self.env);
        self.user_name = name.to_string();
    }

    fn evaluate(&self, source: &str) -> bool {
        let Some(static_type) = self.check(source) else {
            return false;
        };
        let program = match self.engine.compile_with_types(source, &self.types) {
            Ok(program) => program,
            Err(diagnostics) => return render(diagnostics, source),
        };
        if !program.warnings().is_empty() {
            render(
                Diagnostics::new(source, program.warnings().to_vec()),
                source,
            );
        }
        let outcome = program.eval(&self.env);
        match outcome {
            Ok(value) => {
                println!("{}", scimap::value::format::output_json_text(&value));
                let shown = match &static_type {
                    Type::Nil => "nil".to_string(),
                    known if !known.is_unknown() => known.to_string(),
                    unknown => format!("{unknown} ({} at run time)", value.type_name()),
                };
                self.print_type(&shown);
                true
            }
            Err(diagnostics) => render(diagnostics, source),
        }
    }

    /// Parses and checks `source`: its type, or `None` after printing the diagnostics.
    fn check(&self, source: &str) -> Option<Type> {
        let ast = match scimap::syntax::parse(source) {
            Ok(ast) => ast,
            Err(diagnostics) => {
                render(diagnostics, source);
                return None;
            }
        };
        let checked = check::check(&ast, &self.types, self.engine.registry());
        if checked.has_errors() {
            render(Diagnostics::new(source, checked.diagnostics), source);
            return None;
        }
        Some(checked.types.get(&ast).cloned().unwrap_or(Type::Any))
    }

    fn print_type(&self, shown: &str) {
        if self.dim {
            println!("\x1b[2m: {shown}\x1b[0m");
        } else {
            println!(": {shown}");
        }
    }

    fn type_of(&self, source: &str) -> bool {
        if source.is_empty() {
            eprintln!("error: usage: :type EXPR");
            return false;
        }
        match self.check(source) {
            Some(Type::Nil) => self.print_type("nil"),
            Some(ty) => self.print_type(&ty.to_string()),
            None => return false,
        }
        true
    }

    fn help(&self, name: &str) -> bool {
        match help::function(self.engine.registry(), name) {
            Ok(text) => {
                print!("{text}");
                true
            }
            Err(message) => {
                eprintln!("error: {message}");
                false
            }
        }
    }

    fn load(&mut self, path: &str) -> bool {
        if path.is_empty() {
            eprintln!("error: usage: :load FILE");
            return false;
        }
        let ok = self.load_user(path);
        if ok {
            println!("loaded {path}");
        }
        ok
    }

    fn table(&mut self, spec: &str) -> bool {
        if !spec.is_empty() && self.load_table(spec).is_err() {
            return false;
        }
        match &self.table {
            Some(loaded) => {
                print!("{}", describe_table(&loaded.table));
                true
            }
            None => {
                eprintln!("{}", no_table());
                false
            }
        }
    }

    fn preview(&self) -> bool {
        let Some(loaded) = &self.table else {
            eprintln!("{}", no_table());
            return false;
        };
        let jc_user = &self.env["jcUser"];
        let provider = self.env["providerUser"]
            .as_object()
            .filter(|p| !p.is_empty());
        let provider = provider.map(|_| &self.env["providerUser"]);
        match loaded.compiled.user_resource(jc_user, provider) {
            Ok(resource) => {
                let text = serde_json::to_string_pretty(&resource).unwrap_or_default();
                println!("{text}");
                true
            }
            Err(error) => {
                print_diagnostics(&error.to_diagnostics(&loaded.compiled));
                false
            }
        }
    }
}

fn render(mut diagnostics: Diagnostics, source: &str) -> bool {
    diagnostics.name = "<input>".to_string();
    diagnostics.source = source.into();
    print_diagnostics(&diagnostics);
    !diagnostics.has_errors()
}

fn no_table() -> String {
    let names: Vec<&str> = scimap::mapping::builtin::TABLES
        .iter()
        .map(|t| t.name)
        .collect();
    format!(
        "no table loaded: choose one with :table NAME|FILE (built-in: {})",
        names.join(", ")
    )
}

/// `Namely (<namely>), 17 user rows:` then one line per row.
fn describe_table(table: &Table) -> String {
    let mut out = format!(
        "{} ({}), {} user rows, {} group rows\n",
        table.name,
        table.origin.name,
        table.user.len(),
        table.group.len()
    );
    for (i, row) in table.user.iter().enumerate() {
        let source = match &row.source {
            Source::Path(path) => format!("path {path}"),
            Source::Expr(expr) => format!("expr {expr}"),
            Source::Constant(value) => format!("constant {value}"),
        };
        let required = if row.required { " (required)" } else { "" };
        out.push_str(&format!(
            "  {:>2}  {}{required} <- {source}\n",
            i + 1,
            row.target
        ));
    }
    out
}
