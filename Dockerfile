# The wirewatch worker image used by docker-compose.yml.
# It installs the runtime lock only (no pytest, mypy, ruff, testcontainers, scikit-learn...);
# requirements.lock, with the dev tools, is for `make` and CI.
FROM python:3.11-slim
WORKDIR /app
COPY requirements-runtime.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements-runtime.lock
COPY pyproject.toml README.md ./
COPY streams ./streams
COPY agents ./agents
COPY seeds ./seeds
RUN pip install --no-cache-dir --no-deps --no-build-isolation .
USER nobody
ENTRYPOINT []
CMD ["wirewatch", "worker"]
