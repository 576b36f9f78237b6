-- AlterTable
ALTER TABLE "dataset_examples" ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'sft',
ADD COLUMN     "provenance" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "source" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "split" TEXT NOT NULL DEFAULT 'train';

-- AlterTable
ALTER TABLE "datasets" ADD COLUMN     "created_by_id" TEXT,
ADD COLUMN     "options" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "stats" JSONB NOT NULL DEFAULT '{}';
