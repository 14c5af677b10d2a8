//! Training data: JSONL loading (errors name `file:line`), tokenization with truncation, and
//! batching into right-padded `[b, t]` token tensors with a loss mask over the targets.
//!
//! Formats, one JSON object per line (other fields are kept and ignored):
//! - SFT: `{"prompt": ..., "completion": ...}`; the loss covers the completion tokens only.
//! - DPO: `{"prompt": ..., "chosen": ..., "rejected": ..., "ref_chosen_logp"?: f, "ref_rejected_logp"?: f}`;
//!   `prompt` includes the shared prefix (description plus the golden code up to the node), and the
//!   log-prob sums cover the tokens after it.
//! - SafeCoder: `{"prompt": ..., "secure": ..., "vulnerable": ...}`; the changed tokens (those outside
//!   a longest common subsequence of the two token sequences) get likelihood resp. unlikelihood.

use crate::{Error, Result};
use candle_core::{Device, Tensor};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Text to token ids. Implemented for closures so tests and callers can plug in any tokenizer.
pub trait Tokenize {
    fn encode(&self, text: &str) -> std::result::Result<Vec<u32>, String>;
}

impl<F: Fn(&str) -> std::result::Result<Vec<u32>, String>> Tokenize for F {
    fn encode(&self, text: &str) -> std::result::Result<Vec<u32>, String> {
        self(text)
    }
}

/// One SFT record.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SftRecord {
    pub prompt: String,
    pub completion: String,
}

/// One DPO pair; `extra` keeps whatever else the pairing stage wrote (task id, node, labels).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DpoRecord {
    pub prompt: String,
    pub chosen: String,
    pub rejected: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ref_chosen_logp: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ref_rejected_logp: Option<f64>,
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// One SafeCoder record: a vulnerable program and its fix for the same prompt.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SafeCoderRecord {
    pub prompt: String,
    pub secure: String,
    pub vulnerable: String,
}

/// A parsed record and the 1-based line it came from.
#[derive(Clone, Debug)]
pub struct Located<T> {
    pub line: usize,
    pub record: T,
}

/// Reads a JSONL file; blank lines are skipped, any other bad line is an error naming `file:line`.
pub fn read_jsonl<T: DeserializeOwned>(path: &Path) -> Result<Vec<Located<T>>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let record = serde_json::from_str(line).map_err(|e| Error::Data {
            path: path.to_path_buf(),
            line: i + 1,
            msg: strip_serde_position(&e.to_string()),
        })?;
        out.push(Located { line: i + 1, record });
    }
    if out.is_empty() {
        return Err(Error::Data {
            path: path.to_path_buf(),
            line: 1,
            msg: "no records".into(),
        });
    }
    Ok(out)
}

/// serde_json appends "at line 1 column N" (the line within the one JSON text); the file line
/// is what matters to a reader, so keep only the column.
fn strip_serde_position(msg: &str) -> String {
    match msg.rfind(" at line 1 column ") {
        Some(i) => format!("{} (column {})", &msg[..i], &msg[i + " at line 1 column ".len()..]),
        None => msg.to_string(),
    }
}

/// How text becomes training sequences.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct TokenizeOptions {
    /// Token put before the prompt (e.g. `<s>` for CodeLlama); None for ChatML prompts that carry it.
    pub bos: Option<u32>,
    /// Token appended after every completion so the model learns to stop.
    pub eos: Option<u32>,
    /// Longest sequence kept; longer ones are cut (prompt from the left, completion from the right).
    pub max_len: usize,
}

/// A tokenized SFT example: loss on the targets at positions `>= prompt_len`.
#[derive(Clone, Debug, PartialEq)]
pub struct SftExample {
    pub ids: Vec<u32>,
    pub prompt_len: usize,
    pub line: usize,
}

/// A tokenized DPO pair sharing `prompt`.
#[derive(Clone, Debug, PartialEq)]
pub struct DpoExample {
    pub prompt: Vec<u32>,
    pub chosen: Vec<u32>,
    pub rejected: Vec<u32>,
    pub ref_chosen: Option<f32>,
    pub ref_rejected: Option<f32>,
    pub line: usize,
}

/// A tokenized SafeCoder example; `changed_*[i]` marks completion token `i` as changed by the fix.
#[derive(Clone, Debug, PartialEq)]
pub struct SafeCoderExample {
    pub prompt: Vec<u32>,
    pub secure: Vec<u32>,
    pub vulnerable: Vec<u32>,
    pub changed_secure: Vec<bool>,
    pub changed_vulnerable: Vec<bool>,
    pub line: usize,
}

struct Encoder<'a> {
    tok: &'a dyn Tokenize,
    opts: &'a TokenizeOptions,
    path: &'a Path,
}

impl Encoder<'_> {
    fn prompt(&self, line: usize, text: &str) -> Result<Vec<u32>> {
        let mut ids: Vec<u32> = self.opts.bos.into_iter().collect();
        ids.extend(self.encode(line, text)?);
        Ok(ids)
    }

    fn completion(&self, line: usize, text: &str) -> Result<Vec<u32>> {
        let mut ids = self.encode(line, text)?;
        ids.extend(self.opts.eos);
        if ids.is_empty() {
            return Err(self.err(line, "empty completion"));
        }
        Ok(ids)
    }

    fn encode(&self, line: usize, text: &str) -> Result<Vec<u32>> {
        self.tok
            .encode(text)
            .map_err(|e| self.err(line, &format!("tokenizer: {e}")))
    }

    fn err(&self, line: usize, msg: &str) -> Error {
        Error::Data {
            path: self.path.to_path_buf(),
            line,
            msg: msg.to_string(),
        }
    }
}

/// Token budget split: how many prompt tokens (kept from the end) and completion tokens (kept from
/// the start) fit in `max_len`. The prompt keeps at least half the budget when it is that long.
fn budget(prompt_len: usize, completion_len: usize, max_len: usize) -> (usize, usize) {
    if prompt_len + completion_len <= max_len {
        return (prompt_len, completion_len);
    }
    let keep_c = completion_len.min(max_len - prompt_len.min(max_len / 2));
    (prompt_len.min(max_len - keep_c), keep_c)
}

fn cut(prompt: &mut Vec<u32>, keep_p: usize) {
    let drop = prompt.len() - keep_p;
    prompt.drain(..drop);
}

pub fn tokenize_sft(
    path: &Path,
    records: &[Located<SftRecord>],
    tok: &dyn Tokenize,
    opts: &TokenizeOptions,
) -> Result<Vec<SftExample>> {
    let enc = Encoder { tok, opts, path };
    records
        .iter()
        .map(|r| {
            let mut p = enc.prompt(r.line, &r.record.prompt)?;
            let mut c = enc.completion(r.line, &r.record.completion)?;
            let (kp, kc) = budget(p.len(), c.len(), opts.max_len);
            cut(&mut p, kp);
            c.truncate(kc);
            if p.is_empty() {
                return Err(enc.err(r.line, "prompt is empty after tokenization"));
            }
            let prompt_len = p.len();
            p.extend(c);
            Ok(SftExample {
                ids: p,
                prompt_len,
                line: r.line,
            })
        })
        .collect()
}

pub fn tokenize_dpo(
    path: &Path,
    records: &[Located<DpoRecord>],
    tok: &dyn Tokenize,
    opts: &TokenizeOptions,
) -> Result<Vec<DpoExample>> {
    let enc = Encoder { tok, opts, path };
    records
        .iter()
        .map(|r| {
            let rec = &r.record;
            let mut p = enc.prompt(r.line, &rec.prompt)?;
            let mut c = enc.completion(r.line, &rec.chosen)?;
            let mut j = enc.completion(r.line, &rec.rejected)?;
            let (kp, kc) = budget(p.len(), c.len().max(j.len()), opts.max_len);
            cut(&mut p, kp);
            c.truncate(kc);
            j.truncate(kc);
            if p.is_empty() {
                return Err(enc.err(r.line, "prompt is empty after tokenization"));
            }
            if c == j {
                return Err(enc.err(r.line, "chosen and rejected are the same tokens"));
            }
            if rec.ref_chosen_logp.is_some() != rec.ref_rejected_logp.is_some() {
                return Err(enc.err(r.line, "give both ref_chosen_logp and ref_rejected_logp, or neither"));
            }
            Ok(DpoExample {
                prompt: p,
                chosen: c,
                rejected: j,
                ref_chosen: rec.ref_chosen_logp.map(|x| x as f32),
                ref_rejected: rec.ref_rejected_logp.map(|x| x as f32),
                line: r.line,
            })
        })
        .collect()
}

pub fn tokenize_safecoder(
    path: &Path,
    records: &[Located<SafeCoderRecord>],
    tok: &dyn Tokenize,
    opts: &TokenizeOptions,
) -> Result<Vec<SafeCoderExample>> {
    let enc = Encoder { tok, opts, path };
    records
        .iter()
        .map(|r| {
            let rec = &r.record;
            let mut p = enc.prompt(r.line, &rec.prompt)?;
            let mut s = enc.completion(r.line, &rec.secure)?;
            let mut v = enc.completion(r.line, &rec.vulnerable)?;
            let (changed_s, changed_v) = changed_tokens(&s, &v);
            if !changed_s.iter().any(|&x| x) && !changed_v.iter().any(|&x| x) {
                return Err(enc.err(r.line, "secure and vulnerable versions tokenize identically"));
            }
            let (kp, kc) = budget(p.len(), s.len().max(v.len()), opts.max_len);
            cut(&mut p, kp);
            s.truncate(kc);
            v.truncate(kc);
            let mut changed_secure = changed_s;
            changed_secure.truncate(kc);
            let mut changed_vulnerable = changed_v;
            changed_vulnerable.truncate(kc);
            Ok(SafeCoderExample {
                prompt: p,
                secure: s,
                vulnerable: v,
                changed_secure,
                changed_vulnerable,
                line: r.line,
            })
        })
        .collect()
}

/// Marks the tokens of `a` and `b` that are not in a longest common subsequence of the two.
pub fn changed_tokens(a: &[u32], b: &[u32]) -> (Vec<bool>, Vec<bool>) {
    let (n, m) = (a.len(), b.len());
    // lcs[i][j] = LCS length of a[i..] and b[j..], flattened.
    let mut lcs = vec![0u32; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[at(i, j)] = if a[i] == b[j] {
                lcs[at(i + 1, j + 1)] + 1
            } else {
                lcs[at(i + 1, j)].max(lcs[at(i, j + 1)])
            };
        }
    }
    let (mut ca, mut cb) = (vec![true; n], vec![true; m]);
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if a[i] == b[j] {
            ca[i] = false;
            cb[j] = false;
            i += 1;
            j += 1;
        } else if lcs[at(i + 1, j)] >= lcs[at(i, j + 1)] {
            i += 1;
        } else {
            j += 1;
        }
    }
    (ca, cb)
}

/// Right-padded token rows with a loss mask over next-token targets.
#[derive(Debug)]
pub struct TokenBatch {
    /// `[rows, t]` u32.
    pub input_ids: Tensor,
    /// `[rows, t - 1]` f32: 1 where target `j` (token `j + 1`) counts.
    pub loss_mask: Tensor,
    /// Real (non-pad) tokens in the batch.
    pub n_tokens: usize,
    /// Targets with mask 1.
    pub n_target_tokens: usize,
}

/// One sequence and which of its targets count (`mask.len() == ids.len() - 1`).
pub struct Row {
    pub ids: Vec<u32>,
    pub mask: Vec<bool>,
}

impl Row {
    /// Loss on every token from position `first` on.
    pub fn from_position(ids: Vec<u32>, first: usize) -> Row {
        let mask = (1..ids.len()).map(|pos| pos >= first).collect();
        Row { ids, mask }
    }

    /// `prefix ++ completion`, with the loss on the completion tokens whose `counts` entry is true.
    pub fn completion(prefix: &[u32], completion: &[u32], counts: Option<&[bool]>) -> Row {
        let mut ids = prefix.to_vec();
        ids.extend_from_slice(completion);
        let mut mask = vec![false; prefix.len().saturating_sub(1)];
        mask.extend((0..completion.len()).map(|i| counts.is_none_or(|c| c[i])));
        Row { ids, mask }
    }
}

/// Pads rows on the right with `pad_id` to the longest and builds the tensors.
pub fn make_batch(rows: &[Row], pad_id: u32, device: &Device) -> Result<TokenBatch> {
    let t = rows.iter().map(|r| r.ids.len()).max().unwrap_or(0).max(2);
    let mut ids = Vec::with_capacity(rows.len() * t);
    let mut mask = Vec::with_capacity(rows.len() * (t - 1));
    let (mut n_tokens, mut n_target) = (0, 0);
    for r in rows {
        debug_assert_eq!(r.mask.len() + 1, r.ids.len().max(1));
        ids.extend_from_slice(&r.ids);
        ids.extend(std::iter::repeat_n(pad_id, t - r.ids.len()));
        mask.extend(r.mask.iter().map(|&m| if m { 1.0f32 } else { 0.0 }));
        mask.extend(std::iter::repeat_n(0.0f32, t - 1 - r.mask.len()));
        n_tokens += r.ids.len();
        n_target += r.mask.iter().filter(|&&m| m).count();
    }
    Ok(TokenBatch {
        input_ids: Tensor::from_vec(ids, (rows.len(), t), device)?,
        loss_mask: Tensor::from_vec(mask, (rows.len(), t - 1), device)?,
        n_tokens,
        n_target_tokens: n_target,
    })
}

pub fn sft_rows(examples: &[&SftExample]) -> Vec<Row> {
    examples
        .iter()
        .map(|e| Row::from_position(e.ids.clone(), e.prompt_len))
        .collect()
}

/// Chosen rows first, then rejected rows, so one forward pass covers both sides.
pub fn dpo_rows(examples: &[&DpoExample]) -> Vec<Row> {
    let chosen = examples.iter().map(|e| Row::completion(&e.prompt, &e.chosen, None));
    let rejected = examples.iter().map(|e| Row::completion(&e.prompt, &e.rejected, None));
    chosen.chain(rejected).collect()
}

/// Secure rows first, then vulnerable rows, masked to the changed tokens.
pub fn safecoder_rows(examples: &[&SafeCoderExample]) -> Vec<Row> {
    let s = examples
        .iter()
        .map(|e| Row::completion(&e.prompt, &e.secure, Some(&e.changed_secure)));
    let v = examples
        .iter()
        .map(|e| Row::completion(&e.prompt, &e.vulnerable, Some(&e.changed_vulnerable)));
    s.chain(v).collect()
}

/// Writes DPO records back with reference log-probs filled in (atomically), so a round's reference
/// model runs once and the pairs carry its numbers from then on.
pub fn write_dpo_with_reference(
    path: &PathBuf,
    records: &[Located<DpoRecord>],
    ref_logps: &[(f32, f32)],
) -> Result<()> {
    let mut text = String::new();
    for (r, &(c, j)) in records.iter().zip(ref_logps) {
        let mut rec = r.record.clone();
        rec.ref_chosen_logp = Some(c as f64);
        rec.ref_rejected_logp = Some(j as f64);
        text.push_str(&serde_json::to_string(&rec).map_err(|e| Error::invalid(e.to_string()))?);
        text.push('\n');
    }
    crate::atomic::write_atomic(path, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A byte tokenizer: each byte is one token.
    fn bytes(s: &str) -> std::result::Result<Vec<u32>, String> {
        Ok(s.bytes().map(u32::from).collect())
    }

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn bad_lines_are_reported_with_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            dir.path(),
            "d.jsonl",
            "{\"prompt\":\"a\",\"completion\":\"b\"}\n\n{\"prompt\":\"a\"}\n",
        );
        let err = read_jsonl::<SftRecord>(&p).unwrap_err().to_string();
        assert!(
            err.ends_with("d.jsonl:3: missing field `completion` (column 14)"),
            "{err}"
        );
        let p = write(
            dir.path(),
            "e.jsonl",
            "{\"prompt\":\"x\",\"chosen\":\"a\",\"rejected\":\"a\"}\n",
        );
        let recs = read_jsonl::<DpoRecord>(&p).unwrap();
        let opts = TokenizeOptions {
            bos: None,
            eos: None,
            max_len: 64,
        };
        let err = tokenize_dpo(&p, &recs, &bytes, &opts).unwrap_err().to_string();
        assert!(
            err.ends_with("e.jsonl:1: chosen and rejected are the same tokens"),
            "{err}"
        );
        let p = write(dir.path(), "empty.jsonl", "\n");
        assert!(read_jsonl::<SftRecord>(&p)
            .unwrap_err()
            .to_string()
            .ends_with("empty.jsonl:1: no records"));
    }

    #[test]
    fn sft_masks_prompt_and_pads_right() -> Result<()> {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            dir.path(),
            "s.jsonl",
            "{\"prompt\":\"ab\",\"completion\":\"c\"}\n{\"prompt\":\"a\",\"completion\":\"xyz\",\"note\":1}\n",
        );
        let recs = read_jsonl::<SftRecord>(&p)?;
        let opts = TokenizeOptions {
            bos: Some(1),
            eos: Some(2),
            max_len: 64,
        };
        let ex = tokenize_sft(&p, &recs, &bytes, &opts)?;
        assert_eq!(ex[0].ids, vec![1, 97, 98, 99, 2]);
        assert_eq!(ex[0].prompt_len, 3);
        let refs: Vec<&SftExample> = ex.iter().collect();
        let b = make_batch(&sft_rows(&refs), 0, &Device::Cpu)?;
        assert_eq!(
            b.input_ids.to_vec2::<u32>()?,
            vec![vec![1, 97, 98, 99, 2, 0], vec![1, 97, 120, 121, 122, 2]]
        );
        // Row 0 targets: 97, 98 (prompt), 99, 2 (completion), pad.
        assert_eq!(
            b.loss_mask.to_vec2::<f32>()?,
            vec![vec![0.0, 0.0, 1.0, 1.0, 0.0], vec![0.0, 1.0, 1.0, 1.0, 1.0]]
        );
        assert_eq!((b.n_tokens, b.n_target_tokens), (11, 6));
        Ok(())
    }

    #[test]
    fn truncation_keeps_prompt_end_and_completion_start() {
        assert_eq!(budget(3, 4, 10), (3, 4));
        assert_eq!(budget(20, 4, 10), (6, 4));
        assert_eq!(budget(20, 30, 10), (5, 5));
        assert_eq!(budget(2, 30, 10), (2, 8));
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            dir.path(),
            "t.jsonl",
            "{\"prompt\":\"abcdefgh\",\"completion\":\"12345678\"}\n",
        );
        let recs = read_jsonl::<SftRecord>(&p).unwrap();
        let ex = tokenize_sft(
            &p,
            &recs,
            &bytes,
            &TokenizeOptions {
                bos: None,
                eos: None,
                max_len: 6,
            },
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(ex[0].ids.iter().map(|&x| x as u8).collect()).unwrap(),
            "fgh123"
        );
        assert_eq!(ex[0].prompt_len, 3);
    }

    #[test]
    fn dpo_rows_share_the_prefix_and_mask_only_the_suffix() -> Result<()> {
        let dir = tempfile::tempdir().unwrap();
        let p = write(dir.path(), "p.jsonl", "{\"prompt\":\"ab\",\"chosen\":\"cd\",\"rejected\":\"e\",\"ref_chosen_logp\":-1.5,\"ref_rejected_logp\":-2.0,\"node\":3}\n");
        let recs = read_jsonl::<DpoRecord>(&p)?;
        let ex = tokenize_dpo(
            &p,
            &recs,
            &bytes,
            &TokenizeOptions {
                bos: None,
                eos: None,
                max_len: 64,
            },
        )?;
        assert_eq!(ex[0].ref_chosen, Some(-1.5));
        let refs: Vec<&DpoExample> = ex.iter().collect();
        let b = make_batch(&dpo_rows(&refs), 0, &Device::Cpu)?;
        assert_eq!(
            b.input_ids.to_vec2::<u32>()?,
            vec![vec![97, 98, 99, 100], vec![97, 98, 101, 0]]
        );
        assert_eq!(
            b.loss_mask.to_vec2::<f32>()?,
            vec![vec![0.0, 1.0, 1.0], vec![0.0, 1.0, 0.0]]
        );
        // Writing reference log-probs back keeps the other fields.
        let out = dir.path().join("out.jsonl");
        write_dpo_with_reference(&out, &recs, &[(-3.0, -4.0)])?;
        let v: serde_json::Value = serde_json::from_str(std::fs::read_to_string(&out).unwrap().trim()).unwrap();
        assert_eq!(
            (
                v["ref_chosen_logp"].as_f64(),
                v["ref_rejected_logp"].as_f64(),
                v["node"].as_i64()
            ),
            (Some(-3.0), Some(-4.0), Some(3))
        );
        Ok(())
    }

    #[test]
    fn safecoder_marks_changed_tokens() -> Result<()> {
        let (a, b) = changed_tokens(&[1, 2, 3, 4], &[1, 9, 3, 4, 5]);
        assert_eq!(a, vec![false, true, false, false]);
        assert_eq!(b, vec![false, true, false, false, true]);
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            dir.path(),
            "sc.jsonl",
            "{\"prompt\":\"q\",\"secure\":\"run(x)\",\"vulnerable\":\"run(x,shell)\"}\n",
        );
        let recs = read_jsonl::<SafeCoderRecord>(&p)?;
        let ex = tokenize_safecoder(
            &p,
            &recs,
            &bytes,
            &TokenizeOptions {
                bos: None,
                eos: None,
                max_len: 64,
            },
        )?;
        assert!(
            ex[0].changed_secure.iter().all(|&c| !c),
            "nothing was removed by the fix"
        );
        assert_eq!(ex[0].changed_vulnerable.iter().filter(|&&c| c).count(), 6, ",shell");
        let refs: Vec<&SafeCoderExample> = ex.iter().collect();
        let b = make_batch(&safecoder_rows(&refs), 0, &Device::Cpu)?;
        assert_eq!(b.n_target_tokens, 6);
        Ok(())
    }
}
