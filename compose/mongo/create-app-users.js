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

// Later versions of the read models (rebuilds) each live in a database of their own, READ_MODELS_v3, _v4, ...
// (versionDatabase in libs/domain/src/ops/projection-versions.ts): the projector creates and drops
// (dropDatabase) them, query-api reads them. MongoDB grants by exact database name only, and the
// built-in roles on every database would open identity data and admin too, so the next rebuilds'
// databases are named: the same list as in k8s/mongodb.yaml (why, and what to do before it runs
// out, is there).
// This script runs on an empty volume only: on a running one, add names with db.updateRole.
const VERSION_DATABASES = [3, 4, 5, 6, 7, 8, 9, 10].map((n) => `${READ_MODELS}_v${n}`);

const admin = db.getSiblingDB('admin');
admin.createRole({
  role: 'readModelVersionsWriter',
  privileges: VERSION_DATABASES.map((name) => ({ resource: { db: name, collection: '' }, actions: ['dropDatabase'] })),
  roles: VERSION_DATABASES.map((name) => ({ role: 'readWrite', db: name })),
});
admin.createRole({ role: 'readModelVersionsReader', privileges: [], roles: VERSION_DATABASES.map((name) => ({ role: 'read', db: name })) });

const users = [
  // Folds the log into the read models, every version's: their only writer.
  {
    user: 'projector',
    pwd: secret('mongo-projector-password'),
    roles: [
      { role: 'readWrite', db: READ_MODELS },
      { role: 'readModelVersionsWriter', db: 'admin' },
    ],
  },
  {
    user: 'query-api',
    pwd: secret('mongo-query-api-password'),
    roles: [
      { role: 'read', db: READ_MODELS },
      { role: 'readModelIndexes', db: READ_MODELS },
      { role: 'readModelVersionsReader', db: 'admin' },
    ],
  },
  // Identity data lives apart from the read models, and auth-api sees nothing else.
  { user: 'auth-api', pwd: secret('mongo-auth-api-password'), roles: [{ role: 'readWrite', db: IDENTITY }] },
];
for (const u of users) {
  admin.createUser({ ...u, mechanisms: ['SCRAM-SHA-256'] });
  print(`created MongoDB user ${u.user} with roles ${u.roles.map((r) => `${r.role}@${r.db}`).join(', ')}`);
}
