/** Goal, KPIs, the evaluation gate and business ranking: the lifecycle's decision rules. */

export * from './metricCatalog';
export * from './metricFormat';
export * from './kpi';
export * from './kpiEvaluation';
export * from './ranking';
export * from './goal';
