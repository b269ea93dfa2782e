-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('field_staff', 'agency_contact', 'supervisor', 'admin');

-- CreateEnum
CREATE TYPE "AreaLevel" AS ENUM ('city', 'district', 'area');

-- CreateEnum
CREATE TYPE "Platform" AS ENUM ('slack', 'teams', 'web', 'memory');

-- CreateEnum
CREATE TYPE "IncidentStatus" AS ENUM ('open', 'closed');

-- CreateEnum
CREATE TYPE "AgencyState" AS ENUM ('notified', 'acknowledged', 'responding', 'declined');

-- CreateEnum
CREATE TYPE "NotificationStatus" AS ENUM ('pending', 'sending', 'sent', 'dead');

-- CreateTable
CREATE TABLE "area" (
    "id" TEXT NOT NULL,
    "parent_id" TEXT,
    "level" "AreaLevel" NOT NULL,
    "name_sv" TEXT NOT NULL,
    "name_en" TEXT NOT NULL,
    "aliases" TEXT[],
    "active" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "area_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agency" (
    "id" TEXT NOT NULL,
    "name_sv" TEXT NOT NULL,
    "name_en" TEXT NOT NULL,
    "sensitivity" INTEGER NOT NULL DEFAULT 0,
    "active" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "agency_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "category" (
    "id" TEXT NOT NULL,
    "name_sv" TEXT NOT NULL,
    "name_en" TEXT NOT NULL,
    "keywords" TEXT[],
    "active" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "category_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "severity" (
    "level" INTEGER NOT NULL,
    "name_sv" TEXT NOT NULL,
    "name_en" TEXT NOT NULL,
    "ack_deadline_minutes" INTEGER NOT NULL,

    CONSTRAINT "severity_pkey" PRIMARY KEY ("level")
);

-- CreateTable
CREATE TABLE "routing_rule" (
    "id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "area_ids" TEXT[],
    "category_ids" TEXT[],
    "severities" INTEGER[],
    "agency_ids" TEXT[],
    "sensitive_agency_ids" TEXT[],

    CONSTRAINT "routing_rule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "person" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "agency_id" TEXT,
    "area_ids" TEXT[],
    "locale" TEXT NOT NULL DEFAULT 'sv',
    "on_duty" BOOLEAN NOT NULL DEFAULT true,
    "email" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "address" (
    "id" TEXT NOT NULL,
    "owner_type" TEXT NOT NULL,
    "owner_id" TEXT NOT NULL,
    "purpose" TEXT NOT NULL DEFAULT 'primary',
    "platform" "Platform" NOT NULL,
    "workspace" TEXT NOT NULL DEFAULT '',
    "channel" TEXT NOT NULL,
    "user" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "address_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "person_identity" (
    "platform" "Platform" NOT NULL,
    "workspace" TEXT NOT NULL DEFAULT '',
    "user_id" TEXT NOT NULL,
    "person_id" TEXT NOT NULL,

    CONSTRAINT "person_identity_pkey" PRIMARY KEY ("platform","workspace","user_id")
);

-- CreateTable
CREATE TABLE "config_version" (
    "id" SERIAL NOT NULL,
    "digest" TEXT NOT NULL,
    "loaded_at" TIMESTAMPTZ(3) NOT NULL,
    "source" TEXT NOT NULL,

    CONSTRAINT "config_version_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incident" (
    "id" UUID NOT NULL,
    "number" SERIAL NOT NULL,
    "year" INTEGER NOT NULL,
    "area_id" TEXT NOT NULL,
    "category_id" TEXT NOT NULL,
    "severity" INTEGER NOT NULL,
    "description" TEXT NOT NULL,
    "sensitive_details" TEXT,
    "status" "IncidentStatus" NOT NULL DEFAULT 'open',
    "reporter_id" TEXT NOT NULL,
    "reporter_agency_id" TEXT,
    "source_platform" "Platform" NOT NULL,
    "request_key" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "closed_at" TIMESTAMPTZ(3),

    CONSTRAINT "incident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incident_agency" (
    "incident_id" UUID NOT NULL,
    "agency_id" TEXT NOT NULL,
    "state" "AgencyState" NOT NULL DEFAULT 'notified',
    "can_see_sensitive" BOOLEAN NOT NULL DEFAULT false,
    "deadline_at" TIMESTAMPTZ(3) NOT NULL,
    "acknowledged_at" TIMESTAMPTZ(3),
    "acknowledged_by" TEXT,
    "responding_at" TIMESTAMPTZ(3),
    "declined_at" TIMESTAMPTZ(3),
    "decline_reason" TEXT,
    "escalation_level" INTEGER NOT NULL DEFAULT 0,
    "next_escalation_at" TIMESTAMPTZ(3),

    CONSTRAINT "incident_agency_pkey" PRIMARY KEY ("incident_id","agency_id")
);

-- CreateTable
CREATE TABLE "incident_note" (
    "id" UUID NOT NULL,
    "incident_id" UUID NOT NULL,
    "author_id" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "incident_note_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification" (
    "id" UUID NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "incident_id" UUID,
    "agency_id" TEXT,
    "person_id" TEXT,
    "platform" "Platform" NOT NULL,
    "workspace" TEXT NOT NULL DEFAULT '',
    "channel" TEXT NOT NULL,
    "user" TEXT,
    "message" JSONB NOT NULL,
    "updates_id" UUID,
    "thread_of_id" UUID,
    "status" "NotificationStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL,
    "claimed_by" TEXT,
    "claimed_until" TIMESTAMPTZ(3),
    "platform_message_id" TEXT,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "delivery_attempt" (
    "id" BIGSERIAL NOT NULL,
    "notification_id" UUID NOT NULL,
    "worker" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "outcome" TEXT NOT NULL,
    "error" TEXT,
    "retry_after_ms" INTEGER,

    CONSTRAINT "delivery_attempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_event" (
    "seq" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actor_id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "subject_type" TEXT NOT NULL,
    "subject_id" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "platform" TEXT NOT NULL,
    "request_id" TEXT,
    "payload_digest" TEXT NOT NULL,
    "prev_hash" TEXT NOT NULL DEFAULT '',
    "hash" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "audit_event_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "slack_installation" (
    "id" TEXT NOT NULL,
    "team_id" TEXT,
    "enterprise_id" TEXT,
    "installation" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "slack_installation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "teams_conversation" (
    "conversation_id" TEXT NOT NULL,
    "tenant_id" TEXT,
    "reference" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "teams_conversation_pkey" PRIMARY KEY ("conversation_id")
);

-- CreateTable
CREATE TABLE "web_message" (
    "id" BIGSERIAL NOT NULL,
    "channel" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "message" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "web_message_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "address_owner_type_owner_id_idx" ON "address"("owner_type", "owner_id");

-- CreateIndex
CREATE INDEX "person_identity_person_id_idx" ON "person_identity"("person_id");

-- CreateIndex
CREATE UNIQUE INDEX "config_version_digest_key" ON "config_version"("digest");

-- CreateIndex
CREATE UNIQUE INDEX "incident_number_key" ON "incident"("number");

-- CreateIndex
CREATE UNIQUE INDEX "incident_request_key_key" ON "incident"("request_key");

-- CreateIndex
CREATE INDEX "incident_area_id_created_at_idx" ON "incident"("area_id", "created_at");

-- CreateIndex
CREATE INDEX "incident_created_at_idx" ON "incident"("created_at");

-- CreateIndex
CREATE INDEX "incident_status_area_id_idx" ON "incident"("status", "area_id");

-- CreateIndex
CREATE INDEX "incident_agency_next_escalation_at_idx" ON "incident_agency"("next_escalation_at");

-- CreateIndex
CREATE INDEX "incident_agency_agency_id_idx" ON "incident_agency"("agency_id");

-- CreateIndex
CREATE INDEX "incident_note_incident_id_idx" ON "incident_note"("incident_id");

-- CreateIndex
CREATE UNIQUE INDEX "notification_idempotency_key_key" ON "notification"("idempotency_key");

-- CreateIndex
CREATE INDEX "notification_status_next_attempt_at_idx" ON "notification"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "notification_incident_id_idx" ON "notification"("incident_id");

-- CreateIndex
CREATE INDEX "delivery_attempt_notification_id_idx" ON "delivery_attempt"("notification_id");

-- CreateIndex
CREATE INDEX "audit_event_at_idx" ON "audit_event"("at");

-- CreateIndex
CREATE INDEX "audit_event_subject_type_subject_id_idx" ON "audit_event"("subject_type", "subject_id");

-- CreateIndex
CREATE UNIQUE INDEX "web_message_message_id_key" ON "web_message"("message_id");

-- CreateIndex
CREATE INDEX "web_message_channel_id_idx" ON "web_message"("channel", "id");

-- AddForeignKey
ALTER TABLE "incident_agency" ADD CONSTRAINT "incident_agency_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_note" ADD CONSTRAINT "incident_note_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delivery_attempt" ADD CONSTRAINT "delivery_attempt_notification_id_fkey" FOREIGN KEY ("notification_id") REFERENCES "notification"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Hand-written: what Prisma cannot express.

-- The audit trail is append-only: the database itself refuses UPDATE, DELETE and TRUNCATE.
CREATE FUNCTION "audit_event_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER "audit_event_no_update_delete" BEFORE UPDATE OR DELETE ON "audit_event"
  FOR EACH ROW EXECUTE FUNCTION "audit_event_refuse_change"();
CREATE TRIGGER "audit_event_no_truncate" BEFORE TRUNCATE ON "audit_event"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_event_refuse_change"();

-- Each event is chained to the previous one: hash = sha256(prev_hash || payload_digest).
-- The advisory lock serialises writers until commit, and seq is drawn under that lock, so seq order is chain order
-- (a default drawn before the lock could interleave). Writers must run at READ COMMITTED so the SELECT sees the
-- last committed event.
CREATE FUNCTION "audit_event_chain"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  last_hash text;
BEGIN
  PERFORM pg_advisory_xact_lock(730100100);
  NEW.seq := nextval(pg_get_serial_sequence('audit_event', 'seq'));
  SELECT "hash" INTO last_hash FROM "audit_event" ORDER BY "seq" DESC LIMIT 1;
  NEW.prev_hash := coalesce(last_hash, '');
  NEW.hash := encode(sha256(convert_to(NEW.prev_hash || NEW.payload_digest, 'UTF8')), 'hex');
  RETURN NEW;
END
$$;
CREATE TRIGGER "audit_event_chain" BEFORE INSERT ON "audit_event"
  FOR EACH ROW EXECUTE FUNCTION "audit_event_chain"();

