//! `scimap explain CODE`: the long explanation of a diagnostic code, from the code registry.

use scimap::diagnostic::codes::{Code, ALL};

use super::{usage_error, OK};

/// Arguments of `scimap explain`.
#[derive(Debug, clap::Args)]
#[command(override_usage = "scimap explain <CODE>\n       scimap explain --list")]
#[command(after_help = "\
Examples:
  scimap explain T0002
  scimap explain m0003        # codes are case-insensitive
  scimap explain --list")]
pub struct Args {
    /// A diagnostic code, as printed in a report (`T0002`).
    #[arg(value_name = "CODE", required_unless_present = "list")]
    code: Option<String>,
    /// List every code with its title.
    #[arg(long, conflicts_with = "code")]
    list: bool,
}

/// Runs `scimap explain`.
pub fn run(args: &Args) -> u8 {
    let Some(text) = args.code.as_deref().filter(|_| !args.list) else {
        print!("{}", list());
        return OK;
    };
    match Code::parse(text) {
        Some(code) => {
            println!("{code}: {}\n", code.title());
            println!("{}", code.explanation());
            OK
        }
        None => match suggestion(text) {
            Some(code) => usage_error(format!(
                "unknown code `{text}`; did you mean `{code}` ({})?",
                code.title()
            )),
            None => usage_error(format!("unknown code `{text}`; the codes are:\n{}", list())),
        },
    }
}

/// Every code and its title, one a line.
fn list() -> String {
    ALL.iter()
        .map(|code| format!("{code}  {}\n", code.title()))
        .collect()
}

/// The code a mistyped one most likely meant: the same letter with the number written short
/// (`t2` → `T0002`), or one edit away (`T0020` → `T0002`).
fn suggestion(text: &str) -> Option<Code> {
    let text = text.trim().to_ascii_uppercase();
    let mut chars = text.chars();
    let letter = chars.next()?;
    if let Ok(number) = chars.as_str().parse::<u32>() {
        if let Some(code) = Code::parse(&format!("{letter}{number:04}")) {
            return Some(code);
        }
    }
    ALL.iter()
        .copied()
        .find(|code| one_edit_apart(code.as_str(), &text))
}

/// Whether two strings differ by one substitution, insertion, deletion or swap of neighbours.
fn one_edit_apart(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    let swapped = a.len() >= 2 && b.len() >= 2 && a[0] == b[1] && a[1] == b[0];
    match (a.len(), b.len()) {
        (0, 0) => false,
        (x, y) if x == y => a[1..] == b[1..] || (swapped && a[2..] == b[2..]),
        (x, y) if x + 1 == y => a == &b[1..],
        (x, y) if y + 1 == x => &a[1..] == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_code_that_was_meant() {
        assert_eq!(suggestion("t2"), Some(Code::NotBool));
        assert_eq!(suggestion("T00002"), Some(Code::NotBool));
        assert_eq!(suggestion("T0020"), Some(Code::NotBool));
        assert_eq!(suggestion("X9999"), None);
        assert_eq!(suggestion(""), None);
    }

    #[test]
    fn one_edit() {
        assert!(one_edit_apart("T0002", "T002"));
        assert!(one_edit_apart("T0002", "T0003"));
        assert!(one_edit_apart("M0003", "M0030"));
        assert!(!one_edit_apart("T0002", "T0002"));
        assert!(!one_edit_apart("T0002", "N0005"));
    }
}
