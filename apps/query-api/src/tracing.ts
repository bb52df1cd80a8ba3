import { Tracing } from '@reimbursements/platform/tracing/tracing';

/** Imported first by main.ts: tracing starts before the modules its instrumentations patch are loaded. */
export const tracing = Tracing.start('query-api');
