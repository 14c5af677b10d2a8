#!/usr/bin/env python3
"""Oracle benchmark: accuracy on real vulnerable/fixed pairs and speed, ours beside bandit, ruff and semgrep.

Runs everything in one go on this machine and prints the tables (issue 2, "What it must show" 1 and 2):

1. Accuracy on SVEN (train+val, 9 CWEs) and SafeCoder sec-new-desc (train+val, all languages): per CWE and
   language, the share of vulnerable versions flagged with the pair's CWE (recall) and of fixed versions
   flagged with it (false alarms). bandit, ruff (`--select S`) and semgrep (only if installed and given
   rules with SEMGREP_RULES=path) run on the Python files of the same pairs, with their CWE mapped the
   same way; the ratio column is ours / theirs.
2. Speed: every pair's two versions written to files; wall time of `tsp scan` (release build), bandit and
   `ruff check --select S` on the same Python files (median of 3 runs, 2 cores), and ours on all files.
   Then where our time goes, on one thread: tree-sitter's parse alone against the whole scan (the
   `parse_split` example), per language, beside ruff's CPU time per file.

Usage: python3 bench/oracle.py [--data ../shared/data] [--runs 3] [--lang c,cpp] [--accuracy-only | --speed-only]
bandit and ruff are installed into target/bench-venv with pip if missing.
"""

import argparse
import ast
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXT = {"py": "py", "c": "c", "h": "c", "cc": "cpp", "cpp": "cpp", "js": "js", "jsx": "js", "go": "go", "rb": "rb", "java": "java"}
LANG = {"py": "python", "c": "c", "cpp": "cpp", "js": "javascript", "go": "go", "rb": "ruby", "java": "java"}

# CWE groups: a finding anywhere in the label's group counts (same weakness at another granularity).
GROUPS = [
    {119, 120, 121, 122, 125, 787, 805, 131},
    {94, 95},
    {327, 328, 916, 326},
    {400, 1333, 730},
    {22, 23, 36, 73},
    {79, 80, 116},
    {190, 191, 681},
    {915, 1321},
]


def matches(label, found):
    return label == found or any(label in g and found in g for g in GROUPS)


# ruff's flake8-bandit codes (S...) to CWE, from the rules' documentation.
RUFF_CWE = {
    "S102": 94, "S103": 732, "S104": 200, "S105": 798, "S106": 798, "S107": 798, "S108": 377, "S113": 400,
    "S301": 502, "S302": 502, "S303": 327, "S304": 327, "S305": 327, "S306": 377, "S307": 94, "S308": 79,
    "S310": 22, "S311": 338, "S313": 611, "S314": 611, "S315": 611, "S316": 611, "S317": 611, "S318": 611,
    "S319": 611, "S320": 611, "S323": 295, "S324": 327, "S501": 295, "S502": 327, "S503": 327, "S504": 327,
    "S505": 326, "S506": 502, "S507": 295, "S601": 78, "S602": 78, "S603": 78, "S604": 78, "S605": 78,
    "S606": 78, "S607": 78, "S608": 89, "S609": 78, "S610": 89, "S611": 89, "S612": 94, "S701": 79,
    "S702": 79, "S704": 79,
}


def load_pairs(data):
    files = sorted((data / "sven").glob("*/*.jsonl")) + sorted((data / "safecoder").glob("*/sec-new-desc.jsonl"))
    pairs = []
    for f in files:
        for i, line in enumerate(f.read_text().splitlines()):
            if not line.strip():
                continue
            r = json.loads(line)
            ext = EXT.get(r["file_name"].rsplit(".", 1)[-1].lower())
            if not ext:
                continue
            cwe = int(r["vul_type"].lower().replace("cwe-", ""))
            pairs.append({"id": f"{f.parent.parent.name}-{f.parent.name}-{i + 1}", "ext": ext, "cwe": cwe,
                          "before": r["func_src_before"], "after": r["func_src_after"]})
    return pairs


def write_corpus(pairs, root):
    """vuln/<n>.<ext> and fixed/<n>.<ext>; returns {path: (pair index, side)}."""
    where = {}
    for side, key in (("vuln", "before"), ("fixed", "after")):
        d = root / side
        d.mkdir(parents=True)
        for n, p in enumerate(pairs):
            path = d / f"{n:05d}.{p['ext']}"
            path.write_text(p[key])
            where[str(path)] = (n, side)
    return where


def ensure_tools():
    venv = ROOT / "target" / "bench-venv"
    py = venv / "bin" / "python"
    if not py.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    need = [t for t in ("bandit", "ruff") if not (venv / "bin" / t).exists()]
    if need:
        subprocess.run([str(py), "-m", "pip", "install", "-q", "bandit==1.9.4", "ruff==0.17.6"], check=True)
    return venv / "bin"


def build_scanner():
    """The oracle's scan path as a release binary: `TSP_BIN` (a built `tsp`, run as `tsp scan`) if set,
    else the `scan_jsonl` example, which runs the same library calls without linking the model runtime."""
    if os.environ.get("TSP_BIN"):
        return [os.environ["TSP_BIN"], "scan", "--format", "jsonl"]
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "tsp-oracle", "--example", "scan_jsonl", "--example", "parse_split"],
                   cwd=ROOT, check=True)
    return [str(examples_dir() / "scan_jsonl")]


def examples_dir():
    return Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "release" / "examples"


def parse_split(dirs, rounds):
    """(parse ms/file, scan ms/file) on one thread, best of `rounds`, from the `parse_split` example."""
    exe = examples_dir() / "parse_split"
    if not exe.exists():
        subprocess.run(["cargo", "build", "--release", "-q", "-p", "tsp-oracle", "--example", "parse_split"], cwd=ROOT, check=True)
    out = subprocess.run([str(exe), "--rounds", str(rounds), *map(str, dirs)], capture_output=True, text=True, check=True).stdout
    words = out.split()
    return float(words[words.index("parse") + 1]), float(words[words.index("scan") + 1])


def timed(cmd, runs, **kw):
    """Median wall seconds and median CPU seconds (user + system, the command and its children) of `runs`
    runs, and the last run's output. CPU time is the fairer number on a machine shared with other work."""
    times, cpus = [], []
    out = None
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        out = subprocess.run(cmd, capture_output=True, text=True, **kw)
        times.append(time.perf_counter() - t)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(times), out, statistics.median(cpus)


def flagged_ours(tsp, dirs):
    res = subprocess.run([*tsp, *map(str, dirs)], capture_output=True, text=True)
    if res.returncode not in (0, 1):
        sys.exit(f"tsp scan failed: {res.stderr}")
    hits = defaultdict(set)
    for line in res.stdout.splitlines():
        f = json.loads(line)
        hits[f["path"]].add(int(f["cwe"].split("-")[1]))
    return hits


def flagged_bandit(bindir, dirs):
    res = subprocess.run([str(bindir / "bandit"), "-r", "-q", "-f", "json", *map(str, dirs)], capture_output=True, text=True)
    hits = defaultdict(set)
    for r in json.loads(res.stdout or "{}").get("results", []):
        cwe = (r.get("issue_cwe") or {}).get("id")
        if cwe:
            hits[r["filename"]].add(int(cwe))
    return hits


def flagged_ruff(bindir, dirs):
    res = subprocess.run([str(bindir / "ruff"), "check", "--select", "S", "--no-cache", "--output-format", "json", "--exit-zero", *map(str, dirs)],
                         capture_output=True, text=True)
    hits = defaultdict(set)
    for r in json.loads(res.stdout or "[]"):
        cwe = RUFF_CWE.get(r.get("code") or "")
        if cwe:
            hits[r["filename"]].add(cwe)
    return hits


def flagged_semgrep(dirs):
    rules = os.environ.get("SEMGREP_RULES")
    exe = shutil.which("semgrep")
    if not (exe and rules):
        return None
    res = subprocess.run([exe, "--config", rules, "--metrics", "off", "--json", "--quiet", "--no-git-ignore", *map(str, dirs)], capture_output=True, text=True)
    hits = defaultdict(set)
    for r in json.loads(res.stdout or "{}").get("results", []):
        for c in (r.get("extra", {}).get("metadata", {}).get("cwe") or []):
            digits = "".join(ch for ch in str(c).split(":")[0] if ch.isdigit())
            if digits:
                hits[r["path"]].add(int(digits))
    return hits


def table(pairs, where, tools):
    """rows[(cwe, lang)][tool] = [pairs, vuln flagged, fixed flagged]"""
    rows = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    by_pair = defaultdict(dict)
    for path, (n, side) in where.items():
        by_pair[n][side] = path
    for n, p in enumerate(pairs):
        key = (p["cwe"], LANG[p["ext"]])
        for name, hits in tools.items():
            if hits is None or (name != "tsp" and p["ext"] != "py"):
                continue
            r = rows[key][name]
            r[0] += 1
            r[1] += any(matches(p["cwe"], c) for c in hits.get(by_pair[n]["vuln"], ()))
            r[2] += any(matches(p["cwe"], c) for c in hits.get(by_pair[n]["fixed"], ()))
    return rows


def pct(a, b):
    return f"{100 * a / b:5.1f}%" if b else "    -"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--lang", help="only pairs in these languages (comma-separated: python,c,cpp,javascript,go)")
    ap.add_argument("--accuracy-only", action="store_true", help="skip the speed tables")
    ap.add_argument("--speed-only", action="store_true", help="skip the accuracy table and the other tools' accuracy runs")
    args = ap.parse_args()
    data = Path(args.data)
    if not data.exists():
        sys.exit(f"bench/oracle.py: {data}: not found (pass --data)")

    pairs = load_pairs(data)
    if args.lang:
        keep = set(args.lang.split(","))
        pairs = [p for p in pairs if LANG[p["ext"]] in keep]
    tsp = build_scanner()
    bindir = ensure_tools()
    with tempfile.TemporaryDirectory(prefix="tsp-oracle-bench-") as tmp:
        tmp = Path(tmp)
        where = write_corpus(pairs, tmp)
        # Python-only copies for the per-file speed comparison with the Python tools.
        pydir = tmp / "py"
        pydir.mkdir()
        for path in where:
            if path.endswith(".py"):
                side = Path(path).parent.name
                shutil.copy(path, pydir / f"{side}-{Path(path).name}")
        dirs = [tmp / "vuln", tmp / "fixed"]
        if not args.speed_only:
            accuracy(pairs, where, tsp, bindir, dirs)
        if not args.accuracy_only:
            speed(args, tsp, bindir, tmp, pydir, dirs, where)


def accuracy(pairs, where, tsp, bindir, dirs):
    tools = {
        "tsp": flagged_ours(tsp, dirs),
        "bandit": flagged_bandit(bindir, dirs),
        "ruff": flagged_ruff(bindir, dirs),
        "semgrep": flagged_semgrep(dirs),
    }
    rows = table(pairs, where, tools)

    names = [n for n in ("tsp", "bandit", "ruff", "semgrep") if tools[n] is not None]
    print("## Accuracy: vulnerable flagged with the pair's CWE (recall) / fixed flagged (false alarms)\n")
    header = f"| {'CWE':<8} | {'lang':<10} | {'pairs':>5} | " + " | ".join(f"{n} recall | {n} false" for n in names) + " | recall ratio tsp/bandit |"
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    totals = defaultdict(lambda: [0, 0, 0])
    lang_totals = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    for (cwe, lang) in sorted(rows):
        r = rows[(cwe, lang)]
        n = r["tsp"][0]
        cells = []
        for name in names:
            if name in r:
                t = r[name]
                cells.append(f"{pct(t[1], t[0])} | {pct(t[2], t[0])}")
                for k in range(3):
                    totals[name][k] += t[k]
                    lang_totals[lang][name][k] += t[k]
            else:
                cells.append("    - |     -")
        ratio = "-"
        if "bandit" in r and r["bandit"][1]:
            ratio = f"{r['tsp'][1] / r['bandit'][1]:.2f}x"
        elif "bandit" in r and r["tsp"][1]:
            ratio = "inf"
        print(f"| CWE-{cwe:<4} | {lang:<10} | {n:>5} | " + " | ".join(cells) + f" | {ratio} |")
    # Every CWE of one language, then every pair (the other tools run on the Python files only).
    groups = [(lang, lang_totals[lang]) for lang in LANG.values() if lang in lang_totals] + [("all", totals)]
    for label, tot in groups:
        cells = [f"{pct(tot[n][1], tot[n][0])} | {pct(tot[n][2], tot[n][0])}" if tot[n][0] else "    - |     -" for n in names]
        print(f"| {'all':<8} | {label:<10} | {tot['tsp'][0]:>5} | " + " | ".join(cells) + " | |")
    if tools["semgrep"] is None:
        print("\nsemgrep: not run (install it and set SEMGREP_RULES to a local rules file to include it)")



def speed(args, tsp, bindir, tmp, pydir, dirs, where):
    print("\n## Speed (wall time, median of %d runs, %d cores)\n" % (args.runs, os.cpu_count()))
    n_py = len(list(pydir.iterdir()))
    n_all = len(where)
    t_ours_all, _, c_ours_all = timed([*tsp, *map(str, dirs)], args.runs)
    c_ruff = None
    print("| tool | files | seconds | files/s | CPU ms/file | tsp speed-up (wall) |")
    print("|---|---|---|---|---|---|")
    if n_py:
        t_ours_py, _, c_ours_py = timed([*tsp, str(pydir)], args.runs)
        ruff = [str(bindir / "ruff"), "check", "--select", "S", "--no-cache", "--exit-zero", "--output-format", "json", str(pydir)]
        t_ruff, _, c_ruff = timed(ruff, args.runs)
        t_bandit, _, c_bandit = timed([str(bindir / "bandit"), "-r", "-q", "-f", "json", str(pydir)], max(1, args.runs // 3))
        print(f"| tsp scan (python) | {n_py} | {t_ours_py:.3f} | {n_py / t_ours_py:,.0f} | {1000 * c_ours_py / n_py:.3f} | 1.00x |")
        print(f"| ruff check --select S | {n_py} | {t_ruff:.3f} | {n_py / t_ruff:,.0f} | {1000 * c_ruff / n_py:.3f} | {t_ruff / t_ours_py:.2f}x |")
        print(f"| bandit | {n_py} | {t_bandit:.3f} | {n_py / t_bandit:,.0f} | {1000 * c_bandit / n_py:.3f} | {t_bandit / t_ours_py:.2f}x |")
    print(f"| tsp scan (all languages) | {n_all} | {t_ours_all:.3f} | {n_all / t_ours_all:,.0f} | {1000 * c_ours_all / n_all:.3f} | |")

    # Where our time goes (one thread, best of the runs): the parse alone is a floor no rule work lowers.
    print("\n## tsp time per file on one thread: tree-sitter parse vs analysis and rules (best of %d)\n" % args.runs)
    print("| language | files | parse ms/file | analysis + rules ms/file | scan ms/file | parse share | ruff CPU ms/file |")
    print("|---|---|---|---|---|---|---|")
    by_ext = defaultdict(list)
    for path in where:
        by_ext[LANG[path.rsplit(".", 1)[-1]]].append(path)
    for lang in ("python", "c", "cpp", "javascript", "go", "ruby", "java"):
        if not by_ext[lang]:
            continue
        d = tmp / f"split-{lang}"
        d.mkdir()
        for path in by_ext[lang]:
            shutil.copy(path, d / f"{Path(path).parent.name}-{Path(path).name}")
        parse, scan = parse_split([d], args.runs)
        ruff_cell = f"{1000 * c_ruff / n_py:.3f}" if lang == "python" and c_ruff is not None else "-"
        print(f"| {lang} | {len(by_ext[lang])} | {parse:.3f} | {scan - parse:.3f} | {scan:.3f} | {100 * parse / scan:.0f}% | {ruff_cell} |")


if __name__ == "__main__":
    main()
