import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { declaredMetrics, familyOf, metricReferences } from '../support/promql-metric-names';
import { AppName, createSandbox, removeSandbox, ROOT, RunningApp, Sandbox, startApp } from '../support/stack';

interface RuleFile {
  spec: { groups: { name: string; rules: { alert?: string; record?: string; expr: string }[] }[] };
}
interface Dashboard {
  panels: { title: string; targets?: { expr: string }[] }[];
}

/** Every expression an alert or a panel evaluates, with where it is. */
function expressions(): { where: string; expr: string }[] {
  const rules = parse(readFileSync(join(ROOT, 'k8s', 'prometheus-rules.yaml'), 'utf8')) as RuleFile;
  const dashboard = JSON.parse(readFileSync(join(ROOT, 'k8s', 'grafana', 'caregiver-reimbursements.dashboard.json'), 'utf8')) as Dashboard;
  return [
    ...rules.spec.groups.flatMap((g) => g.rules.map((r) => ({ where: `alert ${r.alert ?? r.record}`, expr: r.expr }))),
    ...dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ where: `panel "${p.title}"`, expr: t.expr }))),
  ];
}

describe('alerts and dashboard: every metric they name is served by the running apps', () => {
  let sandbox: Sandbox;
  let apps: RunningApp[];

  beforeAll(async () => {
    sandbox = await createSandbox();
    apps = [sandbox.authApi, ...(await Promise.all((['command-api', 'query-api', 'projector'] as AppName[]).map((name) => startApp(name, sandbox.env))))];
  });

  afterAll(async () => {
    await Promise.all((apps ?? []).filter((app) => app !== sandbox.authApi).map((app) => app.stop()));
    await removeSandbox(sandbox);
  });

  it('finds each metric of each alert and panel at /metrics of the app it is pinned to, or of one of the four', async () => {
    const served = new Map<string, Map<string, string>>();
    for (const app of apps) {
      const answer = await fetch(`${app.url}/metrics`);
      expect(answer.status).toBe(200);
      served.set(app.name, declaredMetrics(await answer.text()));
    }
    const all = expressions();
    expect(all.length).toBeGreaterThan(10);
    const missing: string[] = [];
    for (const { where, expr } of all) {
      const references = metricReferences(expr);
      if (references.length === 0) missing.push(`${where}: names no metric in ${expr}`);
      for (const { name, app } of references) {
        const servers = [...served].filter(([appName, declared]) => (app === undefined || appName === app) && familyOf(name, declared));
        if (servers.length === 0) missing.push(`${where}: ${name}${app ? ` (app="${app}")` : ''} is served by no app`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('reads metric names out of PromQL as Prometheus would', () => {
    expect(metricReferences('sum by (app) (rate(http_request_duration_seconds_count{status=~"5.."}[5m])) / sum by (app) (rate(x_total[$__rate_interval])) > 0.05')).toEqual([
      { name: 'http_request_duration_seconds_count' },
      { name: 'x_total' },
    ]);
    expect(metricReferences('max by (instance) (changes(process_start_time_seconds{app="projector"}[30m] offset 5m)) > 2 and on (instance) up')).toEqual([
      { name: 'process_start_time_seconds', app: 'projector' },
      { name: 'up' },
    ]);
    expect(familyOf('projector_batch_seconds_bucket', new Map([['projector_batch_seconds', 'histogram']]))).toBe('projector_batch_seconds');
    expect(familyOf('projector_lag_seconds', new Map([['projector_lag_records', 'gauge']]))).toBeUndefined();
  });
});
