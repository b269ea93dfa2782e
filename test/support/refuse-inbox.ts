import type { TestDatabase } from './test-database.ts';

/** Makes the database refuse new inbox rows, as an unreachable database would, until `allowInbox`. */
export async function refuseInbox(db: TestDatabase): Promise<void> {
  await db.sql.exec(`
    CREATE OR REPLACE FUNCTION samband_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'database away (test)'; END $$;
    CREATE TRIGGER samband_test_refuse_inbox BEFORE INSERT ON inbox_request FOR EACH ROW EXECUTE FUNCTION samband_test_refuse();`);
}

/** Lets the database take inbox rows again. */
export async function allowInbox(db: TestDatabase): Promise<void> {
  await db.sql.exec('DROP TRIGGER samband_test_refuse_inbox ON inbox_request');
}
