# Neural networks, explained — production image (Streamlit's official Docker guidance).
#   docker build -t nn-explainer .
#   docker run -p 8501:8501 -e STREAMLIT_SERVER_COOKIE_SECRET="$(openssl rand -hex 32)" nn-explainer
# Several replicas behind a sticky proxy: see docs/HOSTING.md and deploy/.
FROM python:3.11-slim

# MALLOC_ARENA_MAX=2: glibc gives each of Streamlit's many script threads its own malloc arena by default; two
# arenas hold the same load in less memory (python -m benchmarks.soak: 192 vs 210 MB at rest, 210 vs 229 MB after
# 300 sessions, the same latency).
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    MALLOC_ARENA_MAX=2 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies first, so code changes do not invalidate this layer.
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt \
    && groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app

# The app itself (see .dockerignore: no tests, benchmarks, caches, git metadata).
COPY app.py ./
COPY pages/ pages/
COPY explainer/ explainer/
COPY nncore/ nncore/
COPY assets/ assets/
# Production settings replace the development .streamlit/config.toml.
COPY deploy/streamlit/config.toml .streamlit/config.toml
# The charts' Plotly.js, served from static/ (the root file system is read-only in Kubernetes): the partial bundles
# from assets/vendor/ and the plotly package's own copy, put there now.
RUN python -c "from explainer.charts import ensure_plotly_js; print(ensure_plotly_js())"

# Non-root (numeric, so Kubernetes runAsNonRoot can verify it).
USER 10001:10001

EXPOSE 8501

HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).read().strip() == b'ok' else 1)"]

ENTRYPOINT ["streamlit", "run", "app.py", "--server.port=8501", "--server.address=0.0.0.0"]
