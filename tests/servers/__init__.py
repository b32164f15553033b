"""Real servers on 127.0.0.1 (OpenSSH, PostgreSQL) that the test suite starts itself."""
