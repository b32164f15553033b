"""One lab shared by the tests of a module; each test leaves it with no faults."""

import pytest

from etc_console.catalog import load_catalog
from etc_console.lab import Lab


@pytest.fixture(scope="session")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module")
def shared_lab(catalog, tmp_path_factory):
    lab = Lab(catalog, tmp_path_factory.mktemp("lab-data"))
    lab.start()
    yield lab
    lab.stop()


@pytest.fixture
def lab(shared_lab):
    yield shared_lab
    shared_lab.clear_faults()
