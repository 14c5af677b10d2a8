//! Structural check for regular expressions that backtrack exponentially, shared by the languages' ReDoS
//! rules. No regex engine is needed: a quantified group whose body can itself repeat without bound (`(a+)+`,
//! `(\w*)*`, `(a|a)*`) is the shape behind catastrophic backtracking in backtracking engines.

/// True when `pattern` has a group that is repeated without bound and that itself contains an unbounded
/// quantifier, or identical alternatives under a repetition.
pub fn catastrophic(pattern: &str) -> bool {
    let b = pattern.as_bytes();
    // For each open group: (contains an unbounded quantifier, start index of its body).
    let mut stack: Vec<(bool, usize)> = Vec::new();
    let mut i = 0;
    let mut in_class = false;
    while i < b.len() {
        let c = b[i];
        if c == b'\\' {
            i += 2;
            // An escape followed by a quantifier inside a group still counts.
            if i < b.len() && is_unbounded(b, i) {
                if let Some(top) = stack.last_mut() {
                    top.0 = true;
                }
            }
            continue;
        }
        if in_class {
            if c == b']' {
                in_class = false;
                if i + 1 < b.len() && is_unbounded(b, i + 1) {
                    if let Some(top) = stack.last_mut() {
                        top.0 = true;
                    }
                }
            }
            i += 1;
            continue;
        }
        match c {
            b'[' => in_class = true,
            b'(' => stack.push((false, i + 1)),
            b')' => {
                if let Some((inner_unbounded, start)) = stack.pop() {
                    let repeated = i + 1 < b.len() && is_unbounded(b, i + 1);
                    let body = &pattern[start..i];
                    if repeated && (inner_unbounded && !delimited(body) || identical_alternatives(body)) {
                        return true;
                    }
                    // The group as a whole repeats: its parent contains an unbounded quantifier.
                    if repeated || inner_unbounded {
                        if let Some(top) = stack.last_mut() {
                            top.0 = true;
                        }
                    }
                }
            }
            b'*' | b'+' => {
                if let Some(top) = stack.last_mut() {
                    top.0 = true;
                }
            }
            b'{' if is_unbounded(b, i) => {
                if let Some(top) = stack.last_mut() {
                    top.0 = true;
                }
            }
            _ => {}
        }
        i += 1;
    }
    false
}

/// Is there an unbounded quantifier (`*`, `+`, `{n,}`, `{n,m}` with a large m) at `i`?
fn is_unbounded(b: &[u8], i: usize) -> bool {
    match b.get(i) {
        Some(b'*') | Some(b'+') => true,
        Some(b'{') => {
            let rest = &b[i + 1..];
            let Some(end) = rest.iter().position(|&x| x == b'}') else {
                return false;
            };
            let inner = std::str::from_utf8(&rest[..end]).unwrap_or("");
            match inner.split_once(',') {
                Some((_, "")) => true,
                Some((_, hi)) => hi.trim().parse::<u32>().map(|h| h > 10).unwrap_or(false),
                None => false,
            }
        }
        _ => false,
    }
}

/// A group body that starts with one mandatory literal character that nothing else in the body can match
/// (`\.[0-9]+` in `(?:\.[0-9]+)*`, `-[a-z0-9]+`): every repetition begins at a delimiter, so the input
/// splits into repetitions one way only and the nested quantifier cannot backtrack exponentially.
fn delimited(body: &str) -> bool {
    let body = body.strip_prefix("?:").unwrap_or(body);
    let b = body.as_bytes();
    let (c, mut i) = match b {
        [b'\\', c, ..] if c.is_ascii_punctuation() => (*c, 2),
        [c, ..] if !b".[]()|*+?{}^$\\".contains(c) => (*c, 1),
        _ => return false,
    };
    if matches!(b.get(i), Some(b'?' | b'*' | b'+' | b'{')) || body.contains('|') {
        return false;
    }
    let word = c.is_ascii_alphanumeric() || c == b'_';
    while i < b.len() {
        match b[i] {
            b'\\' => {
                let e = b.get(i + 1).copied().unwrap_or(b'\\');
                let matches_c = e == c
                    || matches!(e, b'W' | b'D' | b'S')
                    || (e == b'w' && word)
                    || (e == b'd' && c.is_ascii_digit())
                    || (e == b's' && c.is_ascii_whitespace());
                if matches_c {
                    return false;
                }
                i += 2;
            }
            b'.' => return false,
            b'[' => {
                let Some(len) = body[i + 1..].find(']') else {
                    return false;
                };
                let class = &b[i + 1..i + 1 + len];
                if class.first() == Some(&b'^') || class_contains(class, c, word) {
                    return false;
                }
                i += len + 2;
            }
            x if x == c => return false,
            _ => i += 1,
        }
    }
    true
}

/// Whether a character class body (between `[` and `]`) can match `c` (ranges and `\w`/`\d`/`\s` included).
fn class_contains(class: &[u8], c: u8, word: bool) -> bool {
    let mut j = 0;
    while j < class.len() {
        if class[j] == b'\\' {
            let e = class.get(j + 1).copied().unwrap_or(b'\\');
            if e == c || (e == b'w' && word) || (e == b'd' && c.is_ascii_digit()) || matches!(e, b'W' | b'D' | b'S') {
                return true;
            }
            j += 2;
        } else if class.get(j + 1) == Some(&b'-') && j + 2 < class.len() {
            if (class[j]..=class[j + 2]).contains(&c) {
                return true;
            }
            j += 3;
        } else {
            if class[j] == c {
                return true;
            }
            j += 1;
        }
    }
    false
}

fn identical_alternatives(body: &str) -> bool {
    let body = body.strip_prefix("?:").unwrap_or(body);
    if !body.contains('|') || body.contains('(') {
        return false;
    }
    let alts: Vec<&str> = body.split('|').collect();
    alts.iter().enumerate().any(|(i, a)| alts[i + 1..].contains(a))
}

#[cfg(test)]
mod tests {
    use super::catastrophic;

    #[test]
    fn finds_nested_quantifiers() {
        for p in [
            r"(a+)+$",
            r"^(\w*)*$",
            r"(.*,)+x",
            r"^([a-zA-Z0-9])(([\-.]|[_]+)?([a-zA-Z0-9]+))*(@)",
            r"(a|a)*b",
            r"(\d+){2,}",
            r"^(?:\.[0-9.]+)*$",
            r"^(a\w+)*!",
            r"^(?:-[^x]+)*$",
        ] {
            assert!(catastrophic(p), "{p} should be flagged");
        }
    }

    #[test]
    fn accepts_linear_patterns() {
        for p in [
            r"^[a-z]+$",
            r"(ab)+",
            r"^\d{3}-\d{4}$",
            r"(a|b)*c",
            r"[(]+",
            r"^(\w+)@(\w+)\.com$",
            r"\(+",
            r"[0-9]+(?:\.[0-9]+)*",
            r"^\d{1,3}(,\d{3})*$",
            r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
        ] {
            assert!(!catastrophic(p), "{p} should not be flagged");
        }
    }
}
