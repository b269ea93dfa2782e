-- AlterTable
ALTER TABLE "incident" ADD COLUMN     "erased_at" TIMESTAMPTZ(3),
ADD COLUMN     "held_at" TIMESTAMPTZ(3),
ADD COLUMN     "held_by" TEXT;

