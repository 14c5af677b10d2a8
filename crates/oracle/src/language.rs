//! The languages the oracle parses, how to recognise them, and their tree-sitter grammars.

use serde::{Deserialize, Serialize};
use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Python,
    C,
    Cpp,
    JavaScript,
    Go,
    Ruby,
    Java,
}

impl Language {
    pub const ALL: [Language; 7] = [
        Language::Python,
        Language::C,
        Language::Cpp,
        Language::JavaScript,
        Language::Go,
        Language::Ruby,
        Language::Java,
    ];

    /// Parses a language name as users type it (`python`, `py`, `c++`, `js`, `golang`, `rb`, ...).
    pub fn from_name(name: &str) -> Option<Language> {
        Some(match name.to_ascii_lowercase().as_str() {
            "python" | "py" | "python3" => Language::Python,
            "c" => Language::C,
            "cpp" | "c++" | "cc" | "cxx" => Language::Cpp,
            "javascript" | "js" | "jsx" | "node" | "mjs" | "cjs" => Language::JavaScript,
            "go" | "golang" => Language::Go,
            "ruby" | "rb" => Language::Ruby,
            "java" => Language::Java,
            _ => return None,
        })
    }

    /// Guesses the language from a file extension. `.h` is read as C (C++ headers parse as C well enough
    /// for the rules we run on them, and C is the common case in the datasets).
    pub fn from_path(path: &Path) -> Option<Language> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "py" | "pyw" => Language::Python,
            "c" | "h" => Language::C,
            "cc" | "cpp" | "cxx" | "c++" | "hpp" | "hh" | "hxx" => Language::Cpp,
            "js" | "jsx" | "mjs" | "cjs" => Language::JavaScript,
            "go" => Language::Go,
            "rb" | "rake" | "gemspec" | "ru" => Language::Ruby,
            "java" => Language::Java,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Language::Python => "python",
            Language::C => "c",
            Language::Cpp => "cpp",
            Language::JavaScript => "javascript",
            Language::Go => "go",
            Language::Ruby => "ruby",
            Language::Java => "java",
        }
    }

    pub(crate) fn grammar(self) -> tree_sitter::Language {
        match self {
            Language::Python => tree_sitter_python::LANGUAGE.into(),
            Language::C => tree_sitter_c::LANGUAGE.into(),
            Language::Cpp => tree_sitter_cpp::LANGUAGE.into(),
            Language::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
            Language::Go => tree_sitter_go::LANGUAGE.into(),
            Language::Ruby => tree_sitter_ruby::LANGUAGE.into(),
            Language::Java => tree_sitter_java::LANGUAGE.into(),
        }
    }
}

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
