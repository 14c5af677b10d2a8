"""The transformers side of bench/model: same model file, same measurements as
crates/model/examples/bench.rs (load time, 512-token prompt, generate at batch 1 and 8, peak
memory), printed as `key value` lines.

Run: PYTHON model_hf.py GGUF CODE_FILE   (f32 on CPU, threads as torch defaults)
"""
import os
import resource
import sys
import time

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer


def main():
    gguf, code_file = sys.argv[1], sys.argv[2]
    new_tokens = int(os.environ.get("BENCH_NEW_TOKENS", "64"))
    d, f = os.path.split(os.path.abspath(gguf))
    t0 = time.time()
    tok = AutoTokenizer.from_pretrained(d, gguf_file=f)
    model = AutoModelForCausalLM.from_pretrained(d, gguf_file=f, dtype=torch.float32).eval()
    print(f"load_s {time.time() - t0:.2f}", flush=True)
    ids = tok(open(code_file).read(), add_special_tokens=False)["input_ids"]
    best = 1e9
    with torch.inference_mode():
        for _ in range(int(os.environ.get("BENCH_PROMPT_RUNS", "5"))):
            t = time.time()
            model(torch.tensor([ids[:512]]), logits_to_keep=1)
            best = min(best, time.time() - t)
    print(f"prompt_tok_s {512 / best:.1f}", flush=True)
    prompts = [ids[i * 40:i * 40 + 32] for i in range(8)]
    pad = tok.pad_token_id if tok.pad_token_id is not None else 0
    for b in [1, 8]:
        x = torch.tensor(prompts[:b])
        with torch.inference_mode():
            t = time.time()
            out = model.generate(x, attention_mask=torch.ones_like(x), max_new_tokens=new_tokens,
                                 min_new_tokens=new_tokens, do_sample=False, pad_token_id=pad)
            dt = time.time() - t
        n = (out.shape[1] - x.shape[1]) * b
        print(f"generate_b{b}_tok_s {n / dt:.1f}", flush=True)
    print(f"peak_rss_mb {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")


if __name__ == "__main__":
    main()
