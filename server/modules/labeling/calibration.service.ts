// Calibration sessions: an ML lead draws N items from a queue; the participants label them blind (signals and
// routing reasons hidden); the review shows the most disputed items with every label and rationale; the lead
// records agreed labels and a rubric note, which can become a new rubric version. Agreement is shown for the blind
// round and for the participants' labels in the source queue before and after the session.
import { nominalAlpha } from "./agreement-report";
import { DomainError } from "../../errors";
import type { EvaluationService } from "../evaluation/evaluation.service";
import type { EvaluationRepo } from "../evaluation/evaluation.repo";
import { rubricContentOf } from "../evaluation/evaluation.repo";
import type { AgreementService } from "./agreement.service";
import type { CalibrationRepo } from "./calibration.repo";
import { majority } from "./consensus";
import { nominalOf, nominalVocabulary, type QueueKind } from "./label-values";
import type { CreateCalibrationInput } from "./labeling.schema";
import type { AgreementRepo } from "./agreement.repo";
import type { QueueAdmin } from "./queue-admin";
import type { QueuesRepo } from "./queues.repo";

export function createCalibrationService(deps: {
  queues: QueuesRepo;
  /** Creates queues with their rules and audit row. */
  queueAdmin: Pick<QueueAdmin, "createQueue">;
  calibration: CalibrationRepo;
  labels: AgreementRepo;
  agreement: AgreementService;
  rubrics: Pick<EvaluationRepo, "rubricVersion"> & Pick<EvaluationService, "newRubricVersion">;
  now: () => Date;
}) {
  const { queues, queueAdmin, calibration, labels, rubrics, now } = deps;

  async function sessionFor(projectId: string, sessionId: string) {
    const session = await calibration.session(projectId, sessionId);
    if (!session) throw new DomainError("NOT_FOUND", "Calibration session not found");
    return session;
  }

  return {
    async create(projectId: string, input: CreateCalibrationInput, actorId: string) {
      const source = await queues.queue(projectId, input.sourceQueueId);
      if (!source) throw new DomainError("NOT_FOUND", "Queue not found");
      const picked = await calibration.calibrationCandidates(projectId, source.id, input.itemCount);
      if (picked.length < 2)
        throw new DomainError("INVALID_STATE", "The queue needs at least two items to calibrate on");
      const participants = [...new Set(input.participantIds)];
      const queue = await queueAdmin.createQueue(
        projectId,
        {
          name: `Calibration: ${input.name}`,
          description: `Calibration session on ${picked.length} items of “${source.name}”. Labels are blind.`,
          kind: source.kind,
          rubricVersionId: source.rubricVersionId,
          overlap: participants.length,
          goldRate: 0,
          priority: 50,
          showSignals: false,
          source: "calibration",
          assigneeIds: participants,
        },
        actorId,
      );
      await queues.addItems(
        projectId,
        queue.id,
        picked.map((p) => ({
          interactionId: p.interactionId,
          payload: p.payload,
          reason: "calibration",
          judgeChoice: p.judgeChoice,
          judgeStatus: p.judgeStatus,
          judgeConfidence: p.judgeConfidence,
          judgeRaw: p.judgeRaw,
        })),
      );
      const session = await calibration.createSession({
        projectId,
        queueId: queue.id,
        sourceQueueId: source.id,
        name: input.name,
        participantIds: participants,
        createdById: actorId,
      });
      return { sessionId: session.id, queueId: queue.id, items: picked.length };
    },

    list: (projectId: string) => calibration.sessions(projectId),

    /** The session with its items, most disputed first, every label with its rationale, and the agreement figures. */
    async get(projectId: string, sessionId: string) {
      const session = await sessionFor(projectId, sessionId);
      const queue = (await queues.queue(projectId, session.queueId))!;
      const kind = queue.kind as QueueKind;
      const [{ items }, data] = await Promise.all([
        queues.listItems(projectId, queue.id, undefined, 200, 0),
        labels.agreementData(projectId, queue.id),
      ]);
      const reviewed = items
        .map((it) => {
          const nominal = it.labels.map((l) => nominalOf(kind, l.choice, l.category));
          const votes = majority(nominal);
          return { ...it, disagreement: nominal.length ? 1 - votes.share : 0, votes: votes.votes };
        })
        .sort((a, b) => b.disagreement - a.disagreement);
      const toRow = (l: (typeof data.labels)[number]) => ({
        itemId: l.itemId,
        labelerKey: l.labelerKey,
        nominal: nominalOf(kind, l.choice, l.category),
      });
      const blind = nominalAlpha(data.labels.map(toRow));
      // The participants' labels in the source queue, before the session opened and after it closed.
      const source = session.sourceQueueId ? await labels.agreementData(projectId, session.sourceQueueId) : null;
      const sourceRows = (source?.labels ?? []).filter(
        (l) => l.labelerId && session.participantIds.includes(l.labelerId),
      );
      const before = nominalAlpha(sourceRows.filter((l) => new Date(l.createdAt) < session.createdAt).map(toRow));
      const after = session.closedAt
        ? nominalAlpha(sourceRows.filter((l) => new Date(l.createdAt) >= session.closedAt!).map(toRow))
        : null;
      const rubric = queue.rubricVersionId ? await rubrics.rubricVersion(projectId, queue.rubricVersionId) : null;
      const expected = items.length * session.participantIds.length;
      const given = items.reduce((s, it) => s + it.labels.length, 0);
      return {
        session,
        queue: { id: queue.id, name: queue.name, kind: queue.kind },
        rubric: rubric ? { id: rubric.id, version: rubric.version, ...rubricContentOf(rubric) } : null,
        vocabulary: nominalVocabulary(kind, rubric?.failureCategories ?? []),
        items: reviewed,
        progress: { given, expected },
        agreement: { blind, before, after },
      };
    },

    async startReview(projectId: string, sessionId: string) {
      const session = await sessionFor(projectId, sessionId);
      if (session.status !== "labeling") throw new DomainError("INVALID_STATE", "The session is already in review");
      await calibration.updateSession(projectId, sessionId, { status: "review" });
    },

    /** Closes the session; with `newRubricVersion`, its note is appended to a new version of the queue's rubric. */
    async close(
      projectId: string,
      sessionId: string,
      rubricNote: string | undefined,
      newVersion: boolean,
      actorId: string,
    ) {
      const session = await sessionFor(projectId, sessionId);
      if (session.status === "closed") throw new DomainError("INVALID_STATE", "The session is already closed");
      let newRubricVersionId: string | null = null;
      if (newVersion) {
        if (!rubricNote) throw new DomainError("BAD_REQUEST", "Write the rubric note to put in the new version");
        const queue = (await queues.queue(projectId, session.queueId))!;
        const current = queue.rubricVersionId ? await rubrics.rubricVersion(projectId, queue.rubricVersionId) : null;
        if (!current) throw new DomainError("INVALID_STATE", "The session's queue has no rubric to revise");
        const content = rubricContentOf(current);
        const notes = [content.notes, `Calibration “${session.name}”: ${rubricNote}`].filter(Boolean).join("\n\n");
        const created = await rubrics.newRubricVersion(
          projectId,
          current.rubricId,
          { ...content, notes: notes.slice(0, 2000) },
          actorId,
        );
        newRubricVersionId = created.versionId;
      }
      await calibration.updateSession(projectId, sessionId, {
        status: "closed",
        rubricNote: rubricNote ?? null,
        newRubricVersionId,
        closedAt: now(),
      });
      return { newRubricVersionId };
    },
  };
}
