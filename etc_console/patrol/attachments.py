"""Copy evidence files (screenshots, photos, logs) into the data dir, named by their hash."""

import hashlib
import logging
import mimetypes
import os
import shutil
import tempfile
from pathlib import Path

from etc_console.patrol.records import StoredFile

log = logging.getLogger(__name__)

ATTACHMENT_DIR = "attachments"
MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024
CHUNK = 1024 * 1024


class AttachmentError(OSError):
    """A file that cannot be attached."""


def attachment_path(data_dir: Path, stored_name: str) -> Path:
    """Return where an attached file is kept: <data_dir>/attachments/<2 hex digits>/<name>."""
    return data_dir / ATTACHMENT_DIR / stored_name[:2] / stored_name


def store_file(data_dir: Path, source: Path) -> StoredFile:
    """Copy `source` into the data dir and return its name, SHA-256, size and media type.

    The copy is written to a temporary file and renamed, so a crash leaves no partial
    file under the final name. A file with the same content is stored once.
    """
    source = Path(source)
    if not source.is_file():
        raise AttachmentError(f"cannot attach {source}: it is not a file")
    size = source.stat().st_size
    if size > MAX_ATTACHMENT_BYTES:
        raise AttachmentError(f"cannot attach {source}: {size} bytes is more than the limit of {MAX_ATTACHMENT_BYTES} bytes")

    folder = data_dir / ATTACHMENT_DIR
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".incoming-")
    try:
        with os.fdopen(handle, "wb") as target, source.open("rb") as reader:
            while chunk := reader.read(CHUNK):
                digest.update(chunk)
                target.write(chunk)
            target.flush()
            os.fsync(target.fileno())
        suffix = source.suffix.lower()[:10]
        stored_name = digest.hexdigest() + suffix
        final = attachment_path(data_dir, stored_name)
        final.parent.mkdir(parents=True, exist_ok=True)
        if final.exists():
            os.unlink(temporary)
        else:
            shutil.move(temporary, final)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise

    media_type = mimetypes.guess_type(source.name)[0] or "application/octet-stream"
    log.info("attached %s as %s (%d bytes)", source.name, stored_name, size)
    return StoredFile(file_name=source.name[:255], stored_name=stored_name, sha256=digest.hexdigest(), size_bytes=size, media_type=media_type)
