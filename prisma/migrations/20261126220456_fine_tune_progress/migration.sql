-- AlterTable
ALTER TABLE "fine_tune_jobs" ADD COLUMN     "cancel_requested" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "created_by_id" TEXT,
ADD COLUMN     "step" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "total_steps" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "work_dir" TEXT,
ALTER COLUMN "status" SET DEFAULT 'queued';
