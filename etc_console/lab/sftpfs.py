"""A read-only SFTP view of one local folder, for the lab SSH server.

The remote path "/" is the folder itself, and no path leads out of it: ".." stops at
the root and a symbolic link that points outside is reported as missing. Every
request that would change a file is rejected with "permission denied".
"""

import errno
import logging
import os
import posixpath
from pathlib import Path

import paramiko
from paramiko.sftp import SFTP_NO_SUCH_FILE, SFTP_PERMISSION_DENIED

log = logging.getLogger(__name__)

WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


class _ReadOnlyHandle(paramiko.SFTPHandle):
    """An open file; paramiko's SFTPHandle.read uses `readfile`."""

    def __init__(self, file, flags: int):
        super().__init__(flags)
        self.readfile = file

    def stat(self):
        return paramiko.SFTPAttributes.from_stat(os.fstat(self.readfile.fileno()))


class FolderSftp(paramiko.SFTPServerInterface):
    """Serve `root` read-only; paramiko's SFTPServer makes one per SFTP session."""

    def __init__(self, server, root: Path, *args, **kwargs):
        super().__init__(server, *args, **kwargs)
        self._root = Path(root).resolve()

    def canonicalize(self, path: str) -> str:
        return _remote(path)

    def list_folder(self, path: str):
        local = self._local(path)
        if local is None:
            return SFTP_NO_SUCH_FILE
        try:
            with os.scandir(local) as entries:
                return [paramiko.SFTPAttributes.from_stat(entry.stat(follow_symlinks=False), entry.name) for entry in entries]
        except OSError as error:
            return paramiko.SFTPServer.convert_errno(error.errno)

    def stat(self, path: str):
        return self._stat(path, follow_symlinks=True)

    def lstat(self, path: str):
        return self._stat(path, follow_symlinks=False)

    def open(self, path: str, flags: int, attr):
        if flags & WRITE_FLAGS:
            log.info("lab SFTP rejected opening %s for writing: the drop folder is read-only", path)
            return SFTP_PERMISSION_DENIED
        local = self._local(path)
        if local is None:
            return SFTP_NO_SUCH_FILE
        try:
            return _ReadOnlyHandle(open(local, "rb"), flags)
        except OSError as error:
            return paramiko.SFTPServer.convert_errno(error.errno)

    def remove(self, path):
        return SFTP_PERMISSION_DENIED

    def rename(self, oldpath, newpath):
        return SFTP_PERMISSION_DENIED

    def posix_rename(self, oldpath, newpath):
        return SFTP_PERMISSION_DENIED

    def mkdir(self, path, attr):
        return SFTP_PERMISSION_DENIED

    def rmdir(self, path):
        return SFTP_PERMISSION_DENIED

    def chattr(self, path, attr):
        return SFTP_PERMISSION_DENIED

    def symlink(self, target_path, path):
        return SFTP_PERMISSION_DENIED

    def _stat(self, path: str, follow_symlinks: bool):
        local = self._local(path)
        if local is None:
            return SFTP_NO_SUCH_FILE
        try:
            return paramiko.SFTPAttributes.from_stat(os.stat(local, follow_symlinks=follow_symlinks), local.name)
        except OSError as error:
            return paramiko.SFTPServer.convert_errno(error.errno)

    def _local(self, path: str) -> Path | None:
        """Return the local file of a remote path, or None when it would lead outside the root."""
        parts = [part for part in _remote(path).split("/") if part]
        local = self._root.joinpath(*parts)
        try:
            resolved = local.resolve()
        except OSError as error:
            log.debug("lab SFTP cannot resolve %s: %s", local, errno.errorcode.get(error.errno, error))
            return None
        if resolved != self._root and self._root not in resolved.parents:
            log.warning("lab SFTP rejected %s: it leads outside the drop folder", path)
            return None
        return local


def _remote(path: str | bytes) -> str:
    """Return the absolute, normalised remote form of a path; ".." stops at "/"."""
    if isinstance(path, bytes):
        path = path.decode("utf-8", errors="replace")
    return posixpath.normpath("/" + path).replace("//", "/")
