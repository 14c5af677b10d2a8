//! Importers against the real datasets in `../shared/data` (beside the repository). Skipped, with a
//! note, where that folder is absent.

use std::path::PathBuf;
use tsp_tasks::import::{safecoder, seccodeplt, tsp_paper};
use tsp_tasks::{Language, Source};

fn data() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("note: {} is absent; skipping the dataset import test", p.display());
        None
    }
}

#[test]
fn safecoder_train_pairs() {
    let Some(d) = data() else { return };
    let tasks = safecoder::import_pairs(&d.join("safecoder/train/sec-new-desc.jsonl"), Source::Safecoder).unwrap();
    assert_eq!(tasks.len(), 421);
    let py = tasks.iter().filter(|t| t.language == Language::Python).count();
    let js = tasks.iter().filter(|t| t.language == Language::Javascript).count();
    assert_eq!((py, js), (132, 94 + 7)); // .jsx counts as JavaScript
    for t in &tasks {
        t.validate().unwrap();
        assert!(t.vulnerable.is_some() && !t.description.is_empty());
    }
    let ids: std::collections::HashSet<_> = tasks.iter().map(|t| &t.id).collect();
    assert_eq!(ids.len(), tasks.len());
    // Nodes come from the lines the fix added; most fixes add at least one.
    let with_nodes = tasks.iter().filter(|t| !t.nodes.is_empty()).count();
    assert!(with_nodes > 300, "{with_nodes}");
}

#[test]
fn sven_train_and_val() {
    let Some(d) = data() else { return };
    let mut n = 0;
    for split in ["train", "val"] {
        for entry in std::fs::read_dir(d.join("sven").join(split)).unwrap() {
            let tasks = safecoder::import_pairs(&entry.unwrap().path(), Source::Sven).unwrap();
            n += tasks.len();
            assert!(tasks
                .iter()
                .all(|t| t.validate().is_ok() && t.source == Some(Source::Sven)));
        }
    }
    assert_eq!(n, 720 + 83);
}

#[test]
fn tsp_paper_annotations() {
    let Some(d) = data() else { return };
    let imp = tsp_paper::import_tsp_paper(&d.join("tsp-paper/sec-new-desc_annotated.json")).unwrap();
    assert_eq!(imp.tasks.len(), 421);
    assert_eq!(imp.total_nodes, 1455);
    let placed: usize = imp.tasks.iter().map(|t| t.nodes.len()).sum();
    assert_eq!(placed + imp.unmatched.len(), imp.total_nodes);
    eprintln!(
        "tsp-paper: {placed} of {} nodes placed, {} not found",
        imp.total_nodes,
        imp.unmatched.len()
    );
    assert!(placed > imp.total_nodes * 3 / 4, "{placed}");
    for t in &imp.tasks {
        t.validate().unwrap();
        let lines: Vec<&str> = t.golden.lines().collect();
        for n in &t.nodes {
            assert!(!lines[n.line - 1].trim().is_empty(), "{}: node on a blank line", t.id);
        }
    }
}

#[test]
fn seccodeplt_tasks() {
    let Some(d) = data() else { return };
    let tasks = seccodeplt::import_seccodeplt(&d.join("seccodeplt/data.json")).unwrap();
    assert_eq!(tasks.len(), 1411);
    let executable = tasks.iter().filter(|t| t.task.has_tests()).count();
    assert_eq!(executable, 885);
    let t = &tasks.iter().find(|t| t.task.has_tests()).unwrap().task;
    assert!(t.functional_tests.as_ref().unwrap().contains("\"capability\""));
    assert!(t.security_tests.as_ref().unwrap().contains("\"safety\""));
    assert!(t.program(&t.golden).contains(&t.golden));
}
