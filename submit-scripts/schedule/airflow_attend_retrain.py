"""Airflow DAG: nightly warm-started retraining of attend-spark models into the model store.

Each task runs submit-scripts/retrain.sh, which submits the training job (spark-submit when
SPARK_HOME and SPARK_MASTER are set), warm-starts from the store's LATEST version, commits a new
version and applies retention. Copy into the DAGs folder and set ATTEND_HOME and MODEL_STORE.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.operators.bash import BashOperator

ATTEND_HOME = "/opt/attend-spark"
MODEL_STORE = "hdfs:///models"
MODELS = {
    # model name in the store -> training config
    "stcnn-rts": "conf/train-stcnn-rts.yaml",
}

with DAG(
    dag_id="attend_spark_retrain",
    start_date=datetime(2026, 1, 1),
    schedule="30 2 * * *",
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 1, "retry_delay": timedelta(minutes=30)},
    tags=["attend-spark"],
) as dag:
    for name, config in MODELS.items():
        BashOperator(
            task_id=f"retrain_{name.replace('-', '_')}",
            bash_command=f"cd {ATTEND_HOME} && submit-scripts/retrain.sh {MODEL_STORE} {name} {config}",
            env={"KEEP": "7", "SPARK_HOME": "/opt/spark", "SPARK_MASTER": "yarn"},
            append_env=True,
        )
