#!/usr/bin/env python3
"""Reference trainer for Tightloop's `command` fine-tune backend: LoRA SFT and DPO with transformers + peft.

It speaks the JSON-lines protocol on stdout (see README.md): {"step", "total", "loss"} per step, then
{"status": "succeeded", "adapter": …, "endpoint": …} or {"status": "failed", "error": …}. Everything else it prints
is a log line. The DPO loss is plain PyTorch (dpo_loss.py); TRL is not needed.
"""

import argparse
import json
import os
import random
import sys

import torch

from dpo_loss import dpo_loss, sequence_logps


def emit(obj):
    print(json.dumps(obj), flush=True)


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--method", choices=["lora_sft", "dpo"], required=True)
    p.add_argument("--data", required=True, help="JSONL: OpenAI chat rows (SFT) or TRL preference rows (DPO)")
    p.add_argument("--out", required=True, help="output folder; the adapter goes to <out>/adapter")
    p.add_argument("--config", help="Tightloop's config.json (hyperparameters)")
    p.add_argument("--model", help="base model: a Hugging Face id or a local folder")
    p.add_argument("--tiny", action="store_true", help="a tiny randomly initialised model (no download; smoke tests)")
    p.add_argument("--max-steps", type=int, default=0, help="stop after this many steps (0: all epochs)")
    p.add_argument("--endpoint-base-url", help="report this OpenAI-compatible endpoint serving the adapter")
    p.add_argument("--endpoint-model", help="the adapter's model name at that endpoint")
    p.add_argument("--seed", type=int, default=0)
    return p.parse_args(argv)


class ByteTokenizer:
    """UTF-8 bytes as tokens (for --tiny: no vocabulary to download)."""

    vocab_size = 259
    eos_token_id = 258

    def encode(self, text):
        return list(text.encode("utf-8"))


def render(messages):
    return "".join(f"<|{m['role']}|>\n{m['content']}\n" for m in messages) + "<|assistant|>\n"


def build_model(args, hp):
    from peft import LoraConfig, get_peft_model

    if args.tiny:
        from transformers import LlamaConfig, LlamaForCausalLM

        tokenizer = ByteTokenizer()
        config = LlamaConfig(
            vocab_size=tokenizer.vocab_size,
            hidden_size=64,
            intermediate_size=128,
            num_hidden_layers=2,
            num_attention_heads=4,
            num_key_value_heads=4,
            max_position_embeddings=1024,
        )
        model = LlamaForCausalLM(config)
        encode = tokenizer.encode
        eos = tokenizer.eos_token_id
    else:
        if not args.model:
            raise ValueError("--model is required unless --tiny")
        from transformers import AutoModelForCausalLM, AutoTokenizer

        tokenizer = AutoTokenizer.from_pretrained(args.model)
        model = AutoModelForCausalLM.from_pretrained(args.model, torch_dtype="auto")
        encode = lambda text: tokenizer.encode(text, add_special_tokens=False)  # noqa: E731
        eos = tokenizer.eos_token_id
    lora = LoraConfig(
        r=int(hp.get("rank", 16)),
        lora_alpha=int(hp.get("alpha", 32)),
        lora_dropout=0.0,
        target_modules=["q_proj", "v_proj"],
        task_type="CAUSAL_LM",
    )
    return get_peft_model(model, lora), encode, eos


def example(encode, eos, prompt, answer, max_len=768):
    """Token ids of prompt + answer, with labels only on the answer (and EOS)."""
    p = encode(render(prompt))
    a = encode(answer) + ([eos] if eos is not None else [])
    ids = (p + a)[-max_len:]
    labels = ([-100] * len(p) + a)[-max_len:]
    return torch.tensor([ids]), torch.tensor([labels])


def as_text(content):
    # Preference rows carry the answers as [{"role": "assistant", "content": …}].
    return content[-1]["content"] if isinstance(content, list) else content


def main(argv=None):
    args = parse_args(argv)
    random.seed(args.seed)
    torch.manual_seed(args.seed)
    hp = {}
    if args.config and os.path.exists(args.config):
        with open(args.config) as f:
            hp = json.load(f).get("hyperparameters", {})
    with open(args.data) as f:
        rows = [json.loads(line) for line in f if line.strip()]
    if not rows:
        raise ValueError("the data file has no rows")
    print(f"{len(rows)} rows, method {args.method}, hyperparameters {hp}", flush=True)

    model, encode, eos = build_model(args, hp)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    model.to(device)
    model.train()
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=float(hp.get("learningRate", 2e-4)))
    epochs = int(hp.get("epochs", 1))
    total = epochs * len(rows)
    if args.max_steps:
        total = min(total, args.max_steps)
    beta = float(hp.get("beta", 0.1))

    step = 0
    while step < total:
        for row in random.sample(rows, len(rows)):
            if step >= total:
                break
            if args.method == "lora_sft":
                messages = row["messages"]
                ids, labels = example(encode, eos, messages[:-1], messages[-1]["content"])
                out = model(input_ids=ids.to(device), labels=labels.to(device))
                loss = out.loss
            else:
                c_ids, c_labels = example(encode, eos, row["prompt"], as_text(row["chosen"]))
                r_ids, r_labels = example(encode, eos, row["prompt"], as_text(row["rejected"]))
                c_ids, c_labels, r_ids, r_labels = (t.to(device) for t in (c_ids, c_labels, r_ids, r_labels))
                policy_c = sequence_logps(model(input_ids=c_ids).logits, c_labels)
                policy_r = sequence_logps(model(input_ids=r_ids).logits, r_labels)
                # The reference model is the base: the same weights with the LoRA adapter switched off.
                with torch.no_grad(), model.disable_adapter():
                    ref_c = sequence_logps(model(input_ids=c_ids).logits, c_labels)
                    ref_r = sequence_logps(model(input_ids=r_ids).logits, r_labels)
                loss, _, _ = dpo_loss(policy_c, policy_r, ref_c, ref_r, beta=beta)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            step += 1
            emit({"step": step, "total": total, "loss": round(float(loss.item()), 6)})

    adapter = os.path.join(args.out, "adapter")
    os.makedirs(adapter, exist_ok=True)
    model.save_pretrained(adapter)
    done = {"status": "succeeded", "adapter": adapter}
    if args.endpoint_base_url and args.endpoint_model:
        done["endpoint"] = {"baseUrl": args.endpoint_base_url, "model": args.endpoint_model}
    emit(done)


if __name__ == "__main__":
    try:
        main()
    except Exception as error:  # the protocol's failure line, then a non-zero exit
        emit({"status": "failed", "error": f"{type(error).__name__}: {error}"})
        sys.exit(1)
