-- CreateIndex
CREATE INDEX "notification_updates_id_idx" ON "notification"("updates_id");

-- CreateIndex
CREATE INDEX "notification_thread_of_id_idx" ON "notification"("thread_of_id");


-- Autovacuum on a PostgreSQL server (PGlite has none; Samband's maintenance job vacuums there). By default a table
-- waits until a fifth of it is dead rows; the outbox and the inbox change every row two or three times within
-- minutes, and the delivery claim reads the dead versions in its status index until they are gone. Vacuum and analyze
-- them after a small, fixed number of changes instead, whatever their size.
ALTER TABLE "notification" SET (autovacuum_vacuum_scale_factor = 0.0, autovacuum_vacuum_threshold = 5000,
  autovacuum_vacuum_insert_scale_factor = 0.0, autovacuum_vacuum_insert_threshold = 20000,
  autovacuum_analyze_scale_factor = 0.0, autovacuum_analyze_threshold = 20000);
ALTER TABLE "inbox_request" SET (autovacuum_vacuum_scale_factor = 0.0, autovacuum_vacuum_threshold = 2000);
ALTER TABLE "request_key" SET (autovacuum_vacuum_scale_factor = 0.0, autovacuum_vacuum_threshold = 2000);
ALTER TABLE "incident_agency" SET (autovacuum_vacuum_scale_factor = 0.0, autovacuum_vacuum_threshold = 2000);
