/*
  Warnings:

  - A unique constraint covering the columns `[interaction_id,judge_config_id,rubric_version_id]` on the table `judge_scores` will be added. If there are existing duplicate values, this will fail.

*/
-- DropIndex
DROP INDEX "judge_scores_interaction_id_judge_config_id_key";

-- DropIndex
DROP INDEX "judge_scores_project_id_created_at_idx";

-- AlterTable
ALTER TABLE "judge_configs" ADD COLUMN     "consecutive_failures" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "created_by_id" TEXT,
ADD COLUMN     "cursor_id" TEXT,
ADD COLUMN     "cursor_processed_at" TIMESTAMP(3),
ADD COLUMN     "options" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "paused_reason" TEXT,
ADD COLUMN     "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "judge_scores" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "backfill_id" TEXT,
ADD COLUMN     "next_attempt_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "rubric_versions" ADD COLUMN     "examples" JSONB NOT NULL DEFAULT '[]';

-- CreateTable
CREATE TABLE "judge_backfills" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "judge_config_id" TEXT NOT NULL,
    "from" TIMESTAMP(3) NOT NULL,
    "to" TIMESTAMP(3) NOT NULL,
    "total" INTEGER NOT NULL DEFAULT 0,
    "created_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "judge_backfills_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "quality_rollups" (
    "project_id" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "role" "InteractionRole" NOT NULL,
    "model_version_id" TEXT NOT NULL,
    "topic_id" TEXT NOT NULL,
    "interactions" INTEGER NOT NULL,
    "judged" INTEGER NOT NULL,
    "score_sum" DOUBLE PRECISION NOT NULL,
    "pass_count" INTEGER NOT NULL,
    "fail_count" INTEGER NOT NULL,
    "unparseable" INTEGER NOT NULL,
    "negative" INTEGER NOT NULL,
    "explicit" INTEGER NOT NULL,
    "implicit" INTEGER NOT NULL,
    "signal_counts" JSONB NOT NULL,
    "latency_buckets" INTEGER[],
    "latency_sum_ms" DOUBLE PRECISION NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "quality_rollups_pkey" PRIMARY KEY ("project_id","hour","role","model_version_id","topic_id")
);

-- CreateTable
CREATE TABLE "rollup_states" (
    "project_id" TEXT NOT NULL,
    "computed_until" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "rollup_states_pkey" PRIMARY KEY ("project_id")
);

-- CreateIndex
CREATE INDEX "judge_backfills_project_id_created_at_idx" ON "judge_backfills"("project_id", "created_at");

-- CreateIndex
CREATE INDEX "judge_scores_project_id_status_next_attempt_at_idx" ON "judge_scores"("project_id", "status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "judge_scores_project_id_updated_at_idx" ON "judge_scores"("project_id", "updated_at");

-- CreateIndex
CREATE INDEX "judge_scores_backfill_id_status_idx" ON "judge_scores"("backfill_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "judge_scores_interaction_id_judge_config_id_rubric_version__key" ON "judge_scores"("interaction_id", "judge_config_id", "rubric_version_id");

-- CreateIndex
CREATE INDEX "signals_project_id_created_at_idx" ON "signals"("project_id", "created_at");

-- AddForeignKey
ALTER TABLE "judge_configs" ADD CONSTRAINT "judge_configs_rubric_version_id_fkey" FOREIGN KEY ("rubric_version_id") REFERENCES "rubric_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
