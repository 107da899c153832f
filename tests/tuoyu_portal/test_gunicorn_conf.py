"""gunicorn.conf.py, which every gunicorn started in the project's directory reads: once a worker has loaded the
portal, what lives as long as the worker is frozen out of the garbage collector's full collections (issue 12
point 14)."""
import gc
from pathlib import Path

from django.conf import settings
from gunicorn.app.base import Application
from gunicorn.config import Config


class _App(Application):
    def init(self, parser, opts, args):
        return None

    def load(self):
        return None


def test_a_worker_freezes_what_it_loaded_and_a_full_collection_leaves_it_alone():
    app = _App.__new__(_App)
    app.cfg = Config()
    assert app.cfg.config == "./gunicorn.conf.py"  # read from the working directory unless told otherwise
    app.load_config_from_file(str(Path(settings.BASE_DIR) / "gunicorn.conf.py"))
    hook = app.cfg.post_worker_init
    assert hook.__module__ != "gunicorn.config"  # the file's hook, not gunicorn's default
    gc.unfreeze()
    try:
        hook(None)
        frozen = gc.get_freeze_count()
        assert frozen > 10_000  # Django, the apps and their URL patterns
        assert len(gc.get_objects()) < frozen  # a full collection now walks only what came after
        made_by_a_request = [[i] for i in range(1000)]
        assert any(tracked is made_by_a_request[0] for tracked in gc.get_objects())  # collected as usual
    finally:
        gc.unfreeze()
