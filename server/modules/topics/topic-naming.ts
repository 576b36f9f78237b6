// Topic names by the project's chat model (its judge), run at the end of each re-clustering.
import type { NamingModel } from "../../llm/topic-namer";
import type { TopicsRepo } from "./topics.repo";

export interface TopicNamer {
  model(projectId: string): Promise<NamingModel | null>;
  name(model: NamingModel, questions: readonly string[], terms: readonly string[]): Promise<string | null>;
}

export function createTopicNaming(repo: TopicsRepo, namer: TopicNamer | undefined) {
  /**
   * Names up to ten topics whose terms have no model name yet (the largest first), with a few of their latest
   * questions. Cached by the terms: a topic is named again only when re-clustering changes them. Stops at the
   * first failure (an endpoint that is down is not asked ten times a run); the terms' names stay meanwhile.
   */
  return async function nameWithModel(projectId: string, minSize: number) {
    const model = namer ? await namer.model(projectId) : null;
    if (!namer || !model) return { named: 0, namingError: null };
    const todo = await repo.unnamed(projectId, minSize, 10);
    const examples = await repo.examples(
      projectId,
      todo.map((t) => t.id),
      8,
    );
    const bounded =
      model.provider === "openai-compatible" ? { ...model, timeoutSeconds: Math.min(model.timeoutSeconds, 20) } : model;
    // Two topics never share a name: a second one about the same thing keeps its terms' name beside the model's.
    const taken = new Map((await repo.liveTopics(projectId)).map((t) => [t.label.toLowerCase(), t.id]));
    const free = (label: string, id: string) => (taken.get(label.toLowerCase()) ?? id) === id;
    let named = 0;
    for (const t of todo) {
      try {
        const questions = examples.filter((e) => e.topicId === t.id).map((e) => e.text);
        const answer = questions.length > 0 ? await namer.name(bounded, questions, t.terms) : null;
        if (!answer) continue;
        const label = [answer, `${answer} (${t.label})`].find((l) => free(l, t.id));
        if (!label) continue;
        await repo.setModelName(projectId, t.id, label, model.model, t.terms);
        taken.delete(t.label.toLowerCase());
        taken.set(label.toLowerCase(), t.id);
        named++;
      } catch (error) {
        return { named, namingError: `${model.model}: ${(error as Error).message}`.slice(0, 300) };
      }
    }
    return { named, namingError: null };
  };
}
