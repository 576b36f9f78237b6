-- AlterTable
ALTER TABLE "model_versions" ADD COLUMN     "adapter_ref" TEXT,
ADD COLUMN     "created_by_id" TEXT;

-- AddForeignKey
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
