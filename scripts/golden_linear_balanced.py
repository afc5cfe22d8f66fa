"""Golden values for class_weight='balanced' logistic regression (tests/fixtures/golden/linear_balanced.json).

Run: /usr/bin/python3 scripts/golden_linear_balanced.py > tests/fixtures/golden/linear_balanced.json
Uses the binary and multinomial cases of linear_models.json, made imbalanced by dropping rows.
"""

import json
import sys

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression

src = json.load(open("tests/fixtures/golden/linear_models.json"))
out = {"source": f"scikit-learn {sklearn.__version__}", "cases": []}
for case in src["cases"]:
    if not case["kind"].startswith("logistic") or case["C"] != 1.0:
        continue
    X, y = np.array(case["X"]), np.array(case["y"])
    # Keep every row of class 0 and every third row of the others: a clear imbalance.
    keep = (y == 0) | (np.arange(len(y)) % 3 == 0)
    X, y = X[keep], y[keep]
    m = LogisticRegression(C=1.0, class_weight="balanced", tol=1e-10, max_iter=10000).fit(X, y)
    out["cases"].append(
        {
            "kind": case["kind"],
            "C": 1.0,
            "X": X.tolist(),
            "y": y.tolist(),
            "coef": m.coef_.tolist(),
            "intercept": m.intercept_.tolist(),
        }
    )
json.dump(out, sys.stdout, indent=1)
