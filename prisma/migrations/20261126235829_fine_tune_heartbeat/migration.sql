-- AlterTable
ALTER TABLE "fine_tune_jobs" ADD COLUMN     "heartbeat_at" TIMESTAMP(3);
