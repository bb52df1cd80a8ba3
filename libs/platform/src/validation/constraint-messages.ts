/** class-validator's rules that say what kind of value a field takes. */
const KIND_RULES = ['isInt', 'isNumber', 'isString', 'isBoolean', 'isArray'];

/**
 * The messages of the rules a value broke, one per rule; a value of the wrong kind is told only
 * that: `abc` for a port, or `"10"` for a limit, is not also "must not be greater than 1000".
 */
export function constraintMessages(constraints: Record<string, string> | undefined): string[] {
  const broken = constraints ?? {};
  const kind = Object.keys(broken).filter((rule) => KIND_RULES.includes(rule));
  return (kind.length > 0 ? kind : Object.keys(broken)).map((rule) => broken[rule]);
}
