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
                    if repeated && (inner_unbounded || identical_alternatives(&pattern[start..i])) {
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
        ] {
            assert!(!catastrophic(p), "{p} should not be flagged");
        }
    }
}
