import { createReportDocument, reportFileName, type ReportDocument } from '../core/report/reportDocument';
import { renderReportHtml } from '../core/report/renderHtml';
import { describeStep } from '../core/features/describe';
import { defaultPrimaryMetric } from '../core/lifecycle/metricCatalog';
import { SPLIT_ORDER } from '../core/report/reportDocument';
import { getDataset, getVersion, type ModelVersionSummary, type Project } from '../store';
import { pageDb } from './db';
import { downloadBlob } from './download';

export const APP = { name: 'Lifecycle Workbench', version: __APP_VERSION__ };

/** The evaluation report of `model` against the project's current goal and KPIs. */
export async function buildReport(project: Project, model: ModelVersionSummary): Promise<ReportDocument> {
  const db = await pageDb();
  const version = await getVersion(db, model.datasetVersionId);
  const dataset = version ? await getDataset(db, version.datasetId) : undefined;
  const op = version?.operation;
  return createReportDocument({
    app: APP,
    project: { name: project.name, goal: project.goal.statement, compliance: project.goal.compliance },
    kpis: project.goal.kpis,
    dataset: {
      name: dataset?.name ?? '(deleted dataset)',
      version: version?.version ?? 0,
      hash: model.datasetHash,
      rows: version?.rowCount ?? 0,
      columns: version?.schema.length ?? 0,
      ...(op?.kind === 'ingest' ? { fileName: op.fileName } : {}),
    },
    framing: {
      target: model.target,
      task: model.task,
      primaryMetric: project.framing?.primaryMetric ?? defaultPrimaryMetric(model.task),
    },
    recipe: {
      steps: model.fittedRecipe.spec.steps.map(describeStep),
      features: model.fittedRecipe.features.length,
    },
    model: {
      name: model.name,
      version: model.version,
      family: model.spec.family,
      spec: model.spec,
      backend: model.backend,
      backendReason: model.backendReason,
      durationMs: model.durationMs,
      trainedAt: model.createdAt,
      ...(model.seed === undefined ? {} : { seed: model.seed }),
    },
    splits: SPLIT_ORDER.filter((s) => model.splitSizes?.[s] !== undefined).map((name) => ({
      name,
      rows: model.splitSizes![name]!,
    })),
    metrics: model.metrics,
    ...(model.task === 'classification' ? { classes: model.classes } : {}),
    history: model.history,
  });
}

export async function downloadReportHtml(project: Project, model: ModelVersionSummary): Promise<void> {
  const doc = await buildReport(project, model);
  downloadBlob(
    new Blob([renderReportHtml(doc)], { type: 'text/html;charset=utf-8' }),
    reportFileName(doc, 'html'),
  );
}
