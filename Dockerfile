# The HTTP service (`disclosure-check serve`) in a container.
#   docker build -t disclosure-check .
#   docker run --rm -p 8000:8000 disclosure-check
# Inside the container the service binds 0.0.0.0 so that the published port reaches it; the
# limits and CORS origins are the command's options (append them to `docker run … IMAGE`).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src
COPY pyproject.toml README.md LICENSE ./
COPY disclosure_check ./disclosure_check
# A regular (not editable) install: the source folder is not needed at run time.
RUN pip install ".[server]" && rm -rf /src

# No root inside the container.
RUN useradd --system --no-create-home --uid 10001 checker
USER checker
WORKDIR /tmp

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)"]

ENTRYPOINT ["disclosure-check", "serve", "--host", "0.0.0.0", "--port", "8000"]
