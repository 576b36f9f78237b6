-- AlterTable
ALTER TABLE "alerts" ADD COLUMN     "rule_id" TEXT;

-- CreateTable
CREATE TABLE "alert_rules" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "model_version_id" TEXT,
    "topic_id" TEXT,
    "method" TEXT NOT NULL,
    "warn_at" DOUBLE PRECISION,
    "alert_at" DOUBLE PRECISION,
    "params" JSONB NOT NULL DEFAULT '{}',
    "window_seconds" INTEGER NOT NULL,
    "min_samples" INTEGER NOT NULL DEFAULT 20,
    "webhook_sealed" TEXT,
    "webhook_host" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "state" TEXT NOT NULL DEFAULT 'NO_DATA',
    "state_since" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ok_streak" INTEGER NOT NULL DEFAULT 0,
    "last_value" DOUBLE PRECISION,
    "last_evaluated_at" TIMESTAMP(3),
    "baseline_mean" DOUBLE PRECISION,
    "baseline_sigma" DOUBLE PRECISION,
    "baseline_buckets" INTEGER,
    "baseline_from" TIMESTAMP(3),
    "baseline_to" TIMESTAMP(3),
    "created_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_notifications" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "alert_id" TEXT NOT NULL,
    "rule_id" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_error" TEXT,
    "sent_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_notifications_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "alert_rules_project_id_name_key" ON "alert_rules"("project_id", "name");

-- CreateIndex
CREATE INDEX "alert_notifications_status_next_attempt_at_idx" ON "alert_notifications"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "alert_notifications_project_id_created_at_idx" ON "alert_notifications"("project_id", "created_at");

-- CreateIndex
CREATE INDEX "alerts_project_id_rule_id_idx" ON "alerts"("project_id", "rule_id");
