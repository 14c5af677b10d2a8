"""PyTorch side of bench/train: the same training steps as crates/train/examples/train_bench.rs.

    python bench/train_torch.py MODE HF_DIR [--batch B] [--seq T] [--steps N] [--threads K]

MODE: full (full fine-tuning, next-token loss on every position of B random sequences of T),
lora (the same with PEFT LoRA r 8, alpha 16, all seven projections), dpo (full fine-tuning, the
DPO sigmoid loss on one pair of two sequences of T sharing a T/2 prefix, stored reference
log-probs). Each step: forward, loss, backward, clip to norm 1.0, AdamW. One untimed warm-up
step, then N timed ones. Prints `key value` lines like the Rust side.
"""
import argparse
import resource
import time

import torch
import torch.nn.functional as F
from transformers import AutoModelForCausalLM


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["full", "lora", "dpo"])
    ap.add_argument("hf_dir")
    ap.add_argument("--batch", type=int, default=4)
    ap.add_argument("--seq", type=int, default=256)
    ap.add_argument("--steps", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = AutoModelForCausalLM.from_pretrained(a.hf_dir, dtype=torch.float32)
    if a.mode == "lora":
        from peft import LoraConfig, get_peft_model

        targets = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
        model = get_peft_model(model, LoraConfig(r=8, lora_alpha=16, lora_dropout=0.0, target_modules=targets))
    model.train()
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=1e-5, weight_decay=0.0)
    vocab = model.config.vocab_size
    times, tokens = [], 0
    for step in range(a.steps + 1):
        t0 = time.perf_counter()
        if a.mode == "dpo":
            half = a.seq // 2
            prefix = torch.randint(100, vocab - 100, (1, half))
            suffix = torch.randint(100, vocab - 100, (2, a.seq - half))
            ids = torch.cat([prefix.expand(2, -1), suffix], dim=1)
            logits = model(input_ids=ids).logits[:, :-1]
            logp = torch.gather(F.log_softmax(logits, dim=-1), 2, ids[:, 1:, None]).squeeze(2)
            seq = logp[:, half - 1 :].sum(1)  # the targets after the shared prefix
            ref = torch.tensor([-1500.0, -1500.0])
            loss = -F.logsigmoid(0.1 * ((seq[0] - ref[0]) - (seq[1] - ref[1])))
            n_tok = 2 * a.seq
        else:
            ids = torch.randint(100, vocab - 100, (a.batch, a.seq))
            loss = model(input_ids=ids, labels=ids).loss
            n_tok = a.batch * a.seq
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        opt.zero_grad(set_to_none=True)
        dt = time.perf_counter() - t0
        print(f"step {step + 1} {dt:.2f}s {n_tok} tokens", flush=True)
        if step > 0:
            times.append(dt)
            tokens = n_tok
    times.sort()
    median = times[len(times) // 2]
    print(f"mode {a.mode}")
    print(f"step_s {median:.3f}")
    print(f"tok_s {tokens / median:.1f}")
    print(f"steps_per_s {1 / median:.3f}")
    print(f"peak_rss_mb {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")


if __name__ == "__main__":
    main()
