-- AlterTable
ALTER TABLE "incident" ALTER COLUMN "number" DROP DEFAULT;

-- CreateTable
CREATE TABLE "request_key" (
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "request_key_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "counter" (
    "name" TEXT NOT NULL,
    "value" BIGINT NOT NULL,

    CONSTRAINT "counter_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "request_key_created_at_idx" ON "request_key"("created_at");


-- Hand-written: what Prisma cannot express.

-- Incident numbers without gaps. A sequence hands out values outside transactions and prefetches 32 of them into the
-- WAL, so a rolled-back registration or a crash skipped numbers; a register of incidents is read by people who ask
-- about gaps. The counter row is updated in the inserting transaction instead: its row lock queues registrations
-- until commit, and a rollback or a crash gives the number back.
INSERT INTO "counter" ("name", "value") SELECT 'incident.number', coalesce(max("number"), 0) FROM "incident";
DROP SEQUENCE IF EXISTS "incident_number_seq";

-- An insert without a number draws the next one under the counter's row lock. An insert with a number (drawn
-- beforehand by reading the counter, so that a registration can be written in one statement) must be exactly the
-- next one; if another registration took it meanwhile, the statement fails with 'incident_number_taken' and the
-- writer draws again.
CREATE FUNCTION "incident_number_draw"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."number" IS NULL THEN
    UPDATE "counter" SET "value" = "value" + 1 WHERE "name" = 'incident.number' RETURNING "value" INTO NEW."number";
  ELSE
    UPDATE "counter" SET "value" = NEW."number" WHERE "name" = 'incident.number' AND "value" = NEW."number" - 1;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'incident_number_taken: % is not the next incident number', NEW."number" USING ERRCODE = 'serialization_failure';
    END IF;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER "incident_number_draw" BEFORE INSERT ON "incident"
  FOR EACH ROW EXECUTE FUNCTION "incident_number_draw"();

-- Contiguous audit seq. The chain trigger drew seq with nextval while the column's BIGSERIAL default had already
-- drawn one for the same row, so every event used two values (all seq even) and a crash skipped the prefetched
-- ones. seq is now the last seq + 1, read under the chain's advisory lock, which serialises writers until commit:
-- a rolled-back or crashed writer leaves no gap. The column default stays (the Prisma schema declares it); its value
-- is overwritten here.
-- Events written before this migration keep their old numbers; `samband audit verify` reports a gap in seq only
-- after this mark (a gap there means an event was removed from the middle of the trail).
INSERT INTO "counter" ("name", "value") SELECT 'audit.seq.contiguous_after', coalesce(max("seq"), 0) FROM "audit_event";
CREATE OR REPLACE FUNCTION "audit_event_chain"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  last_seq bigint;
  last_hash text;
BEGIN
  PERFORM pg_advisory_xact_lock(730100100);
  SELECT "seq", "hash" INTO last_seq, last_hash FROM "audit_event" ORDER BY "seq" DESC LIMIT 1;
  NEW.seq := coalesce(last_seq, 0) + 1;
  NEW.prev_hash := coalesce(last_hash, '');
  NEW.hash := encode(sha256(convert_to(NEW.prev_hash || NEW.payload_digest, 'UTF8')), 'hex');
  RETURN NEW;
END
$$;
