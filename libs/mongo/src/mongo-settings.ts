import { MongoClient } from 'mongodb';

export interface MongoSettings {
  uri: string;
  database: string;
}

export function createMongoClient(settings: MongoSettings): MongoClient {
  return new MongoClient(settings.uri, {
    serverSelectionTimeoutMS: 5000,
    connectTimeoutMS: 5000,
    maxPoolSize: 20,
    retryWrites: true,
    appName: 'caregiver-reimbursements',
  });
}
