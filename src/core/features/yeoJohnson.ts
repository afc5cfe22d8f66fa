/**
 * Yeo-Johnson power transform with scikit-learn's maximum-likelihood lambda. The optimiser is a
 * line-by-line port of SciPy's `optimize.bracket` + `optimize.brent` (what PowerTransformer calls).
 * The likelihood is flat at its maximum, so the last digits of lambda depend on the platform's
 * pow/log: lambdas agree with scikit-learn's to Brent's tolerance (~1e-8), not bit for bit.
 */

import { mean, pairwiseSum, variance } from './stats';

const EPS = 2.220446049250313e-16; // np.spacing(1.0)
const TINY = 2.2250738585072014e-308; // np.finfo(np.float64).tiny

/** The Yeo-Johnson transform of one value; NaN stays NaN. */
export function yeoJohnsonValue(x: number, lambda: number): number {
  if (x >= 0) {
    return Math.abs(lambda) < EPS ? Math.log1p(x) : (Math.pow(x + 1, lambda) - 1) / lambda;
  }
  if (x < 0) {
    return Math.abs(lambda - 2) > EPS ? -(Math.pow(-x + 1, 2 - lambda) - 1) / (2 - lambda) : -Math.log1p(-x);
  }
  return NaN;
}

function negLogLikelihood(x: Float64Array, signedLog: number, lambda: number): number {
  const t = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) t[i] = yeoJohnsonValue(x[i]!, lambda);
  const v = variance(t);
  // Extreme lambdas overflow the transform; reject them like a zero variance so Brent moves away.
  if (v < TINY || !Number.isFinite(v)) return Infinity;
  let loglike = (-x.length / 2) * Math.log(v);
  loglike += (lambda - 1) * signedLog;
  return -loglike;
}

/** Yeo-Johnson parameters: lambda, then the mean and std of the transformed training values. */
export interface YeoJohnsonFit {
  lambda: number;
  mean: number;
  std: number;
}

/**
 * Fits lambda on the present (non-NaN) `values`, or takes the given one, then the standardization
 * of the transformed values (scikit-learn PowerTransformer, standardize=True). A zero std becomes 1.
 */
export function fitYeoJohnson(values: Float64Array, lambda = fitYeoJohnsonLambda(values)): YeoJohnsonFit {
  const t = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) t[i] = yeoJohnsonValue(values[i]!, lambda);
  const std = Math.sqrt(variance(t));
  return { lambda, mean: mean(t), std: std === 0 ? 1 : std };
}

/**
 * The lambda that maximises the Yeo-Johnson log-likelihood of `values` (missing values removed
 * beforehand), as scikit-learn's PowerTransformer finds it.
 */
export function fitYeoJohnsonLambda(values: Float64Array): number {
  const signs = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    signs[i] = Math.sign(v) * Math.log1p(Math.abs(v));
  }
  const signedLog = pairwiseSum(signs);
  return brent((lambda) => negLogLikelihood(values, signedLog, lambda), -2, 2);
}

const GOLD = 1.618034;
const VERY_SMALL = 1e-21;
const GROW_LIMIT = 110;
const CG = 0.381966;
const MIN_TOL = 1e-11;
const TOL = 1.48e-8;

function bracket(f: (x: number) => number, xa0: number, xb0: number): number[] {
  let xa = xa0;
  let xb = xb0;
  let fa = f(xa);
  let fb = f(xb);
  if (fa < fb) {
    [xa, xb] = [xb, xa];
    [fa, fb] = [fb, fa];
  }
  let xc = xb + GOLD * (xb - xa);
  let fc = f(xc);
  let iter = 0;
  while (fc < fb) {
    const tmp1 = (xb - xa) * (fb - fc);
    const tmp2 = (xb - xc) * (fb - fa);
    const val = tmp2 - tmp1;
    const denom = Math.abs(val) < VERY_SMALL ? 2 * VERY_SMALL : 2 * val;
    let w = xb - ((xb - xc) * tmp2 - (xb - xa) * tmp1) / denom;
    const wlim = xb + GROW_LIMIT * (xc - xb);
    if (iter > 1000) throw new Error('Yeo-Johnson: no minimum found for lambda (too many iterations).');
    iter++;
    let fw: number;
    if ((w - xc) * (xb - w) > 0) {
      fw = f(w);
      if (fw < fc) {
        return [xb, w, xc, fb, fw, fc];
      } else if (fw > fb) {
        return [xa, xb, w, fa, fb, fw];
      }
      w = xc + GOLD * (xc - xb);
      fw = f(w);
    } else if ((w - wlim) * (wlim - xc) >= 0) {
      w = wlim;
      fw = f(w);
    } else if ((w - wlim) * (xc - w) > 0) {
      fw = f(w);
      if (fw < fc) {
        xb = xc;
        xc = w;
        w = xc + GOLD * (xc - xb);
        fb = fc;
        fc = fw;
        fw = f(w);
      }
    } else {
      w = xc + GOLD * (xc - xb);
      fw = f(w);
    }
    xa = xb;
    xb = xc;
    xc = w;
    fa = fb;
    fb = fc;
    fc = fw;
  }
  return [xa, xb, xc, fa, fb, fc];
}

function brent(f: (x: number) => number, xa0: number, xb0: number): number {
  const [xa, xb, xc, , fb] = bracket(f, xa0, xb0) as [number, number, number, number, number, number];
  let x = xb;
  let w = xb;
  let v = xb;
  let fx = fb;
  let fw = fb;
  let fv = fb;
  let a = xa < xc ? xa : xc;
  let b = xa < xc ? xc : xa;
  let deltax = 0;
  let rat = 0;
  for (let iter = 0; iter < 500; iter++) {
    const tol1 = TOL * Math.abs(x) + MIN_TOL;
    const tol2 = 2 * tol1;
    const xmid = 0.5 * (a + b);
    if (Math.abs(x - xmid) < tol2 - 0.5 * (b - a)) break;
    if (Math.abs(deltax) <= tol1) {
      deltax = x >= xmid ? a - x : b - x;
      rat = CG * deltax;
    } else {
      const tmp1 = (x - w) * (fx - fv);
      let tmp2 = (x - v) * (fx - fw);
      let p = (x - v) * tmp2 - (x - w) * tmp1;
      tmp2 = 2 * (tmp2 - tmp1);
      if (tmp2 > 0) p = -p;
      tmp2 = Math.abs(tmp2);
      const dxTemp = deltax;
      deltax = rat;
      if (p > tmp2 * (a - x) && p < tmp2 * (b - x) && Math.abs(p) < Math.abs(0.5 * tmp2 * dxTemp)) {
        rat = (p * 1.0) / tmp2;
        const u = x + rat;
        if (u - a < tol2 || b - u < tol2) rat = xmid - x >= 0 ? tol1 : -tol1;
      } else {
        deltax = x >= xmid ? a - x : b - x;
        rat = CG * deltax;
      }
    }
    const u = Math.abs(rat) < tol1 ? (rat >= 0 ? x + tol1 : x - tol1) : x + rat;
    const fu = f(u);
    if (fu > fx) {
      if (u < x) a = u;
      else b = u;
      if (fu <= fw || w === x) {
        v = w;
        w = u;
        fv = fw;
        fw = fu;
      } else if (fu <= fv || v === x || v === w) {
        v = u;
        fv = fu;
      }
    } else {
      if (u >= x) a = x;
      else b = x;
      v = w;
      w = x;
      x = u;
      fv = fw;
      fw = fx;
      fx = fu;
    }
  }
  return x;
}
