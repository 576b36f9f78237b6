-- AlterTable
ALTER TABLE "invites" ADD COLUMN     "queue_ids" TEXT[] DEFAULT ARRAY[]::TEXT[];
