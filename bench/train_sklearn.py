"""scikit-learn on exactly the rows and features a workbench run used.

Usage: train_sklearn.py HEADER.json [--models linear,gbdt,mlp,xgboost] [--fit-on train+validation|train]

HEADER.json is written by bench/trainCore.mjs (writeMatrices): each part is raw float32, x row-major
then y. Fits the scikit-learn counterparts of the workbench families with their default settings
on the training rows (and, by default, the validation rows too: the workbench sees both, one to fit
and one to stop early on), times .fit() alone, and prints the test metrics as one JSON object.

"xgboost" is XGBoost's `hist` trees with the workbench's boosted-tree defaults (100 rounds,
learning rate 0.1, leaf-wise growth to 31 leaves, no depth limit, 255 bins, L2 0, early stopping
after 10 rounds on the validation rows, which it then does not train on, as the workbench). Its
threads follow OMP_NUM_THREADS (runSklearn sets it; unset: every core).
"""

import json
import sys
import time
import warnings

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.metrics import accuracy_score, r2_score, roc_auc_score
from sklearn.neural_network import MLPClassifier, MLPRegressor


def read_part(part):
    data = np.fromfile(part["file"], dtype="<f4")
    rows, cols = part["rows"], part["cols"]
    return data[: rows * cols].reshape(rows, cols), data[rows * cols :]


def xgboost_estimator(task):
    import os

    import xgboost

    threads = int(os.environ.get("OMP_NUM_THREADS", "0")) or os.cpu_count()
    common = dict(
        n_estimators=100,
        learning_rate=0.1,
        tree_method="hist",
        grow_policy="lossguide",
        max_leaves=31,
        max_depth=0,
        max_bin=255,
        reg_lambda=0.0,
        min_child_weight=1e-3,
        early_stopping_rounds=10,
        n_jobs=threads,
        random_state=0,
    )
    if task == "classification":
        return xgboost.XGBClassifier(**common)
    return xgboost.XGBRegressor(**common)


def estimator(family, task):
    if family == "xgboost":
        return xgboost_estimator(task)
    if task == "classification":
        return {
            "linear": lambda: LogisticRegression(),
            "gbdt": lambda: HistGradientBoostingClassifier(random_state=0),
            "mlp": lambda: MLPClassifier(random_state=0),
        }[family]()
    return {
        "linear": lambda: LinearRegression(),
        "gbdt": lambda: HistGradientBoostingRegressor(random_state=0),
        "mlp": lambda: MLPRegressor(random_state=0),
    }[family]()


def scores(model, task, n_classes, x, y):
    if task == "regression":
        return {"r2": float(r2_score(y, model.predict(x)))}
    proba = model.predict_proba(x)
    # Columns follow the classes seen in training, which may be fewer than the workbench's.
    out = {"accuracy": float(accuracy_score(y, model.classes_[proba.argmax(axis=1)]))}
    try:
        if n_classes == 2:
            out["rocAuc"] = float(roc_auc_score(y, proba[:, 1]))
        else:
            out["rocAuc"] = float(roc_auc_score(y, proba, multi_class="ovr", average="macro"))
    except ValueError:
        # A class absent from the scored rows (an out-of-time period without snow): no AUC.
        out["rocAuc"] = None
    return out


def main(argv):
    header = json.load(open(argv[0]))
    families = ["linear", "gbdt", "mlp"]
    fit_on = "train+validation"
    for i, a in enumerate(argv):
        if a == "--models":
            families = argv[i + 1].split(",")
        if a == "--fit-on":
            fit_on = argv[i + 1]
    task, n_classes = header["task"], header["nClasses"]
    x, y = read_part(header["parts"]["train"])
    x_only, y_only, xv, yv = x, y, None, None
    if "validation" in header["parts"]:
        xv, yv = read_part(header["parts"]["validation"])
    if fit_on == "train+validation" and xv is not None:
        x, y = np.vstack([x, xv]), np.concatenate([y, yv])
    x_test, y_test = read_part(header["parts"]["test"])
    if task == "classification":
        y, y_test, y_only = y.astype(np.int64), y_test.astype(np.int64), y_only.astype(np.int64)
        if yv is not None:
            yv = yv.astype(np.int64)
    import sklearn
    import threadpoolctl

    threads = max(
        (p.get("num_threads", 1) for p in threadpoolctl.threadpool_info()), default=1
    )
    result = {
        "sklearn": sklearn.__version__,
        "fitOn": fit_on,
        "fitRows": int(x.shape[0]),
        "testRows": int(x_test.shape[0]),
        "threads": threads,
        "models": {},
    }
    for family in families:
        model = estimator(family, task)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConvergenceWarning)
            start, cpu = time.perf_counter(), time.process_time()
            if family == "xgboost" and xv is not None:
                model.fit(x_only, y_only, eval_set=[(xv, yv)], verbose=False)
            elif family == "xgboost":
                model.set_params(early_stopping_rounds=None)
                model.fit(x, y)
            else:
                model.fit(x, y)
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        entry = {
            "estimator": type(model).__name__,
            "fitSeconds": seconds,
            # CPU time of every thread: steadier than wall time on a busy machine.
            "cpuSeconds": cpu,
            "test": scores(model, task, n_classes, x_test, y_test),
        }
        if hasattr(model, "n_iter_"):
            entry["iterations"] = int(np.max(model.n_iter_))
        if family == "xgboost":
            entry["estimator"] = f"XGBoost {__import__('xgboost').__version__} hist"
            entry["threads"] = model.get_params()["n_jobs"]
            if getattr(model, "best_iteration", None) is not None:
                entry["iterations"] = int(model.best_iteration) + 1
        notes = sorted({str(w.message).split(".")[0] for w in caught})
        if notes:
            entry["warnings"] = notes
        result["models"][family] = entry
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
