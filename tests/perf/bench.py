"""`make bench`: serve the site with gunicorn on loopback, as in production (DEBUG off,
whitenoise, collected static files), and time pages under load with locust (as a library,
on loopback, for BENCH_SECONDS per page).

The trivial view (/healthz) is the reference each page is compared with. The programme
dashboard is loaded at national scale (tests/perf/national.py: BENCH_SERVICES services, three
peer-review plans each, eight recommendations per plan, three actions per recommendation, an
update per action for each of the last BENCH_MONTHS months), signed in as a coordinator of the
programme. Its query count and its in-process time with a tenth of the history are measured in
a separate process against the same database. Prints a table and exits non-zero when a target
of issue 5 fails. Speed is reported here, never asserted in the test suite.
"""

from gevent import monkey

monkey.patch_all()

import json  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402
from locust import HttpUser, constant, task  # noqa: E402
from locust.env import Environment  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SECONDS = float(os.environ.get("BENCH_SECONDS", "20"))
USERS = int(os.environ.get("BENCH_USERS", "2"))
WORKERS = os.environ.get("BENCH_WORKERS", "2")
REFERENCE = "/healthz"
DASHBOARD = "/dashboards/rag/"
PAGES = ["/", "/accessibility/", DASHBOARD]
SIGNED_IN = {DASHBOARD}
# Targets (issue 5): dashboard p95 at most 3x the reference's and under 300 ms; the same
# query count at 10 services as at the full scale; ten times the history at most twice the time.
MAX_RATIO = 3.0
MAX_P95_MS = 300.0
MAX_HISTORY_COST = 2.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def run_json(env: dict, module: str) -> dict:
    """Run `module` against the bench database (it adds its data) and read the JSON it prints."""
    completed = subprocess.run(
        [sys.executable, "-m", module],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(completed.stdout)


def load(base: str, path: str, cookie: str = "") -> tuple[float, float, int, int]:
    """Load `path` with USERS locust users for SECONDS; its p50, p95 (ms), requests, failures.
    Anything but a 200 (a redirect to sign-in included) counts as a failure."""
    headers = {"Cookie": f"sessionid={cookie}"} if cookie else {}

    class PageUser(HttpUser):
        host = base
        wait_time = constant(0)

        @task
        def page(self) -> None:
            with self.client.get(
                path, headers=headers, allow_redirects=False, catch_response=True
            ) as response:
                if response.status_code != 200:
                    response.failure(f"status {response.status_code}")

    environment = Environment(user_classes=[PageUser])
    runner = environment.create_local_runner()
    runner.start(USERS, spawn_rate=USERS)
    gevent.sleep(SECONDS)
    runner.quit()
    runner.greenlet.join()
    stats = environment.stats.get(path, "GET")
    return (
        stats.get_response_time_percentile(0.5),
        stats.get_response_time_percentile(0.95),
        stats.num_requests,
        stats.num_failures,
    )


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="peerreview-bench-"))
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "peerreview.settings",
        "DEBUG": "off",
        "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "off",
        "DEMO_DATA_ALLOWED": "on",
        "DATABASE_URL": os.environ.get(
            "BENCH_DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}"
        ),
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
    }
    run(env, "migrate", "--noinput", "-v0")
    # The static files first: the demo renders its PDFs, whose stylesheet comes from the
    # manifest that production's storage reads.
    run(env, "collectstatic", "--noinput", "-v0")
    run(env, "seed_demo", "--password", "bench-demo-password")
    national = run_json(env, "tests.perf.national")
    performance = run_json(env, "tests.perf.performance_pages")
    performance_pages = list(performance["paths"].values())
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "peerreview.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            WORKERS,
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + REFERENCE).read()  # noqa: S310 - loopback only
                break
            except OSError:
                time.sleep(0.1)
        results = {}
        for path in [REFERENCE, *PAGES, *performance_pages]:
            cookie = (
                national["session_key"] if path in SIGNED_IN or path in performance_pages else ""
            )
            results[path] = load(base, path, cookie)
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)
    return report(national, results, performance)


def report(national: dict, results: dict, performance: dict) -> int:
    stages = national["stages"]
    full, small, short = stages["full"], stages["small"], stages["full_short_history"]
    print(
        f"\nNational scale: {full['services']} services, {full['actions']} actions, "
        f"{full['updates']} progress updates ({national['months']} months); built in "
        f"{national['build_seconds']:.0f} s. Load: {USERS} locust users, {WORKERS} gunicorn "
        f"workers, {SECONDS:g} s per page.\n"
    )
    ref_p95 = results[REFERENCE][1] or 1.0
    print(f"{'page':<30}{'p50 ms':>9}{'p95 ms':>9}{'p95 / ref':>11}{'requests':>10}{'failed':>8}")
    for path, (p50, p95, requests, failures) in results.items():
        print(f"{path:<30}{p50:>9.0f}{p95:>9.0f}{p95 / ref_p95:>11.2f}{requests:>10}{failures:>8}")
    _p50, dash_p95, _requests, dash_failures = results[DASHBOARD]
    history = full["updates"] / max(short["updates"], 1)
    cost = full["median_ms"] / short["median_ms"]
    print(
        f"\n{DASHBOARD} in-process, median of repeated requests as the coordinator; 'built' "
        "when the heat-map is built afresh (as after any change), 'cached' otherwise:"
    )
    print(
        f"{'stage':<34}{'services':>9}{'updates':>10}{'queries':>9}{'built ms':>10}"
        f"{'cached ms':>11}"
    )
    for name, stage in [
        ("10 services, short history", small),
        (f"{short['services']} services, {national['short_months']} months", short),
        (f"{full['services']} services, {national['months']} months", full),
    ]:
        print(
            f"{name:<34}{stage['services']:>9}{stage['updates']:>10}{stage['queries']:>9}"
            f"{stage['median_ms']:>10.1f}{stage['cached_ms']:>11.1f}"
        )
    checks = [
        (f"{DASHBOARD} answered 200 to every request", dash_failures == 0),
        (
            f"dashboard p95 {dash_p95:.0f} ms <= {MAX_RATIO:g} x reference p95 "
            f"{results[REFERENCE][1]:.0f} ms (ratio {dash_p95 / ref_p95:.2f})",
            dash_p95 <= MAX_RATIO * ref_p95,
        ),
        (f"dashboard p95 {dash_p95:.0f} ms < {MAX_P95_MS:g} ms", dash_p95 < MAX_P95_MS),
        (
            f"heat-map built afresh in {full['median_ms']:.0f} ms (median, in process) "
            f"< {MAX_P95_MS:g} ms",
            full["median_ms"] < MAX_P95_MS,
        ),
        (
            f"same query count at {small['services']} and {full['services']} services "
            f"({small['queries']} / {short['queries']} / {full['queries']} with full history)",
            small["queries"] == short["queries"] == full["queries"],
        ),
        (
            f"{history:.1f}x the history costs {cost:.2f}x the time (at most "
            f"{MAX_HISTORY_COST:g}x)",
            history >= 10 and cost <= MAX_HISTORY_COST,
        ),
    ]
    # The performance pages (issue 16), signed in as the bench programme's coordinator: the
    # service page and the programme table at national scale, against the reference.
    for name, path in performance["paths"].items():
        _p50, p95, _requests, failures = results[path]
        checks.append(
            (
                f"{path} ({name}, {performance['queries'][name]} queries, "
                f"{performance['median_ms'][name]:.0f} ms in process) answered 200 to every "
                f"request; p95 {p95:.0f} ms, {p95 / ref_p95:.2f} x the reference",
                failures == 0,
            )
        )
    print()
    for text, ok in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {text}")
    return 0 if all(ok for _text, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
