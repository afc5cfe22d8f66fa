/**
 * Registry rules: the stages a model version moves through and the gate in front of production.
 * Pure: the store applies these decisions inside its transactions, the page shows them.
 */
import type { Kpi, KpiSplit } from './kpi';
import { describeKpi, describeSplit } from './kpi';
import { evaluateKpi, type KpiResult, type MetricsBySplit, type Verdict } from './kpiEvaluation';

/** A model version's place in the registry. Stored as is: renaming a stage breaks stored records. */
export type ModelStage = 'candidate' | 'staging' | 'production' | 'archived';

/** What moved a model version, as written in the audit log. */
export type AuditAction = 'promote' | 'demote' | 'delete' | 'import';

/** Which moves are allowed; production is left only by archiving (or by a replacement's promotion). */
const ALLOWED: Record<ModelStage, readonly ModelStage[]> = {
  candidate: ['staging', 'production', 'archived'],
  staging: ['production', 'candidate', 'archived'],
  production: ['archived'],
  archived: ['candidate', 'staging'],
};

/** Forward in the lifecycle is a promotion; anything else (back to candidate, archived) a demotion. */
const RANK: Record<ModelStage, number> = { candidate: 0, staging: 1, production: 2, archived: -1 };

/** One KPI judged on one split: the gate judges each KPI on every held-out split the model has. */
export interface GateCheck extends KpiResult {
  /** The split this check was judged on (the KPI's own split may differ). */
  split: KpiSplit;
}

export interface GateResult {
  /** 'pass' only when there are KPIs and every check passes. */
  verdict: Verdict;
  checks: GateCheck[];
  /** Why the gate does not pass, in words; empty when it passes. */
  reasons: string[];
}

/**
 * The production gate: every KPI of the goal judged on validation and test, and on out of time
 * when the model was evaluated there. A KPI written for one split is held to the same threshold
 * on the others: a model must not pass on test by luck while failing on validation.
 */
export function productionGate(kpis: readonly Kpi[], metrics: MetricsBySplit): GateResult {
  const splits: KpiSplit[] = ['validation', 'test'];
  if (metrics.outOfTime) splits.push('outOfTime');
  const checks: GateCheck[] = [];
  for (const kpi of kpis) {
    for (const split of splits) checks.push({ ...evaluateKpi({ ...kpi, split }, metrics), split });
  }
  const reasons: string[] = [];
  if (kpis.length === 0) reasons.push('The goal has no KPIs, so nothing shows this model is good enough.');
  for (const c of checks) {
    const what = describeKpi({ ...c.kpi, split: c.split });
    if (c.verdict === 'fail') reasons.push(`Fails ${what} (got ${formatValue(c.value)}).`);
    else if (c.verdict === 'missing') reasons.push(`${what}: not measured on ${describeSplit(c.split)}.`);
  }
  let verdict: Verdict = 'pass';
  if (checks.some((c) => c.verdict === 'fail')) verdict = 'fail';
  else if (kpis.length === 0 || checks.some((c) => c.verdict === 'missing')) verdict = 'missing';
  return { verdict, checks, reasons };
}

function formatValue(v: number | null): string {
  if (v === null) return 'nothing';
  return Math.abs(v) >= 1000 || v === 0 ? String(Math.round(v * 1000) / 1000) : v.toPrecision(4);
}

export interface StageChange {
  from: ModelStage;
  to: ModelStage;
  /** The user's written reason; required to pass a failing gate and to take production down. */
  reason?: string;
}

export interface StageDecision {
  ok: boolean;
  action: AuditAction;
  /** Why the move is refused (ok false), in words the UI shows as is. */
  message?: string;
  /** The move needs a written reason (the gate failed, or production is taken down). */
  needsReason: boolean;
}

/**
 * Decides whether a stage change is allowed. Promotion to production is gated: when `gate` does
 * not pass, only a non-blank reason lets it through (and the reason goes to the audit log).
 * Archiving the production model leaves the project without one, so it needs a reason too.
 */
export function decideStageChange(change: StageChange, gate: GateResult | undefined): StageDecision {
  const { from, to } = change;
  const action: AuditAction = RANK[to] > RANK[from] ? 'promote' : 'demote';
  if (from === to)
    return { ok: false, action, needsReason: false, message: `The model is already in ${to}.` };
  if (!ALLOWED[from].includes(to)) {
    return {
      ok: false,
      action,
      needsReason: false,
      message: `A model in ${from} cannot move to ${to}. Allowed: ${ALLOWED[from].join(', ')}.`,
    };
  }
  const hasReason = (change.reason ?? '').trim().length > 0;
  if (to === 'production') {
    const passes = gate?.verdict === 'pass';
    if (!passes && !hasReason) {
      const why = gate?.reasons.join(' ') ?? 'The KPIs were not checked.';
      return {
        ok: false,
        action,
        needsReason: true,
        message: `This model does not pass the production gate. ${why} Write why it should go to production anyway.`,
      };
    }
    return { ok: true, action, needsReason: !passes };
  }
  if (from === 'production' && !hasReason) {
    return {
      ok: false,
      action,
      needsReason: true,
      message: 'Taking the production model down leaves the project without one. Write why.',
    };
  }
  return { ok: true, action, needsReason: from === 'production' };
}
