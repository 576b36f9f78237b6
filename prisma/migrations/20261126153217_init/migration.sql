-- CreateEnum
CREATE TYPE "Role" AS ENUM ('viewer', 'labeler', 'ml_lead', 'admin');

-- CreateEnum
CREATE TYPE "ApiKeyScope" AS ENUM ('ingest', 'feedback-only');

-- CreateEnum
CREATE TYPE "ModelVersionStatus" AS ENUM ('production', 'shadow', 'candidate', 'retired');

-- CreateEnum
CREATE TYPE "InteractionRole" AS ENUM ('production', 'shadow');

-- CreateEnum
CREATE TYPE "SignalSource" AS ENUM ('explicit', 'implicit', 'judge', 'human');

-- CreateEnum
CREATE TYPE "SignalPolarity" AS ENUM ('negative', 'neutral', 'positive');

-- CreateTable
CREATE TABLE "users" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "password_hash" TEXT,
    "is_instance_admin" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "projects" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "is_demo" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "projects_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "memberships" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "memberships_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "invites" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "token_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "accepted_at" TIMESTAMP(3),
    "revoked_at" TIMESTAMP(3),
    "created_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "invites_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "scopes" "ApiKeyScope"[],
    "allowed_origins" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "created_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMP(3),
    "revoked_at" TIMESTAMP(3),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sign_in_throttles" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "window_started_at" TIMESTAMP(3) NOT NULL,
    "locked_until" TIMESTAMP(3),

    CONSTRAINT "sign_in_throttles_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "project_settings" (
    "project_id" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "project_settings_pkey" PRIMARY KEY ("project_id")
);

-- CreateTable
CREATE TABLE "audit_logs" (
    "id" TEXT NOT NULL,
    "project_id" TEXT,
    "actor_id" TEXT,
    "action" TEXT NOT NULL,
    "target_type" TEXT NOT NULL,
    "target_id" TEXT,
    "detail" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_logs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "model_versions" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "config" JSONB NOT NULL DEFAULT '{}',
    "encrypted_secret" TEXT,
    "status" "ModelVersionStatus" NOT NULL DEFAULT 'candidate',
    "parent_id" TEXT,
    "mirror_fraction" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "model_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "production_routes" (
    "project_id" TEXT NOT NULL,
    "model_version_id" TEXT NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "production_routes_pkey" PRIMARY KEY ("project_id")
);

-- CreateTable
CREATE TABLE "interactions" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "client_id" TEXT,
    "role" "InteractionRole" NOT NULL DEFAULT 'production',
    "shadow_of_id" TEXT,
    "source" TEXT NOT NULL DEFAULT 'ingest',
    "session_id" TEXT,
    "end_user_id" TEXT,
    "model_version_id" TEXT,
    "topic_id" TEXT,
    "input" JSONB NOT NULL,
    "output" TEXT,
    "started_at" TIMESTAMP(3) NOT NULL,
    "ended_at" TIMESTAMP(3),
    "latency_ms" INTEGER,
    "prompt_tokens" INTEGER,
    "completion_tokens" INTEGER,
    "aborted" BOOLEAN NOT NULL DEFAULT false,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "interactions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "events" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "client_event_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "interaction_ref" TEXT,
    "interaction_id" TEXT,
    "session_id" TEXT,
    "end_user_id" TEXT,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "occurred_at" TIMESTAMP(3) NOT NULL,
    "received_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "signals" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "interaction_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "polarity" "SignalPolarity" NOT NULL,
    "strength" DOUBLE PRECISION NOT NULL,
    "source" "SignalSource" NOT NULL,
    "evidence" JSONB NOT NULL DEFAULT '{}',
    "dedupe_key" TEXT NOT NULL,
    "occurred_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "signals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rubrics" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rubrics_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rubric_versions" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "rubric_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "criteria" JSONB NOT NULL,
    "failure_categories" TEXT[],
    "notes" TEXT,
    "created_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rubric_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "judge_configs" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "base_url" TEXT,
    "model" TEXT NOT NULL,
    "encrypted_secret" TEXT,
    "rubric_version_id" TEXT NOT NULL,
    "sample_rate" DOUBLE PRECISION NOT NULL DEFAULT 1,
    "filters" JSONB NOT NULL DEFAULT '{}',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "judge_configs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "judge_scores" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "interaction_id" TEXT NOT NULL,
    "judge_config_id" TEXT NOT NULL,
    "rubric_version_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "score" DOUBLE PRECISION,
    "pass" BOOLEAN,
    "category" TEXT,
    "rationale" TEXT,
    "confidence" DOUBLE PRECISION,
    "raw" TEXT,
    "latency_ms" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "judge_scores_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "label_queues" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "rubric_version_id" TEXT,
    "kind" TEXT NOT NULL DEFAULT 'pointwise',
    "overlap" INTEGER NOT NULL DEFAULT 2,
    "gold_rate" DOUBLE PRECISION NOT NULL DEFAULT 0.05,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "label_queues_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "label_items" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "queue_id" TEXT NOT NULL,
    "interaction_id" TEXT,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "reason" TEXT,
    "is_gold" BOOLEAN NOT NULL DEFAULT false,
    "gold_label" JSONB,
    "status" TEXT NOT NULL DEFAULT 'open',
    "consensus" JSONB,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "label_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "labels" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "item_id" TEXT NOT NULL,
    "labeler_id" TEXT NOT NULL,
    "rubric_version_id" TEXT,
    "value" JSONB NOT NULL,
    "duration_ms" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "labels_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "topics" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "terms" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "centroid" DOUBLE PRECISION[] DEFAULT ARRAY[]::DOUBLE PRECISION[],
    "size" INTEGER NOT NULL DEFAULT 0,
    "is_new" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "topics_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "failure_patterns" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "topic_id" TEXT,
    "category" TEXT NOT NULL,
    "recent_count" INTEGER NOT NULL DEFAULT 0,
    "recent_total" INTEGER NOT NULL DEFAULT 0,
    "baseline_count" INTEGER NOT NULL DEFAULT 0,
    "baseline_total" INTEGER NOT NULL DEFAULT 0,
    "p_value" DOUBLE PRECISION,
    "q_value" DOUBLE PRECISION,
    "cusum" DOUBLE PRECISION,
    "significant" BOOLEAN NOT NULL DEFAULT false,
    "evaluated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "failure_patterns_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incidents" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "pattern_id" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "title" TEXT NOT NULL,
    "failure_at" TIMESTAMP(3) NOT NULL,
    "signal_at" TIMESTAMP(3) NOT NULL,
    "triggered_at" TIMESTAMP(3) NOT NULL,
    "trained_at" TIMESTAMP(3),
    "deployed_at" TIMESTAMP(3),
    "evidence" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "incidents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "datasets" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "incident_id" TEXT,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "row_count" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "datasets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dataset_examples" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "dataset_id" TEXT NOT NULL,
    "prompt" JSONB NOT NULL,
    "chosen" TEXT,
    "rejected" TEXT,
    "source_interaction_id" TEXT,

    CONSTRAINT "dataset_examples_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "fine_tune_jobs" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "dataset_id" TEXT NOT NULL,
    "incident_id" TEXT,
    "method" TEXT NOT NULL,
    "backend" TEXT NOT NULL,
    "base_model_version_id" TEXT NOT NULL,
    "hyperparameters" JSONB NOT NULL DEFAULT '{}',
    "status" TEXT NOT NULL DEFAULT 'pending_approval',
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "metrics" JSONB NOT NULL DEFAULT '[]',
    "logs" TEXT NOT NULL DEFAULT '',
    "error" TEXT,
    "candidate_model_version_id" TEXT,
    "approved_by_id" TEXT,
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "fine_tune_jobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "comparisons" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "candidate_id" TEXT NOT NULL,
    "production_version_id" TEXT NOT NULL,
    "production_interaction_id" TEXT NOT NULL,
    "shadow_interaction_id" TEXT NOT NULL,
    "topic_id" TEXT,
    "production_score" DOUBLE PRECISION,
    "shadow_score" DOUBLE PRECISION,
    "outcome" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "comparisons_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "promotions" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "from_model_version_id" TEXT,
    "to_model_version_id" TEXT NOT NULL,
    "actor_id" TEXT,
    "automatic" BOOLEAN NOT NULL DEFAULT false,
    "gates" JSONB NOT NULL DEFAULT '{}',
    "reason" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "promotions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alerts" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "title" TEXT NOT NULL,
    "detail" JSONB NOT NULL DEFAULT '{}',
    "opened_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolved_at" TIMESTAMP(3),

    CONSTRAINT "alerts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "worker_heartbeats" (
    "worker_id" TEXT NOT NULL,
    "beat_at" TIMESTAMP(3) NOT NULL,
    "started_at" TIMESTAMP(3) NOT NULL,
    "version" TEXT NOT NULL,

    CONSTRAINT "worker_heartbeats_pkey" PRIMARY KEY ("worker_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE INDEX "memberships_user_id_idx" ON "memberships"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "memberships_project_id_user_id_key" ON "memberships"("project_id", "user_id");

-- CreateIndex
CREATE UNIQUE INDEX "invites_token_hash_key" ON "invites"("token_hash");

-- CreateIndex
CREATE INDEX "invites_project_id_created_at_idx" ON "invites"("project_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_prefix_key" ON "api_keys"("prefix");

-- CreateIndex
CREATE INDEX "api_keys_project_id_created_at_idx" ON "api_keys"("project_id", "created_at");

-- CreateIndex
CREATE INDEX "audit_logs_project_id_created_at_idx" ON "audit_logs"("project_id", "created_at");

-- CreateIndex
CREATE INDEX "audit_logs_created_at_idx" ON "audit_logs"("created_at");

-- CreateIndex
CREATE INDEX "model_versions_project_id_status_idx" ON "model_versions"("project_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "model_versions_project_id_name_key" ON "model_versions"("project_id", "name");

-- CreateIndex
CREATE INDEX "interactions_project_id_started_at_idx" ON "interactions"("project_id", "started_at");

-- CreateIndex
CREATE INDEX "interactions_project_id_session_id_started_at_idx" ON "interactions"("project_id", "session_id", "started_at");

-- CreateIndex
CREATE INDEX "interactions_project_id_end_user_id_started_at_idx" ON "interactions"("project_id", "end_user_id", "started_at");

-- CreateIndex
CREATE INDEX "interactions_project_id_topic_id_started_at_idx" ON "interactions"("project_id", "topic_id", "started_at");

-- CreateIndex
CREATE INDEX "interactions_project_id_model_version_id_started_at_idx" ON "interactions"("project_id", "model_version_id", "started_at");

-- CreateIndex
CREATE INDEX "interactions_project_id_shadow_of_id_idx" ON "interactions"("project_id", "shadow_of_id");

-- CreateIndex
CREATE UNIQUE INDEX "interactions_project_id_client_id_key" ON "interactions"("project_id", "client_id");

-- CreateIndex
CREATE INDEX "events_project_id_interaction_ref_idx" ON "events"("project_id", "interaction_ref");

-- CreateIndex
CREATE INDEX "events_project_id_interaction_id_idx" ON "events"("project_id", "interaction_id");

-- CreateIndex
CREATE INDEX "events_project_id_session_id_occurred_at_idx" ON "events"("project_id", "session_id", "occurred_at");

-- CreateIndex
CREATE INDEX "events_project_id_occurred_at_idx" ON "events"("project_id", "occurred_at");

-- CreateIndex
CREATE UNIQUE INDEX "events_project_id_client_event_id_key" ON "events"("project_id", "client_event_id");

-- CreateIndex
CREATE INDEX "signals_project_id_occurred_at_idx" ON "signals"("project_id", "occurred_at");

-- CreateIndex
CREATE INDEX "signals_project_id_interaction_id_idx" ON "signals"("project_id", "interaction_id");

-- CreateIndex
CREATE INDEX "signals_project_id_type_occurred_at_idx" ON "signals"("project_id", "type", "occurred_at");

-- CreateIndex
CREATE UNIQUE INDEX "signals_project_id_dedupe_key_key" ON "signals"("project_id", "dedupe_key");

-- CreateIndex
CREATE UNIQUE INDEX "rubrics_project_id_name_key" ON "rubrics"("project_id", "name");

-- CreateIndex
CREATE INDEX "rubric_versions_project_id_created_at_idx" ON "rubric_versions"("project_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "rubric_versions_rubric_id_version_key" ON "rubric_versions"("rubric_id", "version");

-- CreateIndex
CREATE UNIQUE INDEX "judge_configs_project_id_name_key" ON "judge_configs"("project_id", "name");

-- CreateIndex
CREATE INDEX "judge_scores_project_id_created_at_idx" ON "judge_scores"("project_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "judge_scores_interaction_id_judge_config_id_key" ON "judge_scores"("interaction_id", "judge_config_id");

-- CreateIndex
CREATE UNIQUE INDEX "label_queues_project_id_name_key" ON "label_queues"("project_id", "name");

-- CreateIndex
CREATE INDEX "label_items_project_id_queue_id_status_idx" ON "label_items"("project_id", "queue_id", "status");

-- CreateIndex
CREATE INDEX "labels_project_id_created_at_idx" ON "labels"("project_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "labels_item_id_labeler_id_key" ON "labels"("item_id", "labeler_id");

-- CreateIndex
CREATE INDEX "topics_project_id_created_at_idx" ON "topics"("project_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "failure_patterns_project_id_topic_id_category_key" ON "failure_patterns"("project_id", "topic_id", "category");

-- CreateIndex
CREATE INDEX "incidents_project_id_triggered_at_idx" ON "incidents"("project_id", "triggered_at");

-- CreateIndex
CREATE INDEX "datasets_project_id_created_at_idx" ON "datasets"("project_id", "created_at");

-- CreateIndex
CREATE INDEX "dataset_examples_project_id_dataset_id_idx" ON "dataset_examples"("project_id", "dataset_id");

-- CreateIndex
CREATE INDEX "fine_tune_jobs_project_id_created_at_idx" ON "fine_tune_jobs"("project_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "comparisons_shadow_interaction_id_key" ON "comparisons"("shadow_interaction_id");

-- CreateIndex
CREATE INDEX "comparisons_project_id_candidate_id_created_at_idx" ON "comparisons"("project_id", "candidate_id", "created_at");

-- CreateIndex
CREATE INDEX "promotions_project_id_created_at_idx" ON "promotions"("project_id", "created_at");

-- CreateIndex
CREATE INDEX "alerts_project_id_status_opened_at_idx" ON "alerts"("project_id", "status", "opened_at");

-- AddForeignKey
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invites" ADD CONSTRAINT "invites_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_settings" ADD CONSTRAINT "project_settings_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rubric_versions" ADD CONSTRAINT "rubric_versions_rubric_id_fkey" FOREIGN KEY ("rubric_id") REFERENCES "rubrics"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "label_items" ADD CONSTRAINT "label_items_queue_id_fkey" FOREIGN KEY ("queue_id") REFERENCES "label_queues"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "labels" ADD CONSTRAINT "labels_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "label_items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "labels" ADD CONSTRAINT "labels_labeler_id_fkey" FOREIGN KEY ("labeler_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dataset_examples" ADD CONSTRAINT "dataset_examples_dataset_id_fkey" FOREIGN KEY ("dataset_id") REFERENCES "datasets"("id") ON DELETE CASCADE ON UPDATE CASCADE;
