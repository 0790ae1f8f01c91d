"""The command line, run as real subprocesses."""
