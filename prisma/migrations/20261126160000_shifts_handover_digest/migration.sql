-- Shifts, handover and daily digests (issue 6). Authored with prisma migrate diff; CHECKs added by hand.
-- CreateEnum
CREATE TYPE "HandoverStatus" AS ENUM ('sent', 'accepted');

-- CreateTable
CREATE TABLE "roster" (
    "id" TEXT NOT NULL,
    "name_sv" TEXT NOT NULL,
    "name_en" TEXT NOT NULL,
    "agency_ids" TEXT[],
    "area_ids" TEXT[],
    "accept_minutes" INTEGER NOT NULL DEFAULT 30,
    "reminder_minutes" INTEGER NOT NULL DEFAULT 30,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "source" TEXT NOT NULL DEFAULT 'config',

    CONSTRAINT "roster_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "roster_shift" (
    "roster_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name_sv" TEXT NOT NULL,
    "name_en" TEXT NOT NULL,
    "starts" TEXT NOT NULL,
    "ends" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "roster_shift_pkey" PRIMARY KEY ("roster_id","id")
);

-- CreateTable
CREATE TABLE "roster_assignment" (
    "id" TEXT NOT NULL,
    "roster_id" TEXT NOT NULL,
    "shift_id" TEXT NOT NULL,
    "person_id" TEXT NOT NULL,
    "weekdays" INTEGER[],
    "valid_from" DATE,
    "valid_until" DATE,
    "source" TEXT NOT NULL DEFAULT 'config',

    CONSTRAINT "roster_assignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "roster_override" (
    "id" UUID NOT NULL,
    "roster_id" TEXT NOT NULL,
    "shift_id" TEXT NOT NULL,
    "local_date" DATE NOT NULL,
    "person_id" TEXT NOT NULL,
    "change" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'admin',
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "roster_override_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "duty_session" (
    "id" UUID NOT NULL,
    "person_id" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "area_ids" TEXT[],
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "duty_session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "handover" (
    "id" UUID NOT NULL,
    "number" SERIAL NOT NULL,
    "roster_id" TEXT NOT NULL,
    "from_shift_id" TEXT NOT NULL,
    "from_date" DATE NOT NULL,
    "from_starts_at" TIMESTAMPTZ(3) NOT NULL,
    "from_ends_at" TIMESTAMPTZ(3) NOT NULL,
    "to_shift_id" TEXT NOT NULL,
    "to_date" DATE NOT NULL,
    "to_starts_at" TIMESTAMPTZ(3) NOT NULL,
    "to_ends_at" TIMESTAMPTZ(3) NOT NULL,
    "author_id" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "note" JSONB NOT NULL,
    "recipient_ids" TEXT[],
    "status" "HandoverStatus" NOT NULL DEFAULT 'sent',
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "accept_due_at" TIMESTAMPTZ(3) NOT NULL,
    "next_check_at" TIMESTAMPTZ(3),
    "reminded_at" TIMESTAMPTZ(3),
    "escalated_at" TIMESTAMPTZ(3),
    "accepted_at" TIMESTAMPTZ(3),
    "accepted_by" TEXT,
    "accepted_late" BOOLEAN NOT NULL DEFAULT false,
    "questions" TEXT,

    CONSTRAINT "handover_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "handover_incident" (
    "handover_id" UUID NOT NULL,
    "incident_id" UUID NOT NULL,
    "state" JSONB NOT NULL,

    CONSTRAINT "handover_incident_pkey" PRIMARY KEY ("handover_id","incident_id")
);

-- CreateTable
CREATE TABLE "digest_subscription" (
    "id" TEXT NOT NULL,
    "person_id" TEXT NOT NULL,
    "area_ids" TEXT[],
    "agency_ids" TEXT[],
    "local_time" TEXT NOT NULL DEFAULT '07:00',
    "locale" TEXT NOT NULL DEFAULT 'sv',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "source" TEXT NOT NULL DEFAULT 'admin',
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "digest_subscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scheduled_send" (
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subject_id" TEXT NOT NULL,
    "local_date" DATE NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "sent_at" TIMESTAMPTZ(3) NOT NULL,
    "late" BOOLEAN NOT NULL DEFAULT false,
    "notifications" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "scheduled_send_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "roster_assignment_roster_id_idx" ON "roster_assignment"("roster_id");

-- CreateIndex
CREATE INDEX "roster_override_roster_id_local_date_idx" ON "roster_override"("roster_id", "local_date");

-- CreateIndex
CREATE INDEX "duty_session_ends_at_idx" ON "duty_session"("ends_at");

-- CreateIndex
CREATE INDEX "duty_session_person_id_idx" ON "duty_session"("person_id");

-- CreateIndex
CREATE UNIQUE INDEX "handover_number_key" ON "handover"("number");

-- CreateIndex
CREATE INDEX "handover_next_check_at_idx" ON "handover"("next_check_at");

-- CreateIndex
CREATE INDEX "handover_created_at_idx" ON "handover"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "handover_roster_id_from_shift_id_from_date_key" ON "handover"("roster_id", "from_shift_id", "from_date");

-- CreateIndex
CREATE INDEX "handover_incident_incident_id_idx" ON "handover_incident"("incident_id");

-- CreateIndex
CREATE INDEX "digest_subscription_person_id_idx" ON "digest_subscription"("person_id");

-- CreateIndex
CREATE INDEX "scheduled_send_kind_subject_id_idx" ON "scheduled_send"("kind", "subject_id");

-- AddForeignKey
ALTER TABLE "handover_incident" ADD CONSTRAINT "handover_incident_handover_id_fkey" FOREIGN KEY ("handover_id") REFERENCES "handover"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Hand-added: values Prisma models as plain strings.
ALTER TABLE "roster_override" ADD CONSTRAINT "roster_override_change_check" CHECK ("change" IN ('add', 'remove'));
ALTER TABLE "duty_session" ADD CONSTRAINT "duty_session_state_check" CHECK ("state" IN ('on', 'off'));
ALTER TABLE "duty_session" ADD CONSTRAINT "duty_session_interval_check" CHECK ("ends_at" >= "starts_at");
ALTER TABLE "roster_shift" ADD CONSTRAINT "roster_shift_times_check" CHECK ("starts" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' AND "ends" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$');
ALTER TABLE "digest_subscription" ADD CONSTRAINT "digest_subscription_time_check" CHECK ("local_time" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$');
