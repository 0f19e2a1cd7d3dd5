"""Production server settings (`make serve`, or `gunicorn -c gunicorn.conf.py balkanapi.wsgi`)."""

import multiprocessing
import os

bind = os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
# Threads share a process's memory; two per core suits an I/O-bound API on small machines.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
max_requests = 5000  # recycle workers now and then, against slow leaks
max_requests_jitter = 500
accesslog = None  # the application logs each request as JSON (balkanapi.requests)
errorlog = "-"
preload_app = True
