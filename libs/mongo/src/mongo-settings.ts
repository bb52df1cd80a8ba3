import { MongoClient } from 'mongodb';

export interface MongoSettings {
  uri: string;
  database: string;
}

export function createMongoClient(settings: MongoSettings): MongoClient {
  return new MongoClient(settings.uri, {
    serverSelectionTimeoutMS: 5000,
    connectTimeoutMS: 5000,
    // Without it an operation whose reply never comes (a MongoDB-wire server restarted or wedged under
    // the driver) waits forever, and so does whatever awaits it: the fold of a partition, say. The
    // slowest legitimate reply here (an index build at start-up, a heavy report's page) is well under it.
    socketTimeoutMS: 60_000,
    maxPoolSize: 20,
    retryWrites: true,
    appName: 'caregiver-reimbursements',
  });
}
