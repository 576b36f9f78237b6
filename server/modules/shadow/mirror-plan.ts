// Mirroring a gateway request to the shadow candidates (the web process, after the response): which candidates get
// it, and whether it is in each one's incident slice — decided here, before either answer is seen.
import type { Embedder } from "../../llm/embeddings";
import type { SettingsService } from "../settings/settings.service";
import type { ShadowRepo } from "./shadow.repo";
import { inSlice, type SliceDefinition } from "./slice";

/** Slice definitions are re-read at most this often per project (topics move on re-clustering, slowly). */
const SLICE_CACHE_MS = 30_000;

export function createMirrorPlanner({
  repo,
  settings,
  embedder,
}: {
  repo: Pick<ShadowRepo, "sliceDefinitions">;
  settings: Pick<SettingsService, "get">;
  /** Embeds a mirrored query to tell whether it is in a candidate's slice. */
  embedder: Embedder;
}) {
  /** Per project: the slice definitions of its shadow candidates and its topic centroids, read at most every 30 s. */
  const sliceCache = new Map<
    string,
    {
      at: number;
      candidateIds: string[];
      definitions: Map<string, SliceDefinition>;
      topics: Array<{ id: string; centroid: number[] }>;
    }
  >();
  let embedWarned = false;
  async function slicesOf(projectId: string, candidateIds: string[]) {
    const cached = sliceCache.get(projectId);
    if (
      cached &&
      Date.now() - cached.at < SLICE_CACHE_MS &&
      candidateIds.every((id) => cached.candidateIds.includes(id))
    ) {
      return cached;
    }
    const s = await settings.get(projectId);
    const read = await repo.sliceDefinitions(projectId, candidateIds, s.evaluation.negativeSignalStrength);
    const entry = { at: Date.now(), candidateIds, ...read };
    sliceCache.set(projectId, entry);
    return entry;
  }

  /**
   * Which shadow candidates one gateway request goes to, and whether it is in each one's slice: a candidate
   * trained for an incident gets every slice request and `mirrorFraction` of the rest; any other candidate gets
   * `mirrorFraction` of everything (inSlice null). The query is embedded only when some candidate has a slice.
   */
  return async function mirrorPlan(
    projectId: string,
    queryText: string,
    shadows: Array<{ modelVersionId: string; mirrorFraction: number }>,
    random: () => number,
  ) {
    const { definitions, topics } = await slicesOf(
      projectId,
      shadows.map((s) => s.modelVersionId),
    );
    const sliced = shadows.some((s) => definitions.has(s.modelVersionId));
    let query: number[] | undefined;
    let undecided = false;
    if (sliced && queryText.trim()) {
      try {
        [query] = await embedder.embed([queryText]);
      } catch (error) {
        // Without an embedding the slice cannot be told now: mirror it unmarked, and the comparison decides by the
        // topic the worker gives production's answer. Costlier, never blind.
        undecided = true;
        if (!embedWarned) console.error("[shadow] cannot embed to tell slices:", (error as Error).message);
        embedWarned = true;
      }
    }
    const minSimilarity = sliced ? (await settings.get(projectId)).signals.topicMinSimilarity : 0;
    return shadows.flatMap((s) => {
      const definition = definitions.get(s.modelVersionId);
      if (definition && undecided) return [{ modelVersionId: s.modelVersionId, inSlice: null }];
      const slice = definition ? Boolean(query && inSlice(query, definition, topics, minSimilarity)) : null;
      return slice === true || random() < s.mirrorFraction
        ? [{ modelVersionId: s.modelVersionId, inSlice: slice }]
        : [];
    });
  };
}
