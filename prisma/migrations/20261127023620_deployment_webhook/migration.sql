-- AlterTable
ALTER TABLE "alert_notifications" ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'alert',
ALTER COLUMN "alert_id" DROP NOT NULL,
ALTER COLUMN "rule_id" DROP NOT NULL;

-- AlterTable
ALTER TABLE "projects" ADD COLUMN     "deploy_webhook_host" TEXT,
ADD COLUMN     "deploy_webhook_sealed" TEXT;
