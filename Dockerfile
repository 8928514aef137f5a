# The wirewatch worker image used by docker-compose.yml.
FROM python:3.11-slim
WORKDIR /app
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY pyproject.toml README.md ./
COPY streams ./streams
COPY agents ./agents
COPY seeds ./seeds
RUN pip install --no-cache-dir --no-deps --no-build-isolation .
USER nobody
ENTRYPOINT []
CMD ["wirewatch", "worker"]
