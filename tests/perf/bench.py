"""`make bench`: serve the site with gunicorn on loopback, as in production (DEBUG off,
whitenoise, collected static files), and time pages under repeated load.

Later issues add their pages (dashboards at national scale) to PAGES; the trivial view is
the reference each is compared with. Prints p50/p95 per page and the ratio to the reference.
Speed is reported here, never asserted in the test suite.
"""

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REQUESTS_PER_PAGE = int(os.environ.get("BENCH_REQUESTS", "300"))
REFERENCE = "/healthz"
PAGES = ["/", "/accessibility/"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def timings(base: str, path: str) -> list[float]:
    samples = []
    for _ in range(REQUESTS_PER_PAGE):
        started = time.perf_counter()
        with urllib.request.urlopen(base + path) as response:  # noqa: S310 - loopback only
            response.read()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def percentile(samples: list[float], fraction: float) -> float:
    return statistics.quantiles(samples, n=100)[int(fraction * 100) - 1]


def main() -> None:
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
    run(env, "seed_demo", "--password", "bench-demo-password")
    run(env, "collectstatic", "--noinput", "-v0")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "peerreview.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
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
                urllib.request.urlopen(base + REFERENCE).read()  # noqa: S310
                break
            except OSError:
                time.sleep(0.1)
        reference = timings(base, REFERENCE)
        ref_p95 = percentile(reference, 0.95)
        print(f"{'page':<22}{'p50 ms':>9}{'p95 ms':>9}{'p95 / reference':>18}")
        for path in [REFERENCE, *PAGES]:
            samples = reference if path == REFERENCE else timings(base, path)
            p50, p95 = statistics.median(samples), percentile(samples, 0.95)
            print(f"{path:<22}{p50:>9.1f}{p95:>9.1f}{p95 / ref_p95:>18.2f}")
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
