-- AlterTable
ALTER TABLE "topics" ADD COLUMN     "label_key" TEXT,
ADD COLUMN     "label_model" TEXT;
