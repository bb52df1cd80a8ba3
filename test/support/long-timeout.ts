import { stopStrayApps } from './stack';

// Integration and end-to-end suites start processes and wait on real servers.
jest.setTimeout(Number(process.env.E2E_TIMEOUT_MS ?? 300_000));

// An app a timed-out test started would otherwise outlive the file and keep Jest from exiting.
afterAll(stopStrayApps);
