#!/usr/bin/env python3
"""Crash safety of certflow (see scripts/crash-test.sh and the README's "Guarantees"). Python 3 standard library only.

Starts target/certflow.jar, drives orders, cancels and CA pushes at it from worker threads, kills it with SIGKILL
mid-load several times, restarts it, lets it finish and then checks:
  * every order that got a 201 exists;
  * every push that got a 200 was acted on (cf_ca_push.outcome set, or its delivery job still exists);
  * every order's status and history agree with its process instance (running) or its ended history;
  * no job is left locked, failed or with an incident;
  * every history entry has its event, and a webhook receiver that stayed up got every numbered event at least once
    (signature checked) and none that is not in the feed (a change that rolled back).
Prints the counts and exits 1 on any loss.
"""
import argparse
import base64
import http.client
import hashlib
import hmac
import http.server
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile

USERS = {"alice": "alice-secret", "ops": "ops-secret", "operator": "operator-secret", "sectigo": "push-secret"}
SETTINGS = {
    "quick": dict(kills=2, workers=3, load_seconds=(5.0, 7.0)),
    "full": dict(kills=10, workers=6, load_seconds=(4.0, 12.0)),
}
FINAL = {"REJECTED", "REVOKED", "EXPIRED"}


def log(message):
    print(f"[crash-test {time.strftime('%H:%M:%S')}] {message}", flush=True)


class Http:
    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}"

    def call(self, method, path, user=None, body=None, content_type=None, timeout=10):
        request = urllib.request.Request(self.base + path, method=method, data=body.encode() if body is not None else None)
        if user:
            token = base64.b64encode(f"{user}:{USERS[user]}".encode()).decode()
            request.add_header("Authorization", "Basic " + token)
        if content_type:
            request.add_header("Content-Type", content_type)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            try:
                return error.code, error.read().decode()
            except (OSError, http.client.HTTPException):
                return None, None
        # down, refused, or killed mid-answer (IncompleteRead, RemoteDisconnected, a cut-off status line): not acknowledged
        except (OSError, urllib.error.URLError, http.client.HTTPException):
            return None, None

    def json(self, method, path, user, body=None):
        status, text = self.call(method, path, user, body, "application/json" if body is not None else None)
        try:
            return status, (json.loads(text) if text and text[:1] in "[{" else None)
        except ValueError:
            return None, None  # a cut-off body


class Service:
    """One certflow process at a time on a fixed port and database."""

    def __init__(self, jar, workdir, port, datasource):
        self.jar, self.workdir, self.port, self.datasource = jar, workdir, port, datasource
        self.process = None
        self.starts = 0

    def start(self):
        self.starts += 1
        args = ["java", "-Xmx512m", "-XX:TieredStopAtLevel=1", "-jar", self.jar,
                f"--server.port={self.port}",
                f"--spring.datasource.url={self.datasource['url']}",
                f"--spring.datasource.username={self.datasource['user']}",
                f"--spring.datasource.password={self.datasource['password']}",
                "--certflow.security.users[0].name=alice", "--certflow.security.users[0].password=alice-secret",
                "--certflow.security.users[0].role=CUSTOMER",
                "--certflow.security.users[1].name=ops", "--certflow.security.users[1].password=ops-secret",
                "--certflow.security.users[1].role=OPERATOR",
                "--certflow.webhook.sectigo.username=sectigo", "--certflow.webhook.sectigo.password=push-secret",
                "--camunda.bpm.admin-user.password=operator-secret",
                "--certflow.ca.simulator.decision-delay=PT1S", "--certflow.ca.simulator.cancellation-delay=PT1S",
                # pushes the simulator sent to a dead process are lost, as Sectigo's can be: the poll finds out
                "--certflow.ca.poll-interval=PT5S",
                # a killed node's job locks expire after this (default five minutes)
                "--camunda.bpm.job-execution.lock-time-in-millis=5000",
                "--camunda.bpm.job-execution.wait-time-in-millis=200",
                # the crash test's webhook receiver listens on this machine, over http
                "--certflow.webhooks.allow-private-targets=true",
                # a delivery that failed while the machine was busy is retried within the check's wait (the default
                # schedule waits 5 minutes after a second failure in a row: late, not lost)
                "--certflow.webhooks.retry-schedule=PT1S,PT2S,PT5S",
                "--logging.level.root=warn"]
        out = open(os.path.join(self.workdir, f"certflow-{self.starts}.log"), "w")
        self.process = subprocess.Popen(args, cwd=self.workdir, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.time() + 300  # a busy 2-core CI machine has taken over two minutes to start it
        http = Http(self.port)
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"certflow exited during start-up; see {out.name}")
            status, body = http.call("GET", "/actuator/health", timeout=2)
            if status == 200 and '"UP"' in body:
                return
            time.sleep(0.3)
        raise SystemExit(f"certflow did not start within 300 s; see {out.name}")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.kill()


class Load:
    """Customers and the CA, as another process sees them: only what was acknowledged is remembered."""

    def __init__(self, http):
        self.http = http
        self.lock = threading.Lock()
        self.orders = {}          # order id -> common name, for every 201
        self.ca_numbers = {}      # order id -> CA order number, once seen
        self.pushes = []          # (CA order number, statusCode, status) for every 200
        self.counter = 0
        self.running = True
        self.finished = 0         # workers that ran until told to stop (an exception would end one early)

    def next_number(self):
        with self.lock:
            self.counter += 1
            return self.counter

    def worker(self, csrs):
        while self.running:
            n = self.next_number()
            name, csr = csrs[n % len(csrs)]
            body = json.dumps({"validation": "DV", "commonName": name, "subjectAlternativeNames": [], "csr": csr,
                               "validityDays": 90, "requester": {"name": "Crash Test", "email": "crash@example.nl"}})
            status, order = self.http.json("POST", "/api/orders", "alice", body)
            if status != 201:
                continue
            order_id = order["id"]
            with self.lock:
                self.orders[order_id] = name
            self.http.call("POST", f"/api/orders/{order_id}/submit", "alice")
            if n % 5 == 0:
                self.http.call("POST", f"/api/orders/{order_id}/cancel", "alice", '{"reason":"crash test"}', "application/json")
            self.push_for_known_orders(n)
        with self.lock:
            self.finished += 1

    def push_for_known_orders(self, n):
        with self.lock:
            known = list(self.orders)
        for order_id in random.sample(known, min(2, len(known))):
            status, order = self.http.json("GET", f"/api/orders/{order_id}", "alice")
            if status != 200 or not order.get("ca"):
                continue
            number = order["ca"]["orderNumber"]
            with self.lock:
                self.ca_numbers[order_id] = number
            # 12 is news for the history; 6 asks certflow to check the CA (which decides, never the push)
            code, text = (12, f"Awaiting Brand Validation {n}") if n % 2 else (6, "Issued")
            form = urllib.parse.urlencode({"orderNumber": number, "certificateID": order["ca"]["certificateId"],
                                           "eventType": "Certificate", "status": text, "statusCode": code})
            answer, body = self.http.call("POST", "/webhooks/sectigo", "sectigo", form, "application/x-www-form-urlencoded")
            if answer == 200:
                with self.lock:
                    self.pushes.append((number, code, text))


class Receiver:
    """The operator's webhook endpoint (every account's events): checks each Standard Webhooks signature itself."""

    def __init__(self):
        self.secret = None
        self.lock = threading.Lock()
        self.received = []        # event ids, every delivery (duplicates after a kill are allowed: at least once)
        self.forged = 0
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                signed = f"{self.headers['webhook-id']}.{self.headers['webhook-timestamp']}.".encode() + body
                key = base64.b64decode(receiver.secret.split("_", 1)[1])
                expected = "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
                valid = expected in self.headers.get("webhook-signature", "").split(" ")
                with receiver.lock:
                    if valid:
                        receiver.received.append(json.loads(body)["id"])
                    else:
                        receiver.forged += 1
                self.send_response(204 if valid else 401)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def ids(self):
        with self.lock:
            return list(self.received)


def feed_ids(http):
    ids, after = [], 0
    while True:
        status, page = http.json("GET", f"/api/events?after={after}&limit=1000", "ops")
        if status != 200 or not page["items"]:
            return ids
        ids += [event["id"] for event in page["items"]]
        after = page["next"]


def check_events(http, receiver, name):
    """Run while certflow is up: the receiver catches up with the feed, then nothing it got is missing from it."""
    expected = set(feed_ids(http))
    deadline = time.time() + 150
    while not expected <= set(receiver.ids()) and time.time() < deadline:
        time.sleep(1)
    received = receiver.ids()
    feed = set(feed_ids(http))
    missing = sorted(expected - set(received))
    losses = [f"event {event} is in the feed but never reached the webhook" for event in missing[:10]]
    if len(missing) > 10:
        losses.append(f"... and {len(missing) - 10} more events in the feed that never reached the webhook")
    if missing:
        _, endpoints = http.call("GET", "/api/webhooks", "ops")
        log(f"{name}: the webhook endpoint as certflow sees it: {str(endpoints)[:3000]}")
    losses += [f"event {event} was delivered but is not in the feed" for event in sorted(set(received) - feed)]
    if receiver.forged:
        losses.append(f"{receiver.forged} deliveries with a signature that does not verify")
    log(f"{name}: events in the feed: {len(feed)}; deliveries: {len(received)} "
        f"({len(received) - len(set(received))} repeated after kills)")
    return losses


CSR_POOL = 70  # a multiple of 7: every 7th name is a reject.* name, as the load had before


def csr_pool(workdir):
    """(common name, CSR) pairs made once before the load, with openssl (on every machine that has a JDK image); the
    workers reuse them, so no process is started while the node is down and the workers retry."""
    key = os.path.join(workdir, "key.pem")
    subprocess.run(["openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key], check=True,
                   capture_output=True)
    pool = []
    for n in range(CSR_POOL):
        name = ("reject." if n % 7 == 0 else "") + f"crash-{n}.example.com"
        pool.append((name, subprocess.run(["openssl", "req", "-new", "-key", key, "-subj", f"/CN={name}"], check=True,
                                          capture_output=True, text=True).stdout))
    return pool


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def jdbc_classpath(jar, workdir):
    """The JDBC drivers packed in the jar, for the SQL checks (org.h2.tools.Shell talks to H2 and PostgreSQL)."""
    paths = []
    with zipfile.ZipFile(jar) as boot:
        for entry in boot.namelist():
            if re.match(r"BOOT-INF/lib/(h2|postgresql)-[\d.]+.*\.jar$", entry):
                target = os.path.join(workdir, os.path.basename(entry))
                with boot.open(entry) as source, open(target, "wb") as sink:
                    shutil.copyfileobj(source, sink)
                paths.append(target)
    return os.pathsep.join(paths)


def sql(classpath, datasource, query):
    """Rows of a query as lists of strings (H2's Shell in list mode)."""
    result = subprocess.run(["java", "-cp", classpath, "org.h2.tools.Shell", "-url", datasource["url"],
                             "-user", datasource["user"], "-password", datasource["password"], "-sql", query],
                            check=True, capture_output=True, text=True)
    if "Error:" in result.stdout or re.search(r"\[\d{5}-\d+\]", result.stdout):
        raise SystemExit(f"SQL failed: {query}\n{result.stdout}")
    lines = [line for line in result.stdout.splitlines() if " | " in line or line.strip()]
    rows = []
    for line in lines[1:]:  # header first
        if re.match(r"^\(\d+ rows?, \d+ ms\)$", line.strip()) or line.startswith("("):
            continue
        rows.append([cell.strip() for cell in line.split("|")])
    return rows


def settled(http):
    status, jobs = http.json("GET", "/engine-rest/job/count?executable=true", "operator")
    status2, waiting = http.call("GET", "/actuator/prometheus", "ops")
    if status != 200 or status2 != 200:
        return False
    match = re.search(r"^certflow_webhook_pushes_waiting\S* (\S+)$", waiting, re.M)
    requested = re.search(r'^certflow_orders\{status="REQUESTED"\S* (\S+)$', waiting, re.M)
    return jobs["count"] == 0 and match and float(match.group(1)) == 0 and requested and float(requested.group(1)) == 0


def check(http, load, classpath, datasource, service):
    losses = []
    # 1. every 201 exists; its status agrees with its process
    for order_id in sorted(load.orders):
        status, order = http.json("GET", f"/api/orders/{order_id}", "alice")
        if status != 200:
            losses.append(f"order {order_id} got a 201 but answers {status}")
            continue
        last = order["history"][-1]
        if (last["status"], last["pendingTransition"]) != (order["status"], order["pendingTransition"]):
            losses.append(f"order {order_id}: status {order['status']}/{order['pendingTransition']} but history ends {last}")
        _, running = http.json("GET", f"/engine-rest/process-instance?processDefinitionKey=CertificateOrderProcess"
                                      f"&businessKey={order_id}", "operator")
        if running:
            _, variables = http.json("GET", f"/engine-rest/process-instance/{running[0]['id']}/variables", "operator")
            process = (variables.get("status", {}).get("value"), variables.get("pendingTransition", {}).get("value"))
            if process != (order["status"], order["pendingTransition"]):
                losses.append(f"order {order_id}: {order['status']}/{order['pendingTransition']} but its process says {process}")
            if order["status"] in FINAL:
                losses.append(f"order {order_id} is {order['status']} but its process still runs")
        else:
            _, ended = http.json("GET", f"/engine-rest/history/process-instance?processDefinitionKey=CertificateOrderProcess"
                                        f"&processInstanceBusinessKey={order_id}", "operator")
            if not ended or ended[0]["state"] != "COMPLETED" or order["status"] not in FINAL:
                losses.append(f"order {order_id} ({order['status']}) has no running process and no completed one")
    # 2. no failed job, no incident
    _, failed = http.json("GET", "/engine-rest/job/count?withException=true", "operator")
    _, incidents = http.json("GET", "/engine-rest/incident/count", "operator")
    if failed["count"] or incidents["count"]:
        losses.append(f"{failed['count']} failed jobs, {incidents['count']} incidents")
    service.stop()
    # 3. every acknowledged push was acted on; no job left locked
    stored = {(row[0], int(row[1]), row[2]): row[3] for row in
              sql(classpath, datasource, "SELECT ca_order_number, status_code, status, outcome FROM cf_ca_push")}
    delivery_jobs = int(sql(classpath, datasource,
                            "SELECT COUNT(*) FROM ACT_RU_JOB WHERE PROCESS_DEF_KEY_ = 'CaPushDeliveryProcess'")[0][0])
    acted = sum(1 for push in load.pushes if stored.get(push) not in (None, "null", "NULL", ""))
    log(f"pushes acted on: {acted} of {len(load.pushes)} acknowledged; {len(stored)} stored in all (the simulator's too)")
    for push in load.pushes:
        if push not in stored:
            losses.append(f"push {push} got a 200 but is not stored")
        elif stored[push] in ("null", "NULL", "") and delivery_jobs == 0:
            losses.append(f"push {push} is stored but neither acted on nor waiting for delivery")
    locked = int(sql(classpath, datasource, "SELECT COUNT(*) FROM ACT_RU_JOB WHERE LOCK_OWNER_ IS NOT NULL "
                                            "OR EXCEPTION_MSG_ IS NOT NULL")[0][0])
    if locked:
        losses.append(f"{locked} jobs still locked or failed")
    # 4. no history entry without its event (the outbox commits with the entry)
    history, events = (int(sql(classpath, datasource, f"SELECT COUNT(*) FROM {table}")[0][0])
                       for table in ("cf_order_history", "cf_event"))
    if history != events:
        losses.append(f"{history} history entries but {events} events")
    return losses


def run(mode, jar, name, datasource, workdir):
    settings = SETTINGS[mode]
    port = free_port()
    service = Service(jar, workdir, port, datasource)
    http = Http(port)
    csrs = csr_pool(workdir)
    log(f"{name}: starting certflow on port {port}")
    service.start()
    receiver = Receiver()
    status, endpoint = http.json("POST", "/api/webhooks", "ops", json.dumps({"url": receiver.url()}))
    if status != 201:
        raise SystemExit(f"registering the webhook receiver failed: {status} {endpoint}")
    receiver.secret = endpoint["secret"]
    load = Load(http)
    workers = [threading.Thread(target=load.worker, args=(csrs,), daemon=True) for _ in range(settings["workers"])]
    for worker in workers:
        worker.start()
    for kill in range(1, settings["kills"] + 1):
        time.sleep(random.uniform(*settings["load_seconds"]))
        service.kill()
        log(f"{name}: SIGKILL {kill}/{settings['kills']} after {len(load.orders)} orders, {len(load.pushes)} pushes")
        service.start()
    time.sleep(random.uniform(*settings["load_seconds"]))
    load.running = False
    for worker in workers:
        worker.join(30)
    log(f"{name}: load workers: {load.finished} of {len(workers)} ran to the end")
    deadline = time.time() + 120
    while not settled(http):
        if time.time() > deadline:
            log(f"{name}: not settled after 120 s; checking anyway")
            break
        time.sleep(1)
    losses = check_events(http, receiver, name)
    losses += check(http, load, jdbc_classpath(jar, workdir), datasource, service)
    if load.finished != len(workers):
        losses.append(f"only {load.finished} of {len(workers)} load workers ran to the end (see the traceback above)")
    print(f"{name}: orders={len(load.orders)} pushes_acknowledged={len(load.pushes)} kills={settings['kills']} "
          f"losses={len(losses)}", flush=True)
    for loss in losses:
        print(f"  LOSS: {loss}", flush=True)
    return losses


def postgres_database(jar, workdir):
    """A fresh database on the PostgreSQL server of CERTFLOW_TEST_POSTGRES_URL, or None when none is configured."""
    url = os.environ.get("CERTFLOW_TEST_POSTGRES_URL")
    if not url:
        return None
    admin = {"url": url, "user": os.environ.get("CERTFLOW_TEST_POSTGRES_USERNAME", "postgres"),
             "password": os.environ.get("CERTFLOW_TEST_POSTGRES_PASSWORD", "")}
    database = f"certflow_crash_{os.getpid()}"
    subprocess.run(["java", "-cp", jdbc_classpath(jar, workdir), "org.h2.tools.Shell", "-url", admin["url"], "-user",
                    admin["user"], "-password", admin["password"], "-sql", f"CREATE DATABASE {database}"],
                   check=True, capture_output=True)
    return admin, database, dict(admin, url=re.sub(r"/[^/?]*(\?|$)", f"/{database}\\1", url, count=1))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", dest="mode", action="store_const", const="quick", default="quick")
    parser.add_argument("--full", dest="mode", action="store_const", const="full")
    parser.add_argument("--jar", default="target/certflow.jar")
    options = parser.parse_args()
    jar = os.path.abspath(options.jar)
    if not os.path.exists(jar):
        raise SystemExit(f"{jar} not found: build it first (./mvnw -B -DskipTests package)")
    started = time.time()
    losses = []
    workdir = tempfile.mkdtemp(prefix="certflow-crash-")
    try:
        # A plain URL, as a user who moves the database writes it: certflow itself must make it durable (H2Durability).
        h2 = {"url": f"jdbc:h2:file:{workdir}/db/certflow", "user": "sa", "password": ""}
        losses += run(options.mode, jar, "H2", h2, workdir)
        postgres = postgres_database(jar, workdir)
        if postgres:
            admin, database, datasource = postgres
            try:
                losses += run(options.mode, jar, "PostgreSQL", datasource, workdir)
            finally:
                subprocess.run(["java", "-cp", jdbc_classpath(jar, workdir), "org.h2.tools.Shell", "-url", admin["url"],
                                "-user", admin["user"], "-password", admin["password"], "-sql",
                                f"DROP DATABASE IF EXISTS {database}"], capture_output=True)
    except SystemExit:
        losses.append("the run broke off")  # keeps the logs the message points to
        raise
    finally:
        if losses:
            log(f"logs kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    log(f"done in {time.time() - started:.0f} s")
    sys.exit(1 if losses else 0)


if __name__ == "__main__":
    main()
