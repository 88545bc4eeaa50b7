"""gunicorn settings used by ``make run`` and recommended for deployment.

The access log leaves out the client address (%(h)s) and the user agent on
purpose: resident requests must not be logged with anything that identifies
a person or a device (docs/design.md, rule 2).
"""
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Threaded workers: a request waiting on the database does not hold a whole
# process, and connections are kept alive (nginx's upstream keeps them open).
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
keepalive = 75
accesslog = "-"
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
