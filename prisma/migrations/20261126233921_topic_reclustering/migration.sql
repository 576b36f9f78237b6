-- AlterTable
ALTER TABLE "topics" ADD COLUMN     "label_source" TEXT NOT NULL DEFAULT 'terms',
ADD COLUMN     "merged_into_id" TEXT;

-- CreateTable
CREATE TABLE "topic_clusterings" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "trigger" TEXT NOT NULL,
    "actor_id" TEXT,
    "stats" JSONB NOT NULL DEFAULT '{}',
    "error" TEXT,
    "started_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMP(3),

    CONSTRAINT "topic_clusterings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "topic_clusterings_project_id_started_at_idx" ON "topic_clusterings"("project_id", "started_at");
