-- CreateIndex
CREATE INDEX "notification_updates_id_idx" ON "notification"("updates_id");

-- CreateIndex
CREATE INDEX "notification_thread_of_id_idx" ON "notification"("thread_of_id");

