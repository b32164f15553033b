"""SSH-based probes: a command's output and the freshness of files listed over SFTP."""
