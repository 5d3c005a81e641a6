"""A web worker loads what serving needs, not the importers (docs/benchmarks.md, scenario 4).

lxml, pycountry and tqdm cost a worker about 6 MB; they load on the first upload or import.
"""

import json
import os
import subprocess
import sys

from django.conf import settings

WORKER = """
import json, sys
from config.wsgi import application  # django.setup(): apps, models, the admin's registrations
from django.urls import resolve
resolve("/api/v1/designations/"), resolve("/admin/registry/organization/import/")
print(json.dumps(sorted(sys.modules)))
"""
LOADED_ON_FIRST_USE = ("lxml", "pycountry", "tqdm", "registry.services.imports")


def worker_modules() -> set[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_DEBUG": "0"}
    env.setdefault("DJANGO_SECRET_KEY", "a-test-key-" + "x" * 50)
    output = subprocess.run(
        [sys.executable, "-c", WORKER],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    return set(json.loads(output.splitlines()[-1]))


def test_a_worker_serving_the_api_does_not_load_the_importers():
    modules = worker_modules()
    assert "registry.api.views" in modules  # it loaded the API
    assert "registry.admin.imports" in modules  # and the admin, with its upload form
    loaded = [m for m in LOADED_ON_FIRST_USE if m in modules]
    assert loaded == []
