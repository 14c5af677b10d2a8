"""Tiny random llama and qwen2 models saved by transformers, with the logits and greedy tokens
transformers computes for them. The Rust tests (tests/parity.rs) load the same folders and
must agree, so CI checks parity without torch.

Run: /opt/tsp-ref-venv/bin/python crates/model/reference/make_tiny.py
Writes crates/model/tests/fixtures/tiny-{llama,qwen2}/ (config.json, model.safetensors,
tokenizer.json, tokenizer_config.json, expected.json).
"""
import json
import math
import os
import sys

import torch
from tokenizers import Tokenizer, decoders, models, pre_tokenizers
from tokenizers import AddedToken
from transformers import (LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast,
                          Qwen2Config, Qwen2ForCausalLM)

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures")
CHATML = ("{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + "
          "'<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}")
PROMPTS = [
    "def add(a, b):\n    return a + b\n",
    "import os\nos.system(cmd)  # 42",
    "<|im_start|>user\nhi<|im_end|>\n",
]


def byte_chars():
    bs = list(range(33, 127)) + list(range(161, 173)) + list(range(174, 256))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    table = dict(zip(bs, cs))
    return [chr(table[b]) for b in range(256)]


def tiny_tokenizer():
    tokens = byte_chars() + ["ĠĠ", "de", "def"]
    vocab = {t: i for i, t in enumerate(tokens)}
    merges = [("Ġ", "Ġ"), ("d", "e"), ("de", "f")]
    tk = Tokenizer(models.BPE(vocab=vocab, merges=merges))
    tk.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Digits(individual_digits=True),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)])
    tk.decoder = decoders.ByteLevel()
    tk.add_special_tokens([AddedToken(s, special=True, normalized=False)
                           for s in ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]])
    return tk


def randomize(model, seed):
    # transformers' default init (std 0.02) gives near-zero logits that would hide errors.
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("norm.weight"):
                p.copy_(1.0 + 0.1 * torch.randn(p.shape, generator=g))
            elif name.endswith("bias"):
                p.copy_(0.1 * torch.randn(p.shape, generator=g))
            elif "embed_tokens" in name:
                p.copy_(torch.randn(p.shape, generator=g))
            else:
                p.copy_(torch.randn(p.shape, generator=g) / math.sqrt(p.shape[1]))


def build(kind):
    common = dict(vocab_size=262, hidden_size=32, intermediate_size=48, num_hidden_layers=2,
                  num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=256,
                  rms_norm_eps=1e-5, bos_token_id=260, eos_token_id=261, torch_dtype="float32")
    if kind == "llama":
        cfg = LlamaConfig(tie_word_embeddings=True, rope_theta=10000.0, **common)
        model = LlamaForCausalLM(cfg)
    else:
        cfg = Qwen2Config(tie_word_embeddings=False, rope_theta=1000000.0, **common)
        model = Qwen2ForCausalLM(cfg)
    randomize(model, 1 if kind == "llama" else 2)
    return model.eval()


def main():
    torch.manual_seed(0)
    tk = tiny_tokenizer()
    for kind in ["llama", "qwen2"]:
        d = os.path.join(OUT, f"tiny-{kind}")
        os.makedirs(d, exist_ok=True)
        model = build(kind)
        model.save_pretrained(d, safe_serialization=True)
        fast = PreTrainedTokenizerFast(tokenizer_object=tk, bos_token="<|im_start|>", eos_token="<|im_end|>",
                                       pad_token="<|im_end|>")
        fast.chat_template = CHATML
        fast.save_pretrained(d)
        cases = []
        for text in PROMPTS:
            ids = fast(text, add_special_tokens=False)["input_ids"]
            with torch.no_grad():
                logits = model(torch.tensor([ids])).logits[0]
                # An explicit all-ones mask: otherwise generate() infers one from pad_token_id and
                # would mask the prompt's own <|im_end|> tokens.
                x = torch.tensor([ids])
                gen = model.generate(x, attention_mask=torch.ones_like(x), max_new_tokens=16, do_sample=False,
                                     eos_token_id=None, pad_token_id=259)[0][len(ids):]
            cases.append({"text": text, "ids": ids,
                          "logits": [[round(float(x), 5) for x in row] for row in logits],
                          "greedy": [int(x) for x in gen]})
        with open(os.path.join(d, "expected.json"), "w") as f:
            json.dump({"transformers": __import__("transformers").__version__, "cases": cases}, f)
        print(d, "ok", file=sys.stderr)


if __name__ == "__main__":
    main()
