"""predict_proba of scikit-learn models and XGBoost's predict, single-threaded, on the feature
matrix the workbench's recipe made (npm run bench:score). Fits on the training matrix with the
settings given (matching the workbench's), then times prediction on the input matrix.
Usage: score_sklearn.py '<json settings>'  → prints JSON."""
import json, resource, sys, time
import numpy as np

cfg = json.loads(sys.argv[1])
x = np.fromfile(cfg["train"]["path"], dtype=np.float32).reshape(cfg["train"]["rows"], cfg["train"]["cols"])
y = np.fromfile(cfg["y"], dtype=np.float32).astype(np.int64)
xin = np.fromfile(cfg["input"]["path"], dtype=np.float32).reshape(cfg["input"]["rows"], cfg["input"]["cols"])
out = {}

def timed(name, fit, predict, repeats=1):
    """Fits, warms up, then times `repeats` predictions: "ms" is the first, "bestMs" the fastest."""
    try:
        model = fit()
        predict(model, xin[:1000])  # warm-up
        times = []
        for _ in range(repeats):
            t = time.perf_counter()
            predict(model, xin)
            times.append((time.perf_counter() - t) * 1000)
        out[name] = {"ms": times[0], "bestMs": min(times), "peakRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    except Exception as e:  # a missing package is reported, not fatal
        out[name] = {"error": f"{type(e).__name__}: {e}"}

from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier
from sklearn.ensemble import HistGradientBoostingClassifier

g = cfg["gbdt"]
timed("sklearn LogisticRegression", lambda: LogisticRegression(max_iter=200).fit(x, y), lambda m, a: m.predict_proba(a))
timed("sklearn MLPClassifier", lambda: MLPClassifier(hidden_layer_sizes=(64, 32), max_iter=3).fit(x, y), lambda m, a: m.predict_proba(a))
timed(
    "sklearn HistGradientBoosting",
    lambda: HistGradientBoostingClassifier(max_iter=g["trees"], max_leaf_nodes=g["leaves"], learning_rate=g["lr"], early_stopping=False).fit(x, y),
    lambda m, a: m.predict_proba(a),
)

def xgb_fit():
    import xgboost as xgb
    return xgb.XGBClassifier(n_estimators=g["trees"], max_leaves=g["leaves"], grow_policy="lossguide", tree_method="hist", learning_rate=g["lr"], n_jobs=1).fit(x, y)

# Three timed calls, as the browser worker's boosted trees: the goal compares the best of each.
timed("XGBoost predict_proba (1 thread)", xgb_fit, lambda m, a: m.predict_proba(a), repeats=3)
print(json.dumps(out))
