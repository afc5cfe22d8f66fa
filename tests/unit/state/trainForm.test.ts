/**
 * The Train form kept per project: a stored form comes back as it was left, and anything that
 * does not have today's shape is refused (the page then starts from the defaults).
 */
import { describe, expect, it } from 'vitest';
import { defaultSpec, specProblems } from '../../../src/core/ml/models/spec';
import { defaultSearchSpace, spaceProblems } from '../../../src/core/experiments/space';
import {
  defaultMinBudget,
  defaultTrainForm,
  madeForKey,
  parseTrainForm,
  type TrainForm,
} from '../../../src/state/trainForm';

/** What localStorage gives back: the form through JSON. */
const roundTrip = (form: TrainForm): unknown => JSON.parse(JSON.stringify(form));

function edited(): TrainForm {
  const form = defaultTrainForm('classification', 1000);
  form.mode = 'search';
  form.family = 'gbdt';
  const trees = defaultSpec('gbdt', 'classification', 1000);
  if (trees.family !== 'gbdt') throw new Error('expected a gbdt spec');
  form.spec = { ...trees, maxIterations: 37 };
  form.seed = 7;
  form.modelName = 'trees <b>bold</b>';
  form.split = { ...form.split, kind: 'outOfTime', timeColumn: 'date', outOfTimeFraction: 0.25 };
  form.search = {
    ...form.search,
    method: 'grid',
    trials: 4,
    space: defaultSearchSpace('gbdt', 'classification'),
    minBudget: defaultMinBudget('gbdt', 'classification'),
  };
  return form;
}

describe('the Train form', () => {
  it('defaults are a form that trains: valid spec, split and search space', () => {
    const form = defaultTrainForm('regression', 5000);
    expect(form.madeFor).toBe(madeForKey('regression', 5000));
    expect(specProblems(form.spec)).toEqual([]);
    expect(form.search.space.family).toBe(form.family);
    expect(spaceProblems(form.search.space)).toEqual([]);
    expect(parseTrainForm(roundTrip(form), 'regression')).toEqual(form);
  });

  it('an edited form comes back exactly as it was left', () => {
    const form = edited();
    expect(parseTrainForm(roundTrip(form), 'classification')).toEqual(form);
  });

  it('values out of range are kept (the form shows their problems), wrong kinds are not', () => {
    const form = roundTrip(edited()) as TrainForm & { spec: { learningRate: unknown } };
    form.spec.learningRate = -1;
    expect(parseTrainForm(form, 'classification')).not.toBeNull();
    form.spec.learningRate = 'fast';
    expect(parseTrainForm(form, 'classification')).toBeNull();
  });

  it('refuses what does not fit: garbage, unknown kinds, a spec of another family, a foreign space', () => {
    const ok = () => roundTrip(edited()) as Record<string, unknown> & TrainForm;
    expect(parseTrainForm(null, 'classification')).toBeNull();
    expect(parseTrainForm('{"mode":"single"}', 'classification')).toBeNull();
    expect(parseTrainForm([], 'classification')).toBeNull();

    const family = ok();
    family.family = 'forest' as TrainForm['family'];
    expect(parseTrainForm(family, 'classification')).toBeNull();

    const mismatch = ok();
    mismatch.spec = defaultSpec('linear', 'classification');
    expect(parseTrainForm(mismatch, 'classification')).toBeNull();

    const split = ok();
    split.split = { ...split.split, kind: 'bootstrap' as TrainForm['split']['kind'] };
    expect(parseTrainForm(split, 'classification')).toBeNull();

    const noFolds = ok() as unknown as { split: Record<string, unknown> };
    delete noFolds.split.folds;
    expect(parseTrainForm(noFolds, 'classification')).toBeNull();

    const space = ok();
    space.search = { ...space.search, space: defaultSearchSpace('mlp', 'classification') };
    expect(parseTrainForm(space, 'classification')).toBeNull();

    const params = ok();
    params.search.space.params = params.search.space.params.slice(1);
    expect(parseTrainForm(params, 'classification')).toBeNull();

    const mode = ok();
    mode.mode = 'both' as TrainForm['mode'];
    expect(parseTrainForm(mode, 'classification')).toBeNull();
  });
});
