"""The task worker's peak memory while it imports a 100 MB official list (docs/benchmarks.md).

    .venv/bin/python -m bench.import_memory              # 100 MB, SQLite in var/bench/jobs/
    IMPORT_MB=200 .venv/bin/python -m bench.import_memory
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_jobs \
        .venv/bin/python -m bench.import_memory       # PostgreSQL (the database is recreated)

1. generates a deterministic OFAC Sanctions List Service enhanced XML file of IMPORT_MB
   megabytes, shaped like the real SDN_ENHANCED.XML (about 100 MB for some 18,000 entries: two in
   five entities with aliases in Latin and Arabic script, addresses, features; the rest
   individuals, which the import skips);
2. migrates a fresh database (SQLite file, or the PostgreSQL database BENCH_DATABASE_URL names:
   it is dropped and created again), makes an analyst and queues the job as the admin's upload
   does (registry/services/import_jobs.py, registry/tasks.py);
3. runs `manage.py db_worker --batch` (the worker `make run` starts, until the queue is empty)
   once for the dry run and once, after the confirmation, for the import, each a process of its
   own, and reads each one's peak resident memory (the kernel's maximum RSS of that child,
   os.wait4) and wall time.

Writes bench/results/import-memory-<date>.json and prints a summary; exits 1 when a step fails
or a worker's peak passes TARGET_MB (300).
"""

import datetime as dt
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
WORK = Path(os.environ.get("BENCH_WORK", ROOT / "var" / "bench")) / "jobs"
RESULTS = ROOT / "bench" / "results"
TARGET_MB = 300
NS = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ENHANCED_XML"
PROGRAMS = ["SDGT", "FTO", "IRGC", "SDNTK", "IFSR", "CYBER2", "RUSSIA-EO14024", "GLOMAG"]
COUNTRIES = ["Iran", "Syria", "Lebanon", "Mexico", "Colombia", "Russia", "Yemen", "Iraq"]
WORDS = [
    *("ASSOCIATION", "BRIGADE", "COMPANY", "COMMITTEE", "FOUNDATION", "FRONT", "GROUP"),
    *("HOLDING", "INDUSTRIES", "MOVEMENT", "NETWORK", "ORGANIZATION", "PARTY", "SHIPPING"),
    *("TRADING", "UNION"),
]
ARABIC = ["مؤسسة", "جبهة", "حركة", "شركة", "لجنة", "كتائب", "منظمة", "اتحاد"]


def name_element(number: int, text: str, *, primary: bool, script: str = "Latin") -> str:
    alias = "" if primary else '<aliasType refId="1400">A.K.A.</aliasType>'
    part = escape(text.title())
    return (
        f'<name id="{number}"><isPrimary>{str(primary).lower()}</isPrimary>{alias}'
        f"<isLowQuality>false</isLowQuality><translations>"
        f'<translation id="{number}"><isPrimary>true</isPrimary>'
        f'<script refId="20122">{script}</script>'
        f"<formattedLastName>{escape(text)}</formattedLastName>"
        f"<formattedFullName>{escape(text)}</formattedFullName>"
        f'<nameParts><namePart id="{number}"><type refId="1525">Entity Name</type>'
        f"<value>{part}</value></namePart></nameParts></translation></translations></name>"
    )


def entry(number: int, rng: random.Random) -> str:
    """One <entity>: an organization two times in five, else an individual (skipped)."""
    is_entity = rng.random() < 0.4
    words = rng.sample(WORDS, 3)
    primary = f"{words[0]} {words[1]} {words[2]} {number}"
    names = [name_element(number * 10, primary, primary=True)]
    if is_entity:
        for k in range(rng.randint(1, 4)):
            alias = f"{rng.choice(WORDS)} {words[1]} {number}-{k}"
            names.append(name_element(number * 10 + k + 1, alias, primary=False))
        arabic = f"{rng.choice(ARABIC)} {rng.choice(ARABIC)} {number}"
        names.append(name_element(number * 10 + 8, arabic, primary=False, script="Arabic"))
    programs = "".join(
        f'<sanctionsProgram refId="{i}" id="{number}{i}">{p}</sanctionsProgram>'
        for i, p in enumerate(rng.sample(PROGRAMS, rng.randint(1, 2)))
    )
    addresses = "".join(
        f'<address id="{number}{i}"><country refId="11109">{rng.choice(COUNTRIES)}</country>'
        f'<translations><translation id="{number}{i}"><isPrimary>true</isPrimary>'
        f'<script refId="20122">Latin</script><addressParts><addressPart id="{number}{i}">'
        f'<type refId="1454">CITY</type><value>City {rng.randint(1, 999)}</value>'
        f"</addressPart></addressParts></translation></translations></address>"
        for i in range(rng.randint(1, 3))
    )
    # identity documents, dates, remarks: most of a real file's bytes, read and skipped
    features = "".join(
        f'<feature id="{number}{i}"><type featureTypeId="{i}">Additional Sanctions Information'
        f"</type><versionId>{i}</versionId><value>{'x' * rng.randint(200, 900)}</value>"
        f"<isPrimary>true</isPrimary></feature>"
        for i in range(rng.randint(2, 6))
    )
    listed = dt.date(2001, 1, 1) + dt.timedelta(days=rng.randint(0, 8000))
    return (
        f'<entity id="{number}"><generalInfo><identityId>{number}</identityId>'
        f'<entityType refId="601">{"Entity" if is_entity else "Individual"}</entityType>'
        f'</generalInfo><sanctionsLists><sanctionsList refId="1550" id="{number}" '
        f'datePublished="{listed.isoformat()}">SDN List</sanctionsList></sanctionsLists>'
        f"<sanctionsPrograms>{programs}</sanctionsPrograms>"
        f'<legalAuthorities><legalAuthority refId="1" id="{number}">Executive Order 13224'
        f"</legalAuthority></legalAuthorities><names>{''.join(names)}</names>"
        f"<addresses>{addresses}</addresses><features>{features}</features></entity>\n"
    )


def generate(path: Path, megabytes: int, seed: int = 42) -> dict:
    """Write the file; its size, entries and entities."""
    rng, target = random.Random(seed), megabytes * 1024 * 1024
    entries = entities = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(
            f'<?xml version="1.0" encoding="utf-8"?>\n<sanctionsData xmlns="{NS}">'
            f"<publicationInfo><dataAsOf>2026-11-30T00:00:00</dataAsOf></publicationInfo>"
            f"<entities>\n"
        )
        while out.tell() < target - 100:
            entries += 1
            text = entry(100000 + entries, rng)
            entities += "Entity</entityType>" in text
            out.write(text)
        out.write("</entities></sanctionsData>\n")
    return {"bytes": path.stat().st_size, "entries": entries, "entities": entities}


def manage(env: dict, *args: str) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def worker_run(env: dict) -> dict:
    """One `db_worker --batch` process: its wall time and peak resident memory."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [PYTHON, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0:
        sys.exit(f"db_worker failed: {process.stderr.read().decode()[-3000:]}")
    return {"seconds": round(seconds, 1), "peak_rss_mb": round(usage.ru_maxrss / 1024, 1)}


def database(env_url: str | None) -> str:
    if env_url:
        server, name = env_url.rsplit("/", 1)
        for sql in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
            subprocess.run(["psql", "-X", "-q", f"{server}/postgres", "-c", sql], check=True)
        return env_url
    path = WORK / "jobs.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


QUEUE = """
from django.contrib.auth.models import User
from registry import tasks
from registry.services import import_jobs
user = User.objects.create_superuser("analyst", "", "bench-password-not-used")
directory = import_jobs.new_upload_directory()
(directory / "files" / "SDN_ENHANCED.XML").hardlink_to({path!r})
job = import_jobs.job_create(directory=directory, user=user, format="ofac-enhanced-xml",
    file_name="SDN_ENHANCED.XML", options={{}})
tasks.import_dry_run.enqueue(job.id)
print(job.id)
"""
CONFIRM = """
from registry import tasks
from registry.services import import_jobs
job = import_jobs.job_load({job_id!r})
print(job.state, job.error, (job.report or {{}}).get("counts"))
if job.state == "previewed":
    import_jobs.job_confirm(job)
    tasks.import_apply.enqueue(job.id)
"""


def main() -> None:
    megabytes = int(os.environ.get("IMPORT_MB", "100"))
    WORK.mkdir(parents=True, exist_ok=True)
    source = WORK / f"enhanced-{megabytes}mb.xml"
    print(f"generating {source} ({megabytes} MB)")
    shape = generate(source, megabytes)
    url = database(os.environ.get("BENCH_DATABASE_URL"))
    env = dict(
        os.environ,
        DATABASE_URL=url,
        DJANGO_SECRET_KEY="bench-import-memory",
        REGISTRY_IMPORT_DIR=str(WORK / "imports"),
        REGISTRY_IMPORT_MAX_BYTES=str(shape["bytes"] + 1),
    )
    manage(env, "migrate", "-v0")
    shell = ("shell", "--no-imports", "-c")
    job_id = manage(env, *shell, QUEUE.format(path=str(source))).split()[-1]
    dry_run = worker_run(env)
    dry_run["report"] = manage(env, *shell, CONFIRM.format(job_id=job_id)).strip()
    imported = worker_run(env)
    imported["report"] = manage(env, *shell, CONFIRM.format(job_id=job_id)).strip()
    result = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip(),
        "database": url.split(":", 1)[0],
        "file": shape,
        "dry_run": dry_run,
        "import": imported,
        "target_mb": TARGET_MB,
    }
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"import-memory-{dt.datetime.now():%Y%m%d-%H%M}-{result['database']}.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=2, ensure_ascii=False))
    failed = not imported["report"].startswith("applied")
    over = max(dry_run["peak_rss_mb"], imported["peak_rss_mb"]) > TARGET_MB
    sys.exit(1 if failed or over else 0)


if __name__ == "__main__":
    main()
