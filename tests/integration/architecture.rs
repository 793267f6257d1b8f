//! The module map stays a map (ARCHITECTURE.md): no module imports from a module that imports
//! it back, directly or through others. A cycle means neither side can be read, tested or
//! moved without the other; Spanish pages and new record fields land more easily in a tree.
//!
//! Read from the source files rather than the compiler: every `use` and every path written in
//! code (`crate::db::resources::card`, `super::AppState`, `index::Doc` from a parent) is an
//! import of the module the path names. A parent's `mod child;` is not an import, but a
//! parent using its child's items and the child using the parent's is a cycle like any other:
//! what siblings share lives in a sibling module of its own (`web::state`), not in `mod.rs`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Module = Vec<String>;

#[test]
fn no_module_imports_from_a_module_that_imports_it_back() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let modules = modules(&src);
    assert!(
        modules.len() > 20,
        "the crate's modules were not found under {}",
        src.display()
    );
    let imports: BTreeMap<&Module, BTreeSet<Module>> = modules
        .iter()
        .map(|(module, code)| (module, imported_modules(module, code, &modules)))
        .collect();
    let cycles = cycles(&imports);
    assert!(
        cycles.is_empty(),
        "modules that import each other (each line a cycle):\n{}",
        cycles.join("\n")
    );
}

/// The checker sees a cycle where there is one: two siblings importing each other, and a
/// parent and child doing so through `super`.
#[test]
fn the_cycle_check_finds_cycles() {
    let modules: BTreeMap<Module, String> = [
        (vec![], "mod a; mod b; pub use a::run;".to_owned()),
        (
            vec!["a".to_owned()],
            "use crate::b::{self, Thing};".to_owned(),
        ),
        (
            vec!["b".to_owned()],
            "fn f() { crate::a::run() }".to_owned(),
        ),
    ]
    .into_iter()
    .collect();
    let imports: BTreeMap<&Module, BTreeSet<Module>> = modules
        .iter()
        .map(|(module, code)| (module, imported_modules(module, code, &modules)))
        .collect();
    assert_eq!(cycles(&imports), ["a → b → a"]);

    let parent_and_child: BTreeMap<Module, String> = [
        (vec![], "mod web; pub use web::App;".to_owned()),
        (
            vec!["web".to_owned()],
            "mod page; pub struct App; fn app() { page::router() }".to_owned(),
        ),
        (
            vec!["web".to_owned(), "page".to_owned()],
            "// use crate::web::App; in a comment is not an import\n\
             #[cfg(test)] mod tests { use super::*; }\n\
             use super::App;"
                .to_owned(),
        ),
    ]
    .into_iter()
    .collect();
    let imports: BTreeMap<&Module, BTreeSet<Module>> = parent_and_child
        .iter()
        .map(|(module, code)| (module, imported_modules(module, code, &parent_and_child)))
        .collect();
    assert_eq!(cycles(&imports), ["web → web::page → web"]);
}

/// Every module of the crate (`lib.rs` is the root, `a/mod.rs` and `a.rs` are `a`) and its
/// code without comments and literals.
fn modules(src: &Path) -> BTreeMap<Module, String> {
    let mut files = Vec::new();
    collect_rust_files(src, &mut files);
    files
        .into_iter()
        .filter(|file| file.file_name().is_some_and(|name| name != "main.rs"))
        .map(|file| {
            let relative = file.strip_prefix(src).expect("under src");
            let mut module: Module = relative
                .with_extension("")
                .iter()
                .map(|part| part.to_string_lossy().into_owned())
                .collect();
            if matches!(module.last().map(String::as_str), Some("mod" | "lib")) {
                module.pop();
            }
            let code = std::fs::read_to_string(&file).expect("readable source");
            (module, code_only(&code))
        })
        .collect()
}

fn collect_rust_files(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable directory") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            collect_rust_files(&path, files);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
}

/// The code with comments, strings and character literals blanked, so a path in a comment or
/// a message is not taken for an import.
fn code_only(code: &str) -> String {
    let chars: Vec<char> = code.chars().collect();
    let mut out = String::with_capacity(code.len());
    let mut i = 0;
    while i < chars.len() {
        let rest = &chars[i..];
        if rest.starts_with(&['/', '/']) {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if rest.starts_with(&['/', '*']) {
            i += 2;
            while i < chars.len() && !chars[i..].starts_with(&['*', '/']) {
                i += 1;
            }
            i += 2;
        } else if chars[i] == 'r' && matches!(rest.get(1), Some('"' | '#')) {
            // A raw string: r"…", r#"…"#.
            let hashes = rest[1..].iter().take_while(|&&c| c == '#').count();
            if rest.get(1 + hashes) == Some(&'"') {
                i += 2 + hashes;
                while i < chars.len()
                    && !(chars[i] == '"'
                        && chars[i + 1..]
                            .iter()
                            .take(hashes)
                            .filter(|&&c| c == '#')
                            .count()
                            == hashes)
                {
                    i += 1;
                }
                i += 1 + hashes;
                out.push_str("\"\"");
            } else {
                out.push('r');
                i += 1;
            }
        } else if chars[i] == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if chars[i] == '\'' && (rest.get(1) == Some(&'\\') || rest.get(2) == Some(&'\'')) {
            // A character literal ('"', '\''), not a lifetime.
            i += 1;
            while i < chars.len() && chars[i] != '\'' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("' '");
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

#[derive(Debug, PartialEq)]
enum Token {
    Word(String),
    PathSeparator,
    Other(char),
}

fn tokens(code: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = code.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() || c == '_' {
            let mut word = String::from(c);
            while let Some(&next) = chars.peek() {
                if !(next.is_alphanumeric() || next == '_') {
                    break;
                }
                word.push(next);
                chars.next();
            }
            tokens.push(Token::Word(word));
        } else if c == ':' && chars.peek() == Some(&':') {
            chars.next();
            tokens.push(Token::PathSeparator);
        } else if !c.is_whitespace() {
            tokens.push(Token::Other(c));
        }
    }
    tokens
}

/// The modules `module`'s code names, other than itself.
fn imported_modules(
    module: &Module,
    code: &str,
    modules: &BTreeMap<Module, String>,
) -> BTreeSet<Module> {
    let tokens = tokens(code);
    // Paths, each with the module it is written in: `mod tests { use super::*; }` is inside
    // the file's module, so its `super` is the file's module.
    let mut paths: Vec<(Module, Vec<String>)> = Vec::new();
    let mut here = module.clone();
    // The brace depth each inline module (`mod tests {`) opened at.
    let mut inline_depths: Vec<usize> = Vec::new();
    let mut depth = 0;
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            Token::Word(word) if word == "mod" => {
                if let (Some(Token::Word(name)), Some(Token::Other('{'))) =
                    (tokens.get(i + 1), tokens.get(i + 2))
                {
                    here.push(name.clone());
                    inline_depths.push(depth);
                    depth += 1;
                    i += 3;
                    continue;
                }
            }
            Token::Other('{') => depth += 1,
            Token::Other('}') => {
                depth -= 1;
                if inline_depths.last() == Some(&depth) {
                    inline_depths.pop();
                    here.pop();
                }
            }
            _ => {}
        }
        if tokens[i] == Token::Word("use".into()) {
            i += 1;
            let mut used = Vec::new();
            use_tree(&tokens, &mut i, Vec::new(), &mut used);
            paths.extend(used.into_iter().map(|path| (here.clone(), path)));
            continue;
        }
        // A path in code: `a::b::c`, not preceded by `::` (then it continues another path).
        let starts_path = matches!(tokens[i], Token::Word(_))
            && tokens.get(i + 1) == Some(&Token::PathSeparator)
            && (i == 0 || tokens[i - 1] != Token::PathSeparator);
        if starts_path {
            let mut path = Vec::new();
            while let Some(Token::Word(word)) = tokens.get(i) {
                path.push(word.clone());
                if tokens.get(i + 1) != Some(&Token::PathSeparator) {
                    break;
                }
                i += 2;
            }
            paths.push((here.clone(), path));
        }
        i += 1;
    }
    paths
        .iter()
        .filter_map(|(written_in, path)| resolve(written_in, path, modules))
        .filter(|target| target != module)
        .collect()
}

/// Reads one use tree (`a::b::{c, d::{e as f, *}}`) from `tokens[*i]`, pushing each path it
/// names (with `prefix` in front), and stops after its end.
fn use_tree(tokens: &[Token], i: &mut usize, prefix: Vec<String>, paths: &mut Vec<Vec<String>>) {
    let mut path = prefix;
    loop {
        match tokens.get(*i) {
            Some(Token::Word(word)) if word == "as" => {
                *i += 2;
            }
            Some(Token::Word(word)) => {
                if word != "self" || path.is_empty() {
                    path.push(word.clone());
                }
                *i += 1;
            }
            Some(Token::PathSeparator) => *i += 1,
            Some(Token::Other('{')) => {
                *i += 1;
                while !matches!(tokens.get(*i), None | Some(Token::Other('}'))) {
                    use_tree(tokens, i, path.clone(), paths);
                    if tokens.get(*i) == Some(&Token::Other(',')) {
                        *i += 1;
                    }
                }
                *i += 1;
                return;
            }
            Some(Token::Other('*')) => *i += 1,
            _ => {
                paths.push(path);
                if matches!(tokens.get(*i), Some(Token::Other(';'))) {
                    *i += 1;
                }
                return;
            }
        }
    }
}

/// The module a path written in `module` lands in: the longest prefix of it that is a module
/// of the crate. Paths into other crates (`std::…`, `axum::…`) land nowhere.
fn resolve(module: &Module, path: &[String], modules: &BTreeMap<Module, String>) -> Option<Module> {
    let (mut base, rest) = match path.first().map(String::as_str)? {
        "crate" => (Vec::new(), &path[1..]),
        "self" => (module.clone(), &path[1..]),
        "super" => {
            let mut base = module.clone();
            let supers = path
                .iter()
                .take_while(|segment| *segment == "super")
                .count();
            for _ in 0..supers {
                base.pop();
            }
            (base, &path[supers..])
        }
        // A child module named without `self::` (`index::Doc` in search/mod.rs).
        child => {
            let mut candidate = module.clone();
            candidate.push(child.to_owned());
            if !modules.contains_key(&candidate) {
                return None;
            }
            (module.clone(), path)
        }
    };
    // `base` may be an inline module (`tests` in a file): its file's module is the nearest
    // one the crate has.
    let mut found = base.clone();
    while !found.is_empty() && !modules.contains_key(&found) {
        found.pop();
    }
    for segment in rest {
        base.push(segment.clone());
        if modules.contains_key(&base) {
            found = base.clone();
        } else {
            break;
        }
    }
    Some(found)
}

/// Every cycle of imports, each as "a → b → a", found by a depth-first walk.
fn cycles(imports: &BTreeMap<&Module, BTreeSet<Module>>) -> Vec<String> {
    fn name(module: &Module) -> String {
        if module.is_empty() {
            "crate".to_owned()
        } else {
            module.join("::")
        }
    }
    fn walk<'a>(
        module: &'a Module,
        imports: &'a BTreeMap<&Module, BTreeSet<Module>>,
        stack: &mut Vec<&'a Module>,
        done: &mut BTreeSet<&'a Module>,
        found: &mut Vec<String>,
    ) {
        if let Some(start) = stack.iter().position(|m| *m == module) {
            let mut cycle: Vec<String> = stack[start..].iter().map(|m| name(m)).collect();
            cycle.push(name(module));
            found.push(cycle.join(" → "));
            return;
        }
        if !done.insert(module) {
            return;
        }
        stack.push(module);
        for next in imports.get(module).into_iter().flatten() {
            walk(next, imports, stack, done, found);
        }
        stack.pop();
    }
    let mut found = Vec::new();
    let mut done = BTreeSet::new();
    for module in imports.keys() {
        walk(module, imports, &mut Vec::new(), &mut done, &mut found);
    }
    found
}
