-- AlterTable
ALTER TABLE "failure_patterns" ADD COLUMN     "numbers" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "verdict" TEXT NOT NULL DEFAULT 'not_significant';

-- AlterTable
ALTER TABLE "incidents" ADD COLUMN     "dismiss_reason" TEXT,
ADD COLUMN     "dismissed_by_id" TEXT;

-- CreateTable
CREATE TABLE "pattern_scan_states" (
    "project_id" TEXT NOT NULL,
    "scanned_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "pattern_scan_states_pkey" PRIMARY KEY ("project_id")
);

-- CreateIndex
CREATE INDEX "failure_patterns_project_id_verdict_idx" ON "failure_patterns"("project_id", "verdict");

-- CreateIndex
CREATE INDEX "incidents_project_id_pattern_id_status_idx" ON "incidents"("project_id", "pattern_id", "status");
