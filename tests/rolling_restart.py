#!/usr/bin/env python3
"""The proof that instances can be restarted one at a time under load, losing nothing.

Starts three Lantern instances on 127.0.0.1 sharing one PostgreSQL feedback store, and nginx
in front of them on 127.0.0.1 (deploy/nginx.conf's upstream rules, without TLS). For
DURATION seconds (30) it drives page requests at nginx from several threads and submits report
forms through nginx the whole time, while each instance in turn gets SIGTERM, exits, starts
again and is waited for on /readyz.

Passes when pages saw 0 non-2xx answers and 0 socket errors, and every submission that got
its 303 is in PostgreSQL afterwards. Prints the figures either way. Bounded in time; stops
and deletes everything it started, whatever happens.

Needs: the binary (LANTERN_BIN, default target/debug/lantern), nginx, psql, and
LANTERN_TEST_POSTGRES (tests/postgres.sh starts a throwaway server and sets it).
"""

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(ROOT, os.environ.get("LANTERN_BIN", "target/debug/lantern"))
DURATION = float(os.environ.get("DURATION", "30"))
INSTANCES = 3
PAGE_THREADS = 6
# Pages a visitor might ask for, kept and rendered, in both languages.
PAGES = [
    "/", "/help", "/es/help", "/search?q=hotline", "/es/search?q=ayuda",
    "/resources/national-human-trafficking-hotline", "/states/TX", "/about",
]
REPORTED = "national-human-trafficking-hotline"
# As deploy/nginx.conf: an instance that failed is left alone this long (passive health).
FAIL_TIMEOUT = 2
TOKEN = re.compile(r'name="token" value="([^"]+)"')


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what, check, seconds):
    """Asks `check` until it is true, for at most `seconds`: waiting on something observable."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise SystemExit(f"FAIL: {what} within {seconds} s")


def status_of(port, path):
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", path)
        status = conn.getresponse().status
        conn.close()
        return status
    except OSError:
        return None


class Instance:
    def __init__(self, work, n, feedback_url):
        self.port = free_port()
        self.database = os.path.join(work, f"instance-{n}.db")
        self.log = open(os.path.join(work, f"instance-{n}.log"), "ab")
        self.feedback_url = feedback_url
        self.process = None

    def start(self):
        env = dict(os.environ, RUST_LOG="info", NO_COLOR="1")
        self.process = subprocess.Popen(
            [BINARY, "serve", "--listen", f"127.0.0.1:{self.port}",
             "--database", self.database, "--seeds", os.path.join(ROOT, "seeds"),
             "--feedback-database", self.feedback_url,
             # Every form comes from nginx's one address here: lift the per-visitor limits.
             "--forms-per-client", "1000000", "--forms-per-hour", "1000000"],
            stdout=subprocess.DEVNULL, stderr=self.log, env=env)
        wait_for(f"instance on {self.port} ready",
                 lambda: status_of(self.port, "/readyz") == 200, 120)

    def stop(self):
        """SIGTERM, as systemd does, and wait for the drain and the exit."""
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=60)
        if code != 0:
            raise SystemExit(f"FAIL: instance on {self.port} exited with {code}")

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def nginx_config(work, port, instances):
    upstream = "\n".join(
        f"        server 127.0.0.1:{i.port} max_fails=3 fail_timeout={FAIL_TIMEOUT}s;"
        for i in instances)
    return f"""
pid {work}/nginx.pid;
error_log {work}/nginx-error.log;
worker_processes 1;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {work}/nginx-body;
    proxy_temp_path {work}/nginx-proxy;
    fastcgi_temp_path {work}/nginx-fastcgi;
    uwsgi_temp_path {work}/nginx-uwsgi;
    scgi_temp_path {work}/nginx-scgi;
    upstream lantern {{
{upstream}
        keepalive 32;
    }}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 16k;
        gzip off;
        location / {{
            proxy_pass http://lantern;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_next_upstream error timeout http_502 http_503 http_504;
            proxy_next_upstream_tries 3;
            proxy_connect_timeout 2s;
            proxy_read_timeout 30s;
        }}
    }}
}}
"""


class Tally:
    """What the clients saw, from several threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.pages = 0
        self.page_errors = []  # (path, status or exception)
        self.acknowledged = []  # messages that got their 303
        self.form_failures = []  # (message, status or exception)

    def page(self, path, error=None):
        with self.lock:
            self.pages += 1
            if error is not None:
                self.page_errors.append((path, error))

    def form(self, message, status=None, error=None):
        with self.lock:
            if status == 303:
                self.acknowledged.append(message)
            else:
                self.form_failures.append((message, status if error is None else error))


def drive_pages(port, stop, tally, n):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    i = n
    while not stop.is_set():
        path = PAGES[i % len(PAGES)]
        i += 1
        try:
            conn.request("GET", path, headers={"Accept-Encoding": "br, gzip"})
            response = conn.getresponse()
            response.read()
            ok = 200 <= response.status < 300
            tally.page(path, None if ok else response.status)
        except (OSError, http.client.HTTPException) as error:
            tally.page(path, repr(error))
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.close()


def submit_forms(port, stop, tally):
    """Renders a form, waits out the form's two seconds (its rule, not synchronisation),
    posts it; several in flight at once so one lands every few tenths of a second."""
    pending = []
    n = 0
    while not stop.is_set() or pending:
        if not stop.is_set() and len(pending) < 12:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                conn.request("GET", f"/resources/{REPORTED}/report")
                body = conn.getresponse().read().decode()
                conn.close()
                pending.append((time.monotonic(), TOKEN.search(body).group(1)))
            except (OSError, http.client.HTTPException, AttributeError) as error:
                tally.form("(rendering the form)", error=repr(error))
        if pending and time.monotonic() - pending[0][0] > 2.2:
            _, token = pending.pop(0)
            n += 1
            message = f"rolling-restart-{os.getpid()}-{n}"
            body = urllib.parse.urlencode({
                "problem": "phone-wrong", "message": message, "contact": "",
                "token": token, "website": ""})
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                conn.request("POST", f"/resources/{REPORTED}/report", body=body, headers={
                    "Content-Type": "application/x-www-form-urlencoded"})
                status = conn.getresponse().status
                conn.close()
                tally.form(message, status=status)
            except (OSError, http.client.HTTPException) as error:
                tally.form(message, error=repr(error))
        time.sleep(0.15)


def main():
    server = os.environ.get("LANTERN_TEST_POSTGRES")
    if not server:
        raise SystemExit("FAIL: LANTERN_TEST_POSTGRES is not set (tests/postgres.sh sets it)")
    for tool in ["nginx", "psql"]:
        if not shutil.which(tool):
            raise SystemExit(f"FAIL: {tool} is not installed")
    work = tempfile.mkdtemp(prefix="lantern-rolling.")
    os.chmod(work, 0o755)
    database = f"rolling_{os.getpid()}"
    subprocess.run(["psql", "-q", server, "-c", f"create database {database}"], check=True)
    url = urllib.parse.urlsplit(server)
    feedback_url = urllib.parse.urlunsplit(url._replace(path="/" + database))

    instances = [Instance(work, n, feedback_url) for n in range(INSTANCES)]
    nginx = None
    try:
        for instance in instances:
            instance.start()
        port = free_port()
        with open(os.path.join(work, "nginx.conf"), "w") as f:
            f.write(nginx_config(work, port, instances))
        nginx = subprocess.Popen(["nginx", "-c", os.path.join(work, "nginx.conf"),
                                  "-e", os.path.join(work, "nginx-error.log"),
                                  "-g", "daemon off;"])
        wait_for("nginx answering", lambda: status_of(port, "/readyz") == 200, 30)

        stop = threading.Event()
        tally = Tally()
        threads = [threading.Thread(target=drive_pages, args=(port, stop, tally, n))
                   for n in range(PAGE_THREADS)]
        threads.append(threading.Thread(target=submit_forms, args=(port, stop, tally)))
        started = time.monotonic()
        for t in threads:
            t.start()
        restarts = []
        time.sleep(min(3, DURATION / 10))  # some load first, so the restarts happen under it
        for instance in instances:
            began = time.monotonic()
            instance.stop()
            stopped = time.monotonic()
            instance.start()
            restarts.append((stopped - began, time.monotonic() - stopped))
            # As the README's roll does: nginx marked the stopped instance failed when its
            # listener closed, and sends it traffic again only after fail_timeout. Stopping
            # the next one sooner would leave nginx one instance it believes in, or none.
            time.sleep(FAIL_TIMEOUT + 1)
        while time.monotonic() - started < DURATION:
            time.sleep(0.1)
        stop.set()
        for t in threads:
            t.join(timeout=60)
        elapsed = time.monotonic() - started
    finally:
        if nginx:
            nginx.terminate()
            nginx.wait(timeout=10)
        for instance in instances:
            instance.kill()

    stored = set(subprocess.run(
        ["psql", "-At", feedback_url, "-c", "select message from feedback"],
        check=True, capture_output=True, text=True).stdout.split())
    subprocess.run(["psql", "-q", server, "-c", f"drop database {database}"], check=False)
    lost = [m for m in tally.acknowledged if m not in stored]

    print(f"rolling restart of {INSTANCES} instances behind nginx, {elapsed:.0f} s under load:")
    print(f"  pages: {tally.pages} answered ({tally.pages / elapsed:.0f}/s from "
          f"{PAGE_THREADS} Python threads), {len(tally.page_errors)} non-2xx or socket errors")
    for stop_s, start_s in restarts:
        print(f"  restart: {stop_s:.1f} s from SIGTERM to exit (drain included), "
              f"{start_s:.1f} s from start to /readyz 200")
    print(f"  forms: {len(tally.acknowledged)} acknowledged with 303, {len(lost)} of them "
          f"missing from PostgreSQL; {len(tally.form_failures)} not acknowledged")
    for failure in tally.page_errors[:10] + tally.form_failures[:10]:
        print(f"    {failure}")
    failed = tally.page_errors or lost or not tally.acknowledged or not tally.pages
    if failed:
        # What nginx saw is what says why: its last lines go with the failure.
        with open(os.path.join(work, "nginx-error.log"), errors="replace") as log:
            print("  nginx's error log, last lines:")
            for line in log.readlines()[-15:]:
                print("    " + line.rstrip())
    shutil.rmtree(work, ignore_errors=True)
    if failed:
        raise SystemExit("FAIL")
    print("PASS")


if __name__ == "__main__":
    main()
