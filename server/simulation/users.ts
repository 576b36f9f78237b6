// SIMULATED: how the demo world's end users react to an answer, as the essay describes. Good answers are copied and
// now and then thumbed up; bad ones are rephrased, stopped mid-stream, copied and edited, abandoned, or asked again
// on a later visit, and only rarely thumbed down (explicit feedback stays around 1–3 %).

export interface UserBehavior {
  /** After a good answer. */
  copyGood: number;
  thumbsUpGood: number;
  /** Asks another, unrelated question in the same session. */
  followUpGood: number;
  /** After a bad answer (the shares of rephrase/edit/return/abandon are normalised; stop is decided first). */
  stopBad: number;
  rephraseBad: number;
  editBad: number;
  returnLaterBad: number;
  abandonBad: number;
  thumbsDownBad: number;
  /** At most this many rephrases in a row before giving up. */
  maxRephrases: number;
}

export const DEFAULT_BEHAVIOR: UserBehavior = {
  copyGood: 0.55,
  thumbsUpGood: 0.025,
  followUpGood: 0.2,
  stopBad: 0.2,
  rephraseBad: 0.4,
  editBad: 0.1,
  returnLaterBad: 0.15,
  abandonBad: 0.35,
  thumbsDownBad: 0.02,
  maxRephrases: 2,
};

export type Reaction =
  | { kind: "accept"; copy: boolean; thumbsUp: boolean; followUp: boolean }
  | { kind: "reject"; next: "rephrase" | "edit" | "return_later" | "abandon"; thumbsDown: boolean };

/** Whether a user who sees the first words of a bad answer stops the generation. */
export function stopsGeneration(b: UserBehavior, random: () => number): boolean {
  return random() < b.stopBad;
}

export function react(
  good: boolean,
  b: UserBehavior,
  random: () => number,
  context: { rephrasesSoFar: number },
): Reaction {
  if (good) {
    return {
      kind: "accept",
      copy: random() < b.copyGood,
      thumbsUp: random() < b.thumbsUpGood,
      followUp: random() < b.followUpGood,
    };
  }
  const canRephrase = context.rephrasesSoFar < b.maxRephrases;
  const options = [
    ["rephrase", canRephrase ? b.rephraseBad : 0],
    ["edit", b.editBad],
    ["return_later", b.returnLaterBad],
    ["abandon", b.abandonBad],
  ] as const;
  const total = options.reduce((s, [, w]) => s + w, 0);
  let r = random() * total;
  let next: (typeof options)[number][0] = "abandon";
  for (const [name, w] of options) {
    r -= w;
    if (r < 0) {
      next = name;
      break;
    }
  }
  return { kind: "reject", next, thumbsDown: random() < b.thumbsDownBad };
}
