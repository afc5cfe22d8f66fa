"""Writes scikit-learn's bundled small datasets as CSV files for bench/small.mjs.

Usage: small_export.py OUT_DIR. Classification targets are written as class names (text), so
the workbench frames them as classification; diabetes's target is a number (regression).
"""

import sys
from pathlib import Path

import pandas as pd
from sklearn import datasets

out = Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
for name, loader in [
    ("iris", datasets.load_iris),
    ("wine", datasets.load_wine),
    ("breast_cancer", datasets.load_breast_cancer),
    ("diabetes", datasets.load_diabetes),
]:
    d = loader()
    frame = pd.DataFrame(d.data, columns=[c.replace(" ", "_") for c in d.feature_names])
    frame["target"] = [d.target_names[t] for t in d.target] if name != "diabetes" else d.target
    frame.to_csv(out / f"{name}.csv", index=False)
