// Checks of a target column before a training starts.
import type { Handlers } from '../../src/protocol/rpc';
import type { DataEvents, FramingRequests } from '../../src/protocol/data';
import { getColumn } from '../../src/core/table/table';
import { checkTarget, encodeTarget, inferTask } from '../../src/core/ml/target';
import { leakageWarnings } from '../../src/core/features/leakage';
import { tableOf } from './tables';

export const framingHandlers: Handlers<FramingRequests, DataEvents> = {
  async targetInfo({ versionId, target, task, dbName }) {
    const table = await tableOf(versionId, dbName);
    const column = getColumn(table, target);
    const inferredTask = inferTask(column);
    const chosen = task ?? inferredTask;
    const problems = checkTarget(column, chosen, {
      kind: 'holdout',
      testFraction: 0.2,
      validationFraction: 0.1,
    });
    const notATarget = problems.some((p) => p.code === 'notATarget');
    return {
      inferredTask,
      task: chosen,
      classes: chosen === 'classification' && !notATarget ? encodeTarget(column, chosen).classes.length : 0,
      problems: problems.map(({ severity, message }) => ({ severity, message })),
      leakage: notATarget ? [] : leakageWarnings(table, target, chosen),
    };
  },
};
