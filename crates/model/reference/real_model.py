"""Reference numbers for a real GGUF model from transformers: logits at every position of a few
code prompts (a slice of 32 token ids each), the first 64 greedy tokens, and the token ids of
real code files. Also saves the model as a Hugging Face folder (safetensors) for the HF loading
path and the benchmark.

Run: /opt/tsp-ref-venv/bin/python crates/model/reference/real_model.py GGUF NAME [HF_OUT_DIR]
Writes crates/model/tests/fixtures/NAME-reference.json (small; committed) so tests/real_model.rs
checks parity on machines without torch.
"""
import hashlib
import json
import os
import sys
import time

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

PROMPTS = [
    "import subprocess\n\ndef ping(host):\n    return subprocess.check_output(f\"ping -c 1 {host}\", shell=True)\n",
    "#include <stdio.h>\nint main(void) {\n    char buf[16];\n    gets(buf);\n",
    "<|im_start|>user\nWrite a Python function that reads a file inside a base directory.<|im_end|>\n<|im_start|>assistant\n",
]
# Real code files shipped with every Python: their token ids are checked against ours.
CODE_FILES = ["json/decoder.py", "shlex.py", "tempfile.py", "string.py", "textwrap.py"]


def main():
    gguf, name = sys.argv[1], sys.argv[2]
    hf_out = sys.argv[3] if len(sys.argv) > 3 else None
    torch.set_num_threads(2)
    d, f = os.path.split(os.path.abspath(gguf))
    t0 = time.time()
    tok = AutoTokenizer.from_pretrained(d, gguf_file=f)
    model = AutoModelForCausalLM.from_pretrained(d, gguf_file=f, dtype=torch.float32).eval()
    load_s = time.time() - t0
    if hf_out:
        model.hf_quantizer = None
        if hasattr(model.config, "quantization_config"):
            del model.config.quantization_config
        model.save_pretrained(hf_out, safe_serialization=True)
        tok.save_pretrained(hf_out)
    cases = []
    vocab = model.config.vocab_size
    fixed = [int(i * vocab / 16) for i in range(16)]
    for text in PROMPTS:
        ids = tok(text, add_special_tokens=False)["input_ids"]
        with torch.no_grad():
            logits = model(torch.tensor([ids])).logits[0]
        top = torch.topk(logits[-1], 16).indices.tolist()
        cols = fixed + [i for i in top if i not in fixed]
        sl = logits[:, cols]
        seq = list(ids)
        with torch.no_grad():
            for _ in range(64):
                nxt = int(model(torch.tensor([seq])).logits[0, -1].argmax())
                seq.append(nxt)
        cases.append({"text": text, "ids": ids, "cols": cols,
                      "logits": [[round(float(x), 4) for x in row] for row in sl],
                      "argmax": [int(x) for x in logits.argmax(-1)],
                      "greedy": seq[len(ids):]})
        print("prompt done", len(ids), file=sys.stderr)
    stdlib = os.path.dirname(os.__file__)
    files = []
    for rel in CODE_FILES:
        p = os.path.join(stdlib, rel)
        data = open(p, "rb").read()
        text = data.decode("utf-8")
        files.append({"path": rel, "sha256": hashlib.sha256(data).hexdigest(),
                      "ids": tok(text, add_special_tokens=False)["input_ids"]})
    out = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", f"{name}-reference.json")
    with open(out, "w") as fh:
        json.dump({"gguf_sha256": hashlib.sha256(open(gguf, "rb").read()).hexdigest(),
                   "transformers_load_s": round(load_s, 1), "cases": cases, "files": files}, fh)
    print("wrote", out, "load", load_s, file=sys.stderr)


if __name__ == "__main__":
    main()
