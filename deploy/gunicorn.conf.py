"""gunicorn's settings for Waspada: ``gunicorn --config deploy/gunicorn.conf.py --workers 4 --bind ... run:app``.

Two things every deployment needs, whatever its size (workers, threads and the address
stay on the command line or in ``GUNICORN_CMD_ARGS``):

* One count of requests for all workers. Each worker is a process of its own;
  prometheus-client's multiprocess mode keeps every worker's counts in files under
  ``PROMETHEUS_MULTIPROC_DIR``, and a scrape of ``/metrics`` on any worker adds them up.
  The folder must start empty: set ``PROMETHEUS_MULTIPROC_DIR`` to a folder of your own
  (it is emptied here at each start) or leave it unset for a new temporary folder, removed
  when gunicorn stops. When a worker dies its live gauges are dropped (``child_exit``);
  its counts stay, so a total never goes down.
* No access log: the app writes one line per request itself (``app/web/request_log.py``),
  with a request id and without the path, where a class code can stand.
"""

import os
import shutil
import tempfile
from pathlib import Path

_TEMPORARY = "WASPADA_METRICS_TEMPORARY_DIR"  # the folder made here (also after a reload by SIGHUP)
metrics_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
if metrics_dir:
    Path(metrics_dir).mkdir(parents=True, exist_ok=True)
    for leftover in Path(metrics_dir).glob("*.db"):  # counts of an earlier run would be added to this one's
        leftover.unlink()
else:
    metrics_dir = tempfile.mkdtemp(prefix="waspada-metrics-")
    os.environ[_TEMPORARY] = metrics_dir
# Set before any worker imports prometheus_client: the library reads it once, at import.
os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir

accesslog = None


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    if os.environ.get(_TEMPORARY) == metrics_dir:
        shutil.rmtree(metrics_dir, ignore_errors=True)
