//! `tsp scan`: report CWE findings in source files, like a linter.

use anyhow::{bail, Context};
use clap::{Args, ValueEnum};
use std::collections::HashSet;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use tsp_oracle::{collect_files, registry, report, FileReport, Language, Scanner};

/// Report CWE findings in Python, C, C++, JavaScript, Go, Ruby and Java sources.
///
/// Each file is parsed with tree-sitter and checked by an intra-procedural taint analysis (parameters,
/// request objects, argv and the environment flowing into SQL, shell, file, HTML, URL and other sinks)
/// plus pattern rules (weak crypto, unsafe deserialization, catastrophic regexes, ...). Code cut out of a
/// file (an indented method, a function without its imports) is fine.
///
/// Exit status: 0 when nothing is found, 1 when something is, 2 on a usage or input error.
#[derive(Args)]
#[command(
    after_help = "Examples:\n  tsp scan src/\n  tsp scan --format sarif app.py > results.sarif\n  cat snippet.c | tsp scan --lang c -\n  tsp scan --cwe 78,89 --format jsonl ."
)]
pub struct ScanArgs {
    /// Files or folders to scan (folders: every .py, .c, .h, .cc, .cpp, .js, .go file below them);
    /// `-` reads standard input and needs --lang.
    #[arg(required_unless_present = "list_rules")]
    pub paths: Vec<PathBuf>,

    /// Language of every input, instead of guessing from the file extension.
    #[arg(long, value_parser = parse_language)]
    pub lang: Option<Language>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Report only these CWEs, e.g. `--cwe 78,89` or `--cwe CWE-22`.
    #[arg(long, value_delimiter = ',', value_parser = parse_cwe)]
    pub cwe: Vec<u16>,

    /// List the rules (id, CWE, severity, summary) and exit.
    #[arg(long)]
    pub list_rules: bool,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    /// `path:line:col: CWE-N [rule] message`, and the source line.
    Text,
    /// One JSON object per finding.
    Jsonl,
    /// SARIF 2.1.0, for GitHub code scanning and editors.
    Sarif,
}

fn parse_language(s: &str) -> Result<Language, String> {
    Language::from_name(s)
        .ok_or_else(|| format!("unknown language `{s}` (expected python, c, cpp, javascript, go, ruby or java)"))
}

fn parse_cwe(s: &str) -> Result<u16, String> {
    let t = s.trim();
    let n = t.strip_prefix("CWE-").or_else(|| t.strip_prefix("cwe-")).unwrap_or(t);
    n.parse::<u16>()
        .map_err(|_| format!("`{s}` is not a CWE number (e.g. 89 or CWE-89)"))
}

pub fn run(args: ScanArgs) -> anyhow::Result<ExitCode> {
    if args.list_rules {
        let mut out = std::io::stdout().lock();
        for m in registry::all_meta() {
            writeln!(
                out,
                "{:<32} CWE-{:<5} {:<7} {:<11} {}",
                m.id,
                m.cwe,
                m.severity.as_str(),
                m.language.name(),
                m.summary
            )?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let cwes: Option<HashSet<u16>> = (!args.cwe.is_empty()).then(|| args.cwe.iter().copied().collect());
    let scanner = Scanner::new(cwes.as_ref());

    let mut reports: Vec<FileReport> = Vec::new();
    let mut sources: Vec<Option<String>> = Vec::new();
    let mut errors = 0usize;

    let (stdin_inputs, file_inputs): (Vec<PathBuf>, Vec<PathBuf>) =
        args.paths.iter().cloned().partition(|p| p.as_os_str() == "-");
    if !stdin_inputs.is_empty() {
        let Some(lang) = args.lang else {
            bail!("reading standard input needs --lang (python, c, cpp, javascript, go, ruby or java)")
        };
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("reading standard input")?;
        let findings = scanner.scan_bytes(lang, &bytes);
        reports.push(FileReport {
            path: PathBuf::from("<stdin>"),
            language: lang,
            findings,
        });
        sources.push(Some(String::from_utf8_lossy(&bytes).into_owned()));
    }

    let files = collect_files(&file_inputs).map_err(anyhow::Error::new)?;
    for result in scanner.scan_files(&files, args.lang) {
        match result {
            Ok(r) => {
                let src = matches!(args.format, Format::Text)
                    .then(|| std::fs::read(&r.path).ok())
                    .flatten();
                sources.push(src.map(|b| String::from_utf8_lossy(&b).into_owned()));
                reports.push(r);
            }
            Err(e) => {
                eprintln!("tsp: {e}");
                errors += 1;
            }
        }
    }

    let found: usize = reports.iter().map(|r| r.findings.len()).sum();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        Format::Text => {
            for (r, src) in reports.iter().zip(&sources) {
                report::write_text(&mut out, &r.path.to_string_lossy(), src.as_deref(), &r.findings)?;
            }
            let files_with = reports.iter().filter(|r| !r.findings.is_empty()).count();
            if found > 0 {
                writeln!(
                    out,
                    "{found} finding{} in {files_with} of {} file{}",
                    plural(found),
                    reports.len(),
                    plural(reports.len())
                )?;
            } else if !reports.is_empty() {
                writeln!(out, "no findings in {} file{}", reports.len(), plural(reports.len()))?;
            }
        }
        Format::Jsonl => {
            for r in &reports {
                for f in &r.findings {
                    writeln!(out, "{}", report::jsonl_record(&r.path.to_string_lossy(), f))?;
                }
            }
        }
        Format::Sarif => {
            serde_json::to_writer_pretty(&mut out, &report::sarif(&reports))?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(if errors > 0 {
        ExitCode::from(2)
    } else if found > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
