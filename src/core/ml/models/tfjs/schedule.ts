/**
 * Early stopping with a learning-rate schedule, watching validation loss once per epoch (Keras's
 * EarlyStopping + ReduceLROnPlateau, scikit-learn's `tol`). Improvements smaller than `minDelta`
 * do not reset patience, so a loss creeping down by 1e-6 an epoch does not keep a run going; half
 * way through the patience the learning rate halves, which lets Adam settle into the minimum that
 * a constant rate keeps stepping around. The best epoch's weights are still the ones kept.
 */

export interface WatchOptions {
  /** Epochs without a significant improvement before training stops. */
  patience: number;
  /** Smallest decrease of validation loss that counts as an improvement (default 1e-4). */
  minDelta?: number;
  /** Learning-rate multiplier on a plateau (default 0.5); 1 turns the schedule off. */
  factor?: number;
  /** The rate never falls below this share of the starting rate (default 1/32). */
  minScale?: number;
}

export interface WatchDecision {
  /** The lowest validation loss so far: keep these weights. */
  best: boolean;
  /** Patience ran out: stop after this epoch. */
  stop: boolean;
  /** Multiply the learning rate by this before the next epoch (1: leave it). */
  scaleBy: number;
}

export class ValidationWatch {
  private bestLoss = Infinity;
  private markLoss = Infinity;
  private markEpoch = 0;
  private lastChange = 0;
  private scale = 1;
  private readonly minDelta: number;
  private readonly factor: number;
  private readonly minScale: number;
  private readonly reduceAfter: number;

  constructor(private readonly options: WatchOptions) {
    this.minDelta = options.minDelta ?? 1e-4;
    this.factor = options.factor ?? 0.5;
    this.minScale = options.minScale ?? 1 / 32;
    this.reduceAfter = Math.max(1, Math.floor(options.patience / 2));
  }

  /** Records epoch `epoch`'s validation loss (epochs count from 1) and says what to do. */
  observe(epoch: number, valLoss: number): WatchDecision {
    const best = valLoss < this.bestLoss;
    if (best) this.bestLoss = valLoss;
    if (valLoss < this.markLoss - this.minDelta) {
      this.markLoss = valLoss;
      this.markEpoch = epoch;
      this.lastChange = epoch;
    }
    const stale = epoch - this.markEpoch;
    if (stale >= this.options.patience) return { best, stop: true, scaleBy: 1 };
    let scaleBy = 1;
    if (
      this.factor < 1 &&
      stale >= this.reduceAfter &&
      epoch - this.lastChange >= this.reduceAfter &&
      this.scale * this.factor >= this.minScale
    ) {
      this.scale *= this.factor;
      this.lastChange = epoch;
      scaleBy = this.factor;
    }
    return { best, stop: false, scaleBy };
  }
}

/**
 * The learning-rate multiplier for `epoch` (1-based) of `epochs` when nothing watches validation
 * loss: a cosine from 1 down to `minScale` at the last epoch. Training with a fixed number of
 * epochs then ends with small steps that settle in the minimum instead of jittering around it
 * (on seattle-weather a constant rate left softmax regression visibly short of scikit-learn's).
 */
export function cosineScale(epoch: number, epochs: number, minScale = 1 / 32): number {
  if (epochs <= 1) return 1;
  const t = Math.min(1, Math.max(0, (epoch - 1) / (epochs - 1)));
  return minScale + (1 - minScale) * 0.5 * (1 + Math.cos(Math.PI * t));
}
