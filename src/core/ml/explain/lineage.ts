/**
 * Explanations in terms of the input columns: engineered features (one-hot indicators, scaled
 * and derived features) are mapped back to the columns they came from through the recipe's
 * feature lineage.
 */
import type { FeatureInfo } from '../../features/types';
import type { FeatureGroup } from './permutation';

/**
 * One group per input column, with the features computed from it, in first-seen order. A
 * feature computed from several columns (a formula) belongs to each of their groups.
 */
export function columnGroups(features: readonly FeatureInfo[]): FeatureGroup[] {
  const groups = new Map<string, number[]>();
  features.forEach((f, i) => {
    const sources = f.sources.length ? f.sources : [f.name];
    for (const s of sources) {
      const list = groups.get(s) ?? [];
      list.push(i);
      groups.set(s, list);
    }
  });
  return [...groups.entries()].map(([name, list]) => ({ name, features: list }));
}

/**
 * Per-feature contributions summed per input column. A feature from several columns is split
 * equally between them, so the column contributions still add up to the features' total.
 */
export function sumToColumns(
  contributions: ArrayLike<number>,
  features: readonly FeatureInfo[],
): { column: string; value: number }[] {
  const sums = new Map<string, number>();
  features.forEach((f, i) => {
    const sources = f.sources.length ? f.sources : [f.name];
    const share = contributions[i]! / sources.length;
    for (const s of sources) sums.set(s, (sums.get(s) ?? 0) + share);
  });
  return [...sums.entries()].map(([column, value]) => ({ column, value }));
}
