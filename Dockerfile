# The portal image: web (gunicorn), Celery worker and beat all run from it (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=tuoyu_portal.settings \
    STATIC_ROOT=/app/staticfiles \
    PRIVATE_MEDIA_ROOT=/data/private

WORKDIR /app

# Dependencies first (pyproject.toml lists them; the apps themselves run from /app), so that a code
# change does not reinstall them.
COPY pyproject.toml ./
RUN pip install .

COPY . .
RUN useradd --create-home --uid 1000 tuoyu \
    && mkdir -p /app/staticfiles /data/private \
    && chown -R tuoyu:tuoyu /app/staticfiles /data/private
USER tuoyu

EXPOSE 8000
CMD ["gunicorn", "tuoyu_portal.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
