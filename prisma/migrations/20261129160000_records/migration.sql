-- AlterTable
ALTER TABLE "routing_rule" ADD COLUMN     "basis" TEXT;

-- AlterTable
ALTER TABLE "incident_agency" ADD COLUMN     "sensitive_basis" TEXT;

-- CreateTable
CREATE TABLE "database_identity" (
    "id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "database_identity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "access_log" (
    "seq" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "person_id" TEXT NOT NULL,
    "agency_id" TEXT,
    "incident_id" UUID,
    "incident_ref" TEXT,
    "fields" TEXT[],
    "confidential" BOOLEAN NOT NULL,
    "surface" TEXT NOT NULL,
    "ground" TEXT NOT NULL,
    "basis" TEXT,
    "request_id" TEXT,
    "payload_digest" TEXT NOT NULL,
    "prev_hash" TEXT NOT NULL DEFAULT '',
    "hash" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "access_log_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE INDEX "access_log_at_idx" ON "access_log"("at");

-- CreateIndex
CREATE INDEX "access_log_person_id_at_idx" ON "access_log"("person_id", "at");

-- CreateIndex
CREATE INDEX "access_log_agency_id_at_idx" ON "access_log"("agency_id", "at");

-- CreateIndex
CREATE INDEX "access_log_incident_id_idx" ON "access_log"("incident_id");


-- Hand-written: what Prisma cannot express.

-- The identity is drawn once, when the database is made; a restored backup keeps it (it is the same trail, and a
-- checkpoint written after the backup then shows what the restore cut off).
INSERT INTO "database_identity" ("id", "created_at") VALUES (gen_random_uuid()::text, now());

-- The read log is append-only, as the audit trail: the database itself refuses UPDATE, DELETE and TRUNCATE.
CREATE FUNCTION "access_log_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'access_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER "access_log_no_update_delete" BEFORE UPDATE OR DELETE ON "access_log"
  FOR EACH ROW EXECUTE FUNCTION "access_log_refuse_change"();
CREATE TRIGGER "access_log_no_truncate" BEFORE TRUNCATE ON "access_log"
  FOR EACH STATEMENT EXECUTE FUNCTION "access_log_refuse_change"();

-- Chained and numbered without gaps as audit_event (see 20261129110000), under its own advisory lock so that reads
-- logged by many sessions do not queue behind changes being audited.
CREATE FUNCTION "access_log_chain"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  last_seq bigint;
  last_hash text;
BEGIN
  PERFORM pg_advisory_xact_lock(730100200);
  SELECT "seq", "hash" INTO last_seq, last_hash FROM "access_log" ORDER BY "seq" DESC LIMIT 1;
  NEW.seq := coalesce(last_seq, 0) + 1;
  NEW.prev_hash := coalesce(last_hash, '');
  NEW.hash := encode(sha256(convert_to(NEW.prev_hash || NEW.payload_digest, 'UTF8')), 'hex');
  RETURN NEW;
END
$$;
CREATE TRIGGER "access_log_chain" BEFORE INSERT ON "access_log"
  FOR EACH ROW EXECUTE FUNCTION "access_log_chain"();
