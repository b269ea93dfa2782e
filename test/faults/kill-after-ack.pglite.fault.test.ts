import { killAfterAckSuite } from './support/kill-after-ack.ts';

// "Received" means stored, on the embedded database: test/faults/support/kill-after-ack.ts.
killAfterAckSuite('pglite');
