"""PyTorch reference for tsp-train's gradient parity tests (issue 5, "what it must show" 1).

A tiny random llama (transformers) and fixed token batches; for each objective it records the loss,
the gradient of every parameter, and the weights after one clipped AdamW step. The DPO loss is
written out here (not taken from a library) exactly as tsp-train defines it. It also builds a PEFT
LoRA adapter (B non-zero) and records the logits and LoRA gradients under PEFT.

Run: /opt/tsp-ref-venv/bin/python crates/train/reference/grad_parity.py
Writes crates/train/tests/fixtures/parity/; the Rust test (tests/parity.rs) needs no torch.
"""
import json
import math
import os

import torch
import torch.nn.functional as F
from safetensors.torch import save_file
from transformers import LlamaConfig, LlamaForCausalLM

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "parity")
PAD = 0
BETA = 0.1
LR = 1e-2
MAX_NORM = 1.0


def build(seed):
    cfg = LlamaConfig(vocab_size=64, hidden_size=32, intermediate_size=48, num_hidden_layers=2,
                      num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=128,
                      rms_norm_eps=1e-5, rope_theta=10000.0, tie_word_embeddings=True,
                      bos_token_id=1, eos_token_id=2, torch_dtype="float32")
    model = LlamaForCausalLM(cfg)
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        # Larger than transformers' init (std 0.02) so logits and gradients are far from zero.
        for name, p in model.named_parameters():
            if name.endswith("norm.weight"):
                p.copy_(1.0 + 0.1 * torch.randn(p.shape, generator=g))
            elif "embed_tokens" in name:
                p.copy_(torch.randn(p.shape, generator=g))
            else:
                p.copy_(torch.randn(p.shape, generator=g) / math.sqrt(p.shape[1]))
    return model


# Token batches (ids < 64). SFT: (ids, prompt_len); the loss covers targets at positions >= prompt_len.
SFT = [([1, 5, 9, 13, 20, 21, 22, 2], 3), ([1, 7, 30, 31, 2], 2), ([1, 40, 41, 42, 43, 44, 2], 4)]
# DPO: shared prompt, chosen and rejected suffixes.
DPO = [([1, 5, 6, 7], [10, 11, 12, 2], [10, 13, 2]), ([1, 8, 9], [20, 21, 2], [22, 23, 24, 25, 2])]


def batch(rows):
    """rows: (ids, first_loss_position) -> right-padded ids [b, t], mask [b, t-1]."""
    t = max(len(r[0]) for r in rows)
    ids = torch.full((len(rows), t), PAD, dtype=torch.long)
    mask = torch.zeros((len(rows), t - 1))
    for i, (seq, first) in enumerate(rows):
        ids[i, :len(seq)] = torch.tensor(seq)
        for j in range(len(seq) - 1):
            mask[i, j] = 1.0 if j + 1 >= first else 0.0
    return ids, mask


def token_logps(model, ids):
    logits = model(input_ids=ids).logits.float()
    lp = F.log_softmax(logits[:, :-1], dim=-1)
    return lp.gather(-1, ids[:, 1:].unsqueeze(-1)).squeeze(-1)


def sft_loss(model):
    ids, mask = batch([(s, p) for s, p in SFT])
    lp = token_logps(model, ids)
    return -(lp * mask).sum() / mask.sum()


def dpo_rows():
    return [(p + c, len(p)) for p, c, _ in DPO] + [(p + r, len(p)) for p, _, r in DPO]


def pair_logps(model):
    ids, mask = batch(dpo_rows())
    seq = (token_logps(model, ids) * mask).sum(-1)
    n = len(DPO)
    return seq[:n], seq[n:]


def dpo_loss(model, ref_c, ref_r):
    pc, pr = pair_logps(model)
    logits = BETA * ((pc - ref_c) - (pr - ref_r))
    return -F.logsigmoid(logits).mean()


def grads_of(model, loss):
    model.zero_grad()
    loss.backward()
    return {n: p.grad.detach().clone().contiguous() for n, p in model.named_parameters() if p.grad is not None}


def adamw_step(model):
    torch.nn.utils.clip_grad_norm_(model.parameters(), MAX_NORM)
    opt = torch.optim.AdamW(model.parameters(), lr=LR, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0)
    opt.step()
    return {n: p.detach().clone().contiguous() for n, p in model.named_parameters()}


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(0)
    model = build(1)
    model.save_pretrained(OUT, safe_serialization=True)
    for junk in ("generation_config.json",):
        if os.path.exists(os.path.join(OUT, junk)):
            os.remove(os.path.join(OUT, junk))

    # The reference model of the DPO round: another seed, its log-probs stored with the pairs.
    with torch.no_grad():
        ref_c, ref_r = pair_logps(build(2))
    expected = {"torch": torch.__version__, "transformers": __import__("transformers").__version__,
                "beta": BETA, "lr": LR, "max_norm": MAX_NORM, "pad": PAD,
                "sft": [{"ids": s, "prompt_len": p} for s, p in SFT],
                "dpo": [{"prompt": p, "chosen": c, "rejected": r, "ref_chosen": float(a), "ref_rejected": float(b)}
                        for (p, c, r), a, b in zip(DPO, ref_c.tolist(), ref_r.tolist())]}

    loss = sft_loss(model)
    expected["sft_loss"] = loss.item()
    g = grads_of(model, loss)
    expected["sft_grad_norm"] = math.sqrt(sum(float((x * x).sum()) for x in g.values()))
    save_file(g, os.path.join(OUT, "sft_grads.safetensors"), metadata={"format": "pt"})
    save_file(adamw_step(model), os.path.join(OUT, "sft_step_weights.safetensors"), metadata={"format": "pt"})

    model = build(1)
    loss = dpo_loss(model, ref_c, ref_r)
    expected["dpo_loss"] = loss.item()
    g = grads_of(model, loss)
    expected["dpo_grad_norm"] = math.sqrt(sum(float((x * x).sum()) for x in g.values()))
    save_file(g, os.path.join(OUT, "dpo_grads.safetensors"), metadata={"format": "pt"})
    save_file(adamw_step(model), os.path.join(OUT, "dpo_step_weights.safetensors"), metadata={"format": "pt"})

    # LoRA through PEFT: random non-zero B so every adapter tensor has a gradient.
    from peft import LoraConfig, get_peft_model
    model = build(1)
    lcfg = LoraConfig(r=4, lora_alpha=8, lora_dropout=0.0, task_type="CAUSAL_LM",
                      target_modules=["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"])
    peft_model = get_peft_model(model, lcfg)
    gen = torch.Generator().manual_seed(3)
    with torch.no_grad():
        for n, p in peft_model.named_parameters():
            if "lora_B" in n:
                p.copy_(0.1 * torch.randn(p.shape, generator=gen))
    adapter_dir = os.path.join(OUT, "lora")
    peft_model.save_pretrained(adapter_dir)
    if os.path.exists(os.path.join(adapter_dir, "README.md")):
        os.remove(os.path.join(adapter_dir, "README.md"))
    with torch.no_grad():
        ids, _ = batch([(s, p) for s, p in SFT])
        logits = peft_model(input_ids=ids).logits
    save_file({"input_ids": ids.to(torch.int64).contiguous(), "logits": logits.contiguous()},
              os.path.join(OUT, "lora_logits.safetensors"), metadata={"format": "pt"})
    loss = sft_loss(peft_model)
    expected["lora_sft_loss"] = loss.item()
    peft_model.zero_grad()
    loss.backward()
    g = {n.replace(".default", ""): p.grad.detach().clone().contiguous()
         for n, p in peft_model.named_parameters() if p.grad is not None}
    save_file(g, os.path.join(OUT, "lora_grads.safetensors"), metadata={"format": "pt"})

    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
    print("wrote", OUT, {k: v for k, v in expected.items() if k.endswith("loss")})


if __name__ == "__main__":
    main()
