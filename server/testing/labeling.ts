// Labeling fixtures for integration tests: a project team with a rubric, processed interactions, a pointwise queue
// and a labeler who works through a queue.
import type { Db } from "../db";
import type { ProjectRole } from "../modules/auth/roles";
import type { Actor } from "../modules/labeling/labeling.service";
import type { Services } from "../services";
import { createProject, createUser } from "./factories";

const RUBRIC = {
  criteria: [{ name: "Correct", description: "The answer is right.", scale: "1-5" as const }],
  failureCategories: ["incorrect", "incomplete"],
  examples: [],
};

export function labelingFixtures(db: Db, services: Services, now: () => Date) {
  async function team(roles: ProjectRole[]) {
    const admin = await createUser(db);
    const people = await Promise.all(roles.map(() => createUser(db)));
    const project = await createProject(db, {
      members: [{ userId: admin.id, role: "admin" }, ...people.map((p, i) => ({ userId: p.id, role: roles[i]! }))],
    });
    const rubric = await services.evaluation.createRubric(project.id, "Quality", RUBRIC, admin.id);
    const actors: Actor[] = people.map((p, i) => ({ id: p.id, role: roles[i]! }));
    return {
      projectId: project.id,
      admin: { id: admin.id, role: "admin" as const },
      actors,
      rubricVersionId: rubric.versionId,
    };
  }

  /** Production interactions answered with the given texts, processed as the signal worker leaves them. */
  async function interactions(projectId: string, n: number) {
    const rows = Array.from({ length: n }, (_, i) => ({
      id: `ix_${crypto.randomUUID()}`,
      projectId,
      input: [{ role: "user", content: `Question ${i}?` }],
      output: `Answer ${i}.`,
      queryText: `Question ${i}?`,
      startedAt: new Date(now().getTime() - 60_000 + i),
      processedAt: now(),
    }));
    await db.interaction.createMany({ data: rows });
    return rows.map((r) => r.id);
  }

  async function pointwiseQueue(
    t: { projectId: string; admin: Actor; actors: Actor[]; rubricVersionId: string },
    items: number,
    overlap = 2,
    extra: { goldRate?: number } = {},
  ) {
    const queue = await services.labeling.createQueue(
      t.projectId,
      {
        name: `q-${crypto.randomUUID()}`,
        kind: "pointwise",
        rubricVersionId: t.rubricVersionId,
        overlap,
        goldRate: extra.goldRate ?? 0,
        priority: 0,
        showSignals: true,
        assigneeIds: t.actors.map((a) => a.id),
      },
      t.admin.id,
    );
    const ids = await interactions(t.projectId, items);
    await services.labeling.addItems(t.projectId, { queueId: queue.id, interactionIds: ids });
    return { queueId: queue.id, interactionIds: ids };
  }

  /** A labeler working through a queue: next, label, next… until nothing is left. */
  async function labelAll(
    projectId: string,
    queueId: string,
    actor: Actor,
    choose: (i: number, item: { interactionId: string | null }) => string,
  ) {
    let n = 0;
    for (;;) {
      const { item } = await services.labeling.next(projectId, queueId, actor);
      if (!item) return n;
      const choice = choose(n, item);
      await services.labeling.submit(projectId, actor, {
        itemId: item.id,
        choice,
        ...(Number(choice) < 3 ? { category: "incorrect" } : {}),
      });
      n++;
    }
  }

  return { team, interactions, pointwiseQueue, labelAll };
}
