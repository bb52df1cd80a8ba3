/* global db, fs, print */
// Run once by the mongo image's entrypoint (docker-entrypoint-initdb.d), on the first start of an empty
// data volume, after it created the root user (who is used for nothing else). Each app gets its own
// user in the admin database with the least it needs; passwords come from the compose secrets.
const secret = (name) => fs.readFileSync(`/run/secrets/${name}`, 'utf8').trim();
const READ_MODELS = 'reimbursements';
const IDENTITY = 'reimbursements_auth';

// query-api reads the read models, and creates their indexes idempotently at start-up (ensureIndexes).
db.getSiblingDB(READ_MODELS).createRole({
  role: 'readModelIndexes',
  privileges: [{ resource: { db: READ_MODELS, collection: '' }, actions: ['createIndex', 'createCollection'] }],
  roles: [],
});

const admin = db.getSiblingDB('admin');
const users = [
  // Folds the log into the read models: the only writer of READ_MODELS.
  { user: 'projector', pwd: secret('mongo-projector-password'), roles: [{ role: 'readWrite', db: READ_MODELS }] },
  {
    user: 'query-api',
    pwd: secret('mongo-query-api-password'),
    roles: [
      { role: 'read', db: READ_MODELS },
      { role: 'readModelIndexes', db: READ_MODELS },
    ],
  },
  // Identity data lives apart from the read models, and auth-api sees nothing else.
  { user: 'auth-api', pwd: secret('mongo-auth-api-password'), roles: [{ role: 'readWrite', db: IDENTITY }] },
];
for (const u of users) {
  admin.createUser({ ...u, mechanisms: ['SCRAM-SHA-256'] });
  print(`created MongoDB user ${u.user} with roles ${u.roles.map((r) => `${r.role}@${r.db}`).join(', ')}`);
}
