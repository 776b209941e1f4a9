/**
 * Rules and messages of a SARIF run: a result's rule found by `rule.toolComponent` (the driver or an
 * extension such as a CodeQL query pack), `rule.index`, `ruleIndex` or `ruleId`; its message taken
 * from `text`, `markdown`, or `message.id` looked up in the rule's `messageStrings` and the
 * components' `globalMessageStrings`, with `{0}`-style placeholders filled from `arguments`.
 */
import { asArray, asInt, asObject, asString, asText, type FieldWarnings, type JsonObject } from './sarifFields';

/** One tool component (the driver or an extension) with its rules indexed by id. */
interface Component {
  name: string | undefined;
  guid: string | undefined;
  rules: unknown[];
  byId: Map<string, JsonObject>;
  byGuid: Map<string, JsonObject>;
  globalMessageStrings: JsonObject | undefined;
}

/** The rules of a run's driver and extensions. */
export class RuleTable {
  private readonly driver: Component;
  private readonly extensions: Component[];

  constructor(tool: JsonObject | undefined) {
    this.driver = component(asObject(tool?.driver));
    this.extensions = (asArray(tool?.extensions) ?? []).map((e) => component(asObject(e)));
  }

  /** The result's rule and the component that defines it (both may be missing). */
  ruleOf(result: JsonObject): { rule: JsonObject | undefined; component: Component } {
    const reference = asObject(result.rule);
    const owner = reference ? this.componentOf(reference.toolComponent) : this.driver;
    const index = asInt(reference?.index, 0) ?? asInt(result.ruleIndex, 0);
    const id = asText(result.ruleId) ?? asText(reference?.id);
    const guid = asText(reference?.guid);
    const byIndex = index !== undefined ? asObject(owner.rules[index]) : undefined;
    const byGuid = guid !== undefined ? owner.byGuid.get(guid) : undefined;
    return { rule: byIndex ?? byGuid ?? (id !== undefined ? (owner.byId.get(id) ?? this.anyById(id)) : undefined), component: owner };
  }

  /** The result's message text: direct, or from a message string, with arguments filled in. */
  messageOf(result: JsonObject, rule: JsonObject | undefined, owner: Component, warnings: FieldWarnings): string | undefined {
    const message = asObject(result.message);
    if (result.message !== undefined && !message) warnings.bad('message', result.message, 'a message object', "the rule's description is used");
    const args = (asArray(message?.arguments) ?? []).map((a) => (typeof a === 'string' ? a : JSON.stringify(a)));
    const direct = asText(message?.text) ?? asText(message?.markdown);
    if (direct !== undefined) return fill(direct, args);
    const id = asText(message?.id);
    if (id !== undefined) {
      const template = messageString(asObject(rule?.messageStrings), id) ?? messageString(owner.globalMessageStrings, id) ?? messageString(this.driver.globalMessageStrings, id);
      if (template !== undefined) return fill(template, args);
      warnings.bad('message.id', id, 'a message string of the rule or tool', "the rule's description is used");
    }
    return asText(asObject(rule?.shortDescription)?.text) ?? asText(asObject(rule?.fullDescription)?.text);
  }

  private componentOf(raw: unknown): Component {
    const reference = asObject(raw);
    if (!reference) return this.driver;
    const index = asInt(reference.index, 0);
    if (index !== undefined) return this.extensions[index] ?? this.driver;
    const name = asString(reference.name);
    const guid = asString(reference.guid);
    return this.extensions.find((e) => (guid !== undefined && e.guid === guid) || (name !== undefined && e.name === name)) ?? this.driver;
  }

  private anyById(id: string): JsonObject | undefined {
    for (const e of this.extensions) {
      const rule = e.byId.get(id);
      if (rule) return rule;
    }
    return undefined;
  }
}

function component(raw: JsonObject | undefined): Component {
  const rules = asArray(raw?.rules) ?? [];
  const byId = new Map<string, JsonObject>();
  const byGuid = new Map<string, JsonObject>();
  for (const r of rules) {
    const rule = asObject(r);
    if (!rule) continue;
    const id = asText(rule.id);
    const guid = asText(rule.guid);
    if (id !== undefined && !byId.has(id)) byId.set(id, rule);
    if (guid !== undefined) byGuid.set(guid, rule);
  }
  return { name: asString(raw?.name), guid: asString(raw?.guid), rules, byId, byGuid, globalMessageStrings: asObject(raw?.globalMessageStrings) };
}

function messageString(strings: JsonObject | undefined, id: string): string | undefined {
  const entry = asObject(strings?.[id]);
  return asText(entry?.text) ?? asText(entry?.markdown);
}

/**
 * `{0}` → the argument (a missing one stays as written); `{{` / `}}` are literal braces, as SARIF's
 * message placeholders define. Text without arguments is left as written: producers rarely double their braces.
 */
export function fill(template: string, args: readonly string[]): string {
  if (args.length === 0) return template;
  return template.replace(/\{\{|\}\}|\{(\d+)\}/g, (match, n: string | undefined) => {
    if (match === '{{') return '{';
    if (match === '}}') return '}';
    return args[Number(n)] ?? match;
  });
}
