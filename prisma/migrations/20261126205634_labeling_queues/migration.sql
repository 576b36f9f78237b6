/*
  Warnings:

  - You are about to drop the column `gold_label` on the `label_items` table. All the data in the column will be lost.
  - You are about to drop the column `value` on the `labels` table. All the data in the column will be lost.
  - A unique constraint covering the columns `[queue_id,interaction_id]` on the table `label_items` will be added. If there are existing duplicate values, this will fail.
  - A unique constraint covering the columns `[item_id,labeler_key]` on the table `labels` will be added. If there are existing duplicate values, this will fail.
  - Added the required column `choice` to the `labels` table without a default value. This is not possible if the table is not empty.
  - Added the required column `labeler_key` to the `labels` table without a default value. This is not possible if the table is not empty.
  - Added the required column `queue_id` to the `labels` table without a default value. This is not possible if the table is not empty.

*/
-- DropIndex
DROP INDEX "labels_item_id_labeler_id_key";

-- DropIndex
DROP INDEX "labels_project_id_created_at_idx";

-- AlterTable
ALTER TABLE "label_items" DROP COLUMN "gold_label",
ADD COLUMN     "adjudicated_at" TIMESTAMP(3),
ADD COLUMN     "adjudicated_by_id" TEXT,
ADD COLUMN     "adjudication_note" TEXT,
ADD COLUMN     "external_id" TEXT,
ADD COLUMN     "gold_choice" TEXT,
ADD COLUMN     "judge_choice" TEXT,
ADD COLUMN     "judge_confidence" DOUBLE PRECISION,
ADD COLUMN     "judge_raw" TEXT,
ADD COLUMN     "judge_status" TEXT,
ADD COLUMN     "label_count" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "priority" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "label_queues" ADD COLUMN     "created_by_id" TEXT,
ADD COLUMN     "description" TEXT,
ADD COLUMN     "priority" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "routing" JSONB,
ADD COLUMN     "routing_cursor_at" TIMESTAMP(3),
ADD COLUMN     "routing_cursor_id" TEXT,
ADD COLUMN     "show_signals" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "source" TEXT NOT NULL DEFAULT 'manual';

-- AlterTable
ALTER TABLE "labels" DROP COLUMN "value",
ADD COLUMN     "category" TEXT,
ADD COLUMN     "choice" TEXT NOT NULL,
ADD COLUMN     "labeler_key" TEXT NOT NULL,
ADD COLUMN     "labeler_name" TEXT,
ADD COLUMN     "queue_id" TEXT NOT NULL,
ADD COLUMN     "rationale" TEXT,
ALTER COLUMN "labeler_id" DROP NOT NULL;

-- CreateTable
CREATE TABLE "label_queue_assignees" (
    "queue_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "label_queue_assignees_pkey" PRIMARY KEY ("queue_id","user_id")
);

-- CreateTable
CREATE TABLE "label_holds" (
    "item_id" TEXT NOT NULL,
    "labeler_id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "label_holds_pkey" PRIMARY KEY ("item_id","labeler_id")
);

-- CreateTable
CREATE TABLE "label_skips" (
    "item_id" TEXT NOT NULL,
    "labeler_id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "label_skips_pkey" PRIMARY KEY ("item_id","labeler_id")
);

-- CreateTable
CREATE TABLE "calibration_sessions" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "queue_id" TEXT NOT NULL,
    "source_queue_id" TEXT,
    "name" TEXT NOT NULL,
    "participant_ids" TEXT[],
    "status" TEXT NOT NULL DEFAULT 'labeling',
    "rubric_note" TEXT,
    "new_rubric_version_id" TEXT,
    "created_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closed_at" TIMESTAMP(3),

    CONSTRAINT "calibration_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "label_queue_assignees_project_id_user_id_idx" ON "label_queue_assignees"("project_id", "user_id");

-- CreateIndex
CREATE INDEX "label_holds_project_id_expires_at_idx" ON "label_holds"("project_id", "expires_at");

-- CreateIndex
CREATE INDEX "label_skips_project_id_created_at_idx" ON "label_skips"("project_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "calibration_sessions_queue_id_key" ON "calibration_sessions"("queue_id");

-- CreateIndex
CREATE INDEX "calibration_sessions_project_id_created_at_idx" ON "calibration_sessions"("project_id", "created_at");

-- CreateIndex
CREATE INDEX "label_items_queue_id_status_priority_created_at_idx" ON "label_items"("queue_id", "status", "priority", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "label_items_queue_id_interaction_id_key" ON "label_items"("queue_id", "interaction_id");

-- CreateIndex
CREATE INDEX "label_queues_project_id_created_at_idx" ON "label_queues"("project_id", "created_at");

-- CreateIndex
CREATE INDEX "labels_project_id_queue_id_created_at_idx" ON "labels"("project_id", "queue_id", "created_at");

-- CreateIndex
CREATE INDEX "labels_labeler_id_created_at_idx" ON "labels"("labeler_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "labels_item_id_labeler_key_key" ON "labels"("item_id", "labeler_key");

-- AddForeignKey
ALTER TABLE "label_queue_assignees" ADD CONSTRAINT "label_queue_assignees_queue_id_fkey" FOREIGN KEY ("queue_id") REFERENCES "label_queues"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "label_queue_assignees" ADD CONSTRAINT "label_queue_assignees_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "label_holds" ADD CONSTRAINT "label_holds_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "label_items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "label_skips" ADD CONSTRAINT "label_skips_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "label_items"("id") ON DELETE CASCADE ON UPDATE CASCADE;
