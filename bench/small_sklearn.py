"""scikit-learn on the folds and features of a workbench cross-validation (bench/small.mjs).

Usage: small_sklearn.py HEADER.json [--threads N]. HEADER.json lists, per fold, raw float32 files
(x row-major then y) for the fold's training and validation rows, made by the workbench's recipe
fit on that fold's training rows. Fits each family's scikit-learn counterpart with its defaults on
every fold, and prints mean validation metrics and total fit seconds per family as JSON.
"""

import json
import sys
import time
import warnings

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.metrics import accuracy_score, r2_score, roc_auc_score
from sklearn.neural_network import MLPClassifier, MLPRegressor


def read(part):
    data = np.fromfile(part["file"], dtype="<f4")
    rows, cols = part["rows"], part["cols"]
    return data[: rows * cols].reshape(rows, cols), data[rows * cols :]


def estimator(family, task):
    if task == "classification":
        return {
            "linear": lambda: LogisticRegression(),
            "mlp": lambda: MLPClassifier(random_state=0),
            "gbdt": lambda: HistGradientBoostingClassifier(random_state=0),
        }[family]()
    return {
        "linear": lambda: LinearRegression(),
        "mlp": lambda: MLPRegressor(random_state=0),
        "gbdt": lambda: HistGradientBoostingRegressor(random_state=0),
    }[family]()


def metrics(model, task, n_classes, x, y):
    if task == "regression":
        return {"r2": float(r2_score(y, model.predict(x)))}
    proba = model.predict_proba(x)
    out = {"accuracy": float(accuracy_score(y, model.classes_[proba.argmax(axis=1)]))}
    try:
        if n_classes == 2:
            out["rocAuc"] = float(roc_auc_score(y, proba[:, 1]))
        else:
            out["rocAuc"] = float(roc_auc_score(y, proba, multi_class="ovr", average="macro"))
    except ValueError:
        out["rocAuc"] = None
    return out


def main(argv):
    header = json.load(open(argv[0]))
    task, n_classes = header["task"], header["nClasses"]
    result = {}
    for family in ["linear", "mlp", "gbdt"]:
        per_fold, seconds, cpu = [], 0.0, 0.0
        for fold in header["folds"]:
            x, y = read(fold["train"])
            xv, yv = read(fold["validation"])
            if task == "classification":
                y, yv = y.astype(np.int64), yv.astype(np.int64)
            model = estimator(family, task)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                start, cpu_start = time.perf_counter(), time.process_time()
                model.fit(x, y)
                seconds += time.perf_counter() - start
                cpu += time.process_time() - cpu_start
            per_fold.append(metrics(model, task, n_classes, xv, yv))
        keys = per_fold[0].keys()
        mean = {
            k: float(np.mean([m[k] for m in per_fold if m[k] is not None])) for k in keys
        }
        result[family] = {"mean": mean, "fitSeconds": seconds, "cpuSeconds": cpu}
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
