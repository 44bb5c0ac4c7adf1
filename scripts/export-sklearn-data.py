#!/usr/bin/env python3
"""Writes scikit-learn's diabetes and digits data sets to data/ as CSV, once:
the files are committed, so that scripts/compare-sklearn and the tests read
the same bytes on every machine. Rerun only to regenerate them.

diabetes: 442 patients, 10 baseline variables in their original units
(load_diabetes(scaled=False)) and the disease progression one year later
(Efron, Hastie, Johnstone & Tibshirani, "Least Angle Regression", Annals of
Statistics 32(2), 2004). digits: 1,797 8x8 images of handwritten digits,
pixel counts 0-16, and the digit (the UCI "Optical Recognition of
Handwritten Digits" test set; Alpaydin & Kaynak, 1998)."""
import csv
import pathlib

from sklearn.datasets import load_diabetes, load_digits

root = pathlib.Path(__file__).resolve().parent.parent / "data"
root.mkdir(exist_ok=True)

diabetes = load_diabetes(scaled=False)
with open(root / "diabetes.csv", "w", newline="") as f:
    writer = csv.writer(f, lineterminator="\n")
    writer.writerow(list(diabetes.feature_names) + ["target"])
    for x, y in zip(diabetes.data, diabetes.target):
        writer.writerow([f"{v:g}" for v in x] + [f"{y:g}"])

digits = load_digits()
with open(root / "digits.csv", "w", newline="") as f:
    writer = csv.writer(f, lineterminator="\n")
    writer.writerow([f"pixel{i}" for i in range(64)] + ["label"])
    for x, y in zip(digits.data, digits.target):
        writer.writerow([f"{int(v)}" for v in x] + [int(y)])
print(f"wrote {root / 'diabetes.csv'} and {root / 'digits.csv'}")
