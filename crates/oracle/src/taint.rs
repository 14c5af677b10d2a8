//! The taint lattice shared by every language's analyzer.
//!
//! A [`Taint`] says for which kinds of sink a value is still dangerous. Sources set every kind; a
//! sanitizer clears the kinds it neutralises (`shlex.quote` clears [`Kind::SHELL`] only, `int()` clears
//! all). Two provenance flags make rules precise on real code: `user` (the value comes from a request,
//! `input()`, `argv` or the environment, not merely a function parameter) and `built` (the value went
//! through string formatting or concatenation with a tainted part — the shape of most injections).

/// A set of sink kinds, as bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Kind(pub u16);

impl Kind {
    pub const NONE: Kind = Kind(0);
    pub const SQL: Kind = Kind(1);
    pub const SHELL: Kind = Kind(1 << 1);
    pub const PATH: Kind = Kind(1 << 2);
    pub const HTML: Kind = Kind(1 << 3);
    pub const CODE: Kind = Kind(1 << 4);
    pub const URL: Kind = Kind(1 << 5);
    pub const LOG: Kind = Kind(1 << 6);
    pub const DESER: Kind = Kind(1 << 7);
    pub const XML: Kind = Kind(1 << 8);
    pub const FORMAT: Kind = Kind(1 << 9);
    pub const SIZE: Kind = Kind(1 << 10);
    pub const REGEX: Kind = Kind(1 << 11);
    pub const ALL: Kind = Kind(0x0fff);

    pub fn contains(self, other: Kind) -> bool {
        self.0 & other.0 == other.0 && other.0 != 0
    }
    pub fn union(self, other: Kind) -> Kind {
        Kind(self.0 | other.0)
    }
    pub fn without(self, other: Kind) -> Kind {
        Kind(self.0 & !other.0)
    }
}

impl std::ops::BitOr for Kind {
    type Output = Kind;
    fn bitor(self, rhs: Kind) -> Kind {
        self.union(rhs)
    }
}

/// Where a tainted value came from, for messages ("`name` (parameter)", "`request.args`").
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Origin {
    /// Shared, so that copying a taint (done at every variable read) allocates nothing.
    pub what: std::sync::Arc<str>,
    pub line: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Taint {
    /// Sink kinds this value is still dangerous for; empty means clean.
    pub kinds: Kind,
    /// Comes from an attacker-facing source (request, input, argv, environment, network read).
    pub user: bool,
    /// Went through string building (format, concatenation, interpolation) with a tainted part.
    pub built: bool,
    /// Only weakly suspect: object state (`self.name`) or a name the code never defines. Such values are
    /// often user data in real code, but too often not to flag everywhere; only rules where building a
    /// statement from *any* non-constant is the bug (SQL) accept weak taint, via [`Taint::reaches_weak`].
    pub weak: bool,
    pub origin: Option<Origin>,
}

impl Taint {
    pub fn clean() -> Taint {
        Taint::default()
    }

    pub fn source(what: impl Into<String>, line: usize, user: bool) -> Taint {
        Taint {
            kinds: Kind::ALL,
            user,
            built: false,
            weak: false,
            origin: Some(Origin {
                what: what.into().into(),
                line,
            }),
        }
    }

    /// A value of unknown origin: object state or an undefined name (see [`Taint::weak`]).
    pub fn weak_source(what: impl Into<String>, line: usize) -> Taint {
        Taint {
            weak: true,
            ..Taint::source(what, line, false)
        }
    }

    pub fn is_tainted(&self) -> bool {
        self.kinds.0 != 0
    }

    /// Dangerous for every kind in `k`, from a real source (not only weakly suspect).
    pub fn reaches(&self, k: Kind) -> bool {
        self.kinds.contains(k) && !self.weak
    }

    /// Like [`Taint::reaches`], also counting weakly suspect values.
    pub fn reaches_weak(&self, k: Kind) -> bool {
        self.kinds.contains(k)
    }

    /// The join of two values flowing together (concatenation, a call's arguments, branches).
    pub fn join(&self, other: &Taint) -> Taint {
        Taint {
            kinds: self.kinds | other.kinds,
            user: (self.user && self.is_tainted()) || (other.user && other.is_tainted()),
            built: (self.built && self.is_tainted()) || (other.built && other.is_tainted()),
            // Weak only if every tainted side is weak; a strong source wins the origin too.
            weak: (self.is_tainted() || other.is_tainted())
                && (!self.is_tainted() || self.weak)
                && (!other.is_tainted() || other.weak),
            origin: match (self.is_tainted() && !self.weak, other.is_tainted() && !other.weak) {
                (true, _) => self.origin.clone(),
                (false, true) => other.origin.clone(),
                _ if self.is_tainted() => self.origin.clone(),
                _ => other.origin.clone(),
            },
        }
    }

    pub fn sanitized(mut self, k: Kind) -> Taint {
        self.kinds = self.kinds.without(k);
        self
    }

    /// Marks the value as the product of string building, if it is tainted at all.
    pub fn built(mut self) -> Taint {
        if self.is_tainted() {
            self.built = true;
        }
        self
    }

    /// A short description of the source for messages, e.g. "parameter `name`".
    pub fn describe(&self) -> String {
        match &self.origin {
            Some(o) => o.what.to_string(),
            None => "untrusted input".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_keeps_provenance_only_from_tainted_sides() {
        let clean = Taint {
            user: true,
            built: true,
            ..Taint::clean()
        };
        let param = Taint::source("parameter `x`", 1, false);
        let j = clean.join(&param);
        assert!(j.is_tainted());
        assert!(!j.user, "a clean side must not make the join look user-controlled");
        assert!(!j.built);
        assert_eq!(j.describe(), "parameter `x`");
    }

    #[test]
    fn weak_taint_needs_the_weak_query_and_loses_to_strong() {
        let field = Taint::weak_source("attribute `self.name`", 1);
        assert!(!field.reaches(Kind::SQL));
        assert!(field.reaches_weak(Kind::SQL));
        let j = field.join(&Taint::source("parameter `x`", 2, false));
        assert!(j.reaches(Kind::SQL), "a strong side makes the join strong");
        assert_eq!(j.describe(), "parameter `x`");
    }

    #[test]
    fn sanitizer_clears_only_its_kind() {
        let t = Taint::source("input()", 3, true).sanitized(Kind::SHELL);
        assert!(!t.reaches(Kind::SHELL));
        assert!(t.reaches(Kind::SQL));
        assert!(t.is_tainted());
    }
}
