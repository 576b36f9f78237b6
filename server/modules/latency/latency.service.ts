// The feedback-latency tracker: each incident's five stages, each step's distribution and trend, the bottleneck,
// and the fast path (event → ingested → judged → queued → labeled); the Overview's loop-health card.
import { incidentTimeline, stepDistribution, weeklyTrend } from "./latency";
import type { LatencyRepo } from "./latency.repo";

const DAY = 86_400_000;

export function createLatencyService({ repo, now }: { repo: LatencyRepo; now: () => Date }) {
  return {
    async overview(projectId: string) {
      const at = now();
      const [incidents, fastPath] = await Promise.all([
        repo.incidents(projectId, new Date(at.getTime() - 90 * DAY)),
        repo.fastPath(projectId, new Date(at.getTime() - 7 * DAY)),
      ]);
      const timelines = incidents.map(incidentTimeline);
      const recent = timelines.filter((t) => t.times.trigger!.getTime() >= at.getTime() - 30 * DAY);
      return {
        timelines,
        last30Days: stepDistribution(recent),
        trend: weeklyTrend(timelines),
        fastPath,
      };
    },

    /** Open incidents with the stage they reached, and the median failure-to-fix of the last 30 days. */
    async loopHealth(projectId: string) {
      const at = now();
      const incidents = await repo.incidents(projectId, new Date(at.getTime() - 90 * DAY));
      const timelines = incidents.map(incidentTimeline);
      const recent = timelines.filter((t) => t.times.deployed && t.times.deployed.getTime() >= at.getTime() - 30 * DAY);
      const d = stepDistribution(recent);
      return {
        open: timelines
          .filter((t) => t.times.deployed === null && t.status !== "resolved")
          .map((t) => ({
            id: t.id,
            title: t.title,
            stages: t.stages,
          })),
        fixedLast30Days: d.total.n,
        medianFailureToFixSeconds: d.total.median,
      };
    },
  };
}
