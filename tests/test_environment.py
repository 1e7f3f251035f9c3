"""The locked environment: pyproject.toml and requirements.lock agree, and the lock pins with hashes."""
from __future__ import annotations

import re
import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from reportbook.environment import STACK
from reportbook.inputs import LOCK_FILE
from tests.conftest import ROOT

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+) \\$", re.M)


def lock_pins() -> dict[str, str]:
    return {canonicalize_name(n): v for n, v in PIN.findall((ROOT / LOCK_FILE).read_text(encoding="utf-8"))}


def test_the_lock_pins_every_requirement_in_its_range():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = lock_pins()
    for text in [*project["dependencies"], *project["optional-dependencies"]["test"]]:
        req = Requirement(text)
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} is in pyproject.toml but not in {LOCK_FILE}: run `make lock`"
        assert req.specifier.contains(pins[name], prereleases=True), (
            f"{LOCK_FILE} pins {req.name}=={pins[name]}, outside pyproject.toml's {req.specifier}: run `make lock`")


def test_every_pin_has_a_hash_and_the_stack_is_pinned():
    text = (ROOT / LOCK_FILE).read_text(encoding="utf-8")
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])  # after the two header lines
    pinned = [e for e in entries if "==" in e.split("\n")[0]]
    assert len(pinned) == len(lock_pins()) > 50
    assert all("--hash=sha256:" in e for e in pinned)
    assert {canonicalize_name(lib) for lib in STACK} <= set(lock_pins())
