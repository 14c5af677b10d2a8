"""Prompt speed of tsp-model and transformers measured in alternation, for noisy machines.

bench/model measures each side once, one after the other; on a shared machine a slow minute can
land on either side. Here transformers stays loaded and the two sides take turns: each round runs
transformers' 512-token prompt pass (best of PASSES) and then our bench example's (best of PASSES,
a fresh process), so both see the same minute. Prints every round and the median ratio.

Run: PYTHON prompt_interleaved.py GGUF CODE_FILE OUR_BENCH_BINARY MODEL [ROUNDS] [PASSES]
"""
import os
import statistics
import subprocess
import sys
import time

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer


def main():
    gguf, code_file, ours, model_arg = sys.argv[1:5]
    rounds = int(sys.argv[5]) if len(sys.argv) > 5 else 5
    passes = int(sys.argv[6]) if len(sys.argv) > 6 else 3
    d, f = os.path.split(os.path.abspath(gguf))
    tok = AutoTokenizer.from_pretrained(d, gguf_file=f)
    model = AutoModelForCausalLM.from_pretrained(d, gguf_file=f, dtype=torch.float32).eval()
    ids = torch.tensor([tok(open(code_file).read(), add_special_tokens=False)["input_ids"][:512]])
    env = dict(os.environ, BENCH_PARTS="prompt", BENCH_PROMPT_RUNS=str(passes))
    ratios = []
    print(f"{'round':<7}{'tsp-model':>12}{'transformers':>14}{'ratio':>8}")
    for r in range(rounds):
        best = 1e9
        with torch.inference_mode():
            for _ in range(passes):
                t = time.time()
                model(ids, logits_to_keep=1)
                best = min(best, time.time() - t)
        theirs = 512 / best
        out = subprocess.run([ours, model_arg, code_file], env=env, capture_output=True, text=True, check=True)
        mine = float(next(l.split()[1] for l in out.stdout.splitlines() if l.startswith("prompt_tok_s")))
        ratios.append(mine / theirs)
        print(f"{r + 1:<7}{mine:>12.1f}{theirs:>14.1f}{mine / theirs:>8.2f}", flush=True)
    print(f"prompt, {rounds} interleaved rounds: median ratio {statistics.median(ratios):.2f} "
          f"(min {min(ratios):.2f}, max {max(ratios):.2f})")


if __name__ == "__main__":
    main()
