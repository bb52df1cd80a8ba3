/* global db, fs, rs, quit */
// The compose MongoDB healthcheck: as root (the only use of that user besides creating the others),
// initiate the single-member replica set on the first run, then healthy once this member is primary.
const password = fs.readFileSync('/run/secrets/mongo-root-password', 'utf8').trim();
db.getSiblingDB('admin').auth('root', password);
try {
  rs.status();
} catch {
  rs.initiate({ _id: 'rs0', members: [{ _id: 0, host: 'mongo:27017' }] });
}
quit(db.hello().isWritablePrimary ? 0 : 1);
