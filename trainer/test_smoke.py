"""Smoke test: a tiny randomly initialised causal LM (no download) trains a few LoRA SFT and DPO steps through the
same command line the `command` backend runs. Needs torch, transformers and peft (`npm run test:trainer`)."""

import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

SFT = [{"messages": [{"role": "user", "content": f"Refund after {d} days?"}, {"role": "assistant", "content": "Within 30 days."}]} for d in range(4)]
DPO = [
    {
        "prompt": [{"role": "user", "content": f"How long do refunds take ({d})?"}],
        "chosen": [{"role": "assistant", "content": "5 to 7 business days."}],
        "rejected": [{"role": "assistant", "content": "90 days."}],
    }
    for d in range(4)
]


def run(tmp_path, method, rows):
    data = tmp_path / f"{method}.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in rows))
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"hyperparameters": {"rank": 4, "alpha": 8, "learningRate": 1e-3, "epochs": 1}}))
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, os.path.join(HERE, "train.py"), "--method", method, "--data", str(data), "--out", str(out),
         "--config", str(config), "--tiny", "--max-steps", "3",
         "--endpoint-base-url", "http://localhost:8000/v1", "--endpoint-model", "support-lora"],
        capture_output=True, text=True, timeout=600, cwd=HERE,
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(l) for l in result.stdout.splitlines() if l.startswith("{")]
    progress = [l for l in lines if "step" in l]
    assert [p["step"] for p in progress] == [1, 2, 3] and all(p["total"] == 3 for p in progress)
    assert all(isinstance(p["loss"], float) for p in progress)
    assert lines[-1]["status"] == "succeeded"
    assert lines[-1]["endpoint"] == {"baseUrl": "http://localhost:8000/v1", "model": "support-lora"}
    assert os.path.exists(os.path.join(lines[-1]["adapter"], "adapter_config.json"))


def test_lora_sft_smoke(tmp_path):
    run(tmp_path, "lora_sft", SFT)


def test_dpo_smoke(tmp_path):
    run(tmp_path, "dpo", DPO)


def test_bad_data_fails_with_the_protocol_line(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    result = subprocess.run(
        [sys.executable, os.path.join(HERE, "train.py"), "--method", "lora_sft", "--data", str(empty), "--out", str(tmp_path), "--tiny"],
        capture_output=True, text=True, timeout=120, cwd=HERE,
    )
    assert result.returncode == 1
    assert json.loads(result.stdout.splitlines()[-1]) == {"status": "failed", "error": "ValueError: the data file has no rows"}
