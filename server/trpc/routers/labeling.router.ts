import type { ProjectRole } from "../../modules/auth/roles";
import type { Actor } from "../../modules/labeling/labeling.service";
import {
  addItemsInput,
  adjudicateInput,
  agreementInput,
  createQueueInput,
  importLabelsInput,
  listItemsInput,
  queueIdInput,
  setGoldInput,
  skipItemInput,
  submitLabelInput,
  updateQueueInput,
} from "../../modules/labeling/labeling.schema";
import { labelerProcedure, mlLeadProcedure, router, viewerProcedure } from "../init";

const actor = (ctx: { user: { id: string }; role: ProjectRole }): Actor => ({ id: ctx.user.id, role: ctx.role });

export const labelingRouter = router({
  queues: viewerProcedure.query(({ ctx }) => ctx.services.labeling.listQueues(ctx.project.id, actor(ctx))),
  queue: viewerProcedure
    .input(queueIdInput)
    .query(({ ctx, input }) => ctx.services.labeling.queue(ctx.project.id, input.queueId, actor(ctx))),
  createQueue: mlLeadProcedure
    .input(createQueueInput)
    .mutation(({ ctx, input }) => ctx.services.labeling.createQueue(ctx.project.id, input, ctx.user.id)),
  updateQueue: mlLeadProcedure
    .input(updateQueueInput)
    .mutation(({ ctx, input }) => ctx.services.labeling.updateQueue(ctx.project.id, input, ctx.user.id)),
  addItems: mlLeadProcedure
    .input(addItemsInput)
    .mutation(({ ctx, input }) => ctx.services.labeling.addItems(ctx.project.id, input)),
  setGold: mlLeadProcedure
    .input(setGoldInput)
    .mutation(({ ctx, input }) =>
      ctx.services.labeling.setGold(ctx.project.id, input.itemId, input.goldChoice, ctx.user.id),
    ),
  items: mlLeadProcedure.input(listItemsInput).query(async ({ ctx, input }) => {
    const [page, aggregate] = await Promise.all([
      ctx.services.labeling.listItems(ctx.project.id, input.queueId, input.status, input.limit, input.offset),
      ctx.services.agreement.aggregateByItem(ctx.project.id, input.queueId),
    ]);
    return { ...page, items: page.items.map((it) => ({ ...it, dawidSkene: aggregate.get(it.id) ?? null })) };
  }),
  adjudicate: mlLeadProcedure
    .input(adjudicateInput)
    .mutation(({ ctx, input }) =>
      ctx.services.labeling.adjudicate(ctx.project.id, input.itemId, input.label, input.note, ctx.user.id),
    ),
  next: labelerProcedure
    .input(queueIdInput)
    .mutation(({ ctx, input }) => ctx.services.labeling.next(ctx.project.id, input.queueId, actor(ctx))),
  submit: labelerProcedure
    .input(submitLabelInput)
    .mutation(({ ctx, input }) => ctx.services.labeling.submit(ctx.project.id, actor(ctx), input)),
  skip: labelerProcedure
    .input(skipItemInput)
    .mutation(({ ctx, input }) => ctx.services.labeling.skip(ctx.project.id, actor(ctx), input.itemId, input.reason)),
  undo: labelerProcedure
    .input(queueIdInput)
    .mutation(({ ctx, input }) => ctx.services.labeling.undo(ctx.project.id, input.queueId, actor(ctx))),
  agreement: viewerProcedure.input(agreementInput).query(async ({ ctx, input }) => {
    await ctx.services.labeling.visibleQueue(ctx.project.id, input.queueId, actor(ctx));
    return ctx.services.agreement.report(ctx.project.id, input.queueId, input.rubricVersionId);
  }),
  people: mlLeadProcedure.query(({ ctx }) => ctx.services.labeling.people(ctx.project.id)),
  importLabels: mlLeadProcedure
    .input(importLabelsInput)
    .mutation(({ ctx, input }) => ctx.services.labelImport.importLabels(ctx.project.id, input, ctx.user.id)),
});
