/** Words of PromQL that are not metric names (operators, modifiers, grouping). */
const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'inf', 'nan', 'atan2']);

export interface MetricReference {
  name: string;
  /** The app a selector pins it to (`app="projector"`), if any. */
  app?: string;
}

/**
 * The metrics a PromQL expression reads: every identifier that is neither a function or aggregation
 * (followed by `(`), nor a keyword, once label matchers, strings, ranges and grouping lists are set aside.
 */
export function metricReferences(expr: string): MetricReference[] {
  const pinned = new Map<string, string>();
  for (const [, name, matchers] of expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*\{([^}]*)\}/g)) {
    const app = /(?:^|,)\s*app\s*=\s*"([^"]*)"/.exec(matchers)?.[1];
    if (app !== undefined) pinned.set(name, app);
  }
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const match of bare.matchAll(/(?<![\w.:$])[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const isCall = /^\s*\(/.test(bare.slice((match.index ?? 0) + match[0].length));
    if (!isCall && !KEYWORDS.has(match[0].toLowerCase())) names.add(match[0]);
  }
  return [...names].map((name) => (pinned.has(name) ? { name, app: pinned.get(name) } : { name }));
}

/** The metric families a Prometheus text exposition declares (`# TYPE name kind`). */
export function declaredMetrics(exposition: string): Map<string, string> {
  return new Map([...exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map(([, name, kind]) => [name, kind]));
}

/** The family a sample name belongs to: a histogram's `_bucket`, `_sum` and `_count` series are its own. */
export function familyOf(name: string, declared: Map<string, string>): string | undefined {
  if (declared.has(name)) return name;
  const base = name.replace(/_(bucket|sum|count)$/, '');
  return ['histogram', 'summary'].includes(declared.get(base) ?? '') ? base : undefined;
}
