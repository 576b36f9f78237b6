/*
  Warnings:

  - A unique constraint covering the columns `[project_id,client_event_id]` on the table `interactions` will be added. If there are existing duplicate values, this will fail.

*/
-- AlterTable
ALTER TABLE "events" ADD COLUMN     "processed_at" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "interactions" ADD COLUMN     "client_event_id" TEXT,
ADD COLUMN     "embedding" DOUBLE PRECISION[] DEFAULT ARRAY[]::DOUBLE PRECISION[],
ADD COLUMN     "language" TEXT,
ADD COLUMN     "processed_at" TIMESTAMP(3),
ADD COLUMN     "query_text" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "session_states" (
    "project_id" TEXT NOT NULL,
    "session_id" TEXT NOT NULL,
    "end_user_id" TEXT,
    "last_activity_at" TIMESTAMP(3) NOT NULL,
    "closed_at" TIMESTAMP(3),

    CONSTRAINT "session_states_pkey" PRIMARY KEY ("project_id","session_id")
);

-- CreateTable
CREATE TABLE "rate_limit_windows" (
    "key" TEXT NOT NULL,
    "window_start" TIMESTAMP(3) NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "rate_limit_windows_pkey" PRIMARY KEY ("key","window_start")
);

-- CreateIndex
CREATE INDEX "session_states_project_id_closed_at_last_activity_at_idx" ON "session_states"("project_id", "closed_at", "last_activity_at");

-- CreateIndex
CREATE INDEX "rate_limit_windows_window_start_idx" ON "rate_limit_windows"("window_start");

-- CreateIndex
CREATE INDEX "events_project_id_processed_at_idx" ON "events"("project_id", "processed_at");

-- CreateIndex
CREATE INDEX "interactions_project_id_processed_at_idx" ON "interactions"("project_id", "processed_at");

-- CreateIndex
CREATE UNIQUE INDEX "interactions_project_id_client_event_id_key" ON "interactions"("project_id", "client_event_id");
