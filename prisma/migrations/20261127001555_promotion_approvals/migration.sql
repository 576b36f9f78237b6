-- CreateTable
CREATE TABLE "promotion_approvals" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "candidate_id" TEXT NOT NULL,
    "actor_id" TEXT NOT NULL,
    "override" TEXT,
    "gates" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "promotion_approvals_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "promotion_approvals_project_id_candidate_id_idx" ON "promotion_approvals"("project_id", "candidate_id");

-- CreateIndex
CREATE UNIQUE INDEX "promotion_approvals_candidate_id_actor_id_key" ON "promotion_approvals"("candidate_id", "actor_id");
