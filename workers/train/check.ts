// The checks a training makes before it starts, without training: a search runs them once
// before it starts any trial, so a bad setting is reported before any work.
import type { Handlers } from '../../src/protocol/rpc';
import type { TrainEvents, TrainRequests } from '../../src/protocol/train';
import { checkTraining } from '../../src/core/pipeline/train';
import { getVersion } from '../../src/store';
import { workerDb } from '../workerDb';
import { tableOf } from './tables';

export const checkHandlers: Pick<Handlers<TrainRequests, TrainEvents>, 'check'> = {
  async check({ datasetVersionId, job, dbName }) {
    const db = await workerDb(dbName);
    if (!(await getVersion(db, datasetVersionId))) {
      throw new Error('The dataset version to train on no longer exists. Choose another version.');
    }
    const { problems, warnings, prepared } = checkTraining(await tableOf(datasetVersionId, dbName), job);
    return { problems, warnings, ...(prepared ? { split: prepared.plan.summary } : {}) };
  },
};
