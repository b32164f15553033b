"""Fixtures of the probe tests: `async def` tests and the lab PKI."""

import asyncio
import inspect

import pytest

from probe_pki import LabPki, make_lab_pki


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """Run `async def` tests of this folder on a fresh event loop with asyncio.run."""
    test = pyfuncitem.obj
    if not inspect.iscoroutinefunction(test):
        return None
    arguments = {name: pyfuncitem.funcargs[name] for name in inspect.signature(test).parameters}
    asyncio.run(test(**arguments))
    return True


@pytest.fixture(scope="session")
def lab_pki(tmp_path_factory) -> LabPki:
    """The test certificates, created once per run (about 10 EC keys)."""
    return make_lab_pki(tmp_path_factory.mktemp("pki"))
