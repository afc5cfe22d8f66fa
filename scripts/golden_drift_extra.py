"""Extra SciPy reference values for the drift tests (tests/fixtures/golden/drift_extra.json):
KS with ties, unequal sizes, the asymptotic branch, and chi-square with Yates' correction.
Run: python3 scripts/golden_drift_extra.py > tests/fixtures/golden/drift_extra.json"""
import json
import numpy as np
from scipy import stats
from scipy.spatial.distance import jensenshannon

rng = np.random.default_rng(13)
cases = []
for name, ref, cur in [
    ("ties", rng.integers(0, 8, 300).astype(float), rng.integers(1, 9, 250).astype(float)),
    ("small_unequal", rng.normal(0, 1, 37), rng.normal(0.4, 1.2, 61)),
    ("equal_sizes", rng.normal(0, 1, 400), rng.normal(0.1, 1, 400)),
    ("same", np.arange(50.0), np.arange(50.0)),
    ("asymptotic", rng.normal(0, 1, 3000), rng.normal(0.03, 1, 20000)),
]:
    r = stats.ks_2samp(ref, cur)
    cases.append({"name": name, "reference": ref.round(6).tolist(), "current": cur.round(6).tolist(),
                  "statistic": float(r.statistic), "pvalue": float(r.pvalue)})
table = np.array([[120, 80], [90, 110]])
c = stats.chi2_contingency(table)
print(json.dumps({"source": f"numpy {np.__version__} / scipy {stats.__name__ and __import__('scipy').__version__}",
                  "ks": cases,
                  "chi2_yates": {"reference": [120, 80], "current": [90, 110], "chi2": float(c.statistic),
                                 "pvalue": float(c.pvalue), "dof": int(c.dof)}}))
