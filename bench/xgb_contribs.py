"""XGBoost's pred_contribs beside the workbench's TreeSHAP (bench/explain.mjs).

Reads the same rows the workbench used (float32, row-major, written by explain.mjs), trains
XGBoost single-threaded with the same number of trees, leaves and depth, and times exact
TreeSHAP (pred_contribs=True) on the same explained rows. Prints one JSON line.
"""
import json
import sys
import time

import numpy as np
import xgboost as xgb

spec = json.load(open(sys.argv[1]))
x = np.fromfile(spec["x"], dtype=np.float32).reshape(spec["rows"], spec["cols"])
y = np.fromfile(spec["y"], dtype=np.float32)
explain = x[: spec["explainRows"]]
params = {
    "objective": "binary:logistic",
    "tree_method": "hist",
    "grow_policy": "lossguide",
    "max_leaves": spec["maxLeaves"],
    "max_depth": spec["maxDepth"],
    "eta": spec["learningRate"],
    "nthread": 1,
    "max_bin": 255,
}
booster = xgb.train(params, xgb.DMatrix(x, label=y, nthread=1), num_boost_round=spec["trees"])
d = xgb.DMatrix(explain, nthread=1)
booster.predict(d, pred_contribs=True)  # warm-up
best = float("inf")
for _ in range(3):
    t0 = time.perf_counter()
    booster.predict(d, pred_contribs=True)
    best = min(best, time.perf_counter() - t0)
dump = booster.get_dump(dump_format="json")
leaves = sum(s.count('"leaf"') for s in dump)
print(json.dumps({"seconds": best, "rowsPerSecond": spec["explainRows"] / best, "trees": len(dump), "leaves": leaves, "version": xgb.__version__}))
