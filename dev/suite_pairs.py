"""Shared-prefix DPO pairs from the embedded suite: golden (chosen) against vulnerable (rejected).

    python3 dev/suite_pairs.py OUT.jsonl [--split train|heldout|all] [--limit N] [--seed S]
                                 [--langs python,c,javascript,go] [--chat]

Each task's golden and vulnerable programs share their first lines up to where the vulnerable one
departs; the prompt is the task description plus that shared prefix, so both completions continue
the same text. With --chat the description is wrapped in the ChatML turn markers SmolLM2 and Qwen
were tuned on. Tasks are taken in a seeded shuffle (so --limit picks a mix of CWEs). The file is
written atomically.
"""
import argparse
import json
import os
import random

EXT = {"python": "py", "c": "c", "javascript": "js", "go": "go"}


def pairs(root, langs, split, chat):
    out = []
    for lang in langs:
        base = os.path.join(root, lang)
        for tid in sorted(os.listdir(base)):
            d = os.path.join(base, tid)
            if not os.path.isfile(os.path.join(d, "task.json")):
                continue
            task = json.load(open(os.path.join(d, "task.json")))
            if split != "all" and task.get("split") != split:
                continue
            golden = open(os.path.join(d, f"golden.{EXT[lang]}")).read().splitlines(keepends=True)
            vulnerable = open(os.path.join(d, f"vulnerable.{EXT[lang]}")).read().splitlines(keepends=True)
            k = 0
            while k < min(len(golden), len(vulnerable)) and golden[k] == vulnerable[k]:
                k += 1
            desc = task["description"]
            head = f"<|im_start|>user\n{desc}<|im_end|>\n<|im_start|>assistant\n" if chat else desc + "\n\n"
            out.append({
                "task_id": tid,
                "cwes": task.get("cwes", []),
                "prompt": head + "".join(golden[:k]),
                "chosen": "".join(golden[k:]),
                "rejected": "".join(vulnerable[k:]),
            })
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--split", default="train", choices=["train", "heldout", "all"])
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--langs", default="python,c,javascript,go")
    ap.add_argument("--chat", action="store_true")
    ap.add_argument("--suite", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "suite"))
    a = ap.parse_args()
    got = pairs(a.suite, a.langs.split(","), a.split, a.chat)
    random.Random(a.seed).shuffle(got)
    if a.limit:
        got = got[: a.limit]
    with open(a.out + ".tmp", "w") as f:
        for p in got:
            f.write(json.dumps(p) + "\n")
    os.replace(a.out + ".tmp", a.out)
    print(f"{len(got)} pairs ({a.split}) written to {a.out}")


if __name__ == "__main__":
    main()
