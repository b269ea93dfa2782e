import { killAfterAckSuite } from './support/kill-after-ack.ts';

// "Received" means stored, on a PostgreSQL server: test/faults/support/kill-after-ack.ts.
killAfterAckSuite('postgres');
