"""Evaluation step of the aifactory SageMaker pipeline.

Runs in the built-in XGBoost image (xgboost, numpy, pandas, scikit-learn). Reads the trained
model (/opt/ml/processing/model/model.tar.gz) and the validation CSV (label in the first column,
no header, the built-in algorithm's format), writes /opt/ml/processing/evaluation/evaluation.json
as {"metrics": {...}, "predictions": [...]}; the pipeline's condition step reads metrics.auc
(binary) or metrics.rmse; training imports the metrics and builds the drift baseline's prediction
distribution from the predictions (a seeded sample of at most 1000).
Upload it to aifactory.training.sagemaker.evaluation-code-uri.
"""
import argparse
import glob
import json
import os
import tarfile

import numpy as np
import pandas as pd
import xgboost
from sklearn import metrics

parser = argparse.ArgumentParser()
parser.add_argument("--objective", choices=["binary", "regression"], required=True)
args = parser.parse_args()

with tarfile.open("/opt/ml/processing/model/model.tar.gz") as tar:
    tar.extractall(path="/tmp/model")
booster = xgboost.Booster()
booster.load_model("/tmp/model/xgboost-model")

frames = [pd.read_csv(f, header=None) for f in glob.glob("/opt/ml/processing/validation/*.csv")]
data = pd.concat(frames)
y = data.iloc[:, 0].to_numpy()
predictions = booster.predict(xgboost.DMatrix(data.iloc[:, 1:].to_numpy()))

if args.objective == "binary":
    report = {
        "auc": float(metrics.roc_auc_score(y, predictions)),
        "accuracy": float(metrics.accuracy_score(y, predictions >= 0.5)),
        "logloss": float(metrics.log_loss(y, np.clip(predictions, 1e-15, 1 - 1e-15))),
    }
else:
    report = {
        "rmse": float(np.sqrt(metrics.mean_squared_error(y, predictions))),
        "mae": float(metrics.mean_absolute_error(y, predictions)),
    }

os.makedirs("/opt/ml/processing/evaluation", exist_ok=True)
sample = np.random.default_rng(42).permutation(predictions)[:1000]
with open("/opt/ml/processing/evaluation/evaluation.json", "w") as out:
    json.dump({"metrics": report, "predictions": [float(p) for p in sample]}, out)
