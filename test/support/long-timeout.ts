// Integration and end-to-end suites start processes and wait on real servers.
jest.setTimeout(Number(process.env.E2E_TIMEOUT_MS ?? 300_000));
