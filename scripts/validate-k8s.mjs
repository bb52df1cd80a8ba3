#!/usr/bin/env node
// Offline validation of k8s/*.yaml (and its agreement with docker-compose.yml and the Dockerfile).
// Usage: node scripts/validate-k8s.mjs [root]   (root holds k8s/, docker-compose.yml, Dockerfile)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import { ConfigMap, Namespace, PersistentVolumeClaim, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';
import { DaemonSet, Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { CronJob, Job } from 'kubernetes-models/batch/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { Role, RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';

const root = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
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
const ENV_ONLY_IN_K8S = new Set(['NODE_OPTIONS']);
const ENV_ADDRESSES = new Set(['KAFKA_BROKERS', 'MONGODB_URI', 'REDIS_URL']);
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
    }
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
    if (spec.statefulSet !== undefined && !isObj(spec.statefulSet?.spec)) fail(where, 'spec.statefulSet.spec must be an object');
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
// Secrets created out of band with kubectl (their manifests say how), so that none is committed.
const OUT_OF_BAND_SECRETS = { 'auth-api-bootstrap-admin': ['username', 'password'] };
for (const [name, keys] of Object.entries(OUT_OF_BAND_SECRETS)) secrets.set(name, new Set(keys));

const appOf = (container) => {
  const cmd = [...(container.command ?? []), ...(container.args ?? [])].join(' ');
  return cmd.match(/dist\/apps\/([a-z0-9-]+)\/src\/main\.js/)?.[1];
};
const podContainers = (d) => d.doc.spec?.template?.spec?.containers ?? [];
const appDeployments = deployments.filter((d) => podContainers(d).some(appOf));

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
  const plainPorts = new Set((kafka.spec?.kafka?.listeners ?? []).filter((l) => l.tls === false).map((l) => l.port));
  for (const b of String(cmData.KAFKA_BROKERS ?? '').split(',')) {
    const [host, port] = b.trim().split(':');
    if (!host?.startsWith(`${cluster}-kafka-bootstrap`) || !plainPorts.has(Number(port))) {
      fail('k8s/configmap', `KAFKA_BROKERS entry ${JSON.stringify(b)} is not ${cluster}-kafka-bootstrap:<plain listener port>`);
    }
  }
});

crossCheck('docker-compose.yml and Dockerfile agree with the manifests', () => {
  const composePath = path.join(root, 'docker-compose.yml');
  if (!existsSync(composePath)) return fail('docker-compose.yml', 'missing');
  const compose = parse(readFileSync(composePath, 'utf8'), { merge: true });
  const services = compose?.services ?? {};
  for (const d of appDeployments) {
    const app = podContainers(d).map(appOf).find(Boolean);
    const svc = Object.values(services).find((s) => (Array.isArray(s.command) ? s.command.join(' ') : String(s.command ?? '')).includes(`dist/apps/${app}/src/main.js`));
    if (!svc) {
      fail('docker-compose.yml', `no service runs ${app}`);
      continue;
    }
    const composeEnv = Object.fromEntries(Object.entries(svc.environment ?? {}).map(([k, v]) => [k, String(v)]));
    const k8sEnv = envOf(d);
    for (const k of Object.keys(composeEnv)) if (!(k in k8sEnv)) fail(d.where, `env ${k} is set in docker-compose.yml but not in k8s`);
    for (const [k, v] of Object.entries(k8sEnv)) {
      if (ENV_ONLY_IN_K8S.has(k)) continue;
      if (!(k in composeEnv)) fail('docker-compose.yml', `${app}: env ${k} is set in k8s but not in docker-compose.yml`);
      else if (!ENV_ADDRESSES.has(k) && typeof v === 'string' && v !== composeEnv[k]) {
        fail('docker-compose.yml', `${app}: env ${k}=${composeEnv[k]} differs from k8s ${v}`);
      }
    }
    if (!(svc.ports ?? []).some((p) => String(p).endsWith(`:${APPS[app]}`))) fail('docker-compose.yml', `${app}: port ${APPS[app]} not published`);
  }
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
