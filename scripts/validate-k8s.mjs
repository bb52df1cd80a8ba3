#!/usr/bin/env node
// Offline validation of k8s/*.yaml (and its agreement with docker-compose.yml and the Dockerfile).
// Usage: node scripts/validate-k8s.mjs [root] [--compose-resolved FILE] [--out-of-band-secrets FILE]
//   root                   holds k8s/, docker-compose.yml, Dockerfile, compose/
//   --compose-resolved     `docker-compose config` output (env files merged in), to check each app's
//                          compose credentials; without it docker-compose.yml is read as written
//   --out-of-band-secrets  `scripts/generate-secrets.sh k8s` output, to check it makes exactly the
//                          Secrets the manifests expect, consistently (Redis ACL against the apps' URLs)
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, URL } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import { ConfigMap, Namespace, PersistentVolumeClaim, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';
import { DaemonSet, Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { CronJob, Job } from 'kubernetes-models/batch/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { Role, RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--')) {
    console.error(`validate-k8s: ${name} needs a file`);
    process.exit(2);
  }
  args.splice(i, 2);
  return path.resolve(value);
};
const composeResolvedPath = option('--compose-resolved');
const outOfBandSecretsPath = option('--out-of-band-secrets');
const root = path.resolve(args[0] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
const k8sDir = path.join(root, 'k8s');

const NAMESPACE = 'reimbursements';
const APP_IMAGE = 'ghcr.io/caregiver-reimbursements/app:0.1.0';
const APPS = { 'auth-api': 3000, 'command-api': 3001, 'query-api': 3002, projector: 3003 };
const PROBE_PATHS = { readinessProbe: '/health/ready', livenessProbe: '/health/live', startupProbe: '/health/live' };
const TOPIC_CONFIG = { 'retention.ms': -1, 'retention.bytes': -1, 'cleanup.policy': 'delete' };
const KAFKA_CONFIG = {
  'default.replication.factor': 3,
  'min.insync.replicas': 2,
  'offsets.topic.replication.factor': 3,
  'transaction.state.log.replication.factor': 3,
  'transaction.state.log.min.isr': 2,
};
const ENV_ONLY_IN_K8S = new Set(['NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS']);
const ENV_ADDRESSES = new Set(['KAFKA_BROKERS', 'MONGODB_URI', 'REDIS_URL']);
// Compose's broker is SASL over plaintext on a private network; the cluster's is SASL over TLS.
const ENV_TRANSPORT = new Set(['KAFKA_SSL']);
// The cluster's APIs sit behind the ingress controller (one proxy hop); compose publishes them directly,
// and auth-api there trusts the accounting page's fixed address (the cluster runs no page).
const ENV_TOPOLOGY = new Set(['TRUST_PROXY_HOPS', 'AUTH_TRUST_PROXY_HOPS', 'AUTH_TRUSTED_PROXIES']);
// The setting that tells each API how many proxies' X-Forwarded-For to believe: auth-api's login
// throttle counts failures per client address, the other two rate-limit anonymous callers by it.
const PROXY_HOPS_ENV = { 'auth-api': 'AUTH_TRUST_PROXY_HOPS', 'command-api': 'TRUST_PROXY_HOPS', 'query-api': 'TRUST_PROXY_HOPS' };

// What each app may reach, and so which credentials it holds: its own user on each of these, and no
// other. command-api appends to Kafka and remembers eventIds in Redis; the projector folds Kafka into
// MongoDB; query-api reads MongoDB through a Redis cache, and its ops endpoints append to the control
// topic and read the topics' end offsets; auth-api keeps identities in its own MongoDB database and
// login counters in Redis; the two APIs that verify tokens call auth-api.
const ACCESS = {
  'auth-api': ['mongodb', 'redis'],
  'command-api': ['kafka', 'redis', 'auth-api'],
  'query-api': ['kafka', 'mongodb', 'redis', 'auth-api'],
  projector: ['kafka', 'mongodb'],
};
// The MongoDB database each app's user may use, by the env variable naming it, whether it may write,
// and whether the databases of the read models' later versions too (<database>_v<N>, versionDatabase
// in libs/domain/src/ops/projection-versions.ts).
const MONGO_GRANTS = {
  'auth-api': { dbEnv: 'AUTH_MONGODB_DB', write: true },
  'query-api': { dbEnv: 'MONGODB_DATABASE', write: false, versions: true },
  projector: { dbEnv: 'MONGODB_DATABASE', write: true, versions: true },
};
const byVersion = (a, b) => a.localeCompare(b, 'en', { numeric: true });
const isVersionDatabase = (name, base) => typeof name === 'string' && name.startsWith(`${base}_v`) && /^\d+$/.test(name.slice(base.length + 2));
const MONGO_READ_ACTIONS = new Set(['find', 'listCollections', 'listIndexes', 'collStats', 'dbStats', 'createIndex', 'createCollection']);
const MONGO_BROAD_ROLES = /^(root|dbOwner|userAdmin|dbAdmin|clusterAdmin|clusterManager|__system)$|AnyDatabase$/;
const KAFKA_ACL_OPERATIONS = new Set(['Read', 'Write', 'Describe']);
// Namespaces whose pods may open connections to the apps (their label kubernetes.io/metadata.name).
const INGRESS_CONTROLLER_NAMESPACE = 'ingress-nginx';
const MONITORING_NAMESPACE = 'monitoring';
const API_PORTS = { mongodb: 27017 };
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const BUILTIN = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'apps/v1/DaemonSet': DaemonSet,
  'batch/v1/Job': Job,
  'batch/v1/CronJob': CronJob,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'networking.k8s.io/v1/Ingress': Ingress,
  'rbac.authorization.k8s.io/v1/Role': Role,
  'rbac.authorization.k8s.io/v1/RoleBinding': RoleBinding,
};

const STRIMZI_PACKAGE = '@kubernetes-models/strimzi-kafka-operator';
let strimzi = null;
try {
  strimzi = await import(`${STRIMZI_PACKAGE}/kafka.strimzi.io/v1beta2`);
} catch (err) {
  if (err?.code !== 'ERR_MODULE_NOT_FOUND') throw err;
}

const failures = [];
const warnings = [];
const fail = (where, msg) => failures.push(`${where}: ${msg}`);
const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isInt = (v) => Number.isInteger(v);
const matches = (selector, labels) =>
  isObj(selector) && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v);

// ---------------------------------------------------------------- load documents

if (!existsSync(k8sDir)) {
  console.error(`validate-k8s: no k8s/ directory under ${root}`);
  process.exit(1);
}
const yamlFiles = readdirSync(k8sDir).filter((f) => /\.ya?ml$/.test(f)).sort();
const docs = [];
let unparsed = false;
for (const file of yamlFiles) {
  const rel = `k8s/${file}`;
  const parsed = parseAllDocuments(readFileSync(path.join(k8sDir, file), 'utf8'), { uniqueKeys: true, prettyErrors: true });
  if (!Array.isArray(parsed)) {
    unparsed = true;
    fail(rel, 'not a YAML stream');
    continue;
  }
  parsed.forEach((yd, i) => {
    const where = parsed.length > 1 ? `${rel}#${i + 1}` : rel;
    const problem = yd.errors.length ? `YAML error: ${yd.errors.map((e) => e.message).join('; ')}`
      : yd.warnings.length ? `YAML warning: ${yd.warnings.map((e) => e.message).join('; ')}` : null;
    const doc = problem ? undefined : yd.toJS();
    if (!problem && (doc === null || doc === undefined)) return;
    if (problem || !isObj(doc)) {
      unparsed = true;
      return fail(where, problem ?? 'document is not a mapping');
    }
    docs.push({ file, where, doc });
  });
}

// ---------------------------------------------------------------- per-document validation

function validateCommon(d) {
  const { doc, where } = d;
  if (typeof doc.apiVersion !== 'string' || !doc.apiVersion) fail(where, 'apiVersion missing');
  if (typeof doc.kind !== 'string' || !doc.kind) fail(where, 'kind missing');
  if (doc.kind === 'Kustomization') return;
  const name = doc.metadata?.name;
  if (typeof name !== 'string' || name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
    fail(where, `metadata.name ${JSON.stringify(name)} is not a DNS-1123 subdomain`);
  }
  const ns = doc.metadata?.namespace;
  if (doc.kind === 'Namespace') {
    if (name !== NAMESPACE) fail(where, `namespace must be ${NAMESPACE}`);
  } else if (ns !== NAMESPACE) {
    fail(where, `metadata.namespace must be ${NAMESPACE}, got ${JSON.stringify(ns)}`);
  }
}

function validateBuiltin(d, Model) {
  try {
    new Model(d.doc).validate();
  } catch (err) {
    fail(d.where, `schema (kubernetes-models): ${err.message}`);
    return false;
  }
  return true;
}

function requireFields(where, obj, fields) {
  for (const f of fields) {
    const keys = Array.isArray(f) ? f : f.split('.');
    const v = keys.reduce((o, k) => (isObj(o) ? o[k] : undefined), obj);
    if (v === undefined || v === null || v === '') fail(where, `${keys.join('.')} is required`);
  }
}

const CRD_CHECKS = {
  'kafka.strimzi.io/v1beta2/Kafka': ({ where, doc }) => {
    requireFields(where, doc, ['metadata.name', 'spec.kafka.listeners', 'spec.kafka.config']);
    const spec = doc.spec ?? {};
    if (spec.zookeeper) fail(where, 'spec.zookeeper is set; the cluster must run in KRaft mode');
    if (spec.kafka?.replicas !== undefined || spec.kafka?.storage !== undefined) {
      fail(where, 'spec.kafka.replicas/storage belong to the KafkaNodePool');
    }
    const ann = doc.metadata?.annotations ?? {};
    if (ann['strimzi.io/kraft'] !== 'enabled') fail(where, 'annotation strimzi.io/kraft must be "enabled"');
    if (ann['strimzi.io/node-pools'] !== 'enabled') fail(where, 'annotation strimzi.io/node-pools must be "enabled"');
    const listeners = spec.kafka?.listeners;
    if (!Array.isArray(listeners) || listeners.length === 0) fail(where, 'spec.kafka.listeners must be a non-empty list');
    for (const [i, l] of (Array.isArray(listeners) ? listeners : []).entries()) {
      if (!isObj(l) || typeof l.name !== 'string' || !isInt(l.port) || typeof l.type !== 'string' || typeof l.tls !== 'boolean') {
        fail(where, `spec.kafka.listeners[${i}] needs name, port (integer), type and tls (boolean)`);
      }
      if (!['scram-sha-512', 'tls'].includes(l?.authentication?.type)) {
        fail(where, `spec.kafka.listeners[${i}] must require authentication (scram-sha-512 or tls): no anonymous clients`);
      }
      if (!Array.isArray(l?.networkPolicyPeers) || l.networkPolicyPeers.length === 0) {
        fail(where, `spec.kafka.listeners[${i}].networkPolicyPeers must name the pods that may connect (else Strimzi admits everyone)`);
      }
    }
    if (spec.kafka?.authorization?.type !== 'simple') fail(where, 'spec.kafka.authorization.type must be simple: ACLs enforced');
    if (spec.kafka?.authorization?.superUsers?.length) fail(where, 'spec.kafka.authorization.superUsers must be empty: no app is a super user');
    if (!isObj(spec.entityOperator?.userOperator)) fail(where, 'spec.entityOperator.userOperator is required for KafkaUser resources');
    for (const [k, v] of Object.entries(KAFKA_CONFIG)) {
      if (spec.kafka?.config?.[k] !== v) fail(where, `spec.kafka.config["${k}"] must be ${v}, got ${JSON.stringify(spec.kafka?.config?.[k])}`);
    }
    if (!isObj(spec.entityOperator?.topicOperator)) fail(where, 'spec.entityOperator.topicOperator is required for KafkaTopic resources');
  },
  'kafka.strimzi.io/v1beta2/KafkaNodePool': ({ where, doc }) => {
    requireFields(where, doc, ['metadata.name', ['metadata', 'labels', 'strimzi.io/cluster'], 'spec.replicas', 'spec.roles', 'spec.storage.type']);
    const spec = doc.spec ?? {};
    if (!isInt(spec.replicas) || spec.replicas < 1) fail(where, 'spec.replicas must be a positive integer');
    const roles = spec.roles;
    if (!Array.isArray(roles) || roles.length === 0 || !roles.every((r) => r === 'broker' || r === 'controller')) {
      fail(where, 'spec.roles must be a non-empty list of broker/controller');
    }
    if (!['jbod', 'persistent-claim', 'ephemeral'].includes(spec.storage?.type)) fail(where, 'spec.storage.type must be jbod, persistent-claim or ephemeral');
  },
  'kafka.strimzi.io/v1beta2/KafkaTopic': ({ where, doc }) => {
    requireFields(where, doc, ['metadata.name', ['metadata', 'labels', 'strimzi.io/cluster'], 'spec.partitions', 'spec.replicas']);
    const spec = doc.spec ?? {};
    const topic = spec.topicName ?? doc.metadata?.name;
    if (typeof topic !== 'string' || !/^[a-zA-Z0-9._-]{1,249}$/.test(topic)) fail(where, `invalid topic name ${JSON.stringify(topic)}`);
    if (!isInt(spec.partitions) || spec.partitions < 1) fail(where, 'spec.partitions must be a positive integer');
    if (!isInt(spec.replicas) || spec.replicas < 1) fail(where, 'spec.replicas must be a positive integer');
    for (const [k, v] of Object.entries(TOPIC_CONFIG)) {
      if (spec.config?.[k] !== v) fail(where, `spec.config["${k}"] must be ${v}, got ${JSON.stringify(spec.config?.[k])}`);
    }
    const minIsr = spec.config?.['min.insync.replicas'];
    if (minIsr !== 2) fail(where, `spec.config["min.insync.replicas"] must be 2, got ${JSON.stringify(minIsr)}`);
    if (isInt(minIsr) && isInt(spec.replicas) && minIsr >= spec.replicas) fail(where, 'min.insync.replicas must be below replicas');
  },
  'kafka.strimzi.io/v1beta2/KafkaUser': ({ where, doc }) => {
    requireFields(where, doc, ['metadata.name', ['metadata', 'labels', 'strimzi.io/cluster'], 'spec.authentication.type', 'spec.authorization.type']);
    const spec = doc.spec ?? {};
    if (spec.authentication?.type !== 'scram-sha-512') fail(where, 'spec.authentication.type must be scram-sha-512');
    if (spec.authorization?.type !== 'simple') fail(where, 'spec.authorization.type must be simple');
    const acls = spec.authorization?.acls;
    if (!Array.isArray(acls) || acls.length === 0) fail(where, 'spec.authorization.acls must be a non-empty list');
    for (const [i, acl] of (Array.isArray(acls) ? acls : []).entries()) {
      const at = `${where} acls[${i}]`;
      const r = acl?.resource ?? {};
      if (!['topic', 'group'].includes(r.type)) fail(at, `resource.type ${JSON.stringify(r.type)}: only topic and group resources (no cluster, no transactionalId)`);
      if (typeof r.name !== 'string' || r.name === '' || r.name === '*') fail(at, 'resource.name must name a topic or group, not *');
      if (!['literal', 'prefix'].includes(r.patternType ?? 'literal')) fail(at, 'resource.patternType must be literal or prefix');
      if (acl?.operation !== undefined) fail(at, 'use operations (a list), not the deprecated operation');
      const ops = acl?.operations;
      if (!Array.isArray(ops) || ops.length === 0 || !ops.every((o) => KAFKA_ACL_OPERATIONS.has(o))) {
        fail(at, `operations must be a non-empty list of ${[...KAFKA_ACL_OPERATIONS].join(', ')}`);
      }
      if (acl?.type !== undefined && acl.type !== 'allow') fail(at, 'only allow rules (nothing is allowed without one)');
    }
  },
  'mongodbcommunity.mongodb.com/v1/MongoDBCommunity': ({ where, doc }) => {
    requireFields(where, doc, ['metadata.name', 'spec.type', 'spec.members', 'spec.version', 'spec.security.authentication.modes', 'spec.users']);
    const spec = doc.spec ?? {};
    if (spec.type !== 'ReplicaSet') fail(where, 'spec.type must be ReplicaSet');
    if (!isInt(spec.members) || spec.members < 3 || spec.members % 2 === 0) fail(where, 'spec.members must be an odd integer >= 3');
    if (typeof spec.version !== 'string' || !/^\d+\.\d+\.\d+$/.test(spec.version)) fail(where, 'spec.version must be a quoted x.y.z string');
    const modes = spec.security?.authentication?.modes;
    if (!Array.isArray(modes) || modes.length === 0 || !modes.every((m) => ['SCRAM', 'SCRAM-SHA-256', 'SCRAM-SHA-1'].includes(m))) {
      fail(where, 'spec.security.authentication.modes must list SCRAM modes');
    }
    if (!Array.isArray(spec.users) || spec.users.length === 0) fail(where, 'spec.users must be a non-empty list');
    for (const [i, u] of (Array.isArray(spec.users) ? spec.users : []).entries()) {
      const at = `${where} spec.users[${i}]`;
      requireFields(at, u, ['name', 'db', 'passwordSecretRef.name', 'scramCredentialsSecretName']);
      if (typeof u?.scramCredentialsSecretName === 'string' && !DNS_SUBDOMAIN.test(u.scramCredentialsSecretName)) {
        fail(at, 'scramCredentialsSecretName is not a DNS-1123 subdomain');
      }
      if (!Array.isArray(u?.roles) || u.roles.length === 0 || !u.roles.every((r) => typeof r?.name === 'string' && typeof r?.db === 'string')) {
        fail(at, 'roles must be a non-empty list of {name, db}');
      }
    }
    for (const [i, r] of (spec.security?.roles ?? []).entries()) {
      const at = `${where} spec.security.roles[${i}]`;
      requireFields(at, r, ['role', 'db']);
      if (!Array.isArray(r?.privileges) || !r.privileges.every((p) => isObj(p?.resource) && typeof p.resource.db === 'string' && Array.isArray(p.actions) && p.actions.length > 0)) {
        fail(at, 'privileges must be a list of {resource: {db, collection}, actions: [...]}');
      }
      if (!Array.isArray(r?.roles)) fail(at, 'roles must be a list (may be empty)');
      else if (!r.roles.every((x) => typeof x?.name === 'string' && typeof x?.db === 'string')) fail(at, 'roles must be a list of {name, db}');
      // MongoDB: only a role defined in admin may grant on, or inherit from, other databases.
      if (r?.db !== 'admin' && (r?.privileges ?? []).some((p) => p?.resource?.db !== r.db)) fail(at, `a role of database ${r.db} may grant privileges on that database only`);
      if (r?.db !== 'admin' && Array.isArray(r?.roles) && r.roles.some((x) => x?.db !== r.db)) fail(at, `a role of database ${r.db} may inherit roles of that database only`);
    }
    if (spec.statefulSet !== undefined && !isObj(spec.statefulSet?.spec)) fail(where, 'spec.statefulSet.spec must be an object');
  },
  'monitoring.coreos.com/v1/PrometheusRule': ({ where, doc }) => {
    requireFields(where, doc, ['metadata.name', 'spec.groups']);
    const groups = doc.spec?.groups;
    if (!Array.isArray(groups) || groups.length === 0) return fail(where, 'spec.groups must be a non-empty list');
    for (const [i, g] of groups.entries()) {
      const at = `${where} spec.groups[${i}]`;
      if (typeof g?.name !== 'string' || !g.name) fail(at, 'name is required');
      if (!Array.isArray(g?.rules) || g.rules.length === 0) fail(at, 'rules must be a non-empty list');
      for (const [j, r] of (Array.isArray(g?.rules) ? g.rules : []).entries()) {
        const rule = `${at}.rules[${j}]`;
        if (typeof r?.expr !== 'string' || !r.expr.trim()) fail(rule, 'expr is required');
        if ((r?.alert === undefined) === (r?.record === undefined)) fail(rule, 'exactly one of alert and record');
        if (r?.alert !== undefined && (!['critical', 'warning'].includes(r.labels?.severity) || typeof r.annotations?.summary !== 'string')) {
          fail(rule, `alert ${r.alert} needs labels.severity (critical or warning) and annotations.summary`);
        }
      }
    }
  },
  'kustomize.config.k8s.io/v1beta1/Kustomization': ({ where, doc }) => {
    if (!Array.isArray(doc.resources) || doc.resources.length === 0 || !doc.resources.every((r) => typeof r === 'string')) {
      fail(where, 'resources must be a non-empty list of paths');
    }
    if (doc.namespace !== undefined && doc.namespace !== NAMESPACE) fail(where, `namespace must be ${NAMESPACE}`);
  },
};

for (const d of docs) {
  const before = failures.length;
  validateCommon(d);
  const key = `${d.doc.apiVersion}/${d.doc.kind}`;
  let via;
  if (BUILTIN[key]) {
    validateBuiltin(d, BUILTIN[key]);
    via = 'kubernetes-models schema';
  } else if (CRD_CHECKS[key]) {
    CRD_CHECKS[key](d);
    via = 'structural check';
    if (strimzi && d.doc.apiVersion === 'kafka.strimzi.io/v1beta2') {
      const Model = strimzi[d.doc.kind];
      if (!Model) fail(d.where, `${STRIMZI_PACKAGE} has no ${d.doc.kind}`);
      else if (validateBuiltin(d, Model)) via += ` + ${STRIMZI_PACKAGE} schema`;
    }
  } else {
    fail(d.where, `no schema or check known for ${key}; add it to scripts/validate-k8s.mjs`);
  }
  const ok = failures.length === before;
  console.log(`${ok ? 'ok  ' : 'FAIL'}  ${d.where.padEnd(34)} ${key.padEnd(56)} ${d.doc.metadata?.name ?? ''}${via ? `  (${via})` : ''}`);
}

// ---------------------------------------------------------------- cross-checks

if (unparsed) {
  console.error(`\nvalidate-k8s: ${failures.length} problem(s); cross-checks skipped until every file parses:`);
  for (const f of failures) console.error(`  - ${f}`);
  process.exit(1);
}

const byKind = (kind) => docs.filter((d) => d.doc.kind === kind);
const deployments = byKind('Deployment');
const configMaps = new Map(byKind('ConfigMap').map((d) => [d.doc.metadata?.name, d.doc.data ?? {}]));
const secrets = new Map(byKind('Secret').map((d) => [d.doc.metadata?.name, new Set(Object.keys({ ...d.doc.data, ...d.doc.stringData }))]));
const kafkas = byKind('Kafka');
const topics = byKind('KafkaTopic');
const nodePools = byKind('KafkaNodePool');

const crossChecks = [];
function crossCheck(name, fn) {
  const before = failures.length;
  fn();
  crossChecks.push(`${failures.length === before ? 'ok  ' : 'FAIL'}  cross-check: ${name}`);
}

for (const m of byKind('MongoDBCommunity')) {
  for (const u of m.doc.spec?.users ?? []) {
    const name = u.connectionStringSecretName ?? `${m.doc.metadata.name}-${u.db ?? 'admin'}-${u.name}`;
    secrets.set(name, new Set(['connectionString.standard', 'connectionString.standardSrv', 'username', 'password']));
  }
}
// Made by the Strimzi operators: each KafkaUser's password, and the cluster CA that signed the brokers.
const kafkaUserSecret = (u) => u.doc.spec?.secretName ?? u.doc.metadata?.name;
for (const u of byKind('KafkaUser')) secrets.set(kafkaUserSecret(u), new Set(['password', 'sasl.jaas.config']));
for (const k of kafkas) secrets.set(`${k.doc.metadata?.name}-cluster-ca-cert`, new Set(['ca.crt', 'ca.p12', 'ca.password']));
// Secrets created out of band (scripts/generate-secrets.sh k8s | kubectl create -f -; docs/security.md
// lists them too), so that none is committed.
const OUT_OF_BAND_SECRETS = {
  'auth-api-bootstrap-admin': ['username', 'password'],
  'mongodb-projector-password': ['password'],
  'mongodb-query-api-password': ['password'],
  'mongodb-auth-api-password': ['password'],
  'redis-acl': ['users.acl'],
  'redis-command-api': ['url'],
  'redis-query-api': ['url'],
  'redis-auth-api': ['url'],
};
const generatedSecrets = new Set(secrets.keys());
for (const [name, keys] of Object.entries(OUT_OF_BAND_SECRETS)) secrets.set(name, new Set(keys));

const appOf = (container) => {
  const cmd = [...(container.command ?? []), ...(container.args ?? [])].join(' ');
  return cmd.match(/dist\/apps\/([a-z0-9-]+)\/src\/main\.js/)?.[1];
};
const podContainers = (d) => d.doc.spec?.template?.spec?.containers ?? [];
const appDeployments = deployments.filter((d) => podContainers(d).some(appOf));
const appName = (d) => podContainers(d).map(appOf).find(Boolean);
const appDeployment = (app) => appDeployments.find((d) => appName(d) === app);
const kafkaListener = (port) => (kafkas[0]?.doc.spec?.kafka?.listeners ?? []).find((l) => l.port === port && l.type === 'internal');

crossCheck('kustomization lists exactly the files in k8s/', () => {
  const kust = docs.filter((d) => d.doc.kind === 'Kustomization');
  if (kust.length !== 1 || kust[0].file !== 'kustomization.yaml') return fail('k8s/kustomization.yaml', 'exactly one Kustomization expected, in kustomization.yaml');
  const listed = kust[0].doc.resources ?? [];
  const seen = new Set();
  for (const r of listed) {
    if (seen.has(r)) fail('k8s/kustomization.yaml', `resource ${r} listed twice`);
    seen.add(r);
    if (!existsSync(path.join(k8sDir, r))) fail('k8s/kustomization.yaml', `resource ${r} does not exist`);
  }
  for (const f of yamlFiles) {
    if (f !== 'kustomization.yaml' && !seen.has(f)) fail(`k8s/${f}`, 'not listed in kustomization.yaml resources');
  }
});

crossCheck('kustomization configMapGenerator files exist (Grafana dashboards: JSON with a uid and panels)', () => {
  const kust = docs.find((d) => d.doc.kind === 'Kustomization')?.doc ?? {};
  for (const generator of kust.configMapGenerator ?? []) {
    for (const entry of generator.files ?? []) {
      const file = String(entry).split('=').pop();
      const where = `k8s/kustomization.yaml configMapGenerator ${generator.name}`;
      if (!existsSync(path.join(k8sDir, file))) {
        fail(where, `file ${file} does not exist`);
        continue;
      }
      if (generator.options?.labels?.grafana_dashboard === undefined) continue;
      try {
        const dashboard = JSON.parse(readFileSync(path.join(k8sDir, file), 'utf8'));
        if (typeof dashboard.uid !== 'string' || !Array.isArray(dashboard.panels) || dashboard.panels.length === 0) fail(where, `${file} needs a uid and panels`);
      } catch (err) {
        fail(where, `${file} is not JSON: ${err.message}`);
      }
    }
  }
});

crossCheck('object identities are unique', () => {
  const ids = new Map();
  for (const d of docs) {
    if (d.doc.kind === 'Kustomization') continue;
    const id = `${d.doc.apiVersion?.split('/')[0]}/${d.doc.kind}/${d.doc.metadata?.namespace ?? ''}/${d.doc.metadata?.name}`;
    if (ids.has(id)) fail(d.where, `duplicates ${ids.get(id)}`);
    ids.set(id, d.where);
  }
});

crossCheck('deployments: selectors, probes, ports, env refs, security, resources, images', () => {
  for (const d of deployments) {
    const { where, doc } = d;
    const tpl = doc.spec?.template ?? {};
    if (!matches(doc.spec?.selector?.matchLabels, tpl.metadata?.labels)) fail(where, 'spec.selector.matchLabels does not match the pod template labels');
    const podSc = tpl.spec?.securityContext ?? {};
    const volumes = new Set((tpl.spec?.volumes ?? []).map((v) => v.name));
    for (const c of tpl.spec?.containers ?? []) {
      const at = `${where} container ${c.name}`;
      const app = appOf(c);
      const ports = new Map((c.ports ?? []).map((p) => [p.name, p.containerPort]));
      const portOf = (p) => (typeof p === 'string' ? ports.get(p) : p);
      const sc = c.securityContext ?? {};
      if ((sc.runAsNonRoot ?? podSc.runAsNonRoot) !== true) fail(at, 'runAsNonRoot must be true');
      if ((sc.runAsUser ?? podSc.runAsUser) === 0) fail(at, 'runAsUser must not be 0');
      if (sc.readOnlyRootFilesystem !== true) fail(at, 'readOnlyRootFilesystem must be true');
      if (sc.allowPrivilegeEscalation !== false) fail(at, 'allowPrivilegeEscalation must be false');
      for (const [k, v] of [['requests.cpu', c.resources?.requests?.cpu], ['requests.memory', c.resources?.requests?.memory], ['limits.memory', c.resources?.limits?.memory]]) {
        if (v === undefined) fail(at, `resources.${k} is required`);
      }
      if (typeof c.image !== 'string' || !/:[\w][\w.-]*$/.test(c.image) || c.image.endsWith(':latest')) fail(at, `image ${c.image} must carry a fixed tag`);
      for (const m of c.volumeMounts ?? []) if (!volumes.has(m.name)) fail(at, `volumeMount ${m.name} has no volume`);
      for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
        const p = c[probe];
        if (!p) {
          if (probe !== 'startupProbe') fail(at, `${probe} is required`);
          continue;
        }
        if (p.httpGet) {
          if (p.httpGet.path !== PROBE_PATHS[probe]) fail(at, `${probe}.httpGet.path must be ${PROBE_PATHS[probe]}, got ${p.httpGet.path}`);
          if (portOf(p.httpGet.port) === undefined) fail(at, `${probe}.httpGet.port ${p.httpGet.port} is not a container port`);
        } else if (app) {
          fail(at, `${probe} must be an httpGet on ${PROBE_PATHS[probe]}`);
        }
      }
      for (const ef of c.envFrom ?? []) {
        if (ef.configMapRef && !configMaps.has(ef.configMapRef.name)) fail(at, `envFrom ConfigMap ${ef.configMapRef.name} not defined`);
        if (ef.secretRef && !secrets.has(ef.secretRef.name)) fail(at, `envFrom Secret ${ef.secretRef.name} not defined`);
      }
      for (const e of c.env ?? []) {
        const cmRef = e.valueFrom?.configMapKeyRef;
        if (cmRef && !(cmRef.key in (configMaps.get(cmRef.name) ?? {}))) fail(at, `env ${e.name}: ConfigMap key ${cmRef.name}/${cmRef.key} not defined`);
        const sRef = e.valueFrom?.secretKeyRef;
        if (sRef && !secrets.get(sRef.name)?.has(sRef.key)) fail(at, `env ${e.name}: Secret key ${sRef.name}/${sRef.key} is neither defined nor operator-generated`);
      }
      if (!app) continue;
      if (!(app in APPS)) {
        fail(at, `unknown app ${app}`);
        continue;
      }
      if (c.image !== APP_IMAGE) fail(at, `image must be ${APP_IMAGE}`);
      if (ports.get('http') !== APPS[app]) fail(at, `container port "http" must be ${APPS[app]}`);
      if (c.env?.find((e) => e.name === 'PORT')?.value !== String(APPS[app])) fail(at, `env PORT must be "${APPS[app]}"`);
      const ann = tpl.metadata?.annotations ?? {};
      if (ann['prometheus.io/scrape'] !== 'true' || ann['prometheus.io/path'] !== '/metrics' || ann['prometheus.io/port'] !== String(APPS[app])) {
        fail(where, `pod annotations must have prometheus.io/scrape "true", path /metrics, port "${APPS[app]}"`);
      }
    }
  }
  const deployed = new Set(appDeployments.flatMap((d) => podContainers(d).map(appOf).filter(Boolean)));
  for (const app of Object.keys(APPS)) if (!deployed.has(app)) fail('k8s', `no Deployment runs ${app}`);
});

const templateLabels = (d) => d.doc.spec?.template?.metadata?.labels;
crossCheck('services and PDBs select pods that exist', () => {
  for (const s of byKind('Service')) {
    const targets = deployments.filter((d) => matches(s.doc.spec?.selector, templateLabels(d)));
    if (targets.length === 0) {
      fail(s.where, 'selector matches no Deployment pod template');
      continue;
    }
    for (const p of s.doc.spec?.ports ?? []) {
      const tp = p.targetPort ?? p.port;
      const found = targets.some((d) => podContainers(d).some((c) => (c.ports ?? []).some((cp) => cp.name === tp || cp.containerPort === tp)));
      if (!found) fail(s.where, `targetPort ${tp} is not a port of the selected pods`);
    }
  }
  for (const p of byKind('PodDisruptionBudget')) {
    if (!deployments.some((d) => matches(p.doc.spec?.selector?.matchLabels, templateLabels(d)))) fail(p.where, 'selector matches no Deployment pod template');
  }
});

const cmData = Object.assign({}, ...configMaps.values());
const envOf = (d) => {
  const env = {};
  for (const c of podContainers(d)) {
    for (const ef of c.envFrom ?? []) Object.assign(env, configMaps.get(ef.configMapRef?.name) ?? {});
    for (const e of c.env ?? []) env[e.name] = e.value ?? { from: e.valueFrom };
  }
  return env;
};

crossCheck('autoscaling: HPAs target API Deployments only, projector replicas <= partitions', () => {
  const hpaTargets = new Set();
  for (const h of byKind('HorizontalPodAutoscaler')) {
    const ref = h.doc.spec?.scaleTargetRef ?? {};
    const target = deployments.find((d) => d.doc.metadata?.name === ref.name && d.doc.metadata?.namespace === h.doc.metadata?.namespace);
    if (ref.kind !== 'Deployment' || !target) {
      fail(h.where, `scaleTargetRef ${ref.kind}/${ref.name} is not a Deployment defined here`);
      continue;
    }
    hpaTargets.add(target);
    if (podContainers(target).some((c) => appOf(c) === 'projector')) fail(h.where, 'the projector must not be autoscaled: its replicas are bounded by the log partitions');
    if (target.doc.spec?.replicas !== undefined) fail(target.where, 'spec.replicas must be omitted when an HPA owns the replica count');
    const min = h.doc.spec?.minReplicas ?? 1;
    if (min > h.doc.spec?.maxReplicas) fail(h.where, 'minReplicas exceeds maxReplicas');
    if (min < 2) fail(h.where, 'minReplicas must be at least 2');
  }
  for (const d of appDeployments) {
    const app = podContainers(d).map(appOf).find(Boolean);
    if (app !== 'projector' && !hpaTargets.has(d)) fail(d.where, `${app} has no HorizontalPodAutoscaler`);
  }
  for (const d of appDeployments.filter((x) => podContainers(x).some((c) => appOf(c) === 'projector'))) {
    const logTopic = envOf(d).LOG_TOPIC;
    const topic = topics.find((t) => (t.doc.spec?.topicName ?? t.doc.metadata?.name) === logTopic);
    if (!topic) {
      fail(d.where, `no KafkaTopic for LOG_TOPIC ${JSON.stringify(logTopic)}`);
      continue;
    }
    const partitions = topic.doc.spec?.partitions;
    const replicas = d.doc.spec?.replicas;
    if (!isInt(replicas) || replicas < 1) fail(d.where, 'projector spec.replicas must be set explicitly');
    else if (replicas > partitions) fail(d.where, `projector replicas ${replicas} exceed the ${partitions} partitions of ${logTopic}`);
    const max = d.doc.metadata?.annotations?.['caregiver-reimbursements.io/max-replicas'];
    if (max !== String(partitions)) fail(d.where, `annotation caregiver-reimbursements.io/max-replicas must be "${partitions}" (partitions of ${logTopic})`);
  }
});

crossCheck('kafka: node pools, topics and KAFKA_BROKERS agree with the Kafka cluster', () => {
  if (kafkas.length !== 1) return fail('k8s', `exactly one Kafka expected, found ${kafkas.length}`);
  const kafka = kafkas[0].doc;
  const cluster = kafka.metadata?.name;
  for (const r of [...nodePools, ...topics]) {
    if (r.doc.metadata?.labels?.['strimzi.io/cluster'] !== cluster) fail(r.where, `label strimzi.io/cluster must be ${cluster}`);
  }
  const brokers = nodePools.filter((p) => p.doc.spec?.roles?.includes('broker')).reduce((n, p) => n + (p.doc.spec?.replicas ?? 0), 0);
  const controllers = nodePools.filter((p) => p.doc.spec?.roles?.includes('controller')).reduce((n, p) => n + (p.doc.spec?.replicas ?? 0), 0);
  if (brokers < 3) fail('k8s', `broker node pools provide ${brokers} brokers; need at least 3`);
  if (controllers < 3 || controllers % 2 === 0) fail('k8s', `controller quorum of ${controllers}; need an odd number >= 3`);
  for (const t of topics) {
    if (t.doc.spec?.replicas > brokers) fail(t.where, `replicas ${t.doc.spec.replicas} exceed the ${brokers} brokers`);
    if (t.doc.spec?.replicas !== kafka.spec?.kafka?.config?.['default.replication.factor']) fail(t.where, 'replicas differ from the cluster default.replication.factor');
  }
  for (const name of [cmData.LOG_TOPIC, cmData.CATALOG_TOPIC]) {
    if (!topics.some((t) => (t.doc.spec?.topicName ?? t.doc.metadata?.name) === name)) fail('k8s/configmap', `no KafkaTopic for ${name}`);
  }
  const log = topics.find((t) => (t.doc.spec?.topicName ?? t.doc.metadata?.name) === cmData.LOG_TOPIC);
  if (log && log.doc.spec?.partitions !== 6) fail(log.where, 'the log topic must have 6 partitions');
  const catalog = topics.find((t) => (t.doc.spec?.topicName ?? t.doc.metadata?.name) === cmData.CATALOG_TOPIC);
  if (catalog && catalog.doc.spec?.partitions !== 1) fail(catalog.where, 'the catalog topic must have 1 partition');
  for (const b of String(cmData.KAFKA_BROKERS ?? '').split(',')) {
    const [host, port] = b.trim().split(':');
    if (!host?.startsWith(`${cluster}-kafka-bootstrap`) || !kafkaListener(Number(port))) {
      fail('k8s/configmap', `KAFKA_BROKERS entry ${JSON.stringify(b)} is not ${cluster}-kafka-bootstrap:<an internal listener's port>`);
    }
  }
});

// ---------------------------------------------------------------- credentials and network policies

const brokersPort = () => Number(String(cmData.KAFKA_BROKERS ?? '').split(',')[0].split(':')[1]);
const secretRefOf = (env, name) => (isObj(env[name]) ? env[name].from?.secretKeyRef : undefined);
const sha256 = (text) => createHash('sha256').update(text).digest('hex');

/** The read models' version databases the cluster's users may use (from the credentials cross-check). */
const mongoVersionDatabases = [];

/** Out-of-band Secrets as `scripts/generate-secrets.sh k8s` makes them (when given), by name. */
const outOfBand = new Map();
if (outOfBandSecretsPath) {
  crossCheck(`out-of-band Secrets made by scripts/generate-secrets.sh k8s (${path.basename(outOfBandSecretsPath)})`, () => {
    const where = 'generate-secrets.sh k8s';
    const stream = parseAllDocuments(readFileSync(outOfBandSecretsPath, 'utf8'), { uniqueKeys: true });
    for (const yd of stream) {
      if (yd.errors.length) return fail(where, `YAML error: ${yd.errors.map((e) => e.message).join('; ')}`);
      const doc = yd.toJS();
      if (doc === null || doc === undefined) continue;
      validateBuiltin({ where: `${where} ${doc.metadata?.name}`, doc }, Secret);
      if (doc.kind !== 'Secret' || doc.metadata?.namespace !== NAMESPACE) fail(where, `${doc.kind}/${doc.metadata?.name} is not a Secret in ${NAMESPACE}`);
      if (doc.data !== undefined) fail(where, `${doc.metadata?.name}: use stringData`);
      outOfBand.set(doc.metadata?.name, doc.stringData ?? {});
    }
    for (const [name, keys] of Object.entries(OUT_OF_BAND_SECRETS)) {
      const made = outOfBand.get(name);
      if (!made) fail(where, `does not make Secret ${name}`);
      else if (JSON.stringify(Object.keys(made).sort()) !== JSON.stringify([...keys].sort())) fail(where, `Secret ${name} has keys ${Object.keys(made)}, expected ${keys}`);
      for (const [k, v] of Object.entries(made ?? {})) if (typeof v !== 'string' || v === '') fail(where, `Secret ${name} key ${k} is empty`);
    }
    for (const name of outOfBand.keys()) if (!(name in OUT_OF_BAND_SECRETS)) fail(where, `makes Secret ${name}, which is not in the documented out-of-band list`);
    const values = [...outOfBand.values()].flatMap((d) => Object.values(d)).filter((v) => /^[0-9a-f]{32,}$/.test(v));
    if (new Set(values).size !== values.length) fail(where, 'two Secrets share a password');
  });
}

/** Redis ACL users from the generated users.acl: name -> { on, nopass, hashes, rule sets (root, then selectors) }. */
function redisAclUsers(text) {
  const ruleSet = (rules) => ({
    keys: rules.filter((r) => r.startsWith('~')),
    commands: rules.filter((r) => r.startsWith('+')),
    broad: rules.includes('+@all') || rules.includes('allcommands') || rules.includes('allkeys') || rules.includes('~*'),
    // Starts from nothing: -@all comes before every permission it then grants.
    resetFirst: rules.includes('-@all') && rules.filter((r) => r.startsWith('+')).every((r) => rules.indexOf(r) > rules.indexOf('-@all')),
  });
  const users = new Map();
  for (const line of String(text ?? '').split('\n').map((l) => l.trim()).filter(Boolean)) {
    const selectors = [...line.matchAll(/\(([^)]*)\)/g)].map((m) => m[1].trim().split(/\s+/));
    const [kw, name, ...rules] = line.replace(/\([^)]*\)/g, ' ').trim().split(/\s+/);
    if (kw !== 'user') continue;
    users.set(name, {
      on: rules.includes('on') && !rules.includes('off'),
      nopass: rules.includes('nopass'),
      hashes: rules.filter((r) => r.startsWith('#')).map((r) => r.slice(1)),
      root: ruleSet(rules),
      selectors: selectors.map(ruleSet),
    });
  }
  return users;
}

crossCheck('credentials: each app has its own least-privilege Kafka, MongoDB and Redis user, and only those it needs', () => {
  const mongo = byKind('MongoDBCommunity')[0]?.doc;
  const customRoles = new Map((mongo?.spec?.security?.roles ?? []).map((r) => [`${r.role}@${r.db}`, r]));
  const kafkaUsers = new Map(byKind('KafkaUser').map((u) => [u.doc.metadata?.name, u]));
  const usedSecrets = new Map();
  /** By app: the MongoDB databases its user may read, write and drop. */
  const mongoAccess = new Map();
  for (const [app, access] of Object.entries(ACCESS)) {
    const d = appDeployment(app);
    if (!d) continue;
    const env = envOf(d);
    const where = `${d.where} (${app})`;
    for (const e of podContainers(d).flatMap((c) => c.env ?? [])) {
      const ref = e.valueFrom?.secretKeyRef;
      if (!ref) continue;
      if (usedSecrets.has(ref.name) && usedSecrets.get(ref.name) !== app) fail(where, `Secret ${ref.name} is also used by ${usedSecrets.get(ref.name)}: credentials are per app`);
      usedSecrets.set(ref.name, app);
    }
    for (const e of podContainers(d).flatMap((c) => c.env ?? [])) {
      if (/PASSWORD|SECRET|_URI$|_URL$/.test(e.name) && e.value !== undefined && /:\/\/[^/@]*:[^/@]*@/.test(e.value)) fail(where, `env ${e.name} holds a credential inline; use a secretKeyRef`);
      if (/PASSWORD/.test(e.name) && e.value !== undefined) fail(where, `env ${e.name} must come from a Secret`);
    }

    // Kafka: a KafkaUser named after the app, its password from the User Operator's Secret.
    const kafkaVars = ['KAFKA_SASL_MECHANISM', 'KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD', 'KAFKA_SSL'];
    if (access.includes('kafka')) {
      const user = kafkaUsers.get(env.KAFKA_SASL_USERNAME);
      if (env.KAFKA_SASL_USERNAME !== app || !user) fail(where, `KAFKA_SASL_USERNAME must be "${app}", a KafkaUser of its own`);
      if (env.KAFKA_SASL_MECHANISM !== user?.doc.spec?.authentication?.type) fail(where, `KAFKA_SASL_MECHANISM must be the KafkaUser's ${user?.doc.spec?.authentication?.type}`);
      const ref = secretRefOf(env, 'KAFKA_SASL_PASSWORD');
      if (!user || ref?.name !== kafkaUserSecret(user) || ref?.key !== 'password') fail(where, `KAFKA_SASL_PASSWORD must be secretKeyRef ${user ? kafkaUserSecret(user) : app}/password`);
      const listener = kafkaListener(brokersPort());
      if (listener?.tls) {
        if (env.KAFKA_SSL !== 'true') fail(where, 'KAFKA_SSL must be "true": the brokers listener is TLS');
        const caFile = env.NODE_EXTRA_CA_CERTS;
        const pod = d.doc.spec?.template?.spec ?? {};
        const caSecret = `${kafkas[0]?.doc.metadata?.name}-cluster-ca-cert`;
        const mounted = podContainers(d).flatMap((c) => c.volumeMounts ?? []).some((m) => {
          const v = (pod.volumes ?? []).find((x) => x.name === m.name);
          const file = (v?.secret?.items ?? []).find((i) => i.key === 'ca.crt')?.path ?? 'ca.crt';
          return v?.secret?.secretName === caSecret && typeof caFile === 'string' && path.posix.join(m.mountPath, file) === caFile;
        });
        if (!mounted) fail(where, `NODE_EXTRA_CA_CERTS must name ca.crt of Secret ${caSecret}, mounted in the pod`);
      }
    } else {
      for (const v of kafkaVars) if (v in env) fail(where, `${app} does not use Kafka: no ${v}`);
    }

    // MongoDB: the connection string of a user named after the app, with roles on its database only.
    if (access.includes('mongodb')) {
      const ref = secretRefOf(env, 'MONGODB_URI');
      const user = (mongo?.spec?.users ?? []).find((u) => ref?.name === (u.connectionStringSecretName ?? `${mongo.metadata.name}-${u.db ?? 'admin'}-${u.name}`));
      if (!user || ref?.key !== 'connectionString.standard') fail(where, 'MONGODB_URI must be the connectionString.standard of a MongoDBCommunity user');
      else {
        if (user.name !== app) fail(where, `MONGODB_URI is user ${user.name}'s; ${app} must have a user of its own`);
        const grant = MONGO_GRANTS[app];
        const db = env[grant?.dbEnv] ?? cmData[grant?.dbEnv];
        const allowedDbs = grant?.versions ? `${grant.dbEnv}=${db} and its version databases ${db}_v<N>` : `${grant?.dbEnv}=${db}`;
        const access = mongoAccess.get(app) ?? { read: new Set(), write: new Set(), drop: new Set() };
        mongoAccess.set(app, access);
        for (const r of user.roles ?? []) {
          const custom = customRoles.get(`${r.name}@${r.db}`);
          if (MONGO_BROAD_ROLES.test(r.name)) fail(where, `MongoDB user ${user.name} has the broad role ${r.name}`);
          if (!custom && !['read', 'readWrite'].includes(r.name)) fail(where, `MongoDB user ${user.name} has role ${r.name}: only read, readWrite or a custom role defined here`);
          // What the role grants, database by database: its own privileges and the built-in roles it inherits.
          const grants = custom
            ? [...(custom.privileges ?? []).map((p) => ({ db: p.resource?.db, actions: p.actions ?? [] })), ...(custom.roles ?? []).map((x) => ({ db: x.db, role: x.name }))]
            : [{ db: r.db, role: r.name }];
          for (const g of grants) {
            if (g.role !== undefined && !['read', 'readWrite'].includes(g.role)) fail(where, `custom role ${r.name} inherits ${g.role}: only read or readWrite`);
            if (g.db !== db && !(grant?.versions && isVersionDatabase(g.db, db))) fail(where, `MongoDB user ${user.name} has a role on ${g.db}; ${app} uses ${allowedDbs} only`);
            const writes = g.role === 'readWrite' || (g.actions ?? []).some((a) => !MONGO_READ_ACTIONS.has(a));
            if (writes && !grant?.write) fail(where, `MongoDB user ${user.name} may write (${r.name} on ${g.db}); ${app} only reads`);
            if (g.role === 'read' || g.role === 'readWrite') access.read.add(g.db);
            if (g.role === 'readWrite') access.write.add(g.db);
            if ((g.actions ?? []).includes('dropDatabase')) access.drop.add(g.db);
          }
        }
        if (grant?.write && !access.write.has(db)) fail(where, `MongoDB user ${user.name} needs readWrite on ${db}`);
        if (access.drop.has(db)) fail(where, `MongoDB user ${user.name} may drop ${db}: only the version databases are dropped`);
      }
    } else if ('MONGODB_URI' in env) {
      fail(where, `${app} does not use MongoDB: no MONGODB_URI`);
    }

    // Redis: its own ACL user (when the generated Secrets are given: name, password hash, key prefix).
    if (access.includes('redis')) {
      const ref = secretRefOf(env, 'REDIS_URL');
      if (ref?.name !== `redis-${app}` || ref?.key !== 'url') fail(where, `REDIS_URL must be secretKeyRef redis-${app}/url`);
      const url = outOfBand.get(`redis-${app}`)?.url;
      if (url !== undefined) {
        const u = new URL(url);
        const acl = redisAclUsers(outOfBand.get('redis-acl')?.['users.acl']).get(decodeURIComponent(u.username));
        if (decodeURIComponent(u.username) !== app) fail(where, `redis-${app} url logs in as ${u.username}`);
        else if (!acl || !acl.on) fail(where, `users.acl has no enabled user ${app}`);
        else {
          if (!acl.hashes.includes(sha256(decodeURIComponent(u.password)))) fail(where, `users.acl's hash for ${app} is not that of redis-${app}'s password`);
          for (const set of [acl.root, ...acl.selectors]) {
            if (acl.nopass || set.broad || set.keys.length === 0 || !set.resetFirst) fail(where, `Redis user ${app} must start from -@all and name its key prefixes and commands, in each selector`);
          }
        }
      }
    } else if ('REDIS_URL' in env) {
      fail(where, `${app} does not use Redis: no REDIS_URL`);
    }

    if (access.includes('auth-api')) {
      for (const v of ['AUTH_JWKS_URL', 'AUTH_PRINCIPALS_URL']) {
        if (typeof env[v] !== 'string' || new URL(env[v]).host !== `auth-api:${APPS['auth-api']}`) fail(where, `${v} must point at http://auth-api:${APPS['auth-api']}`);
      }
    }
  }
  const acl = outOfBand.get('redis-acl')?.['users.acl'];
  if (acl !== undefined) {
    const users = redisAclUsers(acl);
    const expected = new Set(['default', ...Object.keys(ACCESS).filter((a) => ACCESS[a].includes('redis'))]);
    for (const name of users.keys()) if (!expected.has(name)) fail('redis-acl', `unexpected Redis user ${name}`);
    const def = users.get('default');
    if (!def || (def.on && (def.root.broad || def.root.keys.length > 0 || def.root.commands.some((c) => c !== '+ping') || !def.root.resetFirst || def.selectors.length > 0))) {
      fail('redis-acl', 'the default user must be off, or allowed nothing but PING');
    }
  }
  for (const [name, u] of kafkaUsers) {
    if (!(name in ACCESS) || !ACCESS[name].includes('kafka')) fail(u.where, `KafkaUser ${name} is not an app that uses Kafka`);
  }
  for (const u of mongo?.spec?.users ?? []) if (!MONGO_GRANTS[u.name]) fail('k8s/mongodb.yaml', `MongoDB user ${u.name} is not an app that uses MongoDB`);

  // The read models' later versions: every database the projector may fold a version into, it may
  // also drop, and query-api may read; and there is at least one, or no rebuild could run.
  const projector = mongoAccess.get('projector');
  const queryApi = mongoAccess.get('query-api');
  if (projector && queryApi) {
    const base = envOf(appDeployment('projector'))[MONGO_GRANTS.projector.dbEnv] ?? cmData[MONGO_GRANTS.projector.dbEnv];
    const versions = (set) => [...set].filter((name) => isVersionDatabase(name, base)).sort(byVersion);
    const [written, dropped, read] = [versions(projector.write), versions(projector.drop), versions(queryApi.read)];
    if (written.length === 0) fail('k8s/mongodb.yaml', `the projector may write no version database (${base}_v<N>): no rebuild could be folded`);
    if (JSON.stringify(dropped) !== JSON.stringify(written)) fail('k8s/mongodb.yaml', `the projector may write ${written.join(', ') || 'no version database'} but drop ${dropped.join(', ') || 'none'}: each version it builds it must be able to drop`);
    if (JSON.stringify(read) !== JSON.stringify(written)) fail('k8s/mongodb.yaml', `the projector may write ${written.join(', ') || 'no version database'} but query-api may read ${read.join(', ') || 'none'}`);
    mongoVersionDatabases.push(...written);
  }
});

crossCheck('secrets: every reference resolves, and every out-of-band Secret is used', () => {
  const used = new Set();
  const need = (where, name, key) => {
    used.add(name);
    if (!secrets.has(name)) fail(where, `Secret ${name} is neither in the manifests, nor made by an operator, nor in the out-of-band list`);
    else if (key !== undefined && !secrets.get(name).has(key)) fail(where, `Secret ${name} has no key ${key}`);
  };
  for (const d of deployments) {
    const pod = d.doc.spec?.template?.spec ?? {};
    for (const c of [...(pod.containers ?? []), ...(pod.initContainers ?? [])]) {
      for (const e of c.env ?? []) if (e.valueFrom?.secretKeyRef) need(d.where, e.valueFrom.secretKeyRef.name, e.valueFrom.secretKeyRef.key);
      for (const ef of c.envFrom ?? []) if (ef.secretRef) need(d.where, ef.secretRef.name);
    }
    for (const v of pod.volumes ?? []) {
      if (!v.secret) continue;
      need(d.where, v.secret.secretName);
      for (const item of v.secret.items ?? []) need(d.where, v.secret.secretName, item.key);
      if (!(pod.containers ?? []).some((c) => (c.volumeMounts ?? []).some((m) => m.name === v.name && m.readOnly === true))) fail(d.where, `Secret volume ${v.name} must be mounted readOnly`);
    }
  }
  for (const m of byKind('MongoDBCommunity')) {
    for (const u of m.doc.spec?.users ?? []) need(m.where, u.passwordSecretRef?.name, u.passwordSecretRef?.key ?? 'password');
  }
  for (const name of Object.keys(OUT_OF_BAND_SECRETS)) if (!used.has(name)) fail('scripts/validate-k8s.mjs', `out-of-band Secret ${name} is used by nothing`);
  for (const name of used) if (generatedSecrets.has(name) && name in OUT_OF_BAND_SECRETS) fail('scripts/validate-k8s.mjs', `${name} is both generated and out of band`);
});

/** What a NetworkPolicy peer's podSelector (in this namespace) selects, by name. */
function peerTarget(peer) {
  if (peer.ipBlock) return `ipBlock ${peer.ipBlock.cidr}`;
  const ns = peer.namespaceSelector;
  const labels = peer.podSelector?.matchLabels ?? {};
  if (ns) {
    const name = ns.matchLabels?.['kubernetes.io/metadata.name'];
    if (!name || Object.keys(ns).length !== 1 || Object.keys(ns.matchLabels).length !== 1) return 'namespace (any)';
    if (name === 'kube-system' && labels['k8s-app'] === 'kube-dns') return 'dns';
    return `namespace ${name}`;
  }
  if (!peer.podSelector || Object.keys(labels).length === 0 || peer.podSelector.matchExpressions) return 'pods (any)';
  const cluster = kafkas[0]?.doc.metadata?.name;
  if (labels['strimzi.io/cluster'] === cluster && Object.keys(labels).length === 1) return 'strimzi';
  if (labels['strimzi.io/cluster'] === cluster && labels['strimzi.io/kind'] === 'Kafka' && labels['strimzi.io/broker-role'] === 'true') return 'kafka';
  const mongoName = byKind('MongoDBCommunity')[0]?.doc.metadata?.name;
  if (Object.keys(labels).length === 1 && labels.app === `${mongoName}-svc`) return 'mongodb';
  const d = deployments.find((x) => matches(labels, templateLabels(x)));
  if (d) return appName(d) ?? d.doc.metadata?.name;
  return `pods ${JSON.stringify(labels)} (matching nothing)`;
}
const targetPort = { kafka: () => brokersPort(), mongodb: () => API_PORTS.mongodb, dns: () => 53 };
const portOfTarget = (t) => targetPort[t]?.() ?? APPS[t] ?? deployments.find((d) => d.doc.metadata?.name === t && podContainers(d)[0]).doc.spec.template.spec.containers[0].ports?.[0]?.containerPort;
const policies = () => byKind('NetworkPolicy');
const selects = (np, labels) => matches({ ...np.doc.spec?.podSelector?.matchLabels }, labels) || Object.keys(np.doc.spec?.podSelector ?? {}).length === 0;
/** The rules of every policy selecting pods with these labels: [{ peers: [target], ports: [port] }]. */
function rulesFor(labels, direction) {
  const types = direction === 'ingress' ? 'Ingress' : 'Egress';
  return policies()
    .filter((np) => (np.doc.spec?.policyTypes ?? ['Ingress']).includes(types) && selects(np, labels))
    .flatMap((np) => (np.doc.spec?.[direction] ?? []).map((r) => ({ np, peers: (r[direction === 'ingress' ? 'from' : 'to'] ?? null)?.map(peerTarget) ?? ['anywhere'], ports: (r.ports ?? []).map((p) => p.port) })));
}

crossCheck('network policies: default deny; each app reaches what its credentials are for, and is reached only as it must be', () => {
  const all = policies();
  for (const np of all) {
    for (const dir of ['ingress', 'egress']) {
      for (const r of np.doc.spec?.[dir] ?? []) {
        if (!(r.ports ?? []).length) fail(np.where, `every ${dir} rule must name its ports`);
        for (const p of r.ports ?? []) if (!isInt(p.port) || p.endPort !== undefined) fail(np.where, `${dir} ports must be single numbers (no named ports, no ranges)`);
        for (const peer of r[dir === 'ingress' ? 'from' : 'to'] ?? []) {
          const t = peerTarget(peer);
          if (/matching nothing|\(any\)/.test(t)) fail(np.where, `${dir} peer ${t}`);
        }
      }
    }
  }
  const denyAll = all.filter((np) => Object.keys(np.doc.spec?.podSelector ?? {}).length === 0 && !np.doc.spec?.ingress && !np.doc.spec?.egress);
  if (!denyAll.some((np) => ['Ingress', 'Egress'].every((t) => np.doc.spec?.policyTypes?.includes(t)))) fail('k8s', 'no default-deny NetworkPolicy (podSelector {}, policyTypes Ingress and Egress, no rules)');
  for (const np of all) {
    if (Object.keys(np.doc.spec?.podSelector ?? {}).length === 0 && (np.doc.spec?.ingress || np.doc.spec?.egress?.some((r) => !(r.to ?? []).every((p) => peerTarget(p) === 'dns')))) {
      fail(np.where, 'a policy for every pod may allow DNS egress only');
    }
  }
  if (!all.some((np) => Object.keys(np.doc.spec?.podSelector ?? {}).length === 0 && (np.doc.spec?.egress ?? []).some((r) => (r.to ?? []).some((p) => peerTarget(p) === 'dns') && r.ports?.some((p) => p.port === 53)))) {
    fail('k8s', 'no NetworkPolicy lets the pods resolve names (egress to kube-dns on 53)');
  }

  for (const d of appDeployments) {
    const app = appName(d);
    const labels = templateLabels(d);
    // Egress: exactly the dependencies of ACCESS (and DNS), each on its port; no address blocks.
    const reached = new Set();
    for (const r of rulesFor(labels, 'egress')) {
      for (const t of r.peers) {
        if (t === 'dns') continue;
        if (!['kafka', 'mongodb', 'redis', 'auth-api'].includes(t)) {
          fail(d.where, `${app} egress to ${t}: apps reach only Kafka, MongoDB, Redis and auth-api`);
          continue;
        }
        reached.add(t);
        if (r.ports.some((p) => p !== portOfTarget(t))) fail(r.np.where, `${app} egress to ${t} must be on port ${portOfTarget(t)} only`);
      }
    }
    const expected = new Set(ACCESS[app] ?? []);
    for (const t of expected) if (!reached.has(t)) fail(d.where, `${app} needs egress to ${t}`);
    for (const t of reached) if (!expected.has(t)) fail(d.where, `${app} must not reach ${t}`);

    // Ingress: the ingress controller (APIs) and metrics scraping (all) on the app's port; auth-api
    // also from the apps that verify tokens.
    const ingress = rulesFor(labels, 'ingress');
    if (ingress.length === 0) fail(d.where, `${app} has no ingress rule (not even metrics scraping)`);
    const api = d.doc.spec?.template?.metadata?.labels?.['app.kubernetes.io/component'] === 'api';
    const allowed = new Set([`namespace ${MONITORING_NAMESPACE}`, ...(api ? [`namespace ${INGRESS_CONTROLLER_NAMESPACE}`] : [])]);
    for (const [other, needs] of Object.entries(ACCESS)) if (needs.includes(app)) allowed.add(other);
    const seen = new Set();
    for (const r of ingress) {
      for (const t of r.peers) {
        seen.add(t);
        if (!allowed.has(t)) fail(r.np.where, `${app} ingress from ${t}: allowed only from ${[...allowed].join(', ')}`);
      }
      if (r.ports.some((p) => p !== APPS[app])) fail(r.np.where, `${app} ingress must be on port ${APPS[app]} only`);
    }
    for (const t of allowed) if (!seen.has(t)) fail(d.where, `${app} ingress from ${t} is not allowed, but needed`);
  }

  // The servers: reached by exactly the apps that use them.
  const users = (dep) => Object.keys(ACCESS).filter((a) => ACCESS[a].includes(dep) && appDeployment(a));
  const redis = deployments.find((d) => d.doc.metadata?.name === 'redis');
  const mongoName = byKind('MongoDBCommunity')[0]?.doc.metadata?.name;
  for (const [dep, labels, port, also] of [
    ['redis', redis ? templateLabels(redis) : undefined, redis ? portOfTarget('redis') : undefined, []],
    ['mongodb', mongoName ? { app: `${mongoName}-svc` } : undefined, API_PORTS.mongodb, ['mongodb']],
  ]) {
    if (!labels) continue;
    const from = new Set();
    for (const r of rulesFor(labels, 'ingress')) {
      r.peers.forEach((t) => from.add(t));
      if (r.ports.some((p) => p !== port)) fail(r.np.where, `${dep} ingress must be on port ${port} only`);
    }
    const expected = new Set([...users(dep), ...also]);
    if (JSON.stringify([...from].sort()) !== JSON.stringify([...expected].sort())) fail('k8s/network-policies', `${dep} ingress from ${[...from].sort().join(', ') || 'nothing'}; expected exactly ${[...expected].sort().join(', ')}`);
    for (const r of rulesFor(labels, 'egress')) for (const t of r.peers) if (!['dns', ...also].includes(t) && !t.startsWith('ipBlock')) fail(r.np.where, `${dep} egress to ${t}`);
  }
  const listener = kafkaListener(brokersPort());
  if (listener) {
    const peers = (listener.networkPolicyPeers ?? []).map(peerTarget).sort();
    if (JSON.stringify(peers) !== JSON.stringify(users('kafka').sort())) fail('k8s/kafka-cluster.yaml', `listener ${listener.name} networkPolicyPeers ${peers.join(', ')}; expected exactly ${users('kafka').sort().join(', ')}`);
  }
  if (!all.some((np) => matches(np.doc.spec?.podSelector?.matchLabels, { 'strimzi.io/cluster': kafkas[0]?.doc.metadata?.name }) && np.doc.spec?.policyTypes?.includes('Egress'))) {
    fail('k8s', 'Strimzi pods have no egress policy (replication and controller quorum are denied)');
  }
});

// Behind one ingress every API sees the controller's address unless it trusts that hop: an API that
// does not would count every caller as one (auth-api: 50 failed logins lock out everybody).
crossCheck('every API trusts the same proxy hops (the ingress controller)', () => {
  const hops = Object.entries(PROXY_HOPS_ENV).map(([app, name]) => {
    const d = appDeployment(app);
    const value = d ? envOf(d)[name] : undefined;
    if (d && (typeof value !== 'string' || !/^[1-9]\d*$/.test(value))) fail(d.where, `${app}: ${name} must be set to the proxy hops in front of it (1 behind the ingress controller), found ${value ?? 'none'}`);
    return value;
  });
  if (new Set(hops).size > 1) fail('k8s', `the APIs trust different proxy hops: ${Object.keys(PROXY_HOPS_ENV).map((app, i) => `${app} ${hops[i]}`).join(', ')}`);
});

crossCheck('docker-compose.yml and Dockerfile agree with the manifests', () => {
  const composePath = path.join(root, 'docker-compose.yml');
  if (!existsSync(composePath)) return fail('docker-compose.yml', 'missing');
  const compose = parse(readFileSync(composePath, 'utf8'), { merge: true });
  // `docker-compose config` output has each service's env files merged into its environment.
  const resolved = composeResolvedPath ? parse(readFileSync(composeResolvedPath, 'utf8'), { merge: true }) : undefined;
  if (composeResolvedPath && !isObj(resolved?.services)) fail(composeResolvedPath, 'has no services: not `docker-compose config` output');
  const services = compose?.services ?? {};
  const serviceOf = (all, app) => Object.entries(all ?? {}).find(([, s]) => (Array.isArray(s.command) ? s.command.join(' ') : String(s.command ?? '')).includes(`dist/apps/${app}/src/main.js`));
  for (const d of appDeployments) {
    const app = podContainers(d).map(appOf).find(Boolean);
    const [name, svc] = serviceOf(services, app) ?? [];
    if (!svc) {
      fail('docker-compose.yml', `no service runs ${app}`);
      continue;
    }
    const envFiles = [].concat(svc.env_file ?? []);
    const composeEnv = Object.fromEntries(Object.entries(resolved?.services?.[name]?.environment ?? svc.environment ?? {}).map(([k, v]) => [k, String(v)]));
    const k8sEnv = envOf(d);
    const fromSecret = (k) => isObj(k8sEnv[k]) && k8sEnv[k].from?.secretKeyRef;
    for (const k of Object.keys(composeEnv)) if (!(k in k8sEnv)) fail(d.where, `env ${k} is set in docker-compose.yml but not in k8s`);
    for (const [k, v] of Object.entries(k8sEnv)) {
      if (ENV_ONLY_IN_K8S.has(k)) continue;
      if (fromSecret(k)) {
        // A credential: from the app's env file in compose/secrets, never written in docker-compose.yml.
        if (k in (svc.environment ?? {})) fail('docker-compose.yml', `${app}: credential ${k} must come from its env file, not environment`);
        if (!envFiles.includes(`compose/secrets/${app}.env`)) fail('docker-compose.yml', `${app}: env_file must be compose/secrets/${app}.env (its credentials)`);
        if (resolved && !(k in composeEnv)) fail('docker-compose.yml', `${app}: credential ${k} is not in its env file`);
        continue;
      }
      if (!(k in composeEnv)) fail('docker-compose.yml', `${app}: env ${k} is set in k8s but not in docker-compose.yml`);
      else if (!ENV_ADDRESSES.has(k) && !ENV_TRANSPORT.has(k) && !ENV_TOPOLOGY.has(k) && typeof v === 'string' && v !== composeEnv[k]) {
        fail('docker-compose.yml', `${app}: env ${k}=${composeEnv[k]} differs from k8s ${v}`);
      }
    }
    if (resolved) {
      // The compose credentials: the same users as in the cluster, each app its own.
      const access = ACCESS[app] ?? [];
      if (access.includes('mongodb')) {
        const uri = new URL(composeEnv.MONGODB_URI ?? 'mongodb://none');
        if (decodeURIComponent(uri.username) !== app || !uri.password || uri.searchParams.get('authSource') !== 'admin') fail('docker-compose.yml', `${app}: MONGODB_URI must log in as ${app} (authSource=admin)`);
      } else if ('MONGODB_URI' in composeEnv) fail('docker-compose.yml', `${app}: has MONGODB_URI but does not use MongoDB`);
      if (access.includes('redis')) {
        const url = new URL(composeEnv.REDIS_URL ?? 'redis://none');
        if (decodeURIComponent(url.username) !== app || !url.password) fail('docker-compose.yml', `${app}: REDIS_URL must log in as ${app}`);
      } else if ('REDIS_URL' in composeEnv) fail('docker-compose.yml', `${app}: has REDIS_URL but does not use Redis`);
      if (access.includes('kafka')) {
        if (composeEnv.KAFKA_SASL_USERNAME !== app || !composeEnv.KAFKA_SASL_PASSWORD || composeEnv.KAFKA_SASL_MECHANISM !== 'scram-sha-512') fail('docker-compose.yml', `${app}: must log in to Kafka as ${app} with scram-sha-512`);
      } else if (Object.keys(composeEnv).some((k) => k.startsWith('KAFKA_SASL_'))) fail('docker-compose.yml', `${app}: has Kafka credentials but does not use Kafka`);
    }
    if (!(svc.ports ?? []).some((p) => String(p).endsWith(`:${APPS[app]}`))) fail('docker-compose.yml', `${app}: port ${APPS[app]} not published`);
  }
  if (resolved) {
    const secretsOf = new Map();
    for (const [name, s] of Object.entries(resolved.services ?? {})) {
      for (const [k, v] of Object.entries(s.environment ?? {})) {
        if (!/PASSWORD$|_URI$|_URL$/.test(k) || !/[0-9a-f]{32,}/.test(String(v))) continue;
        const secret = String(v).match(/[0-9a-f]{32,}/)[0];
        if (secretsOf.has(secret) && secretsOf.get(secret) !== name) fail('docker-compose.yml', `${name} and ${secretsOf.get(secret)} share a password`);
        secretsOf.set(secret, name);
      }
    }
  }

  // The servers require credentials, and the compose Kafka users have the ACLs of the KafkaUsers.
  const server = (image) => Object.entries(services).find(([, s]) => String(s.image ?? '').startsWith(image) && !/kafka-topics/.test(JSON.stringify(s.command ?? '')));
  const [, kafkaSvc] = server('apache/kafka') ?? [];
  const kafkaProps = existsSync(path.join(root, 'compose/kafka/server.properties')) ? readFileSync(path.join(root, 'compose/kafka/server.properties'), 'utf8') : '';
  const prop = (k) => kafkaProps.match(new RegExp(`^${k.replace(/\./g, '\\.')}=(.*)$`, 'm'))?.[1];
  if (!JSON.stringify(kafkaSvc?.entrypoint ?? '').includes('compose/kafka/start.sh')) fail('docker-compose.yml', 'kafka must start through compose/kafka/start.sh');
  if (!/(^|,)CLIENT:SASL_PLAINTEXT(,|$)/.test(prop('listener.security.protocol.map') ?? '') || /:PLAINTEXT(,|$)/.test(prop('listener.security.protocol.map') ?? '')) fail('compose/kafka/server.properties', 'every listener must be SASL');
  if (prop('sasl.enabled.mechanisms') !== 'SCRAM-SHA-512') fail('compose/kafka/server.properties', 'sasl.enabled.mechanisms must be SCRAM-SHA-512');
  if (!/StandardAuthorizer$/.test(prop('authorizer.class.name') ?? '') || prop('allow.everyone.if.no.acl.found') !== 'false') fail('compose/kafka/server.properties', 'ACLs must be enforced (StandardAuthorizer, allow.everyone.if.no.acl.found=false)');
  if (!/^CONTROLLER:\/\/(localhost|127\.0\.0\.1):/.test((prop('listeners') ?? '').split(',').find((l) => l.startsWith('CONTROLLER')) ?? '')) fail('compose/kafka/server.properties', 'the controller listener must be on loopback');
  if (prop('super.users') !== 'User:admin') fail('compose/kafka/server.properties', 'super.users must be User:admin only');
  const [, mongoSvc] = server('mongo:') ?? [];
  const mongoCmd = [].concat(mongoSvc?.command ?? []).join(' ');
  if (!mongoSvc?.environment?.MONGO_INITDB_ROOT_PASSWORD_FILE || !/--keyFile /.test(mongoCmd)) fail('docker-compose.yml', 'mongo needs MONGO_INITDB_ROOT_PASSWORD_FILE (root only creates the app users) and a --keyFile');
  const usersJs = existsSync(path.join(root, 'compose/mongo/create-app-users.js')) ? readFileSync(path.join(root, 'compose/mongo/create-app-users.js'), 'utf8') : '';
  for (const u of byKind('MongoDBCommunity')[0]?.doc.spec?.users ?? []) {
    const block = usersJs.match(new RegExp(`user: '${u.name}'[^\\n]*(\\n[^\\n]*){0,6}`))?.[0] ?? '';
    if (!block) fail('compose/mongo/create-app-users.js', `does not create MongoDB user ${u.name}`);
    for (const r of u.roles ?? []) if (!new RegExp(`role: '${r.name}'`).test(block)) fail('compose/mongo/create-app-users.js', `user ${u.name} lacks role ${r.name} (as in k8s/mongodb.yaml)`);
  }
  if (/AnyDatabase|role: 'root'/.test(usersJs)) fail('compose/mongo/create-app-users.js', 'grants a broad role');
  for (const r of byKind('MongoDBCommunity')[0]?.doc.spec?.security?.roles ?? []) {
    if (!new RegExp(`role: '${r.role}'`).test(usersJs)) fail('compose/mongo/create-app-users.js', `does not create the role ${r.role} (as in k8s/mongodb.yaml)`);
  }
  const composeVersions = usersJs.match(/VERSION_DATABASES = \[([\d, ]*)\]\.map\(\(n\) => `\$\{READ_MODELS\}_v\$\{n\}`\)/)?.[1];
  const base = cmData.MONGODB_DATABASE;
  const composeVersionDbs = (composeVersions ?? '').split(',').map((n) => n.trim()).filter(Boolean).map((n) => `${base}_v${n}`).sort(byVersion);
  if (composeVersions === undefined) fail('compose/mongo/create-app-users.js', 'no "VERSION_DATABASES = [N, ...].map((n) => `${READ_MODELS}_v${n}`)" found');
  else if (JSON.stringify(composeVersionDbs) !== JSON.stringify(mongoVersionDatabases)) {
    fail('compose/mongo/create-app-users.js', `version databases ${composeVersionDbs.join(', ')}; k8s/mongodb.yaml has ${mongoVersionDatabases.join(', ')}`);
  }
  const [, redisSvc] = server('redis:') ?? [];
  if (!/--aclfile /.test([].concat(redisSvc?.command ?? []).join(' '))) fail('docker-compose.yml', 'redis must load its users from an --aclfile');
  const initScript = Object.values(services).map((s) => [].concat(s.command ?? []).join('\n')).find((c) => /kafka-acls\.sh/.test(c)) ?? '';
  const composeAcls = new Set();
  for (const line of initScript.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('acl '))) {
    const words = line.split(/\s+/);
    const user = words[1];
    const ops = [];
    const res = [];
    let pattern = 'literal';
    for (let i = 2; i < words.length; i++) {
      if (words[i] === '--operation') ops.push(words[++i]);
      else if (words[i] === '--topic' || words[i] === '--group') res.push([words[i].slice(2), words[++i]]);
      else if (words[i] === '--resource-pattern-type') pattern = words[++i] === 'prefixed' ? 'prefix' : 'literal';
    }
    for (const [type, name] of res) for (const op of ops) composeAcls.add(`${user} ${type} ${name} ${pattern} ${op}`);
  }
  const k8sAcls = new Set(byKind('KafkaUser').flatMap((u) => (u.doc.spec?.authorization?.acls ?? []).flatMap((a) => (a.operations ?? []).map((op) => `${u.doc.metadata?.name} ${a.resource?.type} ${a.resource?.name} ${a.resource?.patternType ?? 'literal'} ${op}`))));
  for (const a of k8sAcls) if (!composeAcls.has(a)) fail('docker-compose.yml', `kafka-init lacks the ACL ${a} of the KafkaUser`);
  for (const a of composeAcls) if (!k8sAcls.has(a)) fail('docker-compose.yml', `kafka-init grants ${a}, which no KafkaUser has`);
  const init = Object.values(services).find((s) => /kafka-topics\.sh/.test(JSON.stringify(s.command ?? '')));
  const script = init ? [].concat(init.command).join('\n') : '';
  const specs = Object.fromEntries([...(script.match(/for spec in ([^;]+);/)?.[1] ?? '').matchAll(/([\w.-]+):(\d+)/g)].map((m) => [m[1], Number(m[2])]));
  if (Object.keys(specs).length === 0) fail('docker-compose.yml', 'kafka-init: no "for spec in topic:partitions ...;" loop found');
  for (const t of topics) {
    const name = t.doc.spec?.topicName ?? t.doc.metadata?.name;
    if (specs[name] !== t.doc.spec?.partitions) fail('docker-compose.yml', `kafka-init creates ${name} with ${specs[name]} partitions; KafkaTopic has ${t.doc.spec?.partitions}`);
  }
  for (const [k, v] of Object.entries(TOPIC_CONFIG)) {
    if (!script.includes(`--config ${k}=${v}`)) fail('docker-compose.yml', `kafka-init does not set --config ${k}=${v}`);
  }

  const dockerfilePath = path.join(root, 'Dockerfile');
  if (!existsSync(dockerfilePath)) return fail('Dockerfile', 'missing');
  const runtime = readFileSync(dockerfilePath, 'utf8').split(/^FROM /m).pop();
  if (!/^USER node\s*$/m.test(runtime)) fail('Dockerfile', 'runtime stage must run as USER node');
  const cmd = runtime.match(/^CMD (\[.*\])\s*$/m)?.[1];
  if (cmd !== '["node", "dist/apps/command-api/src/main.js"]') fail('Dockerfile', `runtime CMD must be ["node", "dist/apps/command-api/src/main.js"], got ${cmd}`);
});

crossCheck("docker-compose.yml: auth-api trusts X-Forwarded-For from the accounting page's fixed address only", () => {
  const composePath = path.join(root, 'docker-compose.yml');
  if (!existsSync(composePath)) return fail('docker-compose.yml', 'missing');
  const services = parse(readFileSync(composePath, 'utf8'), { merge: true })?.services ?? {};
  const page = services['accounting-page']?.networks?.default?.ipv4_address;
  const trusted = String(services['auth-api']?.environment?.AUTH_TRUSTED_PROXIES ?? '');
  if (!page) return fail('docker-compose.yml', 'accounting-page: needs a fixed ipv4_address on the default network (auth-api trusts it)');
  if (trusted !== page) fail('docker-compose.yml', `auth-api: AUTH_TRUSTED_PROXIES must be the page's address ${page}, not ${JSON.stringify(trusted)}`);
  const range = parse(readFileSync(composePath, 'utf8'), { merge: true })?.networks?.default?.ipam?.config?.[0]?.ip_range;
  if (!range) fail('docker-compose.yml', 'networks.default: an ip_range that leaves the page its address');
});

crossCheck('app entry points exist in the source tree', () => {
  if (!existsSync(path.join(root, 'apps'))) {
    warnings.push(`apps/ not found under ${root}; entry points not checked`);
    return;
  }
  for (const app of Object.keys(APPS)) {
    if (!existsSync(path.join(root, 'apps', app, 'src', 'main.ts'))) warnings.push(`apps/${app}/src/main.ts not found (the image runs dist/apps/${app}/src/main.js)`);
  }
});

for (const line of crossChecks) console.log(line);
for (const w of warnings) console.log(`warn  ${w}`);
if (!strimzi) console.log(`note  ${STRIMZI_PACKAGE} not installed; Strimzi resources got the structural check only`);

if (failures.length) {
  console.error(`\nvalidate-k8s: ${failures.length} problem(s):`);
  for (const f of failures) console.error(`  - ${f}`);
  process.exit(1);
}
console.log(`validate-k8s: ${docs.length} documents in ${yamlFiles.length} files valid`);
