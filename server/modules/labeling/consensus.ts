// Consensus per item (pure): the majority of the nominal labels. A tie, or a winner with no more than half of
// the votes, is not a consensus: the item goes to an ML lead for adjudication.

export interface Consensus {
  /** The winning label, or null when the item needs adjudication. */
  label: string | null;
  /** Votes per label, most first. */
  votes: Array<{ label: string; count: number }>;
  /** Share of the votes held by the leading label. */
  share: number;
  needsAdjudication: boolean;
}

/** An item's status and stored consensus once its labels are in: open until k labels, then majority or adjudication. */
export function settledState(nominals: readonly string[], overlap: number) {
  if (nominals.length < overlap) return { status: "open", consensus: null };
  const c = majority(nominals);
  return {
    status: c.needsAdjudication ? "needs_adjudication" : "complete",
    consensus: { label: c.label, method: "majority", votes: c.votes, share: c.share },
  };
}

export function majority(labels: readonly string[]): Consensus {
  const counts = new Map<string, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  const votes = [...counts].map(([label, count]) => ({ label, count })).sort((a, b) => b.count - a.count);
  const top = votes[0];
  if (!top) return { label: null, votes, share: 0, needsAdjudication: false };
  const share = top.count / labels.length;
  const tied = votes.length > 1 && votes[1]!.count === top.count;
  const needsAdjudication = tied || share <= 0.5;
  return { label: needsAdjudication ? null : top.label, votes, share, needsAdjudication };
}
