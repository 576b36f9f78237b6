// Who may label which item (pure). The claim query in the repo selects with the same predicate for speed; the
// submit path re-checks with this function on the locked item row, which is what keeps an item at k labels.

export interface SlotState {
  status: string;
  overlap: number;
  labelCount: number;
  /** Unexpired holds of other labelers on the item. */
  otherActiveHolds: number;
  labeledByMe: boolean;
  skippedByMe: boolean;
  isGold: boolean;
}

/**
 * Whether this labeler may take the item now, and whether their label may be stored (checked again on the locked
 * row at submit). Holds of others reserve their slots; gold items take any labeler who has not seen them.
 */
export function canClaim(s: SlotState): boolean {
  if (s.labeledByMe || s.skippedByMe) return false;
  if (s.isGold) return true;
  return s.status === "open" && s.labelCount + s.otherActiveHolds < s.overlap;
}

/**
 * Whether the labeler's next item should be a gold item: deterministic in the labeler and how many labels they
 * have given, so a gold item comes about every 1/rate labels without a clock or a random draw.
 */
export function goldDue(labelsGiven: number, goldRate: number): boolean {
  if (goldRate <= 0) return false;
  if (goldRate >= 1) return true;
  return Math.floor((labelsGiven + 1) * goldRate) > Math.floor(labelsGiven * goldRate);
}
