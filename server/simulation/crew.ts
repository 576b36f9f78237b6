// SIMULATED: the people of the living demo world. Four subject-matter experts label the routed queue at a human
// pace, each with a stated reliability and bias; an ML lead sets the Demo's automatic policy and its alert rules,
// marks gold items from the world's answer key, runs a calibration session and puts a prompt variant into shadow
// for a real ML lead to decide; an admin registers that variant. They are member accounts (invited and joined like
// anyone), their names say "simulated", and they act only through the product's services, never on rows.
import { randomBytes } from "node:crypto";
import type { ProjectRole } from "../modules/auth/roles";
import type { Services } from "../services";
import { pick, seededRandom } from "../stats/random";
import { assessAnswer } from "./model";
import type { FailureCategory } from "./topics";

export interface Persona {
  key: string;
  name: string;
  email: string;
  role: ProjectRole;
  /** SMEs: probability that the verdict (pass or fail) is right. */
  reliability: number;
  /** SMEs: probability of passing an answer that is in truth bad (on top of ordinary mistakes). */
  lenience: number;
  /** SMEs: seconds spent on one item, drawn uniformly. */
  secondsPerItem: [number, number];
  /** In words, for the log and the README. */
  style: string;
}

const sme = (key: string, name: string, style: string, reliability: number, lenience: number, pace: [number, number]) =>
  ({
    key,
    name: `${name} (simulated SME)`,
    email: `${key}.sim@demo.tightloop.local`,
    role: "labeler",
    reliability,
    lenience,
    secondsPerItem: pace,
    style,
  }) satisfies Persona;

export const SMES: Persona[] = [
  sme("priya", "Priya Raman", "careful: right 96 % of the time, slow", 0.96, 0, [12, 20]),
  sme("tom", "Tom Becker", "lenient: passes a third of the bad answers", 0.92, 0.35, [6, 10]),
  sme("alex", "Alex Kim", "noisy: right 70 % of the time, fast", 0.7, 0, [5, 9]),
  sme("jun", "Jun Ito", "steady: right 90 % of the time", 0.9, 0, [8, 14]),
];

export const LEAD: Persona = {
  key: "morgan",
  name: "Morgan Lee (simulated ML lead)",
  email: "morgan.sim@demo.tightloop.local",
  role: "ml_lead",
  reliability: 1,
  lenience: 0,
  secondsPerItem: [0, 0],
  style: "sets the policy, marks gold items, runs calibration",
};

const ADMIN: Persona = {
  key: "dana",
  name: "Dana Cruz (simulated admin)",
  email: "dana.sim@demo.tightloop.local",
  role: "admin",
  reliability: 1,
  lenience: 0,
  secondsPerItem: [0, 0],
  style: "registers model versions",
};

export const CREW = [...SMES, LEAD, ADMIN];

/** The name of the prompt variant the simulated ML lead leaves in shadow for a real ML lead to decide. */
const WAITING_CANDIDATE = "support-bot-v1-concise-prompt";

const CATEGORIES: FailureCategory[] = ["incorrect", "incomplete", "off_topic"];

/**
 * What a simulated SME labels an answer with (pure given `random`): the truth from the world's answer key, right with
 * probability `reliability`; a lenient SME also passes some bad answers. Pointwise: a score 1–5, and a failure
 * category when it fails.
 */
export function personaLabel(
  p: Persona,
  truth: { good: boolean; category: FailureCategory | null } | null,
  random: () => number,
): { choice: string; category?: string } {
  if (!truth) return { choice: "3" };
  const right = random() < p.reliability;
  let pass = right ? truth.good : !truth.good;
  if (!truth.good && !pass && random() < p.lenience) pass = true;
  if (pass) return { choice: random() < 0.6 ? "5" : "4" };
  const category = right && truth.category ? truth.category : pick(CATEGORIES, random);
  return { choice: category === "incomplete" ? "2" : "1", category };
}

/** The nominal truth of an item (a gold answer): "pass" or its failure category; null for a question the world does not know. */
export function truthOf(payload: Record<string, unknown>): string | null {
  const truth = assessAnswer(String(payload.input ?? ""), String(payload.output ?? ""));
  if (!truth) return null;
  return truth.good ? "pass" : (truth.category ?? "fail");
}

export interface CrewOptions {
  services: Services;
  projectId: string;
  seed: number;
  /** > 1 speeds the people up (e2e). */
  speed: number;
  signal: AbortSignal;
  log: (message: string) => void;
  /** The prompt variant goes into shadow this long after the crew starts (default 2 minutes ÷ speed). */
  candidateAfterMs?: number;
  /** The calibration session opens once the SMEs have given this many labels (default 40). */
  calibrationAfterLabels?: number;
}

export type Crew = Awaited<ReturnType<typeof setUpCrew>>;

/**
 * Joins the simulated people to the project (invite and accept, once), assigns the SMEs to the Demo's routing queue
 * and has the ML lead set the automatic policy and the alert rules. Idempotent: a restart finds them in place.
 */
export async function setUpCrew({ services, projectId }: Pick<CrewOptions, "services" | "projectId">) {
  const members = await services.members.list(projectId);
  const owner = members.find((m) => m.role === "admin" && !m.email.endsWith("@demo.tightloop.local"));
  if (!owner) throw new Error("the Demo project has no admin to invite the simulated people");
  const ids = new Map<string, string>();
  for (const p of CREW) {
    const existing = members.find((m) => m.email === p.email);
    if (existing) {
      ids.set(p.key, existing.userId);
      continue;
    }
    const invite = await services.members.invite(projectId, { email: p.email, role: p.role }, owner.userId);
    // A random password nobody knows: the simulated people act through the services, they never sign in.
    await services.members.acceptInvite(
      {
        token: invite.token,
        name: p.name,
        password: randomBytes(18).toString("base64url"),
      },
      null,
    );
    const joined = (await services.members.list(projectId)).find((m) => m.email === p.email)!;
    ids.set(p.key, joined.userId);
  }
  const actor = (p: Persona) => ({ id: ids.get(p.key)!, role: p.role });
  const lead = actor(LEAD);

  const queues = await services.labeling.listQueues(projectId, lead);
  const queue = queues.find((q) => q.source === "routing");
  if (!queue) throw new Error("the Demo project has no routing queue");
  const smeIds = SMES.map((p) => ids.get(p.key)!);
  if (smeIds.some((id) => !queue.assigneeIds.includes(id))) {
    await services.labeling.updateQueue(
      projectId,
      { queueId: queue.id, assigneeIds: [...new Set([...queue.assigneeIds, ...smeIds])] },
      lead.id,
    );
  }

  // The Demo closes its loop by itself: an incident builds a dataset and starts a fine-tune, the candidate goes into
  // shadow on all traffic, and the system promotes or rejects what the loop made (hand-registered candidates still
  // wait for an ML lead). The baseline is a day: the fast profile's hour holds too few answers per topic.
  const settings = await services.settings.get(projectId);
  await services.settings.update(
    projectId,
    {
      ...settings,
      evaluation: {
        ...settings.evaluation,
        triggerPolicy: "dataset_and_finetune",
        fineTuneApproval: "automatic",
        baselineWindowSeconds: Math.max(settings.evaluation.baselineWindowSeconds, 86_400),
      },
      shadow: { ...settings.shadow, requiredApprovals: 0, afterTraining: "shadow", mirrorFraction: 1 },
    },
    lead.id,
  );

  if ((await services.alerts.listRules(projectId)).length === 0) {
    // The statistics' usual parameters (EWMA λ and L, CUSUM k and h), as the alert form's defaults.
    const usual = { minSamples: 30, lambda: 0.2, L: 3, k: 0.5, h: 5 };
    const rules = [
      {
        ...usual,
        name: "Pass rate below 65 %",
        metric: "pass_rate" as const,
        method: "threshold" as const,
        warnAt: 0.7,
        alertAt: 0.65,
        windowSeconds: 1800,
      },
      {
        ...usual,
        name: "Negative signals above their baseline (EWMA)",
        metric: "negative_rate" as const,
        method: "ewma" as const,
        windowSeconds: 6 * 3600,
      },
    ];
    for (const rule of rules) await services.alerts.createRule(projectId, rule, lead.id);
  }
  return { queueId: queue.id, actor, lead, admin: actor(ADMIN), smes: SMES.map((p) => ({ persona: p, ...actor(p) })) };
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(() => (signal.removeEventListener("abort", onAbort), resolve()), ms);
    const onAbort = () => (clearTimeout(timer), resolve());
    signal.addEventListener("abort", onAbort, { once: true });
  });

/**
 * One simulated SME at work until the signal aborts: calibration items first (their blind round), then the routed
 * queue, through the labeling service's claim and submit like the workbench. Returns the labels given.
 */
export async function smeAtWork(
  o: CrewOptions,
  crew: Crew,
  me: Crew["smes"][number],
  random: () => number,
): Promise<number> {
  const { services, projectId, signal } = o;
  let given = 0;
  while (!signal.aborted) {
    const sessions = await services.calibration.list(projectId);
    const open = sessions.filter((s) => s.status === "labeling" && s.participantIds.includes(me.id));
    let claimed = null;
    for (const queueId of [...open.map((s) => s.queueId), crew.queueId]) {
      const next = await services.labeling.next(projectId, queueId, me);
      if (next.item) {
        claimed = next.item;
        break;
      }
    }
    if (!claimed) {
      await sleep(15_000 / o.speed, signal);
      continue;
    }
    const [lo, hi] = me.persona.secondsPerItem;
    const seconds = lo + (hi - lo) * random();
    await sleep((seconds * 1000) / o.speed, signal);
    if (signal.aborted) break;
    const truth = assessAnswer(String(claimed.payload.input ?? ""), String(claimed.payload.output ?? ""));
    const label = personaLabel(me.persona, truth, random);
    try {
      await services.labeling.submit(projectId, me, {
        itemId: claimed.id,
        choice: label.choice,
        category: label.category,
        durationMs: Math.round(seconds * 1000),
      });
      given++;
    } catch (error) {
      // A refused label (the hold lapsed and the item filled up meanwhile) is not the end of the shift.
      o.log(`${me.persona.name}: label not taken (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  return given;
}

/**
 * The simulated ML lead's and admin's round, every half minute (÷ speed): gold items from the answer key, the
 * prompt variant into shadow once, and one calibration session (open, wait for the blind round, review the
 * disputed items, record agreed labels, close with a rubric note).
 */
async function leadAtWork(o: CrewOptions, crew: Crew, labelsGiven: () => number) {
  const { signal } = o;
  const started = Date.now();
  const candidateAfterMs = o.candidateAfterMs ?? 120_000 / o.speed;
  while (!signal.aborted) {
    try {
      await markGold(o, crew);
      if (Date.now() - started >= candidateAfterMs) await shadowThePromptVariant(o, crew);
      await calibrate(o, crew, labelsGiven());
    } catch (error) {
      // One round that failed (a busy database, a refused step) is tried again next round.
      o.log(`warning: ${LEAD.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
    await sleep(30_000 / o.speed, signal);
  }
}

/**
 * Gold items from the world's answer key: eight to start with, and one more per hundred labels, so each SME keeps
 * meeting gold items they have not seen.
 */
async function markGold({ services, projectId, log }: CrewOptions, crew: Crew) {
  const queue = (await services.labeling.listQueues(projectId, crew.lead)).find((q) => q.id === crew.queueId);
  if (!queue) return;
  const wanted = 8 + Math.floor(queue.counts.labels / 100) - queue.counts.gold;
  if (wanted <= 0) return;
  const { items } = await services.labeling.listItems(projectId, crew.queueId, "open", 100, 0);
  let marked = 0;
  for (const item of items) {
    if (marked >= wanted) break;
    if (item.isGold || item.labelCount > 0) continue;
    const truth = truthOf(item.payload as Record<string, unknown>);
    if (!truth) continue;
    await services.labeling.setGold(projectId, item.id, truth, crew.lead.id);
    marked++;
  }
  if (marked) log(`${LEAD.name} marked ${marked} gold item(s) from the world's answer key`);
}

async function shadowThePromptVariant({ services, projectId, log }: CrewOptions, crew: Crew) {
  const versions = await services.deployments.list(projectId);
  if (versions.some((v) => v.name === WAITING_CANDIDATE)) return;
  const created = await services.deployments.create(
    projectId,
    { provider: "simulated", name: WAITING_CANDIDATE, profile: "support-bot-v1-concise" },
    crew.admin.id,
  );
  await services.deployments.setStatus(projectId, created.id, "shadow", 1, crew.lead.id);
  log(`${LEAD.name} put ${WAITING_CANDIDATE} into shadow: it waits for a real ML lead's approval`);
}

async function calibrate({ services, projectId, log, calibrationAfterLabels }: CrewOptions, crew: Crew, given: number) {
  const sessions = await services.calibration.list(projectId);
  const session = sessions.find((s) => s.createdById === crew.lead.id);
  if (!session) {
    if (given < (calibrationAfterLabels ?? 40)) return;
    await services.calibration.create(
      projectId,
      {
        name: "Support answers (simulated)",
        sourceQueueId: crew.queueId,
        itemCount: 8,
        participantIds: crew.smes.map((s) => s.id),
      },
      crew.lead.id,
    );
    log(`${LEAD.name} opened a calibration session with the simulated SMEs on 8 items`);
    return;
  }
  if (session.status === "closed") return;
  const view = await services.calibration.get(projectId, session.id);
  if (session.status === "labeling") {
    if (view.progress.given < view.progress.expected) return;
    await services.calibration.startReview(projectId, session.id);
    return;
  }
  // Review: the disputed items get the agreed label (the answer key), then the session closes with a note.
  let agreed = 0;
  for (const item of view.items) {
    if (item.disagreement === 0) continue;
    const truth = truthOf(item.payload as Record<string, unknown>);
    if (!truth) continue;
    await services.labeling.adjudicate(projectId, item.id, truth, "Agreed in calibration review", crew.lead.id);
    agreed++;
  }
  await services.calibration.close(
    projectId,
    session.id,
    "A vague answer that names no concrete step fails as incomplete, even when it is polite.",
    false,
    crew.lead.id,
  );
  log(`${LEAD.name} closed the calibration session (${agreed} agreed label(s) recorded)`);
}

/** Sets the crew up and puts everyone to work until the signal aborts. */
export async function runCrew(o: CrewOptions) {
  const crew = await setUpCrew(o);
  o.log(
    `simulated people at work: ${SMES.map((p) => `${p.name} — ${p.style}`).join("; ")}; ${LEAD.name}; ${ADMIN.name}`,
  );
  let total = 0;
  const work = crew.smes.map((me, i) =>
    smeAtWork(o, crew, me, seededRandom(o.seed + 101 * (i + 1))).then(
      (n) => (total += n),
      (e: unknown) => o.log(`warning: ${me.persona.name} stopped: ${e instanceof Error ? e.message : String(e)}`),
    ),
  );
  // The lead reads the label count from the queue, as anyone would on the Labeling page.
  let labelsInQueue = 0;
  const counter = setInterval(() => {
    void o.services.labeling
      .listQueues(o.projectId, crew.lead)
      .then((qs) => (labelsInQueue = qs.find((q) => q.id === crew.queueId)?.counts.labels ?? 0))
      .catch(() => undefined);
  }, 10_000 / o.speed);
  const lead = leadAtWork(o, crew, () => labelsInQueue).catch((e: unknown) =>
    o.log(`warning: ${LEAD.name} stopped: ${e instanceof Error ? e.message : String(e)}`),
  );
  await Promise.all([...work, lead]);
  clearInterval(counter);
  return total;
}
