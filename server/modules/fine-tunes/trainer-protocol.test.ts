import { describe, expect, it } from "vitest";
import { trainerEnvironment } from "./backends";
import { commandArgs, parseTrainerLine } from "./trainer-protocol";

describe("trainer protocol", () => {
  it("reads progress, the end, and keeps anything else as a log line", () => {
    expect(parseTrainerLine('{"step": 3, "total": 10, "loss": 0.5}')).toEqual({
      kind: "progress",
      step: 3,
      total: 10,
      loss: 0.5,
    });
    expect(parseTrainerLine('{"step": 3, "total": 10}')).toMatchObject({ kind: "progress", loss: null });
    expect(
      parseTrainerLine('{"status":"succeeded","adapter":"out/a","endpoint":{"baseUrl":"http://x/v1","model":"m"}}'),
    ).toEqual({
      kind: "done",
      status: "succeeded",
      adapter: "out/a",
      endpoint: { baseUrl: "http://x/v1", model: "m" },
      error: null,
    });
    expect(parseTrainerLine('{"status":"failed","error":"OOM"}')).toMatchObject({
      kind: "done",
      status: "failed",
      error: "OOM",
    });
    expect(parseTrainerLine("Loading checkpoint shards: 100%")).toEqual({
      kind: "log",
      text: "Loading checkpoint shards: 100%",
    });
    expect(parseTrainerLine('{"step": 1, "total": 0}')).toMatchObject({ kind: "log" });
    expect(parseTrainerLine("{not json")).toMatchObject({ kind: "log" });
  });

  it("fills a command template without a shell", () => {
    expect(
      commandArgs("python train.py --method {method}  --data {data} --x {unknown}", {
        method: "dpo",
        data: "/tmp/a b.jsonl",
      }),
    ).toEqual(["python", "train.py", "--method", "dpo", "--data", "/tmp/a b.jsonl", "--x", "{unknown}"]);
  });
});

describe("the trainer's environment", () => {
  it("keeps the system's and the ML stack's variables and drops the app's secrets", () => {
    const env = trainerEnvironment({
      PATH: "/usr/bin",
      HOME: "/home/t",
      CUDA_VISIBLE_DEVICES: "0",
      HF_HOME: "/cache",
      PYTHONPATH: "/x",
      NEXTAUTH_SECRET: "s",
      TIGHTLOOP_ENCRYPTION_KEY: "k",
      DATABASE_URL: "postgresql://u:p@h/db",
      OIDC_CLIENT_SECRET: "o",
      OPENAI_API_KEY: "sk",
    });
    expect(Object.keys(env).sort()).toEqual(["CUDA_VISIBLE_DEVICES", "HF_HOME", "HOME", "PATH", "PYTHONPATH"]);
  });
});
