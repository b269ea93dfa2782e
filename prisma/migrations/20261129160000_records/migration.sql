-- CreateTable
CREATE TABLE "database_identity" (
    "id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "database_identity_pkey" PRIMARY KEY ("id")
);


-- Hand-written: what Prisma cannot express.

-- The identity is drawn once, when the database is made; a restored backup keeps it (it is the same trail, and a
-- checkpoint written after the backup then shows what the restore cut off).
INSERT INTO "database_identity" ("id", "created_at") VALUES (gen_random_uuid()::text, now());
